package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Environment of TestSaveHelper.
const (
	// saveOpEnv is what the helper does: "toggle" (an Update recording a
	// consent entry) or "license" (InstallLicense).
	saveOpEnv = "KSN_MODEL_SAVE_OP"
	// saveFsizeEnv, if set, is the RLIMIT_FSIZE of the helper in bytes: a
	// full disk for every file it writes past that size.
	saveFsizeEnv = "KSN_MODEL_SAVE_FSIZE"
)

// TestSaveHelper is not a test: run by TestFailedSaves as a separate
// process, it does the save of saveOpEnv, under RLIMIT_FSIZE if
// saveFsizeEnv says so (SIGXFSZ ignored, so that a write past the limit
// fails with EFBIG as on a full disk), and prints "ok" or "err <error>".
func TestSaveHelper(t *testing.T) {
	op := os.Getenv(saveOpEnv)
	if op == "" {
		t.Skip("helper process only")
	}
	if v := os.Getenv(saveFsizeEnv); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			fmt.Printf("err bad %s: %v\n", saveFsizeEnv, err)
			os.Exit(2)
		}
		signal.Ignore(syscall.SIGXFSZ)
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			fmt.Printf("err setrlimit: %v\n", err)
			os.Exit(2)
		}
	}
	st := NewStore(DefaultPaths())
	var err error
	switch op {
	case "toggle":
		_, err = st.Update(toggle("cli"))
	case "license":
		_, err = st.InstallLicense([]byte(`{"key":"ZZZZZ-YYYYY-XXXXX-WWWWW","activated":true,"expires_at":"2030-01-01T00:00:00Z"}`))
	}
	if err != nil {
		fmt.Printf("err %s\n", err)
	} else {
		fmt.Println("ok")
	}
	os.Exit(0)
}

// runSaveHelper runs TestSaveHelper with the given environment and returns
// the error it reported, or "" if the save succeeded.
func runSaveHelper(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("helper: %v\nstdout %s\nstderr %s", err, stdout.String(), stderr.String())
	}
	out := strings.TrimSpace(stdout.String())
	out = out[strings.LastIndex(out, "\n")+1:]
	switch {
	case out == "ok":
		return ""
	case strings.HasPrefix(out, "err "):
		return strings.TrimPrefix(out, "err ")
	}
	t.Fatalf("helper said %q (stderr %s)", stdout.String(), stderr.String())
	return ""
}

// dirState is every file under the ksn directories and its content.
func dirState(t *testing.T, p Paths) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, dir := range []string{p.ConfigDir, p.StateDir} {
		_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				files[path] = "<dir>"
				return nil
			}
			b, _ := os.ReadFile(path)
			files[path] = string(b)
			return nil
		})
	}
	return files
}

// diffState describes how two dirStates differ, "" if they do not.
func diffState(before, after map[string]string) string {
	var diffs []string
	for name, b := range before {
		a, ok := after[name]
		switch {
		case !ok:
			diffs = append(diffs, "removed "+name)
		case a != b:
			diffs = append(diffs, "changed "+name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			diffs = append(diffs, "added "+name)
		}
	}
	slices.Sort(diffs)
	return strings.Join(diffs, ", ")
}

// copyExecutable copies the test binary where another user can run it and
// returns its path.
func copyExecutable(t *testing.T, dir string) string {
	t.Helper()
	src, err := os.Open(os.Args[0])
	if err != nil {
		t.Skip("cannot read the test binary: ", err)
	}
	defer src.Close()
	path := filepath.Join(dir, "model.test")
	dst, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// nobody is the user and group the unwritable-directory case runs as when
// the tests run as root, whom permission bits do not stop.
const nobody = 65534

// chownTree gives every file under dir to uid, gid.
func chownTree(t *testing.T, dir string, uid, gid int) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, uid, gid)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFailedSaves makes saves fail on a full disk (RLIMIT_FSIZE in a helper
// process, which holds for root too) and in directories that cannot be
// written: each time the error names the file and the cause in one line,
// every file keeps its old bytes, and no temporary file is left.
func TestFailedSaves(t *testing.T) {
	t.Parallel()
	type result struct{ failed, changed int }
	var res result
	setup := func(t *testing.T) (Paths, *Store) {
		p := testPaths(t)
		st := NewStore(p)
		record(t, st, 5) // participation on, 5 consent lines
		if _, err := st.InstallLicense([]byte(specLicense)); err != nil {
			t.Fatal(err)
		}
		return p, st
	}
	check := func(t *testing.T, p Paths, before map[string]string, msg string, want ...string) {
		t.Helper()
		res.failed++
		if msg == "" {
			t.Fatal("the save succeeded")
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("error %q does not say %q", msg, w)
			}
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("error of more than one line: %q", msg)
		}
		if d := diffState(before, dirState(t, p)); d != "" {
			res.changed++
			t.Errorf("files changed by a failed save: %s", d)
		}
		if s, _, err := NewStore(p).Load(); err != nil || !s.Participating(shaV1) {
			t.Errorf("after the failed save: %+v, %v", s.KSN, err)
		}
		t.Logf("error: %s", msg)
	}

	t.Run("full disk, settings.json", func(t *testing.T) {
		p, _ := setup(t)
		before := dirState(t, p)
		msg := runSaveHelper(t, helperCmd(p, "TestSaveHelper", saveOpEnv+"=toggle", saveFsizeEnv+"=64"))
		check(t, p, before, msg, "model.settings.save: model.file.write path="+strconv.Quote(p.SettingsFile())+": file too large")
	})

	t.Run("full disk, consent line cut off", func(t *testing.T) {
		p, _ := setup(t)
		fi, err := os.Stat(p.ConsentFile())
		if err != nil {
			t.Fatal(err)
		}
		if set, _ := os.Stat(p.SettingsFile()); set.Size()+100 > fi.Size() {
			t.Fatalf("consent.jsonl (%d bytes) too short for this case", fi.Size())
		}
		// settings.json fits; the consent line can grow by 20 bytes only.
		before := dirState(t, p)
		limit := strconv.FormatInt(fi.Size()+20, 10)
		msg := runSaveHelper(t, helperCmd(p, "TestSaveHelper", saveOpEnv+"=toggle", saveFsizeEnv+"="+limit))
		check(t, p, before, msg, "model.consent.record: model.file.write path="+strconv.Quote(p.ConsentFile())+": file too large")
	})

	t.Run("full disk, license.json", func(t *testing.T) {
		p, _ := setup(t)
		before := dirState(t, p)
		msg := runSaveHelper(t, helperCmd(p, "TestSaveHelper", saveOpEnv+"=license", saveFsizeEnv+"=16"))
		check(t, p, before, msg, "model.file.write path="+strconv.Quote(p.LicenseFile())+": file too large")
	})

	t.Run("consent.jsonl cannot be opened", func(t *testing.T) {
		// A directory in its place: refused to root as well.
		p, st := setup(t)
		if err := os.Rename(p.ConsentFile(), p.ConsentFile()+".away"); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(p.ConsentFile(), 0o700); err != nil {
			t.Fatal(err)
		}
		before := dirState(t, p)
		_, err := st.Update(toggle("cli"))
		if err == nil {
			t.Fatal("the save succeeded")
		}
		check(t, p, before, err.Error(), "model.consent.record: ", p.ConsentFile(), "is a directory")
	})

	t.Run("config directory not writable", func(t *testing.T) {
		p, st := setup(t)
		if os.Geteuid() != 0 {
			if err := os.Chmod(p.ConfigDir, 0o500); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(p.ConfigDir, 0o700) })
			before := dirState(t, p)
			_, err := st.Update(toggle("cli"))
			if err == nil {
				t.Fatal("the save succeeded")
			}
			check(t, p, before, err.Error(), "model.settings.save: model.file.write path="+strconv.Quote(p.SettingsFile())+": permission denied")
			return
		}
		// Root is not stopped by permission bits: run the save as nobody,
		// who owns the files but not the directory.
		root := filepath.Dir(filepath.Dir(p.ConfigDir)) // the test's temporary directory
		for d := root; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		bin := copyExecutable(t, root)
		chownTree(t, root, nobody, nobody)
		if err := os.Lchown(p.ConfigDir, 0, 0); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p.ConfigDir, 0o755); err != nil {
			t.Fatal(err)
		}
		before := dirState(t, p)
		cmd := helperCmd(p, "TestSaveHelper", saveOpEnv+"=toggle")
		cmd.Path, cmd.Args[0] = bin, bin
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Skipf("cannot run a helper as uid %d here (%v): unwritable-directory case skipped as root", nobody, err)
			}
			t.Fatalf("helper as nobody: %v\n%s%s", err, stdout.String(), stderr.String())
		}
		out := strings.TrimSpace(stdout.String())
		msg, _ := strings.CutPrefix(out[strings.LastIndex(out, "\n")+1:], "err ")
		check(t, p, before, msg, "model.settings.save: model.file.write path="+strconv.Quote(p.SettingsFile())+": permission denied")
	})

	t.Logf("cases=%d errors_returned=%d files_changed=%d (temporary files count as changes)", 5, res.failed, res.changed)
}
