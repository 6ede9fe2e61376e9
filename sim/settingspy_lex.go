package sim

import (
	"strconv"
	"strings"
)

// The lexer follows the Python reference's lexical analysis (§2) for the
// parts a settings file uses: logical lines joined by brackets and
// backslashes, comments, names, numbers, string literals with prefixes and
// escapes, and operators.

type tokKind uint8

const (
	tkName tokKind = iota + 1
	tkNumber
	tkString
	tkOp
	tkSemi // ";" between statements on one line
)

type strKind uint8

const (
	strText    strKind = iota
	strBytes           // b"…"
	strFormat          // f"…": not a literal
	strUnnamed         // has a \N{…} escape, which the lab does not decode
)

type token struct {
	kind tokKind
	text string // a name, number or operator as written; a string's value
	line int
	str  strKind
}

// logical is one logical line, a comment-only line, or a syntax error.
type logical struct {
	line     int    // the first physical line
	indented bool   // inside a compound statement's block
	indent   string // the leading whitespace of an indented line
	toks     []token
	comment  string // a comment-only line's text after "#"
	tooLong  bool   // more than maxTokens tokens; toks holds none
	err      string
	errLine  int
}

type lexer struct {
	src  string
	pos  int
	line int
}

// opLen is the length of the operator or delimiter s starts with, longest
// first, or 0 (Python reference §2.5, §2.6; brackets and ";" aside).
func opLen(s string) int {
	if len(s) >= 3 {
		switch s[:3] {
		case "**=", "//=", ">>=", "<<=", "...":
			return 3
		}
	}
	if len(s) >= 2 {
		switch s[:2] {
		case "->", ":=", "**", "//", "==", "!=", "<=", ">=", "<<", ">>",
			"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=":
			return 2
		}
	}
	if strings.IndexByte("+-*/%@&|^~<>=.,:", s[0]) >= 0 {
		return 1
	}
	return 0
}

// next returns the next logical line, reusing buf for its tokens.
func (lx *lexer) next(buf []token) (logical, bool) {
	l := logical{toks: buf[:0]}
	var open []byte // unclosed brackets
	openLine := 0
	atStart := true
	add := func(t token) {
		switch {
		case len(l.toks) == 0 && !l.tooLong:
			l.line = t.line
		case len(l.toks) >= maxTokens:
			l.tooLong, l.toks = true, l.toks[:0]
		}
		if !l.tooLong {
			l.toks = append(l.toks, t)
		}
	}
	for {
		if lx.pos >= len(lx.src) {
			if len(open) > 0 {
				l.err, l.errLine = "'"+string(open[0])+"' was never closed", openLine
				return l, true
			}
			return l, len(l.toks) > 0 || l.tooLong
		}
		c := lx.src[lx.pos]
		if atStart {
			atStart = false
			i := lx.pos
			for i < len(lx.src) && (lx.src[i] == ' ' || lx.src[i] == '\t' || lx.src[i] == '\f') {
				i++
			}
			if i < len(lx.src) && lx.src[i] != '\n' && lx.src[i] != '#' {
				l.indented, l.indent = i > lx.pos, lx.src[lx.pos:i]
			}
			lx.pos = i
			continue
		}
		switch {
		case c == ' ' || c == '\t' || c == '\f':
			lx.pos++
		case c == '\n':
			lx.pos++
			lx.line++
			if len(open) == 0 {
				if len(l.toks) > 0 || l.tooLong {
					return l, true
				}
				atStart = true
			}
		case c == '#':
			end := strings.IndexByte(lx.src[lx.pos:], '\n')
			if end < 0 {
				end = len(lx.src) - lx.pos
			}
			text := lx.src[lx.pos+1 : lx.pos+end]
			lx.pos += end
			if len(open) == 0 && len(l.toks) == 0 && !l.tooLong {
				l.line, l.comment = lx.line, text
				if lx.pos < len(lx.src) {
					lx.pos++
					lx.line++
				}
				return l, true
			}
		case c == '\\':
			if lx.pos+1 < len(lx.src) && lx.src[lx.pos+1] == '\n' {
				lx.pos += 2
				lx.line++
				continue
			}
			return lx.fail(l, "a backslash outside a string must end the line"), true
		case c >= '0' && c <= '9' || c == '.' && lx.pos+1 < len(lx.src) && isDigit(lx.src[lx.pos+1]):
			t, err := lx.number()
			if err != "" {
				return lx.fail(l, err), true
			}
			add(t)
		case c == '"' || c == '\'' || isNameByte(c):
			if c != '"' && c != '\'' {
				i := lx.pos
				for i < len(lx.src) && isNameByte(lx.src[i]) {
					i++
				}
				name := lx.src[lx.pos:i]
				if i >= len(lx.src) || (lx.src[i] != '"' && lx.src[i] != '\'') || !isStringPrefix(name) {
					add(token{kind: tkName, text: name, line: lx.line})
					lx.pos = i
					continue
				}
			}
			t, err := lx.string()
			if err != "" {
				return lx.fail(l, err), true
			}
			add(t)
		case c == '(' || c == '[' || c == '{':
			if len(open) == 0 {
				openLine = lx.line
			}
			if len(open) >= maxNesting {
				return lx.fail(l, "too many nested brackets"), true
			}
			open = append(open, c)
			add(token{kind: tkOp, text: lx.src[lx.pos : lx.pos+1], line: lx.line})
			lx.pos++
		case c == ')' || c == ']' || c == '}':
			if len(open) == 0 || closer(open[len(open)-1]) != c {
				return lx.fail(l, "unmatched '"+string(c)+"'"), true
			}
			open = open[:len(open)-1]
			add(token{kind: tkOp, text: lx.src[lx.pos : lx.pos+1], line: lx.line})
			lx.pos++
		case c == ';' && len(open) == 0:
			add(token{kind: tkSemi, text: ";", line: lx.line})
			lx.pos++
		default:
			n := opLen(lx.src[lx.pos:])
			if n == 0 {
				return lx.fail(l, "invalid character "+strconv.QuoteRune(rune(c))), true
			}
			add(token{kind: tkOp, text: lx.src[lx.pos : lx.pos+n], line: lx.line})
			lx.pos += n
		}
	}
}

// fail ends the logical line with a syntax error and skips the rest of the
// physical line; lexing resumes at the next one.
func (lx *lexer) fail(l logical, msg string) logical {
	l.err, l.errLine = msg, lx.line
	if end := strings.IndexByte(lx.src[lx.pos:], '\n'); end >= 0 {
		lx.pos += end + 1
		lx.line++
	} else {
		lx.pos = len(lx.src)
	}
	return l
}

func closer(open byte) byte {
	switch open {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isNameByte accepts identifier bytes; non-ASCII bytes count as letters,
// since Python identifiers may be Unicode.
func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c >= 0x80
}

func isStringPrefix(p string) bool {
	switch strings.ToLower(p) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

// number scans an integer, float or imaginary literal (Python reference §2.4.5–§2.4.7).
func (lx *lexer) number() (token, string) {
	s, i := lx.src, lx.pos
	digits := func(ok func(byte) bool) {
		for i < len(s) && (ok(s[i]) || s[i] == '_') {
			i++
		}
	}
	if s[i] == '0' && i+1 < len(s) && strings.IndexByte("xXoObB", s[i+1]) >= 0 {
		i += 2
		digits(func(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' })
	} else {
		digits(isDigit)
		if i < len(s) && s[i] == '.' {
			i++
			digits(isDigit)
		}
		if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
			j := i + 1
			if j < len(s) && (s[j] == '+' || s[j] == '-') {
				j++
			}
			if j < len(s) && isDigit(s[j]) {
				i = j
				digits(isDigit)
			}
		}
		if i < len(s) && (s[i] == 'j' || s[i] == 'J') {
			i++
		}
	}
	if i < len(s) && isNameByte(s[i]) {
		return token{}, "invalid number literal"
	}
	t := token{kind: tkNumber, text: s[lx.pos:i], line: lx.line}
	lx.pos = i
	return t, ""
}

// string scans a string or bytes literal with its prefix and decodes it
// (Python reference §2.4.1).
func (lx *lexer) string() (token, string) {
	s, i := lx.src, lx.pos
	for s[i] != '"' && s[i] != '\'' {
		i++
	}
	prefix := strings.ToLower(s[lx.pos:i])
	q := s[i]
	triple := i+2 < len(s) && s[i+1] == q && s[i+2] == q
	if triple {
		i += 3
	} else {
		i++
	}
	start, lines := i, 0
	for {
		if i >= len(s) {
			if triple {
				lx.pos = len(s) // Python reads the rest of the file as the string
				return token{}, "unterminated triple-quoted string"
			}
			return token{}, "unterminated string literal"
		}
		c := s[i]
		if c == '\\' {
			if i+1 < len(s) && s[i+1] == '\n' {
				lines++
			}
			i += 2
			continue
		}
		if c == '\n' {
			if !triple {
				return token{}, "unterminated string literal"
			}
			lines++
		}
		if c == q && (!triple || i+2 < len(s) && s[i+1] == q && s[i+2] == q) {
			break
		}
		i++
	}
	body := s[start:i]
	if triple {
		i += 3
	} else {
		i++
	}
	t := token{kind: tkString, line: lx.line}
	lx.pos = i
	lx.line += lines
	raw, bytes := strings.Contains(prefix, "r"), strings.Contains(prefix, "b")
	switch {
	case strings.Contains(prefix, "f"):
		t.str = strFormat
		return t, ""
	case bytes:
		t.str = strBytes
		for j := 0; j < len(body); j++ {
			if body[j] >= 0x80 {
				return token{}, "bytes can only contain ASCII literal characters"
			}
		}
	}
	if raw {
		t.text = body
		return t, ""
	}
	v, named, err := unescape(body, bytes)
	if err != "" {
		return token{}, err
	}
	if named {
		t.str = strUnnamed
	}
	t.text = v
	return t, ""
}

// unescape decodes the escape sequences of a non-raw literal (Python
// reference §2.4.1.1). Unrecognized escapes stay as written, as in Python.
func unescape(body string, bytes bool) (v string, named bool, err string) {
	if strings.IndexByte(body, '\\') < 0 {
		return body, false, ""
	}
	var b strings.Builder
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			i++
			continue
		}
		e := body[i+1]
		i += 2
		switch e {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'a':
			b.WriteByte(7)
		case 'b':
			b.WriteByte(8)
		case 'f':
			b.WriteByte(12)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte(11)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n := int(e - '0')
			for k := 0; k < 2 && i < len(body) && body[i] >= '0' && body[i] <= '7'; k++ {
				n = n*8 + int(body[i]-'0')
				i++
			}
			writeEscaped(&b, n, bytes)
		case 'x', 'u', 'U':
			width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if e != 'x' && bytes {
				b.WriteByte('\\')
				b.WriteByte(e)
				continue
			}
			if i+width > len(body) {
				return "", false, "truncated \\" + string(e) + " escape"
			}
			n, perr := strconv.ParseUint(body[i:i+width], 16, 32)
			if perr != nil || n > 0x10ffff {
				return "", false, "invalid \\" + string(e) + " escape"
			}
			i += width
			writeEscaped(&b, int(n), bytes)
		case 'N':
			if bytes {
				b.WriteString(`\N`)
				continue
			}
			named = true
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String(), named, ""
}

func writeEscaped(b *strings.Builder, n int, bytes bool) {
	if bytes {
		b.WriteByte(byte(n))
	} else {
		b.WriteRune(rune(n))
	}
}
