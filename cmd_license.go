package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/safe"
	"ksn/statement"
)

// maxLicenseFile is the largest license file `ksn license install` reads.
const maxLicenseFile = 64 << 10

// newLicenseCmd returns `ksn license [--json]` and `ksn license install FILE`.
func newLicenseCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "license",
		Short: "Show the license state (never the whole key)",
		Long: "Show the state of the installed license (license.json): active, not_activated\n" +
			"or expired, when it expires, and the last five characters of its key. Nothing\n" +
			"is sent anywhere; 'ksn status' also asks the service, which may find the key\n" +
			"denylisted.\n\n" +
			"Exit status: 0 when the report was made (installed or not); 1 when license.json\n" +
			"is not valid; 2 on a usage error.",
		Args: unknownCommand,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runLicense(cmd, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {state, expires_at, key_suffix, ...} as JSON")
	cmd.AddCommand(newLicenseInstallCmd())
	return cmd
}

// licenseReport is what `ksn license --json` prints: the "license" object
// of SPEC §5 and a little more.
type licenseReport struct {
	licenseJSON
	Installed bool   `json:"installed"`
	Activated bool   `json:"activated"`
	File      string `json:"file"`
}

// runLicense prints the license state.
func runLicense(cmd *cobra.Command, asJSON bool) error {
	v := voiceOf(cmd)
	store := openStore()
	path := store.Paths().LicenseFile()
	lic, has, err := store.LoadLicense()
	if err != nil {
		return failure("%v", err)
	}
	now := time.Now()
	l := licenseInForce(lic, has, now)
	obj := licenseObject(l)
	out := cmd.OutOrStdout()
	if asJSON {
		return asFailure(writeJSON(out, licenseReport{
			licenseJSON: obj, Installed: has, Activated: has && lic.Activated, File: path,
		}))
	}
	p := newPrinter(out, voiceOf(cmd))
	if !has {
		p.line("No license is installed.")
		p.hanging("", "Install one with 'ksn license install FILE'; it is kept in "+safe.Text(path)+".")
		return asFailure(p.err)
	}
	p.field("License", v.License(l))
	if todo := v.LicenseWhatToDo(l); todo != "" {
		p.field("", v.WhatToDoLabel()+todo)
	}
	p.field("File", safe.Text(path))
	return asFailure(p.err)
}

// newLicenseInstallCmd returns `ksn license install FILE`.
func newLicenseInstallCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "install FILE",
		Short: "Check a license file and put it in place atomically",
		Long: "Check FILE as a license file ({\"key\", \"activated\", \"expires_at\"}) and, only if\n" +
			"it is valid, install it as license.json (mode 0600) in one atomic step. FILE\n" +
			"may be - for the standard input. A file that is not valid changes nothing.\n\n" +
			"Exit status: 0 installed; 1 FILE is not a valid license or cannot be read;\n" +
			"2 on a usage error.",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("license install needs one FILE, got %d arguments (see '%s --help')",
					len(args), cmd.CommandPath())
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
	label := "standard input"
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return failure("%v", err)
		}
		defer f.Close()
		r, label = f, name
	}
	data, err := io.ReadAll(io.LimitReader(r, maxLicenseFile+1))
	if err != nil {
		return failure("%s: %v", label, err)
	}
	if len(data) > maxLicenseFile {
		return failure("%s: not a license file: larger than %d KiB", label, maxLicenseFile>>10)
	}
	if _, err := model.ParseLicense(data); err != nil {
		return failure("%s: not a valid license file: %v; nothing was changed", label, err)
	}
	store := openStore()
	lic, err := store.InstallLicense(data)
	if err != nil {
		return failure("%s: %v", label, err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Installed %s: %s.\n", safe.Text(store.Paths().LicenseFile()),
		v.License(licenseInForce(lic, true, time.Now())))
	return nil
}

// licenseInForce is the license alone in force, as license.json says (no
// check has asked the service about the key).
func licenseInForce(lic model.License, has bool, now time.Time) model.LicenseInfo {
	f := model.Files{License: lic, HasLicense: has}
	return model.Derive(f, model.Overrides{}, nil, now, statement.Current()...).License
}
