package sim

import (
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
)

// noHTTPSHost is the name whose TLS handshake upgradeServers fails.
const noHTTPSHost = "nohttps.example.com"

// upgradeServers answers on 127.0.0.1:80 and :443, the only ports the
// browsers' HTTPS upgrades touch, for the tests of those upgrades. A page's
// HTML is its html query parameter, and every request with an id parameter
// is recorded as "scheme METHOD". The handshake for noHTTPSHost fails.
type upgradeServers struct {
	mu         sync.Mutex
	seen       map[string][]string // request id -> "scheme METHOD" of each request
	handshakes map[string]bool     // TLS server names a browser connected to
}

// startUpgradeServers starts the servers, with cert for HTTPS (nil: the
// httptest certificate), and skips the test when the ports are taken.
func startUpgradeServers(t *testing.T, cert *tls.Certificate) *upgradeServers {
	s := &upgradeServers{seen: make(map[string][]string), handshakes: make(map[string]bool)}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		if id := r.URL.Query().Get("id"); id != "" {
			s.mu.Lock()
			s.seen[id] = append(s.seen[id], scheme+" "+r.Method)
			s.mu.Unlock()
		}
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(r.URL.Query().Get("html")))
	})
	var servers [2]*httptest.Server
	for i, port := range []string{"80", "443"} {
		l, err := net.Listen("tcp", "127.0.0.1:"+port)
		if err != nil {
			t.Skipf("HTTPS upgrades touch only the default ports: %v", err)
		}
		servers[i] = &httptest.Server{Listener: l, Config: &http.Server{Handler: handler, ErrorLog: log.New(io.Discard, "", 0)}}
		t.Cleanup(servers[i].Close)
	}
	servers[0].Start()
	servers[1].TLS = &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		s.mu.Lock()
		s.handshakes[hello.ServerName] = true
		s.mu.Unlock()
		if hello.ServerName == noHTTPSHost {
			return nil, errors.New("no certificate for " + hello.ServerName)
		}
		return nil, nil // the configured certificate
	}}
	if cert != nil {
		servers[1].TLS.Certificates = []tls.Certificate{*cert}
	}
	servers[1].StartTLS()
	return s
}

// requests returns what the servers saw of request id.
func (s *upgradeServers) requests(id string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.seen[id])
}

// tried reports whether a browser opened a TLS connection to host.
func (s *upgradeServers) tried(host string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handshakes[host]
}
