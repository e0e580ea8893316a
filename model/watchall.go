package model

import "context"

// WatchAll reports changes of the settings directory of s and of the policy
// files in policyDirs until ctx ends, on one channel, which is then closed.
// Reports are coalesced as Watch's are: after each receive, read again.
func WatchAll(ctx context.Context, s *Store, policyDirs []string) <-chan struct{} {
	out := make(chan struct{}, 1)
	settings, err := s.Watch(ctx)
	if err != nil {
		settings = nil // the policy is still watched
	}
	policy := WatchPolicy(ctx, policyDirs)
	go func() {
		defer close(out) // when both have ended with ctx
		for settings != nil || policy != nil {
			select {
			case _, ok := <-settings:
				if !ok {
					settings = nil
					continue
				}
			case _, ok := <-policy:
				if !ok {
					policy = nil
					continue
				}
			}
			select {
			case out <- struct{}{}:
			default:
			}
		}
	}()
	return out
}
