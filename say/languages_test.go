package say

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ksn/flow"
	"ksn/lang"
	"ksn/model"
	"ksn/netcheck"
)

// voice is the Voice of the language code.
func voice(t *testing.T, code string) Voice {
	t.Helper()
	l, err := lang.Parse(code)
	if err != nil {
		t.Fatal(err)
	}
	return In(l)
}

func TestTimesInRussianAndGerman(t *testing.T) {
	inZone(t, "Asia/Tokyo")                             // UTC+9
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC) // 13:00 in Tokyo
	times := []time.Time{
		time.Date(2026, 12, 1, 4, 7, 30, 0, time.UTC),
		time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC), // tomorrow in Tokyo
		time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC),
		time.Date(2027, 5, 29, 0, 0, 0, 0, time.UTC),
	}
	want := map[string][]string{
		"ru": {"13:07", "2\u00a0дек.,\u00a001:00", "5\u00a0марта,\u00a009:00", "29\u00a0мая\u00a02027,\u00a009:00"},
		"de": {"13:07", "2.\u00a0Dez.,\u00a001:00", "5.\u00a0März,\u00a009:00", "29.\u00a0Mai\u00a02027,\u00a009:00"},
	}
	for code, wants := range want {
		v := voice(t, code)
		for i, tm := range times {
			if got := v.When(tm, now); got != wants[i] {
				t.Errorf("%s When(%v) = %q, want %q", code, tm, got, wants[i])
			}
		}
	}
	checks := []struct{ code, today, before, date string }{
		{"ru", "проверено в 13:07:30", "проверено 30\u00a0нояб.,\u00a013:07", "29\u00a0нояб.\u00a02027"},
		{"de", "geprüft um 13:07:30", "geprüft am 30.\u00a0Nov.,\u00a013:07", "29.\u00a0Nov.\u00a02027"},
	}
	for _, c := range checks {
		v := voice(t, c.code)
		if got := v.Checked(times[0], now); got != c.today {
			t.Errorf("%s Checked today = %q, want %q", c.code, got, c.today)
		}
		if got := v.Checked(time.Date(2026, 11, 30, 4, 7, 30, 0, time.UTC), now); got != c.before {
			t.Errorf("%s Checked yesterday = %q, want %q", c.code, got, c.before)
		}
		if got := v.Date(time.Date(2027, 11, 28, 20, 0, 0, 0, time.UTC)); got != c.date {
			t.Errorf("%s Date = %q, want %q", c.code, got, c.date)
		}
	}
}

// TestEveryMonthHasItsName reads the twelve months in each language.
func TestEveryMonthHasItsName(t *testing.T) {
	inZone(t, "UTC")
	want := map[string]string{
		"en": "1\u00a0Jan\u00a02027|1\u00a0Feb\u00a02027|1\u00a0Mar\u00a02027|1\u00a0Apr\u00a02027|1\u00a0May\u00a02027|1\u00a0Jun\u00a02027|1\u00a0Jul\u00a02027|1\u00a0Aug\u00a02027|1\u00a0Sep\u00a02027|1\u00a0Oct\u00a02027|1\u00a0Nov\u00a02027|1\u00a0Dec\u00a02027|",
		"ru": "1\u00a0янв.\u00a02027|1\u00a0февр.\u00a02027|1\u00a0марта\u00a02027|1\u00a0апр.\u00a02027|1\u00a0мая\u00a02027|1\u00a0июня\u00a02027|1\u00a0июля\u00a02027|1\u00a0авг.\u00a02027|1\u00a0сент.\u00a02027|1\u00a0окт.\u00a02027|1\u00a0нояб.\u00a02027|1\u00a0дек.\u00a02027|",
		"de": "1.\u00a0Jan.\u00a02027|1.\u00a0Feb.\u00a02027|1.\u00a0März\u00a02027|1.\u00a0Apr.\u00a02027|1.\u00a0Mai\u00a02027|1.\u00a0Juni\u00a02027|1.\u00a0Juli\u00a02027|1.\u00a0Aug.\u00a02027|1.\u00a0Sept.\u00a02027|1.\u00a0Okt.\u00a02027|1.\u00a0Nov.\u00a02027|1.\u00a0Dez.\u00a02027|",
	}
	for code, w := range want {
		v := voice(t, code)
		got := ""
		for m := time.January; m <= time.December; m++ {
			got += v.Date(time.Date(2027, m, 1, 12, 0, 0, 0, time.UTC)) + "|"
		}
		if got != w {
			t.Errorf("%s months:\n got %s\nwant %s", code, got, w)
		}
	}
}

func TestLicenseInRussianAndGerman(t *testing.T) {
	inZone(t, "UTC")
	exp := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	lics := []flow.LicenseInfo{
		{},
		{Installed: true, State: flow.LicenseExpired, ExpiresAt: exp, KeySuffix: "PQRST"},
		{Installed: true, State: flow.LicenseDenylisted, KeySuffix: "PQRST"},
		{Installed: true, State: flow.LicenseActive, ExpiresAt: exp, KeySuffix: "PQRST"},
		{Installed: true, State: flow.LicenseActive, KeySuffix: "PQRST"},
	}
	want := map[string][]string{
		"ru": {"Приложение не активировано · лицензия не установлена", "Истекла 29\u00a0нояб.\u00a02026 · ключ …PQRST",
			"Ключ заблокирован · ключ …PQRST", "Активна · ключ …PQRST · до 29\u00a0нояб.\u00a02026", "Активна · ключ …PQRST · бессрочно"},
		"de": {"Nicht aktiviert · keine Lizenz installiert", "Abgelaufen am 29.\u00a0Nov.\u00a02026 · Schlüssel …PQRST",
			"Auf der Sperrliste · Schlüssel …PQRST", "Aktiv · Schlüssel …PQRST · bis 29.\u00a0Nov.\u00a02026", "Aktiv · Schlüssel …PQRST · unbefristet"},
	}
	for code, wants := range want {
		v := voice(t, code)
		for i, l := range lics {
			if got := v.License(l); got != wants[i] {
				t.Errorf("%s License(%+v) = %q, want %q", code, l, got, wants[i])
			}
		}
		if got := v.LicenseWhatToDo(lics[0]); got == "" || got == en.LicenseWhatToDo(lics[0]) {
			t.Errorf("%s LicenseWhatToDo = %q", code, got)
		}
	}
}

func TestDecisionInRussianAndGerman(t *testing.T) {
	inZone(t, "UTC")
	now := time.Date(2026, 12, 1, 13, 0, 0, 0, time.UTC)
	at := time.Date(2026, 11, 30, 13, 7, 0, 0, time.UTC)
	current := []string{"aaa", "bbb"}
	accepted := model.StatementDecision{Decision: model.DecisionAccepted, SHA256: "bbb", Lang: "de", DecidedAt: at}
	old := model.StatementDecision{Decision: model.DecisionAccepted, SHA256: "old", DecidedAt: at}
	declined := model.StatementDecision{Decision: model.DecisionDeclined, SHA256: "aaa", DecidedAt: now.Add(-time.Hour)}
	tests := []struct {
		code string
		d    model.StatementDecision
		on   bool
		want string
	}{
		{"ru", accepted, true, "Принято 30\u00a0нояб.\u00a02026"},
		{"ru", accepted, false, "Принято 30\u00a0нояб.\u00a02026; участие выключено"},
		{"ru", old, true, "Не принято: Положение изменилось после того, как вы приняли его 30\u00a0нояб.\u00a02026"},
		{"ru", declined, false, "Отклонено в 12:00"},
		{"ru", model.StatementDecision{}, false, "Не принято"},
		{"de", accepted, true, "Akzeptiert am 30.\u00a0Nov.\u00a02026"},
		{"de", accepted, false, "Akzeptiert am 30.\u00a0Nov.\u00a02026; die Teilnahme ist ausgeschaltet"},
		{"de", old, true, "Nicht akzeptiert: Die Erklärung hat sich geändert, seit Sie sie am 30.\u00a0Nov.\u00a02026 akzeptiert haben"},
		{"de", declined, false, "Abgelehnt um 12:00"},
		{"de", model.StatementDecision{}, false, "Nicht akzeptiert"},
		{"en", accepted, true, "Accepted on 30\u00a0Nov\u00a02026"},
		{"en", declined, false, "Declined at 12:00"},
		{"en", old, true, "Not accepted: the statement has changed since you accepted it on 30\u00a0Nov\u00a02026"},
	}
	for _, tt := range tests {
		if got := voice(t, tt.code).Decision(tt.d, tt.on, current, now); got != tt.want {
			t.Errorf("%s Decision(%+v, %v) = %q, want %q", tt.code, tt.d, tt.on, got, tt.want)
		}
	}
}

// TestReasonsAreKasperskysWords reads the sentences of docs/check.md and the
// restriction notice in each language.
func TestReasonsAreKasperskysWords(t *testing.T) {
	inZone(t, "UTC")
	ru, de := voice(t, "ru"), voice(t, "de")
	for r, want := range map[netcheck.Reason][2]string{
		netcheck.ReasonNotParticipating: {"Вы не участвуете в Kaspersky Security Network.", "Sie nehmen nicht an Kaspersky Security Network teil."},
		netcheck.ReasonNoInternet:       {"Ваш компьютер не подключен к интернету.", "Ihr Computer ist nicht mit dem Internet verbunden."},
		netcheck.ReasonLicenseExpired:   {"Истек срок действия лицензии или подписки.", "Die Lizenz oder das Abonnement ist abgelaufen."},
	} {
		if got := ru.Reason(r); got != want[0] {
			t.Errorf("ru Reason(%s) = %q", r, got)
		}
		if got := de.Reason(r); got != want[1] {
			t.Errorf("de Reason(%s) = %q", r, got)
		}
	}
	now := time.Date(2026, 12, 1, 13, 0, 0, 0, time.UTC)
	res := &netcheck.Result{Connected: true, Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: now.Add(9 * time.Minute)}}}
	if got, want := de.Restriction(res, now), "Kaspersky hat Anfragen an Kaspersky Security Network zur Dateireputation vorübergehend eingeschränkt. Bis 13:09."; got != want {
		t.Errorf("de Restriction = %q, want %q", got, want)
	}
	if got, want := ru.Restriction(res, now), "«Лаборатория Касперского» временно ограничила запросы к Kaspersky Security Network о репутации файлов. До 13:09."; got != want {
		t.Errorf("ru Restriction = %q, want %q", got, want)
	}
}

// TestStepDetailsInGermanAndRussian runs a real check against a restricting service
// and reads its steps in German and Russian, with local times, while the
// steps' Detail stays English.
func TestStepDetailsInGermanAndRussian(t *testing.T) {
	inZone(t, "Asia/Tokyo")
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC) // 13:00 in Tokyo
	until := time.Date(2026, 12, 1, 4, 9, 30, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"key":"valid","restrictions":[{"scope":"file_reputation","until":"` + until.Format(time.RFC3339) + `"}]}`))
	}))
	t.Cleanup(srv.Close)
	in := netcheck.Input{
		Participating: true,
		License: netcheck.License{Present: true, Activated: true, ExpiresAt: time.Date(2027, 11, 28, 20, 0, 0, 0, time.UTC),
			KeySHA256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
		Endpoint: srv.URL,
	}
	res := netcheck.New(netcheck.Options{Now: func() time.Time { return now }}).Check(context.Background(), in)
	if !res.Connected || len(res.Steps) != 9 {
		t.Fatalf("check = %+v", res)
	}
	want := map[netcheck.StepName][3]string{ // English (and JSON), German, Russian
		netcheck.StepSettings:     {"participation is on", "die Teilnahme ist eingeschaltet", "участие включено"},
		netcheck.StepLicense:      {"the license is valid until 2027-11-28T20:00:00Z", "die Lizenz ist gültig bis 29.\u00a0Nov.\u00a02027", "лицензия действует до 29\u00a0нояб.\u00a02027"},
		netcheck.StepTLS:          {"not used (http endpoint)", "nicht verwendet (http-Endpunkt)", "не используется (адрес http)"},
		netcheck.StepKey:          {"the service says the key is valid", "laut Dienst ist der Schlüssel gültig", "по данным сервиса, ключ действителен"},
		netcheck.StepRestrictions: {"file_reputation until 2026-12-01T04:09:30Z", "Dateireputation bis 13:09", "репутация файлов до 13:09"},
	}
	de, ru := voice(t, "de"), voice(t, "ru")
	for _, s := range res.Steps {
		w, ok := want[s.Name]
		if !ok {
			continue
		}
		if got := StepsJSON([]netcheck.Step{s})[0].Detail; got != w[0] {
			t.Errorf("%s JSON detail = %q, want %q", s.Name, got, w[0])
		}
		if got := de.StepDetail(s, now); got != w[1] {
			t.Errorf("de %s = %q, want %q", s.Name, got, w[1])
		}
		if got := ru.StepDetail(s, now); got != w[2] {
			t.Errorf("ru %s = %q, want %q", s.Name, got, w[2])
		}
	}
	if got := en.StepDetail(res.Steps[2], now); got != "the license is valid until 29\u00a0Nov\u00a02027" {
		t.Errorf("en license step = %q", got)
	}
}

// TestErrSaysAFileProblemInTheReadersLanguage: a problem with a file (a
// license that is not valid JSON, a key of the wrong type, a policy
// ignored) is said in the reader's language, and an error that cannot
// say itself is its text.
func TestErrSaysAFileProblemInTheReadersLanguage(t *testing.T) {
	_, syntax := model.ParseLicense([]byte(`{"key": `))
	_, wrong := model.ParseLicense([]byte(`{"key": "K", "activated": "yes", "expires_at": "2030-01-01T00:00:00Z"}`))
	_, _, policy := model.LoadPolicy([]string{writePolicy(t, `{"colour": 1}`)})
	ru, de := voice(t, "ru"), voice(t, "de")
	tests := []struct {
		err        error
		en, ru, de string
	}{
		{syntax, "not valid JSON: it ends too early (line 1, column 7)", "содержит ошибку JSON: текст обрывается раньше времени (строка 1, столбец 7)", "kein gültiges JSON: Der Text endet zu früh (Zeile 1, Spalte 7)"},
		{wrong, "activated: must be true or false, got \"yes\"", "activated: должно быть true или false, а указано \"yes\"", "activated: muss true oder false sein, ist aber \"yes\""},
		{policy, "is ignored: unknown key \"colour\"", "не применяется: неизвестный ключ \"colour\"", "wird ignoriert: unbekannter Schlüssel \"colour\""},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Fatal("no error")
		}
		if got := (Voice{}).Err(tt.err); !strings.Contains(got, tt.en) {
			t.Errorf("English %q, want %q in it", got, tt.en)
		}
		if got := ru.Err(tt.err); !strings.Contains(got, tt.ru) {
			t.Errorf("ru %q, want %q in it", got, tt.ru)
		}
		if got := de.Err(tt.err); !strings.Contains(got, tt.de) {
			t.Errorf("de %q, want %q in it", got, tt.de)
		}
	}
	if got := ru.Err(errors.New("plain \x1b[2J")); got != `plain \x1b[2J` {
		t.Errorf("a plain error = %q", got)
	}
}

// writePolicy writes a ksn/policy.json of content in a new directory and
// returns the directory.
func writePolicy(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "ksn"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ksn", "policy.json"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestAtOrOnFollowsWhatIsSaid: "at" before a time today, "on" before a
// date another day, in every language, in the decision and in the
// "already" lines of the CLI and setup (docs/screens.md).
func TestAtOrOnFollowsWhatIsSaid(t *testing.T) {
	inZone(t, "UTC")
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	today := time.Date(2026, 12, 7, 5, 16, 0, 0, time.UTC)
	before := time.Date(2026, 12, 3, 5, 16, 0, 0, time.UTC)
	want := map[string][4]string{
		"en": {"at 05:16", "on 3\u00a0Dec\u00a02026", "accepted at 05:16)", "declined on 3\u00a0Dec\u00a02026;"},
		"ru": {"в 05:16", "3\u00a0дек.\u00a02026", "принято в 05:16)", "отклонено 3\u00a0дек.\u00a02026;"},
		"de": {"um 05:16", "am 3.\u00a0Dez.\u00a02026", "um 05:16 akzeptiert)", "bereits am 3.\u00a0Dez.\u00a02026 abgelehnt;"},
	}
	for code, w := range want {
		v := voice(t, code)
		if got := v.AtOn(today, now); got != w[0] {
			t.Errorf("%s AtOn(today) = %q, want %q", code, got, w[0])
		}
		if got := v.AtOn(before, now); got != w[1] {
			t.Errorf("%s AtOn(before) = %q, want %q", code, got, w[1])
		}
		if got := v.Already(flow.Accept, today, now); !strings.Contains(got, w[2]) {
			t.Errorf("%s Already(accept, today) = %q, want it to hold %q", code, got, w[2])
		}
		if got := v.Already(flow.Decline, before, now); !strings.Contains(got, w[3]) {
			t.Errorf("%s Already(decline, before) = %q, want it to hold %q", code, got, w[3])
		}
	}
}

// TestLicenseReportedExpiredHasNoFutureDate: the service says the key has
// expired while license.json's date is a year ahead; the line never says
// that date as a day gone by.
func TestLicenseReportedExpiredHasNoFutureDate(t *testing.T) {
	inZone(t, "UTC")
	ahead := time.Date(2027, 12, 7, 0, 0, 0, 0, time.UTC)
	l := flow.LicenseInfo{Installed: true, State: flow.LicenseExpired, ReportedExpired: true, ExpiresAt: ahead, KeySuffix: "TRIAL"}
	want := map[string]string{
		"en": "Reported expired by the service · key …TRIAL",
		"ru": "Истекла по данным сервиса · ключ …TRIAL",
		"de": "Laut Dienst abgelaufen · Schlüssel …TRIAL",
	}
	for code, w := range want {
		if got := voice(t, code).License(l); got != w {
			t.Errorf("%s License = %q, want %q", code, got, w)
		}
	}
}

// TestConnectionSaysWhyNot: the main window's Connection line says why it
// is not connected, the user's choice as much as a failure.
func TestConnectionSaysWhyNot(t *testing.T) {
	t.Parallel()
	off := flow.InForce{Check: &netcheck.Result{Reason: netcheck.ReasonNotParticipating}}
	down := flow.InForce{Participating: true, Check: &netcheck.Result{Reason: netcheck.ReasonServiceUnavailable}}
	up := flow.InForce{Participating: true, Check: &netcheck.Result{Connected: true}}
	want := map[string][3]string{
		"en": {"Not connected · not participating", "Not connected · servers not responding", "Connected"},
		"ru": {"Нет подключения · участие выключено", "Нет подключения · серверы не отвечают", "Подключено"},
		"de": {"Nicht verbunden · keine Teilnahme", "Nicht verbunden · Server antworten nicht", "Verbunden"},
	}
	for code, w := range want {
		v := voice(t, code)
		for i, in := range []flow.InForce{off, down, up} {
			if got := v.ConnectionWhy(in, false); got != w[i] {
				t.Errorf("%s ConnectionWhy #%d = %q, want %q", code, i, got, w[i])
			}
		}
	}
	if !off.OffByChoice() || down.OffByChoice() || up.OffByChoice() {
		t.Error("OffByChoice is the user's choice only")
	}
}

// TestWhatToDoInTheKSNWindowIsDoneThere: inside the window the hint names
// its toggle, its Accept button or the accessible mode's choice, never
// the way to the window.
func TestWhatToDoInTheKSNWindowIsDoneThere(t *testing.T) {
	t.Parallel()
	off := flow.InForce{Window: model.WindowInfo, Check: &netcheck.Result{Reason: netcheck.ReasonNotParticipating,
		Steps: []netcheck.Step{{Name: netcheck.StepSettings, Hint: netcheck.HintNotParticipating}}}}
	statementLayout := off
	statementLayout.Window = model.WindowStatement
	tests := []struct {
		in       flow.InForce
		numbered bool
		want     string
	}{
		{off, false, "Turn on the toggle above."},
		{statementLayout, false, "Press Accept above and accept the statement."},
		{off, true, "Choose “Turn participation on”."},
		{statementLayout, true, "Choose “Accept”."},
	}
	for _, tt := range tests {
		if got := en.WhatToDoHere(tt.in, tt.numbered); got != tt.want {
			t.Errorf("WhatToDoHere(%s, %v) = %q, want %q", tt.in.Window, tt.numbered, got, tt.want)
		}
	}
	if got := en.WhatToDoIn(off); !strings.Contains(got, "ksn enable") {
		t.Errorf("elsewhere, WhatToDoIn = %q: the way to the window", got)
	}
	down := flow.InForce{Participating: true, Check: &netcheck.Result{Reason: netcheck.ReasonNoInternet}}
	if got, want := en.WhatToDoHere(down, false), en.WhatToDoIn(down); got != want {
		t.Errorf("a failure's hint = %q, want %q as everywhere", got, want)
	}
}
