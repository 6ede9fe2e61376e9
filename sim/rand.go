package sim

import "math/rand/v2"

// Rand is a run's own deterministic random source: the same Config always
// yields the same keys, so traces, golden files and share links are stable.
type Rand struct {
	pcg rand.PCG
	r   *rand.Rand // over pcg, for the quiz's draws and shuffles
}

// NewRand returns a generator seeded with seed.
func NewRand(seed uint64) *Rand { return newRand(seed, 0x5e55) }

// newRand returns a PCG generator with two seeds, the second a stream.
func newRand(seed, stream uint64) *Rand {
	x := &Rand{pcg: *rand.NewPCG(seed, stream)}
	x.r = rand.New(&x.pcg)
	return x
}

// clone returns a generator that continues where r is, independently.
func (r *Rand) clone() *Rand {
	x := &Rand{pcg: r.pcg}
	x.r = rand.New(&x.pcg)
	return x
}

const (
	lowerDigits = "abcdefghijklmnopqrstuvwxyz0123456789"
	alnum       = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// SessionKey is what SessionBase._get_new_session_key returns: 32 characters
// of [a-z0-9] (django/contrib/sessions/backends/base.py, VALID_KEY_CHARS).
func (r *Rand) SessionKey() string { return r.pick(lowerDigits, 32) }

// CSRFSecret is a 32-character [A-Za-z0-9] secret (django/middleware/csrf.py,
// _get_new_csrf_string).
func (r *Rand) CSRFSecret() string { return r.pick(alnum, 32) }

// pick draws n characters of chars, several from each 64-bit draw (a
// simulation needs determinism, not a CSPRNG's uniformity).
func (r *Rand) pick(chars string, n int) string {
	b := make([]byte, n)
	base := uint64(len(chars))
	var x uint64
	left := 0
	for i := range b {
		if left == 0 {
			x, left = r.pcg.Uint64(), 8
		}
		b[i] = chars[x%base]
		x /= base
		left--
	}
	return string(b)
}
