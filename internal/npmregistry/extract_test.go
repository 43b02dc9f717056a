package npmregistry

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEntryPath(t *testing.T) {
	ok := map[string]string{
		"package/index.js":      "index.js",
		"package/lib/a.js":      "lib/a.js",
		"./package/lib/a.js":    "lib/a.js",
		"zod/lib//b.js":         "lib/b.js",
		"package/":              "",
		"package":               "",
		"package/./x":           "x",
		"package\\win\\file.js": "win/file.js",
	}
	for in, want := range ok {
		got, err := entryPath(in)
		if err != nil || got != want {
			t.Errorf("entryPath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"/etc/passwd", "package/../../x", "..", "package/a/../../../x", "C:/x", "package\\..\\..\\x"} {
		if _, err := entryPath(bad); err == nil {
			t.Errorf("entryPath(%q) accepted", bad)
		}
	}
}

// FuzzExtract: whatever the archive says, nothing is written outside the target folder.
func FuzzExtract(f *testing.F) {
	mk := func(names ...string) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		tw := tar.NewWriter(zw)
		for _, n := range names {
			_ = tw.WriteHeader(&tar.Header{Name: n, Typeflag: tar.TypeReg, Size: 1, Mode: 0o644})
			_, _ = tw.Write([]byte("x"))
		}
		_ = tw.Close()
		_ = zw.Close()
		return buf.Bytes()
	}
	f.Add(mk("package/a.js", "package/lib/b.js"))
	f.Add(mk("package/../x"))
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		root := t.TempDir()
		target := filepath.Join(root, "sub", "pkg")
		_ = Extract(data, target)
		_ = filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
			if err != nil || p == root {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			if rel != "sub" && !strings.HasPrefix(rel, filepath.Join("sub", "pkg")) {
				t.Fatalf("wrote outside the target: %s", rel)
			}
			if info.Mode()&os.ModeSymlink != 0 {
				t.Fatalf("symlink extracted: %s", rel)
			}
			return nil
		})
	})
}
