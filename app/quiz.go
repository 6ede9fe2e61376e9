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
		return el("main.layout.quiz-layout", quizEnd(0, QuizScore{}))
	}
	n := quizN(l)
	score := c.m.Quiz
	if score.Seed != l.Seed {
		score = QuizScore{Seed: l.Seed}
	}
	if n > sim.QuizLength {
		return el("main.layout.quiz-layout", quizEnd(l.Seed, score))
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
	return el("main.layout.quiz-layout",
		el("section#quiz.panel.quiz[aria-labelledby=quiz-h]",
			a("data-seed", strconv.FormatUint(l.Seed, 10)),
			a("data-question", strconv.Itoa(n)),
			a("data-kind", string(q.Kind)),
			a("data-scenario", q.Scenario.ID),
			el("div.panel-head",
				el("h2#quiz-h[tabindex=-1]", "Question "+strconv.Itoa(n)+" of "+strconv.Itoa(sim.QuizLength)),
				quizScore(score),
			),
			goapp.If(q.Pitfall != nil, func() goapp.UI {
				return el("p.topic", q.Pitfall.Topic)
			}),
			el("h3.quiz-scenario", q.Scenario.Title),
			el("p.story", q.Scenario.Story),
			quizSetup(q),
			el("p#quiz-ask.ask", quizAsk(q.Kind)),
			el("div.choices[role=group][aria-labelledby=quiz-ask]",
				goapp.Range(q.Choices).Slice(func(i int) goapp.UI {
					return quizChoice(q, i, ans, picked)
				}),
			),
			el("div#quiz-result[aria-live=polite]",
				goapp.If(ans != nil, func() goapp.UI {
					return c.quizExplain(q, ans, picked)
				}),
			),
		),
	)
}

func quizScore(s QuizScore) goapp.UI {
	return el("p#quiz-score.score",
		a("data-right", strconv.Itoa(s.Right)), a("data-answered", strconv.Itoa(s.Answered)),
		"Score: "+strconv.Itoa(s.Right)+" of "+strconv.Itoa(s.Answered))
}

func quizAsk(k sim.AskKind) string {
	if k == sim.AskFix {
		return "The attack succeeds. Which single change would stop it?"
	}
	return "Does the attack succeed?"
}

// quizSetup is the question's configuration: the preset and the changes.
func quizSetup(q *sim.Question) goapp.UI {
	return el("div.setup",
		el("p",
			"The site: the preset ",
			el("strong", "“"+q.Preset.Title+"”"),
			" ("+q.Preset.About+"), then:",
		),
		el("ul.changes", goapp.Range(q.Changes).Slice(func(i int) goapp.UI {
			ch := q.Changes[i]
			return el("li", a("data-key", ch.Key),
				el("strong", fieldLabel(ch.Key)),
				": ",
				el("code", displayValue(ch.Key, ch.Value)),
				" ",
				el("code.key", ch.Key),
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
	choice := a("data-choice", strconv.Itoa(i))
	if ans != nil {
		var class any
		mark := ""
		switch {
		case i == ans.Right:
			class, mark = a("class", "right"), " (right answer)"
		case i == picked:
			class, mark = a("class", "wrong"), " (your pick)"
		}
		if i == picked && i == ans.Right {
			mark = " (your pick, right)"
		}
		return el("button.choice[aria-disabled=true]", choice, class, text+mark)
	}
	return el("button.choice", choice,
		on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, AnswerQuiz{i}) }, goapp.EventScope(q.Seed, q.N, i)),
		text)
}

// quizExplain is the engine's judgement with its run.
func (c *Lab) quizExplain(q *sim.Question, ans *sim.Answer, picked int) goapp.UI {
	v := ans.Run.Verdict
	mark, class := "The answer", "result"
	switch {
	case picked < 0:
	case ans.Correct:
		mark, class = "Right.", "result right"
	default:
		mark, class = "Not quite.", "result wrong"
	}
	step := clamp(v.Step, 1, max(len(ans.Run.Steps), 1))
	link := c.base + "#" + sim.EncodeLink(sim.LinkState{Config: q.Config, Scenario: q.Scenario.ID, Step: step})
	return el("div", a("class", class), a("data-correct", strconv.FormatBool(ans.Correct)),
		el("h3#quiz-result-h", mark),
		el("p.verdict-line", a("class", string(v.Outcome)),
			el("span.verdict", a("class", string(v.Outcome)),
				verdictIcon(v.Outcome),
				el("span.word", verdictWord(v.Outcome)),
			),
			el("span.reason", v.Reason+"."),
		),
		goapp.If(q.Kind == sim.AskFix && ans.Right >= 0, func() goapp.UI {
			right := q.Choices[ans.Right]
			return el("p.fix-answer",
				el("strong", "What stops it: "),
				choiceText(q, right)+". "+ans.Fixed.Reason+".",
			)
		}),
		goapp.If(q.Kind == sim.AskFix && picked >= 0 && !ans.Correct, func() goapp.UI {
			return el("p.fix-picked",
				el("strong", "With your pick it still succeeds: "),
				ans.Picked.Reason+".",
			)
		}),
		el("p.rule", el("strong", "The deciding rule: "), v.Rule),
		el("p.source",
			el("span.source-label", "Source: "),
			el("cite", string(v.Source)),
		),
		goapp.If(v.Step >= 1 && v.Step <= len(ans.Run.Steps), func() goapp.UI {
			st := ans.Run.Steps[v.Step-1]
			return el("p.decided",
				el("strong", "Decided at step "+strconv.Itoa(v.Step)+": "),
				laneTitle(ans.Run.Scenario.Lanes, st.Actor)+" "+st.Action+" → "+st.Result,
			)
		}),
		goapp.If(q.Pitfall != nil, func() goapp.UI {
			return el("p.mistake", el("strong", "The common mistake: "), q.Pitfall.Mistake)
		}),
		el("div.quiz-actions",
			el("a#quiz-open[target=_blank][rel=noopener]", a("href", link),
				"Open this scenario at step "+strconv.Itoa(step)+" (new tab)"),
			el("button#quiz-next.primary",
				on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, NextQuestion{}) }),
				nextLabel(q.N)),
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
	return el("section#quiz.panel.quiz[data-question=end][aria-labelledby=quiz-h]",
		a("data-seed", strconv.FormatUint(seed, 10)),
		el("h2#quiz-h[tabindex=-1]", title),
		goapp.If(seed != 0, func() goapp.UI { return quizScore(s) }),
		el("p", note),
		el("div.quiz-actions",
			goapp.If(seed != 0, func() goapp.UI {
				return el("button#quiz-again",
					on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, NewQuiz{seed}) }, goapp.EventScope(seed)),
					"Take this quiz again")
			}),
			el("button#quiz-new.primary",
				on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, NewQuiz{newSeed()}) }),
				"A new quiz"),
			el("button#quiz-exit",
				on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, SetMode{Mode: ""}) }),
				"Back to the lab"),
		),
	)
}
