package sim

import (
	"testing"
	"time"
)

func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{301 * time.Second, "301 seconds"},
		{5 * time.Minute, "5 minutes"},
		{time.Hour, "1 hour"},
		{90 * time.Minute, "1 hour 30 minutes"},
		{25 * time.Hour, "1 day 1 hour"},
		{24*time.Hour + 5*time.Minute, "1 day 5 minutes"},
		{14*24*time.Hour + 5*time.Minute, "14 days 5 minutes"},
		{14 * 24 * time.Hour, "2 weeks"},
		{3 * 24 * time.Hour, "3 days"},
	} {
		if got := span(tc.d); got != tc.want {
			t.Errorf("span(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
