package testrun

import (
	"context"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/runner"
)

// scriptFor finds the sync or action name of integration (any integration when "" and the
// name is unique).
func scriptFor(p *project.Project, integration, name string) (*project.Script, bool) {
	found := p.Lookup(integration, name, project.KindSync, project.KindAction)
	if len(found) != 1 {
		return nil, false
	}
	return found[0], true
}

func hasScriptNamed(p *project.Project, name string) bool { return len(p.Lookup("", name)) > 0 }

// build bundles every job's script in one esbuild build (runner.LoadAll: nothing is written
// to dist/, a test run has no side effects). A script that cannot be bundled gets StatusError.
func build(ctx context.Context, p *project.Project, jobs []*job) {
	decls := make([]*project.Script, len(jobs))
	for i, j := range jobs {
		decls[i] = j.decl
	}
	for i, b := range runner.LoadAll(ctx, p, decls) {
		j := jobs[i]
		j.bundle = b
		if b.Err != nil {
			j.result.Type = string(j.decl.Kind)
			j.result.Status = StatusError
			j.result.Error = b.Err.Error()
			j.result.Hint = exitcode.HintOf(b.Err)
		}
	}
}
