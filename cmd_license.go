package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/model"
	"ksn/safe"
	"ksn/say"
	"ksn/statement"
)

// maxLicenseFile is the largest license file `ksn license install` reads.
const maxLicenseFile = 64 << 10

// newLicenseCmd returns `ksn license [--json]` and `ksn license install FILE`.
func newLicenseCmd(v say.Voice) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "license",
		Short: v.T("cli.license.short"),
		Long:  v.T("cli.license.long"),
		Args:  unknownCommand(v),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runLicense(cmd, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, v.T("cli.license.json"))
	cmd.AddCommand(newLicenseInstallCmd(v))
	return cmd
}

// licenseReport is what `ksn license --json` prints: the "license" object
// of docs/commands.md and a little more.
type licenseReport struct {
	licenseJSON
	Installed bool   `json:"installed"`
	Activated bool   `json:"activated"`
	File      string `json:"file"`
	// Problem is, in English, why license.json cannot be used (its state
	// is unreadable, exit 1); absent when it can.
	Problem string `json:"problem,omitempty"`
}

// runLicense prints the license state. A license.json that cannot be read
// or is not valid ends it with exit 1 and one line on stderr; with --json,
// the object is printed first, its state unreadable.
func runLicense(cmd *cobra.Command, asJSON bool) error {
	v := voiceOf(cmd)
	store := openStore()
	path := store.Paths().LicenseFile()
	lic, has, err := store.LoadLicense()
	var bad error
	if err != nil {
		bad = failure("%s", v.Text(err))
	}
	now := time.Now()
	l := licenseInForce(lic, has, err, now)
	out := cmd.OutOrStdout()
	if asJSON {
		r := licenseReport{
			licenseJSON: licenseObject(l), Installed: l.Installed, Activated: l.Usable() && l.Activated, File: path,
		}
		if err != nil {
			r.Problem = say.JSON().Text(err)
		}
		if err := writeJSON(out, r); err != nil {
			return asFailure(err)
		}
		return bad
	}
	if bad != nil {
		return bad
	}
	p := newPrinter(out, v)
	if !has {
		p.line("%s", v.T("cli.license.none"))
		p.hanging("", v.T("cli.license.how_to_install", "Path", safe.Text(path)))
		return asFailure(p.err)
	}
	p.field(v.T("cli.license.label.license"), v.License(l))
	if todo := v.LicenseWhatToDo(l); todo != "" {
		p.field("", v.WhatToDoLabel()+todo)
	}
	p.field(v.T("cli.license.label.file"), safe.Text(path))
	return asFailure(p.err)
}

// newLicenseInstallCmd returns `ksn license install FILE`.
func newLicenseInstallCmd(v say.Voice) *cobra.Command {
	return &cobra.Command{
		Use:   "install FILE",
		Short: v.T("cli.license.install.short"),
		Long:  v.T("cli.license.install.long"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("%s", v.N("cli.license.install.needs_file", len(args), "Path", cmd.CommandPath()))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return installLicense(cmd, args[0])
		},
	}
}

// installLicense installs the license file at name ("-" for stdin).
func installLicense(cmd *cobra.Command, name string) error {
	v := voiceOf(cmd)
	var r io.Reader = cmd.InOrStdin()
	label := v.T("cli.license.install.stdin")
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return failure("%s", v.Err(err))
		}
		defer f.Close()
		r, label = f, name
	}
	data, err := io.ReadAll(io.LimitReader(r, maxLicenseFile+1))
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		return failure("%s", v.Err(err)) // it names FILE itself: "/tmp: is a directory"
	case err != nil:
		return failure("%s: %s", safe.Text(label), v.Err(err))
	}
	if len(data) > maxLicenseFile {
		return failure("%s", v.T("cli.license.install.too_large", "File", label, "KiB", maxLicenseFile>>10))
	}
	if _, err := model.ParseLicense(data); err != nil {
		return failure("%s", v.T("cli.license.install.invalid", "File", label, "Error", v.Text(err)))
	}
	store := openStore()
	done, err := store.InstallLicense(data)
	if err != nil {
		return failure("%s: %s", safe.Text(label), v.Err(err))
	}
	fmt.Fprintln(cmd.OutOrStdout(), v.T("cli.license.install.done", "Path", safe.Text(store.Paths().LicenseFile()),
		"License", v.License(licenseInForce(done.License, true, nil, time.Now()))))
	if done.Kept != "" {
		// a broken license.json is kept aside, never lost (docs/files.md)
		fmt.Fprintln(cmd.OutOrStdout(), v.T("cli.license.install.kept", "Path", safe.Text(done.Kept)))
	}
	return nil
}

// licenseInForce is the license alone in force, as license.json says (no
// check has asked the service about the key); err is why it cannot be
// used, as Store.LoadLicense says.
func licenseInForce(lic model.License, has bool, err error, now time.Time) flow.LicenseInfo {
	f := model.Files{License: lic, HasLicense: has, LicenseErr: err}
	return flow.Derive(f, flow.Overrides{}, nil, now, statement.Current()...).License
}
