package deploy

import (
	"context"
	"fmt"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/typecheck"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// NewCompiler returns the Compiler deploy uses: the compile pipeline (static checks, esbuild
// bundles into dist/, and a type check when tsgo or tsc is found in node_modules/.bin or in
// path) limited to the scripts being deployed; everything when no script is singled out.
func NewCompiler(io *iostreams.IOStreams, path string, quiet bool) Compiler {
	return func(ctx context.Context, dir string, parsed *nangoyaml.Parsed, scripts []nangoyaml.Script) error {
		// Regenerated as compile does, so that the type check and the deployed JSON schema
		// follow the nango.yaml being deployed.
		if _, err := codegen.RegenerateIfStale(dir, parsed, codegen.Options{Version: build.ReferenceCLIVersion}); err != nil {
			return exitcode.Errorf(exitcode.Project, "regenerate models.ts and .nango/: %v", err)
		}
		proj := bundle.ProjectFromParsed(dir, parsed)
		var only []string
		if len(scripts) != len(parsed.Scripts()) {
			for _, s := range scripts {
				only = append(only, s.Integration.ProviderConfigKey+"/"+s.Name)
			}
		}
		tool := typecheck.Find(dir, path)
		rep := bundle.Compile(ctx, proj, bundle.CompileOptions{Only: only, Write: true, Typecheck: tool})
		cs := io.ColorScheme()
		rep.WriteDiagnostics(io.ErrOut, cs)
		if rep.TypecheckErr != nil {
			fmt.Fprintln(io.ErrOut, cs.Diagnostic("error: type check failed: "+rep.TypecheckErr.Error(), true))
		}
		if !rep.OK() {
			return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "compilation failed: nothing was deployed"),
				"fix the errors above (nango compile shows the same), then deploy again")
		}
		if !quiet {
			checked := "no type check: no tsgo or tsc found"
			if tool != nil {
				checked = "type checked with " + tool.Name()
			}
			fmt.Fprintf(io.ErrOut, "compiled %d script(s) into dist/ (%s)\n", len(rep.Scripts), checked)
		}
		return nil
	}
}
