package sim

import "testing"

// TestQueryEncode: what the URL parser does to a string concatenated onto
// the end of an https URL's query (URL Standard §4.4 query state, §1.3 special-query
// percent-encode set), as new URL("https://a/?c=" + s).search shows in
// Chromium 156.
func TestQueryEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"csrftoken=abc; sessionid=xyz", "csrftoken=abc;%20sessionid=xyz"},
		{`a"b<c>d`, "a%22b%3Cc%3Ed"},
		{"it's", "it%27s"},
		{"tab\there\n", "tabhere"},
		{"a b \x01 ", "a%20b"},
		{"é", "%C3%A9"},
		{"a#b c", "a"}, // the fragment is never sent
		{"~!$&()*+,-./:;=?@[]^_`{|}", "~!$&()*+,-./:;=?@[]^_`{|}"},
	}
	for _, tt := range tests {
		if got := queryEncode(tt.in); got != tt.want {
			t.Errorf("queryEncode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
