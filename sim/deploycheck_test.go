package sim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func warningIDs(ws []DeployWarning) []string {
	ids := []string{}
	for _, w := range ws {
		ids = append(ids, strings.TrimPrefix(w.ID, "security."))
	}
	return ids
}

// TestDeployChecks pins the lists of reference/django-sessions.md §8.1,
// verified there against Django 5.2, and the rules of
// django/core/checks/security/{base,csrf,sessions}.py.
func TestDeployChecks(t *testing.T) {
	with := func(c Config, kv ...string) Config {
		for i := 0; i < len(kv); i += 2 {
			if err := c.Set(kv[i], kv[i+1]); err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	d := Defaults()
	tests := []struct {
		name string
		c    Config
		want []string
	}{
		{"startproject", d, []string{"W004", "W008", "W012", "W016"}},
		{"hardened", Hardened(), []string{}},
		{"HttpOnly off adds W015", with(d, "SESSION_COOKIE_HTTPONLY", "False"), []string{"W004", "W008", "W012", "W015", "W016"}},
		{"CSRF_USE_SESSIONS removes W016", with(d, "CSRF_USE_SESSIONS", "True"), []string{"W004", "W008", "W012"}},
		{"HSTS alone", with(d, "SECURE_HSTS_SECONDS", "3600"), []string{"W005", "W008", "W012", "W016", "W021"}},
		{"HSTS with subdomains", with(d, "SECURE_HSTS_SECONDS", "3600", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "True"),
			[]string{"W008", "W012", "W016", "W021"}},
		{"W001 silences the HTTPS checks", with(d, "security_middleware", "False", "SECURE_HSTS_SECONDS", "3600"),
			[]string{"W001", "W012", "W016"}},
		{"no CSRF middleware: W003, no W016", with(d, "csrf_middleware", "False"), []string{"W003", "W004", "W008", "W012"}},
		{"everything off", EverythingOff(), []string{"W001", "W003", "W012", "W015"}},
		{"no check for SameSite, age, engine, domain, saving", with(Hardened(), "SESSION_COOKIE_SAMESITE", "None",
			"SESSION_COOKIE_AGE", "34560000", "SESSION_ENGINE", "signed_cookies", "SESSION_COOKIE_DOMAIN", ParentDomain,
			"SESSION_SAVE_EVERY_REQUEST", "True", "CSRF_COOKIE_SAMESITE", "", "login", "handwritten"), []string{}},
	}
	for _, tt := range tests {
		if got := warningIDs(DeployChecks(tt.c)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestHeedDeployChecks(t *testing.T) {
	family := map[string]bool{}
	for _, w := range []DeployWarning{w001, w003, w004, w005, w008, w012, w015, w016, w021} {
		family[w.Key] = true
	}
	for i, c := range testConfigs(300) {
		h := HeedDeployChecks(c)
		if ws := DeployChecks(h); len(ws) > 0 {
			t.Fatalf("config %d: %v still fire after heeding", i, warningIDs(ws))
		}
		for _, k := range Diff(c, h) {
			if !family[k] {
				t.Errorf("config %d: heeding changed %s", i, k)
			}
		}
	}
	if got := HeedDeployChecks(EverythingOff()); !got.SecurityMiddleware || got.SecureHSTSSeconds != 31536000 ||
		!got.SecureHSTSPreload || got.HSTSPreloaded {
		t.Errorf("heeding W001 must lead to HSTS with preload, but not onto the preload list: %+v", got)
	}
}

func TestBlindSpots(t *testing.T) {
	sniff, leak := &Scenario{ID: "sniff"}, &Scenario{ID: "leak"}
	walkaway, riding := &Scenario{ID: "walkaway"}, &Scenario{ID: "riding"}
	tour := &Scenario{ID: "basics", Tour: true}
	run := func(s *Scenario, c Config) Verdict {
		ok := false
		switch s {
		case sniff: // what W012 speaks to
			ok = !c.SessionCookieSecure
		case leak: // what no check speaks to
			ok = c.SessionCookieDomain != ""
		case walkaway:
			ok = c.SessionSaveEveryRequest
		case tour, riding: // what no check speaks to
			ok = true
		}
		if ok {
			return Verdict{Outcome: Succeeded, Reason: s.ID}
		}
		return Verdict{Outcome: Blocked}
	}
	c := EverythingOff()
	var board []Entry
	for _, s := range []*Scenario{sniff, leak, walkaway, tour, riding} {
		board = append(board, Entry{Scenario: s, Verdict: run(s, c)})
	}
	var got []string
	for _, b := range blindSpots(c, board, run) {
		got = append(got, b.Scenario.ID)
		if b.Verdict.Outcome != Succeeded || b.Verdict.Reason != b.Scenario.ID {
			t.Errorf("%s: verdict %+v", b.Scenario.ID, b.Verdict)
		}
	}
	if want := []string{"leak", "walkaway", "riding"}; !slices.Equal(got, want) {
		t.Errorf("blind spots %v, want %v", got, want)
	}
	if spots := blindSpots(Hardened(), []Entry{{Scenario: sniff, Verdict: Verdict{Outcome: Blocked}}}, run); len(spots) != 0 {
		t.Errorf("a blocked attack is a blind spot: %+v", spots)
	}
}

// TestBlindSpotsOfTheBoard checks DeployBlindSpots against whatever
// scenarios are registered: a blind spot succeeds before and after heeding.
func TestBlindSpotsOfTheBoard(t *testing.T) {
	for i, c := range testConfigs(20) {
		board := Board(c)
		h := HeedDeployChecks(c)
		spots := DeployBlindSpots(c, board)
		listed := map[*Scenario]bool{}
		for _, s := range spots {
			listed[s.Scenario] = true
		}
		for _, e := range board {
			want := e.Verdict.Outcome == Succeeded && isAttack(e.Scenario) &&
				e.Scenario.Run(h, false).Verdict.Outcome == Succeeded
			if listed[e.Scenario] != want {
				t.Errorf("config %d: %s listed %v, want %v", i, e.Scenario.ID, listed[e.Scenario], want)
			}
		}
	}
}

var djangoWarning = regexp.MustCompile(`\(security\.(W\d{3})\) (.*)`)

// checkDeploy returns a function that runs the real `manage.py check
// --deploy` of the Django on this machine on a settings file's source and
// returns its output; the test is skipped without Django or in -short mode.
func checkDeploy(t *testing.T) func(src string) string {
	needDjango(t)
	if testing.Short() {
		t.Skip("runs Django")
	}
	dir := t.TempDir()
	n := 0
	return func(src string) string {
		n++
		mod := "labsettings" + strconv.Itoa(n)
		if err := os.WriteFile(filepath.Join(dir, mod+".py"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := djangoCommand([]string{dir}, "-m", "django", "check", "--deploy")
		cmd.Env = append(cmd.Env, "DJANGO_SETTINGS_MODULE="+mod)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("check --deploy: %v\n%s\n%s", err, out, src)
		}
		return string(out)
	}
}

// TestDeployChecksMatchDjango runs the real `manage.py check --deploy` of
// Django 5.2 (django_real_test.go) on the export of several
// Configs and compares the warnings of our family.
func TestDeployChecksMatchDjango(t *testing.T) {
	check := checkDeploy(t)
	family := map[string]bool{"W001": true, "W003": true, "W004": true, "W005": true, "W008": true,
		"W010": true, "W011": true, "W012": true, "W013": true, "W014": true, "W015": true, "W016": true, "W021": true}
	// The rest of a deployable startproject: its INSTALLED_APPS and MIDDLEWARE,
	// and a SECRET_KEY, DEBUG and ALLOWED_HOSTS that raise nothing.
	head := `SECRET_KEY = "lab-` + strings.Repeat("q7Zx", 15) + `"
DEBUG = False
ALLOWED_HOSTS = ["` + SiteHost + `"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "django.contrib.messages"]
MIDDLEWARE = ["` + strings.Join(startprojectMiddleware, `", "`) + `"]
`
	d := Defaults()
	cs := []Config{d, Hardened(), EverythingOff(), LearningCard()}
	for _, kv := range [][2]string{{"SESSION_COOKIE_HTTPONLY", "False"}, {"CSRF_USE_SESSIONS", "True"},
		{"SECURE_HSTS_SECONDS", "60"}, {"csrf_middleware", "False"}} {
		c := d
		if err := c.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	c := Hardened()
	c.SecurityMiddleware, c.SecureHSTSPreload, c.SessionCookieHTTPOnly = false, false, false
	cs = append(cs, c)

	for i, c := range cs {
		out := check(head + ExportSettings(c))
		got := []string{}
		msgs := map[string]string{}
		for _, m := range djangoWarning.FindAllStringSubmatch(out, -1) {
			if family[m[1]] {
				got = append(got, m[1])
				msgs[m[1]] = m[2]
			}
		}
		slices.Sort(got)
		ours := DeployChecks(c)
		if want := warningIDs(ours); !slices.Equal(got, want) {
			t.Errorf("config %d: Django says %v, we say %v\n%s", i, got, want, out)
		}
		for _, w := range ours {
			id := strings.TrimPrefix(w.ID, "security.")
			if msgs[id] != w.Message {
				t.Errorf("%s: Django says %q, we say %q", id, msgs[id], w.Message)
			}
		}
	}
}

// TestSessionDeployIDsMatchDjango runs the real check --deploy on settings
// files whose INSTALLED_APPS names the sessions app by its string, by its
// AppConfig or not at all, and checks that the warning IDs it raises for
// SESSION_COOKIE_SECURE and SESSION_COOKIE_HTTPONLY are the lab's, as the
// importer's notes rename them.
func TestSessionDeployIDsMatchDjango(t *testing.T) {
	check := checkDeploy(t)
	renamed := regexp.MustCompile(`warning (W\d{3}), not (W\d{3})`)
	for _, app := range []string{`"django.contrib.sessions"`, `"django.contrib.sessions.apps.SessionsConfig"`, ""} {
		src := `SECRET_KEY = "lab-` + strings.Repeat("q7Zx", 15) + `"
ALLOWED_HOSTS = ["` + SiteHost + `"]
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
SESSION_COOKIE_HTTPONLY = False
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", ` + app + `]
MIDDLEWARE = ["` + strings.Join(startprojectMiddleware, `", "`) + `"]
`
		var got []string
		for _, m := range djangoWarning.FindAllStringSubmatch(check(src), -1) {
			if m[1] >= "W010" && m[1] <= "W015" {
				got = append(got, m[1])
			}
		}
		cfg, notes := ImportSettings(src, Defaults())
		var want []string
		for _, w := range DeployChecks(cfg) {
			if id := strings.TrimPrefix(w.ID, "security."); id >= "W010" && id <= "W015" {
				want = append(want, id)
			}
		}
		for _, n := range notes {
			if m := renamed.FindStringSubmatch(n.Text); m != nil {
				want[slices.Index(want, m[2])] = m[1]
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("INSTALLED_APPS with %s: Django raises %v, the lab and its notes say %v\n%v", app, got, want, notes)
		}
	}
}

// TestBlindSpotsNamed pins the blind spots of reference §8.1 on the
// registered catalogue: on a startproject that passes check --deploy, each
// change lets an attack through while no warning fires.
func TestBlindSpotsNamed(t *testing.T) {
	tests := []struct {
		scenario string
		kv       []string
	}{
		{"subdomain-cookie-leak", []string{"SESSION_COOKIE_DOMAIN", ParentDomain}},
		{"replay-after-logout", []string{"SESSION_ENGINE", "signed_cookies"}},
		{"stolen-cookie-kept-alive", []string{"SESSION_SAVE_EVERY_REQUEST", "True"}},
		{"session-fixation", []string{"login", "handwritten"}},
	}
	for _, tt := range tests {
		s, ok := ScenarioByID(tt.scenario)
		if !ok {
			t.Logf("%s is not registered", tt.scenario)
			continue
		}
		c := HeedDeployChecks(Defaults())
		if err := c.Set(tt.kv[0], tt.kv[1]); err != nil {
			t.Fatal(err)
		}
		if ws := DeployChecks(c); len(ws) > 0 {
			t.Errorf("%s=%s raises %v", tt.kv[0], tt.kv[1], warningIDs(ws))
		}
		board := Board(c)
		found := false
		for _, b := range DeployBlindSpots(c, board) {
			found = found || b.Scenario == s
		}
		if !found {
			t.Errorf("%s=%s: %s is not a blind spot (verdict %+v)", tt.kv[0], tt.kv[1], s.ID, s.Run(c, false).Verdict)
		}
	}
}

func BenchmarkDeployBlindSpots(b *testing.B) {
	c := Defaults()
	board := Board(c)
	for b.Loop() {
		DeployBlindSpots(c, board)
	}
}

// TestTruthyNotesMatchDjango checks what the import says of a truthy setting
// that is not the bool True against the real check framework: on the
// Hardened preset's export, each bool setting it turns on is set to 1
// instead, and the warnings of our family that Django's deploy checks then
// add must be exactly the ones the import's note names.
//
// Django 5.2 tests SESSION_COOKIE_SECURE, SESSION_COOKIE_HTTPONLY and
// CSRF_COOKIE_SECURE with `is True` (its tests
// test_session_cookie_secure_with_installed_app_truthy,
// test_session_cookie_httponly_with_installed_app_truthy and
// test_with_csrf_cookie_secure_truthy expect W010 and W016 for "1"), where
// 3.2 tested their truthiness.
func TestTruthyNotesMatchDjango(t *testing.T) {
	needDjango(t)
	base := Hardened()
	var keys []string
	for _, f := range Fields {
		if f.Django && f.Kind == KindBool && f.Get(&base) == "True" && f.Key != "SECURE_CSP" { // SECURE_CSP is a dict in Django
			keys = append(keys, f.Key)
		}
	}
	dir := t.TempDir()
	src := `SECRET_KEY = "lab-` + strings.Repeat("q7Zx", 15) + `"
DEBUG = False
ALLOWED_HOSTS = ["` + SiteHost + `"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
` + ExportSettings(base)
	if err := os.WriteFile(filepath.Join(dir, "labsettings.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := djangoCommand([]string{dir}, "-c", `
import json, sys
import django
django.setup()
from django.core import checks
from django.test.utils import override_settings
def ids():
    return sorted({m.id for m in checks.run_checks(include_deployment_checks=True, tags=["security"])})
out = {"": ids()}
for key in json.load(sys.stdin):
    with override_settings(**{key: 1}):
        out[key] = ids()
print(json.dumps(out))
`)
	in, _ := json.Marshal(keys)
	cmd.Stdin = strings.NewReader(string(in))
	cmd.Env = append(cmd.Env, "DJANGO_SETTINGS_MODULE=labsettings")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var got map[string][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	mentioned := regexp.MustCompile(`security\.W\d{3}`)
	for _, key := range keys {
		added := slices.DeleteFunc(slices.Clone(got[key]), func(id string) bool { return slices.Contains(got[""], id) })
		_, notes := ImportSettings(key+" = 1\n", base)
		var named []string
		for _, n := range notes {
			named = append(named, mentioned.FindAllString(n.Text, -1)...)
		}
		if !slices.Equal(named, added) {
			t.Errorf("%s = 1: Django's deploy checks add %v, the import's notes name %v (%v)", key, added, named, notes)
		}
	}
	t.Logf("%d settings: %v", len(keys), keys)
}
