package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// entries lists the names in dir, so that tests can check no temporary file is left behind.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileCreatesDirsAndPerm(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "f.txt")
	if err := WriteFile(path, []byte("hello"), 0o640); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); got != "hello" {
		t.Fatalf("content = %q", got)
	}
	info, _ := os.Stat(path)
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o640 {
		t.Fatalf("perm = %v, want 0640", info.Mode().Perm())
	}
	if got := entries(t, filepath.Join(dir, "a", "b")); len(got) != 1 {
		t.Fatalf("leftover files: %v", got)
	}
}

func TestWriteFileKeepsExistingMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permission bits are not kept on windows")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(path, []byte("old"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o755)
	if err := WriteFile(path, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o755 {
		t.Fatalf("perm = %v, want 0755 kept", info.Mode().Perm())
	}
	if read(t, path) != "new" {
		t.Fatal("not replaced")
	}
}

// A failure while staging any file of the set must leave every old file untouched and no
// temporary file, nor any directory the set created, behind.
func TestWriteSetFailureLeavesOldFiles(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "models.ts")
	os.WriteFile(first, []byte("old models"), 0o644)
	// "blocker" is a file, so a file under "blocker/x" cannot be created.
	os.WriteFile(filepath.Join(dir, "blocker"), []byte("x"), 0o644)

	var s WriteSet
	s.Add(first, []byte("new models"), 0o644)
	s.Add(filepath.Join(dir, "new", "dir", "f.ts"), []byte("n"), 0o644)
	s.Add(filepath.Join(dir, "blocker", "x", "schema.ts"), []byte("new schema"), 0o644)
	if err := s.Commit(); err == nil {
		t.Fatal("commit succeeded, want an error")
	}
	if got := read(t, first); got != "old models" {
		t.Fatalf("old file changed: %q", got)
	}
	got := entries(t, dir)
	if len(got) != 2 {
		t.Fatalf("directory has %v, want only models.ts and blocker", got)
	}
	if s.Len() != 0 {
		t.Fatal("set not emptied")
	}
}

// A failure while moving files into place restores the files already replaced and removes
// the ones already created.
func TestWriteSetRollbackOnRenameFailure(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.ts")
	os.WriteFile(a, []byte("old a"), 0o644)
	b := filepath.Join(dir, "b.ts")
	c := filepath.Join(dir, "c.ts")
	d := filepath.Join(dir, "d.ts")

	rename = func(from, to string) error {
		if to == d {
			return fs.ErrPermission
		}
		return os.Rename(from, to)
	}
	defer func() { rename = os.Rename }()

	var s WriteSet
	s.Add(a, []byte("new a"), 0o644)
	s.Add(b, []byte("new b"), 0o644)
	s.AddNew(c, []byte("new c"), 0o644)
	s.Add(d, []byte("new d"), 0o644)
	if err := s.Commit(); err == nil {
		t.Fatal("commit succeeded, want an error")
	}
	if got := read(t, a); got != "old a" {
		t.Fatalf("a not restored: %q", got)
	}
	for _, p := range []string{b, c, d} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Fatalf("%s should not exist after rollback: %v", p, err)
		}
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Fatalf("leftovers: %v", got)
	}
}

// A target that is a directory is refused before anything is touched.
func TestWriteSetRefusesDirectoryTarget(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.ts")
	os.WriteFile(a, []byte("old a"), 0o644)
	os.MkdirAll(filepath.Join(dir, "b.ts", "inner"), 0o755)
	var s WriteSet
	s.Add(a, []byte("new a"), 0o644)
	s.Add(filepath.Join(dir, "b.ts"), []byte("new b"), 0o644)
	if err := s.Commit(); err == nil {
		t.Fatal("commit succeeded, want an error")
	}
	if got := read(t, a); got != "old a" {
		t.Fatalf("a changed: %q", got)
	}
	if got := entries(t, dir); len(got) != 2 {
		t.Fatalf("leftovers: %v", got)
	}
}

func TestAddNewNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "sync.ts")
	os.WriteFile(keep, []byte("user code"), 0o644)
	fresh := filepath.Join(dir, "nested", "action.ts")

	var s WriteSet
	s.AddNew(keep, []byte("scaffold"), 0o644)
	s.AddNew(fresh, []byte("scaffold"), 0o644)
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, keep); got != "user code" {
		t.Fatalf("existing file overwritten: %q", got)
	}
	if got := read(t, fresh); got != "scaffold" {
		t.Fatalf("new file = %q", got)
	}
	if got := entries(t, dir); len(got) != 2 {
		t.Fatalf("leftovers: %v", got)
	}
	if got := entries(t, filepath.Join(dir, "nested")); len(got) != 1 {
		t.Fatalf("leftovers: %v", got)
	}
}

func TestWriteSetReplacesAll(t *testing.T) {
	dir := t.TempDir()
	var s WriteSet
	for _, n := range []string{"a", "b", ".nango/c"} {
		s.Add(filepath.Join(dir, n), []byte(n), 0o644)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"a", "b", ".nango/c"} {
		if got := read(t, filepath.Join(dir, n)); got != n {
			t.Fatalf("%s = %q", n, got)
		}
	}
}
