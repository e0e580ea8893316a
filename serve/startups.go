package serve

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

// Startups is OpenSSH's MaxStartups, start:rate:full (docs/serve.md):
// from Start connections logging in on, a new one is dropped with
// probability Rate%, rising linearly to 100% at Full. A hard limit of N is
// N:100:N.
type Startups struct {
	Start, Rate, Full int
}

// DefaultMaxStartups is OpenSSH's default MaxStartups.
const DefaultMaxStartups = "10:30:100"

// ParseStartups reads "start:rate:full", or a single number N, a hard
// limit (N:100:N). start is at least 1, rate 1 to 100, and full at least
// start.
func ParseStartups(s string) (Startups, error) {
	parts := strings.Split(s, ":")
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return Startups{}, fmt.Errorf("%q is not a number", p)
		}
		nums[i] = n
	}
	var st Startups
	switch len(nums) {
	case 1:
		st = Startups{Start: nums[0], Rate: 100, Full: nums[0]}
	case 3:
		st = Startups{Start: nums[0], Rate: nums[1], Full: nums[2]}
	default:
		return Startups{}, errors.New("want start:rate:full or one number")
	}
	switch {
	case st.Start < 1:
		return Startups{}, errors.New("start must be at least 1")
	case st.Rate < 1 || st.Rate > 100:
		return Startups{}, errors.New("rate must be 1 to 100")
	case st.Full < st.Start:
		return Startups{}, errors.New("full must be at least start")
	}
	return st, nil
}

// String is st as ParseStartups reads it.
func (st Startups) String() string {
	if st.Rate == 100 && st.Full == st.Start {
		return strconv.Itoa(st.Start)
	}
	return fmt.Sprintf("%d:%d:%d", st.Start, st.Rate, st.Full)
}

// dropPercent is the chance, in percent, that a new connection is dropped
// while n are logging in.
func (st Startups) dropPercent(n int) int {
	switch {
	case n < st.Start:
		return 0
	case n >= st.Full:
		return 100
	}
	return st.Rate + (100-st.Rate)*(n-st.Start)/(st.Full-st.Start)
}

// startups are the connections logging in.
type startups struct {
	limit     Startups
	perSource int

	mu       sync.Mutex
	conns    map[*conn]struct{}
	bySource map[string]int
}

// newStartups lets connections log in as limit allows, perSource of them
// at once from one address.
func newStartups(limit Startups, perSource int) *startups {
	return &startups{limit: limit, perSource: perSource, conns: map[*conn]struct{}{}, bySource: map[string]int{}}
}

// enter counts c as logging in, or says why it may not: too many logging
// in (at random from limit.Start on, as OpenSSH drops them), or too many
// from its address.
func (s *startups) enter(c *conn) (refused string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.conns)
	switch p := s.limit.dropPercent(n); {
	case p >= 100:
		return fmt.Sprintf("%d connections are logging in already (--max-startups %s)", n, s.limit)
	case p > 0 && rand.IntN(100) < p:
		return fmt.Sprintf("%d connections are logging in, dropped at random (--max-startups %s)", n, s.limit)
	case s.bySource[c.source] >= s.perSource:
		return fmt.Sprintf("%d connections from this address are logging in already", s.perSource)
	}
	s.conns[c] = struct{}{}
	s.bySource[c.source]++
	return ""
}

// leave counts c out, once it has logged in or closed; again is harmless.
func (s *startups) leave(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.conns[c]; !ok {
		return
	}
	delete(s.conns, c)
	if s.bySource[c.source]--; s.bySource[c.source] <= 0 {
		delete(s.bySource, c.source)
	}
}

// all are the connections logging in.
func (s *startups) all() []*conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		cs = append(cs, c)
	}
	return cs
}

// len is how many connections are logging in.
func (s *startups) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}
