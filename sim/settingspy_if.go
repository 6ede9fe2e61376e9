package sim

import "strconv"

// An if/elif/else whose conditions the lab can evaluate (DEBUG = False,
// then if not DEBUG:) runs as Python runs it (Python reference §8.1): the
// first clause whose condition is true, or the else, has its block applied;
// the others are skipped. Ifs nest: an if inside a block that runs is
// followed too. A condition the lab does not evaluate (if env("DEBUG"):)
// leaves the whole statement unapplied, with a warning for each setting
// inside, as for any other compound statement.

// ifChain is an if statement being followed.
type ifChain struct {
	line    int    // the if
	header  string // the indentation of its if, elif and else lines
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

// clause follows an if, elif or else line, at the indentation im.indent,
// and reports whether it did; when it did not, the caller treats the line as
// a compound statement the lab does not run, and unevaluated says why when
// its condition is the cause.
func (im *importer) clause(st []token) (followed bool, unevaluated string) {
	kw, line := st[0].text, st[0].line
	cond, block, ok := splitHeader(st)
	if !ok || im.inline {
		return false, ""
	}
	var c *ifChain // the chain an elif or else continues
	if kw != "if" {
		n := len(im.chains)
		if n == 0 || im.chains[n-1].header != im.indent {
			return false, ""
		}
		c = im.chains[n-1]
	}
	var runs bool
	var why string
	switch {
	case kw == "else":
		if len(cond) > 0 {
			return false, ""
		}
		runs, why = !c.decided, "no condition above it is true"
		if !runs {
			why = "a clause above it ran"
		}
	case kw == "elif" && c.decided:
		runs, why = false, "a clause above it ran"
	default:
		v := im.eval(cond, line)
		if v.kind == pyErr {
			im.note(line, NoteError, "Python raises "+v.s+" here, so Django cannot load this file")
		}
		if v.kind == pyErr || v.kind == pyUnknown {
			if c != nil {
				im.chains = im.chains[:len(im.chains)-1] // the rest of this if is not followed
			}
			if v.kind == pyErr {
				return false, "its condition raises " + v.s
			}
			return false, "its condition is " + v.s + ", which the lab does not evaluate"
		}
		runs = v.truthy()
		why = "its condition is " + boolString(runs)
	}
	if c == nil {
		c = &ifChain{line: line, header: im.indent}
		im.chains = append(im.chains, c)
	}
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
			im.inline = true
			im.statements(block)
			im.inline = false
		}
		c.indent = "\x00" // the block was inline: no indented lines belong to it
	}
	return true, ""
}

// chainBlock handles an indented line while ifs are followed: it closes the
// blocks the line is not inside, then runs it if the block it is in runs.
// Every chain but the innermost is in a running block: an if is followed
// only from a line that runs.
func (im *importer) chainBlock(l *logical) {
	at := l.indent
	cont := l.toks[0].kind == tkName && continuesBlock[l.toks[0].text]
	outer := im.chains[0].line
	for n := len(im.chains); n > 0; n = len(im.chains) {
		c := im.chains[n-1]
		if c.indent == "" && deeper(at, c.header) {
			c.indent = at // the block's first line
		}
		if at == c.indent || deeper(at, c.indent) || cont && at == c.header {
			break
		}
		im.chains = im.chains[:n-1]
	}
	n := len(im.chains)
	if n == 0 {
		// An indentation no followed block has: Python may raise
		// IndentationError or TabError; the lab stops following.
		im.block, im.blockLine = "if …:", outer
		im.indented(l)
		return
	}
	c := im.chains[n-1]
	switch {
	case cont && at == c.header: // an elif or else of c, in the block that holds c, which runs
		im.indent = at
		im.statements(l.toks)
	case at == c.indent:
		if !c.taken {
			return
		}
		if !cont {
			im.block, im.blockLine = "", 0 // a compound statement nested before this line has ended
		}
		im.indent = at
		im.statements(l.toks)
	case c.taken:
		im.indented(l) // inside a compound statement the lab does not follow, or an unexpected indent
	}
}

// deeper reports whether the indentation in is inside the indentation of.
func deeper(in, of string) bool {
	return len(in) > len(of) && in[:len(of)] == of
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
					strconv.Itoa(im.blockLine)+": not applied, since the lab cannot tell whether that block runs")
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
