package ksntest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// restrictedFor is how long the restriction of the Restricted scenario
// lasts from each request.
const restrictedFor = 20 * time.Minute

// Service is a fake KSN service: an http.Handler for GET /v1/status that
// answers as its scenario says, and POST /v1/reports, which takes a
// participation report (docs/sent.md). It counts the requests that reach
// it, records the X-KSN-Key-SHA256 and User-Agent of the last one, and
// keeps every request it got (Received), so that a test compares the bytes
// received with those ksn recorded and showed. It is safe for concurrent
// use.
type Service struct {
	requests atomic.Int64

	mu        sync.Mutex
	scenario  Scenario
	lastKey   string
	lastAgent string
	servers   map[*server]struct{} // those Start made, to follow the scenario
	received  []Request
}

// Request is one request the service got, as it got it.
type Request struct {
	// Method and URL (the path and query) are the request line's.
	Method, URL string
	// Headers are its header fields, Host included, values of a field
	// repeated joined by ", " (as ksn records them in sent.jsonl).
	Headers map[string]string
	// Body is its body, nil if it had none.
	Body []byte
}

// maxReceived is the most of a body the service reads.
const maxReceived = 2 << 20

// Received returns every request the service got, oldest first.
func (s *Service) Received() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.received...)
}

// Reports returns the bodies of the reports the service took, oldest first.
func (s *Service) Reports() [][]byte {
	var out [][]byte
	for _, r := range s.Received() {
		if r.Method == http.MethodPost && r.URL == "/v1/reports" {
			out = append(out, r.Body)
		}
	}
	return out
}

// NewService returns a service answering as sc says.
func NewService(sc Scenario) *Service {
	return &Service{scenario: sc, servers: map[*server]struct{}{}}
}

// Scenario returns the current scenario.
func (s *Service) Scenario() Scenario {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.scenario
}

// SetScenario switches the scenario at run time. Servers made by Start
// follow it: switching to Offline closes their port (and drops open
// connections), switching back opens it again at the same address.
func (s *Service) SetScenario(sc Scenario) {
	s.mu.Lock()
	s.scenario = sc
	servers := make([]*server, 0, len(s.servers))
	for sv := range s.servers {
		servers = append(servers, sv)
	}
	s.mu.Unlock()
	for _, sv := range servers {
		sv.sync()
	}
}

// Requests returns how many requests have reached the service, on any
// path.
func (s *Service) Requests() int64 {
	return s.requests.Load()
}

// LastKeyHeader returns the X-KSN-Key-SHA256 of the last request, or "".
func (s *Service) LastKeyHeader() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastKey
}

// LastUserAgent returns the User-Agent of the last request, or "".
func (s *Service) LastUserAgent() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastAgent
}

// answer is the body of the service's 200.
type answer struct {
	Key          string        `json:"key"`
	Restrictions []restriction `json:"restrictions"`
}

// restriction is one entry of answer.Restrictions.
type restriction struct {
	Scope string    `json:"scope"`
	Until time.Time `json:"until"`
}

// ServeHTTP answers GET (or HEAD) /v1/status as the scenario says: 404 for
// another path, 405 for another method. Served directly in the Offline
// scenario (not through Start), it drops the connection without an answer.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	got := Request{Method: r.Method, URL: r.URL.RequestURI(), Headers: map[string]string{"Host": r.Host}}
	for k, v := range r.Header {
		got.Headers[k] = strings.Join(v, ", ")
	}
	if body, _ := io.ReadAll(io.LimitReader(r.Body, maxReceived)); len(body) > 0 {
		got.Body = body
	}
	s.mu.Lock()
	s.lastKey = r.Header.Get("X-KSN-Key-SHA256")
	s.lastAgent = r.Header.Get("User-Agent")
	s.received = append(s.received, got)
	sc := s.scenario
	s.mu.Unlock()

	if r.URL.Path == "/v1/reports" {
		s.report(w, r, sc)
		return
	}
	if r.URL.Path != "/v1/status" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}

	a := answer{Key: "valid", Restrictions: []restriction{}}
	switch sc {
	case Denylisted:
		a.Key = "denylisted"
	case Expired:
		a.Key = "expired"
	case Restricted:
		until := time.Now().Add(restrictedFor).UTC().Truncate(time.Second)
		a.Restrictions = append(a.Restrictions, restriction{Scope: "file_reputation", Until: until})
	case Offline:
		panic(http.ErrAbortHandler) // drop the connection, log nothing
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(a) // a write error means the client has gone
}

// report answers POST /v1/reports: 202 Accepted, whatever the scenario but
// Offline; 405 for another method.
func (s *Service) report(w http.ResponseWriter, r *http.Request, sc Scenario) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if sc == Offline {
		panic(http.ErrAbortHandler)
	}
	w.WriteHeader(http.StatusAccepted)
}
