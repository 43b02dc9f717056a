package nangoyaml

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// expectedFile is the machine-readable summary recorded from the reference CLI.
type expectedFile struct {
	Outcome string `json:"outcome"`
	Phase   string `json:"phase"`
	Errors  []struct {
		Path    string            `json:"path"`
		Message string            `json:"message"`
		Code    string            `json:"code"`
		Params  map[string]string `json:"params"`
	} `json:"errors"`
	Warnings []struct {
		Path    string `json:"path"`
		Message string `json:"message"`
		Code    string `json:"code"`
	} `json:"warnings"`
	OtherOutput []string `json:"other_output"`
}

// deliberateDifferences lists the recorded cases where we knowingly report something else
// than the reference (see COMPATIBILITY.md): the reference crashes, prints "no nango.yaml
// config found" for a bad file, or silently drops scripts. Each entry is the exact list of
// codes we report instead (errors if the first is an error code, in order).
var deliberateDifferences = map[string]struct {
	codes    []string
	severity Severity
}{
	"no-models-key-v2":                    {[]string{CodeMissingModelsKey}, SeverityError},
	"v1-primitive-returns":                {[]string{CodeMissingModelsKey}, SeverityError},
	"schema-empty-file":                   {[]string{CodeEmptyFile}, SeverityError},
	"yaml-syntax-error":                   {[]string{CodeYAMLSyntax}, SeverityError},
	"v2-runs-empty-after-every":           {[]string{CodeRunsMissingInterval}, SeverityError},
	"detection-first-integration-decides": {[]string{CodeV2KeyInV1File}, SeverityError},
	"v1-sync-without-returns":             {[]string{CodeV1SyncNoReturns}, SeverityWarning},
	"v2-post-connection-scripts-only":     {[]string{CodePostConnectionOnly}, SeverityWarning},
	// the reference's "Invalid file format" message has no code; ours is invalid_file_format
	"schema-no-integrations-key": {[]string{CodeInvalidFileFormat}, SeverityError},
}

// fixtureRoots returns the golden directories to walk: our copy in testdata, plus the shared
// recorded set when it is present on this machine.
func fixtureRoots(t *testing.T, version string) []string {
	roots := []string{filepath.Join("..", "..", "testdata", "nangoyaml", version)}
	shared := filepath.Join("/work/shared/fixtures/nango-yaml", "golden-"+version)
	if _, err := os.Stat(shared); err == nil {
		roots = append(roots, shared)
	}
	return roots
}

// sharedInput finds the nango.yaml of a shared golden case.
func sharedInput(goldenDir string) string {
	base := filepath.Dir(filepath.Dir(goldenDir))
	name := filepath.Base(goldenDir)
	if p := filepath.Join(base, "cases", name, "nango.yaml"); fileExists(p) {
		return p
	}
	if rest, ok := strings.CutPrefix(name, "upstream-"); ok {
		v, r, _ := strings.Cut(rest, "-")
		return filepath.Join(base, "upstream", v, r, "nango.yaml")
	}
	return ""
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func TestFixtures(t *testing.T) {
	for _, version := range []string{"v0.58.7", "v0.60.5"} {
		opts := Options{NeverVoidAliases: version != "v0.58.7"}
		for ri, root := range fixtureRoots(t, version) {
			dirs, err := filepath.Glob(filepath.Join(root, "*"))
			if err != nil || len(dirs) == 0 {
				t.Fatalf("no fixtures under %s", root)
			}
			for _, dir := range dirs {
				input := filepath.Join(dir, "nango.yaml")
				if ri > 0 {
					input = sharedInput(dir)
				}
				if !fileExists(input) {
					t.Errorf("%s: no nango.yaml input", dir)
					continue
				}
				name := version + "/" + filepath.Base(dir)
				if ri > 0 {
					name = "shared/" + name
				}
				t.Run(name, func(t *testing.T) { checkFixture(t, dir, input, opts) })
			}
		}
	}
}

func checkFixture(t *testing.T, dir, input string, opts Options) {
	data, err := os.ReadFile(input)
	if err != nil {
		t.Fatal(err)
	}
	var exp expectedFile
	raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &exp); err != nil {
		t.Fatal(err)
	}
	parsed, diags := ParseWithOptions("nango.yaml", data, opts)
	for _, d := range diags {
		if d.Line == 0 {
			t.Errorf("diagnostic without a line: %s", d)
		}
	}
	caseName := filepath.Base(dir)
	if dd, ok := deliberateDifferences[caseName]; ok {
		var got []string
		for _, d := range diags {
			if d.Severity == dd.severity {
				got = append(got, d.Code)
			}
		}
		if !reflect.DeepEqual(got, dd.codes) {
			t.Fatalf("deliberate difference: want %s codes %v, got %v", dd.severity, dd.codes, diags)
		}
		if dd.severity == SeverityError {
			if parsed != nil {
				t.Fatalf("want no result with errors")
			}
			return
		}
		if parsed == nil {
			t.Fatalf("want a result, got %v", diags)
		}
		if caseName == "v2-post-connection-scripts-only" {
			// the reference rejected this file, so there is no recorded parse to compare with
			if got := string(parsed.IntegrationsJSON()); !strings.Contains(got, `"postConnectionScripts": [`) {
				t.Errorf("postConnectionScripts not carried over:\n%s", got)
			}
			return
		}
		checkScc(t, dir, parsed)
		return
	}
	errs, warns := split(diags)
	if exp.Outcome == "ok" || exp.Phase == "generate" {
		if len(errs) > 0 || parsed == nil {
			t.Fatalf("want ok, got errors:\n%s", joinDiags(errs))
		}
		if len(warns) != len(exp.Warnings) {
			t.Fatalf("want %d warnings %+v, got:\n%s", len(exp.Warnings), exp.Warnings, joinDiags(warns))
		}
		for i, w := range exp.Warnings {
			g := warns[i]
			if g.Path() != w.Path || g.Message != w.Message || g.Code != w.Code {
				t.Errorf("warning %d: want %q %q [%s], got %q %q [%s]", i, w.Path, w.Message, w.Code, g.Path(), g.Message, g.Code)
			}
		}
		checkScc(t, dir, parsed)
		return
	}
	if parsed != nil {
		t.Fatalf("want errors %+v, got a result", exp.Errors)
	}
	if exp.Phase == "crash" {
		t.Fatalf("crash case %s needs an entry in deliberateDifferences; got %v", caseName, diags)
	}
	if len(errs) != len(exp.Errors) {
		t.Fatalf("want %d errors %+v, got:\n%s", len(exp.Errors), exp.Errors, joinDiags(errs))
	}
	for i, e := range exp.Errors {
		g := errs[i]
		wantCode := e.Code
		if wantCode == "" {
			wantCode = CodeErrorMessage
		}
		if g.Path() != e.Path || g.Message != e.Message || (g.Code != wantCode && !(exp.Phase == "parser" && e.Code == "")) {
			t.Errorf("error %d: want %q %q [%s], got %q %q [%s]", i, e.Path, e.Message, wantCode, g.Path(), g.Message, g.Code)
		}
		gotParams := map[string]string{}
		for _, p := range g.Params {
			gotParams[p.Name] = p.Value
		}
		if len(e.Params) > 0 || len(gotParams) > 0 {
			if !reflect.DeepEqual(gotParams, e.Params) {
				t.Errorf("error %d params: want %v, got %v", i, e.Params, gotParams)
			}
		}
		wantPhase := PhaseSchema
		if exp.Phase == "parser" {
			wantPhase = PhaseParser
		}
		if g.Phase != wantPhase {
			t.Errorf("error %d: phase %s, want %s", i, g.Phase, wantPhase)
		}
	}
}

func split(diags []Diagnostic) (errs, warns []Diagnostic) {
	for _, d := range diags {
		if d.Severity == SeverityError {
			errs = append(errs, d)
		} else {
			warns = append(warns, d)
		}
	}
	return
}

func joinDiags(ds []Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteString("\n")
	}
	return b.String()
}

// checkScc compares our result with `nango sync:config.check`: integrations byte for byte
// (same key order and value formatting), models as decoded JSON values.
func checkScc(t *testing.T, dir string, parsed *Parsed) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "scc.stdout.txt"))
	if err != nil {
		t.Skip("no scc.stdout.txt recorded")
	}
	i := bytes.Index(raw, []byte("{\n  \"yamlVersion\""))
	if i < 0 {
		t.Fatalf("no JSON in scc.stdout.txt")
	}
	var want struct {
		YamlVersion  string          `json:"yamlVersion"`
		Integrations json.RawMessage `json:"integrations"`
		Models       json.RawMessage `json:"models"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw[i:]))
	if err := dec.Decode(&want); err != nil {
		t.Fatal(err)
	}
	if parsed.YamlVersion != want.YamlVersion {
		t.Errorf("yamlVersion %s, want %s", parsed.YamlVersion, want.YamlVersion)
	}
	// The recorded text is JSON.stringify(..., null, 2) nested one level; re-indent ours the
	// same way and compare the text.
	var wantInt bytes.Buffer
	if err := json.Indent(&wantInt, want.Integrations, "", "  "); err != nil {
		t.Fatal(err)
	}
	gotInt := encodeJSON(parsed.integrationsValue(), "  ")
	var gotIndented bytes.Buffer
	if err := json.Indent(&gotIndented, gotInt, "", "  "); err != nil {
		t.Fatal(err)
	}
	if gotIndented.String() != wantInt.String() {
		t.Errorf("integrations differ:\n--- want\n%s\n--- got\n%s", wantInt.String(), gotIndented.String())
	}
	var wantModels, gotModels any
	if err := json.Unmarshal(want.Models, &wantModels); err != nil {
		t.Fatal(err)
	}
	var all struct {
		Models json.RawMessage `json:"models"`
	}
	data, err := json.Marshal(parsed)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(all.Models, &gotModels); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(wantModels, gotModels) {
		w, _ := json.Marshal(wantModels)
		g, _ := json.Marshal(gotModels)
		t.Errorf("models differ:\n--- want\n%s\n--- got\n%s", w, g)
	}
}
