package sim

import (
	"reflect"
	"strings"
	"testing"
)

// quizSeeds are the seeds the tests play through: enough to reach every
// pitfall and many random setups.
var quizSeeds = []uint64{1, 2, 3, 7, 42, 1 << 40, 0xdeadbeef, 18446744073709551615}

func TestQuizIsDeterministicPerSeed(t *testing.T) {
	for _, seed := range quizSeeds[:3] {
		for n := 1; n <= QuizLength; n++ {
			a, b := QuizQuestion(seed, n), QuizQuestion(seed, n)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("seed %d question %d differs between two calls", seed, n)
			}
		}
	}
	same := 0
	for n := 1; n <= QuizLength; n++ {
		a, b := QuizQuestion(1, n), QuizQuestion(2, n)
		if reflect.DeepEqual(a.Config, b.Config) && a.Scenario == b.Scenario && a.Kind == b.Kind {
			same++
		}
	}
	if same == QuizLength {
		t.Error("seeds 1 and 2 give the same quiz")
	}
}

// TestQuizAnswersComeFromTheEngine re-derives every question's answer by
// independent runs: the outcome from the scenario's own verdict, the fix
// from Scenario.Fixes, and every wrong change by running it.
func TestQuizAnswersComeFromTheEngine(t *testing.T) {
	kinds := map[string]int{}
	for _, seed := range quizSeeds {
		for n := 1; n <= QuizLength; n++ {
			q := QuizQuestion(seed, n)
			name := q.Scenario.ID
			if q.Pitfall != nil {
				name = "pitfall " + q.Pitfall.ID
				kinds["pitfall"]++
			} else {
				kinds[string(q.Kind)]++
			}
			checkSetup(t, q)
			base := q.Scenario.Run(q.Config, false).Verdict
			if base.Broken {
				t.Errorf("seed %d q%d (%s): the setup breaks the site", seed, n, name)
			}
			rights := 0
			for i, c := range q.Choices {
				right := false
				switch q.Kind {
				case AskOutcome:
					right = c.Outcome == base.Outcome
				case AskFix:
					if base.Outcome != Succeeded {
						t.Fatalf("seed %d q%d (%s): asks for a fix of an attack that is %s", seed, n, name, base.Outcome)
					}
					right = isRealFix(q.Scenario.Fixes(q.Config), c)
					alt, err := c.apply(q.Config)
					if err != nil {
						t.Fatalf("seed %d q%d: choice %v: %v", seed, n, c, err)
					}
					if v := q.Scenario.Run(alt, false).Verdict; !right && v.Outcome != Succeeded {
						t.Errorf("seed %d q%d (%s): wrong choice %s=%q flips the verdict to %s", seed, n, name, c.Key, c.To, v.Outcome)
					}
				}
				if a := q.Check(i); a.Correct != right {
					t.Errorf("seed %d q%d (%s): Check(%d) = %v, the engine says %v", seed, n, name, i, a.Correct, right)
				} else if right && a.Right != i {
					t.Errorf("seed %d q%d: Check says choice %d is right, the engine %d", seed, n, a.Right, i)
				}
				if right {
					rights++
				}
			}
			if rights != 1 {
				t.Errorf("seed %d q%d (%s): %d right choices among %v", seed, n, name, rights, q.Choices)
			}
		}
	}
	for _, k := range []string{"outcome", "fix", "pitfall"} {
		if kinds[k] < len(quizSeeds) {
			t.Errorf("only %d %s questions in %d quizzes", kinds[k], k, len(quizSeeds))
		}
	}
}

// checkSetup verifies that the question's Config is its preset with its
// changes, and that fix choices are single changes of distinct settings.
func checkSetup(t *testing.T, q Question) {
	t.Helper()
	cfg := q.Preset.Config
	for _, c := range q.Changes {
		if err := cfg.Set(c.Key, c.Value); err != nil {
			t.Fatalf("seed %d q%d: change %v: %v", q.Seed, q.N, c, err)
		}
	}
	if cfg != q.Config {
		t.Errorf("seed %d q%d: the Config is not %s with %v", q.Seed, q.N, q.Preset.ID, q.Changes)
	}
	if q.Pitfall == nil && (len(q.Changes) < 1 || len(q.Changes) > 2) {
		t.Errorf("seed %d q%d: %d changes from the preset", q.Seed, q.N, len(q.Changes))
	}
	if q.Scenario.Tour {
		t.Errorf("seed %d q%d: asks about the guided tour", q.Seed, q.N)
	}
	switch q.Kind {
	case AskOutcome:
		if len(q.Choices) != 2 {
			t.Errorf("seed %d q%d: %d choices for an outcome question", q.Seed, q.N, len(q.Choices))
		}
	case AskFix:
		if len(q.Choices) != 4 {
			t.Errorf("seed %d q%d: %d choices for a fix question", q.Seed, q.N, len(q.Choices))
		}
		keys := map[string]bool{}
		for _, c := range q.Choices {
			if !siteSide(c.Key) {
				t.Errorf("seed %d q%d: choice %s is the victim's browser, not a defence", q.Seed, q.N, c.Key)
			}
			if keys[c.Key] {
				t.Errorf("seed %d q%d: two choices change %s", q.Seed, q.N, c.Key)
			}
			keys[c.Key] = true
			if q.Config.Get(c.Key) == c.To {
				t.Errorf("seed %d q%d: choice %s=%q changes nothing", q.Seed, q.N, c.Key, c.To)
			}
		}
	default:
		t.Errorf("seed %d q%d: kind %q", q.Seed, q.N, q.Kind)
	}
}

func isRealFix(fixes []Fix, c QuizChoice) bool {
	for _, f := range fixes {
		if f.Key == c.Key && f.To == c.To {
			return f.Outcome == Blocked && !f.Breaks
		}
	}
	return false
}

// TestPitfallsAreTheDesignTruths runs each pitfall's setup and checks the
// engine's verdict against the truth it teaches (DESIGN.md, "Truths the
// page must get right"; the sources are in reference/).
func TestPitfallsAreTheDesignTruths(t *testing.T) {
	truths := map[string]struct {
		want Outcome
		says string // a word of the verdict's reason or rule
	}{
		// SESSION_COOKIE_AGE counts from the last write: 15 minutes after the
		// login the session is over, though the victim was busy until then.
		"age-from-last-write": {Blocked, "still working"},
		// With SAVE_EVERY_REQUEST a thief's requests keep the session alive too.
		"save-every-request-slides": {Succeeded, "re-saved"},
		// Session restore defeats EXPIRE_AT_BROWSER_CLOSE.
		"browser-close-and-restore":        {Succeeded, "session restore"},
		"firefox-restore-previous-session": {Succeeded, "Restore Previous Session"},
		// EXPIRE_AT_BROWSER_CLOSE only drops the cookie: the server still honours the key.
		"browser-close-server-side": {Blocked, "server still honours"},
		// signed_cookies sessions survive logout.
		"signed-cookies-logout": {Succeeded, "signed_cookies"},
		// SECURE_SSL_REDIRECT does not protect the first plain request...
		"ssl-redirect-not-hsts": {Succeeded, "SECURE_SSL_REDIRECT"},
		// ...HSTS does, after one HTTPS visit.
		"hsts-after-one-visit": {Blocked, "HSTS"},
		// Secure protects the cookie, not the password.
		"secure-not-password": {Succeeded, "password"},
		// SameSite does nothing against login CSRF...
		"samesite-login-csrf": {Succeeded, "login"},
		// ...nor against a sibling subdomain.
		"samesite-siblings": {Succeeded, "same site"},
		// No SameSite is not Lax in Chromium: the two-minute POST window.
		"missing-samesite": {Succeeded, "two minutes"},
		// HttpOnly and SameSite do not stop session riding; CSP does.
		"httponly-session-riding": {Succeeded, "same-origin"},
	}
	if len(truths) != len(Pitfalls) {
		t.Errorf("%d truths for %d pitfalls", len(truths), len(Pitfalls))
	}
	for i := range Pitfalls {
		p := &Pitfalls[i]
		var q Question
		q.pitfall(p)
		v := q.Scenario.Run(q.Config, false).Verdict
		tr, ok := truths[p.ID]
		if !ok {
			t.Errorf("pitfall %s: no truth to check it against", p.ID)
			continue
		}
		if v.Outcome != tr.want || v.Broken {
			t.Errorf("pitfall %s: the engine says %s (%s), the truth is %s", p.ID, v.Outcome, v.Reason, tr.want)
		}
		if !strings.Contains(v.Reason+" "+v.Rule, tr.says) {
			t.Errorf("pitfall %s: the verdict %q / %q does not say %q", p.ID, v.Reason, v.Rule, tr.says)
		}
		if a := q.Check(1); a.Right != map[Outcome]int{Succeeded: 0, Blocked: 1}[tr.want] {
			t.Errorf("pitfall %s: Check finds choice %d right", p.ID, a.Right)
		}
	}
}

func TestQuizReachesEveryPitfall(t *testing.T) {
	seen := map[string]bool{}
	for seed := uint64(1); seed <= 3; seed++ {
		for n := 1; n <= 3*len(Pitfalls); n++ {
			if (n-1+int(seed%3))%3 == 2 {
				seen[QuizQuestion(seed, n).Pitfall.ID] = true
			}
		}
	}
	for _, p := range Pitfalls {
		if !seen[p.ID] {
			t.Errorf("pitfall %s never asked", p.ID)
		}
	}
}

func BenchmarkQuizQuestion(b *testing.B) {
	for i := range b.N {
		QuizQuestion(uint64(i/QuizLength+1), i%QuizLength+1)
	}
}
