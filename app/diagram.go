package app

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// Geometry of the sequence diagram, in SVG user units.
const (
	seqLaneW  = 190           // distance between two lifelines
	seqLeft   = 36            // room for the step numbers
	seqHeadH  = 44            // the lane titles
	seqRowH   = 34            // one step
	seqCharW  = 6.6           // the width of one character of the labels, roughly
	seqNoteW  = seqLaneW - 14 // the box of a step that sends nothing
	seqMargin = 12
)

// chars is how many label characters fit in width units.
func chars(width int) int { return int(float64(width) / seqCharW) }

func itoa(n int) string { return strconv.Itoa(n) }

// laneIndex is the column of an actor, or -1.
func laneIndex(lanes []sim.Lane, a sim.Actor) int {
	for i, l := range lanes {
		if l.Actor == a {
			return i
		}
	}
	return -1
}

// messageLabel is what an arrow of the diagram says: the request line, the
// response status, or the action.
func messageLabel(st *sim.Step) string {
	switch {
	case st.Request != nil && st.Response != nil && st.Actor != sim.ActorServer:
		return st.Request.Method + " " + shortURL(st.Request.URL)
	case st.Request != nil:
		return st.Request.Method + " " + shortURL(st.Request.URL)
	case st.Response != nil:
		return statusLine(st.Response)
	}
	return st.Action
}

// sequenceDiagram draws the run's lanes and, one row per step, the message
// from Step.Actor to Step.To (or a note on the actor's lane when nothing is
// sent). The current step is highlighted; every row selects its step.
func sequenceDiagram(r *sim.Run, current int) goapp.UI {
	lanes := r.Scenario.Lanes
	n := len(lanes)
	if n == 0 {
		n = 1
	}
	width := seqLeft + n*seqLaneW
	height := seqHeadH + len(r.Steps)*seqRowH + seqMargin
	x := func(i int) int { return seqLeft + i*seqLaneW + seqLaneW/2 }
	last := len(r.Steps)

	return svgFigure("seq", "diagram-cap", width, height,
		svgEl("defs", arrowHead("arrow"), arrowHead("arrow-current")),
		goapp.Range(lanes).Slice(func(i int) goapp.UI {
			cx := x(i)
			return svgEl("g.lane",
				svgEl("rect.lane-head[y=4][rx=6]",
					a("x", itoa(cx-seqLaneW/2+6)),
					a("width", itoa(seqLaneW-12)), a("height", itoa(seqHeadH-12))),
				svgEl("text.lane-title[text-anchor=middle]",
					a("x", itoa(cx)), a("y", itoa(seqHeadH/2+3)),
					ellipsis(lanes[i].Title, chars(seqLaneW-20))),
				svgEl("line.lifeline",
					a("x1", itoa(cx)), a("y1", itoa(seqHeadH-8)),
					a("x2", itoa(cx)), a("y2", itoa(height-4))),
			)
		}),
		goapp.Range(r.Steps).Slice(func(i int) goapp.UI {
			st := &r.Steps[i]
			y := seqHeadH + i*seqRowH + seqRowH/2 + 4
			var isCurrent, stopped any
			if st.N == current {
				isCurrent = a("class", "current")
			}
			if st.Check != nil && !st.Check.Passed {
				stopped = a("class", "stopped")
			}
			marker := "url(#arrow)"
			if st.N == current {
				marker = "url(#arrow-current)"
			}
			from, to := laneIndex(lanes, st.Actor), laneIndex(lanes, st.To)
			if from < 0 {
				from = 0
			}
			var shape goapp.UI
			if to < 0 || to == from {
				// A step that sends nothing: a note on the actor's lane.
				shape = svgEl("g",
					svgEl("rect.note[height=20][rx=4]",
						a("x", itoa(x(from)-seqNoteW/2)), a("y", itoa(y-13)),
						a("width", itoa(seqNoteW))),
					svgEl("text.note-text[text-anchor=middle]",
						a("x", itoa(x(from))), a("y", itoa(y+1)),
						ellipsis(st.Action, chars(seqNoteW-10))),
				)
			} else {
				x1, x2 := x(from), x(to)
				lo, hi := x1, x2
				if lo > hi {
					lo, hi = hi, lo
				}
				shape = svgEl("g",
					svgEl("line.arrow",
						a("x1", itoa(x1)), a("y1", itoa(y)),
						a("x2", itoa(x2)), a("y2", itoa(y)),
						a("marker-end", marker)),
					svgEl("text.msg-label[text-anchor=middle]",
						a("x", itoa((lo+hi)/2)), a("y", itoa(y-6)),
						ellipsis(messageLabel(st), chars(hi-lo-16))),
				)
			}
			return svgEl("g.msg", isCurrent, stopped, a("data-step", itoa(st.N)),
				on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, GoTo{st.N, last}) }, goapp.EventScope(st.N, last)),
				svgEl("title", "Step "+itoa(st.N)+": "+st.Action),
				svgEl("rect.row-hit[x=0]",
					a("y", itoa(y-seqRowH/2-2)),
					a("width", itoa(width)), a("height", itoa(seqRowH))),
				svgEl("text.step-no[x=6]", a("y", itoa(y+4)), itoa(st.N)),
				shape,
			)
		}),
	)
}

// arrowHead is a marker for the arrows' ends; the CSS colours it by its id,
// since a marker does not inherit the colour of the line that uses it.
func arrowHead(id string) goapp.UI {
	return svgEl("marker.arrow-head[viewBox=0 0 10 10][refX=9][refY=5][markerUnits=userSpaceOnUse][markerWidth=10][markerHeight=10][orient=auto-start-reverse]",
		a("id", id),
		svgEl("path[d=M0 0 10 5 0 10z]"))
}

// Geometry of the timeline.
const (
	tlLabelW = 170 // the row labels
	tlColW   = 84  // one step
	tlHeadH  = 40  // the step numbers and clock
	tlRowH   = 36
)

// span is one row of the timeline: a cookie in a browser or a session on
// the server, with the steps at which it exists and what it says about its
// expiry at each of them.
type span struct {
	label   string // what it is, e.g. "cookie sessionid"
	owner   string // whose browser holds the cookie; "" for a session
	kind    string // "cookie" or "session"
	present []bool
	expires []string
}

// lifetimes collects the timeline's rows from the steps' jars and stores.
// A cookie is identified by its owner, name, domain and path, a session by
// its key: a rotated key is a new session.
func lifetimes(r *sim.Run) []span {
	var rows []span
	index := map[string]int{}
	add := func(id, label, owner, kind string, step int, expires string) {
		i, ok := index[id]
		if !ok {
			i = len(rows)
			index[id] = i
			rows = append(rows, span{label: label, owner: owner, kind: kind,
				present: make([]bool, len(r.Steps)), expires: make([]string, len(r.Steps))})
		}
		rows[i].present[step] = true
		rows[i].expires[step] = expires
	}
	for i := range r.Steps {
		st := &r.Steps[i]
		for _, c := range st.Jar {
			owner := laneTitle(r.Scenario.Lanes, c.Owner)
			exp := c.Expires
			if exp == "" {
				exp = "until the browser closes"
			} else {
				exp = "expires " + exp
			}
			add("c|"+string(c.Owner)+"|"+c.Name+"|"+c.Domain+"|"+c.Path,
				"cookie "+c.Name, owner, "cookie", i, exp)
		}
		for _, s := range st.Store {
			exp := s.Expires
			if exp == "" {
				exp = "never checked"
			} else {
				exp = "honoured until " + exp
			}
			add("s|"+s.Key, "session "+ellipsis(s.Key, 10), "", "session", i, exp)
		}
	}
	return rows
}

// timeline draws each cookie's and session's lifetime (rows, from
// lifetimes) over the steps, one column per step labelled with its virtual
// time.
func timeline(r *sim.Run, rows []span, current int) goapp.UI {
	cols := len(r.Steps)
	width := tlLabelW + cols*tlColW + seqMargin
	height := tlHeadH + max(1, len(rows))*tlRowH + seqMargin
	x := func(i int) int { return tlLabelW + i*tlColW }
	last := len(r.Steps)

	return svgFigure("tl", "timeline-cap", width, height,
		goapp.Range(r.Steps).Slice(func(i int) goapp.UI {
			st := &r.Steps[i]
			var isCurrent any
			if st.N == current {
				isCurrent = a("class", "current")
			}
			return svgEl("g.tl-col", isCurrent,
				on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, GoTo{st.N, last}) }, goapp.EventScope(st.N, last)),
				svgEl("title", "Step "+itoa(st.N)+" at "+clock(st.At)),
				svgEl("rect.tl-col-bg[y=0]",
					a("x", itoa(x(i))),
					a("width", itoa(tlColW)), a("height", itoa(height))),
				svgEl("text.tl-step[y=14][text-anchor=middle]",
					a("x", itoa(x(i)+tlColW/2)),
					itoa(st.N)),
				svgEl("text.tl-clock[y=30][text-anchor=middle]",
					a("x", itoa(x(i)+tlColW/2)),
					elapsedSince(r, i)),
			)
		}),
		goapp.If(len(rows) == 0, func() goapp.UI {
			return svgEl("text.tl-empty[x=8]", a("y", itoa(tlHeadH+18)),
				"No cookie and no session at any step.")
		}),
		goapp.Range(rows).Slice(func(j int) goapp.UI {
			row := rows[j]
			y := tlHeadH + j*tlRowH
			labelY := y + tlRowH/2 + 4
			if row.owner != "" {
				labelY = y + tlRowH/2 - 2
			}
			return svgEl("g.tl-row", a("class", row.kind),
				svgEl("text.tl-label[x=4]", a("y", itoa(labelY)),
					ellipsis(row.label, chars(tlLabelW-8))),
				goapp.If(row.owner != "", func() goapp.UI {
					return svgEl("text.tl-owner[x=4]", a("y", itoa(labelY+13)),
						ellipsis(row.owner, chars(tlLabelW-8)))
				}),
				goapp.Range(segments(row.present)).Slice(func(k int) goapp.UI {
					seg := segments(row.present)[k]
					return svgEl("rect.tl-bar[rx=4]",
						a("x", itoa(x(seg[0])+4)), a("y", itoa(y+5)),
						a("width", itoa((seg[1]-seg[0]+1)*tlColW-8)), a("height", itoa(tlRowH-10)),
						svgEl("title", rowName(row)+", steps "+itoa(seg[0]+1)+"–"+itoa(seg[1]+1)+": "+row.expires[seg[1]]))
				}),
			)
		}),
	)
}

// rowName is a timeline row in words: "cookie sessionid in Victim's browser".
func rowName(s span) string {
	if s.owner == "" {
		return s.label
	}
	return s.label + " in " + s.owner
}

// elapsedSince is the time of step i relative to the first step.
func elapsedSince(r *sim.Run, i int) string {
	if i == 0 {
		return clock(r.Steps[0].At)
	}
	return elapsed(r.Steps[i].At - r.Steps[0].At)
}

// segments returns the runs of consecutive true values as [first, last].
func segments(present []bool) [][2]int {
	var out [][2]int
	for i := 0; i < len(present); i++ {
		if !present[i] {
			continue
		}
		j := i
		for j+1 < len(present) && present[j+1] {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// lifetimesAt lists, in words, the rows that exist at the current step and
// what they say about their expiry: the timeline's text for every reader.
func lifetimesAt(rows []span, current int) goapp.UI {
	i := current - 1
	var now []span
	for _, row := range rows {
		if i >= 0 && i < len(row.present) && row.present[i] {
			now = append(now, row)
		}
	}
	if len(now) == 0 {
		return el("p.lifetimes-now.empty", "At step "+itoa(current)+": no cookie and no session.")
	}
	return el("ul.lifetimes-now", a("aria-label", "At step "+itoa(current)),
		goapp.Range(now).Slice(func(j int) goapp.UI {
			return el("li", rowName(now[j])+": "+now[j].expires[i])
		}),
	)
}

// svgFigure is an SVG drawing of width x height user units, scaled between
// three quarters and seven quarters of its size and named by its caption;
// body is its content, as for svgEl.
func svgFigure(class, caption string, width, height int, body ...any) goapp.UI {
	return svgEl("svg[role=img]", append([]any{
		a("class", class),
		a("viewBox", "0 0 "+itoa(width)+" "+itoa(height)),
		a("width", itoa(width)),
		a("height", itoa(height)),
		a("style", "min-width:"+itoa(width*3/4)+"px"),
		a("style", "max-width:"+itoa(width*7/4)+"px"),
		a("aria-labelledby", caption),
	}, body...)...)
}
