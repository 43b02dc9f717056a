package pipeline

import (
	"context"
	"fmt"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/typecheck"
)

// CompileOptions configure Compile.
type CompileOptions struct {
	// Only limits the compilation to these scripts; the layout check (missing and
	// undeclared files) runs only for a full compile (nil).
	Only []*project.Script
	// Write the bundles to dist/.
	Write bool
	// Typecheck is the compiler to run once over the compiled scripts (nil: no type check).
	Typecheck *typecheck.Tool
	// Strict makes the warnings of our extra checks errors (scriptcheck.ExtraChecks).
	Strict bool
}

// RegenerateError is a failure to rewrite the generated files before compiling: an I/O
// problem of the project folder, not a problem of the scripts.
type RegenerateError struct{ Err error }

func (e *RegenerateError) Error() string {
	return fmt.Sprintf("regenerate models.ts and .nango/: %v", e.Err)
}
func (e *RegenerateError) Unwrap() error { return e.Err }

// Compile regenerates models.ts and .nango/ when the definitions are newer (so that the type
// check and a deployed JSON schema follow the definitions as they are), then checks, bundles
// and type-checks the scripts (bundle.Compile). The error is a *RegenerateError; problems of
// the scripts are in the report.
func Compile(ctx context.Context, p *project.Project, opts CompileOptions) (*bundle.Report, error) {
	if _, err := codegen.RegenerateIfStale(p.Dir, p.YAML(), GenerateOptions); err != nil {
		return nil, &RegenerateError{Err: err}
	}
	var only []string
	for _, s := range opts.Only {
		only = append(only, s.ID())
	}
	return bundle.Compile(ctx, p.CheckInput(), bundle.CompileOptions{
		Only: only, Write: opts.Write, Typecheck: opts.Typecheck, Strict: opts.Strict,
	}), nil
}
