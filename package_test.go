package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"debug/buildinfo"
	"debug/elf"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/say"
	"ksn/statement"
)

// The files the packages hold besides the man pages (packaging/nfpm.yaml).
const (
	pkgBinary     = "usr/bin/ksn"
	pkgManDir     = "usr/share/man/man1"
	pkgBash       = "usr/share/bash-completion/completions/ksn"
	pkgZsh        = "usr/share/zsh/vendor-completions/_ksn" // the .deb only
	pkgZshRPM     = "usr/share/zsh/site-functions/_ksn"     // the rpm only
	pkgFish       = "usr/share/fish/vendor_completions.d/ksn.fish"
	pkgUnit       = "usr/lib/systemd/user/ksn-serve.service"
	pkgReport     = "usr/lib/systemd/user/ksn-report.service" // docs/sent.md
	pkgTimer      = "usr/lib/systemd/user/ksn-report.timer"
	pkgPolicy     = "usr/share/doc/ksn/examples/policy.json.example"
	pkgDocDir     = "usr/share/doc/ksn"
	pkgCopyright  = "usr/share/doc/ksn/copyright"
	pkgLicenseRPM = "usr/share/licenses/ksn/copyright" // the rpm's copyright file
	pkgChangelog  = "usr/share/doc/ksn/changelog.gz"
	pkgOverrides  = "usr/share/lintian/overrides/ksn" // the .deb only
	postinstLine  = "ksn: to choose whether to participate in Kaspersky Security Network, run: ksn setup"
	pkgTestBudget = 10 * time.Minute
)

// ksn-metrics.timer and its service in the packages (docs/fleets.md).
const (
	pkgMetricsUnit  = "usr/lib/systemd/user/ksn-metrics.service"
	pkgMetricsTimer = "usr/lib/systemd/user/ksn-metrics.timer"
)

// TestPackage builds the .deb and the .rpm with make package (into a
// temporary directory) and checks what installing them gives: the binary
// and its version, a man page for every command, completions that complete
// every command, the hardened user unit, the policy example, and a
// post-install script that only prints one line.
func TestPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: building the packages takes a minute")
	}
	for _, tool := range []string{"dpkg-deb", "make", "gzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (.ci/run installs it with apt-get): the packages are not built or read", tool)
		}
	}
	tmp := t.TempDir()
	dist := filepath.Join(tmp, "dist")
	ctx, cancel := context.WithTimeout(context.Background(), pkgTestBudget)
	defer cancel()
	const maintainer = "Jane O'Doe <jane@example.org>" // a quote: passed, never spliced into a command
	out := pkgRun(t, ctx, nil, "make", "--no-print-directory", "package",
		"DIST="+dist, "PKGBUILD="+filepath.Join(tmp, "build"), "MAINTAINER="+maintainer, "VENDOR=Example & Co")
	t.Logf("make package:\n%s", out)

	debs, _ := filepath.Glob(filepath.Join(dist, "ksn_*.deb"))
	rpms, _ := filepath.Glob(filepath.Join(dist, "ksn_*.rpm"))
	if len(debs) != 1 || len(rpms) != 1 {
		t.Fatalf("dist has %q and %q; want one .deb and one .rpm", debs, rpms)
	}
	deb, rpm := debs[0], rpms[0]

	// The control file: name, version, architecture, and the file's name.
	info := pkgRun(t, ctx, nil, "dpkg-deb", "-I", deb)
	t.Logf("dpkg-deb -I:\n%s", info)
	field := func(name string) string {
		return strings.TrimSpace(pkgRun(t, ctx, nil, "dpkg-deb", "-f", deb, name))
	}
	version, arch := field("Version"), field("Architecture")
	if got := field("Maintainer"); got != maintainer {
		t.Errorf("Maintainer: %q, want %q (make package MAINTAINER=…)", got, maintainer)
	}
	if name := field("Package"); name != "ksn" {
		t.Errorf("Package: %q, want ksn", name)
	}
	if want := pkgDebArch(runtime.GOARCH); arch != want {
		t.Errorf("Architecture: %q, want %q (GOARCH %s)", arch, want, runtime.GOARCH)
	}
	if want := "ksn_" + version + "_" + arch + ".deb"; filepath.Base(deb) != want {
		t.Errorf("the .deb is %s, want %s", filepath.Base(deb), want)
	}
	if want := "ksn_" + version + "_" + pkgRPMArch(runtime.GOARCH) + ".rpm"; filepath.Base(rpm) != want {
		t.Errorf("the .rpm is %s, want %s", filepath.Base(rpm), want)
	}

	// The listing: exactly the expected files, root's, with their modes.
	listing := pkgRun(t, ctx, nil, "dpkg-deb", "-c", deb)
	t.Logf("dpkg-deb -c:\n%s", listing)
	files := pkgListing(t, listing)
	pages := pkgManPages(newRootCmd(say.Voice{}))
	want := map[string]string{
		pkgBinary: "-rwxr-xr-x", pkgBash: "-rw-r--r--", pkgZsh: "-rw-r--r--",
		pkgFish: "-rw-r--r--", pkgUnit: "-rw-r--r--", pkgPolicy: "-rw-r--r--",
		pkgCopyright: "-rw-r--r--", pkgChangelog: "-rw-r--r--", pkgOverrides: "-rw-r--r--",
		pkgReport: "-rw-r--r--", pkgTimer: "-rw-r--r--",
	}
	for _, p := range pages {
		want[pkgManDir+"/"+p+".1.gz"] = "-rw-r--r--"
	}
	want[pkgMetricsUnit], want[pkgMetricsTimer] = "-rw-r--r--", "-rw-r--r--"
	for path, mode := range want {
		if got, ok := files[path]; !ok {
			t.Errorf("the .deb has no %s", path)
		} else if got != mode {
			t.Errorf("%s: mode %s, want %s", path, got, mode)
		}
	}
	for path := range files {
		if _, ok := want[path]; !ok {
			t.Errorf("the .deb has %s, which it should not", path)
		}
	}
	pkgCheckCompletions(t, "the .deb", slices.Collect(maps.Keys(files)), pkgZsh)
	for _, dir := range []string{pkgDocDir, pkgDocDir + "/examples"} {
		if !strings.Contains(listing, " ./"+dir+"/\n") {
			t.Errorf("the .deb does not hold the directory %s/: it is ksn's own", dir)
		}
	}

	root := filepath.Join(tmp, "root")
	control := filepath.Join(tmp, "control")
	pkgRun(t, ctx, nil, "dpkg-deb", "-x", deb, root)
	pkgRun(t, ctx, nil, "dpkg-deb", "-e", deb, control)
	ksn := filepath.Join(root, pkgBinary)

	t.Run("copyright", func(t *testing.T) {
		text, err := os.ReadFile(filepath.Join(root, pkgCopyright))
		if err != nil {
			t.Fatal(err)
		}
		info, err := buildinfo.ReadFile(ksn)
		if err != nil {
			t.Fatal(err)
		}
		paras := strings.Split(string(text), "\n\n")
		if !strings.HasPrefix(paras[0], "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n") {
			t.Errorf("not DEP-5: %.80q", paras[0])
		}
		files := map[string]string{}
		for _, p := range paras[1:] {
			head, _, _ := strings.Cut(p, "\n")
			name, ok := strings.CutPrefix(head, "Files: ")
			_, lic, _ := strings.Cut(p, "\nLicense: ")
			short, licText, _ := strings.Cut(lic, "\n")
			if !ok || !slices.Contains([]string{"Expat", "BSD-2-clause", "BSD-3-clause", "Apache-2.0", "MPL-2.0", "ISC"}, short) ||
				len(licText) < 200 && !strings.Contains(licText, "/usr/share/common-licenses/"+short) {
				t.Errorf("a paragraph without Files, a known License or its text: %.120q", p)
			}
			files[name] = short
		}
		if files["*"] != "Expat" {
			t.Errorf("ksn's own paragraph (Files: *) is %q, want Expat (MIT)", files["*"])
		}
		for _, dep := range info.Deps {
			if _, ok := files[dep.Path+"/*"]; !ok {
				t.Errorf("the binary holds %s %s; the copyright file does not name it", dep.Path, dep.Version)
			}
		}
	})

	t.Run("lintian", func(t *testing.T) {
		if !pkgHave("lintian") {
			t.Skip("lintian is not installed: the .deb is not checked by it")
		}
		cmd := exec.CommandContext(ctx, "lintian", "--tag-display-limit", "0", "--fail-on", "error,warning", deb)
		cmd.Env = pkgEnv()
		out, err := cmd.CombinedOutput()
		var tags []string
		for l := range strings.Lines(string(out)) {
			if strings.HasPrefix(l, "E: ") || strings.HasPrefix(l, "W: ") {
				tags = append(tags, strings.TrimSpace(l))
			}
		}
		if err != nil || len(tags) > 0 {
			t.Errorf("lintian: %v\n%s", err, strings.Join(tags, "\n"))
		}
	})

	t.Run("stripped", func(t *testing.T) {
		f, err := elf.Open(ksn)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, name := range []string{".symtab", ".debug_info"} {
			if f.Section(name) != nil {
				t.Errorf("the packaged binary has %s: not built with -s -w", name)
			}
		}
	})

	t.Run("version", func(t *testing.T) {
		// ksn 0.1.0-dev (commit 1a2b3c4d5e6f, built 2026-12-01T13:07:00Z)
		line := strings.TrimSpace(pkgRun(t, ctx, nil, ksn, "--version"))
		f := strings.Fields(line)
		if len(f) < 3 || f[0] != "ksn" {
			t.Fatalf("ksn --version: %q", line)
		}
		mapped := strings.TrimSpace(pkgRun(t, ctx, nil, "make", "-s", "--no-print-directory", "package-version", "VERSION="+f[1]))
		if mapped != version {
			t.Errorf("ksn --version says %s, which is package version %s; the package says %s", f[1], mapped, version)
		}
		// Built with the Makefile's LDFLAGS: the commit is named.
		if head, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil {
			if c := strings.TrimSpace(string(head)); !strings.Contains(line, "commit "+c[:12]) {
				t.Errorf("ksn --version %q does not name commit %s", line, c[:12])
			}
		}
	})

	t.Run("man", func(t *testing.T) {
		_, haveMan := exec.LookPath("man")
		if haveMan != nil {
			t.Log("man is not installed: the roff is checked, not rendered")
		}
		for _, name := range pages {
			path := filepath.Join(root, pkgManDir, name+".1.gz")
			roff := pkgGunzip(t, path)
			title := `.TH "` + strings.ToUpper(name) + `" "1"`
			if !strings.Contains(roff, title) || !strings.Contains(roff, ".SH NAME") || !strings.Contains(roff, ".SH SYNOPSIS") {
				t.Errorf("%s: not a section 1 page with NAME and SYNOPSIS (want %s)", name, title)
				continue
			}
			if _, after, _ := strings.Cut(roff, ".SH NAME\n"); !strings.HasPrefix(after, name+" ") {
				t.Errorf("%s: NAME does not start with %s: %.60q", name, name, after)
			}
			synopsis := `\fB` + strings.ReplaceAll(name, "-", " ")
			if !strings.Contains(roff, synopsis) {
				t.Errorf("%s: SYNOPSIS does not show %q", name, synopsis)
			}
			for _, section := range []string{".SH DESCRIPTION", ".SH EXIT STATUS", ".SH ENVIRONMENT", ".SH SEE ALSO"} {
				if !strings.Contains(roff, section) {
					t.Errorf("%s: no %s", name, section)
				}
			}
			if strings.Contains(roff, "[=false]") || strings.Contains(roff, `[=""]`) || strings.Contains(roff, "\t") {
				t.Errorf("%s: cobra's [=false], [=\"\"] or a tab", name)
			}
			if pkgHave("mandoc") {
				var lint bytes.Buffer
				cmd := exec.CommandContext(ctx, "mandoc", "-Tlint", "-W", "style", path)
				cmd.Stdout, cmd.Stderr = &lint, &lint
				if err := cmd.Run(); err != nil || lint.Len() > 0 {
					t.Errorf("mandoc -Tlint -W style %s: %v\n%s", name, err, lint.Bytes())
				}
			}
			if haveMan == nil {
				env := append(os.Environ(), "MANWIDTH=80", "LC_ALL=C.UTF-8", "MANPAGER=cat", "PAGER=cat")
				var stderr bytes.Buffer
				cmd := exec.CommandContext(ctx, "man", "--warnings", "-l", path)
				cmd.Env, cmd.Stderr = env, &stderr
				text, err := cmd.Output()
				if err != nil || stderr.Len() > 0 {
					t.Errorf("man -l %s: %v\n%s", name, err, stderr.Bytes())
				}
				if !strings.Contains(string(text), strings.ReplaceAll(name, "-", " ")) {
					t.Errorf("man -l %s does not show the command:\n%s", name, text)
				}
			}
		}
		if !pkgHave("mandoc") {
			t.Log("mandoc is not installed: the pages are not linted")
		}
		serve := pkgGunzip(t, filepath.Join(root, pkgManDir, "ksn-serve.1.gz"))
		if !strings.Contains(serve, `ksn\-serve.service`) {
			t.Errorf("ksn-serve(1) does not name its unit")
		}
		root := pkgGunzip(t, filepath.Join(root, pkgManDir, "ksn.1.gz"))
		for _, c := range newRootCmd(say.Voice{}).Commands() {
			if c.IsAvailableCommand() && !strings.Contains(root, `ksn\-`+c.Name()) {
				t.Errorf("ksn(1) does not refer to ksn-%s(1)", c.Name())
			}
		}
	})

	t.Run("completions", func(t *testing.T) {
		// cobra's scripts are generic: they ask `ksn __complete` for the
		// commands. So: each script is that of ksn and asks ksn, and ksn
		// (and the shells that are installed, through the scripts) complete
		// every command.
		scripts := map[string][]string{
			pkgBash: {"__start_ksn", "complete -o default -F __start_ksn ksn", "__complete"},
			pkgZsh:  {"#compdef ksn", "__complete"},
			pkgFish: {"complete -c ksn", "__complete"},
		}
		for path, marks := range scripts {
			b, err := os.ReadFile(filepath.Join(root, path))
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range marks {
				if !bytes.Contains(b, []byte(m)) {
					t.Errorf("%s lacks %q", path, m)
				}
			}
		}
		path := filepath.Join(root, "usr/bin") + string(os.PathListSeparator) + os.Getenv("PATH")
		env := append(os.Environ(), "PATH="+path)
		for _, parent := range pkgParents(newRootCmd(say.Voice{})) {
			want := pkgChildren(parent)
			args := append(strings.Fields(parent.CommandPath())[1:], "")
			got := pkgCompletions(pkgRun(t, ctx, env, ksn, append([]string{"__complete"}, args...)...))
			if !slices.Equal(got, want) {
				t.Errorf("ksn __complete %q: %q, want %q", args, got, want)
			}
			line := strings.Join(append([]string{"ksn"}, args...), " ")
			if bc := "/usr/share/bash-completion/bash_completion"; pkgHave("bash") && pkgExists(bc) {
				script := `source ` + bc + `; source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($#-1));` +
					` COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; __start_ksn ksn "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}";` +
					` printf '%s\n' "${COMPREPLY[@]}"`
				out := pkgRun(t, ctx, env, "bash", append([]string{"--norc", "--noprofile", "-c", script, "bash",
					filepath.Join(root, pkgBash), "ksn"}, args...)...)
				if got := pkgCompletions(out); !slices.Equal(got, want) {
					t.Errorf("bash completes %q to %q, want %q", line, got, want)
				}
			}
			if pkgHave("fish") {
				out := pkgRun(t, ctx, env, "fish", "--no-config", "-c",
					`source $argv[1]; complete -C "$argv[2]"`, filepath.Join(root, pkgFish), line)
				if got := pkgCompletions(out); !slices.Equal(got, want) {
					t.Errorf("fish completes %q to %q, want %q", line, got, want)
				}
			}
		}
		if pkgHave("zsh") {
			pkgRun(t, ctx, nil, "zsh", "-n", filepath.Join(root, pkgZsh))
		}
		for _, sh := range []string{"bash", "fish", "zsh"} {
			if !pkgHave(sh) {
				t.Logf("%s is not installed: its script is checked, not run", sh)
			}
		}
	})

	t.Run("unit", func(t *testing.T) {
		unit, err := os.ReadFile(filepath.Join(root, pkgUnit))
		if err != nil {
			t.Fatal(err)
		}
		keys := pkgUnitKeys(string(unit))
		for key, want := range map[string]string{
			"ExecStart":               "/usr/bin/ksn serve",
			"NoNewPrivileges":         "yes",
			"ProtectSystem":           "strict",
			"ProtectHome":             "read-only",
			"ReadWritePaths":          "%h/.config/ksn %h/.local/state/ksn %h/.local/share/ksn",
			"Environment":             "XDG_CONFIG_HOME=%h/.config XDG_STATE_HOME=%h/.local/state XDG_DATA_HOME=%h/.local/share",
			"PrivateTmp":              "yes",
			"PrivateUsers":            "yes",
			"PrivateDevices":          "yes",
			"RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
			"LockPersonality":         "yes",
			"MemoryDenyWriteExecute":  "yes",
			"RestrictNamespaces":      "yes",
			"RestrictSUIDSGID":        "yes",
			"SystemCallArchitectures": "native",
			"SystemCallFilter":        "@system-service\n~@privileged @resources",
			"CapabilityBoundingSet":   "",
			"UMask":                   "0077",
			"ConditionPathExists":     "%h/.config/ksn/authorized_keys",
			"ReadOnlyPaths":           "-%h/.config/ksn/authorized_keys",
			"MemoryMax":               "768M",
			"TasksMax":                "128",
			"WantedBy":                "default.target",
		} {
			if got, ok := keys[key]; !ok || got != want {
				t.Errorf("%s=%s, want %s=%s", key, got, key, want)
			}
		}
		// Nothing else than what was thought about: no User=, no
		// AmbientCapabilities=, no ReadWritePaths= wider than ksn's own.
		for key := range keys {
			if !slices.Contains(pkgUnitKnownKeys, key) {
				t.Errorf("%s= is set; the test does not expect it", key)
			}
		}
		pkgVerifyUnit(t, ctx, root, unit)
	})

	t.Run("metrics units", func(t *testing.T) {
		svc, err := os.ReadFile(filepath.Join(root, pkgMetricsUnit))
		if err != nil {
			t.Fatal(err)
		}
		timer, err := os.ReadFile(filepath.Join(root, pkgMetricsTimer))
		if err != nil {
			t.Fatal(err)
		}
		keys := pkgUnitKeys(string(svc))
		for key, want := range map[string]string{
			"Type":            "oneshot",
			"ExecStart":       "/usr/bin/ksn status --format=prometheus --output ${KSN_METRICS_DIR}/ksn-%u.prom",
			"Environment":     "KSN_METRICS_DIR=%S/ksn/metrics\nXDG_CONFIG_HOME=%h/.config XDG_STATE_HOME=%S XDG_DATA_HOME=%h/.local/share XDG_CACHE_HOME=%C",
			"ProtectSystem":   "strict",
			"ProtectHome":     "read-only",
			"ReadWritePaths":  "%S/ksn",
			"PrivateUsers":    "yes",
			"NoNewPrivileges": "yes",
		} {
			if got := keys[key]; got != want {
				t.Errorf("ksn-metrics.service: %s=%q, want %q", key, got, want)
			}
		}
		tkeys := pkgUnitKeys(string(timer))
		for key, want := range map[string]string{"OnUnitActiveSec": "5min", "WantedBy": "timers.target"} {
			if got := tkeys[key]; got != want {
				t.Errorf("ksn-metrics.timer: %s=%q, want %q", key, got, want)
			}
		}
		pkgVerifyMetricsUnits(t, ctx, root, svc, timer)
	})

	t.Run("policy example", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(root, pkgPolicy))
		if err != nil {
			t.Fatal(err)
		}
		pol, err := model.ParsePolicy(b, statement.SHA256())
		if err != nil || pol.Problem != nil {
			t.Errorf("policy.json.example is not a policy ksn honours whole: %v %s", err, pol.Problem)
		}
	})

	t.Run("postinst", func(t *testing.T) {
		script, err := os.ReadFile(filepath.Join(control, "postinst"))
		if err != nil {
			t.Fatal(err)
		}
		pkgCheckPostinst(t, ctx, filepath.Join(control, "postinst"), script)
	})

	t.Run("rpm", func(t *testing.T) {
		st, err := os.Stat(rpm)
		if err != nil || st.Size() < 1<<20 {
			t.Fatalf("the .rpm: %v, %d bytes (want the binary's megabytes)", err, st.Size())
		}
		if !pkgHave("rpm") {
			t.Skipf("rpm is not installed: %s is checked only for its size (%d bytes)", filepath.Base(rpm), st.Size())
		}
		qf := pkgRun(t, ctx, nil, "rpm", "-qp", "--qf", `%{NAME} %{VERSION} %{ARCH} %{LICENSE} %{BUILDHOST} %{GROUP}\n`, rpm)
		if want := "ksn " + version + " " + pkgRPMArch(runtime.GOARCH) + " MIT reproducible Applications/System"; strings.TrimSpace(qf) != want {
			t.Errorf("rpm -qp: %q, want %q", qf, want)
		}
		rpmList := func(flag string) []string {
			var paths []string
			for l := range strings.Lines(pkgRun(t, ctx, nil, "rpm", flag, rpm)) {
				paths = append(paths, strings.TrimPrefix(strings.TrimSpace(l), "/"))
			}
			slices.Sort(paths)
			return paths
		}
		// The .deb's files, but zsh's completion where Fedora's zsh reads
		// it and the copyright file where Fedora keeps licences; the
		// directories ksn alone puts files in are its own.
		var wantFiles []string
		for f := range want {
			if f != pkgZsh && f != pkgOverrides && f != pkgCopyright {
				wantFiles = append(wantFiles, f)
			}
		}
		wantFiles = append(wantFiles, pkgZshRPM, pkgLicenseRPM, pkgDocDir, pkgDocDir+"/examples", path.Dir(pkgLicenseRPM))
		slices.Sort(wantFiles)
		got := rpmList("-qlp")
		if !slices.Equal(got, wantFiles) {
			t.Errorf("rpm -qlp: %q\nwant %q", got, wantFiles)
		}
		pkgCheckCompletions(t, "the .rpm", got, pkgZshRPM)
		// Documentation (%doc): the man pages, the changelog, the example;
		// the licence (%license): the copyright file.
		wantDocs := []string{pkgChangelog, pkgPolicy}
		for _, p := range pages {
			wantDocs = append(wantDocs, pkgManDir+"/"+p+".1.gz")
		}
		slices.Sort(wantDocs)
		if got := rpmList("-qdp"); !slices.Equal(got, wantDocs) {
			t.Errorf("rpm -qdp (documentation): %q\nwant %q", got, wantDocs)
		}
		if got := rpmList("-qLp"); !slices.Equal(got, []string{pkgLicenseRPM}) {
			t.Errorf("rpm -qLp (licence): %q\nwant %q", got, []string{pkgLicenseRPM})
		}
		if log := pkgRun(t, ctx, nil, "rpm", "-qp", "--changelog", rpm); !strings.Contains(log, maintainer+" - "+version+"-1\n") ||
			!strings.Contains(log, "Built from commit ") {
			t.Errorf("rpm -qp --changelog: %q, want an entry by %s for %s-1 naming the commit", log, maintainer, version)
		}
		if scripts := pkgRun(t, ctx, nil, "rpm", "-qp", "--scripts", rpm); !strings.Contains(scripts, postinstLine) {
			t.Errorf("the .rpm's %%post does not print the line:\n%s", scripts)
		}
		pkgCheckPayload(t, ctx, rpm, wantFiles)
	})

	t.Run("rpmlint", func(t *testing.T) {
		if !pkgHave("rpmlint") {
			t.Skip("rpmlint is not installed: the .rpm is not checked by it")
		}
		// rpmlint unpacks the package into its temporary directory.
		cmd := exec.CommandContext(ctx, "rpmlint", "-c", filepath.Join("packaging", "rpmlint.toml"), rpm)
		cmd.Env = append(pkgEnv(), "TMPDIR="+t.TempDir())
		out, err := cmd.CombinedOutput()
		var errs []string
		for l := range strings.Lines(string(out)) {
			if strings.Contains(l, ": E: ") {
				errs = append(errs, strings.TrimSpace(l))
			}
		}
		if err != nil || len(errs) > 0 {
			t.Errorf("rpmlint: %v\n%s\n%s", err, strings.Join(errs, "\n"), out)
		} else {
			t.Logf("rpmlint (no error):\n%s", out)
		}
	})
}

// pkgCheckCompletions checks that a package (what, its paths) holds each
// shell's completion once, where that shell looks for it on the
// distribution: bash-completion's directory, zsh (zsh, which differs
// between Debian and Fedora) and fish's vendor directory.
func pkgCheckCompletions(t *testing.T, what string, paths []string, zsh string) {
	t.Helper()
	for _, c := range []struct{ shell, want string }{{"bash", pkgBash}, {"zsh", zsh}, {"fish", pkgFish}} {
		var found []string
		for _, p := range paths {
			name := path.Base(p)
			if c.shell == "bash" && strings.Contains(p, "bash-completion") ||
				c.shell == "zsh" && (name == "_ksn" || strings.Contains(p, "/zsh/")) ||
				c.shell == "fish" && (strings.HasSuffix(name, ".fish") || strings.Contains(p, "/fish/")) {
				found = append(found, p)
			}
		}
		if !slices.Equal(found, []string{c.want}) {
			t.Errorf("%s holds %s's completion at %q, want once, at %s", what, c.shell, found, c.want)
		}
	}
}

// pkgCheckPayload lists the .rpm's payload as rpm2cpio | cpio -t does and
// wants each of files (and nothing else) under a relative name, ./usr/…: a
// payload of absolute names (/usr/bin/ksn) makes rpm2cpio | cpio -idm, and
// rpmlint, which unpacks the package that way, write into / instead of the
// current directory.
func pkgCheckPayload(t *testing.T, ctx context.Context, rpm string, files []string) {
	t.Helper()
	if !pkgHave("rpm2cpio") || !pkgHave("cpio") {
		t.Log("rpm2cpio or cpio is not installed: the .rpm's payload names are not checked")
		return
	}
	archive := pkgRun(t, ctx, nil, "rpm2cpio", rpm)
	cmd := exec.CommandContext(ctx, "cpio", "-t", "--quiet")
	cmd.Env = pkgEnv()
	cmd.Stdin = strings.NewReader(archive)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rpm2cpio %s | cpio -t: %v", filepath.Base(rpm), err)
	}
	var names []string
	for l := range strings.Lines(string(out)) {
		name := strings.TrimSpace(l)
		if !strings.HasPrefix(name, "./") {
			t.Errorf("the .rpm's payload holds %q: not relative (./usr/…), so rpm2cpio | cpio -idm writes it outside the current directory", name)
		}
		names = append(names, strings.TrimPrefix(name, "./"))
	}
	slices.Sort(names)
	if want := slices.Sorted(slices.Values(files)); !slices.Equal(names, want) {
		t.Errorf("rpm2cpio | cpio -t: %q\nwant %q", names, want)
	}
}

// pkgUnitKnownKeys are the keys the unit may set; the test above says what
// each must be ("" for a key that must not be set).
var pkgUnitKnownKeys = []string{
	"Description", "Documentation", "ConditionPathExists", "StartLimitIntervalSec", "StartLimitBurst",
	"Type", "ExecStart", "ExecStartPre", "Restart", "RestartSec", "Environment",
	"ProtectSystem", "ProtectHome", "ReadWritePaths", "ReadOnlyPaths", "UMask",
	"MemoryMax", "TasksMax", "PrivateUsers",
	"NoNewPrivileges", "CapabilityBoundingSet", "PrivateTmp", "PrivateDevices",
	"PrivateMounts", "ProtectKernelTunables", "ProtectKernelModules",
	"ProtectKernelLogs", "ProtectHostname", "RestrictAddressFamilies",
	"RestrictNamespaces", "RestrictRealtime", "RestrictSUIDSGID",
	"LockPersonality", "MemoryDenyWriteExecute", "SystemCallArchitectures",
	"SystemCallFilter", "SystemCallErrorNumber", "WantedBy",
}

// TestPackageVersionMapping checks the Makefile's mapping of ksn --version's
// version to the packages' (make package-version), and, where dpkg is
// installed, that the mapped versions sort as the releases do.
func TestPackageVersionMapping(t *testing.T) {
	if !pkgHave("make") {
		t.Skip("make is not installed")
	}
	for _, c := range []struct{ version, pkg string }{
		{"0.1.0-dev", "0.1.0~dev"},
		{"1.2.3", "1.2.3"},
		{"v1.2.3", "1.2.3"},
		{"v1.2.3-rc.1", "1.2.3~rc.1"},
		{"v2.0.0-beta-2", "2.0.0~beta.2"},
		{"v1.2.3-dirty", "1.2.3+dirty"},
		{"v1.2.3-4-gabc1234", "1.2.3+4.gabc1234"},
		{"v1.2.3-4-gabc1234-dirty", "1.2.3+4.gabc1234.dirty"},
		{"v1.2.3-rc.1-4-gabc1234", "1.2.3~rc.1+4.gabc1234"},
	} {
		cmd := exec.Command("make", "-s", "--no-print-directory", "package-version", "VERSION="+c.version)
		cmd.Env = pkgEnv()
		out, err := cmd.Output()
		if got := strings.TrimSpace(string(out)); err != nil || got != c.pkg {
			t.Errorf("make package-version VERSION=%s: %q (%v), want %q", c.version, got, err, c.pkg)
		}
	}
	if !pkgHave("dpkg") {
		t.Log("dpkg is not installed: the order of versions is not checked")
		return
	}
	order := []string{"1.2.3~rc.1", "1.2.3~rc.1+4.gabc1234", "1.2.3", "1.2.3+4.gabc1234", "1.2.3+4.gabc1234.dirty", "1.2.4~dev"}
	for i := 1; i < len(order); i++ {
		if err := exec.Command("dpkg", "--compare-versions", order[i-1], "lt", order[i]).Run(); err != nil {
			t.Errorf("dpkg: %s does not sort before %s", order[i-1], order[i])
		}
	}
}

// TestReleaseConfigMatchesNfpm checks that .goreleaser.yaml's packages hold
// what make package's do (packaging/nfpm.yaml; goreleaser adds the binary
// itself, from bindir) and that its builds are stamped as make build's.
func TestReleaseConfigMatchesNfpm(t *testing.T) {
	nfpm, err := os.ReadFile(filepath.Join("packaging", "nfpm.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	gr, err := os.ReadFile(".goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ours := pkgContents(strings.ReplaceAll(string(nfpm), "${KSN_BUILD}", "build"))
	ours = slices.DeleteFunc(ours, func(e string) bool { return strings.Contains(e, "dst=/usr/bin/ksn ") })
	theirs := pkgContents(string(gr))
	if len(ours) == 0 || !slices.Equal(ours, theirs) {
		t.Errorf("the packages' contents differ:\npackaging/nfpm.yaml: %q\n.goreleaser.yaml:    %q", ours, theirs)
	}
	for _, line := range []string{
		"bindir: /usr/bin",
		"postinstall: packaging/postinstall.sh",
		"- CGO_ENABLED=0",
		"- -trimpath",
		"-s -w -X main.version=v{{ .Version }} -X main.commit={{ .FullCommit }} -X main.commitDate={{ .CommitDate }}",
		`maintainer: "{{ .Env.KSN_MAINTAINER }}"`,
		`vendor: "{{ .Env.KSN_VENDOR }}"`,
		"license: MIT",
		"buildhost: reproducible",
		"group: Applications/System",
		"changelog: build/changelog.yml",
		"- amd64",
		"- arm64",
		"- deb",
		"- rpm",
		"make package-assets VERSION=v{{ .Version }}",
	} {
		if !strings.Contains(string(gr), line) {
			t.Errorf(".goreleaser.yaml lacks %q", line)
		}
	}
	for _, line := range []string{"maintainer: ${KSN_MAINTAINER}", "vendor: ${KSN_VENDOR}", "license: MIT", "group: Applications/System"} {
		if !strings.Contains(string(nfpm), line) {
			t.Errorf("packaging/nfpm.yaml lacks %q", line)
		}
	}
	for _, key := range []string{"section:", "priority:"} {
		if a, b := pkgYAMLValue(string(nfpm), key), pkgYAMLValue(string(gr), key); a == "" || a != b {
			t.Errorf("%s %q in packaging/nfpm.yaml, %q in .goreleaser.yaml", key, a, b)
		}
	}
}

// pkgRun runs name with args (env nil: this process's) in this directory
// and returns its standard output; it fails the test if the command does.
func pkgRun(t testing.TB, ctx context.Context, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	if env == nil {
		cmd.Env = pkgEnv()
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return string(out)
}

// pkgEnv is this process's environment without what would change the build
// of the packages: a make above this test (make test) and GOOS/GOARCH.
func pkgEnv() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains([]string{"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "GOOS", "GOARCH"}, name)
	})
}

// pkgHave reports whether tool is on PATH.
func pkgHave(tool string) bool {
	_, err := exec.LookPath(tool)
	return err == nil
}

// pkgExists reports whether path exists.
func pkgExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// pkgDebArch and pkgRPMArch name a Go architecture as the Makefile does
// in the packages' names.
func pkgDebArch(goarch string) string {
	if goarch == "386" {
		return "i386"
	}
	return goarch
}

func pkgRPMArch(goarch string) string {
	switch goarch {
	case "amd64":
		return "x86_64"
	case "arm64":
		return "aarch64"
	case "386":
		return "i386"
	}
	return goarch
}

// pkgListing reads `dpkg-deb -c`: each file (not directory) and its mode.
// Every entry must be root's.
func pkgListing(t *testing.T, listing string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for l := range strings.Lines(listing) {
		f := strings.Fields(l)
		if len(f) != 6 {
			t.Fatalf("dpkg-deb -c: cannot read %q", l)
		}
		if f[1] != "root/root" {
			t.Errorf("%s is owned by %s, not root/root", f[5], f[1])
		}
		if !strings.HasPrefix(f[0], "d") {
			files[strings.TrimPrefix(f[5], "./")] = f[0]
		}
	}
	return files
}

// pkgManPages are the man pages the command tree should have: ksn and each
// available command, by its path (ksn-license-install), sorted.
func pkgManPages(root *cobra.Command) []string {
	var pages []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		pages = append(pages, strings.ReplaceAll(c.CommandPath(), " ", "-"))
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() && sub.Name() != "powershell" {
				walk(sub)
			}
		}
	}
	walk(root)
	slices.Sort(pages)
	return pages
}

// pkgParents are the commands of the tree that have commands of their own.
func pkgParents(root *cobra.Command) []*cobra.Command {
	var parents []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if len(pkgChildren(c)) > 0 {
			parents = append(parents, c)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return parents
}

// pkgChildren are the names a shell should complete after c's path: its
// available commands, and help for ksn itself (cobra adds it when it runs),
// sorted.
func pkgChildren(c *cobra.Command) []string {
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	if !c.HasParent() && len(names) > 0 {
		names = append(names, "help")
	}
	slices.Sort(names)
	return names
}

// pkgCompletions reads completions one a line (a tab starts a description;
// a line ":N", cobra's directive, ends them), sorted.
func pkgCompletions(out string) []string {
	var names []string
	for l := range strings.Lines(out) {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, ":") {
			break
		}
		if name, _, _ := strings.Cut(l, "\t"); name != "" {
			names = append(names, strings.TrimSpace(name))
		}
	}
	slices.Sort(names)
	return names
}

// pkgGunzip returns the text of a gzipped file.
func pkgGunzip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(b)
}

// pkgUnitKeys reads a unit file's settings: key → value, the values of a
// key set more than once joined by newlines.
func pkgUnitKeys(unit string) map[string]string {
	keys := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(unit))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || l[0] == '#' || l[0] == ';' || l[0] == '[' {
			continue
		}
		k, v, _ := strings.Cut(l, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if old, ok := keys[k]; ok {
			v = old + "\n" + v
		}
		keys[k] = v
	}
	return keys
}

// pkgVerifyUnit runs systemd-analyze verify on the unit, as a system and as
// a user unit, with its ExecStart= on the extracted binary (verify wants it
// to exist) and its man page looked up in the package, and reports the
// hardening score of systemd-analyze security.
func pkgVerifyUnit(t *testing.T, ctx context.Context, root string, unit []byte) {
	if !pkgHave("systemd-analyze") {
		t.Skip("systemd-analyze is not installed: the unit is checked only by reading it")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "ksn-serve.service")
	text := regexp.MustCompile(`(?m)^ExecStart=/usr/bin/ksn `).ReplaceAllString(string(unit), "ExecStart="+filepath.Join(root, pkgBinary)+" ")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	runtimeDir := filepath.Join(dir, "run")
	if err := os.Mkdir(runtimeDir, 0o700); err != nil {
		t.Fatal(err)
	}
	env := append(pkgEnv(), "MANPATH="+filepath.Join(root, "usr/share/man"), "XDG_RUNTIME_DIR="+runtimeDir, "SYSTEMD_PAGER=", "SYSTEMD_COLORS=0")
	man := "--man=" + map[bool]string{true: "yes", false: "no"}[pkgHave("man")]
	for _, mode := range [][]string{{"verify", man}, {"--user", "verify", man}} {
		cmd := exec.CommandContext(ctx, "systemd-analyze", append(mode, path)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		var ours []string
		for l := range strings.Lines(string(out)) {
			if strings.Contains(l, "ksn-serve") {
				ours = append(ours, l)
			}
		}
		if err != nil || len(ours) > 0 {
			t.Errorf("systemd-analyze %s: %v\n%s", strings.Join(mode, " "), err, out)
		} else if len(out) > 0 {
			t.Logf("systemd-analyze %s (about the machine, not the unit):\n%s", strings.Join(mode, " "), out)
		}
	}
	// The overall exposure, 0 (best) to 10, must stay at most pkgExposure.
	cmd := exec.CommandContext(ctx, "systemd-analyze", "security", "--offline=yes", "--threshold="+pkgExposure, path)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	i := bytes.LastIndex(out, []byte("Overall exposure"))
	if i < 0 {
		t.Logf("systemd-analyze security --offline gives no score here (%v): %s", err, out)
		return
	}
	t.Logf("systemd-analyze security: %s", bytes.TrimSpace(out[i:]))
	if err != nil {
		t.Errorf("systemd-analyze security: exposure above %s/100: %v\n%s", pkgExposure, err, out)
	}
}

// pkgVerifyMetricsUnits runs systemd-analyze verify on ksn-metrics.service
// and ksn-metrics.timer together, as system and as user units, with
// ExecStart= on the extracted binary, and holds the service's exposure
// (systemd-analyze security) to pkgExposure as pkgVerifyUnit does.
func pkgVerifyMetricsUnits(t *testing.T, ctx context.Context, root string, svc, timer []byte) {
	if !pkgHave("systemd-analyze") {
		t.Skip("systemd-analyze is not installed: the units are checked only by reading them")
	}
	dir := t.TempDir()
	svcPath, timerPath := filepath.Join(dir, "ksn-metrics.service"), filepath.Join(dir, "ksn-metrics.timer")
	text := regexp.MustCompile(`(?m)^ExecStart=/usr/bin/ksn `).ReplaceAllString(string(svc), "ExecStart="+filepath.Join(root, pkgBinary)+" ")
	if err := os.WriteFile(svcPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(timerPath, timer, 0o644); err != nil {
		t.Fatal(err)
	}
	runtimeDir := filepath.Join(dir, "run")
	if err := os.Mkdir(runtimeDir, 0o700); err != nil {
		t.Fatal(err)
	}
	env := append(pkgEnv(), "MANPATH="+filepath.Join(root, "usr/share/man"), "XDG_RUNTIME_DIR="+runtimeDir, "SYSTEMD_PAGER=", "SYSTEMD_COLORS=0")
	man := "--man=" + map[bool]string{true: "yes", false: "no"}[pkgHave("man")]
	for _, mode := range [][]string{{"verify", man}, {"--user", "verify", man}} {
		cmd := exec.CommandContext(ctx, "systemd-analyze", append(mode, svcPath, timerPath)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil || strings.Contains(string(out), "ksn-metrics") {
			t.Errorf("systemd-analyze %s: %v\n%s", strings.Join(mode, " "), err, out)
		}
	}
	cmd := exec.CommandContext(ctx, "systemd-analyze", "security", "--offline=yes", "--threshold="+pkgExposure, svcPath)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if i := bytes.LastIndex(out, []byte("Overall exposure")); i >= 0 {
		t.Logf("systemd-analyze security: %s", bytes.TrimSpace(out[i:]))
		if err != nil {
			t.Errorf("systemd-analyze security: exposure above %s/100: %v\n%s", pkgExposure, err, out)
		}
	}
}

// pkgExposure bounds the unit's exposure as systemd-analyze security
// --offline scores it (as a system unit: its "runs as root" counts against it).
const pkgExposure = "25"

// pkgCheckPostinst checks the post-install script: read, it calls no
// program and prints one thing; run (as dpkg and rpm run it), it prints
// one line pointing to ksn setup and nothing else, without reading its
// input or running ksn, curl, wget or any other program.
func pkgCheckPostinst(t *testing.T, ctx context.Context, path string, script []byte) {
	var code []string
	for l := range strings.Lines(string(script)) {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			code = append(code, l)
		}
	}
	if !bytes.HasPrefix(script, []byte("#!/bin/sh\n")) {
		t.Errorf("postinst does not start with #!/bin/sh")
	}
	if !slices.Contains(code, "set -e") {
		t.Errorf("postinst has no set -e")
	}
	if pkgHave("shellcheck") {
		if out, err := exec.CommandContext(ctx, "shellcheck", "-s", "sh", path).CombinedOutput(); err != nil {
			t.Errorf("shellcheck postinst: %v\n%s", err, out)
		}
	} else {
		t.Log("shellcheck is not installed: postinst is not checked by it")
	}
	// Without its quoted text, the script may only test its arguments,
	// echo and exit.
	unquoted := regexp.MustCompile(`"[^"]*"|'[^']*'`).ReplaceAllString(strings.Join(code, "\n"), `""`)
	words := regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_.-]*`).FindAllString(unquoted, -1)
	allowed := []string{"set", "e", "case", "in", "esac", "configure", "exit", "echo"}
	for _, w := range words {
		if !slices.Contains(allowed, w) {
			t.Errorf("postinst uses %q (it may only use %q outside quotes)", w, allowed)
		}
	}
	if n := strings.Count(unquoted, "echo"); n != 1 {
		t.Errorf("postinst echoes %d times, want once", n)
	}
	if strings.ContainsAny(unquoted, "`$<>|&") {
		t.Errorf("postinst substitutes, redirects or pipes:\n%s", unquoted)
	}

	fake := t.TempDir()
	mark := filepath.Join(t.TempDir(), "called")
	for _, prog := range []string{"ksn", "curl", "wget", "nc", "ssh", "systemctl", "sudo", "dialog", "whiptail", "head", "cat", "tty"} {
		if err := os.WriteFile(filepath.Join(fake, prog), []byte("#!/bin/sh\necho \"$0 $*\" >>"+mark+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		args []string
		out  string
	}{
		{[]string{"configure", ""}, postinstLine + "\n"}, // deb: installed
		{[]string{"configure", "0.0.9"}, ""},             // deb: upgraded
		{[]string{"1"}, postinstLine + "\n"},             // rpm: installed
		{[]string{"2"}, ""},                              // rpm: upgraded
		{[]string{"abort-upgrade", "0.0.9"}, ""},         // deb: an upgrade undone
		{[]string{"abort-remove"}, ""},                   // deb: a removal undone
	} {
		// Its input is a pipe no one writes to: a read would wait for the timeout.
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		runCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		cmd := exec.CommandContext(runCtx, "sh", append([]string{path}, c.args...)...)
		cmd.Env = []string{"PATH=" + fake + ":/usr/bin:/bin", "DEBIAN_FRONTEND=noninteractive"}
		cmd.Stdin = r
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err = cmd.Run()
		if runCtx.Err() != nil {
			err = fmt.Errorf("still running after 10s, waiting for its input? (%v)", err)
		}
		cancel()
		r.Close()
		w.Close()
		if err != nil || stdout.String() != c.out || stderr.Len() > 0 {
			t.Errorf("postinst %q: %v; stdout %q, stderr %q; want stdout %q", c.args, err, stdout.String(), stderr.String(), c.out)
		}
		if called, err := os.ReadFile(mark); err == nil {
			t.Errorf("postinst %q ran %s", c.args, called)
		}
	}
}

// pkgContents reads the contents: list of an nfpm configuration (nfpm's or
// goreleaser's nfpms section): one "src=… dst=… key=value…" per entry,
// sorted.
func pkgContents(yaml string) []string {
	lines := strings.Split(yaml, "\n")
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	var entries []string
	for i, l := range lines {
		if strings.TrimSpace(l) != "contents:" {
			continue
		}
		base := indent(l)
		var cur []string
		flush := func() {
			if cur != nil {
				slices.Sort(cur[1:])
				entries = append(entries, strings.Join(cur, " "))
			}
			cur = nil
		}
		for _, l := range lines[i+1:] {
			s := strings.TrimSpace(l)
			if s == "" || strings.HasPrefix(s, "#") {
				continue
			}
			if indent(l) <= base {
				break
			}
			if rest, ok := strings.CutPrefix(s, "- "); ok {
				flush()
				s = rest
			}
			if k, v, ok := strings.Cut(s, ":"); ok && strings.TrimSpace(v) != "" {
				kv := strings.TrimSpace(k) + "=" + strings.TrimSpace(v)
				if k == "src" {
					cur = []string{kv}
				} else if k != "expand" {
					cur = append(cur, kv)
				}
			}
		}
		flush()
	}
	slices.Sort(entries)
	return entries
}

// pkgYAMLValue is the value of the first line "key value" in yaml, "" if none.
func pkgYAMLValue(yaml, key string) string {
	for l := range strings.Lines(yaml) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), key); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
