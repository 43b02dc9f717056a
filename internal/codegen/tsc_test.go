package codegen

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nango-go/nango/pkg/nangoyaml"
)

// tscFlags are the options of the reference compiler's own tsconfig (the strictest a user's
// scripts meet), so our declarations must pass them too.
var tscFlags = []string{
	"--noEmit", "--strict", "--target", "esnext", "--module", "commonjs", "--moduleResolution", "node",
	"--esModuleInterop", "--skipLibCheck", "--exactOptionalPropertyTypes", "--noFallthroughCasesInSwitch",
	"--noImplicitOverride", "--noImplicitReturns", "--noPropertyAccessFromIndexSignature",
	"--noUncheckedIndexedAccess", "--noUnusedLocals", "--noUnusedParameters",
}

// TestSDKTypeChecks runs tsc on a generated project whose scripts use every SDK member: our
// SDK declarations must be complete, self-contained (no axios/@nangohq packages) and valid
// with the real zod package's schemas.
func TestSDKTypeChecks(t *testing.T) {
	nm := os.Getenv("NANGO_TEST_NODE_MODULES")
	if nm == "" {
		t.Skip("NANGO_TEST_NODE_MODULES is not set (make test sets it)")
	}
	tsc := filepath.Join(nm, ".bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Skipf("no tsc at %s", tsc)
	}
	if _, err := os.Stat(filepath.Join(nm, "zod")); err != nil {
		t.Skipf("no zod in %s", nm)
	}

	dir := t.TempDir()
	in := &nangoyaml.Integration{ProviderConfigKey: "github"}
	in.Syncs = []*nangoyaml.Sync{
		{Name: "issues", Output: []string{"Issue"}, Input: strp("SyncMeta"), WebhookSubscriptions: []string{"issue.created"}},
		{Name: ExampleSyncName, Output: []string{"GithubIssue"}},
	}
	in.Actions = []*nangoyaml.Action{{Name: "create-issue", Output: []string{"Issue"}, Input: strp("CreateIssue")}}
	p := &nangoyaml.Parsed{YamlVersion: nangoyaml.YamlV2, Integrations: []*nangoyaml.Integration{in}, Models: []*nangoyaml.Model{
		{Name: "Issue", Fields: []*nangoyaml.Field{tsField("id", "string", false), tsField("title", "string", false)}},
		{Name: "SyncMeta", Fields: []*nangoyaml.Field{tsField("repos", "string", true)}},
		{Name: "GithubIssue", Fields: []*nangoyaml.Field{
			tsField("id", "number", false), tsField("owner", "string", false), tsField("repo", "string", false),
			tsField("issue_number", "number", false), tsField("title", "string", false), tsField("author", "string", false),
			tsField("author_id", "string", false), tsField("state", "string", false), tsField("date_created", "Date", false),
			tsField("date_last_modified", "Date", false),
		}},
		{Name: "CreateIssue", Fields: []*nangoyaml.Field{tsField("title", "string", false), {Name: "body", Value: "string", Kind: nangoyaml.FieldTSType, Optional: true}}},
	}}
	if err := os.WriteFile(filepath.Join(dir, ModelsFile), Render(p, Options{Version: "0.60.5"}).ModelsTS, 0o644); err != nil {
		t.Fatal(err)
	}
	files := []string{ModelsFile}
	for _, s := range []struct{ src, dst string }{
		{"testdata/tsc/sync.ts", "github/syncs/issues.ts"},
		{"testdata/tsc/action.ts", "github/actions/create-issue.ts"},
	} {
		b, err := os.ReadFile(s.src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(s.dst))
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, s.dst)
	}
	// The example sync that `nango init` scaffolds must compile as written.
	scaffolds, err := Scaffolds(p, func(rel string) bool {
		return rel != "github/syncs/"+ExampleSyncName+".ts" && rel != ExampleSyncName+".ts"
	})
	if err != nil || len(scaffolds) != 1 {
		t.Fatalf("example scaffold: %v %v", scaffolds, err)
	}
	os.MkdirAll(filepath.Join(dir, "github", "syncs"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(scaffolds[0].Path)), scaffolds[0].Content, 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, scaffolds[0].Path)
	// The project resolves zod like a user's project does: from its node_modules.
	if err := os.Symlink(nm, filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tsc, append(tscFlags, files...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tsc failed: %v\n%s", err, out)
	}
}
