package say

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"

	"ksn/model"
	"ksn/safe"
)

// This file says what model reports about the files ksn reads: its
// problems (model.Problem, a code and facts) and the notices of Load.

// Problem is a problem with a file or a value ksn reads in v's language,
// safe for a terminal.
func (v Voice) Problem(p *model.Problem) string { return safe.Text(v.problem(p)) }

// problem is p in v's language, as it is: what it quotes is not made safe.
func (v Voice) problem(p *model.Problem) string {
	kv := []any{
		"Path", p.Path,
		"Field", p.Field,
		"Key", p.Key,
		"Keys", strings.Join(p.Keys, ", "),
		"Line", p.Line,
		"Column", p.Column,
		"Detail", p.Detail,
		"Got", safe.Text(p.Got), // one way on every path: a tab is \x09 in a notice and an error alike
		"Endpoint", p.Endpoint,
		"SHAs", strings.Join(p.SHAs, `" or "`),
		"Schema", p.Schema,
		"Copy", p.Copy,
		"Limit", p.Limit,
		"Known", model.SchemaVersion,
	}
	if p.Err != nil {
		inner := v.inner(p.Err)
		if s, ok := v.pathErrOf(p.Err, p.Path); ok {
			inner = s // the message names the file already: once is enough
		}
		kv = append(kv, "Problem", inner, "Error", inner)
	}
	if p.Invalid != nil {
		kv = append(kv, "Invalid", v.inner(p.Invalid))
	}
	if p.Undo != nil {
		kv = append(kv, "Undo", v.inner(p.Undo))
	}
	return v.T(string(p.Code), kv...)
}

// inner is an error a problem names: said in v's language if it is a
// problem itself or why the system could not open a file, else its text.
func (v Voice) inner(err error) string {
	if p, ok := err.(*model.Problem); ok {
		return v.problem(p)
	}
	if s, ok := v.pathErr(err); ok {
		return s
	}
	return err.Error()
}

// pathErr says a file the system could not open, missing, forbidden or a
// directory, in v's language: "PATH: no such file or directory"; ok false
// for any other error.
func (v Voice) pathErr(err error) (string, bool) {
	pe, ok := err.(*fs.PathError)
	if !ok {
		return "", false
	}
	s, ok := v.osErr(pe.Err)
	if !ok {
		return "", false
	}
	return pe.Path + ": " + s, true
}

// osErr says err, why the system refused a file, in v's words; ok false
// for one it has no words for.
func (v Voice) osErr(err error) (string, bool) {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return v.T("model.os.not_exist"), true
	case errors.Is(err, fs.ErrPermission):
		return v.T("model.os.permission"), true
	case errors.Is(err, syscall.EISDIR):
		return v.T("model.os.is_dir"), true
	}
	return "", false
}

// pathErrOf says err without its path, "no such file or directory", if it
// is why the system could not open path itself; ok false for any other
// error.
func (v Voice) pathErrOf(err error, path string) (string, bool) {
	pe, ok := err.(*fs.PathError)
	if !ok || path == "" || pe.Path != path {
		return "", false
	}
	if s, ok := v.osErr(pe.Err); ok {
		return s, true
	}
	return pe.Err.Error(), true
}

// Notice is what reading settings.json had to say (model.LoadNotice), ""
// if nothing.
func (v Voice) Notice(n model.LoadNotice) string {
	name := filepath.Base(n.Path)
	switch n.Code {
	case "":
		return ""
	case model.CodeNoticeInvalid:
		return v.T(string(n.Code), "Path", n.Path, "Problem", v.inner(n.Err), "Name", name)
	case model.CodeNoticeKept:
		return v.T(string(n.Code), "Name", name, "Path", n.CorruptCopy)
	case model.CodeNoticeNewer:
		return v.T(string(n.Code), "Name", name, "Schema", n.Schema, "Known", model.SchemaVersion)
	}
	return string(n.Code)
}

// Err is err in v's language where say knows it (a model.Problem, a
// check's refused endpoint or redirect), else its text; safe for a
// terminal.
func (v Voice) Err(err error) string {
	if s, ok := v.checkErr(err); ok {
		return safe.Text(s)
	}
	var p *model.Problem
	if errors.As(err, &p) {
		return v.Problem(p)
	}
	if s, ok := v.pathErr(err); ok {
		return safe.Text(s)
	}
	return safe.Text(err.Error())
}

// Text is err in v's language if it is a model problem (the problems
// inside it said too, each by its own code), else its text: for an error
// of the store, which says its context itself ("save settings: …"). It is
// not made safe for a terminal.
func (v Voice) Text(err error) string { return v.inner(err) }
