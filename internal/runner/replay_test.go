package runner

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// RecordedFirst answers from the entry kept with an integration's recordings, in the
// NANGO_MOCKS_RESPONSE_DIRECTORY layout too, and asks the catalog only for other providers.
func TestRecordedFirst(t *testing.T) {
	entry := `{"name":"demo","proxy":{"paginate":{"type":"cursor","cursor_name_in_request":"after"}}}`
	errUnknown := errors.New("not in the catalog")
	catalog := func(name string) (map[string]any, error) {
		if name == "github" {
			return map[string]any{"type": "link"}, nil
		}
		return nil, errUnknown
	}
	for name, tc := range map[string]struct {
		file   string
		getenv func(string) string
	}{
		"project layout": {file: "crm/mocks/nango/provider.json"},
		"NANGO_MOCKS_RESPONSE_DIRECTORY": {file: "recorded/crm/mocks/nango/provider.json",
			getenv: func(k string) string {
				if k == EnvMocksDir {
					return "recorded/"
				}
				return ""
			}},
	} {
		dir := t.TempDir()
		p := filepath.Join(dir, filepath.FromSlash(tc.file))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(entry), 0o644); err != nil {
			t.Fatal(err)
		}
		if tc.getenv != nil {
			// the integration folder itself, with no recordings in it
			_ = os.MkdirAll(filepath.Join(dir, "crm"), 0o755)
		}
		lookup := RecordedFirst(dir, tc.getenv, catalog)
		if m, err := lookup("demo"); err != nil || m["cursor_name_in_request"] != "after" {
			t.Errorf("%s: demo = %v, %v", name, m, err)
		}
		if m, err := lookup("github"); err != nil || m["type"] != "link" {
			t.Errorf("%s: github = %v, %v", name, m, err)
		}
		if _, err := lookup("nope"); !errors.Is(err, errUnknown) {
			t.Errorf("%s: nope = %v, want the catalog's error", name, err)
		}
	}
}
