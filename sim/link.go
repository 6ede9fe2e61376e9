package sim

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// A share link carries the page's state in its fragment, query-style:
//
//	v1&SESSION_COOKIE_SECURE=True&login=handwritten&scenario=ssl-strip&step=4
//
// "v1" comes first, so that links made today keep their meaning when the
// format grows. Config fields follow by Field.Key, only those that differ
// from Defaults(), in field order; then "compare=1" and the compared
// Config's differences as "b.KEY=VALUE"; then the page state: scenario,
// step, mode, lock and show (comma-separated Field keys; an empty show is
// an embed without controls), reveal=1, seed and travel
// (time-travel moves, as ParseTravel reads them). Values
// are percent-escaped where a fragment or this format needs it.
// DecodeLink rejects anything else with an error that names the offending
// key: links are typed, pasted and truncated by hand.

// LinkState is what a share link holds.
type LinkState struct {
	Config   Config
	Compare  *Config  // the other side in compare mode; nil when not comparing
	Scenario string   // the selected scenario's ID; "" for none
	Step     int      // the selected step; 0 for none
	Mode     string   // "" for the lab itself, else one of LinkModes
	Locked   []string // Field keys the learner cannot change; nil for none
	Show     []string // Field keys an embed shows controls for; nil for its default set, empty for none
	Reveal   bool     // the quiz's answers are shown
	Seed     uint64   // the quiz's seed
	Travel   []Travel // time-travel moves played after the scenario
	Pace     int      // the player's milliseconds between steps, MinPace to MaxPace; 0 for the page's default
}

// The bounds of LinkState.Pace, in milliseconds.
const (
	MinPace = 600
	MaxPace = 5000
)

// LinkModes are the page's modes a link can open.
var LinkModes = []string{"embed", "presenter", "compare", "quiz"}

const (
	linkVersion = "v1"
	maxLinkSize = 8 << 10
	maxLinkStep = 9999
)

// EncodeLink renders s as a URL fragment, without the "#".
func EncodeLink(s LinkState) string {
	var b strings.Builder
	b.WriteString(linkVersion)
	d := Defaults()
	writeFields := func(prefix string, c *Config) {
		for i := range Fields {
			f := &Fields[i]
			if v := f.get(c); v != f.get(&d) {
				writeParam(&b, prefix+f.Key, v)
			}
		}
	}
	writeFields("", &s.Config)
	if s.Compare != nil {
		writeParam(&b, "compare", "1")
		writeFields("b.", s.Compare)
	}
	if s.Scenario != "" {
		writeParam(&b, "scenario", s.Scenario)
	}
	if s.Step != 0 {
		writeParam(&b, "step", strconv.Itoa(s.Step))
	}
	if s.Mode != "" {
		writeParam(&b, "mode", s.Mode)
	}
	if len(s.Locked) > 0 {
		writeParam(&b, "lock", strings.Join(s.Locked, ","))
	}
	if s.Show != nil {
		writeParam(&b, "show", strings.Join(s.Show, ","))
	}
	if s.Reveal {
		writeParam(&b, "reveal", "1")
	}
	if s.Seed != 0 {
		writeParam(&b, "seed", strconv.FormatUint(s.Seed, 10))
	}
	if len(s.Travel) > 0 {
		writeParam(&b, "travel", FormatTravel(s.Travel))
	}
	if s.Pace != 0 {
		writeParam(&b, "pace", strconv.Itoa(s.Pace))
	}
	return b.String()
}

func writeParam(b *strings.Builder, key, value string) {
	b.WriteByte('&')
	b.WriteString(key)
	b.WriteByte('=')
	for i := 0; i < len(value); i++ {
		if c := value[i]; linkSafe(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
}

// linkSafe reports whether c may appear unescaped in a value: a fragment
// character (RFC 3986 §3.5) other than the separators "&" and "=", "+"
// (which form decoders read as a space) and "%".
func linkSafe(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("-._~!$'()*,;:@/?", c) >= 0
}

// DecodeLink reads a fragment made by EncodeLink (a leading "#" is allowed).
func DecodeLink(fragment string) (LinkState, error) {
	if len(fragment) > maxLinkSize {
		return LinkState{}, fmt.Errorf("the link is %d bytes long; a Session Lab link is at most %d", len(fragment), maxLinkSize)
	}
	fragment = strings.TrimPrefix(fragment, "#")
	params := strings.Split(fragment, "&")
	switch v := params[0]; {
	case v == linkVersion:
	case len(v) > 1 && v[0] == 'v' && strings.Trim(v[1:], "0123456789") == "":
		return LinkState{}, fmt.Errorf("the link is of format %s, newer than this page's %s", v, linkVersion)
	default:
		return LinkState{}, errors.New(`not a Session Lab link: it does not start with "` + linkVersion + `"`)
	}
	s := LinkState{Config: Defaults()}
	seen := make(map[string]bool, len(params))
	var compare Config
	for _, p := range params[1:] {
		key, raw, ok := strings.Cut(p, "=")
		if !ok {
			return LinkState{}, fmt.Errorf("link parameter %q has no value", p)
		}
		if seen[key] {
			return LinkState{}, fmt.Errorf("link parameter %s appears twice", key)
		}
		seen[key] = true
		v, err := url.PathUnescape(raw)
		if err != nil {
			return LinkState{}, fmt.Errorf("link parameter %s: bad escape in %q", key, raw)
		}
		if err := s.set(key, v, &compare); err != nil {
			return LinkState{}, err
		}
	}
	if seen["compare"] {
		s.Compare = &compare
	}
	return s, nil
}

// set applies one decoded parameter; compare collects the b. fields.
func (s *LinkState) set(key, v string, compare *Config) error {
	bad := func(what string) error { return fmt.Errorf("link parameter %s: %q is not %s", key, v, what) }
	switch key {
	case "compare":
		if v != "1" {
			return bad("1")
		}
		*compare = Defaults()
	case "scenario":
		if !validScenarioID(v) {
			return bad("a scenario id")
		}
		s.Scenario = v
	case "step":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLinkStep || v != strconv.Itoa(n) {
			return bad("a step number from 1 to " + strconv.Itoa(maxLinkStep))
		}
		s.Step = n
	case "mode":
		for _, m := range LinkModes {
			if v == m {
				s.Mode = v
				return nil
			}
		}
		return bad("one of " + strings.Join(LinkModes, ", "))
	case "lock", "show":
		if key == "show" && v == "" {
			s.Show = []string{}
			return nil
		}
		keys := strings.Split(v, ",")
		for i, k := range keys {
			if _, ok := FieldByKey(k); !ok {
				return fmt.Errorf("link parameter %s: unknown setting %q", key, k)
			}
			for _, prev := range keys[:i] {
				if prev == k {
					return fmt.Errorf("link parameter %s: %s appears twice", key, k)
				}
			}
		}
		if key == "lock" {
			s.Locked = keys
		} else {
			s.Show = keys
		}
	case "reveal":
		if v != "1" {
			return bad("1")
		}
		s.Reveal = true
	case "travel":
		ts, err := ParseTravel(v)
		if err != nil || len(ts) == 0 {
			return fmt.Errorf("link parameter travel: %v", err)
		}
		s.Travel = ts
	case "pace":
		n, err := strconv.Atoi(v)
		if err != nil || n < MinPace || n > MaxPace || v != strconv.Itoa(n) {
			return bad("a number of milliseconds from " + strconv.Itoa(MinPace) + " to " + strconv.Itoa(MaxPace))
		}
		s.Pace = n
	case "seed":
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n == 0 || v != strconv.FormatUint(n, 10) {
			return bad("a seed from 1 to 2^64-1")
		}
		s.Seed = n
	default:
		c, field := &s.Config, key
		if k, ok := strings.CutPrefix(key, "b."); ok {
			if *compare == (Config{}) {
				return fmt.Errorf("link parameter %s comes before compare=1", key)
			}
			c, field = compare, k
		}
		f, ok := FieldByKey(field)
		if !ok {
			return fmt.Errorf("link parameter %s: unknown setting", key)
		}
		if err := f.set(c, v); err != nil {
			return fmt.Errorf("link parameter %s: %w", key, err)
		}
	}
	return nil
}

// validScenarioID accepts the catalogue's id syntax: lower-case words
// joined by hyphens. Whether the scenario exists is the page's business, so
// that a link outlives a scenario's removal.
func validScenarioID(id string) bool {
	if id == "" || len(id) > 64 || id[0] == '-' || id[len(id)-1] == '-' {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ParseLinkURL reads the state from a full page URL with a link fragment.
func ParseLinkURL(u string) (LinkState, error) {
	if len(u) > 2*maxLinkSize {
		return LinkState{}, fmt.Errorf("the URL is %d bytes long; a Session Lab link is at most %d", len(u), maxLinkSize)
	}
	page, fragment, ok := strings.Cut(u, "#")
	if !ok {
		return LinkState{}, errors.New("the URL has no #fragment: copy the whole share link")
	}
	if _, err := url.Parse(page); err != nil {
		return LinkState{}, fmt.Errorf("not a URL: %v", err)
	}
	return DecodeLink(fragment)
}
