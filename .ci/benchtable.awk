# Turns `go test -bench` output into an aligned table (benchmark, ns/op
# and every other reported metric), then the ratios of ksn to the
# project's yardsticks (bench/), each beside its target. A last line
# "exit N" (the Makefile appends go test's status) becomes awk's own.
#
# Where each ratio comes from:
#   own start-up, whole process   ksn BenchmarkStartup (startup_test.go)
#   ksn statement --width 80      ksn BenchmarkStatementCommand
#   keypress, View                ksn/bench/ratio BenchmarkKeypressRatio and the
#                                 worst BenchmarkViewRatio/SCREEN (ksn and the naive
#                                 repaint timed alternately in one loop); without
#                                 them, ksn/ui's BenchmarkViewAfterKey/Statement/80x24
#                                 and worst BenchmarkView/SCREEN/SIZE over
#                                 ksn/bench/repaint BenchmarkNaiveRepaint/SIZE
/^pkg:/ { pkg = $2 }
/^Benchmark/ {
	name = $1
	sub(/-[0-9]+$/, "", name) # GOMAXPROCS
	line = sprintf("%-60s", pkg "  " $1)
	for (i = 3; i < NF; i += 2) {
		line = line sprintf("  %14s %s", $i, $(i + 1))
		m[pkg " " name " " $(i + 1)] = $i
	}
	print line
	if (pkg == "ksn/ui" && name ~ /^BenchmarkView\//) views[name] = $3
	if (pkg == "ksn/bench/ratio" && name ~ /^BenchmarkViewRatio\//) interleaved[name] = 1
	next
}
/^exit [0-9]+$/ { status = $2; next }
/^(--- FAIL|FAIL|panic:)/ { print; failed = 1 }

# row prints one ratio; target "" for a row that is only a reference.
function row(what, ours, theirs, ratio, target) {
	t = target == "" ? "" : "≤ " target
	if (ratio == "") {
		printf "%-46s  %10s  %10s  %7s  %7s  %s\n", what, "-", "-", "-", t, "not run"
		return
	}
	verdict = target == "" ? "reference" : (ratio + 0 <= target + 0 ? "met" : "NOT MET")
	printf "%-46s  %10s  %10s  %6s×  %7s  %s\n", what, ours, theirs, sprintf(ratio < 0.1 ? "%.3f" : "%.2f", ratio), t, verdict
}

# ns is a duration in ns/op, readable.
function ns(v) {
	if (v >= 1e6) return sprintf("%.2f ms", v / 1e6)
	if (v >= 1e3) return sprintf("%.1f µs", v / 1e3)
	return sprintf("%.0f ns", v)
}

END {
	print ""
	printf "%-46s  %10s  %10s  %7s  %7s\n", "ksn ÷ yardstick (bench/)", "ksn", "yardstick", "ratio", "target"
	s = "ksn BenchmarkStartup "
	row("start-up, end of package init → first frame", m[s "ms-ksn-own"] " ms", m[s "ms-naive-own"] " ms", m[s "own-ratio"], "0.5")
	row("  the same yardstick at 120 fps", "", "", m[s "naive120-own-ratio"], "")
	row("whole process, exec → first frame", m[s "ms-ksn"] " ms", m[s "ms-naive"] " ms", m[s "whole-ratio"], "1.0")

	k = "ksn/bench/ratio BenchmarkKeypressRatio "
	if (m[k "ratio"] != "") {
		row("keypress in the Statement window (80×24)", ns(m[k "ns-ksn/op"]), ns(m[k "ns-naive/op"]), m[k "ratio"], "0.2")
		worst = ""
		for (v in interleaved) {
			if (worst == "" || m["ksn/bench/ratio " v " ratio"] + 0 > worst + 0) { worst = m["ksn/bench/ratio " v " ratio"]; wname = v }
		}
		w = "ksn/bench/ratio " wname " "
		sub(/^BenchmarkViewRatio\//, "", wname)
		row("View of the worst screen (" wname ", 80×24)", ns(m[w "ns-ksn/op"]), ns(m[w "ns-naive/op"]), worst, "0.1")
	} else {
		separate()
	}

	s = "ksn BenchmarkStatementCommand "
	row("ksn statement --width 80, whole process", m[s "ms-ksn"] " ms", m[s "ms-glamour"] " ms", m[s "ratio"], "0.9")
	if (failed && status == 0) status = 1
	exit status
}

# separate prints the keypress and View ratios from benchmarks run apart.
function separate() {
	r = "ksn/bench/repaint BenchmarkNaiveRepaint/"
	key = m["ksn/ui BenchmarkViewAfterKey/Statement/80x24 ns/op"]
	naive = m[r "80x24 ns/op"]
	row("keypress in the Statement window (80×24)", key == "" ? "" : ns(key), naive == "" ? "" : ns(naive), (key == "" || naive == "") ? "" : key / naive, "0.2")

	worst = ""; wname = ""
	for (v in views) {
		size = v; sub(/.*\//, "", size)
		n = m[r size " ns/op"]
		if (n == "") continue
		if (worst == "" || views[v] / n > worst) { worst = views[v] / n; wname = v; wns = views[v]; wnaive = n }
	}
	sub(/^BenchmarkView\//, "", wname)
	row("View of the worst screen (" wname ")", worst == "" ? "" : ns(wns), worst == "" ? "" : ns(wnaive), worst, "0.1")
}
