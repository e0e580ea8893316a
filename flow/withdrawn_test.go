package flow

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ksn/lang"
	"ksn/model"
	"ksn/netcheck"
	"ksn/netcheck/ksntest"
	"ksn/statement"
)

// A report decided while participating (the state in force read before
// the withdrawal) is not sent after it: the service gets nothing, and
// neither report.json nor the spool is written again. Decided and sent
// while still on, it goes and is recorded as taken.
func TestSendReportWithdrawnMeanwhile(t *testing.T) {
	t.Parallel()
	for _, withdraw := range []bool{true, false} {
		store := keptStore(t)
		dirs := []string{filepath.Join(t.TempDir(), "etc-xdg")}
		svc, url := ksntest.NewTestServer(t, ksntest.Valid)
		now := time.Now()
		if _, err := Decide(store, Request{Choice: Accept, Statement: DecidedOn(statement.In(lang.English())), Via: "cli", At: now.Add(-time.Hour), PolicyDirs: dirs}); err != nil {
			t.Fatal(err)
		}
		if err := store.AppendSpool(model.ProcessTimes{Command: "status", StartedAt: now.Add(-time.Minute), EndedAt: now.Add(-time.Minute + time.Second)}); err != nil {
			t.Fatal(err)
		}
		in := participant() // read before the withdrawal
		in.Endpoint = url
		in.Settings.KSN.Statement.DecidedAt = now.Add(-time.Hour)
		r, err := LoadReport(store, in, OSInfo{}, now)
		if err != nil || !r.Due(now) {
			t.Fatalf("report %+v, %v", r, err)
		}
		if withdraw {
			if _, err := Decide(store, Request{Choice: Withdraw, Via: "cli", At: now, PolicyDirs: dirs}); err != nil {
				t.Fatal(err)
			}
		}
		c := netcheck.New(netcheck.Options{UserAgent: "ksn/test", Record: Recorder(store, nil)})
		d, err := SendReport(context.Background(), store, dirs, c, in, r, 5*time.Second, now)
		_, reportErr := os.Lstat(store.Paths().ReportFile())
		_, spoolErr := os.Lstat(store.Paths().SpoolFile())
		switch {
		case err != nil:
			t.Fatal(err)
		case withdraw && (d.Sent || svc.Requests() != 0 || !errors.Is(reportErr, fs.ErrNotExist) || !errors.Is(spoolErr, fs.ErrNotExist)):
			t.Errorf("withdrawn: sent %v, %d requests, report.json %v, spool %v", d.Sent, svc.Requests(), reportErr, spoolErr)
		case !withdraw && (!d.Sent || svc.Requests() != 1 || reportErr != nil):
			t.Errorf("still on: sent %v, %d requests, report.json %v", d.Sent, svc.Requests(), reportErr)
		}
	}
}
