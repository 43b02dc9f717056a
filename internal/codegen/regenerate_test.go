package codegen

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// RegenerateIfStale renders when nango.yaml is newer than models.ts or a generated file it
// relies on is missing, never creates script stubs, and leaves fresh files alone.
func TestRegenerateIfStale(t *testing.T) {
	dir := t.TempDir()
	p := testParsed()
	opts := Options{Version: "0.60.5"}
	if _, err := RegenerateIfStale(dir, p, opts); err == nil {
		t.Fatal("want an error without nango.yaml")
	}
	yamlPath := filepath.Join(dir, "nango.yaml")
	models := filepath.Join(dir, ModelsFile)
	schemaJSON := filepath.Join(dir, filepath.FromSlash(SchemaJSONFile))
	if err := os.WriteFile(yamlPath, []byte("integrations: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := time.Now().Add(-time.Hour).Truncate(time.Second)
	setTime(t, yamlPath, base)

	written, err := RegenerateIfStale(dir, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{ModelsFile, SchemaTSFile, SchemaJSONFile, NangoJSONFile}; !slices.Equal(written, want) {
		t.Fatalf("first run wrote %v, want %v", written, want)
	}
	if ExistsIn(dir)("github/syncs/issues.ts") {
		t.Fatal("a script stub was created")
	}

	// models.ts newer than nango.yaml: left alone, whatever it holds.
	if err := os.WriteFile(models, []byte("// stale\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	setTime(t, models, base.Add(time.Minute))
	if written, err := RegenerateIfStale(dir, p, opts); err != nil || written != nil {
		t.Fatalf("fresh models.ts: wrote %v, err %v", written, err)
	}
	if b, _ := os.ReadFile(models); string(b) != "// stale\n" {
		t.Fatal("fresh models.ts rewritten")
	}

	// .nango/schema.json missing: regenerated although models.ts is newer (deploy sends it).
	if err := os.Remove(schemaJSON); err != nil {
		t.Fatal(err)
	}
	written, err = RegenerateIfStale(dir, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{ModelsFile, SchemaJSONFile}; !slices.Equal(written, want) {
		t.Fatalf("missing schema.json: wrote %v, want %v", written, want)
	}

	// nango.yaml touched without a change in output: nothing rewritten, but models.ts takes
	// nango.yaml's time so that the next call skips the render.
	setTime(t, yamlPath, base.Add(2*time.Minute))
	setTime(t, models, base)
	if written, err := RegenerateIfStale(dir, p, opts); err != nil || written != nil {
		t.Fatalf("same content: wrote %v, err %v", written, err)
	}
	if mi, err := os.Stat(models); err != nil || !mi.ModTime().Equal(base.Add(2*time.Minute)) {
		t.Fatalf("models.ts time not moved to nango.yaml's: %v %v", mi.ModTime(), err)
	}
}

func setTime(t *testing.T, path string, at time.Time) {
	t.Helper()
	if err := os.Chtimes(path, at, at); err != nil {
		t.Fatal(err)
	}
}
