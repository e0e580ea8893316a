package lang

import "testing"

// BenchmarkLoad makes a language's book, as its first message in a
// process does, from the compiled catalogs: English's, or English's and
// Russian's.
func BenchmarkLoad(b *testing.B) {
	for _, i := range []int{0, 1} {
		b.Run(tags()[i].String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = newBook(&compiled, i)
			}
		})
	}
}

// BenchmarkLoadYAML is what BenchmarkLoad cost when the YAML was parsed at
// start: every catalog file, all three languages.
func BenchmarkLoadYAML(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readCatalogs(catalogs); err != nil {
			b.Fatal(err)
		}
	}
}
