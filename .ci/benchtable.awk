# Turns `go test -bench` output into an aligned table: benchmark, ns/op and
# every other reported metric.
/^pkg:/ { pkg = $2 }
/^Benchmark/ {
	line = sprintf("%-60s", pkg "  " $1)
	for (i = 3; i < NF; i += 2) line = line sprintf("  %14s %s", $i, $(i + 1))
	print line
	next
}
/^(ok|FAIL|PASS)/ { next }
