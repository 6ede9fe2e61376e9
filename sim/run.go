package sim

import "time"

// Epoch is the virtual clock's zero: every run starts here.
var Epoch = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// Outcome is a scenario's verdict.
type Outcome string

const (
	Succeeded Outcome = "succeeded" // the attack worked (for basics: the tour ran as described)
	Blocked   Outcome = "blocked"   // the attack failed
)

// Actor is who acts in a step; it is also a lane of the sequence diagram.
type Actor string

const (
	ActorVictim   Actor = "victim"   // the victim's browser
	ActorServer   Actor = "server"   // the Django site
	ActorAttacker Actor = "attacker" // the attacker: a listener, an on-path relay, a page, a script, a subdomain
	ActorNext     Actor = "next"     // the next person at a shared computer
)

// Source names where a rule comes from: an RFC section, a Django file and
// function, or a browser behaviour.
type Source string

// Check is the security check a step made.
type Check struct {
	Rule   string // what was checked, in words
	Source Source
	Passed bool // true: the check let the request or cookie through
}

// Header is one HTTP header line.
type Header struct{ Name, Value string }

// Message is one HTTP request or response as it crossed the network.
type Message struct {
	Method  string // requests only
	URL     string // requests only
	Status  int    // responses only
	Headers []Header
}

// Header returns the values of the named header, joined by ", ".
func (m *Message) Header(name string) string {
	if m == nil {
		return ""
	}
	v := ""
	for _, h := range m.Headers {
		if equalFold(h.Name, name) {
			if v != "" {
				v += ", "
			}
			v += h.Value
		}
	}
	return v
}

// CookieView is a cookie as the browser's jar holds it, for display.
type CookieView struct {
	Name, Value, Domain, Path  string
	HostOnly, Secure, HTTPOnly bool
	SameSite                   string // "Lax", "Strict", "None", or "" when unspecified
	Expires                    string // virtual time, or "" for a session cookie
	Owner                      Actor  // whose browser holds it
}

// SessionView is a session record as the server's store holds it.
type SessionView struct {
	Key     string
	Data    string // the session dict, e.g. {"_auth_user_id": "1"}
	Expires string // virtual time at which the engine stops honouring it; "" when it does not check
	Note    string
}

// Var is one tracked variable's value after a step.
type Var struct{ Name, Value string }

// Step is one row of the execution table.
type Step struct {
	N        int
	At       time.Duration // virtual time since Epoch
	Actor    Actor
	To       Actor // the lane the message goes to ("" when nothing is sent)
	Action   string
	Request  *Message
	Response *Message
	Check    *Check
	Result   string
	Vars     []Var         // the tracker after this step
	Jar      []CookieView  // every browser's cookies after this step
	Store    []SessionView // the server's session records after this step
	Seen     []string      // what the attacker learned in this step
}

// Verdict is how a run ended and the rule that decided it.
type Verdict struct {
	Outcome Outcome
	Reason  string // one line, for the board
	Rule    string // the deciding rule
	Source  Source
	Step    int // the step at which it was decided (0 when none)
	// Broken: the site itself fails (nobody can log in), which "blocks" any
	// attack; the page shows such a change as a breakage, not a fix.
	Broken bool
}

// Fix is a single Config change that flips a verdict.
type Fix struct {
	Key, From, To string
	Outcome       Outcome // the verdict after the change
	Reason        string  // the one-line reason after the change
	Breaks        bool    // the change breaks the site's own login, whatever else it does
}

// Run is the result of running one scenario on one Config.
type Run struct {
	Scenario *Scenario
	Steps    []Step
	Verdict  Verdict
}

// Lane is one column of a scenario's sequence diagram.
type Lane struct {
	Actor Actor
	Title string
}
