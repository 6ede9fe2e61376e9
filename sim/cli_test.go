package sim

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func runVerdicts(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut strings.Builder
	code = VerdictsMain(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// verdictsJSON runs with --json and returns the document and its Config.
func verdictsJSON(t *testing.T, stdin string, args ...string) (map[string]any, Config) {
	t.Helper()
	code, out, errOut := runVerdicts(t, stdin, append([]string{"--json"}, args...)...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	c := Defaults()
	for k, v := range doc["config"].(map[string]any) {
		if err := c.Set(k, v.(string)); err != nil {
			t.Fatalf("config: %v", err)
		}
	}
	return doc, c
}

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestVerdictsJSON(t *testing.T) {
	doc, c := verdictsJSON(t, "")
	if want := []string{"blind_spots", "changed", "config", "deploy_checks", "link", "notes", "scenarios", "version"}; !slices.Equal(keysOf(doc), want) {
		t.Fatalf("top-level keys %v, want %v", keysOf(doc), want)
	}
	if c != Defaults() || doc["link"] != "v1" || len(doc["changed"].([]any)) != 0 {
		t.Errorf("no arguments should give the defaults: %v, link %v", Diff(Defaults(), c), doc["link"])
	}
	scenarios := doc["scenarios"].([]any)
	if len(scenarios) != len(Scenarios) {
		t.Fatalf("%d scenarios, %d registered", len(scenarios), len(Scenarios))
	}
	for i, s := range scenarios {
		s := s.(map[string]any)
		if want := []string{"fixes", "id", "outcome", "reason", "rule", "source", "step", "title"}; !slices.Equal(keysOf(s), want) {
			t.Fatalf("scenario keys %v, want %v", keysOf(s), want)
		}
		v := Scenarios[i].Run(c, false).Verdict
		if s["id"] != Scenarios[i].ID || s["outcome"] != string(v.Outcome) || s["reason"] != v.Reason {
			t.Errorf("scenario %d: %v, want %s %s", i, s, Scenarios[i].ID, v.Outcome)
		}
		if fixes := s["fixes"].([]any); len(fixes) != len(Scenarios[i].Fixes(c)) {
			t.Errorf("%s: %d fixes, want %d", s["id"], len(fixes), len(Scenarios[i].Fixes(c)))
		}
	}
	var ids []string
	for _, w := range doc["deploy_checks"].([]any) {
		ids = append(ids, w.(map[string]any)["id"].(string))
	}
	if want := []string{"security.W004", "security.W008", "security.W012", "security.W016"}; !slices.Equal(ids, want) {
		t.Errorf("deploy checks %v, want %v", ids, want)
	}
}

func TestVerdictsBuildOrder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "settings.py")
	settings := "SESSION_COOKIE_AGE = 60 * 10\nSESSION_COOKIE_SECURE = False\n# sessionlab: browser=firefox\n"
	if err := os.WriteFile(file, []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	// The preset, then the file, then each --set in order.
	_, c := verdictsJSON(t, "", "--preset", "hardened", file, "--set", "SESSION_COOKIE_AGE=120",
		"--set=browser=safari", "--set", "SESSION_COOKIE_AGE=300")
	want := Hardened()
	want.SessionCookieAge, want.SessionCookieSecure, want.Browser = 300, false, Safari
	if c != want {
		t.Errorf("got %v, want %v", Diff(Defaults(), c), Diff(Defaults(), want))
	}
	// "-" reads the file from stdin.
	_, c = verdictsJSON(t, settings, "-")
	want = Defaults()
	want.SessionCookieAge, want.Browser = 600, Firefox
	if c != want {
		t.Errorf("stdin: got %v, want %v", Diff(Defaults(), c), Diff(Defaults(), want))
	}
	// --set changes what the board and the deploy checks see.
	doc, _ := verdictsJSON(t, "", "--set", "SESSION_COOKIE_SECURE=True", "--set", "CSRF_USE_SESSIONS=True")
	if got := doc["changed"].([]any); len(got) != 2 || got[0] != "SESSION_COOKIE_SECURE" {
		t.Errorf("changed %v", got)
	}
	if n := len(doc["deploy_checks"].([]any)); n != 2 {
		t.Errorf("%d deploy checks, want W004 and W008 only", n)
	}
}

func TestVerdictsLink(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 20 {
		s := randomLinkState(r)
		frag := EncodeLink(s)
		for _, arg := range []string{"https://lab.example/#" + frag, frag} {
			doc, c := verdictsJSON(t, "", "--link", arg)
			if c != s.Config {
				t.Fatalf("--link %s: config differs in %v", arg, Diff(c, s.Config))
			}
			if doc["link"] != EncodeLink(LinkState{Config: s.Config}) {
				t.Errorf("link %v", doc["link"])
			}
		}
	}
	// --set applies after the link.
	_, c := verdictsJSON(t, "", "--link", "#v1&login=handwritten", "--set", "logout=handwritten")
	if c.Login != LoginHandWritten || c.Logout != LogoutHandWritten {
		t.Errorf("link then set: %v", Diff(Defaults(), c))
	}
}

func TestVerdictsText(t *testing.T) {
	code, out, errOut := runVerdicts(t, "", "--preset", "everything-off")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	c := EverythingOff()
	for _, want := range []string{"Config: Session Lab's defaults, and\n", "  SESSION_COOKIE_SAMESITE = False (no attribute)\n",
		"Link: #" + EncodeLink(LinkState{Config: c}) + "\n", "?: (security.W001) You do not have",
		"?: (security.W015) SESSION_COOKIE_HTTPONLY is not set to True."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, e := range Board(c) {
		if !strings.Contains(out, "\n"+e.Scenario.ID+": "+strings.ToUpper(string(e.Verdict.Outcome))+"\n  "+e.Verdict.Reason+"\n") {
			t.Errorf("output lacks the verdict of %s", e.Scenario.ID)
		}
	}
	for _, b := range DeployBlindSpots(c, Board(c)) {
		if !strings.Contains(out, "\n  "+b.Scenario.ID+": ") {
			t.Errorf("output lacks the blind spot %s", b.Scenario.ID)
		}
	}
}

func TestVerdictsHelp(t *testing.T) {
	code, out, _ := runVerdicts(t, "", "--help")
	if code != 0 || !strings.HasPrefix(out, "usage: go run . verdicts [--json]") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, f := range Fields {
		if !strings.Contains(out, "\n  "+f.Key+" ") {
			t.Errorf("usage lacks %s", f.Key)
		}
	}
}

func TestVerdictsErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.py")
	if err := os.WriteFile(bad, []byte("DEBUG = True\nSESSION_COOKIE_SAMESITE = 'Bogus'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		err  string
	}{
		{[]string{"--set", "DEBUG=True"}, `--set DEBUG=True: unknown setting "DEBUG"`},
		{[]string{"--set", "SESSION_COOKIE_AGE=soon"}, `SESSION_COOKIE_AGE: "soon" is not a whole number`},
		{[]string{"--set", "SESSION_COOKIE_SECURE"}, "--set SESSION_COOKIE_SECURE: want KEY=VALUE"},
		{[]string{"--set"}, "--set needs a value"},
		{[]string{"--verbose"}, "unknown flag --verbose"},
		{[]string{"--json=yes"}, "-json takes no value"},
		{[]string{"--preset", "paranoid"}, `unknown preset "paranoid" (the presets: defaults, learning-card`},
		{[]string{"--link", "v1", "--preset", "hardened"}, "cannot be combined"},
		{[]string{"--link", "v1", bad}, "cannot be combined"},
		{[]string{"--link", "v1&DEBUG=1"}, "DEBUG: unknown setting"},
		{[]string{"--link", "https://lab.example/"}, "not a Session Lab link"},
		{[]string{"a.py", "b.py"}, "one settings file at most"},
		{[]string{filepath.Join(dir, "missing.py")}, "no such file"},
		{[]string{bad}, bad + ":2: error: SESSION_COOKIE_SAMESITE = \"Bogus\""},
		{[]string{"--json", bad}, "1 line that Django or Python would reject"},
	}
	for _, tt := range tests {
		code, out, errOut := runVerdicts(t, "", tt.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.err) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, code, out, errOut, tt.err)
		}
	}
}
