package app

import (
	"math/rand/v2"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// Quiz mode (mode=quiz) asks the engine's questions (sim.QuizQuestion): the
// link holds the seed and the question's number (LinkState.Seed and Step),
// so it reproduces the quiz exactly, and Reveal once the answer is shown.
// An answer is judged by running the engine (sim.Question.Check), and
// explained with the run: its verdict, the deciding rule and the step that
// decided it, with a link that opens the scenario there. The score belongs
// to this tab.

const quizMode = "quiz"

// QuizScore is the score of the quiz with Seed, in this tab.
type QuizScore struct {
	Seed            uint64
	Right, Answered int
	Of              int // the question Picked answers
	Picked          int // the choice picked on question Of, 1-based; 0 for none
}

// quizN is the current question's number; sim.QuizLength+1 is the end.
func quizN(l sim.LinkState) int { return clamp(l.Step, 1, sim.QuizLength+1) }

// newSeed draws a quiz seed. The page is not the engine: a new quiz may be
// anyone's; the link then pins it.
func newSeed() uint64 {
	for {
		if s := rand.Uint64(); s != 0 {
			return s
		}
	}
}

// NewQuiz starts the quiz with Seed at its first question.
type NewQuiz struct{ Seed uint64 }

func (msg NewQuiz) update(m Model) Model {
	if msg.Seed == 0 {
		m.Flash = Flash{"A quiz needs a seed from 1 up.", true}
		return m
	}
	m.Link.Mode, m.Link.Seed, m.Link.Step, m.Link.Reveal = quizMode, msg.Seed, 1, false
	m.Link.Scenario, m.Link.Travel, m.Playing = "", nil, false
	m.Quiz = QuizScore{Seed: msg.Seed}
	return m
}

// AnswerQuiz picks a choice of the current question; the engine judges it.
type AnswerQuiz struct{ Choice int }

func (msg AnswerQuiz) update(m Model) Model {
	l := m.Link
	n := quizN(l)
	if l.Mode != quizMode || l.Seed == 0 || l.Reveal || n > sim.QuizLength {
		return m
	}
	q := sim.QuizQuestion(l.Seed, n)
	if msg.Choice < 0 || msg.Choice >= len(q.Choices) {
		m.Flash = Flash{"Question " + strconv.Itoa(n) + " has no choice " + strconv.Itoa(msg.Choice+1) + ".", true}
		return m
	}
	if m.Quiz.Seed != l.Seed {
		m.Quiz = QuizScore{Seed: l.Seed}
	}
	m.Quiz.Answered++
	if q.Check(msg.Choice).Correct {
		m.Quiz.Right++
	}
	m.Quiz.Of, m.Quiz.Picked = n, msg.Choice+1
	m.Link.Reveal = true
	return m
}

// NextQuestion moves to the next question (after the last: the score).
type NextQuestion struct{}

func (NextQuestion) update(m Model) Model {
	if m.Link.Mode != quizMode {
		return m
	}
	m.Link.Step, m.Link.Reveal = min(quizN(m.Link)+1, sim.QuizLength+1), false
	return m
}

// quizCache holds the current question and the judgement of its pick.
type quizCache struct {
	seed     uint64
	n        int
	q        sim.Question
	picked   int
	answered bool
	answer   sim.Answer
}

func (qc *quizCache) question(seed uint64, n int) *sim.Question {
	if qc.seed != seed || qc.n != n {
		*qc = quizCache{seed: seed, n: n, q: sim.QuizQuestion(seed, n)}
	}
	return &qc.q
}

func (qc *quizCache) check(picked int) *sim.Answer {
	if !qc.answered || qc.picked != picked {
		qc.answered, qc.picked, qc.answer = true, picked, qc.q.Check(picked)
	}
	return &qc.answer
}

// quizView is the quiz's page body.
func (c *Lab) quizView() goapp.UI {
	l := c.m.Link
	if l.Seed == 0 {
		return goapp.Main().Class("layout quiz-layout").Body(quizEnd(0, QuizScore{}))
	}
	n := quizN(l)
	score := c.m.Quiz
	if score.Seed != l.Seed {
		score = QuizScore{Seed: l.Seed}
	}
	if n > sim.QuizLength {
		return goapp.Main().Class("layout quiz-layout").Body(quizEnd(l.Seed, score))
	}
	q := c.quiz.question(l.Seed, n)
	var ans *sim.Answer
	picked := -1
	if l.Reveal {
		if score.Of == n {
			picked = score.Picked - 1
		}
		ans = c.quiz.check(picked)
	}
	return goapp.Main().Class("layout quiz-layout").Body(
		goapp.Section().ID("quiz").Class("panel quiz").
			DataSet("seed", strconv.FormatUint(l.Seed, 10)).
			DataSet("question", strconv.Itoa(n)).
			DataSet("kind", string(q.Kind)).
			DataSet("scenario", q.Scenario.ID).
			Aria("labelledby", "quiz-h").Body(
			goapp.Div().Class("panel-head").Body(
				goapp.H2().ID("quiz-h").TabIndex(-1).Text("Question "+strconv.Itoa(n)+" of "+strconv.Itoa(sim.QuizLength)),
				quizScore(score),
			),
			goapp.If(q.Pitfall != nil, func() goapp.UI {
				return goapp.P().Class("topic").Text(q.Pitfall.Topic)
			}),
			goapp.H3().Class("quiz-scenario").Text(q.Scenario.Title),
			goapp.P().Class("story").Text(q.Scenario.Story),
			quizSetup(q),
			goapp.P().ID("quiz-ask").Class("ask").Text(quizAsk(q.Kind)),
			goapp.Div().Class("choices").Role("group").Aria("labelledby", "quiz-ask").Body(
				goapp.Range(q.Choices).Slice(func(i int) goapp.UI {
					return quizChoice(q, i, ans, picked)
				}),
			),
			goapp.Div().ID("quiz-result").Aria("live", "polite").Body(
				goapp.If(ans != nil, func() goapp.UI {
					return c.quizExplain(q, ans, picked)
				}),
			),
		),
	)
}

func quizScore(s QuizScore) goapp.UI {
	return goapp.P().ID("quiz-score").Class("score").
		DataSet("right", strconv.Itoa(s.Right)).DataSet("answered", strconv.Itoa(s.Answered)).
		Text("Score: " + strconv.Itoa(s.Right) + " of " + strconv.Itoa(s.Answered))
}

func quizAsk(k sim.AskKind) string {
	if k == sim.AskFix {
		return "The attack succeeds. Which single change would stop it?"
	}
	return "Does the attack succeed?"
}

// quizSetup is the question's configuration: the preset and the changes.
func quizSetup(q *sim.Question) goapp.UI {
	return goapp.Div().Class("setup").Body(
		goapp.P().Body(
			goapp.Text("The site: the preset "),
			goapp.Strong().Text("“"+q.Preset.Title+"”"),
			goapp.Text(" ("+q.Preset.About+"), then:"),
		),
		goapp.Ul().Class("changes").Body(goapp.Range(q.Changes).Slice(func(i int) goapp.UI {
			ch := q.Changes[i]
			return goapp.Li().DataSet("key", ch.Key).Body(
				goapp.Strong().Text(fieldLabel(ch.Key)),
				goapp.Text(": "),
				goapp.Code().Text(displayValue(ch.Key, ch.Value)),
				goapp.Text(" "),
				goapp.Code().Class("key").Text(ch.Key),
			)
		})),
	)
}

// choiceText is a choice in words.
func choiceText(q *sim.Question, c sim.QuizChoice) string {
	if q.Kind == sim.AskFix {
		return "Set " + fieldLabel(c.Key) + " (" + c.Key + ") to " + displayValue(c.Key, c.To)
	}
	if c.Outcome == sim.Blocked {
		return "No, it is blocked"
	}
	return "Yes, it succeeds"
}

// quizChoice is one answer button. Once answered, the buttons stay
// focusable but do nothing, and say which was right and which was picked.
func quizChoice(q *sim.Question, i int, ans *sim.Answer, picked int) goapp.UI {
	text := choiceText(q, q.Choices[i])
	b := goapp.Button().Class("choice").DataSet("choice", strconv.Itoa(i))
	if ans != nil {
		class, mark := "choice", ""
		switch {
		case i == ans.Right:
			class, mark = "choice right", " (right answer)"
		case i == picked:
			class, mark = "choice wrong", " (your pick)"
		}
		if i == picked && i == ans.Right {
			mark = " (your pick, right)"
		}
		return b.Class(class).Aria("disabled", "true").Text(text + mark)
	}
	return b.OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, AnswerQuiz{i}) }, goapp.EventScope(q.Seed, q.N, i)).
		Text(text)
}

// quizExplain is the engine's judgement with its run.
func (c *Lab) quizExplain(q *sim.Question, a *sim.Answer, picked int) goapp.UI {
	v := a.Run.Verdict
	mark, class := "The answer", "result"
	switch {
	case picked < 0:
	case a.Correct:
		mark, class = "Right.", "result right"
	default:
		mark, class = "Not quite.", "result wrong"
	}
	step := clamp(v.Step, 1, max(len(a.Run.Steps), 1))
	link := c.base + "#" + sim.EncodeLink(sim.LinkState{Config: q.Config, Scenario: q.Scenario.ID, Step: step})
	return goapp.Div().Class(class).DataSet("correct", strconv.FormatBool(a.Correct)).Body(
		goapp.H3().ID("quiz-result-h").Text(mark),
		goapp.P().Class("verdict-line "+string(v.Outcome)).Body(
			goapp.Span().Class("verdict "+string(v.Outcome)).Body(
				verdictIcon(v.Outcome),
				goapp.Span().Class("word").Text(verdictWord(v.Outcome)),
			),
			goapp.Span().Class("reason").Text(v.Reason+"."),
		),
		goapp.If(q.Kind == sim.AskFix && a.Right >= 0, func() goapp.UI {
			right := q.Choices[a.Right]
			return goapp.P().Class("fix-answer").Body(
				goapp.Strong().Text("What stops it: "),
				goapp.Text(choiceText(q, right)+". "+a.Fixed.Reason+"."),
			)
		}),
		goapp.If(q.Kind == sim.AskFix && picked >= 0 && !a.Correct, func() goapp.UI {
			return goapp.P().Class("fix-picked").Body(
				goapp.Strong().Text("With your pick it still succeeds: "),
				goapp.Text(a.Picked.Reason+"."),
			)
		}),
		goapp.P().Class("rule").Body(goapp.Strong().Text("The deciding rule: "), goapp.Text(v.Rule)),
		goapp.P().Class("source").Body(
			goapp.Span().Class("source-label").Text("Source: "),
			goapp.Cite().Text(string(v.Source)),
		),
		goapp.If(v.Step >= 1 && v.Step <= len(a.Run.Steps), func() goapp.UI {
			st := a.Run.Steps[v.Step-1]
			return goapp.P().Class("decided").Body(
				goapp.Strong().Text("Decided at step "+strconv.Itoa(v.Step)+": "),
				goapp.Text(laneTitle(a.Run.Scenario.Lanes, st.Actor)+" "+st.Action+" → "+st.Result),
			)
		}),
		goapp.If(q.Pitfall != nil, func() goapp.UI {
			return goapp.P().Class("mistake").Body(goapp.Strong().Text("The common mistake: "), goapp.Text(q.Pitfall.Mistake))
		}),
		goapp.Div().Class("quiz-actions").Body(
			goapp.A().ID("quiz-open").Href(link).Target("_blank").Rel("noopener").
				Text("Open this scenario at step "+strconv.Itoa(step)+" (new tab)"),
			goapp.Button().ID("quiz-next").Class("primary").
				OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, NextQuestion{}) }).
				Text(nextLabel(q.N)),
		),
	)
}

func nextLabel(n int) string {
	if n >= sim.QuizLength {
		return "See the score"
	}
	return "Next question"
}

// quizEnd is the score at the end, with a new quiz or the same again; with
// no seed (a link with mode=quiz alone), the start.
func quizEnd(seed uint64, s QuizScore) goapp.UI {
	title, note := "The end of the quiz", "Every answer was checked by running the scenario in the simulator; open any scenario in the lab to see why."
	if seed == 0 {
		title, note = "Quiz", strconv.Itoa(sim.QuizLength)+" questions generated by the simulator, each answer checked by running the scenario."
	}
	return goapp.Section().ID("quiz").Class("panel quiz").DataSet("seed", strconv.FormatUint(seed, 10)).DataSet("question", "end").
		Aria("labelledby", "quiz-h").Body(
		goapp.H2().ID("quiz-h").TabIndex(-1).Text(title),
		goapp.If(seed != 0, func() goapp.UI { return quizScore(s) }),
		goapp.P().Text(note),
		goapp.Div().Class("quiz-actions").Body(
			goapp.If(seed != 0, func() goapp.UI {
				return goapp.Button().ID("quiz-again").
					OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, NewQuiz{seed}) }, goapp.EventScope(seed)).
					Text("Take this quiz again")
			}),
			goapp.Button().ID("quiz-new").Class("primary").
				OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, NewQuiz{newSeed()}) }).
				Text("A new quiz"),
			goapp.Button().ID("quiz-exit").
				OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, SetMode{Mode: ""}) }).
				Text("Back to the lab"),
		),
	)
}
