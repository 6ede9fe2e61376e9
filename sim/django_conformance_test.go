package sim

// The conformance suite: every case in testdata/django/cases.json runs through
// a real Django (5.2, the version the model follows: django_real_test.go,
// driven by testdata/django/conformance.py on a virtual clock) and through
// NewSite, and the two must agree, request by request, on the status, the
// acting user, the Location, Strict-Transport-Security and Vary headers,
// whether the page carries a CSRF form token, the reason CsrfViewMiddleware
// gives for a 403 (bank.views.csrf_failure reports it), the Set-Cookie
// lines, and what the session store holds under every key a client keeps
// (Site.Session: honoured or not, and the data). Set-Cookie lines are
// compared exactly (attribute order and case included) once each cookie
// value is replaced by a per-case label (#1, #2, ... in order of first
// appearance, so "the key changed" and "the key is the same" still count)
// and each expires date by its distance from the virtual clock; the auth
// hash and a session-held CSRF secret are labelled the same way. Lines are
// compared as a set per response: browsers do not care about their order.
// The clients are raw HTTP clients: they keep every cookie they are sent and
// send it back regardless of attributes or expiry, which tests the server
// alone (the browser model has its own tests). What a view "did" is the
// model's prose and is not compared. TestDjangoRandom
// (django_random_test.go) runs generated cases through the same machinery
// (confRun).
//
// SECURE_CSP (Django 6.0) has no 5.2 counterpart and stays at its default.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// confPasswords fills "$password"; conformance.py creates the same accounts.
var confPasswords = map[string]string{UserAlice: PasswordAlice, UserMallory: PasswordMallory}

type confCase struct {
	Name    string            `json:"name"`
	Source  string            `json:"source"`
	Config  map[string]string `json:"config,omitempty"`
	Engines []Engine          `json:"engines,omitempty"`
	Steps   []confStep        `json:"steps"`
}

type confStep struct {
	Advance    int               `json:"advance,omitempty"`
	Copy       string            `json:"copy,omitempty"`
	To         string            `json:"to,omitempty"`
	Client     string            `json:"client,omitempty"`
	SetSession *string           `json:"set_session,omitempty"`
	Method     string            `json:"method,omitempty"`
	Path       string            `json:"path,omitempty"`
	Query      string            `json:"query,omitempty"`
	Scheme     string            `json:"scheme,omitempty"`
	Host       string            `json:"host,omitempty"`
	Form       map[string]string `json:"form,omitempty"`
	Origin     string            `json:"origin,omitempty"`
	Referer    string            `json:"referer,omitempty"`
	XCSRFToken string            `json:"x_csrftoken,omitempty"`
	Cookie     string            `json:"cookie_header,omitempty"`
}

// confObs is what one step showed; the JSON names are conformance.py's.
type confObs struct {
	At         int      `json:"at"`
	Status     int      `json:"status"`
	SetCookies []string `json:"set_cookies"`
	Location   string   `json:"location"`
	HSTS       string   `json:"hsts"`
	Vary       string   `json:"vary"`
	User       string   `json:"user"`
	Token      bool     `json:"token"`
	CSRFReason string   `json:"csrf_reason"` // why CsrfViewMiddleware refused the request
	// Sessions is, for every client holding a session cookie after the
	// step, what the store holds under it (Site.Session).
	Sessions map[string]confSession `json:"sessions"`
}

type confSession struct {
	Key   string            `json:"key"`
	Alive bool              `json:"alive"`
	Data  map[string]string `json:"data"`
}

type confResult struct {
	Name  string    `json:"name"`
	Steps []confObs `json:"steps"`
}

func TestDjangoConformance(t *testing.T) {
	needDjango(t)
	raw, err := os.ReadFile(filepath.Join("testdata", "django", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []confCase }
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	// The same cases go to Python as written, with their expectations.
	var fwd struct{ Cases []map[string]any }
	if err := json.Unmarshal(raw, &fwd); err != nil {
		t.Fatal(err)
	}
	confRun(t, file.Cases, fwd.Cases, false)
}

// confRun runs cases through a real Django (one conformance.py run for all
// of them) and through the model, one subtest per case and engine, and
// checks the signed_cookies values both ways. fwd holds the same cases as
// JSON objects for conformance.py (which also checks any "expect" they
// carry); each gets the whole resolved Config, so that both sides run
// exactly the settings the model sees. showCase logs a failing case's JSON,
// ready to paste into cases.json.
func confRun(t *testing.T, cases []confCase, fwd []map[string]any, showCase bool) {
	t.Helper()
	dir := filepath.Join("testdata", "django")
	for i, c := range cases {
		cfg, err := confConfig(c.Config)
		if err != nil {
			t.Fatalf("case %s: %v", c.Name, err)
		}
		settings := make(map[string]string, len(Fields))
		for _, f := range Fields {
			settings[f.Key] = f.Get(&cfg)
		}
		fwd[i]["settings"] = settings
	}
	// Django gets the model's SECRET_KEY and password fields, so that
	// signatures and session auth hashes can be compared byte for byte.
	fields := map[string]string{}
	for _, u := range fixtureUsers {
		fields[u.name] = u.password
	}
	var django struct {
		Django string
		Cases  []confResult
	}
	confPython(t, dir, map[string]any{"cases": fwd, "secret_key": SecretKey, "password_fields": fields}, &django)
	var signed []confSigned // signed_cookies values the model issued
	signedCases := 0

	n := 0
	for _, c := range cases {
		engines := c.Engines
		if len(engines) == 0 {
			engines = []Engine{""}
		}
		for _, e := range engines {
			if n >= len(django.Cases) {
				t.Fatalf("conformance.py returned %d cases, want more", len(django.Cases))
			}
			want := django.Cases[n]
			n++
			name := c.Name
			if e != "" {
				name += "/" + string(e)
			}
			if want.Name != name {
				t.Fatalf("conformance.py case %d is %q, want %q", n-1, want.Name, name)
			}
			t.Run(name, func(t *testing.T) {
				cfg, _ := confConfig(c.Config)
				if e != "" {
					cfg.SessionEngine = e
				}
				got := runConfCase(&cfg, c.Steps, uint64(n))
				compareConfCase(t, c, got, want.Steps)
				if cfg.SessionEngine == EngineSigned {
					signedCases++
					signed = append(signed, checkSignedInterop(t, &cfg, got, want.Steps)...)
				}
				if showCase && t.Failed() {
					b, _ := json.Marshal(c)
					t.Logf("the case: %s", b)
				}
			})
		}
	}
	if n != len(django.Cases) {
		t.Fatalf("conformance.py returned %d cases, want %d", len(django.Cases), n)
	}
	if signedCases == 0 {
		return
	}
	t.Run("signed_cookies-values-Django-loads", func(t *testing.T) {
		if len(signed) == 0 {
			t.Fatal("no signed_cookies values to check")
		}
		var res []struct {
			OK    bool
			Data  map[string]string
			Error string
		}
		confPython(t, dir, map[string]any{"secret_key": SecretKey, "items": signed}, &res, "--loads")
		if len(res) != len(signed) {
			t.Fatalf("conformance.py --loads answered %d values, want %d", len(res), len(signed))
		}
		for i, r := range res {
			s := signed[i]
			if !r.OK || fmt.Sprint(r.Data) != fmt.Sprint(s.data) {
				t.Errorf("%s, t=%ds: Django's signing.loads of the model's %s = %v %v %s, model reads %v",
					s.name, s.At, s.Value, r.OK, r.Data, r.Error, s.data)
			}
		}
	})
}

// confPython runs conformance.py with in as its JSON input and decodes its
// output into out.
func confPython(t *testing.T, dir string, in any, out any, args ...string) {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := djangoCommand(nil, append([]string{"conformance.py"}, args...)...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(b)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("conformance.py%s: %v\n%s", strings.Join(append([]string{""}, args...), " "), err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		t.Fatalf("conformance.py%s output: %v", strings.Join(append([]string{""}, args...), " "), err)
	}
}

// confSigned is a signed_cookies value the model issued, for Django to load.
type confSigned struct {
	Value  string `json:"value"`
	At     int    `json:"at"`
	MaxAge int    `json:"max_age"`
	name   string
	data   map[string]string
}

// checkSignedInterop makes the signed_cookies format a two-way check: the
// model must load every value Django issued (at the step where a client holds
// it) to the data Django reads from it, and it returns the values the model
// honoured so that Django can load them in turn.
func checkSignedInterop(t *testing.T, cfg *Config, got, want []confObs) []confSigned {
	t.Helper()
	fresh := NewSite(cfg, NewRand(0))
	var out []confSigned
	seen, reported := map[string]bool{}, map[string]bool{}
	for i := range want {
		for c, w := range want[i].Sessions {
			now := Epoch.Add(time.Duration(want[i].At) * time.Second)
			data, alive := fresh.Session(w.Key, now)
			if (alive != w.Alive || alive && fmt.Sprint(data) != fmt.Sprint(w.Data)) && !reported[w.Key] {
				reported[w.Key] = true
				t.Errorf("step %d (t=%ds): the model loads %s's Django-signed %s as alive=%v %v; Django: alive=%v %v",
					i, want[i].At, c, w.Key, alive, data, w.Alive, w.Data)
			}
		}
		for _, g := range got[i].Sessions {
			if g.Alive && !seen[g.Key] {
				seen[g.Key] = true
				out = append(out, confSigned{g.Key, got[i].At, cfg.SessionCookieAge, t.Name(), g.Data})
			}
		}
	}
	return out
}

// confConfig is Defaults with a case's overrides.
func confConfig(over map[string]string) (Config, error) {
	cfg := Defaults()
	keys := make([]string, 0, len(over))
	for k := range over {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := cfg.Set(k, over[k]); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// confJar is a raw client's cookies, in the order first set (conformance.py
// keeps a dict, which orders the same way).
type confJar []struct{ name, value string }

func (j confJar) get(name string) (string, bool) {
	for _, c := range j {
		if c.name == name {
			return c.value, true
		}
	}
	return "", false
}

func (j *confJar) set(name, value string) {
	for i := range *j {
		if (*j)[i].name == name {
			(*j)[i].value = value
			return
		}
	}
	*j = append(*j, struct{ name, value string }{name, value})
}

func (j *confJar) del(name string) {
	for i := range *j {
		if (*j)[i].name == name {
			*j = append((*j)[:i], (*j)[i+1:]...)
			return
		}
	}
}

func (j confJar) header() string {
	var b strings.Builder
	for i, c := range j {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.name + "=" + c.value)
	}
	return b.String()
}

// apply stores a Set-Cookie line as conformance.py's apply_set_cookie does.
func (j *confJar) apply(line string) {
	name, value, attrs := confParseSetCookie(line)
	if ma, ok := attrs["max-age"]; ok {
		if n, err := strconv.Atoi(ma); err == nil && n <= 0 {
			j.del(name)
			return
		}
	}
	j.set(name, value)
}

func confParseSetCookie(line string) (name, value string, attrs map[string]string) {
	parts := strings.Split(line, ";")
	name, value, _ = strings.Cut(strings.TrimSpace(parts[0]), "=")
	if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
		value = value[1 : len(value)-1]
	}
	attrs = make(map[string]string)
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		attrs[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
	}
	return name, value, attrs
}

// runConfCase drives the model through a case's steps as conformance.py
// drives Django.
func runConfCase(cfg *Config, steps []confStep, seed uint64) []confObs {
	site := NewSite(cfg, NewRand(seed))
	now := Epoch
	jars := map[string]*confJar{}
	jar := func(client string) *confJar {
		if client == "" {
			client = "victim"
		}
		if jars[client] == nil {
			jars[client] = &confJar{}
		}
		return jars[client]
	}
	tokens := map[string]string{}
	sid := cfg.SessionCookieName
	out := make([]confObs, 0, len(steps))
	for _, st := range steps {
		at := int(now.Sub(Epoch) / time.Second)
		switch {
		case st.Advance != 0:
			now = now.Add(time.Duration(st.Advance) * time.Second)
			out = append(out, confObs{At: int(now.Sub(Epoch) / time.Second)})
			continue
		case st.Copy != "":
			if v, ok := jar(st.Copy).get(sid); ok {
				jar(st.To).set(sid, v)
			} else {
				jar(st.To).del(sid)
			}
			out = append(out, confObs{At: at})
			continue
		case st.SetSession != nil:
			jar(st.Client).set(sid, *st.SetSession)
			out = append(out, confObs{At: at})
			continue
		}
		client := st.Client
		if client == "" {
			client = "victim"
		}
		j := jar(client)
		method, scheme := st.Method, st.Scheme
		if method == "" {
			method = "GET"
		}
		if scheme == "" {
			scheme = "https"
		}
		host := st.Host
		if host == "" {
			host = SiteHost
		}
		fill := func(v string) string {
			switch v {
			case "$token":
				return tokens[client]
			case "$cookie_token":
				v, _ := j.get(cfg.CSRFCookieName)
				return v
			case "$password":
				return confPasswords[st.Form["username"]]
			}
			return v
		}
		req := Request{Method: method, URL: URL{Scheme: scheme, Host: host, Path: st.Path, Query: st.Query},
			Cookie: j.header(), Origin: st.Origin, Referer: st.Referer, XCSRFToken: fill(st.XCSRFToken)}
		if st.Cookie != "" {
			// conformance.py cookie_header: "$jar" is the client's own
			// cookies, "$session:name" another client's session cookie.
			req.Cookie = strings.ReplaceAll(st.Cookie, "$jar", req.Cookie)
			for name, cj := range jars {
				v, _ := cj.get(sid)
				req.Cookie = strings.ReplaceAll(req.Cookie, "$session:"+name, v)
			}
		}
		if len(st.Form) > 0 {
			req.Form = make(map[string]string, len(st.Form))
			for k, v := range st.Form {
				req.Form[k] = fill(v)
			}
		}
		resp := site.Serve(req, now)
		for _, line := range resp.SetCookies {
			j.apply(line)
		}
		if resp.CSRFToken != "" {
			tokens[client] = resp.CSRFToken
		}
		sessions := map[string]confSession{}
		for c, cj := range jars {
			if v, ok := cj.get(sid); ok {
				data, alive := site.Session(v, now)
				if !alive {
					data = nil
				}
				sessions[c] = confSession{v, alive, data}
			}
		}
		out = append(out, confObs{
			At:         at,
			Status:     resp.Status,
			SetCookies: resp.SetCookies,
			Location:   confHeader(resp.Headers, "Location"),
			HSTS:       confHeader(resp.Headers, "Strict-Transport-Security"),
			Vary:       confHeader(resp.Headers, "Vary"),
			User:       resp.User,
			Token:      resp.CSRFToken != "",
			CSRFReason: csrfReason(&resp),
			Sessions:   sessions,
		})
	}
	return out
}

// csrfReason is the reason the model's CsrfViewMiddleware gave for a 403,
// or "".
func csrfReason(resp *Response) string {
	if resp.Status != 403 {
		return ""
	}
	reason, _ := strings.CutPrefix(resp.Reason, "CSRF verification failed. Request aborted: ")
	if reason == resp.Reason {
		return ""
	}
	return reason
}

func confHeader(hs []Header, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

func compareConfCase(t *testing.T, c confCase, got, want []confObs) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("model ran %d steps, Django %d", len(got), len(want))
	}
	// Each side labels its own cookie values.
	gotLabels, wantLabels := confLabels{}, confLabels{}
	var diffs strings.Builder
	for i, st := range c.Steps {
		if st.Path == "" {
			continue
		}
		g, w := got[i], want[i]
		gc := gotLabels.normalize(g.SetCookies, g.At)
		wc := wantLabels.normalize(w.SetCookies, w.At)
		head := false
		for _, f := range []string{"status", "user", "location", "hsts", "vary", "token", "csrf_reason", "set_cookies", "sessions"} {
			var gv, wv string
			switch f {
			case "status":
				gv, wv = strconv.Itoa(g.Status), strconv.Itoa(w.Status)
			case "user":
				gv, wv = strconv.Quote(g.User), strconv.Quote(w.User)
			case "location":
				gv, wv = strconv.Quote(g.Location), strconv.Quote(w.Location)
			case "hsts":
				gv, wv = strconv.Quote(g.HSTS), strconv.Quote(w.HSTS)
			case "vary":
				gv, wv = strconv.Quote(g.Vary), strconv.Quote(w.Vary)
			case "token":
				gv, wv = strconv.FormatBool(g.Token), strconv.FormatBool(w.Token)
			case "csrf_reason":
				gv, wv = strconv.Quote(g.CSRFReason), strconv.Quote(w.CSRFReason)
			case "set_cookies":
				gv, wv = "\n\t\t"+strings.Join(gc, "\n\t\t"), "\n\t\t"+strings.Join(wc, "\n\t\t")
			case "sessions":
				gv, wv = gotLabels.sessions(g.Sessions), wantLabels.sessions(w.Sessions)
			}
			if gv == wv {
				continue
			}
			if !head {
				method := st.Method
				if method == "" {
					method = "GET"
				}
				fmt.Fprintf(&diffs, "\nstep %d (t=%ds, %s %s %s):", i, w.At, confClient(st.Client), method, st.Path)
				head = true
			}
			fmt.Fprintf(&diffs, "\n\t%s: Django %s\n\t%s  model %s", f, wv, strings.Repeat(" ", len(f)), gv)
		}
	}
	if diffs.Len() > 0 {
		t.Errorf("model and Django disagree (source: %s)%s", c.Source, diffs.String())
	}
}

func confClient(c string) string {
	if c == "" {
		return "victim"
	}
	return c
}

// confLabels replaces cookie values by labels, per cookie name, in order of
// first appearance.
type confLabels map[string]map[string]string

const (
	confEpochDate  = "Thu, 01 Jan 1970 00:00:00 GMT"
	confDateLayout = "Mon, 02 Jan 2006 15:04:05 GMT" // http_date (django/utils/http.py)
)

// sessions renders the store's view of each client's key, one client a
// line; the auth hash and a CSRF secret kept in the session are labelled.
func (l confLabels) sessions(m map[string]confSession) string {
	clients := make([]string, 0, len(m))
	for c := range m {
		clients = append(clients, c)
	}
	sort.Strings(clients)
	var b strings.Builder
	for _, c := range clients {
		b.WriteString("\n\t\t" + c + ": ")
		s := m[c]
		if !s.Alive {
			b.WriteString("not honoured")
			continue
		}
		keys := make([]string, 0, len(s.Data))
		for k := range s.Data {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("{")
		for i, k := range keys {
			v := s.Data[k]
			if k == "_auth_user_hash" || k == "_csrftoken" {
				v = l.label("session "+k, v)
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k + ": " + v)
		}
		b.WriteString("}")
	}
	return b.String()
}

func (l confLabels) label(kind, value string) string {
	m := l[kind]
	if m == nil {
		m = map[string]string{}
		l[kind] = m
	}
	if m[value] == "" {
		m[value] = "#" + strconv.Itoa(len(m)+1)
	}
	return m[value]
}

// normalize labels values and rewrites expires dates relative to the step's
// virtual time (at seconds after Epoch); the lines come back sorted.
func (l confLabels) normalize(lines []string, at int) []string {
	out := make([]string, 0, len(lines))
	now := Epoch.Add(time.Duration(at) * time.Second)
	for _, line := range lines {
		first, rest, _ := strings.Cut(line, ";")
		name, value, _ := strings.Cut(first, "=")
		if value != `""` && value != "" {
			value = l.label(name, value)
		}
		attrs := strings.Split(rest, ";")
		for i, a := range attrs {
			k, v, ok := strings.Cut(a, "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(k), "expires") || v == confEpochDate {
				continue
			}
			if d, err := time.Parse(confDateLayout, v); err == nil {
				attrs[i] = fmt.Sprintf("%s=now%+ds", k, int(d.Sub(now)/time.Second))
			}
		}
		s := name + "=" + value
		if rest != "" {
			s += ";" + strings.Join(attrs, ";")
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
