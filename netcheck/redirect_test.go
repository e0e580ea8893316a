package netcheck

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"ksn/safe"
)

func TestRedirectLoop(t *testing.T) {
	t.Parallel()
	rec, srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v1/status", http.StatusFound)
	})
	res := checkWith(t, goodInput(srv.URL))
	wantReason(t, res, ReasonServiceUnavailable)
	if n := rec.n.Load(); n != 1+maxRedirects {
		t.Errorf("%d requests, want %d", n, 1+maxRedirects)
	}
	if s := lastStep(t, res); s.Name != StepService || s.Hint != HintRedirect {
		t.Errorf("last step %+v", s)
	}
	if s := lastStep(t, res); !strings.HasPrefix(string(s.Detail), "redirect.") {
		t.Errorf("last step %+v", s)
	}
}

func TestRedirectsFollowed(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	plain, target := serve(t, body(`{"key":"valid"}`))
	srv, roots := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/v1/status", http.StatusFound)
	}))
	res := New(Options{RootCAs: roots}).Check(t.Context(), goodInput(srv.URL))
	wantReason(t, res, ReasonServiceUnavailable)
	if n := plain.n.Load(); n != 0 {
		t.Errorf("%d requests reached the http server", n)
	}
	if s := lastStep(t, res); s.Detail != DetailRedirectScheme || s.Facts.From != "https" || s.Facts.To != "http" {
		t.Errorf("last step %+v", s)
	}
}

func TestRedirectOtherHost(t *testing.T) {
	t.Parallel()
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
	if s := lastStep(t, res); s.Detail != DetailRedirectHost {
		t.Errorf("last step %+v", s)
	}
}

// TestRedirectOtherPort is the attack "a redirect to another port of the
// same host": it was followed, carrying the key's hash to whatever
// listens there. Redirects go only to the same scheme, host and port.
func TestRedirectOtherPort(t *testing.T) {
	t.Parallel()
	other, target := serve(t, body(`{"key":"valid"}`))
	_, srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/v1/status", http.StatusFound) // 127.0.0.1, another port
	})
	res := checkWith(t, goodInput(srv.URL))
	wantReason(t, res, ReasonServiceUnavailable)
	if n := other.n.Load(); n != 0 {
		t.Errorf("%d requests reached the other port", n)
	}
	if s := lastStep(t, res); s.Detail != DetailRedirectPort {
		t.Errorf("last step %+v", s)
	}
}

// TestRedirectOrigin checks the redirect policy on its own: the same
// scheme, host (any case) and port (a default port written or not), at
// most maxRedirects.
func TestRedirectOrigin(t *testing.T) {
	t.Parallel()
	req := func(u string) *http.Request {
		r, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, c := range []struct {
		from, to string
		ok       bool
		why      Detail
	}{
		{"https://ksn.example/v1/status", "https://ksn.example/a", true, ""},
		{"https://ksn.example/v1/status", "https://KSN.example:443/a", true, ""},
		{"http://127.0.0.1/v1/status", "http://127.0.0.1:80/a", true, ""},
		{"https://ksn.example/v1/status", "https://ksn.example:8443/a", false, DetailRedirectPort},
		{"https://ksn.example:8443/v1/status", "https://ksn.example/a", false, DetailRedirectPort},
		{"http://127.0.0.1:8080/v1/status", "http://127.0.0.1:8081/a", false, DetailRedirectPort},
		{"https://ksn.example/v1/status", "http://ksn.example/a", false, DetailRedirectScheme},
		{"http://localhost:8080/v1/status", "https://localhost:8080/a", false, DetailRedirectScheme},
		{"https://ksn.example/v1/status", "https://evil.example/a", false, DetailRedirectHost},
		{"https://ksn.example/v1/status", "https://ksn.example.evil.example/a", false, DetailRedirectHost},
		{"http://127.0.0.1:8080/v1/status", "http://localhost:8080/a", false, DetailRedirectHost},
	} {
		err := checkRedirect(req(c.to), []*http.Request{req(c.from)})
		var re *RedirectError
		if c.ok != (err == nil) || (err != nil && (!errors.As(err, &re) || re.Detail != c.why)) {
			t.Errorf("%s → %s: %v, want ok %v (%s)", c.from, c.to, err, c.ok, c.why)
		}
	}
	// A redirect from a redirect is judged against the endpoint too.
	via := []*http.Request{req("https://ksn.example/v1/status"), req("https://ksn.example/a")}
	if err := checkRedirect(req("https://ksn.example:444/b"), via); err == nil {
		t.Error("second redirect to another port followed")
	}
	via = append(via, req("https://ksn.example/b"))
	if err := checkRedirect(req("https://ksn.example/c"), via); err != nil {
		t.Errorf("third redirect: %v", err)
	}
	via = append(via, req("https://ksn.example/c"))
	if err := checkRedirect(req("https://ksn.example/d"), via); err == nil || err.(*RedirectError).Detail != DetailRedirectTooMany {
		t.Errorf("fourth redirect: %v", err)
	}
}

// TestRedirectErrorIsSafe: the host a refused redirect names comes from
// the network, and is shown escaped.
func TestRedirectErrorIsSafe(t *testing.T) {
	t.Parallel()
	from, _ := http.NewRequest(http.MethodGet, "https://ksn.example/v1/status", nil)
	to := &http.Request{URL: &url.URL{Scheme: "https", Host: "evil\u202e.example"}}
	err := checkRedirect(to, []*http.Request{from})
	if err == nil || !safe.Clean(err.Error()) || !strings.Contains(err.Error(), `evil\u202e.example`) {
		t.Errorf("error %q", err)
	}
}
