package serve

import (
	"context"
	"sync"
	"time"

	"ksn/flow"
	"ksn/netcheck"
)

// sharedFor is how long a finished check answers sessions asking the same.
const sharedFor = 2 * time.Second

// sharedChecker lets the sessions of `ksn serve` share connection checks:
// sessions asking the same check at once (a change seen by all of them, a
// timer firing in each) wait for one request instead of sending one each.
// A check runs while at least one session waits for it, so turning
// participation off, which changes every session's question, cancels it.
type sharedChecker struct {
	c  flow.Checker
	mu sync.Mutex
	// calls are the checks running or recently finished, by question.
	calls map[netcheck.Input]*sharedCall
}

// sharedCall is one check and the sessions waiting for it.
type sharedCall struct {
	done    chan struct{}
	res     netcheck.Result
	waiters int
	cancel  context.CancelFunc
	ended   time.Time // when done; zero while running
}

// newSharedChecker shares the checks of c.
func newSharedChecker(c flow.Checker) *sharedChecker {
	return &sharedChecker{c: c, calls: map[netcheck.Input]*sharedCall{}}
}

// Check implements ui.Checker.
func (s *sharedChecker) Check(ctx context.Context, in netcheck.Input) netcheck.Result {
	s.mu.Lock()
	call, ok := s.calls[in]
	if ok && !call.ended.IsZero() && time.Since(call.ended) > sharedFor {
		ok = false // too old to answer for now
	}
	if !ok {
		runCtx, cancel := context.WithCancel(context.Background())
		call = &sharedCall{done: make(chan struct{}), cancel: cancel}
		s.calls[in] = call
		go s.run(runCtx, in, call)
	}
	call.waiters++
	s.mu.Unlock()

	select {
	case <-call.done:
		s.leave(in, call)
		return call.res
	case <-ctx.Done():
		s.leave(in, call)
		return netcheck.Result{Reason: netcheck.ReasonNoInternet, CheckedAt: time.Now(), Trouble: netcheck.Trouble{Kind: netcheck.TroubleCause, Cause: ctx.Err().Error()}}
	}
}

// run checks once and keeps the answer for sharedFor.
func (s *sharedChecker) run(ctx context.Context, in netcheck.Input, call *sharedCall) {
	res := s.c.Check(ctx, in)
	s.mu.Lock()
	call.res, call.ended = res, time.Now()
	s.mu.Unlock()
	close(call.done)
	call.cancel()
	time.AfterFunc(sharedFor, func() {
		s.mu.Lock()
		if s.calls[in] == call {
			delete(s.calls, in)
		}
		s.mu.Unlock()
	})
}

// leave drops one waiter; the last to leave a running check cancels it,
// and the next session to ask starts a new one.
func (s *sharedChecker) leave(in netcheck.Input, call *sharedCall) {
	s.mu.Lock()
	defer s.mu.Unlock()
	call.waiters--
	if call.waiters == 0 && call.ended.IsZero() {
		call.cancel()
		if s.calls[in] == call {
			delete(s.calls, in)
		}
	}
}
