package model

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
)

// Environment of the helper processes of TestUpdateLockAcrossProcesses.
const (
	// helperEnv is the number of toggle updates each goroutine makes.
	helperEnv = "KSN_MODEL_HELPER_UPDATES"
	// helperGoroutinesEnv is the number of goroutines of a helper.
	helperGoroutinesEnv = "KSN_MODEL_HELPER_GOROUTINES"
)

// TestHelperProcess is not a test: run by TestUpdateLockAcrossProcesses as a
// separate process, it makes the number of toggle updates given in
// helperEnv in each of helperGoroutinesEnv goroutines (one by default),
// over two Stores, on the store under the XDG directories it inherits.
func TestHelperProcess(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv(helperEnv))
	if err != nil {
		t.Skip("helper process only")
	}
	g, err := strconv.Atoi(os.Getenv(helperGoroutinesEnv))
	if err != nil || g < 1 {
		g = 1
	}
	stores := []*Store{NewStore(DefaultPaths()), NewStore(DefaultPaths())}
	var wg sync.WaitGroup
	for i := range g {
		wg.Go(func() {
			st := stores[i%len(stores)]
			for j := range n {
				if _, err := st.Update(toggle(fmt.Sprintf("ssh:p%d-g%d", os.Getpid(), i))); err != nil {
					fmt.Fprintf(os.Stderr, "update %d: %v\n", j, err)
					os.Exit(2)
				}
			}
		})
	}
	wg.Wait()
	os.Exit(0)
}

// TestUpdateLockAcrossProcesses runs read-modify-write updates in 8
// processes of 3 goroutines each, and in 4 goroutines of this process, all
// at once on the same files: no update may be lost (see checkCounted).
func TestUpdateLockAcrossProcesses(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	const procs, goroutines, each, local = 8, 3, 10, 4
	var wg sync.WaitGroup
	errs := make(chan error, procs+local)
	for range procs {
		cmd := helperCmd(p, "TestHelperProcess",
			helperEnv+"="+strconv.Itoa(each), helperGoroutinesEnv+"="+strconv.Itoa(goroutines))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			if err := cmd.Wait(); err != nil {
				errs <- fmt.Errorf("helper process: %w", err)
			}
		})
	}
	st := NewStore(p)
	for range local {
		wg.Go(func() {
			for range each {
				if _, err := st.Update(toggle("tui")); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n := procs*goroutines*each + local*each
	lost := checkCounted(t, p, n)
	t.Logf("processes=%d goroutines_per_process=%d local_goroutines=%d updates=%d lost=%d", procs, goroutines, local, n, lost)
}
