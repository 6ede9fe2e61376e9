package app

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// The worker go-app serves is ours, with the version's cache and the page's
// files resolved as the site's URLs are: relative, or under the prefix.
func TestServiceWorker(t *testing.T) {
	for _, tt := range []struct {
		prefix string
		files  []string
	}{
		{"", []string{`"./web/app.wasm"`, `"./app.js"`, `"./web/style.css"`, `"."`}},
		{"/sessionlab", []string{`"/sessionlab/web/app.wasm"`, `"/sessionlab/app.js"`, `"/sessionlab/web/style.css"`}},
	} {
		h := Handler(Site{Prefix: tt.prefix, Version: "v9"})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/app-worker.js", nil))
		body, _ := io.ReadAll(rec.Body)
		js := string(body)
		for _, want := range append(tt.files, `const cacheName = "`+cachePrefix+`v9";`, "event.waitUntil", "self.registration.scope") {
			if !strings.Contains(js, want) {
				t.Errorf("prefix %q: the worker has no %s:\n%s", tt.prefix, want, js)
			}
		}
		if strings.Contains(js, "{{") || strings.Contains(js, "http") {
			t.Errorf("prefix %q: a placeholder or a remote URL is left in the worker:\n%s", tt.prefix, js)
		}
	}
}
