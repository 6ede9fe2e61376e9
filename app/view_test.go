package app

import (
	htmlpkg "html"
	"strings"
	"testing"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

var escape = htmlpkg.EscapeString

// mount renders c in go-app's test engine and returns the page's HTML.
func mount(t *testing.T, c goapp.Composer) string {
	t.Helper()
	e := goapp.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return goapp.HTMLString(c)
}

// labAt is the page in state m, with the engine's results for it.
func labAt(m Model) *Lab {
	c := &Lab{m: m}
	c.refresh()
	return c
}

func TestLabShowsEveryScenarioAndEveryControl(t *testing.T) {
	html := mount(t, &Lab{})
	for _, e := range sim.Board(sim.Defaults()) {
		tag := tagWith(html, `data-scenario="`+e.Scenario.ID+`"`)
		if !strings.Contains(tag, `data-verdict="`+string(e.Verdict.Outcome)+`"`) {
			t.Errorf("board entry %s: %q, want verdict %s", e.Scenario.ID, tag, e.Verdict.Outcome)
		}
		if !strings.Contains(html, escape(e.Scenario.Title)) {
			t.Errorf("no title %q", e.Scenario.Title)
		}
	}
	for _, g := range sim.Groups {
		if !strings.Contains(html, ">"+escape(g.Title)+"<") {
			t.Errorf("no group %q", g.Title)
		}
	}
	for _, f := range sim.Fields {
		for _, want := range []string{`id="f-` + f.Key + `"`, ">" + f.Key + "<", `id="h-` + f.Key + `"`, escape(f.Help)} {
			if !strings.Contains(html, want) {
				t.Errorf("field %s: no %s", f.Key, want)
			}
		}
	}
	for _, p := range sim.Presets {
		if !strings.Contains(html, `data-preset="`+p.ID+`"`) {
			t.Errorf("no preset button %s", p.ID)
		}
	}
	if !strings.Contains(html, escape(sim.ExportSettings(sim.Defaults()))[:40]) {
		t.Error("no generated settings.py")
	}
}

func TestControlShowsDraftAndError(t *testing.T) {
	m := Update(NewModel(), SetField{"SESSION_COOKIE_AGE", "soon"})
	html := mount(t, &controls{IConfig: m.Link.Config, IDrafts: m.Drafts})
	for _, want := range []string{`value="soon"`, `id="e-SESSION_COOKIE_AGE"`, escape(m.Drafts["SESSION_COOKIE_AGE"].Err)} {
		if !strings.Contains(html, want) {
			t.Errorf("no %s in the control", want)
		}
	}
	if tag := tagWith(html, `id="f-SESSION_COOKIE_AGE"`); !isTrue(tag, "aria-invalid") {
		t.Errorf("the input is not marked invalid: %s", tag)
	}
}

// CSRF_TRUSTED_ORIGINS is a text control with suggestions; a Django 3.2
// style entry without a scheme stays in the box with Django 4.0+'s reason.
func TestTrustedOriginsControl(t *testing.T) {
	m := Update(NewModel(), SetField{"CSRF_TRUSTED_ORIGINS", ".example.com"})
	html := mount(t, &controls{IConfig: m.Link.Config, IDrafts: m.Drafts})
	for _, want := range []string{`list="l-CSRF_TRUSTED_ORIGINS"`, `value="https://*.example.com"`, `value=".example.com"`,
		`id="e-CSRF_TRUSTED_ORIGINS"`, "4_0.E001", `label="[] (none)"`} {
		if !strings.Contains(html, escape(want)) && !strings.Contains(html, want) {
			t.Errorf("no %s in the control", want)
		}
	}
	if m.Link.Config.CSRFTrustedOrigins != "" {
		t.Errorf("a refused value was applied: %q", m.Link.Config.CSRFTrustedOrigins)
	}
	m = Update(m, SetField{"CSRF_TRUSTED_ORIGINS", "https://*.example.com, http://localhost:8000"})
	if _, bad := m.Drafts["CSRF_TRUSTED_ORIGINS"]; bad || m.Link.Config.CSRFTrustedOrigins != "https://*.example.com,http://localhost:8000" {
		t.Errorf("a valid list: draft %v, stored %q", bad, m.Link.Config.CSRFTrustedOrigins)
	}
}

func TestControlsHighlightTheScenariosToggles(t *testing.T) {
	s := sim.Scenarios[0]
	if len(s.Toggles) == 0 {
		t.Fatal("the first scenario lists no toggles")
	}
	html := mount(t, &controls{IConfig: sim.Defaults(), IToggles: s.Toggles, IScenario: s.Title})
	for _, k := range s.Toggles {
		if tag := tagWith(html, `data-key="`+k+`"`); !strings.Contains(tag, " matters") {
			t.Errorf("%s is not highlighted: %s", k, tag)
		}
	}
}

func TestDetailShowsTheRunAtItsStep(t *testing.T) {
	for _, s := range sim.Scenarios {
		t.Run(s.ID, func(t *testing.T) {
			cfg := sim.Defaults()
			r := s.Run(cfg, true)
			if len(r.Steps) < 2 {
				t.Fatal("fewer than two steps")
			}
			fixes := s.Fixes(cfg)
			page := mount(t, &detail{IRun: r, IFixes: fixes, IStep: 2})
			for _, want := range []string{
				`data-open-scenario="` + s.ID + `"`,
				`data-step="2"`,
				"Step 2 of " + itoa(len(r.Steps)),
				escape(r.Verdict.Rule),
				escape(string(r.Verdict.Source)),
			} {
				if !strings.Contains(page, want) {
					t.Errorf("no %q", want)
				}
			}
			if got := countTags(page, "<li", `class="fix `); got != len(fixes) {
				t.Errorf("%d fixes shown, the engine finds %d", got, len(fixes))
			}
			// One table row and one diagram row per step; the current one marked.
			if got := countTags(page, "<g", `class="msg`); got != len(r.Steps) {
				t.Errorf("%d diagram rows for %d steps", got, len(r.Steps))
			}
			if got := countTags(page, "<tr", `data-step="`); got != len(r.Steps) {
				t.Errorf("%d table rows for %d steps", got, len(r.Steps))
			}
			if tag := tagWith(page, `aria-current="step"`); !strings.Contains(tag, `data-step="2"`) {
				t.Errorf("current row %s", tag)
			}
			if s.Timed != strings.Contains(page, `class="tl"`) {
				t.Errorf("timeline drawn: %v, scenario timed: %v", !s.Timed, s.Timed)
			}
		})
	}
}

func TestLabOpensTheLinkedScenario(t *testing.T) {
	s := sim.Scenarios[len(sim.Scenarios)-1]
	c := labAt(Update(NewModel(), LoadLink{sim.EncodeLink(sim.LinkState{Config: sim.Hardened(), Scenario: s.ID, Step: 1})}))
	html := mount(t, c)
	if !strings.Contains(html, `data-open-scenario="`+s.ID+`"`) {
		t.Error("the linked scenario is not open")
	}
	for _, p := range sim.Presets {
		tag := tagWith(html, `data-preset="`+p.ID+`"`)
		if pressed := isTrue(tag, "aria-pressed"); pressed != (p.ID == "hardened") {
			t.Errorf("preset %s pressed: %v (%s)", p.ID, pressed, tag)
		}
	}
}

// countTags counts the opening tags that start with open and hold attr.
func countTags(html, open, attr string) int {
	n := 0
	for rest := html; ; {
		i := strings.Index(rest, open+" ")
		if i < 0 {
			return n
		}
		end := strings.Index(rest[i:], ">")
		if strings.Contains(rest[i:i+end], attr) {
			n++
		}
		rest = rest[i+end:]
	}
}

// isTrue reports whether tag sets attr to "true". go-app writes an attribute
// whose value is "true" without its value (go-app-notes §2.2 item 5).
func isTrue(tag, attr string) bool {
	return strings.Contains(tag, " "+attr+`="true"`) || strings.Contains(tag, " "+attr+" ") || strings.Contains(tag, " "+attr+">")
}

// tagWith returns the opening tag that holds attr.
func tagWith(html, attr string) string {
	i := strings.Index(html, attr)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(html[:i], "<")
	end := strings.Index(html[i:], ">")
	return html[start : i+end+1]
}

func TestRenderPanicShowsTheErrorPanel(t *testing.T) {
	c := labAt(NewModel())
	c.d.run = &sim.Run{} // no scenario: rendering it dereferences nil
	c.d.scenario = "broken"
	c.m.Link.Scenario = "broken"
	html := goapp.HTMLString(c.Render())
	for _, want := range []string{"Session Lab stopped", "Reload the page", "nil pointer"} {
		if !strings.Contains(html, want) {
			t.Errorf("no %q in %s", want, html)
		}
	}
}

func TestDerivedRunsTheEngineOnlyWhenTheStateChanges(t *testing.T) {
	var d derived
	l := sim.LinkState{Config: sim.Defaults(), Scenario: sim.Scenarios[0].ID, Step: 1}
	d.refresh(l)
	board, run := &d.board[0], d.run
	l.Step = 2
	d.refresh(l)
	if &d.board[0] != board || d.run != run {
		t.Error("a step change re-ran the engine")
	}
	l.Config.SessionCookieSecure = true
	d.refresh(l)
	if &d.board[0] == board || d.run == run || d.run == nil {
		t.Error("a settings change did not re-run the engine")
	}
	l.Scenario = ""
	d.refresh(l)
	if d.run != nil || d.fixes != nil {
		t.Error("closing the scenario kept its run")
	}
}

func TestAnnounceSaysWhichVerdictsFlipped(t *testing.T) {
	before := NewModel()
	after := Update(before, UsePreset{"everything-off"})
	var was, now derived
	was.refresh(before.Link)
	now.refresh(after.Link)
	msg := announce(before, after, &was, &now, nil, nil)
	flipped := 0
	for i, e := range now.board {
		if was.board[i].Verdict.Outcome != e.Verdict.Outcome {
			flipped++
			if flipped <= 4 && !strings.Contains(msg, e.Scenario.Title+": now "+string(e.Verdict.Outcome)) {
				t.Errorf("%q does not announce %s", msg, e.Scenario.ID)
			}
		}
	}
	if flipped == 0 {
		t.Fatal("everything-off flips no verdict")
	}
	if !strings.Contains(msg, "Loaded the preset") {
		t.Errorf("%q does not repeat the message", msg)
	}

	stepped := Update(Update(after, Open{sim.Scenarios[0].ID}), GoTo{2, 99})
	opened := Update(after, Open{sim.Scenarios[0].ID})
	var o, st derived
	o.refresh(opened.Link)
	st.refresh(stepped.Link)
	if msg := announce(opened, stepped, &o, &st, nil, nil); !strings.HasPrefix(msg, "Step 2 of ") {
		t.Errorf("step announcement %q", msg)
	}
}

func TestSegments(t *testing.T) {
	tests := []struct {
		in   []bool
		want string
	}{
		{nil, ""},
		{[]bool{false, false}, ""},
		{[]bool{true}, "0-0"},
		{[]bool{true, true, false, true}, "0-1 3-3"},
		{[]bool{false, true, true, true}, "1-3"},
	}
	for _, tt := range tests {
		var parts []string
		for _, s := range segments(tt.in) {
			parts = append(parts, itoa(s[0])+"-"+itoa(s[1]))
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("segments(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLifetimesFollowTheJarAndStore(t *testing.T) {
	s, ok := sim.ScenarioByID("basics")
	if !ok {
		t.Fatal("no basics scenario")
	}
	r := s.Run(sim.Defaults(), true)
	rows := lifetimes(r)
	for _, row := range rows {
		for i, present := range row.present {
			if present && row.expires[i] == "" {
				t.Errorf("%s at step %d: no expiry text", rowName(row), i+1)
			}
		}
	}
	var cookies, sessions int
	for i := range r.Steps {
		cookies += len(r.Steps[i].Jar)
		sessions += len(r.Steps[i].Store)
	}
	var marked int
	for _, row := range rows {
		for _, p := range row.present {
			if p {
				marked++
			}
		}
	}
	if marked != cookies+sessions {
		t.Errorf("%d cells marked for %d cookies and %d sessions over the steps", marked, cookies, sessions)
	}
}

func TestClockAndElapsed(t *testing.T) {
	tests := []struct {
		d            time.Duration
		clock, since string
	}{
		{0, "09:00:00", "+0 s"},
		{42 * time.Second, "09:00:42", "+42 s"},
		{5*time.Minute + time.Second, "09:05:01", "+5 min 1 s"},
		{90 * time.Minute, "10:30:00", "+1 h 30 min"},
		{26 * time.Hour, "day 2, 11:00", "+26 h"},
		{15 * 24 * time.Hour, "day 16, 09:00", "+15 days"},
	}
	for _, tt := range tests {
		if got := clock(tt.d); got != tt.clock {
			t.Errorf("clock(%v) = %q, want %q", tt.d, got, tt.clock)
		}
		if got := elapsed(tt.d); got != tt.since {
			t.Errorf("elapsed(%v) = %q, want %q", tt.d, got, tt.since)
		}
	}
}

func TestEllipsis(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a bit too long", 10, "a bit too…"},
		{"ééééé", 3, "éé…"},
	}
	for _, tt := range tests {
		if got := ellipsis(tt.s, tt.n); got != tt.want {
			t.Errorf("ellipsis(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestShortHeaders(t *testing.T) {
	cookies := []struct{ in, want string }{
		{"sessionid=cbxlq4ap85y3p7ju53ctrkhq0qyevs5l", "sessionid=cbxlq4ap…"},
		{"a=1; csrftoken=je06ZyMOBZXGBSfkmvsVfGaMzwe0jMy", "a=1; csrftoken=je06ZyMO…"},
	}
	for _, tt := range cookies {
		if got := shortCookies(tt.in); got != tt.want {
			t.Errorf("shortCookies(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	setCookies := []struct{ in, want string }{
		{"sessionid=cbxlq4ap85y3p7ju53ctrkhq0qyevs5l; HttpOnly; Path=/", "sessionid=cbxlq4ap…; HttpOnly; Path=/"},
		{"sessionid=abc; expires=Mon, 16 Mar 2026 09:00:00 GMT; Max-Age=1209600; Path=/; SameSite=Lax",
			"sessionid=abc; Max-Age=1209600; Path=/; SameSite=Lax"},
		// Without Max-Age, Expires is the expiry and stays (a deletion, here).
		{"sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
			"sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"},
	}
	for _, tt := range setCookies {
		if got := shortSetCookie(tt.in); got != tt.want {
			t.Errorf("shortSetCookie(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestControlsShowTheEnginesCookieWarnings(t *testing.T) {
	cfg := sim.Defaults()
	cfg.SessionCookieSameSite = "None" // without Secure
	warnings := sim.CookieWarnings(cfg)
	if len(warnings) == 0 {
		t.Fatal("the engine reports no refused cookie for SameSite=None without Secure")
	}
	html := mount(t, &controls{IConfig: cfg, IWarnings: warnings})
	for _, w := range warnings {
		for i, key := range w.Keys {
			// The field's markup: up to the next field.
			field := html[strings.Index(html, `data-key="`+key+`"`)+1:]
			if end := strings.Index(field, `data-key="`); end > 0 {
				field = field[:end]
			}
			if !strings.Contains(tagWith(html, `data-key="`+key+`"`), "warned") {
				t.Errorf("%s is not marked", key)
			}
			if !strings.Contains(field, escape(warningHeadline(w))) {
				t.Errorf("%s: no headline %q", key, warningHeadline(w))
			}
			if hasWhy := strings.Contains(field, escape(w.Why)); hasWhy != (i == 0) {
				t.Errorf("%s: reason shown %v, want it with the first key only", key, hasWhy)
			}
		}
	}
}

func TestWarningHeadline(t *testing.T) {
	tests := []struct {
		browsers []sim.Browser
		want     string
	}{
		{[]sim.Browser{sim.Chromium}, "Chromium refuses the sessionid cookie."},
		{[]sim.Browser{sim.Chromium, sim.Firefox}, "Chromium and Firefox refuse the sessionid cookie."},
		{[]sim.Browser{sim.Chromium, sim.Firefox, sim.Safari}, "Chromium, Firefox and Safari refuse the sessionid cookie."},
	}
	for _, tt := range tests {
		if got := warningHeadline(sim.CookieWarning{Cookie: "sessionid", Browsers: tt.browsers}); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.browsers, got, tt.want)
		}
	}
}

func TestBreakable(t *testing.T) {
	var parts []string
	for _, ui := range breakable("GET https://bank.example.com/a?b=1&c=2") {
		parts = append(parts, strings.TrimSpace(goapp.HTMLString(ui)))
	}
	got := strings.Join(parts, "|")
	want := "GET https://|<wbr>|bank.|<wbr>|example.|<wbr>|com/|<wbr>|a?|<wbr>|b=1&amp;|<wbr>|c=2"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// boom is a message whose update panics, as a bug would.
type boom struct{}

func (boom) update(Model) Model { panic("boom") }

func TestUpdatePanicShowsTheErrorPanel(t *testing.T) {
	c := labAt(NewModel())
	c.send(goapp.Context{}, boom{})
	if c.crash != "boom" {
		t.Fatalf("crash = %q", c.crash)
	}
	html := goapp.HTMLString(c.Render())
	for _, want := range []string{"Session Lab stopped", "boom", "Reload the page", `value="#v1"`} {
		if !strings.Contains(html, want) {
			t.Errorf("no %q in %s", want, html)
		}
	}
}

// Changes that flip a verdict only by breaking the login are listed apart
// from the fixes, after them.
func TestBreakagesAreNotFixes(t *testing.T) {
	seen := false
	for _, s := range sim.Scenarios {
		fixes := s.Fixes(sim.Defaults())
		breaks := 0
		for _, f := range fixes {
			if f.Breaks {
				breaks++
			}
		}
		page := mount(t, &detail{IRun: s.Run(sim.Defaults(), true), IFixes: fixes, IStep: 1})
		i := strings.Index(page, `class="breakages"`)
		if (i >= 0) != (breaks > 0) {
			t.Errorf("%s: breakages section %v, %d breaking changes", s.ID, i >= 0, breaks)
			continue
		}
		if breaks == 0 {
			continue
		}
		seen = true
		if got := countTags(page[i:], "<li", `class="fix `); got != breaks {
			t.Errorf("%s: %d changes under the breakages, want %d", s.ID, got, breaks)
		}
		if got := countTags(page[:i], "<li", `class="fix `); got != len(fixes)-breaks {
			t.Errorf("%s: %d fixes before the breakages, want %d", s.ID, got, len(fixes)-breaks)
		}
	}
	if !seen {
		t.Fatal("no scenario has a breaking change at the defaults")
	}
}

func TestBoardCountsAttacksNotTours(t *testing.T) {
	entries := boardEntries(sim.Board(sim.Defaults()))
	attacks, succeeded := 0, 0
	for _, e := range entries {
		if !e.Tour {
			attacks++
			if e.Outcome == sim.Succeeded {
				succeeded++
			}
		}
	}
	html := mount(t, &board{IEntries: entries})
	if want := itoa(succeeded) + " of " + itoa(attacks) + " attacks succeed"; !strings.Contains(html, want) {
		t.Errorf("no %q", want)
	}
	for _, e := range entries {
		if tag := tagWith(html, `data-scenario="`+e.ID+`"`); strings.Contains(tag, " tour") != e.Tour {
			t.Errorf("%s: tour marked %v, want %v", e.ID, !e.Tour, e.Tour)
		}
	}
}

// TestDeployReport: the settings.py panel lists the deploy warnings the
// engine finds and the live attacks none of them mentions.
func TestDeployReport(t *testing.T) {
	cfg := sim.Defaults()
	board := sim.Board(cfg)
	html := goapp.HTMLString((&deployReport{IWarnings: sim.DeployChecks(cfg), IBlind: sim.DeployBlindSpots(cfg, board)}).Render())
	for _, want := range []string{"security.W004", "security.W008", "security.W012", "security.W016", `data-scenario="xss-session-riding"`} {
		if !strings.Contains(html, want) {
			t.Errorf("deploy report lacks %s:\n%s", want, html)
		}
	}
	html = goapp.HTMLString((&deployReport{IWarnings: sim.DeployChecks(sim.Hardened())}).Render())
	if strings.Contains(html, "security.W0") || !strings.Contains(html, "No warning") {
		t.Errorf("hardened settings raise a warning:\n%s", html)
	}
}
