package sim

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var (
	importSeed = flag.Uint64("import.seed", 1, "seed of TestImportRandomMatchesPython's files")
	importN    = flag.Int("import.n", 400, "number of TestImportRandomMatchesPython's files")
)

// TestImportRandomMatchesPython writes random settings files in the part of
// Python the importer follows (assignments, unpacking, del, list methods on
// MIDDLEWARE, nested if/elif/else on evaluable conditions, inline blocks, int()
// and timedelta), runs
// each with CPython, and checks that the import gives the settings Python
// leaves, with no warning or error.
func TestImportRandomMatchesPython(t *testing.T) {
	rng := rand.New(rand.NewPCG(*importSeed, 15))
	programs := make([]string, *importN)
	for i := range programs {
		programs[i] = randomSettingsFile(rng)
	}
	const script = `
import json, sys
out = []
for p in json.load(sys.stdin):
    g = {}
    exec(compile(p, "<settings>", "exec"), g)
    out.append({k: v for k, v in g.items() if k.isupper()})
json.dump(out, sys.stdout)
`
	var results []map[string]any
	dec := json.NewDecoder(bytes.NewReader(runPython(t, script, programs)))
	dec.UseNumber() // 1209600, not 1.2096e+06
	if err := dec.Decode(&results); err != nil {
		t.Fatal(err)
	}
	for i, p := range programs {
		want := Defaults()
		for key, v := range results[i] {
			if key == "MIDDLEWARE" {
				mw := v.([]any)
				want.CSRFMiddleware = slices.Contains(mw, any(mwCSRF))
				want.SecurityMiddleware = slices.Contains(mw, any(mwSecurity))
				continue
			}
			if _, ok := FieldByKey(key); !ok {
				continue // DEBUG, ENV
			}
			s := fmt.Sprint(v)
			if b, ok := v.(bool); ok {
				s = boolString(b)
			}
			if err := want.Set(key, s); err != nil {
				t.Fatalf("program %d: %s = %v: %v", i, key, v, err)
			}
		}
		got, notes := ImportSettings(p, Defaults())
		for _, note := range notes {
			if note.Level != NoteInfo {
				t.Errorf("program %d: %+v\n%s", i, note, p)
			}
		}
		if got != want {
			t.Errorf("program %d: the import differs from Python in %v\n%s", i, Diff(got, want), p)
		}
	}
}

// randomSettingsFile writes a settings file of statements the importer follows.
func randomSettingsFile(rng *rand.Rand) string {
	bools := []string{"SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "SESSION_SAVE_EVERY_REQUEST"}
	ints := []string{"SESSION_COOKIE_AGE", "SECURE_HSTS_SECONDS"}
	middleware := []string{mwSecurity, mwCSRF, mwSession, mwAuth} // optional ones first
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	cond := func() string {
		return pick([]string{"DEBUG", "not DEBUG", "ENV == 'prod'", "ENV != 'dev'", "DEBUG == False", "1 == 1.0", "ENV", "''", "[] == ()", "DEBUG or ENV == 'dev'", "DEBUG is False", "ENV in ['prod', 'staging']", "ENV not in ('dev',)"})
	}
	value := func(key string) string {
		if slices.Contains(ints, key) {
			return pick([]string{"60 * 60", "3600", "60 * 60 * 24 * 14", "31536000", "1_000", "2 ** 10", "AGE", "AGE * 2", "AGE if DEBUG else 600", "int(timedelta(hours=8).total_seconds())", "int(str(AGE))"})
		}
		return pick([]string{"True", "False", "not DEBUG", "DEBUG", "ENV == 'prod'", "not not DEBUG", "DEBUG != (ENV == 'dev')", "bool(AGE)",
			"False if DEBUG else True", "ENV == 'dev' if DEBUG else 1 / 0 if False else True"})
	}
	assign := func() string {
		switch rng.IntN(7) {
		case 0:
			a, b := pick(bools), pick(bools)
			if a == b {
				return a + " = " + value(a)
			}
			return a + ", " + b + " = " + value(a) + ", " + value(b)
		case 1:
			return pick(bools) + ": bool = " + value(bools[0])
		case 2: // del of a name just bound: another del of it would raise NameError
			k := pick(append(slices.Clone(bools), ints...))
			return k + " = " + value(k) + "; del " + k
		case 3: // the optional middleware only, so that SessionMiddleware stays before AuthenticationMiddleware
			return pick([]string{"MIDDLEWARE.append(", "MIDDLEWARE.insert(0, ", "MIDDLEWARE.insert(-1, "}) + "'" + pick(middleware[:2]) + "')"
		case 4:
			mw := []string{mwSession, mwAuth}
			for _, m := range middleware[:2] {
				if rng.IntN(2) == 0 {
					mw = slices.Insert(mw, rng.IntN(len(mw)+1), m)
				}
			}
			if rng.IntN(2) == 0 {
				return "MIDDLEWARE = " + pyStrings(mw) + " + (['" + mwCSRF + "'] if ENV == 'prod' else [])"
			}
			return "MIDDLEWARE = " + pyStrings(mw)
		case 5:
			k := pick(ints)
			return k + " = " + value(k)
		}
		k := pick(bools)
		return k + " = " + value(k)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "from datetime import timedelta\nDEBUG = %s\nENV = %q\nAGE = %d\n", pick([]string{"True", "False"}), pick([]string{"dev", "prod"}), 60*(1+rng.IntN(100)))
	b.WriteString("MIDDLEWARE = " + pyStrings(middleware) + "\n")
	// statement writes one statement at indent: an if (nested up to three
	// deep, each block indented its own way) or an assignment.
	var statement func(indent string, depth int)
	block := func(indent string, depth int) {
		in := indent + pick([]string{"    ", "  ", "\t"})
		for range 1 + rng.IntN(2) {
			statement(in, depth+1)
		}
	}
	statement = func(indent string, depth int) {
		switch rng.IntN(4) {
		case 0:
			fmt.Fprintf(&b, "%sif %s: %s; %s\n", indent, cond(), assign(), assign())
		case 1:
			if depth > 2 {
				break
			}
			fmt.Fprintf(&b, "%sif %s:\n", indent, cond())
			block(indent, depth)
			for range rng.IntN(3) {
				fmt.Fprintf(&b, "%selif %s:\n", indent, cond())
				block(indent, depth)
			}
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "%selse:\n", indent)
				block(indent, depth)
			}
			return
		}
		b.WriteString(indent + assign() + "\n")
	}
	for range 3 + rng.IntN(8) {
		statement("", 0)
	}
	return b.String()
}

// pyStrings is a Python list of str literals.
func pyStrings(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "'" + x + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}
