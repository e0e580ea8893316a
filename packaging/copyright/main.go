// Command copyright writes the packages' /usr/share/doc/ksn/copyright in
// Debian's machine-readable format (DEP-5): ksn's own licence, then one
// paragraph for every Go module linked into the binary, with the module's
// licence text from the module cache. It reads the module list from the
// binary itself (its build information), so a dependency added later
// cannot be left out. Run by make package-assets:
//
//	go run ./packaging/copyright BINARY LICENSE > copyright
package main

import (
	"debug/buildinfo"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: copyright BINARY LICENSE")
		os.Exit(2)
	}
	if err := run(os.Stdout, os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "copyright:", err)
		os.Exit(1)
	}
}

// run writes the copyright file of binary, ksn's own licence being the
// file at license.
func run(w io.Writer, binary, license string) error {
	info, err := buildinfo.ReadFile(binary)
	if err != nil {
		return err
	}
	own, err := os.ReadFile(license)
	if err != nil {
		return err
	}
	cache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return fmt.Errorf("go env GOMODCACHE: %w", err)
	}
	modcache := strings.TrimSpace(string(cache))
	var b strings.Builder
	b.WriteString("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")
	b.WriteString("Upstream-Name: ksn\n")
	b.WriteString("Comment: /usr/bin/ksn is a static Go program: it holds the Go modules\n named below, at the versions named, each under its own licence.\n\n")
	b.WriteString(paragraph("*", copyrights(string(own)), string(own), ""))
	for _, dep := range info.Deps {
		m := dep
		if dep.Replace != nil {
			m = dep.Replace
		}
		text, err := moduleLicense(modcache, m.Path, m.Version)
		if err != nil {
			return fmt.Errorf("%s %s: %w", m.Path, m.Version, err)
		}
		b.WriteString(paragraph(m.Path+"/*", copyrights(text), text, m.Path+" "+m.Version))
	}
	_, err = io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// paragraph is one Files paragraph: the files, their copyright lines,
// their licence by its short name and its whole text, and a comment.
func paragraph(files, copyright, text, comment string) string {
	var b strings.Builder
	b.WriteString("Files: " + files + "\n")
	b.WriteString("Copyright: " + field(copyright) + "\n")
	short := shortName(text)
	if ref, ok := commonLicense(short); ok {
		// Debian ships these texts once; lintian wants a reference.
		text = "On Debian systems, the complete text of the " + ref + " can be found in /usr/share/common-licenses/" + short + "."
	}
	b.WriteString("License: " + short + "\n" + body(text))
	if comment != "" {
		b.WriteString("Comment: bundled: " + comment + "\n")
	}
	return b.String() + "\n"
}

// commonLicense is the full name of a licence Debian keeps in
// /usr/share/common-licenses under its short name, and whether it does.
func commonLicense(short string) (string, bool) {
	switch short {
	case "Apache-2.0":
		return "Apache License, Version 2.0", true
	case "MPL-2.0":
		return "Mozilla Public License, Version 2.0", true
	}
	return "", false
}

// moduleLicense is the licence text of module path at version in the
// module cache.
func moduleLicense(modcache, path, version string) (string, error) {
	dir := filepath.Join(modcache, escape(path)+"@"+version)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		name := strings.ToUpper(e.Name())
		if strings.HasPrefix(name, "LICENSE") || strings.HasPrefix(name, "LICENCE") || strings.HasPrefix(name, "COPYING") {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			return string(data), err
		}
	}
	return "", errors.New("no licence file in " + dir)
}

// escape is a module path as the module cache spells it: an upper-case
// letter is "!" and the letter in lower case.
func escape(path string) string {
	var b strings.Builder
	for _, r := range path {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// shortName is the SPDX-style name Debian uses for a licence text.
func shortName(text string) string {
	t := strings.Join(strings.Fields(text), " ")
	switch {
	case strings.Contains(t, "Apache License") && strings.Contains(t, "Version 2.0"):
		return "Apache-2.0"
	case strings.Contains(t, "Mozilla Public License Version 2.0") || strings.Contains(t, "Mozilla Public License, version 2.0"):
		return "MPL-2.0"
	case strings.Contains(t, "Permission is hereby granted, free of charge"):
		return "Expat"
	case strings.Contains(t, "Permission to use, copy, modify, and/or distribute") || strings.Contains(t, "Permission to use, copy, modify, and distribute"):
		return "ISC"
	case strings.Contains(t, "Redistribution and use in source and binary forms") && strings.Contains(t, "Neither the name"):
		return "BSD-3-clause"
	case strings.Contains(t, "Redistribution and use in source and binary forms"):
		return "BSD-2-clause"
	}
	return "other"
}

// copyrights are the copyright lines of a licence text (a line that
// starts "Copyright" and names a year), or a pointer to the text when it
// names none (as the Apache licence's own text does).
func copyrights(text string) string {
	var lines []string
	for l := range strings.Lines(text) {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(strings.ToLower(l), "copyright") || !year.MatchString(l) {
			continue
		}
		l = strings.TrimSpace(l[len("copyright"):])
		for _, mark := range []string{"(c)", "(C)", "©"} {
			l = strings.TrimSpace(strings.TrimPrefix(l, mark))
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return "the authors named in the licence text"
	}
	return strings.Join(lines, "\n")
}

// year finds a year in a copyright line.
var year = regexp.MustCompile(`\b(19|20)\d\d\b`)

// field is a multi-line field's value: its lines after the first
// indented by a space.
func field(s string) string { return strings.ReplaceAll(s, "\n", "\n ") }

// body is a licence text as the continuation of a License field: each
// line indented by a space, an empty line as " .".
func body(text string) string {
	var b strings.Builder
	for l := range strings.Lines(strings.TrimSpace(text)) {
		l = strings.TrimRight(strings.ReplaceAll(l, "\t", "    "), " \r\n")
		if l == "" {
			l = "."
		}
		b.WriteString(" " + l + "\n")
	}
	return b.String()
}
