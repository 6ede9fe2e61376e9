package sim

// The five SESSION_ENGINEs (django/contrib/sessions/backends/*.py @5.2) and
// how each one loads, saves, deletes and expires a session:
//
//	engine          record                  expiry enforced at load
//	db              row: data, expire_date  expire_date > now (db.py _get_session_from_db)
//	cache           entry with a TTL        the TTL (LocMemCache, the default CACHES)
//	cached_db       both, written through   as db (cache first, then the row)
//	file            file: data, mtime       mtime + SESSION_COOKIE_AGE, or the stored
//	                                        _session_expiry, which as an integer never expires
//	signed_cookies  none: the cookie is     signed at most SESSION_COOKIE_AGE ago;
//	                the data, signed        set_expiry is ignored (#19201)
//
// db, cache and cached_db forget an unknown or expired key (the cookie is
// then deleted if the session was read), and so does file for an unknown one;
// an expired file, and any signed value that does not verify, start a new
// session instead, so the response sets a new cookie. No engine ever adopts a
// key the client chose.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// SecretKey is the simulated site's SECRET_KEY. It keys the signed-cookie
// signatures and the session auth hash exactly as Django does, so a Django
// configured with the same key produces the same values.
const SecretKey = "django-insecure-session-lab-0123456789abcdefghijklmnopqrstuvwx"

// djRecord is one stored session: a db row, a cache entry or a file.
type djRecord struct {
	data   djData
	saved  time.Time // the last save: the file's mtime
	expire time.Time // db expire_date, or the end of the cache TTL
}

// djStore is the server's session storage and the engine that runs it.
type djStore struct {
	engine Engine
	cfg    *Config
	rnd    *Rand
	now    time.Time
	recs   map[string]*djRecord
	order  []string  // keys in creation order, for display
	signer djSigner  // signed_cookies only
	resp   *Response // where load records its check; nil outside Serve
}

func (st *djStore) check(rule string, src Source, passed bool) {
	if st.resp != nil {
		st.resp.Checks = append(st.resp.Checks, Check{rule, src, passed})
	}
}

const (
	djSrcDBLoad       Source = "django/contrib/sessions/backends/db.py SessionStore._get_session_from_db"
	djSrcCacheLoad    Source = "django/contrib/sessions/backends/cache.py SessionStore.load"
	djSrcCachedDBLoad Source = "django/contrib/sessions/backends/cached_db.py SessionStore.load"
	djSrcFileLoad     Source = "django/contrib/sessions/backends/file.py SessionStore.load"
	djSrcSignedLoad   Source = "django/contrib/sessions/backends/signed_cookies.py SessionStore.load (core/signing.py TimestampSigner.unsign)"
)

// load is SessionStore.load for the current engine. On an unknown or expired
// key the server-side engines set the key to None; file (expired) and
// signed_cookies call create() instead.
func (st *djStore) load(s *djSession) djData {
	switch st.engine {
	case EngineSigned:
		d, why := st.signer.loads(s.buf, s.key, st.now.Add(inSecond), st.cfg.SessionCookieAge)
		if why != "" {
			st.check(why+": a new, empty session is started", djSrcSignedLoad, false)
			st.create(s)
			return nil
		}
		st.check("the signature matches and the value was signed at most SESSION_COOKIE_AGE ago", djSrcSignedLoad, true)
		return d
	case EngineFile:
		if !fileKeyValid(s.key) {
			st.check("the key has characters outside [a-z0-9] (InvalidSessionKey): no session", djSrcFileLoad, false)
			s.key = ""
			return nil
		}
		r := st.recs[s.key]
		if r == nil {
			st.check("no session file has this key: the key is not adopted", djSrcFileLoad, false)
			s.key = ""
			return nil
		}
		d := append(s.buf, r.data...)
		if fileExpiryAge(d, r.saved, st.now, st.cfg.SessionCookieAge) <= 0 {
			st.check("the session file expired (mtime + SESSION_COOKIE_AGE passed): it is deleted and a new, empty session created", djSrcFileLoad, false)
			st.delete(s, "")
			st.create(s)
			return nil
		}
		if i := d.index(keyExpiry); i >= 0 && intValue(d[i]) != 0 {
			st.check("the session file exists; its set_expiry is an integer, which file.py never expires", djSrcFileLoad, true)
		} else {
			st.check("the session file exists and mtime + SESSION_COOKIE_AGE is still ahead", djSrcFileLoad, true)
		}
		return d
	}
	src := djSrcDBLoad
	switch st.engine {
	case EngineCache:
		src = djSrcCacheLoad
	case EngineCachedDB:
		src = djSrcCachedDBLoad
	}
	r := st.recs[s.key]
	switch {
	case r == nil:
		st.check("no stored session has this key: the key is not adopted", src, false)
	case !st.alive(r):
		st.check("the stored session expired (expiry from its last save has passed): the key is not adopted", src, false)
	default:
		st.check("a stored session has this key and has not expired", src, true)
		return append(s.buf, r.data...)
	}
	s.key = ""
	return nil
}

// alive reports whether a db row or cache entry is still honoured:
// expire_date__gt=now (db.py), or a LocMemCache entry whose expiry time is
// still ahead (core/cache/backends/locmem.py _has_expired: exp <= now).
func (st *djStore) alive(r *djRecord) bool { return r.expire.After(st.now) }

// fileExpiryAge is file.py's check: get_expiry_age(expiry=_expiry_date(data)),
// where _expiry_date is "data.get('_session_expiry') or mtime + AGE". An
// integer expiry is returned as is (the quirk: such a session never expires);
// a date gives whole seconds left, floored like timedelta.days*86400+seconds.
func fileExpiryAge(d djData, mtime, now time.Time, age int) int {
	if i := d.index(keyExpiry); i >= 0 {
		if n := intValue(d[i]); n != 0 {
			return n
		}
	}
	left := mtime.Add(time.Duration(age) * time.Second).Sub(now)
	secs := left / time.Second
	if left%time.Second < 0 {
		secs--
	}
	return int(secs)
}

// fileKeyValid is file.py _key_to_file's guard against path traversal.
func fileKeyValid(k string) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// exists is SessionStore.exists, used only to retry a colliding new key.
func (st *djStore) exists(k string) bool {
	r := st.recs[k]
	switch st.engine {
	case EngineSigned:
		return false
	case EngineCache:
		return r != nil && st.alive(r)
	}
	return r != nil // a db row or a file, expired or not
}

// create is SessionStore.create: a fresh key, saved at once with whatever
// data the session holds (none unless cycle_key loaded some). For
// signed_cookies it only marks the session modified.
func (st *djStore) create(s *djSession) {
	if st.engine != EngineSigned {
		s.key = s.newKey()
		st.save(s, true)
	}
	s.modified = true
}

// save is SessionStore.save. signed_cookies re-signs the data, which becomes
// the new key; the others store a copy with its expiry computed now:
// get_expiry_date() for db, get_expiry_age() as the cache TTL, the mtime for
// file. A save with no key creates one.
//
// Serve runs one request at a time, so the record a request loaded cannot
// vanish before its save: UpdateError (SessionInterrupted, HTTP 400), which
// needs a concurrent logout, cannot arise here.
func (st *djStore) save(s *djSession, mustCreate bool) {
	if st.engine == EngineSigned {
		s.setKey(st.signer.dumps(s.session(false), st.now))
		s.modified = true
		return
	}
	if s.key == "" {
		st.create(s)
		return
	}
	d := s.session(mustCreate)
	r := st.recs[s.key]
	if r == nil {
		r = new(djRecord)
		st.recs[s.key] = r
		st.order = append(st.order, s.key)
	}
	r.data = d.clone()
	r.saved = st.now
	r.expire = s.getExpiryDate()
}

// delete is SessionStore.delete: the record goes at once. signed_cookies has
// none; it empties the session and forgets the key instead.
func (st *djStore) delete(s *djSession, key string) {
	if st.engine == EngineSigned {
		s.key = ""
		s.data, s.loaded = nil, true
		s.modified = true
		return
	}
	if key == "" {
		if key = s.key; key == "" {
			return
		}
	}
	if _, ok := st.recs[key]; !ok {
		return
	}
	delete(st.recs, key)
	for i, k := range st.order {
		if k == key {
			st.order = append(st.order[:i], st.order[i+1:]...)
			break
		}
	}
}

// peek reads the stored session under key as a load at now would, without
// side effects: its data (nil when there is none) and whether it is honoured.
func (st *djStore) peek(key string) (djData, bool) {
	switch st.engine {
	case EngineSigned:
		d, why := st.signer.loads(nil, key, st.now.Add(inSecond), st.cfg.SessionCookieAge)
		return d, why == ""
	case EngineFile:
		r := st.recs[key]
		if r == nil {
			return nil, false
		}
		return r.data, fileExpiryAge(r.data, r.saved, st.now, st.cfg.SessionCookieAge) > 0
	case EngineCache:
		r := st.recs[key]
		if r == nil || !st.alive(r) {
			return nil, false // evicted
		}
		return r.data, true
	}
	r := st.recs[key]
	if r == nil {
		return nil, false
	}
	return r.data, st.alive(r)
}

// views lists the stored sessions for display.
func (st *djStore) views() []SessionView {
	if st.engine == EngineSigned {
		return []SessionView{{Note: "signed_cookies keeps nothing on the server: the cookie value is the session (data, signing time, signature), so logout cannot revoke a copy"}}
	}
	out := make([]SessionView, 0, len(st.order))
	for _, k := range st.order {
		r := st.recs[k]
		v := SessionView{Key: k, Data: r.data.String()}
		switch st.engine {
		case EngineFile:
			if i := r.data.index(keyExpiry); i >= 0 && intValue(r.data[i]) != 0 {
				v.Note = "set_expiry(" + r.data[i].val + ") is an integer: file.py never expires it"
				break
			}
			v.Expires = storeTime(r.saved.Add(time.Duration(st.cfg.SessionCookieAge) * time.Second))
			if fileExpiryAge(r.data, r.saved, st.now, st.cfg.SessionCookieAge) <= 0 {
				v.Note = "expired: deleted at its next load, or by clearsessions"
			}
		case EngineCache:
			if !st.alive(r) {
				continue // the cache has evicted it
			}
			v.Expires = storeTime(r.expire)
		default:
			v.Expires = storeTime(r.expire)
			if !st.alive(r) {
				v.Note = "expired: load ignores the row; it stays until clearsessions"
			}
		}
		out = append(out, v)
	}
	return out
}

// storeTime shows an instant as the trace's time column does (script.go clock).
func storeTime(t time.Time) string { return clock(t.Sub(Epoch)) }

// String renders the dict as JSON with Python's spacing, e.g.
// {"_auth_user_id": "1", "_session_expiry": 300}.
func (d djData) String() string {
	b := make([]byte, 0, 64)
	b = append(b, '{')
	for i, e := range d {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendJSONString(b, e.key)
		b = append(b, ": "...)
		b = e.appendJSON(b)
	}
	return string(append(b, '}'))
}

func (e djEntry) appendJSON(b []byte) []byte {
	if e.num {
		return append(b, e.val...)
	}
	return appendJSONString(b, e.val)
}

// appendJSON is JSONSerializer.dumps: json.dumps(obj, separators=(",", ":")),
// ASCII only.
func (d djData) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for i, e := range d {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, e.key)
		b = append(b, ':')
		b = e.appendJSON(b)
	}
	return append(b, '}')
}

// appendJSONString quotes s as Python's json.dumps does with ensure_ascii:
// everything outside printable ASCII becomes \uXXXX.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\b':
			b = append(b, `\b`...)
		case r == '\f':
			b = append(b, `\f`...)
		case r >= ' ' && r <= '~':
			b = append(b, byte(r))
		default:
			if r > 0xffff { // a surrogate pair
				r -= 0x10000
				hi, lo := 0xd800+(r>>10), 0xdc00+(r&0x3ff)
				b = append(b, '\\', 'u', hex[hi>>12], hex[hi>>8&15], hex[hi>>4&15], hex[hi&15])
				r = lo
			}
			b = append(b, '\\', 'u', hex[r>>12], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		}
	}
	return append(b, '"')
}

// parseJSONData is JSONSerializer.loads, json.loads(data.decode("latin-1")),
// for a flat object of strings and integers, the only values the site's
// sessions hold. Anything else is an error (for Django a valid session, for
// the model an unreadable one).
func parseJSONData(d djData, s string) (djData, bool) {
	p := jsonParser{s: s}
	if !p.eat('{') {
		return nil, false
	}
	d = d[:0]
	if p.eat('}') {
		return d, p.end()
	}
	for {
		k, ok := p.str()
		if !ok || !p.eat(':') {
			return nil, false
		}
		var e djEntry
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == '"' {
			e.val, ok = p.str()
		} else {
			e.val, ok = p.int()
			e.num = true
		}
		if !ok {
			return nil, false
		}
		e.key = k
		if i := d.index(k); i >= 0 { // json.loads: a repeated key keeps its place, the last value wins
			d[i] = e
		} else {
			d = append(d, e)
		}
		if p.eat('}') {
			return d, p.end()
		}
		if !p.eat(',') {
			return nil, false
		}
	}
}

type jsonParser struct {
	s string
	i int
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *jsonParser) eat(c byte) bool {
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *jsonParser) end() bool { p.ws(); return p.i == len(p.s) }

// int reads -?(0|[1-9][0-9]*); fractions and exponents are not session values here.
func (p *jsonParser) int() (string, bool) {
	start := p.i
	if p.i < len(p.s) && p.s[p.i] == '-' {
		p.i++
	}
	digits := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	n := p.i - digits
	if n == 0 || n > 1 && p.s[digits] == '0' || n > 18 {
		return "", false
	}
	return p.s[start:p.i], true
}

// hex4 reads the four hex digits of a \u escape.
func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	r, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(r), true
}

func (p *jsonParser) str() (string, bool) {
	p.ws()
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return "", false
	}
	p.i++
	var b []byte
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			out := p.s[start:p.i]
			if b != nil {
				out = string(append(b, p.s[start:p.i]...))
			}
			p.i++
			return out, true
		case c < ' ':
			return "", false
		case c >= 0x80: // JSONSerializer.loads decodes the bytes as Latin-1
			b = utf8.AppendRune(append(b, p.s[start:p.i]...), rune(c))
			p.i++
			start = p.i
		case c == '\\':
			b = append(b, p.s[start:p.i]...)
			if p.i+1 >= len(p.s) {
				return "", false
			}
			esc := p.s[p.i+1]
			p.i += 2
			switch esc {
			case '"', '\\', '/':
				b = append(b, esc)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", false
				}
				if utf16.IsSurrogate(r) && strings.HasPrefix(p.s[p.i:], `\u`) { // a pair, as json.loads joins it
					save := p.i
					p.i += 2
					if lo, ok := p.hex4(); ok && utf16.DecodeRune(r, lo) != utf8.RuneError {
						r = utf16.DecodeRune(r, lo)
					} else {
						p.i = save
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", false
			}
			start = p.i
		default:
			p.i++
		}
	}
	return "", false
}

// djSigner is the signed_cookies engine's signing.dumps / signing.loads:
// TimestampSigner with salt "django.contrib.sessions.backends.signed_cookies"
// and SHA-256 (core/signing.py). A value is
//
//	base64url(JSON) ":" base62(int(time)) ":" base64url(HMAC-SHA256)
//
// where the HMAC key is sha256(salt + "signer" + SECRET_KEY) (salted_hmac).
// Django also zlib-compresses the JSON when that saves two bytes or more,
// marking it with a leading "."; the model always signs it uncompressed, which
// changes the encoding but not what the value reveals (signed, not encrypted)
// or how it verifies. loads accepts both forms natively, where TestDjangoRandom
// hands it Django's own cookies; in the page, whose runs meet only values
// dumps made, it reads the uncompressed form only (zlib_wasm.go).
type djSigner struct {
	mac hash.Hash
	buf []byte
}

const signedCookieSalt = "django.contrib.sessions.backends.signed_cookies"

func newSigner() djSigner {
	return djSigner{mac: saltedHMAC(signedCookieSalt+"signer", SecretKey)}
}

// saltedHMAC is django.utils.crypto.salted_hmac with algorithm="sha256": an
// HMAC keyed with sha256(key_salt + secret).
func saltedHMAC(keySalt, secret string) hash.Hash {
	key := sha256.Sum256([]byte(keySalt + secret))
	return hmac.New(sha256.New, key[:])
}

func (g *djSigner) signature(b []byte, value []byte) []byte {
	g.mac.Reset()
	g.mac.Write(value)
	var sum [sha256.Size]byte
	return base64.RawURLEncoding.AppendEncode(b, g.mac.Sum(sum[:0]))
}

// dumps signs d at now.
func (g *djSigner) dumps(d djData, now time.Time) string {
	json := d.appendJSON(g.buf[:0])
	n := len(json)
	b := base64.RawURLEncoding.AppendEncode(json, json) // the encoding follows the JSON in one buffer
	b = append(b[:0], b[n:]...)
	b = append(b, ':')
	b = appendBase62(b, now.Unix())
	value := len(b)
	b = append(b, ':')
	b = g.signature(b, b[:value])
	g.buf = b[:0]
	return string(b)
}

// inSecond is how far into its virtual second a request runs. A story's
// events fall on whole seconds, but a real request runs a moment into one,
// and TimestampSigner stamps int(time.time()): a value signed at second k
// and read at k+SESSION_COOKIE_AGE is older than its max_age, so
// signed_cookies expires then, at the second the other engines' expiry
// dates pass (with a whole-second clock it would live one second longer,
// which no real clock does). Any phase in (0, 1 s) gives the same verdicts;
// the Django harness runs at this one (conformance.py _time).
const inSecond = 500 * time.Millisecond

// loads verifies and decodes a signed value into dst. why is "" on success,
// else why Django's signing.loads would raise.
func (g *djSigner) loads(dst djData, v string, now time.Time, maxAge int) (d djData, why string) {
	i := strings.LastIndexByte(v, ':')
	if i < 0 {
		return nil, "no signature (BadSignature)"
	}
	value, sig := v[:i], v[i+1:]
	want := g.signature(g.buf[:0], []byte(value))
	g.buf = want[:0]
	if !hmac.Equal(want, []byte(sig)) {
		return nil, "the signature does not match (BadSignature)"
	}
	j := strings.LastIndexByte(value, ':')
	if j < 0 {
		return nil, "no timestamp (BadSignature)"
	}
	ts, ok := parseBase62(value[j+1:])
	if !ok {
		return nil, "the timestamp is not base62 (ValueError)"
	}
	// TimestampSigner.unsign: "if age > max_age: raise SignatureExpired".
	if now.Sub(time.Unix(ts, 0)) > time.Duration(maxAge)*time.Second {
		return nil, "signed more than SESSION_COOKIE_AGE ago (SignatureExpired)"
	}
	payload := value[:j]
	compressed := strings.HasPrefix(payload, ".")
	if compressed {
		payload = payload[1:]
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(payload, "="))
	if err != nil {
		return nil, "the data is not base64 (BadSignature)"
	}
	if compressed {
		if raw, why = zlibDecompress(raw); why != "" {
			return nil, why
		}
	}
	if d, ok = parseJSONData(dst, string(raw)); !ok {
		return nil, "the data is not a session dict the model reads"
	}
	return d, ""
}

const base62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// appendBase62 is core/signing.py b62_encode.
func appendBase62(b []byte, n int64) []byte {
	if n == 0 {
		return append(b, '0')
	}
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var tmp [12]byte
	i := len(tmp)
	for n > 0 {
		i--
		tmp[i] = base62Digits[n%62]
		n /= 62
	}
	return append(b, tmp[i:]...)
}

// parseBase62 is b62_decode, refusing what does not fit an int64 (only a
// value the server itself signed reaches it).
func parseBase62(s string) (int64, bool) {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if s == "" || len(s) > 10 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(base62Digits, s[i])
		if d < 0 {
			return 0, false
		}
		n = n*62 + int64(d)
	}
	if neg {
		n = -n
	}
	return n, true
}
