package say

import (
	"strconv"
	"strings"
	"time"
)

// NBSP is the no-break space that joins a number to its unit or a day to
// its month, so that no line breaks between them (docs/languages.md).
// Only words for people have it; the JSON keeps plain ASCII.
const NBSP = "\u00a0"

// Duration is d in the Voice's language, the way a person writes it, never
// Go's notation: "2 ms", "10 s", "1 h 30 min" ("1 ч 30 мин", "1 Std.
// 30 Min."), each number joined to its unit by NBSP. It says hours,
// minutes, seconds and milliseconds that are not zero, from the largest,
// d rounded to the millisecond ("0 ms" for less).
func (v Voice) Duration(d time.Duration) string {
	if v.plain {
		return d.String()
	}
	d = d.Round(time.Millisecond)
	if d < 0 {
		d = -d
	}
	units := []struct {
		size time.Duration
		id   string
	}{
		{time.Hour, "duration.h"},
		{time.Minute, "duration.min"},
		{time.Second, "duration.s"},
		{time.Millisecond, "duration.ms"},
	}
	var parts []string
	for _, u := range units {
		if n := d / u.size; n > 0 {
			parts = append(parts, strconv.FormatInt(int64(n), 10)+NBSP+v.T(u.id))
			d -= n * u.size
		}
	}
	if len(parts) == 0 {
		return "0" + NBSP + v.T("duration.ms")
	}
	return strings.Join(parts, " ")
}

// T is message id as Lang.T says it, but in the JSON's English with plain
// spaces where the catalog joins a number to its unit by NBSP.
func (v Voice) T(id string, kv ...any) string { return v.ascii(v.Lang.T(id, kv...)) }

// N is Lang.N as T is Lang.T.
func (v Voice) N(id string, n int, kv ...any) string { return v.ascii(v.Lang.N(id, n, kv...)) }

// ascii is s for v: its NBSPs plain spaces in the JSON's English.
func (v Voice) ascii(s string) string {
	if v.plain {
		return strings.ReplaceAll(s, NBSP, " ")
	}
	return s
}

// unbroken is s with its spaces made NBSP, for a date or a time that no
// line may break (docs/languages.md); s as it is in the JSON.
func (v Voice) unbroken(s string) string {
	if v.plain {
		return s
	}
	return strings.ReplaceAll(s, " ", NBSP)
}
