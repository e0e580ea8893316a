package model

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// helperEnv is set in the environment of the helper processes.
const helperEnv = "KSN_MODEL_HELPER_UPDATES"

// TestHelperProcess is not a test: run by TestUpdateLockAcrossProcesses as a
// separate process, it makes the number of toggle updates given in
// helperEnv on the store under the XDG directories it inherits.
func TestHelperProcess(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv(helperEnv))
	if err != nil {
		t.Skip("helper process only")
	}
	st := NewStore(DefaultPaths())
	for i := range n {
		if _, err := st.Update(toggle(fmt.Sprintf("ssh:p%d", os.Getpid()))); err != nil {
			fmt.Fprintf(os.Stderr, "update %d: %v\n", i, err)
			os.Exit(2)
		}
	}
	os.Exit(0)
}

func TestUpdateLockAcrossProcesses(t *testing.T) {
	p := testPaths(t)
	const procs, each = 4, 40
	cmds := make([]*exec.Cmd, procs)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperEnv+"="+strconv.Itoa(each))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("helper process: %v", err)
		}
	}
	checkCounted(t, p, procs*each)
}
