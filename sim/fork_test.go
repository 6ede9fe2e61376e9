package sim

import (
	"reflect"
	"testing"
)

// forkConfigs are the presets and every single change of each: the configs
// the board and its fixes run on.
func forkConfigs() []Config {
	var out []Config
	for _, p := range Presets {
		out = append(out, p.Config)
		for _, a := range alternatives(p.Config) {
			out = append(out, a.cfg)
		}
	}
	return out
}

// TestBoardSharesLoginFaithfully: a board that forks one logged-in world for
// every scenario that starts with the login gives each scenario the verdict
// its own run gives.
func TestBoardSharesLoginFaithfully(t *testing.T) {
	for _, cfg := range forkConfigs() {
		shared := boardVerdicts(cfg)
		for i, s := range Scenarios {
			if own := s.Run(cfg, false).Verdict; !reflect.DeepEqual(shared[i], own) {
				t.Fatalf("%s on %s:\nboard %+v\nown run %+v", s.ID, EncodeLink(LinkState{Config: cfg}), shared[i], own)
			}
		}
	}
}

// TestBoardWithFixesIsEachScenariosFixes: the board's fixes, computed board
// by board over every alternative, are the ones each scenario finds alone.
func TestBoardWithFixesIsEachScenariosFixes(t *testing.T) {
	for _, p := range Presets {
		for _, e := range BoardWithFixes(p.Config) {
			if own := e.Scenario.Fixes(p.Config); !reflect.DeepEqual(e.Fixes, own) {
				t.Errorf("%s on %q:\nboard %+v\nown %+v", e.Scenario.ID, p.ID, e.Fixes, own)
			}
		}
	}
}

// TestForkCopiesEverything: a fork is the world it came from, state for
// state, and shares no pointer, map or slice with it, so scenarios that go
// on from forks of one world cannot reach into each other.
func TestForkCopiesEverything(t *testing.T) {
	for _, p := range Presets {
		for _, s := range Scenarios {
			if !s.logsIn {
				continue
			}
			w := newWorld(p.Config, s, false)
			w.logIn(ActorVictim)
			f := w.fork(s)
			if f.site.cfg != &f.cfg || f.site.st.cfg != &f.cfg || f.site.rnd != f.rnd || f.site.st.rnd != f.rnd || f.victim.w != f {
				t.Fatalf("%s on %q: the fork's parts point outside it", s.ID, p.ID)
			}
			if shared := sharedMemory(w, f); shared != "" {
				t.Fatalf("%s on %q: the fork shares %s with its world", s.ID, p.ID, shared)
			}
			// Between requests the site's request scratch space and the
			// signer's hash state mean nothing; everything else must match.
			for _, x := range []*World{w, f} {
				x.site.sess, x.site.st.signer = djSession{}, djSigner{}
			}
			if !reflect.DeepEqual(w, f) {
				t.Fatalf("%s on %q: the fork differs from its world:\n%+v\n%+v", s.ID, p.ID, *w.victim, *f.victim)
			}
		}
	}
}

// sharedMemory names the first memory that a and b can both reach, through
// pointers, maps, slices and interfaces, not counting the scenario
// catalogue (read-only) and strings (immutable); "" when there is none.
func sharedMemory(a, b *World) string {
	seenA := map[uintptr]string{}
	reach(reflect.ValueOf(a), "w", seenA, map[uintptr]bool{})
	var found string
	seenB := map[uintptr]bool{}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		if found != "" {
			return
		}
		if p, ok := address(v); ok {
			if at, shared := seenA[p]; shared {
				found = path + " (also " + at + ")"
				return
			}
			if seenB[p] {
				return
			}
			seenB[p] = true
		}
		children(v, path, walk)
	}
	walk(reflect.ValueOf(b), "fork")
	return found
}

func reach(v reflect.Value, path string, seen map[uintptr]string, done map[uintptr]bool) {
	if p, ok := address(v); ok {
		if done[p] {
			return
		}
		done[p], seen[p] = true, path
	}
	children(v, path, func(c reflect.Value, cp string) { reach(c, cp, seen, done) })
}

// address is the memory a pointer, map or non-empty slice refers to.
func address(v reflect.Value) (uintptr, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Map:
		return v.Pointer(), !v.IsNil() && v.Type() != reflect.TypeFor[*Scenario]()
	case reflect.Slice:
		return v.Pointer(), v.Cap() > 0
	}
	return 0, false
}

// children calls f on what v holds, skipping the read-only catalogue.
func children(v reflect.Value, path string, f func(reflect.Value, string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() || v.Type() == reflect.TypeFor[*Scenario]() {
			return
		}
		f(v.Elem(), path)
	case reflect.Struct:
		for i := range v.NumField() {
			f(v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			f(v.Index(i), path+"[]")
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			f(it.Value(), path+"[]")
		}
	}
}
