package model

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Environment of the helper processes of this file.
const (
	// crashWriterEnv makes TestCrashWriterHelper a writer named by its value.
	crashWriterEnv = "KSN_MODEL_CRASH_WRITER"
)

// helperCmd returns a command that runs the test binary as a helper: only
// the test named, on the store at p (its XDG variables, not this
// process's), with env added, and the race detector's exit pause off.
func helperCmd(p Paths, test string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.v=false")
	cmd.Env = append(append(os.Environ(), xdgEnv(p)...), append(env, "GORACE=atexit_sleep_ms=0")...)
	return cmd
}

// TestCrashWriterHelper is not a test: run by TestCrashSafety as a separate
// process, it starts like ksn (Load), says "ready", then toggles
// participation in a loop until it is killed, writing "ack <via> <decision>
// <counter>" to stdout after each Update has returned: a decision the user
// was told about.
func TestCrashWriterHelper(t *testing.T) {
	name := os.Getenv(crashWriterEnv)
	if name == "" {
		t.Skip("helper process only")
	}
	st := NewStore(DefaultPaths())
	if _, _, err := st.Load(); err != nil {
		fmt.Printf("err load: %v\n", err)
		os.Exit(2)
	}
	_, _ = os.Stdout.WriteString("ready\n")
	for i := 0; ; i++ {
		via := fmt.Sprintf("ssh:%s-%d", name, i)
		s, err := st.Update(toggle(via))
		if err != nil {
			fmt.Printf("err update: %v\n", strings.ReplaceAll(err.Error(), "\n", " "))
			os.Exit(2)
		}
		d := ConsentWithdrawn
		if s.KSN.Participation {
			d = ConsentAccepted
		}
		// One write(2) of a short line to a pipe: whole or not at all.
		_, _ = os.Stdout.WriteString(fmt.Sprintf("ack %s %s %d\n", via, d, counter(s)))
	}
}

// counter is the number of toggles a settings value has seen (see toggle).
func counter(s Settings) int {
	return int((time.Duration(s.KSN.CheckInterval) - DefaultCheckInterval) / time.Second)
}

// ack is a decision a writer reported as done.
type ack struct {
	via      string
	decision ConsentDecision
	counter  int
}

// runWriter starts a writer, kills it with SIGKILL a random time after it is
// ready, and returns what it acknowledged. It runs on goroutines other than
// the test's, so it returns its errors.
func runWriter(p Paths, name string, rng *rand.Rand, maxDelay time.Duration) ([]ack, error) {
	cmd := helperCmd(p, "TestCrashWriterHelper", crashWriterEnv+"="+name)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ready := make(chan struct{})
	var acks []ack
	var failure string
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(out)
		first := true
		for sc.Scan() {
			line := sc.Text()
			switch f := strings.Fields(line); {
			case line == "ready" && first:
				close(ready)
				first = false
			case len(f) == 4 && f[0] == "ack":
				n, _ := strconv.Atoi(f[3])
				acks = append(acks, ack{via: f[1], decision: ConsentDecision(f[2]), counter: n})
			case strings.HasPrefix(line, "err "):
				failure = line
			}
		}
		if first {
			close(ready)
		}
	}()
	select {
	case <-ready:
		time.Sleep(time.Duration(rng.Int64N(int64(maxDelay) + 1)))
	case <-time.After(30 * time.Second):
		failure = "did not start within 30s"
	}
	_ = cmd.Process.Kill() // SIGKILL
	<-done
	_ = cmd.Wait()
	if failure != "" {
		return acks, fmt.Errorf("writer %s: %s (stderr %s)", name, failure, stderr.String())
	}
	return acks, nil
}

// tempFiles returns the renameio temporary files in dir.
func tempFiles(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if isTempName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestCrashSafety kills writer processes with SIGKILL at random points of
// their Update loops, a few hundred times, and after each round of kills
// checks every file: settings.json parses, every consent line is whole and
// the chain intact, every acknowledged decision is in the files, the next
// start (Load) changes nothing, and the next write (Update) removes the
// temporary files the dead writers left and moves a torn line aside
// (within a round, each new writer's first Update does that).
func TestCrashSafety(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	// Three writers at a time, each killed and replaced four times a round:
	// 204 kills in 17 rounds (KSN_CRASH_ROUNDS=N for more). Files are checked
	// between rounds, when no writer is alive.
	const writers, cycles = 3, 4
	rounds := 17
	if n, err := strconv.Atoi(os.Getenv("KSN_CRASH_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	const maxDelay = 40 * time.Millisecond
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 6))

	var (
		kills, unparsable, torn, broken, lost, staleRemoved, staleLeft int
		refusalAhead, acceptAhead, tornCopies                          int
		acked                                                          = map[string]ack{}
		counters                                                       = map[int]string{}
		maxAcked                                                       int
	)
	for round := range rounds {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for w := range writers {
			seed := rng.Uint64()
			wg.Go(func() {
				wrng := rand.New(rand.NewPCG(seed, 1))
				for c := range cycles {
					acks, err := runWriter(p, fmt.Sprintf("r%dw%dc%d", round, w, c), wrng, maxDelay)
					mu.Lock()
					if err != nil {
						t.Error(err)
					}
					kills++
					for _, a := range acks {
						acked[a.via] = a
						if other, dup := counters[a.counter]; dup {
							t.Errorf("updates %s and %s both acknowledged counter %d: one was lost", other, a.via, a.counter)
							lost++
						}
						counters[a.counter] = a.via
						maxAcked = max(maxAcked, a.counter)
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()

		// Every file as the dead writers left it.
		raw, err := os.ReadFile(p.SettingsFile())
		var onDisk Settings
		switch {
		case os.IsNotExist(err) && len(acked) == 0:
		case err != nil:
			t.Fatalf("round %d: %v", round, err)
		default:
			if onDisk, err = Parse(raw); err != nil {
				unparsable++
				t.Errorf("round %d: settings.json does not parse: %v\n%s", round, err, raw)
			}
		}
		if n := counter(onDisk); len(acked) > 0 && n < maxAcked {
			lost += maxAcked - n
			t.Errorf("round %d: settings.json has counter %d, an acknowledged update had %d", round, n, maxAcked)
		}
		data, _ := os.ReadFile(p.ConsentFile())
		if len(data) > 0 && data[len(data)-1] != '\n' {
			torn++
			t.Errorf("round %d: consent.jsonl ends in a partial line: %q", round, data[bytes.LastIndexByte(data, '\n')+1:])
		}
		lines := splitConsent(data)
		for i, l := range lines {
			if l.err != nil {
				torn++
				t.Errorf("round %d: consent line %d: %v", round, i+1, l.err)
			}
		}
		if _, bad := verifyChain(data); bad != 0 {
			broken++
			t.Errorf("round %d: consent chain broken at line %d", round, bad)
		}
		if len(lines) > 0 {
			last := lines[len(lines)-1].entry
			switch {
			case last.Decision == ConsentWithdrawn && onDisk.KSN.Participation:
				refusalAhead++ // recorded, killed before the rename
			case last.Decision == ConsentAccepted && !onDisk.KSN.Participation:
				acceptAhead++
			}
		}

		// The next start reads and changes nothing; the next write tidies.
		temps := tempFiles(p.ConfigDir)
		before := tree(t, p.ConfigDir, p.StateDir)
		s, notice, err := NewStore(p).Load()
		if err != nil || notice.Code != "" {
			t.Fatalf("round %d: Load = %v, %q", round, err, notice.Code)
		}
		if after := tree(t, p.ConfigDir, p.StateDir); after != before {
			t.Errorf("round %d: Load changed files:\n%s\nwant:\n%s", round, after, before)
		}
		if notice.TornConsent {
			tornCopies++
		}
		if _, err := NewStore(p).Update(func(*Settings) (*ConsentEntry, error) { return nil, nil }); err != nil {
			t.Fatalf("round %d: the next write: %v", round, err)
		}
		if _, notice, _ := NewStore(p).Load(); notice.TornConsent {
			t.Errorf("round %d: the next write left a torn line", round)
		}
		staleRemoved += len(temps)
		if left := tempFiles(p.ConfigDir); len(left) > 0 {
			staleLeft += len(left)
			t.Errorf("round %d: the next write left temp files %v", round, left)
		}
		if len(lines) > 0 {
			last := lines[len(lines)-1].entry
			// Participation is on only if the last recorded decision
			// accepted the statement it is on for.
			if s.KSN.Participation && (last.Decision != ConsentAccepted || last.SHA256 != s.KSN.Statement.SHA256) {
				t.Errorf("round %d: participating after a recorded %s", round, last.Decision)
			}
		}
		assertMode(t, p.SettingsFile(), 0o600)
	}

	// Every acknowledged decision is in the history, as acknowledged.
	entries, bad, err := NewStore(p).VerifyConsent()
	if err != nil || bad != 0 {
		t.Fatalf("VerifyConsent: bad line %d, %v", bad, err)
	}
	byVia := make(map[string]ConsentEntry, len(entries))
	for _, e := range entries {
		byVia[e.Via] = e
	}
	for via, a := range acked {
		if e, ok := byVia[via]; !ok || e.Decision != a.decision {
			lost++
			t.Errorf("acknowledged %s %s: in the history as %+v (found %v)", via, a.decision, e, ok)
		}
	}
	if kills < rounds*writers*cycles {
		t.Errorf("%d kills, want %d", kills, rounds*writers*cycles)
	}
	t.Logf("kills=%d acked=%d entries=%d unparsable=%d torn=%d chain_broken=%d lost=%d "+
		"stale_tmp_removed=%d stale_tmp_left=%d torn_repaired=%d refusal_recorded_not_saved=%d accept_recorded_not_saved=%d",
		kills, len(acked), len(entries), unparsable, torn, broken, lost,
		staleRemoved, staleLeft, tornCopies, refusalAhead, acceptAhead)
}

// TestSaveTightensMode checks that a save makes a looser settings.json,
// license.json or consent.jsonl 0600 again: renameio's pending file with
// static permissions does not copy the old mode, as renameio.WriteFile would.
func TestSaveTightensMode(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	st := NewStore(p)
	record(t, st, 1)
	if _, err := st.InstallLicense([]byte(specLicense)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{p.SettingsFile(), p.LicenseFile(), p.ConsentFile()} {
		if err := os.Chmod(f, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	record(t, st, 1)
	if _, err := st.InstallLicense([]byte(specLicense)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{p.SettingsFile(), p.LicenseFile(), p.ConsentFile()} {
		assertMode(t, f, 0o600)
	}
}

// TestRecordedRefusalCounts covers a writer killed after it recorded a
// withdrawal or a decline but before it renamed settings.json: the
// recorded refusal counts, and the next save writes it.
func TestRecordedRefusalCounts(t *testing.T) {
	t.Parallel()
	for _, refuse := range []func(Settings) (Settings, ConsentEntry){
		func(s Settings) (Settings, ConsentEntry) {
			return s.Withdraw(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "cli")
		},
		func(s Settings) (Settings, ConsentEntry) {
			return s.Decline(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "cli")
		},
	} {
		p := testPaths(t)
		st := NewStore(p)
		accepted, err := st.Update(func(s *Settings) (*ConsentEntry, error) {
			var e ConsentEntry
			*s, e = s.Accept(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "tui")
			return &e, nil
		})
		if err != nil || !accepted.Participating(shaV1) {
			t.Fatal(accepted, err)
		}
		before := readFile(t, p.SettingsFile())
		_, e := refuse(accepted)
		st.mu.Lock()
		_, err = st.appendConsent(e) // as if killed right after this
		st.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		s, _, err := st.Load()
		if err != nil || s.Participating(shaV1) || s.KSN.Participation {
			t.Fatalf("after a recorded %s: %+v, %v", e.Decision, s.KSN, err)
		}
		if e.Decision == ConsentDeclined && s.KSN.Statement.Decision != DecisionDeclined {
			t.Errorf("statement %+v after a recorded decline", s.KSN.Statement)
		}
		if readFile(t, p.SettingsFile()) != before {
			t.Fatal("Load wrote settings.json")
		}
		// The next save writes what counts.
		s, err = st.Update(func(*Settings) (*ConsentEntry, error) { return nil, nil })
		if err != nil || s.KSN.Participation {
			t.Fatal(s, err)
		}
		if got, _ := Parse([]byte(readFile(t, p.SettingsFile()))); got.KSN.Participation {
			t.Error("settings.json still says participation on")
		}
	}

	// An accept recorded but not saved does not turn participation on.
	p := testPaths(t)
	st := NewStore(p)
	_, e := Defaults().Accept(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "tui")
	if _, err := st.appendConsent(e); err != nil {
		t.Fatal(err)
	}
	if s, _, _ := st.Load(); s.KSN.Participation {
		t.Error("an unsaved accept turned participation on")
	}
	// A refusal older than the accept in settings.json changes nothing.
	p = testPaths(t)
	st = NewStore(p)
	_, w := Defaults().Withdraw(Statement{Version: "2026.1", SHA256: shaV1}, testTime.Add(-time.Hour), "tui")
	if _, err := st.appendConsent(w); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Update(func(s *Settings) (*ConsentEntry, error) {
		*s, _ = s.Accept(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "tui")
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	if s, _, _ := st.Load(); !s.Participating(shaV1) {
		t.Error("an older withdrawal turned participation off")
	}
}
