package lang

import "testing"

// BenchmarkLoad reads a language's book, as its first message in a
// process does: English's files only, or English's and Russian's.
func BenchmarkLoad(b *testing.B) {
	for _, i := range []int{0, 1} {
		b.Run(tags()[i].String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := readBook(catalogs, i); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
