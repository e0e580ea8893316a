// Package ratio holds the benchmarks that time ksn's TUI and its repaint
// yardstick (bench/repaint) interleaved, in the same loop, and report
// their ratio: on a shared machine, two benchmarks run minutes apart see
// different loads, and their ratio means little. It drives ui.App through
// its public API only, as Bubble Tea would.
package ratio
