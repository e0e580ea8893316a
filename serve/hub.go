package serve

import (
	"context"
	"sync"
)

// changeHub fans one watch of the config directory out to every session,
// so sessions share one watcher instead of each holding its own.
type changeHub struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// newChangeHub relays every signal of src to the subscribers until src closes.
func newChangeHub(src <-chan struct{}) *changeHub {
	h := &changeHub{subs: map[chan struct{}]struct{}{}}
	go func() {
		for range src {
			h.mu.Lock()
			for ch := range h.subs {
				select {
				case ch <- struct{}{}:
				default: // a change is already pending for it
				}
			}
			h.mu.Unlock()
		}
	}()
	return h
}

// subscribe returns a channel that signals changes until ctx ends.
func (h *changeHub) subscribe(ctx context.Context) (<-chan struct{}, error) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	h.subs[ch] = struct{}{}
	h.mu.Unlock()
	context.AfterFunc(ctx, func() {
		h.mu.Lock()
		delete(h.subs, ch)
		h.mu.Unlock()
	})
	return ch, nil
}
