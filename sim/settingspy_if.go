package sim

import "strconv"

// A top-level if/elif/else whose conditions the lab can evaluate
// (DEBUG = False, then if not DEBUG:) runs as Python runs it (Python
// reference §8.1): the first clause whose condition is true, or the else,
// has its block applied; the others are skipped. A condition the lab does
// not evaluate (if env("DEBUG"):) leaves the whole statement unapplied, with
// a warning for each setting inside, as for any other compound statement.

// ifChain is the if statement being followed.
type ifChain struct {
	line    int    // the if
	taken   bool   // the current clause's block runs
	decided bool   // this clause or an earlier one ran, so later ones do not
	indent  string // the current block's indentation, from its first line
}

// splitHeader splits a clause at the ":" that ends its header: the
// condition before it, an inline block after it (if X: A = 1; B = 2).
func splitHeader(st []token) (cond, block []token, ok bool) {
	at := topLevel(st, ":")
	if len(at) == 0 {
		return nil, nil, false
	}
	return st[1:at[0]], st[at[0]+1:], true
}

// clause follows an if, elif or else line and reports whether it did; when
// it did not, the caller treats the line as a compound statement the lab
// does not run, and unevaluated says why when its condition is the cause.
func (im *importer) clause(st []token) (followed bool, unevaluated string) {
	kw, line := st[0].text, st[0].line
	cond, block, ok := splitHeader(st)
	if !ok || im.inBlock || kw != "if" && im.chain == nil {
		return false, ""
	}
	var runs bool
	var why string
	switch {
	case kw == "else":
		if len(cond) > 0 {
			return false, ""
		}
		runs, why = !im.chain.decided, "no condition above it is true"
		if !runs {
			why = "a clause above it ran"
		}
	case kw == "elif" && im.chain.decided:
		runs, why = false, "a clause above it ran"
	default:
		v := im.eval(cond, line)
		if v.kind == pyErr {
			im.note(line, NoteError, "Python raises "+v.s+" here, so Django cannot load this file")
		}
		switch v.kind {
		case pyErr:
			im.chain = nil
			return false, "its condition raises " + v.s
		case pyUnknown:
			im.chain = nil
			return false, "its condition is " + v.s + ", which the lab does not evaluate"
		}
		runs = v.truthy()
		why = "its condition is " + boolString(runs)
	}
	if kw == "if" {
		im.chain = &ifChain{line: line}
	}
	c := im.chain
	c.taken, c.decided, c.indent = runs, c.decided || runs, ""
	head, verdict := "`"+kw+" …:`", "skipped"
	if kw == "else" {
		head = "`else:`"
	}
	if runs {
		verdict = "applied"
	}
	im.note(line, NoteInfo, head+" block "+verdict+": "+why)
	if len(block) > 0 {
		if runs {
			im.inBlock = true
			im.statements(block)
			im.inBlock = false
		}
		c.indent = "\x00" // the block was inline: no indented lines belong to it
	}
	return true, ""
}

// chainBlock handles an indented line inside a followed if statement.
func (im *importer) chainBlock(l *logical) {
	c := im.chain
	if c.indent == "" {
		c.indent = l.indent
	}
	switch {
	case l.indent == c.indent:
		if !c.taken {
			return
		}
		if t := l.toks[0]; t.kind != tkName || !continuesBlock[t.text] {
			im.block, im.blockLine = "", 0 // a compound statement nested before this line has ended
		}
		im.inBlock = true
		im.statements(l.toks)
		im.inBlock = false
	case len(l.indent) > len(c.indent) && l.indent[:len(c.indent)] == c.indent:
		if c.taken {
			im.indented(l) // inside a compound statement nested in the block, or an unexpected indent
		}
	default:
		// An indentation the block's first line does not share: Python
		// may raise IndentationError or TabError; the lab stops following.
		im.chain = nil
		im.block, im.blockLine = "if …:", c.line
		im.indented(l)
	}
}

// statements runs a line's statements, split at ";" unless the line is a
// compound statement, whose header and inline block are one statement.
func (im *importer) statements(toks []token) {
	if t := toks[0]; t.kind == tkName && (compound[t.text] || continuesBlock[t.text]) {
		im.statement(toks)
		return
	}
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i == len(toks) || toks[i].kind == tkSemi {
			if i > start {
				im.statement(toks[start:i])
			}
			start = i + 1
		}
	}
}

// notRun warns about each modeled setting a line assigns inside a compound
// statement the lab does not run.
func (im *importer) notRun(toks []token) {
	im.appsUnsure = im.appsUnsure || mentions(toks, "INSTALLED_APPS")
	start, colon := 0, colonAt(toks)
	for i := 0; i <= len(toks); i++ {
		if i == len(toks) || toks[i].kind == tkSemi || i == colon {
			if st := toks[start:i]; len(st) > 1 && st[0].kind == tkName && isModeled(st[0].text) {
				im.note(st[0].line, NoteWarning, st[0].text+" is set inside the `"+im.block+"` at line "+
					strconv.Itoa(im.blockLine)+": not applied, since the lab does not run the file")
			}
			start = i + 1
		}
	}
}

// colonAt is the index of the ":" that ends a compound statement's header,
// or -1 when toks is not one.
func colonAt(toks []token) int {
	if t := toks[0]; t.kind != tkName || !compound[t.text] && !continuesBlock[t.text] {
		return -1
	}
	cond, _, ok := splitHeader(toks)
	if !ok {
		return -1
	}
	return len(cond) + 1
}
