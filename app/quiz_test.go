package app

import (
	"strings"
	"testing"

	"sessionlab/sim"
)

func TestQuizScoresWithTheEngine(t *testing.T) {
	const seed = 7
	m := Update(NewModel(), SetMode{Mode: quizMode, Seed: seed})
	if m.Link.Mode != quizMode || m.Link.Seed != seed || m.Link.Step != 1 || m.Link.Reveal {
		t.Fatalf("quiz starts at %+v", m.Link)
	}
	right, answered := 0, 0
	for n := 1; n <= sim.QuizLength; n++ {
		q := sim.QuizQuestion(seed, n)
		a := q.Check(0)
		// Alternate: the right choice on odd questions, a wrong one on even.
		pick := a.Right
		if n%2 == 0 {
			pick = (a.Right + 1) % len(q.Choices)
		} else {
			right++
		}
		answered++
		next := Update(m, AnswerQuiz{pick})
		if next.Quiz.Right != right || next.Quiz.Answered != answered || !next.Link.Reveal {
			t.Fatalf("question %d: score %d of %d, want %d of %d", n, next.Quiz.Right, next.Quiz.Answered, right, answered)
		}
		// A second answer to the same question changes nothing.
		if again := Update(next, AnswerQuiz{a.Right}); again.Quiz != next.Quiz {
			t.Errorf("question %d answered twice", n)
		}
		m = Update(next, NextQuestion{})
		if m.Link.Step != n+1 || m.Link.Reveal {
			t.Fatalf("after question %d: step %d, reveal %v", n, m.Link.Step, m.Link.Reveal)
		}
	}
	if end := Update(m, NextQuestion{}); end.Link.Step != sim.QuizLength+1 {
		t.Errorf("past the end: step %d", end.Link.Step)
	}
	if got := Update(m, AnswerQuiz{0}); got.Quiz != m.Quiz {
		t.Error("an answer after the end counted")
	}
	html := mount(t, labAt(m))
	if !strings.Contains(html, "The end of the quiz") || !strings.Contains(html, "Score: "+itoa(right)+" of "+itoa(answered)) {
		t.Error("the end does not show the score")
	}
	if fresh := Update(m, NewQuiz{seed}); fresh.Quiz != (QuizScore{Seed: seed}) || fresh.Link.Step != 1 {
		t.Errorf("taking the quiz again keeps %+v", fresh.Quiz)
	}
	if bad := Update(m, AnswerQuiz{-1}); bad.Quiz != m.Quiz {
		t.Error("choice -1 counted")
	}
}

func TestQuizPageIsTheEnginesQuestion(t *testing.T) {
	for _, seed := range []uint64{3, 1 << 33} {
		for _, n := range []int{1, 2, 3} {
			link := sim.EncodeLink(sim.LinkState{Config: sim.Defaults(), Mode: quizMode, Seed: seed, Step: n})
			m := Update(NewModel(), LoadLink{link})
			q := sim.QuizQuestion(seed, n)
			html := mount(t, labAt(m))
			tag := tagWith(html, `id="quiz"`)
			for _, want := range []string{`data-seed="` + itoa(int(seed)) + `"`, `data-question="` + itoa(n) + `"`, `data-kind="` + string(q.Kind) + `"`, `data-scenario="` + q.Scenario.ID + `"`} {
				if !strings.Contains(tag, want) {
					t.Errorf("seed %d q%d: %s lacks %s", seed, n, tag, want)
				}
			}
			if got := countTags(html, "<button", "data-choice="); got != len(q.Choices) {
				t.Errorf("seed %d q%d: %d choices shown, %d asked", seed, n, got, len(q.Choices))
			}
			for _, c := range q.Changes {
				if !strings.Contains(html, `data-key="`+c.Key+`"`) {
					t.Errorf("seed %d q%d: the change of %s is not shown", seed, n, c.Key)
				}
			}
			if strings.Contains(html, `class="result`) {
				t.Errorf("seed %d q%d: an explanation before any answer", seed, n)
			}

			// A wrong pick: the explanation is the engine's run.
			a := q.Check(0)
			wrong := (a.Right + 1) % len(q.Choices)
			answered := Update(m, AnswerQuiz{wrong})
			html = mount(t, labAt(answered))
			v := a.Run.Verdict
			for _, want := range []string{"Not quite.", escape(v.Reason), escape(v.Rule), "Decided at step " + itoa(v.Step)} {
				if !strings.Contains(html, want) {
					t.Errorf("seed %d q%d: the explanation lacks %q", seed, n, want)
				}
			}
			open := sim.EncodeLink(sim.LinkState{Config: q.Config, Scenario: q.Scenario.ID, Step: v.Step})
			if !strings.Contains(tagWith(html, `id="quiz-open"`), `href="#`+open+`"`) {
				t.Errorf("seed %d q%d: no link to the scenario at step %d", seed, n, v.Step)
			}
			if tag := tagWith(html, `data-choice="`+itoa(a.Right)+`"`); !strings.Contains(tag, "right") {
				t.Errorf("seed %d q%d: the right choice is not marked: %s", seed, n, tag)
			}
			if q.Pitfall != nil && !strings.Contains(html, escape(q.Pitfall.Mistake)) {
				t.Errorf("seed %d q%d: the pitfall's mistake is not explained", seed, n)
			}
			// The reveal is in the link: the same link shows the answer.
			l, _ := sim.DecodeLink(sim.EncodeLink(answered.Link))
			if !l.Reveal || l.Seed != seed || l.Step != n {
				t.Errorf("seed %d q%d: the link after answering is %+v", seed, n, l)
			}
		}
	}
}

func TestQuizWithoutSeedOffersOne(t *testing.T) {
	m := Update(NewModel(), LoadLink{"v1&mode=quiz"})
	html := mount(t, labAt(m))
	if !strings.Contains(html, `id="quiz-new"`) || strings.Contains(html, "data-choice=") {
		t.Error("a quiz link without a seed does not offer to start one")
	}
	if got := Update(m, AnswerQuiz{0}); got.Quiz != m.Quiz {
		t.Error("an answer without a quiz counted")
	}
	if bad := Update(m, NewQuiz{0}); !bad.Flash.Error || bad.Link.Seed != 0 {
		t.Error("seed 0 accepted")
	}
	if left := Update(Update(m, NewQuiz{5}), SetMode{Mode: ""}); left.Link.Seed != 0 || left.Link.Step != 0 || left.Link.Mode != "" {
		t.Errorf("leaving the quiz keeps %+v", left.Link)
	}
}
