package flow

import (
	"errors"
	"testing"

	"ksn/model"
)

// TestNotices tells what the files give to tell, in order, and nothing for
// files that are fine.
func TestNotices(t *testing.T) {
	t.Parallel()
	if n := Notices(model.Files{User: model.Defaults()}, "", InForce{}); len(n) != 0 {
		t.Errorf("good files: %+v", n)
	}
	broken := errors.New("broken")
	f := model.Files{
		Notice:     model.LoadNotice{Invalid: true, Code: "model.notice.invalid"},
		PolicyErr:  broken,
		LicenseErr: broken,
	}
	var kinds []NoticeKind
	for _, n := range Notices(f, "/home/u/.config/ksn/settings.json.corrupt-x", InForce{StatementChanged: true}) {
		kinds = append(kinds, n.Kind)
	}
	want := []NoticeKind{SettingsNotice, KeptAside, StatementChanged, PolicyIgnored, LicenseUnusable}
	if len(kinds) != len(want) {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Errorf("notice %d: %v, want %v", i, kinds[i], want[i])
		}
	}
	f = model.Files{LoadErr: broken, Notice: model.LoadNotice{Code: "model.notice.invalid"}}
	if n := Notices(f, "", InForce{}); len(n) != 1 || n[0].Kind != Unreadable || n[0].Err != broken {
		t.Errorf("unreadable: %+v", n)
	}
	pol := model.Policy{Path: "/etc/xdg/ksn/policy.json", Problem: &model.Problem{Code: "model.policy.participation"}}
	if n, ok := PolicyNotice(pol, nil); !ok || n.Kind != PolicyIgnored || n.Policy.Path != pol.Path {
		t.Errorf("policy in part: %+v, %v", n, ok)
	}
}
