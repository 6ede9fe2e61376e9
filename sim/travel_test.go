package sim

import (
	"strings"
	"testing"
)

func TestParseTravel(t *testing.T) {
	good := []string{"", "wait:5", "wait:20160,close,next", "victim,replay,wait:1"}
	for _, s := range good {
		ts, err := ParseTravel(s)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if got := FormatTravel(ts); got != s {
			t.Errorf("round trip %q -> %q", s, got)
		}
	}
	bad := []string{"wait", "wait:0", "wait:x", "close:3", "fly", strings.Repeat("close,", MaxTravel) + "close", "wait:999999999"}
	for _, s := range bad {
		if _, err := ParseTravel(s); err == nil {
			t.Errorf("%q: accepted", s)
		}
	}
}

func FuzzParseTravel(f *testing.F) {
	for _, s := range []string{"wait:5,close,next", "replay", "wait:-1", ",,", "wait:5:5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := ParseTravel(s)
		if err != nil {
			return
		}
		again, err := ParseTravel(FormatTravel(ts))
		if err != nil || len(again) != len(ts) {
			t.Fatalf("%q does not round-trip: %v", s, err)
		}
	})
}

// TestTravel plays the time-travel moves the page offers and checks who the
// site then serves, against the same rules the scenarios use.
func TestTravel(t *testing.T) {
	tests := []struct {
		name     string
		cfg      Config
		scenario string
		moves    string
		served   string // what the last row's result says
	}{
		{"a persistent cookie survives closing the browser", Defaults(), "xss-session-riding", "close,next", "as alice"},
		{"a browser-session cookie does not", with(t, "defaults", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "True"), "xss-session-riding", "close,next", "redirect to /login/"},
		{"unless session restore is on", with(t, "defaults", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "True", "session_restore", "True"), "xss-session-riding", "close,next", "as alice"},
		{"two weeks later the session is gone", Defaults(), "xss-session-riding", "wait:20160,victim", "redirect to /login/"},
		{"a copy outlives logout with signed cookies", with(t, "defaults", "SESSION_ENGINE", "signed_cookies"), "replay-after-logout", "wait:60,replay", "as alice"},
		{"but not SESSION_COOKIE_AGE", with(t, "defaults", "SESSION_ENGINE", "signed_cookies"), "replay-after-logout", "wait:20160,replay", "redirect to /login/"},
	}
	for _, tt := range tests {
		moves, err := ParseTravel(tt.moves)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := ScenarioByID(tt.scenario)
		plain := s.Run(tt.cfg, true)
		r := s.RunWithTravel(tt.cfg, moves)
		if r.Verdict.Outcome != plain.Verdict.Outcome {
			t.Errorf("%s: time travel changed the verdict", tt.name)
		}
		last := r.Steps[len(r.Steps)-1]
		if !strings.Contains(last.Result, tt.served) {
			t.Errorf("%s: last row %q, want %q", tt.name, last.Result, tt.served)
		}
	}
}
