package dryrun

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nango-go/nango/pkg/jsjson"
)

func mustStringify(v jsjson.Value) []byte {
	b, ok := jsjson.Stringify(v)
	if !ok {
		return nil
	}
	return b
}

func parse(b []byte) (jsjson.Value, error) { return jsjson.Parse(b) }

func filepathGlobAll(root string) ([]string, error) {
	var out []string
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFileT(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
