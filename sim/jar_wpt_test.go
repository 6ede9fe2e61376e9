package sim

import (
	"strings"
	"testing"
)

// wptHTTPCookieTests are web-platform-tests' httpCookieTest vectors
// (cookies/name/name.html, value/value.html, attributes/{expires,invalid,
// max-age,path,secure-non-secure}.html, size/{name-and-value,attributes}.html;
// literal arrays as in the WPT files). Each sets its Set-Cookie lines in a
// same-origin fetch of http://web-platform.test/cookies/resources/cookie.py
// and reads document.cookie at the default path, /cookies/resources, or
// with atPage at the test page, /cookies/<dir>/.
//
// Left out: value.html "Set cookie but ignore value after LF" (test=13\nZYX):
// the LF ends the header at the HTTP layer before the cookie parser runs, and
// RFC 6265bis §5.6 step 1 rejects a line containing one (see parseTests).
var wptHTTPCookieTests = []struct {
	dir     string
	cookies []string
	want    string
	atPage  bool
}{
	// name.html
	{"name", []string{"test1=;  path = /"}, "test1=", true},
	{"name", []string{"=test=2"}, "test=2", false},
	{"name", []string{"===test=2b"}, "==test=2b", false},
	{"name", []string{"=test2c"}, "test2c", false},
	{"name", []string{"test =3"}, "test=3", false},
	{"name", []string{"   test=4"}, "test=4", false},
	{"name", []string{`"test=5"=test`, `"test=5`}, `"test=5`, false},
	{"name", []string{"test6;cool=dude"}, "test6", false},
	{"name", []string{"$Version=1; test=7"}, "$Version=1", false},
	{"name", []string{"test test=8"}, "test test=8", false},
	{"name", []string{`"test9;test"=9`}, `"test9`, false},
	{"name", []string{`"test"10;baz"=qux`}, `"test"10`, false},
	{"name", []string{"=test=11", "test11"}, "test11", false},
	{"name", []string{"test11", "test11a"}, "test11a", false},
	{"name", []string{"test11", "test11a", "=test11b"}, "test11b", false},
	{"name", []string{"test11", "test11a", "=test11b", "test=11c"}, "test11b; test=11c", false},
	{"name", []string{"test12=11", "test12=12"}, "test12=12", false},
	{"name", []string{"testA=13", "testB=13"}, "testA=13; testB=13", false},
	{"name", []string{"a=test14", "z=test14"}, "a=test14; z=test14", false},
	{"name", []string{"z=test15", "a=test15"}, "z=test15; a=test15", false},
	{"name", []string{"z=test16, a=test16"}, "z=test16, a=test16", false},
	{"name", []string{"testA=16", "=test16", "testB=16"}, "testA=16; test16; testB=16", false},
	{"name", []string{"test17a", "test17b"}, "test17b", false},
	{"name", []string{"="}, "", false},
	{"name", []string{""}, "", false},
	{"name", []string{"%74%65%73%74=20"}, "%74%65%73%74=20", false},
	// value.html
	{"value", []string{"test=1, baz=qux"}, "test=1, baz=qux", false},
	{"value", []string{`test="2, baz=qux"`}, `test="2, baz=qux"`, false},
	{"value", []string{`test="3zz;pp" ; ;`}, `test="3zz`, false},
	{"value", []string{`test="4zz ;`}, `test="4zz`, false},
	{"value", []string{`test="5zzz "   "ppp"  ;`}, `test="5zzz "   "ppp"`, false},
	{"value", []string{`test=6A"B ;`}, `test=6A"B`, false},
	{"value", []string{"test7"}, "test7", false},
	{"value", []string{`"test8"HHH"`}, `"test8"HHH"`, false},
	{"value", []string{`test="9`}, `test="9`, false},
	{"value", []string{"=test10"}, "test10", false},
	{"value", []string{"test=11" + strings.Repeat("a", 4090)}, "test=11" + strings.Repeat("a", 4090), false},
	{"value", []string{"test=12" + strings.Repeat("a", 4091)}, "", false},
	{"value", []string{`test="14 "   ;`}, `test="14 "`, false},
	{"value", []string{"test=15    ;"}, "test=15", false},
	{"value", []string{"test=  16"}, "test=16", false},
	{"value", []string{`test="17"`}, `test="17"`, false},
	{"value", []string{`test="  18 "`}, `test="  18 "`, false},
	{"value", []string{`test="19;wow"`}, `test="19`, false},
	{"value", []string{`test="20=20"`}, `test="20=20"`, false},
	{"value", []string{"test\t=\t21\t \t;\tttt"}, "test=21", false},
	{"value", []string{"testA=22", "test22=", "testB=22"}, "testA=22; test22=; testB=22", false},
	{"value", []string{"test=%32%33"}, "test=%32%33", false},
	{"value", []string{"test24=="}, "test24==", false},
	{"value", []string{"test=25=25"}, "test=25=25", false},
	{"value", []string{"test=26=26=26"}, "test=26=26=26", false},
	{"value", []string{"test=27 test"}, "test=27 test", false},
	{"value", []string{" test test28 ;"}, "test test28", false},
	// attributes/expires.html
	{"attributes", []string{"test=1; Expires=Fri, 01 Jan 2038 00:00:00 GMT"}, "test=1", false},
	{"attributes", []string{"test=2; Expires=Fri 01 Jan 2038 00:00:00 GMT, baz=qux"}, "test=2", false},
	{"attributes", []string{"test=expired; Expires=Fri, 07 Aug 2007 08:04:19 GMT", "test=4; Expires=Fri, 07 Aug 2027 08:04:19 GMT"}, "test=4", false},
	{"attributes", []string{"test=5; expires=Thu, 10 Apr 1980 16:33:12 GMT"}, "", false},
	// attributes/invalid.html
	{"attributes", []string{"test=1; lol; Path=/"}, "test=1", true},
	{"attributes", []string{"test=2; Path=/; lol"}, "test=2", true},
	{"attributes", []string{"test=3; Path=/; 'lol'"}, "test=3", true},
	{"attributes", []string{`test=4; Path=/; "lol"`}, "test=4", true},
	{"attributes", []string{"test=5; Path=/; lol="}, "test=5", true},
	{"attributes", []string{`test=6; lol="aaa;bbb"; Path=/`}, "test=6", true},
	{"attributes", []string{`test=7; Path=/; lol="aaa;bbb"`}, "test=7", true},
	{"attributes", []string{`test=8; "Secure"`}, "test=8", false},
	{"attributes", []string{"test=9; Secure qux"}, "test=9", false},
	{"attributes", []string{"test=10; b,az=qux"}, "test=10", false},
	{"attributes", []string{"test=11; baz=q,ux"}, "test=11", false},
	{"attributes", []string{"  test  = 12  ;foo;;;   bar"}, "test=12", false},
	{"attributes", []string{"  test=== 13  ;foo;;;   bar"}, "test=== 13", false},
	{"attributes", []string{"test=14; version=1;"}, "test=14", false},
	{"attributes", []string{"test=16; customvalue='1000 or more';"}, "test=16", false},
	{"attributes", []string{"test=18; foo=bar, a=b"}, "test=18", false},
	{"attributes", []string{"test=19;max-age=3600, c=d;path=/"}, "test=19", true},
	{"attributes", []string{"testA=20", "=", "testb=20"}, "testA=20; testb=20", false},
	{"attributes", []string{"test=21", ""}, "test=21", false},
	{"attributes", []string{"test22", "="}, "test22", false},
	{"attributes", []string{"testA23", "; testB23"}, "testA23", false},
	{"attributes", []string{"test24", "   "}, "test24", false},
	{"attributes", []string{"test25", "\t"}, "test25", false},
	{"attributes", []string{"test=26; domain=.parser.test; ;; ;=; ,,, ===,abc,=; abracadabra! max-age=20;=;;"}, "", false},
	// attributes/max-age.html
	{"attributes", []string{"test=1; Max-Age=50,399"}, "test=1", false},
	{"attributes", []string{"test=2; max-age=10000"}, "test=2", false},
	{"attributes", []string{"test=3; max-age=0"}, "", false},
	{"attributes", []string{"test=4; max-age=-1"}, "", false},
	{"attributes", []string{"testA=6; max-age=60", "testB=6; max-age=60"}, "testA=6; testB=6", false},
	{"attributes", []string{"testA=7; max-age=60", "testB=7; max-age=60", "testA=differentvalue; max-age=0"}, "testB=7", false},
	{"attributes", []string{"testA=8; max-age=60", "testB=8; max-age=60", "testA=differentvalue; max-age=0", "testC=8; max-age=0"}, "testB=8", false},
	{"attributes", []string{`test="9! = foo;bar\";" parser; max-age=6`, "test9; max-age=2.63,"}, `test="9! = foo; test9`, false},
	{"attributes", []string{"test=10; max-age=0", "test10; max-age=0"}, "", false},
	// attributes/path.html
	{"attributes", []string{"test=1; Path"}, "test=1", false},
	{"attributes", []string{"test=2; Path="}, "test=2", false},
	{"attributes", []string{"test=3; Path=/"}, "test=3", true},
	{"attributes", []string{"test=4; Path=/qux"}, "", true},
	{"attributes", []string{"test=5; Path    =/qux"}, "", true},
	{"attributes", []string{"test=6; Path=    /qux"}, "", true},
	{"attributes", []string{"test=7; Path=/qux      ; taz"}, "", true},
	{"attributes", []string{"test=8; Path=/qux; Path=/"}, "test=8", false},
	{"attributes", []string{"test=9; Path=/; Path=/qux"}, "", true},
	{"attributes", []string{"test=10; Path=/lol; Path=/qux"}, "", true},
	{"attributes", []string{"testA=11; path=/", "testB=11; path=/cookies/attributes"}, "testB=11; testA=11", true},
	{"attributes", []string{"testB=12; path=/", "testA=12; path=/cookies/attributes"}, "testA=12; testB=12", true},
	{"attributes", []string{"testA=13; path=/cookies/attributes", "testB=13; path=/"}, "testA=13; testB=13", true},
	{"attributes", []string{"testB=14; path=/cookies/attributes", "testA=14; path=/"}, "testB=14; testA=14", true},
	{"attributes", []string{"test=15; path=/cookies/attributes/foo"}, "", true},
	{"attributes", []string{"test=16", "test=0; path=/cookies/attributes/foo"}, "test=16", false},
	{"attributes", []string{"test=17; path= /"}, "test=17", false},
	{"attributes", []string{"test=18; path=/cookies/ATTRIBUTES"}, "", true},
	{"attributes", []string{"testA=19; \tpath\t=\t/cookies/attributes", "testB=19; \tpath\t=\t/book"}, "testA=19", true},
	{"attributes", []string{"test=20; path=; path=/dog"}, "", true},
	{"attributes", []string{"test=21; path=/dog; path="}, "test=21", false},
	// attributes/secure-non-secure.html (over http)
	{"attributes", []string{"test=1; Secure"}, "", false},
	{"attributes", []string{"test=2; seCURe"}, "", false},
	{"attributes", []string{"test=3; Secure="}, "", false},
	{"attributes", []string{"test=5; Secure =aaaaa"}, "", false},
	{"attributes", []string{"test=8;       Secure     ;"}, "", false},
	{"attributes", []string{"__Secure-test=9; Secure"}, "", false},
	{"attributes", []string{"__Secure-test=10"}, "", false},
	{"attributes", []string{"__%53ecure-test=11"}, "__%53ecure-test=11", false},
	// size/name-and-value.html (cookieStringWithNameAndValueLengths)
	{"size", []string{strings.Repeat("t", 2048) + "=" + strings.Repeat("1", 2048)}, strings.Repeat("t", 2048) + "=" + strings.Repeat("1", 2048), false},
	{"size", []string{strings.Repeat("t", 4096) + "=1"}, "", false},
	{"size", []string{"=" + strings.Repeat("1", 4096)}, strings.Repeat("1", 4096), false},
	{"size", []string{"=" + strings.Repeat("1", 4097)}, "", false},
	// size/attributes.www.sub.html
	{"size", []string{"test=1; path=/cookies/size; path=/cookies/size" + strings.Repeat("e", 1024)}, "test=1", true},
	{"size", []string{"test=2; path=/cookies/size" + strings.Repeat("e", 1024) + "; path=/cookies/size"}, "test=2", true},
	{"size", []string{"test=3; path=/" + strings.Repeat("a", 1023) + ";"}, "", true},
	{"size", []string{"test=4; path=/" + strings.Repeat("a", 1024) + ";"}, "test=4", false},
	{"size", []string{"test=5; domain=web-platform.test; domain=" + strings.Repeat("a", 1021) + ".com"}, "test=5", false},
	{"size", []string{"test=6; domain=" + strings.Repeat("a", 1021) + ".com; domain=web-platform.test"}, "test=6", false},
	{"size", []string{"test=7; domain=" + strings.Repeat("a", 1020) + ".com;"}, "", false},
	{"size", []string{"test=8; domain=" + strings.Repeat("a", 1021) + ".com;"}, "test=8", false},
}

func TestWPTHTTPCookie(t *testing.T) {
	setURL := MustURL("http://web-platform.test/cookies/resources/cookie.py")
	for _, tt := range wptHTTPCookieTests {
		jar := NewJar(ProfileFor(Chromium))
		for _, line := range tt.cookies {
			jar.SetCookie(RequestContext{URL: setURL, Initiator: "http://web-platform.test"}, line, jarT0)
		}
		doc := "http://web-platform.test/cookies/resources/echo-cookie.html"
		if tt.atPage {
			doc = "http://web-platform.test/cookies/" + tt.dir + "/test.html"
		}
		if got := jar.DocumentCookie(MustURL(doc), jarT0); got != tt.want {
			t.Errorf("%s %.80q: document.cookie %.80q, want %.80q", tt.dir, tt.cookies, got, tt.want)
		}
	}
}
