package migrate

import (
	"fmt"
	"strings"

	"github.com/nango-go/nango/internal/project"
)

// returnMismatch warns when an action's source declares a return type other than its
// nango.yaml output: createAction types exec's result with the output model, so code that
// returns something else (templates-sample's github list-repos returns { repos } for an
// output of GithubRepo) fails the type check after the migration, where the yaml era never
// compared the two. It is a warning, not a refusal: the declared type may be an alias of the
// output, which only the type check can tell.
func returnMismatch(s *project.Script, rel, src string) string {
	if s.Kind != project.KindAction {
		return ""
	}
	fn, err := findFunction(src, classify(src), defaultFnRe)
	if err != nil || fn == nil {
		return ""
	}
	declared := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(fn.returnType), ":"))
	if inner, ok := strings.CutPrefix(declared, "Promise<"); ok && strings.HasSuffix(inner, ">") {
		declared = strings.TrimSpace(strings.TrimSuffix(inner, ">"))
	}
	output := "void"
	if len(s.Outputs) > 0 {
		output = s.Outputs[0]
	}
	// An anonymous output (nango.yaml's `output: boolean`, `output: Model[]`) is the declared
	// type itself, under a generated name.
	if declared == "" || declared == output || declared == "any" || declared == "unknown" || strings.HasPrefix(output, "Anonymous_") {
		return ""
	}
	return fmt.Sprintf("%s: the action is declared to return %s but nango.yaml's output is %s; the migrated exec returns %s, so nango compile's type check reports the code if it returns something else: make the two agree",
		rel, declared, output, output)
}
