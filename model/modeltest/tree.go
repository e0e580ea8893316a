// Package modeltest helps tests prove that ksn left files alone.
package modeltest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Tree lists every file, directory and symbolic link under roots, one a
// line, sorted: its path relative to base, type and mode, size,
// modification time and the SHA-256 of a file's content or a link's
// target. A root that does not exist is listed as absent. Two equal
// listings mean nothing there was created, removed, changed or replaced,
// even with the same content.
func Tree(base string, roots ...string) (string, error) {
	return tree(base, nil, roots)
}

// TreeWithout is Tree without the files named skip (base names), which
// commands that only read may replace (last_check.json while
// participating, docs/files.md), and without the modification times of
// directories, which such a replacement changes: an entry created or
// removed there is still listed.
func TreeWithout(base string, skip []string, roots ...string) (string, error) {
	return tree(base, skip, roots)
}

// tree is Tree, or TreeWithout when skip is not nil.
func tree(base string, skip []string, roots []string) (string, error) {
	var lines []string
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			rel, _ := filepath.Rel(base, path)
			if errors.Is(err, fs.ErrNotExist) && path == root {
				lines = append(lines, rel+" absent")
				return nil
			}
			if err != nil {
				return err
			}
			if skip != nil && slices.Contains(skip, d.Name()) {
				return nil
			}
			fi, err := os.Lstat(path)
			if err != nil {
				return err
			}
			mtime := fi.ModTime().UnixNano()
			if skip != nil && fi.IsDir() {
				mtime = 0
			}
			what := ""
			switch {
			case fi.Mode()&fs.ModeSymlink != 0:
				target, err := os.Readlink(path)
				if err != nil {
					return err
				}
				what = "-> " + target
			case fi.Mode().IsRegular():
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				sum := sha256.Sum256(data)
				what = hex.EncodeToString(sum[:])
			}
			lines = append(lines, fmt.Sprintf("%s %v %d %d %s", rel, fi.Mode(), fi.Size(), mtime, what))
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n", nil
}
