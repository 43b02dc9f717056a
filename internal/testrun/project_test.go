package testrun

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/nango-go/nango/internal/dryrun"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// TestProjectLoadsAsDryRunLoads guards against drift between the two ways a script is
// loaded: dryrun.Load (one script per call: parses nango.yaml, bundles, writes dist/) and this
// package's project (nango.yaml parsed once, every script bundled in one esbuild pass,
// nothing written). For every sync and action of three projects, both must give the same
// declaration, type, models, schema, bundle file name and bundle code, so that `nango test`
// replays exactly what `nango dryrun --replay` would run.
func TestProjectLoadsAsDryRunLoads(t *testing.T) {
	example := t.TempDir()
	copyExample(t, example, 2)
	verdicts := t.TempDir()
	if err := os.CopyFS(verdicts, os.DirFS(verdictsDir(t))); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{"example": example, "verdicts": verdicts, "variants": variantProject(t)} {
		t.Run(name, func(t *testing.T) {
			proj, err := loadProject(dir)
			if err != nil {
				t.Fatal(err)
			}
			var jobs []*job
			for _, s := range proj.parsed.Scripts() {
				if s.Type != nangoyaml.ScriptSync && s.Type != nangoyaml.ScriptAction {
					continue
				}
				decl, ok := proj.script(s.Integration.ProviderConfigKey, s.Name)
				if !ok {
					t.Fatalf("project does not find %s/%s", s.Integration.ProviderConfigKey, s.Name)
				}
				jobs = append(jobs, &job{decl: decl, result: &Result{}})
			}
			if len(jobs) == 0 {
				t.Fatal("no scripts")
			}
			proj.build(context.Background(), jobs)
			for _, j := range jobs {
				ours, err := proj.ready(j)
				if err != nil {
					t.Fatalf("%s: %v (%s)", j.decl.check.ID(), err, j.result.Error)
				}
				theirs, err := dryrun.Load(context.Background(), dir, ours.Name(), dryrun.LoadOptions{Integration: ours.Integration()})
				if err != nil {
					t.Fatalf("dryrun.Load %s: %v", ours.Name(), err)
				}
				id := ours.Integration() + "/" + ours.Name()
				if ours.Dir != theirs.Dir {
					t.Errorf("%s: dir %q, dryrun %q", id, ours.Dir, theirs.Dir)
				}
				if !reflect.DeepEqual(ours.Decl, theirs.Decl) {
					t.Errorf("%s: declaration differs:\n%+v\ndryrun:\n%+v", id, ours.Decl, theirs.Decl)
				}
				if ours.Type() != theirs.Type() || ours.InputModel() != theirs.InputModel() || !reflect.DeepEqual(ours.OutputModels(), theirs.OutputModels()) {
					t.Errorf("%s: type/models %s %q %v, dryrun %s %q %v", id, ours.Type(), ours.InputModel(), ours.OutputModels(), theirs.Type(), theirs.InputModel(), theirs.OutputModels())
				}
				if !reflect.DeepEqual(ours.Schema, theirs.Schema) {
					t.Errorf("%s: schema differs from dryrun's", id)
				}
				if ours.BundlePath != theirs.BundlePath {
					t.Errorf("%s: bundle %s, dryrun %s", id, ours.BundlePath, theirs.BundlePath)
				}
				written, err := os.ReadFile(theirs.BundlePath)
				if err != nil {
					t.Fatal(err)
				}
				if string(written) != j.code {
					t.Errorf("%s: bundle code differs from the one dryrun writes (%d bytes, dryrun %d)", id, len(j.code), len(written))
				}
				if ours.Program == nil || theirs.Program == nil {
					t.Errorf("%s: a program is missing", id)
				}
			}
		})
	}
}
