package sim

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// The calls the evaluator runs, as settings files write them around
// numbers: the builtins int, float, bool and str of one value, and
// datetime.timedelta with its total_seconds(), days, seconds and
// microseconds (SESSION_COOKIE_AGE = int(timedelta(days=14).total_seconds())).
// Any other call is not evaluated.

// callables are the names a call is evaluated for, when the file has not
// bound them to something else; timedelta only once imported.
var callables = map[string]bool{"int": true, "float": true, "bool": true, "str": true}

// timedeltaUnits are timedelta's arguments in their positional order, in
// microseconds.
var timedeltaUnits = []struct {
	name string
	us   int64
}{{"days", 86400e6}, {"seconds", 1e6}, {"microseconds", 1}, {"milliseconds", 1e3}, {"minutes", 60e6}, {"hours", 3600e6}, {"weeks", 604800e6}}

// maxTimedeltaDays is timedelta.max.days.
const maxTimedeltaDays = 999999999

// importDatetime binds what "import datetime [as d]" and "from datetime
// import timedelta [as t]" bind (among other names imported with them), and
// reports whether it bound one.
func (im *importer) importDatetime(st []token) bool {
	var names []token // the imported names, "as" included
	var bound pyValue
	switch {
	case len(st) >= 2 && st[0].text == "import":
		names, bound = st[1:], pyValue{kind: pyModule, s: "datetime"}
	case len(st) >= 4 && st[0].text == "from" && st[1].text == "datetime" && st[2].text == "import":
		names, bound = st[3:], pyValue{kind: pyCallable, s: "timedelta"}
	default:
		return false
	}
	found := false
	for _, part := range splitAt(names, ",") {
		if len(part) == 3 && part[1].text == "as" || len(part) == 1 {
			if part[0].text == bound.s {
				im.env[part[len(part)-1].text] = bound
				found = true
			}
		}
	}
	return found
}

// call parses a call's arguments, after its "(", and runs the callable fn.
func (p *parser) call(fn string) pyValue {
	var args, kwargs []pyValue // kwargs alternate name, value
	for !p.stop && !p.isOp(")") {
		switch {
		case p.isOp("*") || p.isOp("**"):
			return p.abandon("an unpacking")
		case p.pos+1 < len(p.toks) && p.toks[p.pos].kind == tkName && p.toks[p.pos+1].kind == tkOp && p.toks[p.pos+1].text == "=":
			name := p.toks[p.pos].text
			p.pos += 2
			kwargs = append(kwargs, pyValue{kind: pyStr, s: name}, p.test())
		case len(kwargs) > 0:
			return p.halt(pyError("SyntaxError: positional argument follows keyword argument"))
		default:
			args = append(args, p.test())
		}
		if p.isOp(",") {
			p.pos++
		} else if !p.isOp(")") {
			return p.abandon("invalid syntax in a call")
		}
	}
	if p.stop {
		return p.fail
	}
	p.pos++ // ")"
	for _, a := range args {
		if a.kind == pyUnknown || a.kind == pyErr {
			return a
		}
	}
	for i := 1; i < len(kwargs); i += 2 {
		if a := kwargs[i]; a.kind == pyUnknown || a.kind == pyErr {
			return a
		}
	}
	if fn == "timedelta" {
		return timedelta(args, kwargs)
	}
	switch {
	case len(kwargs) > 0:
		return unknown("a call to " + fn + "() with keyword arguments")
	case len(args) > 1:
		return unknown("a call to " + fn + "() with more than one argument")
	}
	x := pyValue{kind: pyBool} // int(), float(), bool() and str() are 0, 0.0, False and ""
	if len(args) == 1 {
		x = args[0]
	}
	switch fn {
	case "bool":
		return pyBoolean(x.truthy())
	case "int":
		return toInt(x)
	case "float":
		return toFloat(x)
	case "str":
		if len(args) == 0 {
			return pyValue{kind: pyStr}
		}
	}
	return toStr(x)
}

// isDecimal reports what int() reads from a str, its spaces trimmed: a
// sign, then digits with single underscores between them.
func isDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '_' && i > 0 && i+1 < len(s) && s[i-1] != '_' && s[i+1] >= '0' && s[i+1] <= '9':
		default:
			return false
		}
	}
	return s != ""
}

func toInt(x pyValue) pyValue {
	switch x.kind {
	case pyInt:
		return x
	case pyBool:
		return pyValue{kind: pyInt, i: x.i}
	case pyFloat:
		switch {
		case math.IsNaN(x.f):
			return pyError("ValueError: cannot convert float NaN to integer")
		case math.IsInf(x.f, 0):
			return pyError("OverflowError: cannot convert float infinity to integer")
		case math.Abs(x.f) >= 1<<63:
			return unknown("a number beyond 64 bits")
		}
		return pyValue{kind: pyInt, i: int64(x.f)} // toward zero, as int() truncates
	case pyStr:
		s := strings.TrimSpace(x.s)
		if !isDecimal(s) {
			if isASCII(s) {
				return pyError("ValueError: invalid literal for int() with base 10: " + x.repr())
			}
			return unknown("an int() of a str the lab does not read")
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
		if err != nil {
			return unknown("a number beyond 64 bits")
		}
		return pyValue{kind: pyInt, i: n}
	case pyBytes:
		return unknown("an int() of bytes")
	}
	return pyError("TypeError: int() argument must be a string, a bytes-like object or a real number, not '" + typeName(x.kind) + "'")
}

func toFloat(x pyValue) pyValue {
	switch x.kind {
	case pyInt, pyBool:
		return pyValue{kind: pyFloat, f: float64(x.i)}
	case pyFloat:
		return x
	case pyStr:
		s := strings.TrimSpace(x.s)
		switch {
		case strings.Contains(s, "_") || !isASCII(s):
			return unknown("a float() of a str the lab does not read")
		case strings.Contains(strings.ToLower(s), "0x"):
			return pyError("ValueError: could not convert string to float: " + x.repr()) // Go reads hex floats, Python does not
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return pyError("ValueError: could not convert string to float: " + x.repr())
		}
		return pyValue{kind: pyFloat, f: f} // out of range: ±inf or 0, as Python
	case pyBytes:
		return unknown("a float() of bytes")
	}
	return pyError("TypeError: float() argument must be a string or a real number, not '" + typeName(x.kind) + "'")
}

func toStr(x pyValue) pyValue {
	switch x.kind {
	case pyStr:
		return x
	case pyInt, pyBool, pyFloat, pyNone:
		return pyValue{kind: pyStr, s: x.repr()}
	case pyTimedelta:
		return pyValue{kind: pyStr, s: timedeltaString(x.i)}
	}
	return unknown("a str() of a " + typeName(x.kind))
}

// timedelta is datetime.timedelta(...) in microseconds: whole arguments
// exactly; with a float among them, the sum rounded half to even, as
// Python rounds the fractional microseconds left over.
func timedelta(args, kwargs []pyValue) pyValue {
	if len(args) > len(timedeltaUnits) {
		return pyError("TypeError: __new__() takes at most 7 arguments")
	}
	vals := make([]pyValue, len(timedeltaUnits))
	set := make([]bool, len(timedeltaUnits))
	copy(vals, args)
	for i := range args {
		set[i] = true
	}
	for i := 0; i < len(kwargs); i += 2 {
		k := -1
		for j, u := range timedeltaUnits {
			if u.name == kwargs[i].s {
				k = j
			}
		}
		switch {
		case k < 0:
			return pyError("TypeError: '" + kwargs[i].s + "' is an invalid keyword argument for __new__()")
		case set[k]:
			return pyError("TypeError: argument for __new__() given by name ('" + kwargs[i].s + "') and position")
		}
		vals[k], set[k] = kwargs[i+1], true
	}
	var total int64
	var ftotal float64 // the same in float, to round floats and to tell an overflow
	floats, overflow := false, false
	for i, v := range vals {
		if !set[i] {
			continue
		}
		unit := timedeltaUnits[i].us
		switch v.kind {
		case pyInt, pyBool:
			n, ok := mul64(v.i, unit)
			if !ok || (total > 0 && n > math.MaxInt64-total) || (total < 0 && n < math.MinInt64-total) {
				overflow = true
			}
			total += n
			ftotal += float64(v.i) * float64(unit)
		case pyFloat:
			floats = true
			ftotal += v.f * float64(unit)
		default:
			return pyError("TypeError: unsupported type for timedelta " + timedeltaUnits[i].name + " component: " + typeName(v.kind))
		}
	}
	switch {
	case math.IsNaN(ftotal):
		return pyError("ValueError: cannot convert float NaN to integer")
	case math.Abs(ftotal) >= (maxTimedeltaDays+1)*86400e6:
		return pyError("OverflowError: days must have magnitude <= 999999999")
	case overflow || floats && math.Abs(ftotal) >= 1<<53:
		return unknown("a timedelta beyond the lab's range")
	case floats:
		total = int64(math.RoundToEven(ftotal))
	}
	if d, _ := floorDivMod(total, 86400e6); d > maxTimedeltaDays || d < -maxTimedeltaDays {
		return pyError("OverflowError: days=" + strconv.FormatInt(d, 10) + "; must have magnitude <= 999999999")
	}
	return pyValue{kind: pyTimedelta, i: total}
}

// timedeltaParts are a timedelta's normalized days, seconds and
// microseconds (seconds and microseconds never negative).
func timedeltaParts(us int64) (days, seconds, micro int64) {
	days, rest := floorDivMod(us, 86400e6)
	return days, rest / 1e6, rest % 1e6
}

// timedeltaString is str(timedelta): "365 days, 0:00:00", "1:30:00.500000".
func timedeltaString(us int64) string {
	days, secs, micro := timedeltaParts(us)
	two := func(n int64) string { return strconv.FormatInt(n/10, 10) + strconv.FormatInt(n%10, 10) }
	s := strconv.FormatInt(secs/3600, 10) + ":" + two(secs/60%60) + ":" + two(secs%60)
	if days != 0 {
		unit := " days, "
		if days == 1 || days == -1 {
			unit = " day, "
		}
		s = strconv.FormatInt(days, 10) + unit + s
	}
	if micro != 0 {
		m := strconv.FormatInt(micro, 10)
		s += "." + strings.Repeat("0", 6-len(m)) + m
	}
	return s
}

// timedeltaRepr is repr(timedelta): datetime.timedelta(days=1, seconds=5).
func timedeltaRepr(us int64) string {
	days, secs, micro := timedeltaParts(us)
	var parts []string
	for _, p := range []struct {
		name string
		n    int64
	}{{"days", days}, {"seconds", secs}, {"microseconds", micro}} {
		if p.n != 0 {
			parts = append(parts, p.name+"="+strconv.FormatInt(p.n, 10))
		}
	}
	if len(parts) == 0 {
		parts = []string{"0"}
	}
	return "datetime.timedelta(" + strings.Join(parts, ", ") + ")"
}

// timedeltaMember is td.name, or td.name() for total_seconds; ok is false
// for any other member.
func (p *parser) timedeltaMember(td pyValue, name string) (pyValue, bool) {
	days, secs, micro := timedeltaParts(td.i)
	switch name {
	case "days":
		return pyValue{kind: pyInt, i: days}, true
	case "seconds":
		return pyValue{kind: pyInt, i: secs}, true
	case "microseconds":
		return pyValue{kind: pyInt, i: micro}, true
	case "total_seconds":
		if p.pos+1 < len(p.toks) && p.isOp("(") && p.toks[p.pos+1].kind == tkOp && p.toks[p.pos+1].text == ")" {
			p.pos += 2
			return pyValue{kind: pyFloat, f: float64(td.i) / 1e6}, true
		}
	}
	return pyValue{}, false
}
