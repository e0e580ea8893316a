package safe

import (
	"fmt"
	"unicode/utf8"
)

// JSON returns data, JSON as encoding/json writes it, with every C1
// control character and bidi control written as a \u escape: encoding/json
// escapes C0 controls but leaves these raw, and a terminal that shows the
// output would act on them. Outside strings JSON holds only ASCII, so the
// result is the same JSON value; data itself is returned when it holds
// none.
func JSON(data []byte) []byte {
	var out []byte
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if isC1(r) || IsBidi(r) {
			if out == nil {
				out = append(make([]byte, 0, len(data)+16), data[:i]...)
			}
			out = fmt.Appendf(out, `\u%04x`, r)
		} else if out != nil {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return data
	}
	return out
}
