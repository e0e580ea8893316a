package say

import (
	"strconv"
	"strings"
	"time"
)

// When is t in local time, as short as docs/choices.md "One state, one voice" allows: "13:07" today,
// "2 Dec 13:07" this year, "2 Dec 2027 13:07" otherwise (in the Voice's
// language: "2 дек. 13:07", "2. Dez. 13:07"), its spaces NBSP so that no
// line breaks inside it.
func (v Voice) When(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	clock := t.Format("15:04")
	switch {
	case sameDay(t, now):
		return clock
	case t.Year() == now.Year():
		return v.unbroken(v.T("time.day_time", "Day", t.Day(), "Month", v.month(t), "Time", clock))
	}
	return v.unbroken(v.T("time.date_time", "Day", t.Day(), "Month", v.month(t), "Year", t.Year(), "Time", clock))
}

// AtOn says when a decision was made, with its preposition: "at 05:16"
// today, "on 3 Dec 2026" another day (docs/screens.md; ru "в 05:16" /
// "3 дек. 2026", de "um 05:16" / "am 3. Dez. 2026"), so that no sentence
// puts "on" before a bare time.
func (v Voice) AtOn(t, now time.Time) string {
	if sameDay(t.Local(), now.Local()) {
		return v.T("time.at_time", "Time", t.Local().Format("15:04"))
	}
	return v.T("time.on_date", "Date", v.Date(t))
}

// Date is t's local date, e.g. "29 Nov 2027".
func (v Voice) Date(t time.Time) string {
	t = t.Local()
	return v.unbroken(v.T("time.date", "Day", t.Day(), "Month", v.month(t), "Year", strconv.Itoa(t.Year())))
}

// Checked says when a check ran: "checked 13:07:05" today, else
// "checked 2 Dec 13:07" (a language may say "at" a time but "on" a day).
func (v Voice) Checked(t, now time.Time) string {
	if sameDay(t.Local(), now.Local()) {
		return v.T("time.checked", "When", t.Local().Format("15:04:05"))
	}
	return v.T("time.checked_on", "When", v.When(t, now))
}

// month is t's month's short name in the Voice's language.
func (v Voice) month(t time.Time) string {
	names := strings.Fields(v.T("time.months"))
	if len(names) != 12 {
		return t.Format("Jan")
	}
	return names[t.Month()-1]
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// jsonTime is t as JSON and logs have times: RFC 3339 in UTC.
func jsonTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
