package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/netcheck/ksntest"
	"ksn/statement"
)

// TestDemoEnv checks each scenario of --demo: a throwaway directory with an
// activated license that expires in a year and the default settings, a
// service that answers as the scenario says once participation is on, and
// nothing left behind.
func TestDemoEnv(t *testing.T) {
	t.Parallel()
	want := map[ksntest.Scenario]netcheck.Reason{
		ksntest.Valid:      netcheck.ReasonNone,
		ksntest.Restricted: netcheck.ReasonNone,
		ksntest.Denylisted: netcheck.ReasonKeyDenylisted,
		ksntest.Expired:    netcheck.ReasonLicenseExpired,
		ksntest.Offline:    netcheck.ReasonNoInternet,
	}
	for _, sc := range ksntest.Scenarios() {
		t.Run(string(sc), func(t *testing.T) {
			t.Parallel()
			now := time.Now()
			env, err := newDemoEnv(sc, now)
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				env.close()
				if _, err := os.Stat(env.dir); !os.IsNotExist(err) {
					t.Errorf("%s is still there after close (%v)", env.dir, err)
				}
			}()
			p := env.store.Paths()
			for _, d := range []string{p.ConfigDir, p.StateDir, p.DataDir} {
				if !strings.HasPrefix(d, env.dir+string(filepath.Separator)) {
					t.Errorf("demo directory %s is outside %s", d, env.dir)
				}
			}
			lic, ok, err := env.store.LoadLicense()
			if err != nil || !ok {
				t.Fatalf("demo license: %v, %v", ok, err)
			}
			if !lic.Activated || lic.ExpiresAt.Before(now.AddDate(0, 11, 0)) || lic.ExpiresAt.After(now.AddDate(1, 0, 1)) {
				t.Errorf("demo license = %v, want activated, expiring in a year", lic)
			}
			st, _, err := env.store.Load()
			if err != nil || st.KSN.Participation {
				t.Fatalf("demo settings: participation %v, %v; want off", st.KSN.Participation, err)
			}

			_, err = env.store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
				var e model.ConsentEntry
				*s, e = s.Accept(model.Statement{Version: statement.Version, SHA256: statement.SHA256()}, now, "tui")
				return &e, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			ls := loadState(env.store, flow.Overrides{Endpoint: env.url, EndpointSource: flow.SourceFlag})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			res := env.checker().Check(ctx, ls.in.CheckInput(5*time.Second))
			if res.Reason != want[sc] {
				t.Errorf("check: reason %q (%+v), want %q", res.Reason, res.Trouble, want[sc])
			}
			if sc == ksntest.Restricted && !res.Restricted() {
				t.Errorf("check: not restricted")
			}
		})
	}
}

// TestDemoInTerminal runs `ksn --demo=denylisted` in a pseudo-terminal, turns
// participation on through the windows and the statement, sees the
// scenario's reason, quits, and finds the throwaway directory gone and the
// user's own directories untouched.
func TestDemoInTerminal(t *testing.T) {
	t.Parallel()
	home, tmp := t.TempDir(), t.TempDir()
	term := ksnInTerm(t, home, 100, 30, []string{"--demo=denylisted"}, "TMPDIR="+tmp, "KSN_ENDPOINT=http://127.0.0.1:9")

	term.see("[ Settings ]")
	dir := regexp.MustCompile(`ksn-demo-\d+`).FindString(term.raw())
	if dir == "" {
		t.Fatalf("no demo directory named in the output: %q", term.raw())
	}
	dir = filepath.Join(tmp, dir)
	if _, err := os.Stat(filepath.Join(dir, "config", "ksn", "license.json")); err != nil {
		t.Fatalf("demo license: %v", err)
	}
	term.keys("\r")
	term.see("Security settings")
	term.keys("\r")
	term.see("Kaspersky Security Network")
	term.keys("\r")
	term.see("Participation in Kaspersky Security Network")
	term.keys(" ")
	term.see("I agree")
	term.keys("\t", "\r")
	term.see("License key issues")
	term.keys("\x03")
	term.wait()

	if !strings.Contains(term.raw(), "that was the demo (scenario “denylisted”)") {
		t.Errorf("no closing line naming the scenario in English quotes: %q", term.raw())
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s is still there after the demo (%v)", dir, err)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("the demo wrote to the user's directories: %v", entries)
	}
}

// ptyTerm is a program running in a pseudo-terminal, read through a
// terminal emulator.
type ptyTerm struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File
	done chan struct{}

	mu  sync.Mutex
	emu *vt.Emulator
	log strings.Builder
}

// ksnInTerm starts ksn args (the test binary, called as ksn) on a w×h
// pseudo-terminal, with every XDG directory under home and env added to
// this process's environment.
func ksnInTerm(t *testing.T, home string, w, h int, args []string, env ...string) *ptyTerm {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := &exec.Cmd{Path: exe, Args: append([]string{"ksn"}, args...)}
	cmd.Env = append(os.Environ(),
		"TERM=xterm-256color",
		"GORACE=atexit_sleep_ms=0",
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_CONFIG_DIRS="+filepath.Join(home, "etc-xdg"),
		"XDG_STATE_HOME="+filepath.Join(home, "state"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"),
	)
	cmd.Env = append(cmd.Env, env...)
	return startTerm(t, cmd, w, h)
}

// startTerm starts cmd on a w×h pseudo-terminal.
func startTerm(t *testing.T, cmd *exec.Cmd, w, h int) *ptyTerm {
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		t.Fatal(err)
	}
	tm := &ptyTerm{t: t, cmd: cmd, ptmx: ptmx, done: make(chan struct{}), emu: vt.NewEmulator(w, h)}
	// The emulator's answers (background colour and the like) go back.
	go func() { _, _ = io.Copy(ptmx, tm.emu) }()
	go func() {
		defer close(tm.done)
		buf := make([]byte, 32<<10)
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				_, _ = tm.emu.Write(buf[:n])
				tm.log.Write(buf[:n])
				tm.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = ptmx.Close()
		<-tm.done
		// Ends the copy of the emulator's answers. (Emulator.Close would
		// race with its Read in vt v0.1.0.)
		if c, ok := tm.emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	})
	return tm
}

// screen is the emulator's screen text.
func (tm *ptyTerm) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.emu.String()
}

// raw is everything the program wrote.
func (tm *ptyTerm) raw() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.log.String()
}

// see waits for text on the screen.
func (tm *ptyTerm) see(text string) {
	tm.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(tm.screen(), text) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out waiting for %q; screen:\n%s", text, tm.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// keys types raw key sequences.
func (tm *ptyTerm) keys(seqs ...string) {
	for _, s := range seqs {
		if _, err := tm.ptmx.Write([]byte(s)); err != nil {
			tm.t.Fatalf("typing: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// wait waits for the program to end with exit status 0.
func (tm *ptyTerm) wait() {
	tm.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- tm.cmd.Wait() }()
	select {
	case err := <-errc:
		if err != nil {
			tm.t.Errorf("ksn: %v", err)
		}
	case <-time.After(20 * time.Second):
		tm.t.Fatalf("ksn did not end; screen:\n%s", tm.screen())
	}
	select {
	case <-tm.done:
	case <-time.After(5 * time.Second):
	}
}
