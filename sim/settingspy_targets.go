package sim

import (
	"strconv"
	"unicode/utf8"
)

// Statements that bind settings other than NAME = value: annotated and
// unpacking assignments (Python reference §7.2, §7.2.2), and the list
// methods settings files call on MIDDLEWARE and INSTALLED_APPS
// (MIDDLEWARE.insert(0, "whitenoise.middleware.WhiteNoiseMiddleware")).

// listMethods are the list methods the lab evaluates, with their arity.
var listMethods = map[string]int{"append": 1, "extend": 1, "insert": 2, "remove": 1}

// typeName is Python's type(v).__name__, for error messages.
func typeName(k pyKind) string {
	switch k {
	case pyNone:
		return "NoneType"
	case pyBool:
		return "bool"
	case pyInt:
		return "int"
	case pyFloat:
		return "float"
	case pyStr:
		return "str"
	case pyBytes:
		return "bytes"
	case pyList:
		return "list"
	case pyTuple:
		return "tuple"
	case pySet:
		return "set"
	case pyTimedelta:
		return "datetime.timedelta"
	case pyModule:
		return "module"
	case pyCallable:
		return "type"
	}
	return "dict"
}

// targetNames reads an assignment target as the names it binds: NAME,
// NAME: annotation, or an unpacking (A, B or (A, B) or [A, B]). ok is false
// for anything else (attributes, subscripts, starred or nested targets).
func targetNames(target []token) (names []string, unpack, ok bool) {
	if len(target) >= 3 && target[0].kind == tkName && target[1].kind == tkOp && target[1].text == ":" {
		return []string{target[0].text}, false, true
	}
	if n := len(target); n >= 2 && target[0].kind == tkOp && target[n-1].kind == tkOp &&
		(target[0].text == "(" && target[n-1].text == ")" || target[0].text == "[" && target[n-1].text == "]") {
		target, unpack = target[1:n-1], true
	}
	for i, t := range target {
		switch {
		case i%2 == 0 && t.kind == tkName:
			names = append(names, t.text)
		case i%2 == 1 && t.kind == tkOp && t.text == ",":
			unpack = true
		default:
			return nil, false, false
		}
	}
	return names, unpack, len(names) > 0
}

// unpacked is the values an unpacking assignment binds to n names: the
// items of v, or, when v cannot be unpacked into n names, n copies of the
// error Python raises (or of the unknown v). Reading a str's characters is
// charged to the evaluation budget.
func (im *importer) unpacked(v pyValue, n int) []pyValue {
	count := -1
	switch v.kind {
	case pyList, pyTuple:
		count = len(v.items)
	case pyStr:
		if !im.spend(len(v.s)) {
			v = unknown("a value too large to evaluate")
			break
		}
		count = utf8.RuneCountInString(v.s)
	case pySet, pyDict:
		v = unknown("an unpacking of a " + typeName(v.kind))
	case pyUnknown, pyErr:
	default:
		v = pyError("TypeError: cannot unpack non-iterable " + typeName(v.kind) + " object")
	}
	switch {
	case count > n:
		v = pyError("ValueError: too many values to unpack (expected " + strconv.Itoa(n) + ")")
	case count >= 0 && count < n:
		v = pyError("ValueError: not enough values to unpack (expected " + strconv.Itoa(n) + ", got " + strconv.Itoa(count) + ")")
	}
	out := make([]pyValue, 0, n)
	switch v.kind {
	case pyList, pyTuple:
		out = append(out, v.items...)
	case pyStr:
		out = chars(v.s)
	default:
		for range n {
			out = append(out, v)
		}
	}
	return out
}

// chars is a str's characters, as iterating it in Python gives them.
func chars(s string) []pyValue {
	out := make([]pyValue, 0, len(s))
	for _, r := range s {
		out = append(out, pyValue{kind: pyStr, s: string(r)})
	}
	return out
}

// listCall reads NAME.method(args) for a list method the lab evaluates.
func listCall(st []token) (name, method string, args []token, ok bool) {
	if len(st) < 5 || st[0].kind != tkName || st[1].kind != tkOp || st[1].text != "." || st[2].kind != tkName ||
		st[3].kind != tkOp || st[3].text != "(" || st[len(st)-1].kind != tkOp || st[len(st)-1].text != ")" {
		return "", "", nil, false
	}
	if _, known := listMethods[st[2].text]; !known {
		return "", "", nil, false
	}
	depth := 0
	for _, t := range st[3 : len(st)-1] {
		if t.kind == tkOp {
			switch t.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			}
		}
		if depth == 0 {
			return "", "", nil, false // the call ends before the statement does
		}
	}
	return st[0].text, st[2].text, st[4 : len(st)-1], true
}

// callArgs evaluates a call's positional arguments.
func (im *importer) callArgs(toks []token, line int) []pyValue {
	var args []pyValue
	for _, arg := range splitAt(toks, ",") {
		if len(arg) > 0 { // f(a, b,) and f()
			args = append(args, im.eval(arg, line))
		}
	}
	return args
}

// listMethod is the value of name after name.method(args), as Python's list
// methods compute it; a copy, so that values read before stay as they were,
// charged to the evaluation budget.
func (im *importer) listMethod(name string, old pyValue, method string, args []pyValue) pyValue {
	if old.kind == pyUnknown || old.kind == pyErr {
		return old
	}
	if old.kind != pyList {
		return pyError("AttributeError: '" + typeName(old.kind) + "' object has no attribute '" + method + "'")
	}
	switch want := listMethods[method]; {
	case len(args) != want && want == 2:
		return pyError("TypeError: " + method + " expected 2 arguments, got " + strconv.Itoa(len(args)))
	case len(args) != want:
		return pyError("TypeError: list." + method + "() takes exactly one argument (" + strconv.Itoa(len(args)) + " given)")
	}
	for _, a := range args {
		if a.kind == pyUnknown || a.kind == pyErr {
			return a
		}
	}
	grows := 1
	if a := args[0]; method == "extend" && (a.kind == pyList || a.kind == pyTuple) {
		grows = len(a.items)
	} else if method == "extend" && a.kind == pyStr {
		grows = utf8.RuneCountInString(a.s)
	}
	if !im.spend(itemCost * (len(old.items) + grows)) {
		return unknown("a value too large to evaluate")
	}
	items := append([]pyValue(nil), old.items...)
	switch method {
	case "append":
		items = append(items, args[0])
	case "extend":
		switch a := args[0]; a.kind {
		case pyList, pyTuple:
			items = append(items, a.items...)
		case pyStr: // a str extends by its characters
			items = append(items, chars(a.s)...)
		case pySet, pyDict:
			return unknown(name + ".extend(…) with a " + typeName(a.kind))
		default:
			return pyError("TypeError: '" + typeName(a.kind) + "' object is not iterable")
		}
	case "insert":
		if args[0].kind != pyInt && args[0].kind != pyBool {
			return pyError("TypeError: '" + typeName(args[0].kind) + "' object cannot be interpreted as an integer")
		}
		i := args[0].i
		if i < 0 {
			i = max(i+int64(len(items)), 0)
		}
		i = min(i, int64(len(items)))
		items = append(items[:i], append([]pyValue{args[1]}, items[i:]...)...)
	case "remove":
		at, decided := pyIndex(items, args[0], 1)
		if !decided {
			return unknown(name + ".remove(…) of a value the lab does not compare")
		}
		if at < 0 {
			return pyError("ValueError: list.remove(x): x not in list")
		}
		items = append(items[:at], items[at+1:]...)
	}
	return pyValue{kind: pyList, items: items}
}
