package project

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
)

const twoIntegrations = `integrations:
  github:
    syncs:
      issues:
        runs: every day
        endpoint: GET /issues
        output: Issue
        input: Filter
        track_deletes: true
        sync_type: incremental
    actions:
      close:
        endpoint: POST /close
        input: Ref
        version: "1.2.0"
    on-events:
      post-connection-creation:
        - setup
  gitlab:
    syncs:
      issues:
        runs: every hour
        endpoint: GET /gl/issues
        output: Issue
models:
  Issue:
    id: string
  Filter:
    label: string
  Ref:
    id: string
`

func writeProject(t *testing.T, yaml string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, DefinitionsFile), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadMapsScripts(t *testing.T) {
	p, diags, err := Load(writeProject(t, twoIntegrations))
	if err != nil || p == nil || HasErrors(diags) {
		t.Fatalf("Load: %v %v", err, diags)
	}
	var got []string
	for _, s := range p.Scripts {
		got = append(got, string(s.Kind)+" "+s.ID())
	}
	want := []string{"on-event github/setup", "sync github/issues", "action github/close", "sync gitlab/issues"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("scripts %v, want %v", got, want)
	}
	sync := p.Scripts[1]
	if sync.Input != "Filter" || !reflect.DeepEqual(sync.Outputs, []string{"Issue"}) || !sync.TrackDeletes || sync.SyncType != "incremental" ||
		sync.Runs != "every day" || sync.SourceRel() != "github/syncs/issues.ts" || sync.Declared.Line != 4 {
		t.Errorf("sync %+v", sync)
	}
	action := p.Scripts[2]
	if action.Version != "1.2.0" || action.Input != "Ref" || len(action.Endpoints) != 1 || action.Endpoints[0] != (Endpoint{Method: "POST", Path: "/close"}) {
		t.Errorf("action %+v", action)
	}
	if p.Scripts[0].Event != "post-connection-creation" {
		t.Errorf("on-event %+v", p.Scripts[0])
	}
	if got := p.Integrations(); !reflect.DeepEqual(got, []string{"github", "gitlab"}) {
		t.Errorf("integrations %v", got)
	}
	if s, err := p.Schema(); err != nil || s == nil {
		t.Errorf("Schema: %v", err)
	}
}

func TestFindRunnable(t *testing.T) {
	p, diags, err := Load(writeProject(t, twoIntegrations))
	if err != nil || p == nil {
		t.Fatal(err, diags)
	}
	if s, err := p.FindRunnable("close", ""); err != nil || s.Kind != KindAction {
		t.Fatalf("close: %v %v", s, err)
	}
	if s, err := p.FindRunnable("issues", "gitlab"); err != nil || s.Integration != "gitlab" {
		t.Fatalf("issues of gitlab: %v %v", s, err)
	}
	for _, tc := range []struct{ name, integration, msg, hint string }{
		{"issues", "", `multiple integrations contain a script named "issues" (github, gitlab)`, "--integration-id"},
		{"nope", "", `no script matched "nope"`, "scripts in nango.yaml: setup, issues, close, issues"},
		{"close", "jira", `integration "jira" does not exist in nango.yaml`, "--integration-id"},
		{"close", "gitlab", `no script matched "close" for integration "gitlab"`, "scripts in nango.yaml"},
	} {
		_, err := p.FindRunnable(tc.name, tc.integration)
		if exitcode.Of(err) != exitcode.Usage || !strings.Contains(err.Error(), tc.msg) || !strings.Contains(exitcode.HintOf(err), tc.hint) {
			t.Errorf("%s/%s: %v (exit %d, hint %q)", tc.integration, tc.name, err, exitcode.Of(err), exitcode.HintOf(err))
		}
	}
}

func TestLoadValidErrors(t *testing.T) {
	_, err := LoadValid(t.TempDir(), "dryrun")
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(exitcode.HintOf(err), "run nango dryrun from the folder that holds nango.yaml") {
		t.Errorf("missing: %v (exit %d)", err, exitcode.Of(err))
	}
	if d := LoadErrorDiagnostic(err); d.Code != "config_not_found" || d.File != DefinitionsFile {
		t.Errorf("LoadErrorDiagnostic: %+v", d)
	}
	bad := writeProject(t, "integrations:\n  github:\n    syncs:\n      issues:\n        runs: every day\n        output: Missing\nmodels: {}\n")
	_, err = LoadValid(bad, "test")
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(err.Error(), "nango.yaml:") || !strings.Contains(err.Error(), ": error: ") {
		t.Errorf("invalid: %v (exit %d)", err, exitcode.Of(err))
	}
	if !strings.Contains(exitcode.HintOf(err), "nango validate") {
		t.Errorf("hint %q", exitcode.HintOf(err))
	}
}

// TestZeroMessagesNameIndex: a zero-yaml project's load and lookup errors name index.ts and
// the zero-yaml checks, not nango.yaml, which the project does not have.
func TestZeroMessagesNameIndex(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ZeroIndexFile), []byte("import './shop/syncs/missing.js';\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadValid(dir, "test")
	if exitcode.Of(err) != exitcode.Project || !strings.HasPrefix(err.Error(), "the zero-yaml function definitions are invalid:\n") ||
		strings.Contains(err.Error(), "nango.yaml") || exitcode.HintOf(err) != "nango compile shows every problem with its line" {
		t.Errorf("invalid zero-yaml project: %v (exit %d, hint %q)", err, exitcode.Of(err), exitcode.HintOf(err))
	}
	if _, err := LoadValid(t.TempDir(), "test"); !strings.Contains(exitcode.HintOf(err), "(or index.ts, for a zero-yaml project)") {
		t.Errorf("no project: hint %q", exitcode.HintOf(err))
	}
	p := &Project{Dir: dir, Format: FormatZero, Scripts: []*Script{
		{Integration: "shop", Name: "orders", Kind: KindSync},
		{Integration: "crm", Name: "contacts", Kind: KindSync},
	}}
	if p.DefinitionsFile() != ZeroIndexFile {
		t.Errorf("DefinitionsFile = %q", p.DefinitionsFile())
	}
	for _, tc := range []struct{ name, integration, msg, hint string }{
		{"nope", "", `no script matched "nope"`, "functions index.ts imports: orders, contacts"},
		{"orders", "jira", `integration "jira" does not exist in index.ts`, "--integration-id takes the first folder of a function index.ts imports: shop, crm"},
	} {
		_, err := p.FindRunnable(tc.name, tc.integration)
		if exitcode.Of(err) != exitcode.Usage || err.Error() != tc.msg || exitcode.HintOf(err) != tc.hint {
			t.Errorf("%s/%s: %v (exit %d, hint %q)", tc.integration, tc.name, err, exitcode.Of(err), exitcode.HintOf(err))
		}
	}
	if _, err := (&Project{Dir: dir, Format: FormatZero}).FindRunnable("x", ""); exitcode.HintOf(err) != "index.ts imports no function" {
		t.Errorf("empty project: hint %q", exitcode.HintOf(err))
	}
}
