package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/text/language"

	"ksn/lang"
	"ksn/model/modeltest"
	"ksn/netcheck/ksntest"
	"ksn/statement"
)

// TestMain lets the scripts run the real ksn: the test binary, called as
// "ksn", runs main. The tests themselves run in English, whatever the
// locale of whoever runs them: the variables that choose the language are
// removed (from this process, so from every ksn a test starts, too; a
// script sets them where it wants another language).
func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) != "ksn" {
		for _, kv := range os.Environ() {
			name, _, _ := strings.Cut(kv, "=")
			if name == "LANG" || name == "LANGUAGE" || strings.HasPrefix(name, "LC_") {
				os.Unsetenv(name)
			}
		}
	}
	testscript.Main(m, map[string]func(){"ksn": main})
}

// TestScripts runs testdata/script/*.txtar. Each script gets its own XDG
// directories under $WORK ($CONFIG, $STATE and $POLICY are the ksn
// directories in them), $STATEMENT_SHA256 and $STATEMENT_VERSION (the
// current statement's), $STATEMENT_SHA256_RU and $STATEMENT_SHA256_DE (the
// sha256 of its Russian and German text), no LANG or LC_* (so English),
// and these commands besides the standard ones:
//
//	exits N PROG [ARGS...]   run PROG; its exit code must be N
//	faster D                 the last `exits` took less than D
//	ksnservice MODE          start a loopback KSN service; its URL is $KSN_URL
//	requests N               N requests have reached the service
//	keysent KEY              the service got KEY only as its SHA-256
//	hash VAR FILE            set $VAR to the hex SHA-256 of FILE (or stdout)
//	editline FILE N OLD NEW  replace OLD by NEW in line N of FILE
//	dropline FILE N          remove line N of FILE
//	expand SRC DST           copy SRC to DST with $VARS expanded
//	tree FILE DIR...         write to FILE every entry under each DIR
//	                         (links not followed): path, mode, size, time
//	                         and content hash or link target; cmp two of
//	                         them to prove that nothing changed; with
//	                         -skip NAME first (repeatable), without the
//	                         files NAME nor the times of directories
//	isjson                   the last stdout is one JSON object and
//	                         nothing else
//	unstamp SRC DST          copy the JSON in SRC (or stdout) to DST with
//	                         what differs from run to run made constant:
//	                         "checked_at", "latency_ms" and the time of the
//	                         service step ("HTTP 200 OK in 3ms")
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			for name, dir := range map[string]string{
				"XDG_CONFIG_HOME": "config",
				"XDG_STATE_HOME":  "state",
				"XDG_DATA_HOME":   "data",
				"XDG_CACHE_HOME":  "cache",
				"XDG_CONFIG_DIRS": "etc-xdg",
				"XDG_DATA_DIRS":   "share",
				"HOME":            "home",
			} {
				env.Setenv(name, filepath.Join(env.WorkDir, dir))
			}
			// A race-enabled ksn would wait a second at exit by default.
			env.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
			env.Setenv("CONFIG", filepath.Join(env.WorkDir, "config", "ksn"))
			env.Setenv("STATE", filepath.Join(env.WorkDir, "state", "ksn"))
			env.Setenv("STATEMENT_SHA256", statement.SHA256())
			env.Setenv("STATEMENT_VERSION", statement.Version)
			env.Setenv("STATEMENT_SHA256_RU", statement.In(lang.Of(language.Russian)).SHA256())
			env.Setenv("STATEMENT_SHA256_DE", statement.In(lang.Of(language.German)).SHA256())
			env.Setenv("POLICY", filepath.Join(env.WorkDir, "etc-xdg", "ksn"))
			env.Values[stateKey{}] = &scriptState{}
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exits":      cmdExits,
			"faster":     cmdFaster,
			"ksnservice": cmdService,
			"requests":   cmdRequests,
			"keysent":    cmdKeySent,
			"hash":       cmdHash,
			"editline":   cmdEditLine,
			"dropline":   cmdDropLine,
			"expand":     cmdExpand,
			"consented":  cmdConsented,
			"tree":       cmdTree,
			"unstamp":    cmdUnstamp,
			"isjson":     cmdIsJSON,
			"sentmatch":  cmdSentMatch,
			"reportsent": cmdReportSent,
			"plant":      cmdPlant,
		},
	})
}

// stateKey finds a script's scriptState in its Values.
type stateKey struct{}

// scriptState is what the commands of one script share.
type scriptState struct {
	took time.Duration    // of the last `exits`
	svc  *recorder        // the service, nil if none was started
	ksn  *ksntest.Service // the service when it is ksntest's, which keeps what it got
}

func state(ts *testscript.TestScript) *scriptState {
	return ts.Value(stateKey{}).(*scriptState)
}

// cmdExits runs a program and checks its exit code.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits N PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	start := time.Now()
	err = ts.Exec(args[1], args[2:]...)
	state(ts).took = time.Since(start)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("%v", err)
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// cmdFaster checks how long the last `exits` took.
func cmdFaster(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: faster DURATION")
	}
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	if took := state(ts).took; took >= d {
		ts.Fatalf("the command took %s, want less than %s", took, d)
	}
}

// cmdService starts a loopback KSN service answering as MODE says and sets
// $KSN_URL to its URL. The modes are ksntest's scenarios (valid,
// denylisted, expired, restricted) and:
//
//	retry-seconds  429 with Retry-After: 7200
//	retry-date     429 with Retry-After as an HTTP date two hours on
//	error500       500 Internal Server Error
//	notjson        200 with an HTML body
//	huge           200 with a valid answer padded beyond 64 KiB
//	slow           answers after 3 s (or when the client goes)
//	closed         nothing listens at the port
//	unresolvable   a host name under .invalid
func cmdService(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: ksnservice MODE")
	}
	st := state(ts)
	if st.svc != nil {
		ts.Fatalf("a service is already running")
	}
	switch args[0] {
	case "closed":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		addr := ln.Addr().String()
		ts.Check(ln.Close())
		ts.Setenv("KSN_URL", "http://"+addr)
		st.svc = &recorder{}
		return
	case "unresolvable":
		ts.Setenv("KSN_URL", "https://ksn-test.invalid")
		st.svc = &recorder{}
		return
	}
	h, err := handlerFor(args[0])
	ts.Check(err)
	st.ksn, _ = h.(*ksntest.Service)
	rec := &recorder{next: h}
	srv := httptest.NewServer(rec)
	ts.Defer(func() {
		srv.CloseClientConnections()
		srv.Close()
	})
	st.svc = rec
	ts.Setenv("KSN_URL", srv.URL)
}

// handlerFor returns the handler of a service mode.
func handlerFor(mode string) (http.Handler, error) {
	if sc, err := ksntest.ParseScenario(mode); err == nil && sc != ksntest.Offline {
		return ksntest.NewService(sc), nil
	}
	switch mode {
	case "restricted-far":
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprint(w, `{"key":"valid","restrictions":[{"scope":"file_reputation","until":"2031-03-04T05:06:07Z"}]}`)
		}), nil
	case "retry-seconds":
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "7200")
			w.WriteHeader(http.StatusTooManyRequests)
		}), nil
	case "retry-date":
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", time.Now().Add(2*time.Hour).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusTooManyRequests)
		}), nil
	case "error500":
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}), nil
	case "notjson":
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body>Welcome to the captive portal</body></html>")
		}), nil
	case "huge":
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"key":"valid","restrictions":[],"pad":"%s"}`, strings.Repeat("x", 70<<10))
		}), nil
	case "slow":
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(30 * time.Second):
			case <-r.Context().Done():
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"key":"valid"}`)
		}), nil
	}
	return nil, fmt.Errorf("unknown service mode %q", mode)
}

// recorder counts and keeps the requests that reach a service.
type recorder struct {
	next  http.Handler
	mu    sync.Mutex
	dumps []string // each request, headers and body
	keys  []string // their X-KSN-Key-SHA256
	uas   []string // their User-Agent
}

// ServeHTTP implements http.Handler.
func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	dump, _ := httputil.DumpRequest(req, true)
	r.mu.Lock()
	r.dumps = append(r.dumps, string(dump))
	r.keys = append(r.keys, req.Header.Get("X-KSN-Key-SHA256"))
	r.uas = append(r.uas, req.Header.Get("User-Agent"))
	r.mu.Unlock()
	r.next.ServeHTTP(w, req)
}

// snapshot returns copies of what was recorded.
func (r *recorder) snapshot() (dumps, keys, uas []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.dumps...), append([]string(nil), r.keys...), append([]string(nil), r.uas...)
}

// cmdRequests checks how many requests reached the service.
func cmdRequests(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: requests N")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	st := state(ts)
	if st.svc == nil {
		ts.Fatalf("no service was started")
	}
	dumps, _, _ := st.svc.snapshot()
	if len(dumps) != want {
		ts.Fatalf("%d requests reached the service, want %d:\n%s", len(dumps), want, strings.Join(dumps, "\n"))
	}
}

// cmdKeySent checks that every request carried the key only as its
// SHA-256, with the ksn User-Agent.
func cmdKeySent(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: keysent KEY")
	}
	key := args[0]
	sum := sha256.Sum256([]byte(key))
	want := hex.EncodeToString(sum[:])
	dumps, keys, uas := state(ts).svc.snapshot()
	if len(dumps) == 0 {
		ts.Fatalf("no request reached the service")
	}
	bare := strings.ReplaceAll(key, "-", "")
	for i, d := range dumps {
		if keys[i] != want {
			ts.Fatalf("request %d: X-KSN-Key-SHA256 is %q, want %q", i+1, keys[i], want)
		}
		if ua := uas[i]; ua != "ksn/"+version {
			ts.Fatalf("request %d: User-Agent is %q, want %q", i+1, ua, "ksn/"+version)
		}
		for _, k := range []string{key, bare, strings.ToLower(key), strings.ToLower(bare)} {
			if strings.Contains(strings.ToLower(d), strings.ToLower(k)) {
				ts.Fatalf("request %d contains the license key:\n%s", i+1, d)
			}
		}
	}
}

// cmdHash sets $VAR to the hex SHA-256 of a file, or of the last stdout.
func cmdHash(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: hash VAR FILE")
	}
	sum := sha256.Sum256([]byte(ts.ReadFile(args[1])))
	ts.Setenv(args[0], hex.EncodeToString(sum[:]))
}

// cmdEditLine replaces OLD by NEW in line N (1-based) of FILE.
func cmdEditLine(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: editline FILE N OLD NEW")
	}
	editLines(ts, args[0], args[1], func(line string) []string {
		if !strings.Contains(line, args[2]) {
			ts.Fatalf("line %s of %s has no %q", args[1], args[0], args[2])
		}
		return []string{strings.Replace(line, args[2], args[3], 1)}
	})
}

// cmdDropLine removes line N (1-based) of FILE.
func cmdDropLine(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: dropline FILE N")
	}
	editLines(ts, args[0], args[1], func(string) []string { return nil })
}

// editLines replaces line n of file by what edit returns.
func editLines(ts *testscript.TestScript, file, n string, edit func(string) []string) {
	i, err := strconv.Atoi(n)
	ts.Check(err)
	path := ts.MkAbs(file)
	lines := strings.SplitAfter(ts.ReadFile(path), "\n")
	if i < 1 || i > len(lines) || lines[i-1] == "" {
		ts.Fatalf("%s has no line %d", file, i)
	}
	out := append(append(append([]string(nil), lines[:i-1]...), edit(lines[i-1])...), lines[i:]...)
	ts.Check(os.WriteFile(path, []byte(strings.Join(out, "")), 0o600))
}

// cmdExpand copies SRC to DST with the script's $VARS expanded.
func cmdExpand(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: expand SRC DST")
	}
	out := os.Expand(ts.ReadFile(args[0]), ts.Getenv)
	ts.Check(os.MkdirAll(filepath.Dir(ts.MkAbs(args[1])), 0o755))
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o644))
}

// cmdPlant appends SRC to FILE as a hand would, each \xNN in SRC written
// as that byte: bytes that are not UTF-8, which a script does not hold well.
func cmdPlant(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: plant SRC FILE")
	}
	out := hexEscape.ReplaceAllFunc([]byte(ts.ReadFile(args[0])), func(m []byte) []byte {
		b, err := strconv.ParseUint(string(m[2:]), 16, 8)
		ts.Check(err)
		return []byte{byte(b)}
	})
	f, err := os.OpenFile(ts.MkAbs(args[1]), os.O_WRONLY|os.O_APPEND, 0)
	ts.Check(err)
	_, err = f.Write(out)
	ts.Check(err)
	ts.Check(f.Close())
}

// hexEscape is a \xNN of cmdPlant.
var hexEscape = regexp.MustCompile(`\\x[0-9a-fA-F]{2}`)

// cmdConsented makes the acceptance $CONFIG/settings.json records count,
// as `ksn enable` would: it appends the matching record to
// $STATE/consent.jsonl (modeltest.Recorded).
func cmdConsented(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: consented")
	}
	ts.Check(modeltest.Recorded(filepath.Join(ts.Getenv("CONFIG"), "settings.json"), filepath.Join(ts.Getenv("STATE"), "consent.jsonl")))
}

// cmdTree writes to FILE the listing of each DIR (see modeltest.Tree).
func cmdTree(ts *testscript.TestScript, neg bool, args []string) {
	var skip []string
	for len(args) > 1 && args[0] == "-skip" {
		skip, args = append(skip, args[1]), args[2:]
	}
	if neg || len(args) < 2 {
		ts.Fatalf("usage: tree [-skip NAME]... FILE DIR...")
	}
	roots := make([]string, 0, len(args)-1)
	for _, dir := range args[1:] {
		roots = append(roots, ts.MkAbs(dir))
	}
	listing, err := modeltest.Tree(ts.Getenv("WORK"), roots...)
	if skip != nil {
		listing, err = modeltest.TreeWithout(ts.Getenv("WORK"), skip, roots...)
	}
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(listing), 0o600))
}

// stamps are the JSON values that differ from one run to the next.
var stamps = regexp.MustCompile(`("checked_at": "|"latency_ms": |"HTTP [^"]* in )[0-9][^",\n]*`)

// cmdUnstamp copies the JSON in SRC to DST with its stamps made constant.
func cmdUnstamp(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: unstamp SRC DST")
	}
	out := stamps.ReplaceAllString(ts.ReadFile(args[0]), "${1}0")
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o600))
}

// cmdIsJSON checks that the last stdout is one JSON object, nothing else.
func cmdIsJSON(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: isjson")
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(ts.ReadFile("stdout")), &obj); err != nil {
		ts.Fatalf("stdout is not a JSON object: %v", err)
	}
}

// cmdSentMatch checks that the last stdout, `ksn sent --json`, lists
// exactly the requests the service got (docs/sent.md): the same method,
// path, headers (Host included) and body bytes, in the same order.
func cmdSentMatch(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: sentmatch")
	}
	svc := state(ts).ksn
	if svc == nil {
		ts.Fatalf("no ksntest service was started")
	}
	got := svc.Received()
	var lines []string
	for _, l := range strings.Split(ts.ReadFile("stdout"), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) != len(got) {
		ts.Fatalf("ksn sent lists %d requests, the service got %d", len(lines), len(got))
	}
	for i, l := range lines {
		var e struct {
			Method  string            `json:"method"`
			URL     string            `json:"url"`
			Headers map[string]string `json:"headers"`
			Body    json.RawMessage   `json:"body"`
			Status  *int              `json:"status"`
		}
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			ts.Fatalf("line %d of ksn sent --json: %v", i+1, err)
		}
		r := got[i]
		body := []byte(e.Body)
		if string(body) == "null" {
			body = nil
		}
		switch {
		case e.Method != r.Method:
			ts.Fatalf("request %d: ksn sent says %s, the service got %s", i+1, e.Method, r.Method)
		case !strings.HasSuffix(e.URL, r.URL) || !strings.HasPrefix(e.URL, ts.Getenv("KSN_URL")):
			ts.Fatalf("request %d: ksn sent says %s, the service got %s", i+1, e.URL, r.URL)
		case !maps.Equal(e.Headers, r.Headers):
			ts.Fatalf("request %d: ksn sent says headers %v, the service got %v", i+1, e.Headers, r.Headers)
		case !bytes.Equal(body, r.Body):
			ts.Fatalf("request %d: ksn sent says body %q, the service got %q", i+1, body, r.Body)
		case e.Status == nil:
			ts.Fatalf("request %d: ksn sent has no status", i+1)
		}
	}
}

// cmdReportSent checks that the last report the service got is, byte for
// byte, FILE without its last newline (what `ksn report --json` printed).
func cmdReportSent(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: reportsent FILE")
	}
	svc := state(ts).ksn
	if svc == nil {
		ts.Fatalf("no ksntest service was started")
	}
	reports := svc.Reports()
	if len(reports) == 0 {
		ts.Fatalf("the service got no report")
	}
	want := strings.TrimSuffix(ts.ReadFile(args[0]), "\n")
	if got := string(reports[len(reports)-1]); got != want {
		ts.Fatalf("the service got the report\n%s\nksn report printed\n%s", got, want)
	}
}
