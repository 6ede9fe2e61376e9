package sim

import (
	"testing"
	"time"
)

// cookieDateTests are the http-state date vectors (abarth/http-state
// tests/data/dates/examples.json and bsd-examples.json, the latter from
// Chromium), the edges of RFC 6265bis §5.1.1 step 5, and the tokens on which
// Chromium 156 departs from §5.1.1. want is the UTC date, or "" when parsing
// must fail. The vectors' weekday names are ignored, as the algorithm
// ignores them. The Chromium vectors were set as Expires in Chromium 156 (a
// past date deletes the cookie, no date leaves a session cookie), and one
// of each kind is in chromiumCases.
//
// One vector is not here: examples.json expects "Mon, 01-Jan-2011 00:
// 00:00 GMT" to parse, but §5.1.1 finds no time in "00:" and "00:00" and
// fails, so the Expires attribute is ignored.
var cookieDateTests = []struct{ in, want string }{
	// examples.json
	{"Mon, 10-Dec-2007 17:02:24 GMT", "2007-12-10 17:02:24"},
	{"Wed, 09 Dec 2009 16:27:23 GMT", "2009-12-09 16:27:23"},
	{"Thursday, 01-Jan-1970 00:00:00 GMT", "1970-01-01 00:00:00"},
	{"Mon Dec 10 16:32:30 2007 GMT", "2007-12-10 16:32:30"},
	{"Wednesday, 01-Jan-10 00:00:00 GMT", "2010-01-01 00:00:00"},
	{"Mon, 10-Dec-07 20:35:03 GMT", "2007-12-10 20:35:03"},
	{"Wed, 1 Jan 2020 00:00:00 GMT", "2020-01-01 00:00:00"},
	{"Saturday, 8-Dec-2012 21:24:09 GMT", "2012-12-08 21:24:09"},
	{"Thu, 31 Dec 23:55:55 2037 GMT", "2037-12-31 23:55:55"},
	{"Sun,  9 Dec 2012 13:42:05 GMT", "2012-12-09 13:42:05"},
	{"Wed Dec 12 2007 08:44:07 GMT-0500 (EST)", "2007-12-12 08:44:07"},
	{"Sun, 1-Jan-1995 00:00:00 GMT", "1995-01-01 00:00:00"},
	{"Wednesday, 01-Jan-10 0:0:00 GMT", "2010-01-01 00:00:00"},
	{"Thu, 10 Dec 2009 13:57:2 GMT", "2009-12-10 13:57:02"},
	// bsd-examples.json
	{"Sat, 15-Apr-17 21:01:22 GMT", "2017-04-15 21:01:22"},
	{"Thu, 19-Apr-2007 16:00:00 GMT", "2007-04-19 16:00:00"},
	{"Wed, 25 Apr 2007 21:02:13 GMT", "2007-04-25 21:02:13"},
	{`Thu, 19/Apr\2007 16:00:00 GMT`, "2007-04-19 16:00:00"},
	{"Fri, 1 Jan 2010 01:01:50 GMT", "2010-01-01 01:01:50"},
	{"Wednesday, 1-Jan-2003 00:00:00 GMT", "2003-01-01 00:00:00"},
	{", 1-Jan-2003 00:00:00 GMT", "2003-01-01 00:00:00"},
	{" 1-Jan-2003 00:00:00 GMT", "2003-01-01 00:00:00"},
	{"1-Jan-2003 00:00:00 GMT", "2003-01-01 00:00:00"},
	{"Wed,18-Apr-07 22:50:12 GMT", "2007-04-18 22:50:12"},
	{"WillyWonka  , 18-Apr-07 22:50:12 GMT", "2007-04-18 22:50:12"},
	{"WillyWonka  , 18-Apr-07 22:50:12", "2007-04-18 22:50:12"},
	{"WillyWonka  ,  18-apr-07   22:50:12", "2007-04-18 22:50:12"},
	{"Mon, 18-Apr-1977 22:50:13 GMT", "1977-04-18 22:50:13"},
	{"Mon, 18-Apr-77 22:50:13 GMT", "1977-04-18 22:50:13"},
	{`"Sat, 15-Apr-17\"21:01:22\"GMT"`, "2017-04-15 21:01:22"},
	{"Partyday, 18- April-07 22:50:12", "2007-04-18 22:50:12"},
	{"Partyday, 18 - Apri-07 22:50:12", "2007-04-18 22:50:12"},
	{"Wednes, 1-Januar-2003 00:00:00 GMT", "2003-01-01 00:00:00"},
	{"Sat, 15-Apr-17 21:01:22", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 21:01:22 GMT-2", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 21:01:22 GMT BLAH", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 21:01:22 GMT-0400", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 21:01:22 GMT-0400 (EDT)", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 21:01:22 DST", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 21:01:22 -0400", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 21:01:22 (hello there)", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 21:01:22 11:22:33", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 ::00 21:01:22", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 boink:z 21:01:22", "2017-04-15 21:01:22"},
	{"Sat, 15-Apr-17 91:22:33 21:01:22", ""},
	{"Thu Apr 18 22:50:12 2007 GMT", "2007-04-18 22:50:12"},
	{"22:50:12 Thu Apr 18 2007 GMT", "2007-04-18 22:50:12"},
	{"Thu 22:50:12 Apr 18 2007 GMT", "2007-04-18 22:50:12"},
	{"Thu Apr 22:50:12 18 2007 GMT", "2007-04-18 22:50:12"},
	{"Thu Apr 18 2007 22:50:12 GMT", "2007-04-18 22:50:12"},
	{"Thu Apr 18 2007 GMT 22:50:12", "2007-04-18 22:50:12"},
	{"15-Sat, Apr-17 21:01:22 GMT", "2017-04-15 21:01:22"},
	{"15-Sat, Apr 21:01:22 GMT 17", "2017-04-15 21:01:22"},
	{"15-Sat, Apr 21:01:22 GMT 2017", "2017-04-15 21:01:22"},
	{"15 Apr 21:01:22 2017", "2017-04-15 21:01:22"},
	{"15 17 Apr 21:01:22", "2017-04-15 21:01:22"},
	{"Apr 15 17 21:01:22", "2017-04-15 21:01:22"},
	{"Apr 15 21:01:22 17", "2017-04-15 21:01:22"},
	{"2017 April 15 21:01:22", "2017-04-15 21:01:22"},
	{"15 April 2017 21:01:22", "2017-04-15 21:01:22"},
	{"98 April 17 21:01:22", ""},
	{"Thu, 012-Aug-2008 20:49:07 GMT", ""},
	{"Thu, 12-Aug-31841 20:49:07 GMT", "31841-08-12 20:49:07"}, // five-digit years are read; 64-bit base::Time holds it
	{"Thu, 12-Aug-9999999999 20:49:07 GMT", ""},
	{"Thu, 999999999999-Aug-2007 20:49:07 GMT", ""},
	{"Thu, 12-Aug-2007 20:61:99999999999 GMT", ""},
	{"IAintNoDateFool", ""},
	// §5.1.1 step 5 and 6.
	{"Mon, 16 Mar 2026 09:00:00 GMT", "2026-03-16 09:00:00"}, // Django's http_date
	{"Thu, 01 Jan 1601 00:00:00 GMT", "1601-01-01 00:00:00"},
	{"Wed, 31 Dec 1600 23:59:59 GMT", "1600-12-31 23:59:59"}, // §5.1.1 fails below 1601, Chromium does not
	{"Fri, 31 Dec 9999 23:59:59 GMT", "9999-12-31 23:59:59"},
	{"Mon, 02 Mar 2026 24:00:00 GMT", ""}, // hour > 23
	{"Mon, 02 Mar 2026 23:60:00 GMT", ""}, // minute > 59
	{"Mon, 02 Mar 2026 23:59:60 GMT", ""}, // second > 59 (no leap seconds)
	{"Mon, 00 Mar 2026 09:00:00 GMT", ""}, // day < 1
	{"Mon, 32 Mar 2026 09:00:00 GMT", ""}, // day > 31
	{"Mon, 30 Feb 2026 09:00:00 GMT", ""}, // no such date
	{"Sun, 29 Feb 2032 09:00:00 GMT", "2032-02-29 09:00:00"},
	{"Mon, 02 Mar 69 09:00:00 GMT", "2069-03-02 09:00:00"}, // 0-69: 20xx
	{"Mon, 02 Mar 70 09:00:00 GMT", "1970-03-02 09:00:00"}, // 70-99: 19xx
	{"Mon, 02 Mar 2026 09:00 GMT", ""},                     // no seconds: no time
	{"Mon, 02 Mar 2026", ""},                               // no time at all
	{"09:00:00 2026 Mar", ""},                              // no day of month
	{"1st Mar 2026 09:00:00", ""},                          // §5.1.1 reads day 1, Chromium needs digits only
	{"", ""},
	// Chromium 156, checked in the browser.
	{"Thu, 01 Jan 100 00:00:00 GMT", "0100-01-01 00:00:00"},
	{"01 Jan 999 00:00:00", "0999-01-01 00:00:00"},
	{"01 Jan 197 00:00:00", "0197-01-01 00:00:00"},
	{"01 Jan 0 00:00:00", "2000-01-01 00:00:00"},
	{"01 123 Jan 1970 00:00:00", "0123-01-01 00:00:00"}, // a three-digit token is a year
	{"01 Jan 01970 00:00:00", "1970-01-01 00:00:00"},
	{"1st Jan 1970 00:00:00 GMT", ""},
	{"1a Jan 1970 00:00:00", ""},
	{"1a 01 Jan 1970 00:00:00", "1970-01-01 00:00:00"}, // a bad number takes no slot
	{"01 1a Jan 1970 00:00:00", "1970-01-01 00:00:00"},
	{"01 Jan 1970abc 00:00:00", ""},
	{"Thu, 01 Jan 1970 00:00:00GMT", ""},
	{"01 Jan 1970 00:00:00x", ""},
	{"01 Jan 1970 00:00:00:", ""},
	{"01 Jan 1970 1:2:3:4", ""},
	{"01 Jan 1970 00:00:000", "1970-01-01 00:00:00"},
	{"01 Jan 1970 000:00:00", "1970-01-01 00:00:00"},
	{"01 Jan 1970 001:002:003", "1970-01-01 01:02:03"},
	{"01 Jan 1970 0x:00:00 00:00:00", "1970-01-01 00:00:00"}, // a bad time takes no slot
	{"01 Jan 1970 24:00:00 00:00:00", ""},                    // an out-of-range one does
	{"01 Jan 1970 00:00:60", ""},
	{"12:00 01 Jan 1970 00:00:00", "1970-01-01 00:00:00"}, // a colon token is never a day
}

func TestParseCookieDate(t *testing.T) {
	for _, tt := range cookieDateTests {
		got, ok := parseCookieDate(tt.in)
		var gotS string
		if ok {
			if got.Location() != time.UTC {
				t.Errorf("%q: location %v, want UTC", tt.in, got.Location())
			}
			gotS = got.Format(time.DateTime)
		}
		if gotS != tt.want {
			t.Errorf("parseCookieDate(%q) = %q, want %q", tt.in, gotS, tt.want)
		}
	}
}
