package app

import (
	"html"
	"reflect"
	"regexp"
	"strings"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

func allKeys() []string {
	keys := make([]string, len(sim.Fields))
	for i := range sim.Fields {
		keys[i] = sim.Fields[i].Key
	}
	return keys
}

// inFieldOrder returns keys in the order of sim.Fields.
func inFieldOrder(keys []string) []string {
	var out []string
	for _, k := range allKeys() {
		if contains(keys, k) {
			out = append(out, k)
		}
	}
	return out
}

func TestEmbedKeys(t *testing.T) {
	xss, _ := sim.ScenarioByID("xss-cookie-theft")
	tests := []struct {
		name string
		link sim.LinkState
		want []string
	}{
		{"the link's show list, in its order", sim.LinkState{Scenario: xss.ID, Show: []string{"https", "login"}}, []string{"https", "login"}},
		{"an empty show list: no controls", sim.LinkState{Scenario: xss.ID, Show: []string{}}, []string{}},
		{"a scenario without a list: its toggles", sim.LinkState{Scenario: xss.ID}, xss.Toggles},
		{"the board without a list: every setting", sim.LinkState{}, allKeys()},
	}
	for _, tt := range tests {
		if got := embedKeys(tt.link); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// In an embed only the settings it shows, unlocked, can change; the same
// link outside the embed changes anything it does not lock.
func TestEmbedKeepsHiddenAndLockedSettings(t *testing.T) {
	l := sim.LinkState{Config: sim.Defaults(), Mode: embedMode, Scenario: "xss-cookie-theft", Step: 1,
		Show: []string{"SESSION_COOKIE_HTTPONLY", "SECURE_CSP"}, Locked: []string{"SECURE_CSP"}}
	tests := []struct {
		key, value string
		mode       string
		changes    bool
	}{
		{"SESSION_COOKIE_HTTPONLY", "False", embedMode, true},
		{"SECURE_CSP", "True", embedMode, false},
		{"SESSION_COOKIE_SECURE", "True", embedMode, false},
		{"SESSION_COOKIE_SECURE", "True", "", true},
		{"SECURE_CSP", "True", "", false},
	}
	for _, tt := range tests {
		m := NewModel()
		m.Link = l
		m.Link.Mode = tt.mode
		for _, msg := range []Msg{SetField{tt.key, tt.value}, ApplyFix{tt.key, tt.value}} {
			got := Update(m, msg)
			if changed := got.Link.Config != m.Link.Config; changed != tt.changes {
				t.Errorf("mode %q, %#v: changed = %v, want %v", tt.mode, msg, changed, tt.changes)
			}
			if !tt.changes && !got.Flash.Error {
				t.Errorf("mode %q, %#v: refused without saying so", tt.mode, msg)
			}
		}
	}
	locked := embedLocked(l)
	for _, k := range allKeys() {
		if want := k != "SESSION_COOKIE_HTTPONLY"; contains(locked, k) != want {
			t.Errorf("embedLocked has %s: %v, want %v", k, !want, want)
		}
	}
}

func TestSetFromParent(t *testing.T) {
	m := NewModel()
	m.Link = sim.LinkState{Config: sim.Defaults(), Mode: embedMode, Scenario: "xss-cookie-theft", Step: 3}
	m.Drafts = map[string]Draft{"SESSION_COOKIE_AGE": {"x", "bad"}}

	hardened := sim.LinkState{Config: sim.Hardened(), Scenario: "ssl-strip", Step: 2, Mode: "quiz", Show: []string{"https"}}
	got := Update(m, SetFromParent{sim.EncodeLink(hardened)})
	want := hardened
	want.Mode = embedMode
	if !reflect.DeepEqual(got.Link, want) || got.Drafts != nil || got.Flash.Error {
		t.Errorf("a link from the parent: %+v, flash %+v; want %+v in the embed's mode", got.Link, got.Flash, want)
	}

	for _, bad := range []string{"", "v1&DEBUG=True", "v9&x=1", "not a link"} {
		got := Update(m, SetFromParent{bad})
		if !reflect.DeepEqual(got.Link, m.Link) || !got.Flash.Error || !strings.Contains(got.Flash.Text, "could not be read") {
			t.Errorf("SetFromParent(%q): link %+v, flash %+v; want the state kept and an error", bad, got.Link, got.Flash)
		}
	}
}

func TestPlaygroundLink(t *testing.T) {
	l := sim.LinkState{Config: sim.Hardened(), Mode: embedMode, Scenario: "basics", Step: 2,
		Locked: []string{"login"}, Show: []string{"login", "https"}}
	got := playgroundLink(l)
	want := l
	want.Mode, want.Show = "", nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("playgroundLink = %+v, want %+v", got, want)
	}
}

func TestEmbedBuilderChoices(t *testing.T) {
	xss, _ := sim.ScenarioByID("xss-cookie-theft")
	m := NewModel()
	m.Link.Scenario, m.Link.Step = xss.ID, 2
	m.Link.Locked = []string{"SECURE_CSP", "https"}

	m = Update(m, OpenEmbedBuilder{true})
	b := m.Embed
	if !b.Open || b.Scenario != xss.ID || b.Height != embedDefaultHeight || b.Width != 0 {
		t.Fatalf("opened on %+v", b)
	}
	if want := inFieldOrder(xss.Toggles); !reflect.DeepEqual(b.Show, want) {
		t.Errorf("shows %v, want the scenario's toggles %v", b.Show, want)
	}
	if !reflect.DeepEqual(b.Lock, []string{"SECURE_CSP"}) {
		t.Errorf("locks %v, want the link's locks among those shown", b.Lock)
	}

	// Update does not change the Model it is given, slices included.
	before := append([]string(nil), m.Embed.Show...)
	next := Update(m, EmbedControl{"SESSION_COOKIE_NAME", asHidden})
	next = Update(next, EmbedControl{"SESSION_COOKIE_SECURE", asLocked})
	next = Update(next, EmbedControl{"SECURE_CSP", asShown})
	if !reflect.DeepEqual(m.Embed.Show, before) {
		t.Errorf("Update changed its input: %v, was %v", m.Embed.Show, before)
	}
	wantShow := inFieldOrder([]string{"SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_CSP"})
	if !reflect.DeepEqual(next.Embed.Show, wantShow) || !reflect.DeepEqual(next.Embed.Lock, []string{"SESSION_COOKIE_SECURE"}) {
		t.Errorf("after the choices: show %v lock %v", next.Embed.Show, next.Embed.Lock)
	}
	l := next.Embed.link(sim.Hardened())
	if l.Mode != embedMode || l.Scenario != xss.ID || l.Step != 1 || l.Config != sim.Hardened() ||
		!reflect.DeepEqual(l.Show, wantShow) || !reflect.DeepEqual(l.Locked, next.Embed.Lock) {
		t.Errorf("the embed's link: %+v", l)
	}
	if got := Update(next, EmbedControl{"DEBUG", asShown}); !got.Flash.Error || !reflect.DeepEqual(got.Embed, next.Embed) {
		t.Errorf("an unknown setting: %+v", got.Embed)
	}

	// Hiding every control is an embed without controls, which the link
	// says with an empty show list.
	none := next
	for _, k := range next.Embed.Show {
		none = Update(none, EmbedControl{k, asHidden})
	}
	if l := none.Embed.link(sim.Defaults()); l.Show == nil || len(l.Show) != 0 || !strings.Contains(sim.EncodeLink(l), "&show=") {
		t.Errorf("no controls: show %#v, link %s", l.Show, sim.EncodeLink(l))
	}

	board := Update(next, EmbedScenario{""})
	var cookie []string
	for _, f := range sim.Fields {
		if f.Group == sim.GroupCookie {
			cookie = append(cookie, f.Key)
		}
	}
	if board.Embed.Scenario != "" || !reflect.DeepEqual(board.Embed.Show, cookie) || board.Embed.Lock != nil {
		t.Errorf("the board: %+v, want the cookie's settings shown", board.Embed)
	}
	if l := board.Embed.link(sim.Defaults()); l.Step != 0 || l.Scenario != "" {
		t.Errorf("the board's link has a scenario or step: %+v", l)
	}
	if got := Update(next, EmbedScenario{"no-such-thing"}); !got.Flash.Error || got.Embed.Scenario != xss.ID {
		t.Errorf("an unknown scenario: %+v", got.Embed)
	}

	if got := Update(m, OpenEmbedBuilder{false}); !reflect.DeepEqual(got.Embed, EmbedBuilder{}) {
		t.Errorf("closing leaves %+v", got.Embed)
	}
}

func TestEmbedSize(t *testing.T) {
	m := Update(NewModel(), OpenEmbedBuilder{true})
	m = Update(m, EmbedPreview{true})
	m = Update(m, PreviewHeight{900})
	tests := []struct {
		width, height string
		w, h          int
		err           bool
	}{
		{"480", "700", 480, 700, false},
		{"", "700", 0, 700, false},
		{"10", "5", embedMinWidth, embedMinHeight, false},
		{"99999", "99999", embedMaxWidth, embedMaxHeight, false},
		{"wide", "700", 0, embedDefaultHeight, true},
		{"480", "1e3", 0, embedDefaultHeight, true},
	}
	for _, tt := range tests {
		got := Update(m, EmbedSize{tt.width, tt.height})
		if got.Embed.Width != tt.w || got.Embed.Height != tt.h || got.Flash.Error != tt.err {
			t.Errorf("EmbedSize{%q, %q}: %dx%d, error %v; want %dx%d, error %v",
				tt.width, tt.height, got.Embed.Width, got.Embed.Height, got.Flash.Error, tt.w, tt.h, tt.err)
		}
	}
	// A new width is a new height to measure; a new initial height is not.
	if got := Update(m, EmbedSize{"", "800"}); got.Embed.Measured != 900 {
		t.Errorf("the measure went with the initial height: %d", got.Embed.Measured)
	}
	if got := Update(m, EmbedSize{"480", "640"}); got.Embed.Measured != 0 {
		t.Errorf("the measure outlived the width: %d", got.Embed.Measured)
	}
	if got := Update(Update(m, EmbedPreview{false}), PreviewHeight{700}); got.Embed.Measured != 0 {
		t.Errorf("a height without a preview was kept: %d", got.Embed.Measured)
	}
}

func TestEmbedSnippet(t *testing.T) {
	b := EmbedBuilder{Scenario: "xss-cookie-theft", Height: 500}
	src := `https://lab.example/docs/#v1&scenario=xss-cookie-theft&step=1&mode=embed&show="x"<y>`
	got := b.snippet(src)
	s, _ := sim.ScenarioByID("xss-cookie-theft")
	for _, want := range []string{
		`<iframe src="` + html.EscapeString(src) + `"`,
		`title="` + html.EscapeString("Session Lab: "+s.Title) + `"`,
		`style="width:100%;height:500px;border:0"`,
		`loading="lazy"></iframe>`,
		embedScript,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet\n%s\nhas no %s", got, want)
		}
	}
	if strings.Contains(got, "sandbox") || strings.Contains(got, `<y>`) {
		t.Errorf("snippet\n%s\nis sandboxed or has the raw src", got)
	}
	b.Width, b.Sandbox = 480, true
	got = b.snippet(src)
	for _, want := range []string{`style="width:480px;max-width:100%;height:500px;border:0"`, ` sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox">`} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet\n%s\nhas no %s", got, want)
		}
	}
}

func TestEmbedView(t *testing.T) {
	m := NewModel()
	m.Link = sim.LinkState{Config: sim.Defaults(), Mode: embedMode, Scenario: "xss-cookie-theft", Step: 1,
		Show: []string{"SECURE_CSP", "SESSION_COOKIE_HTTPONLY"}, Locked: []string{"SECURE_CSP"}}
	c := labAt(m)
	c.base = "https://lab.example/"
	page := mount(t, c)
	for _, absent := range []string{`class="top"`, `class="foot"`, `id="board"`, `id="settings-py"`, `id="embed-open"`} {
		if strings.Contains(page, absent) {
			t.Errorf("the embed has %s", absent)
		}
	}
	var keys []string
	for _, tag := range regexp.MustCompile(`<div [^>]*class="field [^>]*>`).FindAllString(page, -1) {
		keys = append(keys, regexp.MustCompile(`data-key="([^"]+)"`).FindStringSubmatch(tag)[1])
	}
	if !reflect.DeepEqual(keys, m.Link.Show) {
		t.Errorf("the embed's controls are %v, want %v in that order", keys, m.Link.Show)
	}
	if tag := tagWith(page, `id="f-SECURE_CSP"`); !strings.Contains(tag, "disabled") {
		t.Errorf("the locked control is enabled: %s", tag)
	}
	if !strings.Contains(page, `data-open-scenario="xss-cookie-theft"`) {
		t.Error("the embed does not show its scenario")
	}
	link := tagWith(page, `id="open-full"`)
	href := "https://lab.example/#" + sim.EncodeLink(playgroundLink(m.Link))
	// (go-app writes attribute values unescaped.)
	for _, want := range []string{`href="` + href + `"`, `target="_blank"`, `rel="noopener"`} {
		if !strings.Contains(link, want) {
			t.Errorf("the link out %s has no %s", link, want)
		}
	}

	m.Link.Scenario, m.Link.Step = "", 0
	if page := mount(t, labAt(m)); !strings.Contains(page, `id="board"`) || strings.Contains(page, `id="detail"`) {
		t.Error("an embed without a scenario does not show the board alone")
	}
}

func TestEmbedBuilderView(t *testing.T) {
	m := NewModel()
	m.Link.Scenario, m.Link.Step = "xss-cookie-theft", 1
	m = Update(m, OpenEmbedBuilder{true})
	c := labAt(m)
	c.base = "https://lab.example/"
	page := mount(t, c)
	b := &embedBuilder{IBuilder: m.Embed, IBase: c.base, IConfig: m.Link.Config}
	src := c.base + "#" + sim.EncodeLink(m.Embed.link(m.Link.Config))
	for _, want := range []string{`id="embed-builder"`, html.EscapeString(src), `id="embed-preview-toggle"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the builder has no %s", want)
		}
	}
	for _, f := range sim.Fields {
		tag := tagWith(page, `id="ec-`+f.Key+`"`)
		if tag == "" {
			t.Errorf("no choice for %s", f.Key)
		}
	}
	if strings.Contains(page, `id="embed-preview"`) {
		t.Error("the preview loads before it is asked for")
	}
	if !strings.Contains(goapp.HTMLString(b.Render()), `id="embed-code"`) {
		t.Error("no snippet")
	}
}

// escapeAttr stands in for html.EscapeString in the snippet, without its
// package's weight in app.wasm: the two agree.
func TestEscapeAttrIsHTMLEscapeString(t *testing.T) {
	for _, s := range []string{"", "plain", `a&b<c>d"e'f`, "https://h/#v1&scenario=x&show=A,B", "é<\u2028>&amp;", "\x00\ufffd", "\xff<\xc3"} {
		if got, want := escapeAttr(s), html.EscapeString(s); got != want {
			t.Errorf("escapeAttr(%q) = %q, want %q", s, got, want)
		}
	}
}
