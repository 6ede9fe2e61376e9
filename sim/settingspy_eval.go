package sim

import (
	"math"
	"strconv"
	"strings"
)

// The evaluator computes the value of an expression made of literals, the
// way Python would, without running anything: a recursive descent over the
// Python grammar's expression rules (Python reference §6), bounded in depth.
// What it does not evaluate (calls other than those settingspy_calls.go
// runs, attributes, comparisons other than ==, !=, is and in,
// comprehensions, f-strings, the environment) yields an unknown value.

type pyKind uint8

const (
	pyUnknown pyKind = iota // not evaluated; s says what it is
	pyErr                   // Python raises here; s names the exception
	pyNone
	pyBool
	pyInt
	pyFloat
	pyStr
	pyBytes
	pyList
	pyTuple
	pySet
	pyDict      // items alternate key, value
	pyTimedelta // datetime.timedelta; i is its microseconds
	pyModule    // a module the evaluator knows (datetime); s is its name
	pyCallable  // a callable the evaluator runs (int, timedelta); s is its name
)

type pyValue struct {
	kind  pyKind
	i     int64 // bool (0 or 1) and int
	f     float64
	s     string // str and bytes; unknown and error: the explanation
	items []pyValue
}

func unknown(why string) pyValue { return pyValue{kind: pyUnknown, s: why} }
func pyError(exc string) pyValue { return pyValue{kind: pyErr, s: exc} }

// computedFrom starts the reason of a value read from a name the lab could
// not evaluate; a value computed from it keeps the first name's reason.
const computedFrom = "computed from "

// envReason starts the reason of a value read from the environment.
const envReason = "the environment"

// undefinedName is the value of a name the file reads before it assigns it
// (one a star import or the environment would define).
func undefinedName(name string) pyValue {
	return unknown(computedFrom + name + " (not defined in this file)")
}

// truthy is Python's truth value; unknown values count as false.
func (v pyValue) truthy() bool {
	switch v.kind {
	case pyBool, pyInt:
		return v.i != 0
	case pyFloat:
		return v.f != 0
	case pyStr, pyBytes:
		return v.s != ""
	case pyList, pyTuple, pySet, pyDict:
		return len(v.items) > 0
	case pyTimedelta:
		return v.i != 0
	case pyModule, pyCallable:
		return true
	}
	return false
}

// lookup returns a dict's value for the str key k (the last one wins, as in Python).
func (v pyValue) lookup(k string) (pyValue, bool) {
	for i := len(v.items) - 2; i >= 0; i -= 2 {
		if key := v.items[i]; key.kind == pyStr && key.s == k {
			return v.items[i+1], true
		}
	}
	return pyValue{}, false
}

// repr is a short Python-like rendering for notes.
func (v pyValue) repr() string {
	switch v.kind {
	case pyNone:
		return "None"
	case pyBool:
		return boolString(v.i != 0)
	case pyInt:
		return strconv.FormatInt(v.i, 10)
	case pyFloat:
		return pyFloatRepr(v.f)
	case pyStr, pyBytes:
		s := v.s
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		q := strconv.Quote(s)
		if v.kind == pyBytes {
			q = "b" + q
		}
		return q
	case pyList:
		return "[…]"
	case pyTuple:
		return "(…)"
	case pySet, pyDict:
		return "{…}"
	case pyTimedelta:
		return timedeltaRepr(v.i)
	case pyModule, pyCallable:
		return v.s
	}
	return v.s
}

// pyFloatRepr is repr(f) in Python 3 (float_repr_style "short"): the
// shortest digits that read back as f, in positional form with at least one
// decimal (1800.0) unless the exponent is under -4 or 16 and over (1e+16,
// 1e-05), as PyOS_double_to_string's 'r' mode decides.
func pyFloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	if e := strconv.FormatFloat(f, 'e', -1, 64); f != 0 {
		if exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:]); exp < -4 || exp >= 16 {
			return e
		}
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

type parser struct {
	im    *importer
	toks  []token
	pos   int
	depth int
	stop  bool    // the statement is abandoned ...
	fail  pyValue // ... with this unknown or error value
}

// eval evaluates an assignment's right-hand side.
func (im *importer) eval(toks []token, line int) pyValue {
	if len(toks) == 0 {
		im.note(line, NoteError, "syntax error: nothing after '='; Python cannot load this file")
		return unknown("nothing")
	}
	p := parser{im: im, toks: toks}
	v := p.exprList()
	if p.stop {
		return p.fail
	}
	if p.pos < len(p.toks) {
		return unknown("an expression the lab does not read (near " + strconv.Quote(p.toks[p.pos].text) + ")")
	}
	return v
}

// abandon gives up on the statement.
func (p *parser) abandon(why string) pyValue { return p.halt(unknown(why)) }

func (p *parser) halt(v pyValue) pyValue {
	if !p.stop {
		p.stop, p.fail = true, v
	}
	return v
}

func (p *parser) isOp(op string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == tkOp && p.toks[p.pos].text == op
}

func (p *parser) isName(name string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == tkName && p.toks[p.pos].text == name
}

// exprList is an expression, or a tuple written without parentheses.
func (p *parser) exprList() pyValue {
	v := p.test()
	if p.stop || !p.isOp(",") {
		return v
	}
	items := []pyValue{v}
	for p.isOp(",") && !p.stop {
		p.pos++
		if p.pos == len(p.toks) {
			break
		}
		items = append(items, p.test())
	}
	return p.collection(pyTuple, items)
}

func (p *parser) test() pyValue {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxNesting {
		return p.abandon("an expression nested too deeply")
	}
	if p.isName("lambda") {
		return p.abandon("a lambda")
	}
	v := p.or()
	if !p.stop && p.isName("if") {
		// v if cond else w: Python evaluates one branch, so an error in the
		// other (1 / 0 if DEBUG else 1) is no error; both are parsed here,
		// and a branch the lab does not evaluate stops it either way.
		p.pos++
		cond := p.or()
		if p.stop {
			return p.fail
		}
		if !p.isName("else") {
			return p.abandon("invalid syntax in a conditional expression")
		}
		p.pos++
		w := p.test()
		switch {
		case p.stop:
			return p.fail
		case cond.kind == pyUnknown || cond.kind == pyErr:
			return cond
		case cond.truthy():
			return v
		}
		return w
	}
	if !p.stop && p.isOp(":=") {
		return p.abandon("an assignment expression")
	}
	return v
}

func (p *parser) or() pyValue {
	v := p.and()
	for !p.stop && p.isName("or") {
		p.pos++
		w := p.and()
		if v.kind == pyUnknown || v.kind == pyErr {
			continue
		}
		if !v.truthy() {
			v = w
		}
	}
	return v
}

func (p *parser) and() pyValue {
	v := p.not()
	for !p.stop && p.isName("and") {
		p.pos++
		w := p.not()
		if v.kind == pyUnknown || v.kind == pyErr {
			continue
		}
		if v.truthy() {
			v = w
		}
	}
	return v
}

func (p *parser) not() pyValue {
	if !p.isName("not") {
		return p.comparison()
	}
	p.pos++
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxNesting {
		return p.abandon("an expression nested too deeply")
	}
	v := p.not()
	if v.kind == pyUnknown || v.kind == pyErr {
		return v
	}
	return pyBoolean(!v.truthy())
}

func pyBoolean(b bool) pyValue {
	if b {
		return pyValue{kind: pyBool, i: 1}
	}
	return pyValue{kind: pyBool}
}

func (p *parser) comparison() pyValue {
	v := p.arith()
	if p.stop || p.pos >= len(p.toks) {
		return v
	}
	if t := p.toks[p.pos]; t.kind == tkOp && bitwise[t.text] {
		return p.abandon("an operator the lab does not evaluate (" + t.text + ")")
	}
	op := p.comparisonOp()
	switch {
	case op == "":
		return v
	case op == "<" || op == ">" || op == "<=" || op == ">=":
		return p.abandon("an operator the lab does not evaluate (" + op + ")")
	}
	// One ==, !=, is, is not, in or not in (if ENVIRONMENT == "production":,
	// if DEBUG is False:, if "x" in MIDDLEWARE:); a chain is not evaluated.
	w := p.arith()
	switch {
	case p.stop:
		return p.fail
	case p.comparisonOp() != "":
		return p.abandon("a chained comparison")
	}
	for _, x := range []pyValue{v, w} {
		if x.kind == pyUnknown || x.kind == pyErr {
			return x
		}
	}
	var holds, ok bool
	switch op {
	case "==", "!=":
		holds, ok = pyEqual(v, w)
	case "is", "is not":
		holds, ok = pyIdentical(v, w)
	default:
		var err pyValue
		if holds, ok, err = pyContains(w, v); err.kind == pyErr {
			return err
		}
	}
	if !ok {
		return p.abandon("a comparison the lab does not evaluate")
	}
	return pyBoolean(holds == (op == "==" || op == "is" || op == "in"))
}

// comparisonOp reads a comparison operator at p.pos, "is not" and "not in"
// included, and moves past it; "" when there is none.
func (p *parser) comparisonOp() string {
	if p.pos >= len(p.toks) {
		return ""
	}
	t := p.toks[p.pos]
	next := ""
	if p.pos+1 < len(p.toks) && p.toks[p.pos+1].kind == tkName {
		next = p.toks[p.pos+1].text
	}
	switch {
	case t.kind == tkOp && (t.text == "==" || t.text == "!=" || t.text == "<" || t.text == ">" || t.text == "<=" || t.text == ">="):
		p.pos++
		return t.text
	case t.kind == tkName && t.text == "is" && next == "not", t.kind == tkName && t.text == "not" && next == "in":
		p.pos += 2
		return t.text + " " + next
	case t.kind == tkName && (t.text == "is" || t.text == "in"):
		p.pos++
		return t.text
	}
	return ""
}

// pyIdentical is Python's is where one side is None, True or False, whose
// identity is their value; ok is false otherwise (the identity of other
// values is CPython's business).
func pyIdentical(a, b pyValue) (same, ok bool) {
	singleton := func(v pyValue) bool { return v.kind == pyNone || v.kind == pyBool }
	if !singleton(a) && !singleton(b) {
		return false, false
	}
	return a.kind == b.kind && a.i == b.i, true
}

// pyIndex is the index of the first of every step-th item that == x (-1
// when none is); ok is false when an item before it is one pyEqual does not
// compare.
func pyIndex(items []pyValue, x pyValue, step int) (at int, ok bool) {
	for i := 0; i < len(items); i += step {
		eq, ok := pyEqual(x, items[i])
		switch {
		case !ok:
			return -1, false
		case eq:
			return i, true
		}
	}
	return -1, true
}

// pyContains is Python's x in c for a list, tuple, set or dict (its keys)
// of values pyEqual compares, and for a str or bytes; err is the TypeError
// Python raises for anything else.
func pyContains(c, x pyValue) (in, ok bool, err pyValue) {
	switch c.kind {
	case pyStr, pyBytes:
		if x.kind != c.kind {
			return false, true, pyError("TypeError: 'in <string>' requires string as left operand, not " + typeName(x.kind))
		}
		return strings.Contains(c.s, x.s), true, pyValue{}
	case pyList, pyTuple, pySet, pyDict:
		step := 1
		if c.kind == pyDict {
			step = 2
		}
		at, ok := pyIndex(c.items, x, step)
		return at >= 0, ok, pyValue{}
	}
	return false, true, pyError("TypeError: argument of type '" + typeName(c.kind) + "' is not iterable")
}

// pyEqual is Python's == for None, numbers, str, bytes, and lists and
// tuples of them; ok is false for values it does not compare (sets, dicts,
// values not evaluated).
func pyEqual(a, b pyValue) (eq, ok bool) {
	numeric := func(v pyValue) bool { return v.kind == pyBool || v.kind == pyInt || v.kind == pyFloat }
	switch {
	case a.kind == pySet || a.kind == pyDict || b.kind == pySet || b.kind == pyDict,
		a.kind == pyUnknown || a.kind == pyErr || b.kind == pyUnknown || b.kind == pyErr,
		a.kind == pyModule || a.kind == pyCallable || b.kind == pyModule || b.kind == pyCallable:
		return false, false
	case numeric(a) && numeric(b):
		switch {
		case a.kind != pyFloat && b.kind != pyFloat:
			return a.i == b.i, true
		case a.kind == pyFloat && b.kind == pyFloat:
			return a.f == b.f, true
		case a.kind != pyFloat:
			a, b = b, a
		}
		// a float and an int compare exactly, as in Python
		f := a.f
		if f != math.Trunc(f) || f >= 1<<63 || f < -(1<<63) {
			return false, true // NaN, ±Inf and fractions included
		}
		return int64(f) == b.i, true
	case a.kind != b.kind:
		return false, true
	case a.kind == pyNone:
		return true, true
	case a.kind == pyStr || a.kind == pyBytes:
		return a.s == b.s, true
	case a.kind == pyTimedelta:
		return a.i == b.i, true
	case a.kind == pyList || a.kind == pyTuple:
		if len(a.items) != len(b.items) {
			return false, true
		}
		for i := range a.items {
			if eq, ok := pyEqual(a.items[i], b.items[i]); !ok || !eq {
				return false, ok
			}
		}
		return true, true
	}
	return false, false
}

// bitwise are the operators the evaluator does not evaluate.
var bitwise = map[string]bool{"|": true, "&": true, "^": true, "<<": true, ">>": true}

func (p *parser) arith() pyValue {
	v := p.term()
	for !p.stop && (p.isOp("+") || p.isOp("-")) {
		op := p.toks[p.pos].text
		p.pos++
		v = p.im.binop(op, v, p.term())
	}
	return v
}

func (p *parser) term() pyValue {
	v := p.factor()
	for !p.stop && (p.isOp("*") || p.isOp("/") || p.isOp("//") || p.isOp("%") || p.isOp("@")) {
		op := p.toks[p.pos].text
		p.pos++
		v = p.im.binop(op, v, p.factor())
	}
	return v
}

func (p *parser) factor() pyValue {
	if !(p.isOp("-") || p.isOp("+") || p.isOp("~")) {
		return p.power()
	}
	op := p.toks[p.pos].text
	p.pos++
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxNesting {
		return p.abandon("an expression nested too deeply")
	}
	v := p.factor()
	if v.kind == pyBool {
		v.kind = pyInt
	}
	switch {
	case v.kind == pyUnknown || v.kind == pyErr:
		return v
	case v.kind == pyTimedelta:
		return unknown("arithmetic on a timedelta")
	case v.kind == pyFloat && op != "~":
		if op == "-" {
			v.f = -v.f
		}
		return v
	case v.kind != pyInt:
		return pyError("TypeError: bad operand type for unary " + op)
	case op == "-":
		if v.i == math.MinInt64 {
			return unknown("a number beyond 64 bits")
		}
		v.i = -v.i
	case op == "~":
		v.i = ^v.i
	}
	return v
}

func (p *parser) power() pyValue {
	v := p.primary()
	if p.stop || !p.isOp("**") {
		return v
	}
	p.pos++
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxNesting {
		return p.abandon("an expression nested too deeply")
	}
	return p.im.binop("**", v, p.factor())
}

// primary is an atom with its trailers: attributes, calls and subscripts.
// Evaluated are CSP.<NAME> (django.utils.csp), datetime.timedelta and a
// timedelta's members, and the calls settingspy_calls.go runs.
func (p *parser) primary() pyValue {
	isCSP := p.isName("CSP")
	if isCSP {
		if v, ok := p.im.env["CSP"]; ok && v.kind != pyUnknown {
			isCSP = false // the file bound CSP to something else
		}
	}
	// dotted is the name and attributes read so far (os.environ), to say
	// which lookup or call the lab stopped at.
	dotted, attributes := "", false
	var v pyValue
	if p.pos < len(p.toks) && p.toks[p.pos].kind == tkName {
		dotted = p.toks[p.pos].text
	}
	if _, bound := p.im.env[dotted]; callables[dotted] && !bound {
		v = pyValue{kind: pyCallable, s: dotted} // a builtin the file did not rebind
		p.pos++
	} else {
		v = p.atom()
	}
	for !p.stop && p.pos < len(p.toks) {
		member := ""
		if p.isOp(".") && p.pos+1 < len(p.toks) && p.toks[p.pos+1].kind == tkName {
			member = p.toks[p.pos+1].text
		}
		switch {
		case p.isOp(".") && isCSP && p.pos+1 < len(p.toks):
			c, ok := cspConstants[p.toks[p.pos+1].text]
			if !ok {
				return p.halt(pyError("AttributeError: CSP has no member " + p.toks[p.pos+1].text))
			}
			p.pos += 2
			v, isCSP = pyValue{kind: pyStr, s: c}, false
		case v.kind == pyModule && member == "timedelta":
			p.pos += 2
			v, dotted = pyValue{kind: pyCallable, s: "timedelta"}, dotted+".timedelta"
		case v.kind == pyTimedelta && member != "":
			p.pos += 2
			m, ok := p.timedeltaMember(v, member)
			if !ok {
				return p.abandon("an attribute lookup, " + dotted + "." + member)
			}
			v, dotted = m, ""
		case v.kind == pyCallable && p.isOp("("):
			p.pos++
			v, dotted = p.call(v.s), v.s+"(…)"
		case p.isOp(".") && dotted != "" && p.pos+1 < len(p.toks) && p.toks[p.pos+1].kind == tkName:
			dotted += "." + p.toks[p.pos+1].text
			attributes = true
			p.pos += 2
		case p.isOp("."):
			return p.abandon("an attribute lookup")
		case p.isOp("(") && envGetters[dotted]:
			return p.abandon(p.envRead(dotted))
		case p.isOp("[") && (dotted == "os.environ" || dotted == "environ"):
			return p.abandon(p.envRead(dotted))
		case p.isOp("(") && dotted != "":
			return p.abandon("a function call, " + dotted + "(…)")
		case p.isOp("("):
			return p.abandon("a function call")
		case p.isOp("[") && dotted != "":
			return p.abandon("a subscript, " + dotted + "[…]")
		case p.isOp("["):
			return p.abandon("a subscript")
		default:
			return p.stopAtAttributes(v, dotted, attributes)
		}
	}
	return p.stopAtAttributes(v, dotted, attributes)
}

// envGetters are the standard library's reads of one environment
// variable with a default: os.environ.get(key, default=None) and
// os.getenv(key, default=None), imported or not.
var envGetters = map[string]bool{"os.environ.get": true, "os.getenv": true, "environ.get": true, "getenv": true}

// envRead words a read of the environment, at the "(" of an envGetters call
// or the "[" of os.environ[key]: the variable and what Python gives when it
// is unset. The lab cannot see the environment, so the value stays unknown.
func (p *parser) envRead(reader string) string {
	subscript := p.isOp("[")
	if subscript {
		reader += "[…]"
	}
	// A copy parses the arguments, so that one it cannot evaluate does not
	// abandon the statement with a reason of its own.
	q := *p
	q.pos++
	key := q.test()
	unset := "KeyError when it is unset"
	if !subscript {
		def := pyValue{kind: pyNone}
		if q.isOp(",") {
			q.pos++
			if q.pos+1 < len(q.toks) && q.toks[q.pos].text == "default" && q.toks[q.pos+1].text == "=" {
				q.pos += 2
			}
			def = q.test()
		}
		if q.stop {
			def = q.fail
		}
		unset = def.repr() + " when it is unset"
		if def.kind == pyUnknown || def.kind == pyErr {
			unset = "a default the lab does not evaluate"
		}
	}
	if key.kind != pyStr {
		return envReason + ", " + reader + "(…)"
	}
	return envReason + " variable " + key.s + " (" + reader + ", " + unset + ")"
}

// stopAtAttributes gives v, unless attributes were read after it (os.sep),
// which the lab does not evaluate.
func (p *parser) stopAtAttributes(v pyValue, dotted string, attributes bool) pyValue {
	if attributes {
		return p.abandon("an attribute lookup, " + dotted)
	}
	return v
}

func (p *parser) atom() pyValue {
	if p.pos >= len(p.toks) {
		return p.abandon("an incomplete expression")
	}
	t := p.toks[p.pos]
	p.pos++
	switch t.kind {
	case tkNumber:
		return parseNumber(t.text)
	case tkString:
		return p.strings(t)
	case tkName:
		switch t.text {
		case "True":
			return pyBoolean(true)
		case "False":
			return pyBoolean(false)
		case "None":
			return pyValue{kind: pyNone}
		case "lambda", "yield", "await", "not", "and", "or", "if", "else", "for", "in", "is":
			return p.abandon("the keyword " + t.text)
		}
		if v, ok := p.im.env[t.text]; ok {
			if v.kind == pyUnknown && !strings.HasPrefix(v.s, computedFrom) {
				// DEBUG = env("DEBUG"); SESSION_COOKIE_SECURE = not DEBUG
				return unknown(computedFrom + t.text + ", " + v.s)
			}
			return v
		}
		return undefinedName(t.text)
	case tkOp:
		switch t.text {
		case "(":
			return p.parens()
		case "[":
			return p.collection(pyList, p.items("]"))
		case "{":
			return p.braces()
		case "*", "**":
			return p.abandon("an unpacking")
		}
	}
	return p.abandon("invalid syntax near " + strconv.Quote(t.text))
}

// strings concatenates adjacent string literals (Python reference §2.4.2).
func (p *parser) strings(first token) pyValue {
	kind := pyStr
	if first.str == strBytes {
		kind = pyBytes
	}
	var b strings.Builder
	for t, more := first, true; more; {
		switch {
		case t.str == strFormat:
			return p.abandon("an f-string")
		case t.str == strUnnamed:
			return p.abandon(`a \N{…} escape`)
		case (t.str == strBytes) != (kind == pyBytes):
			return p.halt(pyError("SyntaxError: cannot mix bytes and nonbytes literals"))
		}
		if !p.im.spend(len(t.text)) {
			return p.abandon("a value too large to evaluate")
		}
		b.WriteString(t.text)
		more = p.pos < len(p.toks) && p.toks[p.pos].kind == tkString
		if more {
			t = p.toks[p.pos]
			p.pos++
		}
	}
	return pyValue{kind: kind, s: b.String()}
}

func (p *parser) parens() pyValue {
	if p.isOp(")") {
		p.pos++
		return pyValue{kind: pyTuple}
	}
	v := p.test()
	if p.stop {
		return v
	}
	if p.isName("for") {
		return p.abandon("a generator expression")
	}
	if p.isOp(")") {
		p.pos++
		return v
	}
	if !p.isOp(",") {
		return p.abandon("invalid syntax in parentheses")
	}
	p.pos++
	return p.collection(pyTuple, append([]pyValue{v}, p.items(")")...))
}

// items parses comma-separated expressions up to and including end.
func (p *parser) items(end string) []pyValue {
	var items []pyValue
	for !p.stop {
		if p.isOp(end) {
			p.pos++
			return items
		}
		items = append(items, p.test())
		if p.stop {
			break
		}
		if p.isName("for") {
			p.abandon("a comprehension")
			break
		}
		if p.isOp(",") {
			p.pos++
		} else if !p.isOp(end) {
			p.abandon("invalid syntax in a list")
		}
	}
	return nil
}

// braces parses a dict or set display.
func (p *parser) braces() pyValue {
	if p.isOp("}") {
		p.pos++
		return pyValue{kind: pyDict}
	}
	if p.isOp("**") {
		return p.abandon("a dict unpacking")
	}
	first := p.test()
	if p.stop {
		return first
	}
	if !p.isOp(":") {
		if p.isOp(",") {
			p.pos++
		}
		return p.collection(pySet, append([]pyValue{first}, p.items("}")...))
	}
	items := []pyValue{first}
	for !p.stop {
		if !p.isOp(":") {
			return p.abandon("invalid syntax in a dict")
		}
		p.pos++
		items = append(items, p.test())
		if p.stop {
			break
		}
		if p.isName("for") {
			return p.abandon("a comprehension")
		}
		if p.isOp(",") {
			p.pos++
		}
		if p.isOp("}") {
			p.pos++
			return p.collection(pyDict, items)
		}
		if p.isOp("**") {
			return p.abandon("a dict unpacking")
		}
		items = append(items, p.test())
	}
	return p.fail
}

// collection charges the budget for a container's items.
func (p *parser) collection(kind pyKind, items []pyValue) pyValue {
	if p.stop {
		return p.fail
	}
	if !p.im.spend(itemCost * len(items)) {
		return p.abandon("a value too large to evaluate")
	}
	for _, it := range items {
		if it.kind == pyErr {
			return it
		}
	}
	return pyValue{kind: kind, items: items}
}

// parseNumber reads an integer or float literal.
func parseNumber(lit string) pyValue {
	s := strings.ReplaceAll(lit, "_", "")
	switch last := s[len(s)-1]; {
	case last == 'j' || last == 'J':
		return unknown("a complex number")
	case len(s) > 1 && s[0] == '0' && strings.IndexByte("xXoObB", s[1]) >= 0:
		n, err := strconv.ParseUint(s[2:], map[byte]int{'x': 16, 'o': 8, 'b': 2}[s[1]|0x20], 64)
		if err != nil || n > math.MaxInt64 {
			return unknown("a number beyond 64 bits")
		}
		return pyValue{kind: pyInt, i: int64(n)}
	case strings.ContainsAny(s, ".eE"):
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && !math.IsInf(f, 0) {
			return pyError("SyntaxError: invalid float " + lit)
		}
		return pyValue{kind: pyFloat, f: f}
	}
	if len(strings.TrimLeft(s, "0")) > 0 && s[0] == '0' {
		return pyError("SyntaxError: leading zeros in decimal integer literals are not permitted")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return unknown("a number beyond 64 bits")
	}
	return pyValue{kind: pyInt, i: n}
}

// binop applies a binary arithmetic operator with Python's semantics for
// int, float, str, bytes, list and tuple operands.
func (im *importer) binop(op string, a, b pyValue) pyValue {
	for _, v := range []pyValue{a, b} {
		if v.kind == pyErr {
			return v
		}
	}
	for _, v := range []pyValue{a, b} {
		if v.kind == pyUnknown {
			return v
		}
	}
	if a.kind == pyTimedelta || b.kind == pyTimedelta {
		return unknown("arithmetic on a timedelta")
	}
	if a.kind == pyBool {
		a.kind = pyInt
	}
	if b.kind == pyBool {
		b.kind = pyInt
	}
	switch {
	case a.kind == pyInt && b.kind == pyInt:
		return intOp(op, a.i, b.i)
	case (a.kind == pyInt || a.kind == pyFloat) && (b.kind == pyInt || b.kind == pyFloat):
		return floatOp(op, a.float(), b.float())
	case op == "+" && a.kind == b.kind && (a.kind == pyStr || a.kind == pyBytes):
		if !im.spend(len(a.s) + len(b.s)) {
			return unknown("a value too large to evaluate")
		}
		return pyValue{kind: a.kind, s: a.s + b.s}
	case op == "+" && a.kind == b.kind && (a.kind == pyList || a.kind == pyTuple):
		if !im.spend(itemCost * (len(a.items) + len(b.items))) {
			return unknown("a value too large to evaluate")
		}
		items := make([]pyValue, 0, len(a.items)+len(b.items))
		return pyValue{kind: a.kind, items: append(append(items, a.items...), b.items...)}
	case op == "*" && (a.kind == pyInt || b.kind == pyInt):
		return unknown("a repeated sequence")
	}
	return pyError("TypeError: unsupported operand types for " + op)
}

// floorDivMod is Python's divmod for ints: the quotient floors toward
// negative infinity, and the remainder takes b's sign.
func floorDivMod(a, b int64) (q, r int64) {
	q, r = a/b, a%b
	if r != 0 && (r < 0) != (b < 0) {
		q, r = q-1, r+b
	}
	return q, r
}

func (v pyValue) float() float64 {
	if v.kind == pyInt || v.kind == pyBool {
		return float64(v.i)
	}
	return v.f
}

var errZeroDivision = pyError("ZeroDivisionError")

func intOp(op string, a, b int64) pyValue {
	big := unknown("a number beyond 64 bits")
	switch op {
	case "+":
		if s := a + b; (s > a) == (b > 0) {
			return pyValue{kind: pyInt, i: s}
		}
		return big
	case "-":
		if s := a - b; (s < a) == (b > 0) {
			return pyValue{kind: pyInt, i: s}
		}
		return big
	case "*":
		if m, ok := mul64(a, b); ok {
			return pyValue{kind: pyInt, i: m}
		}
		return big
	case "/":
		if b == 0 {
			return errZeroDivision
		}
		return pyValue{kind: pyFloat, f: float64(a) / float64(b)}
	case "//", "%":
		if b == 0 {
			return errZeroDivision
		}
		if a == math.MinInt64 && b == -1 {
			return big
		}
		q, r := floorDivMod(a, b)
		if op == "%" {
			return pyValue{kind: pyInt, i: r}
		}
		return pyValue{kind: pyInt, i: q}
	case "**":
		if b < 0 {
			if a == 0 {
				return errZeroDivision
			}
			return pyValue{kind: pyFloat, f: math.Pow(float64(a), float64(b))}
		}
		r := int64(1)
		for ok := true; b > 0; b >>= 1 {
			if b&1 == 1 {
				if r, ok = mul64(r, a); !ok {
					return big
				}
			}
			if b > 1 {
				if a, ok = mul64(a, a); !ok {
					return big
				}
			}
		}
		return pyValue{kind: pyInt, i: r}
	}
	return pyError("TypeError: unsupported operand types for " + op)
}

func mul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	m := a * b
	if m/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return m, true
}

func floatOp(op string, a, b float64) pyValue {
	var r float64
	switch op {
	case "+":
		r = a + b
	case "-":
		r = a - b
	case "*":
		r = a * b
	case "/", "//", "%":
		if b == 0 {
			return errZeroDivision
		}
		switch op {
		case "/":
			r = a / b
		case "//":
			r = math.Floor(a / b)
		default:
			r = math.Mod(a, b)
			if r != 0 && (r < 0) != (b < 0) {
				r += b
			}
		}
	case "**":
		if r = math.Pow(a, b); math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
			return pyError("OverflowError")
		}
	default:
		return pyError("TypeError: unsupported operand types for " + op)
	}
	return pyValue{kind: pyFloat, f: r}
}
