package serve

import (
	"fmt"
	"sync"
	"time"

	"charm.land/log/v2"
	"golang.org/x/time/rate"
)

// What is logged before login is rate-limited: anyone who can reach the
// port chooses how much of it there is.
const (
	// quietBurst lines are logged at once, then one every quietEvery.
	quietBurst = 20
	quietEvery = 5 * time.Second
	// quietReport is how often the lines left out are counted in the log.
	quietReport = 10 * time.Second
)

// quietLog logs what happens before login (refused connections, keys and
// user names, failed handshakes) at a bounded rate: a burst, then a line
// now and then; the lines it leaves out are counted in one line at most
// every quietReport. A flood of connections writes a few dozen lines, not
// three per connection.
type quietLog struct {
	log *log.Logger
	lim *rate.Limiter

	mu      sync.Mutex
	dropped int
	report  *time.Timer // pending count of dropped lines; nil if none
	stopped bool
}

// newQuietLog logs to l.
func newQuietLog(l *log.Logger) *quietLog {
	return &quietLog{log: l, lim: rate.NewLimiter(rate.Every(quietEvery), quietBurst)}
}

// Warn logs msg with its key-value pairs unless the rate is spent; then
// it only counts the line.
func (q *quietLog) Warn(msg string, keyvals ...any) {
	if q.lim.Allow() {
		q.log.Warn(msg, keyvals...)
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.dropped++
	if q.report == nil && !q.stopped {
		q.report = time.AfterFunc(quietReport, q.flush)
	}
}

// flush logs how many lines were left out since the last count.
func (q *quietLog) flush() {
	q.mu.Lock()
	n := q.dropped
	q.dropped, q.report = 0, nil
	q.mu.Unlock()
	if n > 0 {
		q.log.Warn("log lines before login suppressed (too many)", "count", n, "rate", fmt.Sprintf("%d, then 1 per %s", quietBurst, quietEvery))
	}
}

// stop counts what was left out, at once, and schedules no more counts.
func (q *quietLog) stop() {
	q.mu.Lock()
	q.stopped = true
	if q.report != nil {
		q.report.Stop()
	}
	q.mu.Unlock()
	q.flush()
}
