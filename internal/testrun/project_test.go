package testrun

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/runner"
)

// TestProjectLoadsAsDryRunLoads guards against drift between the two ways a script is
// loaded: runner.Load (one script per call, as the dry run does: bundles and writes dist/) and
// runner.LoadAll as this package uses it (every script bundled in one esbuild pass, nothing
// written). For every sync and action of three projects, both must give the same
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
			proj, err := project.LoadValid(dir, "test")
			if err != nil {
				t.Fatal(err)
			}
			var jobs []*job
			for _, s := range proj.Scripts {
				if s.Kind != project.KindSync && s.Kind != project.KindAction {
					continue
				}
				decl, ok := scriptFor(proj, s.Integration, s.Name)
				if !ok {
					t.Fatalf("project does not find %s", s.ID())
				}
				jobs = append(jobs, &job{decl: decl, result: &Result{}})
			}
			if len(jobs) == 0 {
				t.Fatal("no scripts")
			}
			build(context.Background(), proj, jobs)
			for _, j := range jobs {
				ours, err := j.bundle.Compile()
				if err != nil {
					t.Fatalf("%s: %v (%s)", j.decl.ID(), err, j.result.Error)
				}
				fresh, err := project.LoadValid(dir, "dryrun")
				if err != nil {
					t.Fatal(err)
				}
				decl, err := fresh.FindRunnable(ours.Name(), ours.Integration())
				if err != nil {
					t.Fatal(err)
				}
				theirs, err := runner.Load(context.Background(), fresh, decl, runner.LoadOptions{})
				if err != nil {
					t.Fatalf("runner.Load %s: %v", ours.Name(), err)
				}
				id := ours.Integration() + "/" + ours.Name()
				if ours.Dir != theirs.Dir {
					t.Errorf("%s: dir %q, dryrun %q", id, ours.Dir, theirs.Dir)
				}
				if !reflect.DeepEqual(ours.Decl, theirs.Decl) {
					t.Errorf("%s: declaration differs:\n%+v\ndryrun:\n%+v", id, ours.Decl, theirs.Decl)
				}
				if ours.Kind() != theirs.Kind() || ours.InputModel() != theirs.InputModel() || !reflect.DeepEqual(ours.OutputModels(), theirs.OutputModels()) {
					t.Errorf("%s: type/models %s %q %v, dryrun %s %q %v", id, ours.Kind(), ours.InputModel(), ours.OutputModels(), theirs.Kind(), theirs.InputModel(), theirs.OutputModels())
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
				if string(written) != j.bundle.Code() {
					t.Errorf("%s: bundle code differs from the one dryrun writes (%d bytes, dryrun %d)", id, len(j.bundle.Code()), len(written))
				}
				if ours.Program == nil || theirs.Program == nil {
					t.Errorf("%s: a program is missing", id)
				}
			}
		})
	}
}
