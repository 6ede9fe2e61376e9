package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// VerdictsMain is the command line's face of the engine, run by
// `go run . verdicts`: it builds a Config from a preset, a settings.py, a
// share link and --set changes, runs the board and prints every verdict
// with its fixes, the deploy-check warnings and their blind spots. It
// returns the exit status: 0, or 2 after a usage or input error.
//
// With --json it prints one JSON document, whose field names are stable:
//
//	{
//	  "version": 1,
//	  "config": {"KEY": "value", ...},        every Field, by Field.Key
//	  "changed": ["KEY", ...],               the keys that differ from Defaults()
//	  "link": "v1&...",                      the Config's share-link fragment
//	  "notes": [{"line", "level", "text"}],  what the settings.py import noted
//	  "scenarios": [{"id", "title", "outcome" ("succeeded" or "blocked"),
//	                 "reason", "rule", "source", "step",
//	                 "fixes": [{"key", "from", "to", "outcome", "reason", "breaks"}]}],
//	  "deploy_checks": [{"id", "message", "hint", "key", "value"}],
//	  "blind_spots": [{"id", "title", "reason"}]
//	}
func VerdictsMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintf(stderr, "verdicts: %v\n", err)
		return 2
	}
	a, err := parseVerdictsArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "verdicts: %v\nRun 'go run . verdicts --help' for usage.\n", err)
		return 2
	}
	if a.help {
		io.WriteString(stdout, VerdictsUsage())
		return 0
	}
	if a.link != "" && (a.preset != "" || a.file != "") {
		return fail(errors.New("--link gives the whole state: it cannot be combined with --preset or a settings file"))
	}

	cfg := Defaults()
	if a.preset != "" {
		p, ok := PresetByID(a.preset)
		if !ok {
			return fail(fmt.Errorf("unknown preset %q (the presets: %s)", a.preset, presetIDs()))
		}
		cfg = p.Config
	}
	var notes []Note
	if a.file != "" {
		src, err := readSettings(a.file, stdin)
		if err != nil {
			return fail(err)
		}
		cfg, notes = ImportSettings(src, cfg)
		errs := 0
		for _, n := range notes {
			if !a.json || n.Level == NoteError {
				fmt.Fprintf(stderr, "%s:%d: %s: %s\n", a.file, n.Line, n.Level, n.Text)
			}
			if n.Level == NoteError {
				errs++
			}
		}
		if errs > 0 {
			return fail(fmt.Errorf("%s: %s that Django or Python would reject; fix or remove them", a.file, plural(errs, "line")))
		}
	}
	if a.link != "" {
		s, err := parseLinkArg(a.link)
		if err != nil {
			return fail(err)
		}
		cfg = s.Config
	}
	for _, kv := range a.sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fail(fmt.Errorf("--set %s: want KEY=VALUE", kv))
		}
		if err := cfg.Set(k, v); err != nil {
			return fail(fmt.Errorf("--set %s: %v", kv, err))
		}
	}

	doc := verdicts(cfg, notes)
	if a.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return fail(err)
		}
		return 0
	}
	writeVerdicts(stdout, doc)
	return 0
}

type verdictsArgs struct {
	json, help         bool
	preset, link, file string
	sets               []string
}

// parseVerdictsArgs reads flags in the -flag, --flag, --flag VALUE and
// --flag=VALUE forms, anywhere among the arguments, up to a "--".
func parseVerdictsArgs(args []string) (verdictsArgs, error) {
	var a verdictsArgs
	var files []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			files = append(files, args[i+1:]...)
			break
		}
		if arg == "-" || !strings.HasPrefix(arg, "-") {
			files = append(files, arg)
			continue
		}
		name, value, inline := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-"), "=")
		switch name {
		case "json", "help", "h":
			if inline {
				return a, fmt.Errorf("-%s takes no value", name)
			}
			a.json = a.json || name == "json"
			a.help = a.help || name != "json"
			continue
		case "preset", "link", "set":
		default:
			return a, fmt.Errorf("unknown flag %s", arg)
		}
		if !inline {
			if i+1 == len(args) {
				return a, fmt.Errorf("--%s needs a value", name)
			}
			i++
			value = args[i]
		}
		switch name {
		case "preset":
			a.preset = value
		case "link":
			a.link = value
		case "set":
			a.sets = append(a.sets, value)
		}
	}
	if len(files) > 1 {
		return a, fmt.Errorf("one settings file at most, got %s", strings.Join(files, " "))
	}
	if len(files) == 1 {
		a.file = files[0]
	}
	return a, nil
}

func readSettings(name string, stdin io.Reader) (string, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return "", err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxSettingsSize+1))
	if err != nil {
		return "", fmt.Errorf("reading %s: %v", name, err)
	}
	if len(b) > maxSettingsSize {
		return "", fmt.Errorf("%s is larger than 1 MiB", name)
	}
	return string(b), nil
}

// parseLinkArg accepts a full share URL or its bare fragment.
func parseLinkArg(s string) (LinkState, error) {
	if strings.Contains(s, "#") {
		return ParseLinkURL(s)
	}
	return DecodeLink(s)
}

func presetIDs() string {
	ids := make([]string, len(Presets))
	for i, p := range Presets {
		ids[i] = p.ID
	}
	return strings.Join(ids, ", ")
}

type verdictsDoc struct {
	Version    int               `json:"version"`
	Config     map[string]string `json:"config"`
	Changed    []string          `json:"changed"`
	Link       string            `json:"link"`
	Notes      []Note            `json:"notes"`
	Scenarios  []scenarioDoc     `json:"scenarios"`
	Deploy     []DeployWarning   `json:"deploy_checks"`
	BlindSpots []blindSpotDoc    `json:"blind_spots"`
}

type scenarioDoc struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Outcome Outcome  `json:"outcome"`
	Reason  string   `json:"reason"`
	Rule    string   `json:"rule"`
	Source  Source   `json:"source"`
	Step    int      `json:"step"`
	Fixes   []fixDoc `json:"fixes"`
}

type fixDoc struct {
	Key     string  `json:"key"`
	From    string  `json:"from"`
	To      string  `json:"to"`
	Outcome Outcome `json:"outcome"`
	Reason  string  `json:"reason"`
	Breaks  bool    `json:"breaks"` // after it nobody can log in, or stay logged in, any more
}

type blindSpotDoc struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Reason string `json:"reason"`
}

// verdicts computes everything VerdictsMain prints.
func verdicts(cfg Config, notes []Note) verdictsDoc {
	doc := verdictsDoc{
		Version:    1,
		Config:     make(map[string]string, len(Fields)),
		Changed:    Diff(Defaults(), cfg),
		Link:       EncodeLink(LinkState{Config: cfg}),
		Notes:      notes,
		Scenarios:  []scenarioDoc{},
		Deploy:     DeployChecks(cfg),
		BlindSpots: []blindSpotDoc{},
	}
	for i := range Fields {
		doc.Config[Fields[i].Key] = Fields[i].get(&cfg)
	}
	if doc.Changed == nil {
		doc.Changed = []string{}
	}
	if doc.Notes == nil {
		doc.Notes = []Note{}
	}
	if doc.Deploy == nil {
		doc.Deploy = []DeployWarning{}
	}
	board := BoardWithFixes(cfg)
	for _, e := range board {
		v := e.Verdict
		sd := scenarioDoc{ID: e.Scenario.ID, Title: e.Scenario.Title, Outcome: v.Outcome, Reason: v.Reason,
			Rule: v.Rule, Source: v.Source, Step: v.Step, Fixes: []fixDoc{}}
		for _, f := range e.Fixes {
			sd.Fixes = append(sd.Fixes, fixDoc{f.Key, f.From, f.To, f.Outcome, f.Reason, f.Breaks})
		}
		doc.Scenarios = append(doc.Scenarios, sd)
	}
	for _, b := range DeployBlindSpots(cfg, board) {
		doc.BlindSpots = append(doc.BlindSpots, blindSpotDoc{b.Scenario.ID, b.Scenario.Title, b.Verdict.Reason})
	}
	return doc
}

func writeVerdicts(w io.Writer, doc verdictsDoc) {
	if len(doc.Changed) == 0 {
		fmt.Fprintln(w, "Config: Session Lab's defaults (a fresh startproject over HTTPS)")
	} else {
		fmt.Fprintln(w, "Config: Session Lab's defaults, and")
		for _, k := range doc.Changed {
			fmt.Fprintf(w, "  %s = %s\n", k, showValue(k, doc.Config[k]))
		}
	}
	fmt.Fprintf(w, "Link: #%s\n", doc.Link)
	for _, s := range doc.Scenarios {
		fmt.Fprintf(w, "\n%s: %s\n", s.ID, strings.ToUpper(string(s.Outcome)))
		fmt.Fprintf(w, "  %s\n", s.Reason)
		fmt.Fprintf(w, "  rule:   %s\n", s.Rule)
		fmt.Fprintf(w, "  source: %s\n", s.Source)
		if len(s.Fixes) == 0 {
			fmt.Fprintln(w, "  no single change flips it")
			continue
		}
		fmt.Fprintf(w, "  single changes that make it %s:\n", s.Fixes[0].Outcome)
		for _, f := range s.Fixes {
			breaks := ""
			if f.Breaks {
				breaks = "  [breaks the login]"
			}
			fmt.Fprintf(w, "    %s: %s -> %s  (%s)%s\n", f.Key, showValue(f.Key, f.From), showValue(f.Key, f.To), f.Reason, breaks)
		}
	}
	fmt.Fprintln(w, "\nmanage.py check --deploy, session/CSRF/HTTPS warnings:")
	if len(doc.Deploy) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, d := range doc.Deploy {
		fmt.Fprintf(w, "  ?: (%s) %s\n", d.ID, d.Message)
	}
	fmt.Fprintln(w, "\nBlind spots, live attacks that survive heeding every deploy warning:")
	if len(doc.BlindSpots) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, b := range doc.BlindSpots {
		fmt.Fprintf(w, "  %s: %s\n", b.ID, b.Reason)
	}
}

// showValue renders a field's value for text output; an empty value gets
// its label, e.g. SESSION_COOKIE_DOMAIN's "None (this host only)".
func showValue(key, v string) string {
	if v != "" {
		return v
	}
	if f, ok := FieldByKey(key); ok {
		if l := f.ChoiceLabel(v); l != "" {
			return l
		}
	}
	return `""`
}

// VerdictsUsage is the --help text.
func VerdictsUsage() string {
	var b strings.Builder
	b.WriteString(`usage: go run . verdicts [--json] [--preset NAME] [--set KEY=VALUE ...] [--link URL] [settings.py]

Runs every Session Lab scenario on one configuration and prints each verdict
with its reason, deciding rule and source, and the single changes that flip
it; then the warnings of manage.py check --deploy that the configuration
raises, and the live attacks that survive heeding all of them.

The configuration is built in this order:
  --preset NAME     start from a preset instead of the defaults:
                    ` + presetIDs() + `
  settings.py       apply a settings file's assignments ("-" reads stdin)
  --link URL        take exactly the state of a share link (the page URL or
                    its fragment); not with --preset or a settings file
  --set KEY=VALUE   change one field; repeatable, applied in order
  --json            print one JSON document instead of text

Exit status: 0 on success, 2 on a usage or input error.

Keys and values for --set ("" is the empty value, written KEY=):
`)
	for i := range Fields {
		f := &Fields[i]
		vals := ""
		switch f.Kind {
		case KindBool:
			vals = "True | False"
		case KindChoice:
			vals = strings.Join(quoteEmpty(f.Candidates()), " | ")
		case KindInt:
			vals = "whole number " + strconv.Itoa(f.Min) + ".." + strconv.Itoa(f.Max)
		case KindText:
			vals = "text, e.g. " + strings.Join(quoteEmpty(f.Candidates()), ", ")
			if f.Key == "CSRF_TRUSTED_ORIGINS" {
				vals = "origins separated by commas, e.g. " + strings.Join(quoteEmpty(f.Candidates()), " or ")
			}
		}
		fmt.Fprintf(&b, "  %-32s %s\n", f.Key, vals)
	}
	return b.String()
}

func quoteEmpty(vs []string) []string {
	for i, v := range vs {
		if v == "" {
			vs[i] = `""`
		}
	}
	return vs
}
