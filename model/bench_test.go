package model

import (
	"testing"
	"time"

	"ksn/statement"
)

// benchStore is a store in a temporary directory with settings on disk.
func benchStore(b *testing.B) *Store {
	dir := b.TempDir()
	s := NewStore(Paths{ConfigDir: dir + "/config", StateDir: dir + "/state", DataDir: dir + "/data"})
	if _, err := s.Update(func(st *Settings) (*ConsentEntry, error) {
		st.KSN.Window = WindowStatement
		return nil, nil
	}); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkStoreLoad measures reading and checking settings.json.
func BenchmarkStoreLoad(b *testing.B) {
	s := benchStore(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := s.Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStoreSave measures one decision saved: the lock, a consent line
// and settings.json written atomically with their fsyncs.
func BenchmarkStoreSave(b *testing.B) {
	s := benchStore(b)
	sha := statement.SHA256()
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	on := false
	b.ReportAllocs()
	for b.Loop() {
		on = !on
		if _, err := s.Update(func(st *Settings) (*ConsentEntry, error) {
			var e ConsentEntry
			if on {
				*st, e = st.Accept(Statement{Version: statement.Version, SHA256: sha}, at, "cli")
			} else {
				*st, e = st.Withdraw(Statement{Version: statement.Version, SHA256: sha}, at, "cli")
			}
			return &e, nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}
