package netcheck

import (
	"net/http"
	"strings"
	"testing"
)

func TestRedirectLoop(t *testing.T) {
	rec, srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v1/status", http.StatusFound)
	})
	res := checkWith(t, goodInput(srv.URL))
	wantReason(t, res, ReasonServiceUnavailable)
	if n := rec.n.Load(); n != 1+maxRedirects {
		t.Errorf("%d requests, want %d", n, 1+maxRedirects)
	}
	if s := lastStep(t, res); s.Name != StepService || s.Hint != hintRedirect {
		t.Errorf("last step %+v", s)
	}
	if !strings.Contains(res.Err, "redirect") {
		t.Errorf("Err = %q", res.Err)
	}
}

func TestRedirectsFollowed(t *testing.T) {
	rec, srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/status":
			http.Redirect(w, r, "/a", http.StatusMovedPermanently)
		case "/a":
			http.Redirect(w, r, "/b", http.StatusTemporaryRedirect)
		case "/b":
			http.Redirect(w, r, "/c", http.StatusFound)
		default:
			body(`{"key":"valid"}`)(w, r)
		}
	})
	wantReason(t, checkWith(t, goodInput(srv.URL)), ReasonNone)
	for _, r := range rec.requests() {
		if r.Header.Get("X-KSN-Key-SHA256") != digest(testKey) {
			t.Errorf("%s lost the key header", r.URL)
		}
	}
}

func TestRedirectHTTPSToHTTP(t *testing.T) {
	plain, target := serve(t, body(`{"key":"valid"}`))
	srv, roots := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/v1/status", http.StatusFound)
	}))
	res := New(Options{RootCAs: roots}).Check(t.Context(), goodInput(srv.URL))
	wantReason(t, res, ReasonServiceUnavailable)
	if n := plain.n.Load(); n != 0 {
		t.Errorf("%d requests reached the http server", n)
	}
	if !strings.Contains(res.Err, "https to http") {
		t.Errorf("Err = %q", res.Err)
	}
}

func TestRedirectOtherHost(t *testing.T) {
	other, target := serve(t, body(`{"key":"valid"}`))
	_, srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		// Same server address, other host name: still another host.
		http.Redirect(w, r, strings.Replace(target.URL, "127.0.0.1", "localhost", 1)+"/v1/status", http.StatusFound)
	})
	res := checkWith(t, goodInput(srv.URL))
	wantReason(t, res, ReasonServiceUnavailable)
	if n := other.n.Load(); n != 0 {
		t.Errorf("%d requests reached the other host", n)
	}
	if !strings.Contains(res.Err, "another host") {
		t.Errorf("Err = %q", res.Err)
	}
}
