package say

import "time"

// When formats t for people, in local time (TZ), as SPEC §3.2 says: "15:04"
// today, "2 Jan 15:04" another day of this year, "2 Jan 2006 15:04" another
// year. now is the clock's time.
func When(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	switch {
	case sameDay(t, now):
		return t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("2 Jan 15:04")
	}
	return t.Format("2 Jan 2006 15:04")
}

// Date formats the day of t for people, in local time: "2 Jan 2006".
func Date(t time.Time) string { return t.Local().Format("2 Jan 2006") }

// Checked says when a check finished: "checked 15:04:05" today, with the
// seconds; on another day as When does.
func Checked(t, now time.Time) string {
	if sameDay(t.Local(), now.Local()) {
		return "checked " + t.Local().Format("15:04:05")
	}
	return "checked " + When(t, now)
}

// sameDay reports whether a and b, in one zone, are on the same day.
func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}
