package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"sessionlab/sim"
)

// key presses one key in the page, at whatever has the focus. Space goes
// as one keyDown with its text, the way a keyboard's does: chromedp.KeyEvent
// sends its char apart, and the browser then scrolls even when the page
// prevented the keydown's default action, which a real Space does not.
func key(t *testing.T, ctx context.Context, k string) {
	t.Helper()
	var err error
	if k == " " {
		space := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: " ", Code: "Space", Text: " ", WindowsVirtualKeyCode: 32}
		if _, err = chromedp.Call(ctx, input.DispatchKeyEvent, space); err == nil {
			space.Type, space.Text = input.DispatchKeyEventTypeKeyUp, ""
			_, err = chromedp.Call(ctx, input.DispatchKeyEvent, space)
		}
	} else {
		err = chromedp.Do(ctx, chromedp.KeyEvent(k))
	}
	if err != nil {
		t.Fatalf("pressing %q: %v", k, err)
	}
}

func stepIs(n int) string {
	return `document.querySelector("#detail")?.dataset.step === "` + strconv.Itoa(n) + `"`
}

// TestPresenterKeysAndReveal steps the open scenario with the keys of a
// keyboard and of a presentation clicker, with the focus nowhere in
// particular (a clicker's keys go to the page), and reveals the verdict.
func TestPresenterKeysAndReveal(t *testing.T) {
	needScenario(t, "basics")
	s, _ := sim.ScenarioByID("basics")
	r := s.Run(sim.Defaults(), true)
	if len(r.Steps) < 5 {
		t.Fatal("basics has fewer than five steps")
	}
	ctx := newPage(t)
	load(t, ctx, rootURL+"#"+sim.EncodeLink(sim.LinkState{Config: sim.Defaults(), Scenario: "basics", Step: 1, Mode: "presenter"}))
	waitFor(t, ctx, stepIs(1))
	eval[chromedp.Void](t, ctx, `document.activeElement.blur()`)

	// Hidden: no verdict, no rule, and only the rows up to the step.
	hidden := `!!document.getElementById("verdict-hidden") && !document.querySelector("#detail .verdict-line:not(.hidden)") && !document.querySelector("#detail .why")`
	waitFor(t, ctx, hidden)
	if n := eval[int](t, ctx, `document.querySelectorAll(".trace-table tbody tr").length`); n != 1 {
		t.Errorf("%d rows drawn at step 1 before the reveal", n)
	}

	for _, tt := range []struct {
		key  string
		step int
	}{
		{kb.ArrowRight, 2}, {kb.PageDown, 3}, {" ", 4}, {kb.ArrowLeft, 3}, {kb.PageUp, 2},
		{kb.End, len(r.Steps)}, {kb.Home, 1}, {kb.PageDown, 2},
	} {
		key(t, ctx, tt.key)
		waitFor(t, ctx, stepIs(tt.step))
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".trace-table tbody tr").length`); n != 2 {
		t.Errorf("%d rows drawn at step 2 before the reveal", n)
	}
	// The page did not scroll away on Space and Page Down: the keys were the presenter's.
	if y := eval[float64](t, ctx, `window.scrollY`); y != 0 {
		t.Errorf("the page scrolled to %v", y)
	}

	key(t, ctx, "r")
	want := `document.querySelector("#detail .verdict-line")?.classList.contains("` + string(r.Verdict.Outcome) + `") && !document.getElementById("verdict-hidden")`
	waitFor(t, ctx, want)
	waitFor(t, ctx, `location.hash.includes("reveal=1")`)
	waitFor(t, ctx, `document.getElementById("live").textContent.includes("The verdict: `+string(r.Verdict.Outcome)+`")`)
	if n := eval[int](t, ctx, `document.querySelectorAll(".trace-table tbody tr").length`); n != len(r.Steps) {
		t.Errorf("%d rows after the reveal, want %d", n, len(r.Steps))
	}
	// The revealed state is the link's: a fresh page shows it too.
	fresh := newPage(t)
	load(t, fresh, eval[string](t, ctx, `location.href`))
	waitFor(t, fresh, want)

	click(t, ctx, "#reveal")
	waitFor(t, ctx, hidden)
	waitFor(t, ctx, `!location.hash.includes("reveal=1")`)
}

// TestShortcutsSheet opens the sheet with "?", keeps Tab inside it, and
// closes it with Escape, giving the focus back.
func TestShortcutsSheet(t *testing.T) {
	needScenario(t, "basics")
	ctx := newPage(t)
	load(t, ctx, rootURL+"#"+sim.EncodeLink(sim.LinkState{Config: sim.Defaults(), Scenario: "basics", Step: 1, Mode: "presenter"}))
	eval[chromedp.Void](t, ctx, `document.getElementById("shortcuts-open").focus()`)
	key(t, ctx, "?")
	inside := `document.getElementById("shortcuts")?.open && document.getElementById("shortcuts").contains(document.activeElement)`
	waitFor(t, ctx, inside)
	if !eval[bool](t, ctx, `document.getElementById("shortcuts").matches(":modal")`) {
		t.Error("the sheet is not a modal dialog")
	}
	if name := eval[string](t, ctx, `document.getElementById(document.getElementById("shortcuts").getAttribute("aria-labelledby")).textContent`); name != "Keyboard shortcuts" {
		t.Errorf("the dialog is named %q", name)
	}
	for range 3 {
		key(t, ctx, kb.Tab)
		waitFor(t, ctx, inside)
	}
	// The sheet's keys do not step the scenario behind it.
	key(t, ctx, kb.PageDown)
	waitFor(t, ctx, inside)
	key(t, ctx, kb.Escape)
	waitFor(t, ctx, `!document.getElementById("shortcuts") && document.activeElement.id === "shortcuts-open"`)
	if got := eval[string](t, ctx, `document.querySelector("#detail").dataset.step`); got != "1" {
		t.Errorf("the scenario moved to step %s behind the sheet", got)
	}
	// Escape with no sheet open still closes the scenario.
	eval[chromedp.Void](t, ctx, `document.getElementById("detail-h").focus()`)
	key(t, ctx, kb.Escape)
	waitFor(t, ctx, `!document.querySelector("#detail")`)
}

// compareBoard reads the compare table: scenario → [A's verdict, B's].
func compareBoard(t *testing.T, ctx context.Context) map[string][2]string {
	t.Helper()
	rows := eval[map[string][]string](t, ctx, `Object.fromEntries([...document.querySelectorAll("#compare-board tr[data-scenario]")]
		.map(r => [r.dataset.scenario, [r.querySelector('[data-side="a"]').dataset.verdict, r.querySelector('[data-side="b"]').dataset.verdict, String(r.classList.contains("differs"))]]))`)
	out := map[string][2]string{}
	for id, v := range rows {
		out[id] = [2]string{v[0], v[1]}
		if (v[0] != v[1]) != (v[2] == "true") {
			t.Errorf("%s: A %s, B %s, marked as differing: %s", id, v[0], v[1], v[2])
		}
	}
	return out
}

func checkCompare(t *testing.T, ctx context.Context, a, b sim.Config) {
	t.Helper()
	got, wa, wb := compareBoard(t, ctx), want(a), want(b)
	if len(got) != len(wa) {
		t.Errorf("%d rows, %d scenarios", len(got), len(wa))
	}
	for id, v := range got {
		if v[0] != wa[id] || v[1] != wb[id] {
			t.Errorf("%s: A %s B %s, the engine says A %s B %s", id, v[0], v[1], wa[id], wb[id])
		}
	}
	keys := eval[[]string](t, ctx, `[...document.querySelectorAll("#diff tr[data-key]")].map(r => r.dataset.key)`)
	if diff := sim.Diff(a, b); strings.Join(keys, " ") != strings.Join(diff, " ") {
		t.Errorf("settings listed as differing: %v, sim.Diff: %v", keys, diff)
	}
}

// TestCompareTwoConfigurations compares the defaults with everything off,
// edits side B, and reopens the pair from its link.
func TestCompareTwoConfigurations(t *testing.T) {
	a, b := sim.Defaults(), sim.EverythingOff()
	ctx := newPage(t)
	load(t, ctx, rootURL+"#"+sim.EncodeLink(sim.LinkState{Config: a, Compare: &b, Mode: "compare"}))
	waitFor(t, ctx, `document.querySelectorAll("#compare-board tr[data-scenario]").length > 0`)
	checkCompare(t, ctx, a, b)

	// Edit B: its HttpOnly goes back on; A stays.
	click(t, ctx, "#edit-b")
	waitFor(t, ctx, `document.getElementById("edit-b").getAttribute("aria-checked") === "true"`)
	if eval[bool](t, ctx, `document.getElementById("f-SESSION_COOKIE_HTTPONLY").checked`) {
		t.Fatal("the panel shows A's HttpOnly while editing B")
	}
	click(t, ctx, "#f-SESSION_COOKIE_HTTPONLY")
	b.SessionCookieHTTPOnly = true
	waitFor(t, ctx, `!document.querySelector('#diff tr[data-key="SESSION_COOKIE_HTTPONLY"]')`)
	checkCompare(t, ctx, a, b)

	// The pair is one link, in the address a moment after the change
	// (page.go, hashDelay).
	waitFor(t, ctx, `!location.hash.includes("b.SESSION_COOKIE_HTTPONLY")`)
	link := eval[string](t, ctx, `location.href`)
	l, err := sim.ParseLinkURL(link)
	if err != nil || l.Mode != "compare" || l.Compare == nil || *l.Compare != b || l.Config != a {
		t.Fatalf("the link %s holds %+v (%v)", link, l, err)
	}
	fresh := newPage(t)
	load(t, fresh, link)
	waitFor(t, fresh, `document.querySelectorAll("#compare-board tr[data-scenario]").length > 0`)
	checkCompare(t, fresh, a, b)

	// Open a scenario whose verdicts differ: both runs, side by side.
	wa, wb := want(a), want(b)
	for _, s := range sim.Scenarios {
		if wa[s.ID] != wb[s.ID] {
			click(t, fresh, "#open-"+s.ID)
			waitFor(t, fresh, `document.querySelector("#compare-detail")?.dataset.openScenario === "`+s.ID+`"`)
			sides := eval[[]string](t, fresh, `[...document.querySelectorAll("#compare-detail .run-side")].map(e => e.dataset.verdict)`)
			if len(sides) != 2 || sides[0] != wa[s.ID] || sides[1] != wb[s.ID] {
				t.Errorf("%s side by side: %v, the engine says %s and %s", s.ID, sides, wa[s.ID], wb[s.ID])
			}
			break
		}
	}
}

// TestQuizAnswersAreCheckedByTheEngine answers one question right and one
// wrong; the engine, run again here, says which is which.
func TestQuizAnswersAreCheckedByTheEngine(t *testing.T) {
	const seed = 20260302
	ctx := newPage(t)
	load(t, ctx, rootURL+"#"+sim.EncodeLink(sim.LinkState{Config: sim.Defaults(), Mode: "quiz", Seed: seed, Step: 1}))
	score := `document.getElementById("quiz-score").dataset.right + " of " + document.getElementById("quiz-score").dataset.answered`

	q1 := sim.QuizQuestion(seed, 1)
	right := q1.Check(0).Right
	waitFor(t, ctx, `document.getElementById("quiz")?.dataset.scenario === "`+q1.Scenario.ID+`"`)
	click(t, ctx, `[data-choice="`+strconv.Itoa(right)+`"]`)
	waitFor(t, ctx, `!!document.querySelector("#quiz-result .result.right")`)
	if got := eval[string](t, ctx, score); got != "1 of 1" {
		t.Errorf("score %s after a right answer", got)
	}

	click(t, ctx, "#quiz-next")
	q2 := sim.QuizQuestion(seed, 2)
	a2 := q2.Check(0)
	waitFor(t, ctx, `document.getElementById("quiz")?.dataset.question === "2"`)
	if got := eval[string](t, ctx, `document.getElementById("quiz").dataset.scenario`); got != q2.Scenario.ID {
		t.Errorf("question 2 is about %s, the engine's about %s", got, q2.Scenario.ID)
	}
	wrong := (a2.Right + 1) % len(q2.Choices)
	click(t, ctx, `[data-choice="`+strconv.Itoa(wrong)+`"]`)
	waitFor(t, ctx, `!!document.querySelector("#quiz-result .result.wrong")`)
	explained := eval[string](t, ctx, `document.getElementById("quiz-result").textContent`)
	for _, want := range []string{"Not quite.", a2.Run.Verdict.Reason, a2.Run.Verdict.Rule} {
		if !strings.Contains(explained, want) {
			t.Errorf("the explanation lacks %q:\n%s", want, explained)
		}
	}
	if got := eval[string](t, ctx, score); got != "1 of 2" {
		t.Errorf("score %s after a wrong answer", got)
	}
	// The explanation opens the scenario at its deciding step.
	open, err := sim.ParseLinkURL(eval[string](t, ctx, `document.getElementById("quiz-open").href`))
	if err != nil || open.Scenario != q2.Scenario.ID || open.Config != q2.Config || open.Step != a2.Run.Verdict.Step {
		t.Errorf("the explanation's link opens %+v (%v)", open, err)
	}

	// The link reproduces the question with its answer shown.
	fresh := newPage(t)
	load(t, fresh, settledAddress(t, ctx))
	waitFor(t, fresh, `document.getElementById("quiz")?.dataset.question === "2" && !!document.querySelector("#quiz-result .result")`)
	if got := eval[string](t, fresh, `document.querySelector(".choice.right").dataset.choice`); got != strconv.Itoa(a2.Right) {
		t.Errorf("the link marks choice %s right, the engine %d", got, a2.Right)
	}
}

// TestTimeTravelOnTheSharedComputer closes the browser again after the story
// and hands the computer to the next person: logged out with
// SESSION_EXPIRE_AT_BROWSER_CLOSE, logged in when session restore is on too.
func TestTimeTravelOnTheSharedComputer(t *testing.T) {
	needScenario(t, "shared-computer-browser-close")
	for _, tt := range []struct {
		restore bool
		served  string
	}{{false, "/login/"}, {true, "as alice"}} {
		t.Run("restore="+strconv.FormatBool(tt.restore), func(t *testing.T) {
			cfg := sim.Defaults()
			cfg.SessionExpireAtBrowserClose, cfg.SessionRestore = true, tt.restore
			s, _ := sim.ScenarioByID("shared-computer-browser-close")
			story := len(s.Run(cfg, true).Steps)
			ctx := newPage(t)
			load(t, ctx, rootURL+"#"+sim.EncodeLink(sim.LinkState{Config: cfg, Scenario: s.ID, Step: 1}))
			rows := `document.querySelectorAll(".trace-table tbody tr").length`
			waitFor(t, ctx, rows+` === `+strconv.Itoa(story))

			click(t, ctx, "#travel-close")
			waitFor(t, ctx, rows+` === `+strconv.Itoa(story+1)+` && `+stepIs(story+1))
			click(t, ctx, "#travel-next")
			waitFor(t, ctx, rows+` > `+strconv.Itoa(story+1))
			last := eval[[]string](t, ctx, `(r => [r.dataset.step, r.querySelector(".actor").textContent, r.querySelector(".result").textContent])(document.querySelector(".trace-table tbody tr:last-child"))`)
			if !strings.Contains(last[1], "next person") || !strings.Contains(last[2], tt.served) {
				t.Errorf("the last row is %q: %q, want the next person served %q", last[1], last[2], tt.served)
			}
			waitFor(t, ctx, stepIs(story+2))
			waitFor(t, ctx, `location.hash.includes("travel=close,next")`)

			want := s.RunWithTravel(cfg, []sim.Travel{{Kind: sim.TravelClose}, {Kind: sim.TravelNext}})
			if got := eval[int](t, ctx, rows); got != len(want.Steps) {
				t.Errorf("%d rows, the engine's run has %d", got, len(want.Steps))
			}

			click(t, ctx, "#travel-undo")
			waitFor(t, ctx, rows+` === `+strconv.Itoa(story+1)+` && `+stepIs(story+1))
			click(t, ctx, "#travel-clear")
			waitFor(t, ctx, rows+` === `+strconv.Itoa(story)+` && !location.hash.includes("travel=")`)
		})
	}
}
