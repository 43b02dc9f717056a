// Package atomicfile writes files so that a reader, or a crash, never sees half a file.
//
// WriteFile replaces one file: the data goes to a temporary file in the same directory, is
// flushed to disk, then renamed over the target (rename is atomic within a directory on POSIX
// systems and on NTFS). WriteSet does the same for several files that belong together (for
// example models.ts and .nango/*): every file is staged first, and only when all of them are
// on disk are they renamed into place, so a failure while writing leaves every old file as it
// was.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile atomically replaces path with data. The parent directories are created when
// missing. An existing file keeps its permission bits; a new file gets perm (as given, not
// masked by the umask).
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	var s WriteSet
	s.Add(path, data, perm)
	return s.Commit()
}

// WriteSet collects files to write together. The zero value is ready to use; a WriteSet is
// not safe for concurrent use.
type WriteSet struct {
	files []pending
}

type pending struct {
	path       string
	data       []byte
	perm       fs.FileMode
	createOnly bool
}

// Add schedules path to be replaced by data (see WriteFile for the permission rules).
func (s *WriteSet) Add(path string, data []byte, perm fs.FileMode) {
	s.files = append(s.files, pending{path: path, data: data, perm: perm})
}

// AddNew schedules path to be created with data only if it does not exist when Commit runs:
// an existing file is never replaced (the check and the creation are one atomic link, so a
// file that appears meanwhile is not overwritten either). Used for files the user owns once
// written, such as script scaffolds.
func (s *WriteSet) AddNew(path string, data []byte, perm fs.FileMode) {
	s.files = append(s.files, pending{path: path, data: data, perm: perm, createOnly: true})
}

// Len is the number of scheduled files.
func (s *WriteSet) Len() int { return len(s.files) }

// Commit writes every scheduled file. It first stages all of them as temporary files next to
// their targets; if any of that fails, the temporary files are removed and no target has been
// touched. It then moves them into place; should a move fail (rare: a permission change or a
// vanished directory), the targets already replaced are restored from hard-linked backups
// where the file system allows it. Commit empties the set.
func (s *WriteSet) Commit() (err error) {
	files := s.files
	s.files = nil

	var madeDirs []string
	staged := make([]string, len(files))
	defer func() {
		for _, tmp := range staged {
			if tmp != "" {
				os.Remove(tmp)
			}
		}
		if err != nil {
			// Remove directories this commit created, deepest first; non-empty ones stay.
			for i := len(madeDirs) - 1; i >= 0; i-- {
				os.Remove(madeDirs[i])
			}
		}
	}()

	for i, f := range files {
		dir := filepath.Dir(f.path)
		made, err := mkdirAll(dir)
		madeDirs = append(madeDirs, made...)
		if err != nil {
			return fmt.Errorf("create directory %s: %w", dir, err)
		}
		tmp, err := stage(dir, f)
		if err != nil {
			return fmt.Errorf("write %s: %w", f.path, err)
		}
		staged[i] = tmp
	}

	type done struct {
		path, backup string
		existed      bool
	}
	var moved []done
	rollback := func() {
		for j := len(moved) - 1; j >= 0; j-- {
			m := moved[j]
			switch {
			case m.backup != "":
				os.Rename(m.backup, m.path)
			case !m.existed:
				os.Remove(m.path)
			}
		}
	}
	defer func() {
		for _, m := range moved {
			if m.backup != "" {
				os.Remove(m.backup) // no-op after a rollback renamed it back
			}
		}
	}()

	syncDirs := map[string]bool{}
	for i, f := range files {
		tmp := staged[i]
		if f.createOnly {
			// link fails with EEXIST instead of replacing: the creation is exclusive.
			if err := os.Link(tmp, f.path); err != nil {
				if errors.Is(err, fs.ErrExist) {
					continue
				}
				rollback()
				return fmt.Errorf("create %s: %w", f.path, err)
			}
			moved = append(moved, done{path: f.path})
			syncDirs[filepath.Dir(f.path)] = true
			continue
		}
		d := done{path: f.path}
		if _, statErr := os.Lstat(f.path); statErr == nil {
			d.existed = true
			backup := tmp + ".old"
			if os.Link(f.path, backup) == nil {
				d.backup = backup
			}
		}
		if err := rename(tmp, f.path); err != nil {
			if d.backup != "" {
				os.Remove(d.backup)
			}
			rollback()
			return fmt.Errorf("replace %s: %w", f.path, err)
		}
		staged[i] = ""
		moved = append(moved, d)
		syncDirs[filepath.Dir(f.path)] = true
	}
	for dir := range syncDirs {
		syncDir(dir)
	}
	return nil
}

// rename is os.Rename; tests replace it to fail a move after staging succeeded.
var rename = os.Rename

// stage writes f's data to a temporary file in dir, with the final permission bits, flushed
// to disk, and returns its name.
func stage(dir string, f pending) (string, error) {
	perm := f.perm
	if !f.createOnly {
		if info, err := os.Stat(f.path); err == nil {
			if !info.Mode().IsRegular() {
				return "", fmt.Errorf("not a regular file")
			}
			perm = info.Mode().Perm()
		}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.path)+".tmp*")
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	fail := func(err error) (string, error) {
		tmp.Close()
		os.Remove(name)
		return "", err
	}
	if _, err := tmp.Write(f.data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// mkdirAll is os.MkdirAll that also reports which directories it created, outermost first.
func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		info, err := os.Stat(d)
		if err == nil {
			if !info.IsDir() {
				return nil, fmt.Errorf("%s is not a directory", d)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		missing = append(missing, d)
		if parent := filepath.Dir(d); parent == d {
			break
		}
	}
	var made []string
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return made, err
		}
		made = append(made, missing[i])
	}
	return made, nil
}

// syncDir flushes a directory entry so that a rename survives a power loss. Not every
// platform can open a directory for syncing, so failures are ignored.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
