package app

import (
	"strconv"

	"sessionlab/sim"
)

// Model is the page's whole state. Link is what a share link carries (the
// Config, the open scenario and step, and the modes other pages use); the
// other fields belong to this tab only.
//
// The page follows the Elm architecture: Update is a pure function from a
// Model and a message to the next Model, the view is derived from the Model,
// and the root component performs the few effects (URL, clipboard, storage)
// after each update.
type Model struct {
	Link sim.LinkState

	// Drafts holds the text of controls that did not parse, by field key, so
	// that the learner's input stays where it was typed, next to its error.
	Drafts map[string]Draft

	// Paste is the settings.py being pasted. It is never dropped, even when it
	// does not parse; Notes are the messages of its last import.
	Paste string
	Notes []sim.Note

	Flash   Flash // the last message for the learner
	Playing bool  // the stepper advances by itself
	Share   bool  // the share box is open

	Embed EmbedBuilder // the embed builder's choices (embed.go)

	Shortcuts bool      // the keyboard-shortcuts sheet is open (presenter.go)
	EditB     bool      // compare mode: the settings panel edits side B (compare.go)
	Quiz      QuizScore // the quiz's score (quiz.go)
}

// Draft is a control's text that did not parse, with the reason.
type Draft struct{ Text, Err string }

// Flash is a message shown above the page; Error marks a failure.
type Flash struct {
	Text  string
	Error bool
}

// NewModel is the state of a fresh page: Django's defaults, no scenario open.
func NewModel() Model {
	return Model{Link: sim.LinkState{Config: sim.Defaults()}}
}

// Msg is a message: something the learner or the page did.
type Msg interface {
	update(Model) Model
}

// Update returns the Model after msg. It never changes m.
func Update(m Model, msg Msg) Model {
	if len(m.Drafts) > 0 {
		drafts := make(map[string]Draft, len(m.Drafts))
		for k, v := range m.Drafts {
			drafts[k] = v
		}
		m.Drafts = drafts
	}
	return msg.update(m)
}

// SetField sets one Config member from a control's text (or a fix).
type SetField struct{ Key, Value string }

func (msg SetField) update(m Model) Model {
	f, ok := sim.FieldByKey(msg.Key)
	if !ok {
		m.Flash = Flash{"There is no setting called " + msg.Key + ".", true}
		return m
	}
	if contains(m.Link.Locked, msg.Key) {
		m.Flash = Flash{f.Label + " is locked by this link.", true}
		return m
	}
	if embedHides(m.Link, msg.Key) {
		m.Flash = Flash{f.Label + " is not among this embed's settings; open it in Session Lab to change it.", true}
		return m
	}
	cfg := m.sideConfig()
	if err := f.Set(&cfg, msg.Value); err != nil {
		if m.Drafts == nil {
			m.Drafts = map[string]Draft{}
		}
		m.Drafts[msg.Key] = Draft{Text: msg.Value, Err: err.Error()}
		return m
	}
	delete(m.Drafts, msg.Key)
	m.setSide(cfg)
	return m
}

// ApplyFix applies one of the fixes the engine found.
type ApplyFix struct{ Key, To string }

func (msg ApplyFix) update(m Model) Model {
	m = SetField{msg.Key, msg.To}.update(m)
	if _, failed := m.Drafts[msg.Key]; !failed && !m.refuses(msg.Key) {
		m.Flash = Flash{Text: "Applied: " + msg.Key + " = " + displayValue(msg.Key, msg.To) + "."}
	}
	return m
}

// UsePreset replaces the Config with a named preset.
type UsePreset struct{ ID string }

func (msg UsePreset) update(m Model) Model {
	p, ok := sim.PresetByID(msg.ID)
	if !ok {
		m.Flash = Flash{"There is no preset called " + msg.ID + ".", true}
		return m
	}
	m.setSide(m.keepLocked(p.Config))
	m.Drafts = nil
	m.Flash = Flash{Text: "Loaded the preset “" + p.Title + "”."}
	return m
}

// Reset goes back to Django's defaults, keeping the open scenario.
type Reset struct{}

func (Reset) update(m Model) Model {
	m.setSide(m.keepLocked(sim.Defaults()))
	m.Drafts = nil
	m.Flash = Flash{Text: "Settings reset to Django's defaults."}
	return m
}

// Open opens a scenario at its first step.
type Open struct{ ID string }

func (msg Open) update(m Model) Model {
	if _, ok := sim.ScenarioByID(msg.ID); !ok {
		m.Flash = Flash{"There is no scenario called " + msg.ID + ".", true}
		return m
	}
	m.Link.Scenario, m.Link.Step, m.Playing = msg.ID, 1, false
	m.Link.Travel, m.Link.Reveal = nil, false
	return m
}

// Close closes the open scenario.
type Close struct{}

func (Close) update(m Model) Model {
	m.Link.Scenario, m.Link.Step, m.Playing = "", 0, false
	m.Link.Travel, m.Link.Reveal = nil, false
	return m
}

// GoTo moves the stepper to step N (1-based) of the open scenario, whose
// last step is Last; it stops playing.
type GoTo struct{ N, Last int }

func (msg GoTo) update(m Model) Model {
	m.Link.Step = clamp(msg.N, 1, msg.Last)
	m.Playing = false
	return m
}

// Play starts or stops the stepper. Starting on the last step starts over.
type Play struct {
	On   bool
	Last int
}

func (msg Play) update(m Model) Model {
	m.Playing = msg.On && msg.Last > 1
	if m.Playing && m.Link.Step >= msg.Last {
		m.Link.Step = 1
	}
	return m
}

// Tick is the player's clock: one step forward, stopping at Last.
type Tick struct{ Last int }

func (msg Tick) update(m Model) Model {
	if !m.Playing {
		return m
	}
	m.Link.Step = clamp(m.Link.Step+1, 1, msg.Last)
	m.Playing = m.Link.Step < msg.Last
	return m
}

// EditPaste records the settings.py text as it is typed or pasted.
type EditPaste struct{ Text string }

func (msg EditPaste) update(m Model) Model {
	m.Paste = msg.Text
	return m
}

// Import loads the pasted settings.py over the current Config. What parses
// is applied; every problem becomes a note on its line. The text stays.
type Import struct{}

func (Import) update(m Model) Model {
	cfg, notes := sim.ImportSettings(m.Paste, m.sideConfig())
	cfg = m.keepLocked(cfg)
	changed := len(sim.Diff(m.sideConfig(), cfg))
	m.setSide(cfg)
	m.Notes = notes
	m.Drafts = nil
	errors := 0
	for _, n := range notes {
		if n.Level == sim.NoteError {
			errors++
		}
	}
	m.Flash = Flash{Text: "Loaded settings.py: " + plural(changed, "setting") + " changed."}
	if errors > 0 {
		m.Flash = Flash{"settings.py has " + plural(errors, "error") + " (see the notes under it); " + plural(changed, "setting") + " changed.", true}
	}
	return m
}

// plural is "1 setting" or "3 settings".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// LoadLink restores the state a share link carries in the URL fragment. An
// empty fragment is a fresh page; a fragment that does not decode leaves the
// defaults and says why.
type LoadLink struct{ Fragment string }

func (msg LoadLink) update(m Model) Model {
	m.Drafts, m.Playing = nil, false
	if msg.Fragment == "" {
		m.Link = NewModel().Link
		return m
	}
	l, err := sim.DecodeLink(msg.Fragment)
	if err != nil {
		m.Link = NewModel().Link
		m.Flash = Flash{"This link could not be read (" + err.Error() + "). Showing Django's defaults instead.", true}
		return m
	}
	if l.Scenario != "" {
		if _, ok := sim.ScenarioByID(l.Scenario); !ok {
			m.Flash = Flash{"This link opens a scenario this page does not know (" + l.Scenario + "); its settings are loaded.", true}
			l.Scenario, l.Step = "", 0
		} else if l.Step < 1 {
			l.Step = 1
		}
	}
	m.Link = l
	return m
}

// ShowShare opens or closes the share box.
type ShowShare struct{ On bool }

func (msg ShowShare) update(m Model) Model {
	m.Share = msg.On
	return m
}

// Say shows a message.
type Say Flash

func (msg Say) update(m Model) Model {
	m.Flash = Flash(msg)
	return m
}

// SetMode switches the page to a mode: "" for the lab, or one of
// sim.LinkModes. Each mode's state starts fresh: presenter mode hides the
// verdict, compare mode starts B as a copy of A (unless the link already
// has a B), quiz mode starts the quiz with Seed.
type SetMode struct {
	Mode string
	Seed uint64 // quiz mode: the new quiz's seed
}

func (msg SetMode) update(m Model) Model {
	known := msg.Mode == ""
	for _, mode := range sim.LinkModes {
		known = known || mode == msg.Mode
	}
	if !known {
		m.Flash = Flash{"There is no mode called " + msg.Mode + ".", true}
		return m
	}
	if m.Link.Mode == quizMode && msg.Mode != quizMode {
		m.Link.Seed, m.Link.Step = 0, 0
	}
	m.Link.Mode, m.Link.Reveal, m.Playing, m.Shortcuts, m.EditB, m.Drafts = msg.Mode, false, false, false, false, nil
	switch msg.Mode {
	case compareMode:
		if m.Link.Compare == nil {
			b := m.Link.Config
			m.Link.Compare = &b
		}
		m.Link.Travel = nil
	case quizMode:
		return NewQuiz{msg.Seed}.update(m)
	}
	if m.Link.Scenario != "" && m.Link.Step < 1 {
		m.Link.Step = 1
	}
	return m
}

// refuses reports whether the link keeps a setting from changing: locked,
// or out of an embed's reach. SetField says which.
func (m Model) refuses(key string) bool {
	return contains(m.Link.Locked, key) || embedHides(m.Link, key)
}

// keepLocked returns cfg with the settings the link locks kept at their
// current values on the side being edited.
func (m Model) keepLocked(cfg sim.Config) sim.Config {
	side := m.sideConfig()
	for _, key := range m.Link.Locked {
		if f, ok := sim.FieldByKey(key); ok {
			if err := f.Set(&cfg, f.Get(&side)); err != nil {
				panic("app: a locked value does not round-trip: " + err.Error())
			}
		}
	}
	return cfg
}

func clamp(n, lo, hi int) int {
	if n > hi {
		n = hi
	}
	if n < lo {
		n = lo
	}
	return n
}

// displayValue is a field's value as its control labels it.
func displayValue(key, v string) string {
	f, ok := sim.FieldByKey(key)
	if !ok {
		return v
	}
	if l := f.ChoiceLabel(v); l != "" {
		return l
	}
	return `""`
}
