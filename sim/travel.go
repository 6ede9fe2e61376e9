package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Travel is one move of the time-travel controls, played after a
// scenario's own script: the learner explores what happens next without
// changing the verdict, which belongs to the script.
type Travel struct {
	Kind    TravelKind
	Minutes int // for TravelWait
}

// TravelKind is what a Travel move does.
type TravelKind string

const (
	TravelWait   TravelKind = "wait"   // the virtual clock jumps forward
	TravelClose  TravelKind = "close"  // the victim's browser is closed (and reopened later)
	TravelNext   TravelKind = "next"   // the next person sits down at the victim's computer and opens the site
	TravelVictim TravelKind = "victim" // the victim opens the site again
	TravelReplay TravelKind = "replay" // the attacker replays what they hold
)

// MaxTravel bounds a share link's or a learner's list of moves.
const MaxTravel = 20

// ParseTravel reads moves written as "wait:120,close,next,replay".
func ParseTravel(s string) ([]Travel, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > MaxTravel {
		return nil, fmt.Errorf("at most %d time-travel moves", MaxTravel)
	}
	out := make([]Travel, 0, len(parts))
	for _, p := range parts {
		kind, arg, hasArg := strings.Cut(p, ":")
		t := Travel{Kind: TravelKind(kind)}
		switch t.Kind {
		case TravelWait:
			n, err := strconv.Atoi(arg)
			if !hasArg || err != nil || n < 1 || n > 60*24*400 {
				return nil, fmt.Errorf("%q: wait takes minutes, 1 to 576000", p)
			}
			t.Minutes = n
		case TravelClose, TravelNext, TravelVictim, TravelReplay:
			if hasArg {
				return nil, fmt.Errorf("%q: %s takes no argument", p, kind)
			}
		default:
			return nil, fmt.Errorf("%q is not a time-travel move (wait:N, close, next, victim, replay)", p)
		}
		out = append(out, t)
	}
	return out, nil
}

// FormatTravel is the inverse of ParseTravel.
func FormatTravel(ts []Travel) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = string(t.Kind)
		if t.Kind == TravelWait {
			parts[i] += ":" + strconv.Itoa(t.Minutes)
		}
	}
	return strings.Join(parts, ",")
}

// RunWithTravel runs the scenario with its full trace, then plays the moves.
func (s *Scenario) RunWithTravel(cfg Config, moves []Travel) *Run {
	w := newWorld(cfg, s, true)
	s.play(w)
	for _, m := range moves {
		w.travel(m)
	}
	return w.finish()
}

func (w *World) travel(m Travel) {
	switch m.Kind {
	case TravelWait:
		d := time.Duration(m.Minutes) * time.Minute
		w.wait(d)
		w.note(ActorVictim, span(d)+" pass", "the clock reads "+clock(w.now), nil)
	case TravelClose:
		w.victim.jar.CloseBrowser(w.cfg.SessionRestore)
		result := "session cookies are gone"
		if w.cfg.SessionRestore {
			result = "session restore keeps session cookies"
		}
		w.note(ActorVictim, "the browser is closed and reopened", result, nil)
	case TravelNext, TravelVictim:
		actor := ActorVictim
		if m.Kind == TravelNext {
			actor = ActorNext
		}
		r := w.victim.do(nav{method: "GET", url: w.siteURL("/account/"), topLevel: true, quiet: true, action: "opens the site", actor: actor})
		w.track("served as", userOrAnonymous(r.User))
	case TravelReplay:
		if w.stolenCookie == "" {
			w.note(ActorAttacker, "has nothing to replay", "the attacker holds no session cookie", nil)
			return
		}
		resp := w.replayResponse(w.stolenCookie, "replays the stolen cookie")
		if v := w.sessionValue(resp.SetCookies); v != "" {
			w.stolenCookie = v
		}
	}
}

// Lanes are the scenario's lanes plus any actor that time travel brought in.
func (r *Run) Lanes() []Lane {
	lanes := r.Scenario.Lanes
	seen := map[Actor]bool{}
	for _, l := range lanes {
		seen[l.Actor] = true
	}
	for _, st := range r.Steps {
		if !seen[st.Actor] {
			seen[st.Actor] = true
			lanes = append(lanes[:len(lanes):len(lanes)], Lane{st.Actor, laneTitle(st.Actor)})
		}
	}
	return lanes
}

func laneTitle(a Actor) string {
	switch a {
	case ActorNext:
		return "The next person"
	case ActorAttacker:
		return "Attacker"
	case ActorServer:
		return SiteHost
	}
	return "Victim's browser"
}
