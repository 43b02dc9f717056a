package codegen

import (
	"fmt"
	"regexp"

	"github.com/nango-go/nango/pkg/nangoyaml"
)

// CodeModelNameInSDK is the code of the warning for a model named like an SDK type.
const CodeModelNameInSDK = "model_name_in_sdk"

// sdkTypeNames are the names the SDK block of models.ts declares.
var sdkTypeNames = func() map[string]bool {
	names := map[string]bool{}
	re := regexp.MustCompile(`(?m)^export (?:declare )?(?:interface|type|class) ([A-Za-z0-9_]+)`)
	for _, m := range re.FindAllStringSubmatch(sdkDeclarations, -1) {
		names[m[1]] = true
	}
	return names
}()

// sdkNameWarnings warns about models that share a name with a type of the SDK block:
// TypeScript then merges the two declarations or rejects models.ts, which the user would
// only learn at compile time (the reference says nothing).
func sdkNameWarnings(p *nangoyaml.Parsed) []nangoyaml.Diagnostic {
	var out []nangoyaml.Diagnostic
	for _, m := range p.Models {
		if m.IsAnon || !sdkTypeNames[m.Name] {
			continue
		}
		out = append(out, nangoyaml.Diagnostic{
			Severity: nangoyaml.SeverityWarning,
			Phase:    nangoyaml.Phase("generate"),
			Code:     CodeModelNameInSDK,
			Message:  fmt.Sprintf("Model %q has the name of a type that models.ts declares for the nango object; TypeScript will merge or reject the two: rename the model", m.Name),
			KeyPath:  []string{m.Name},
			File:     nangoyaml.FileName,
			Line:     m.Pos.Line,
			Column:   m.Pos.Column,
		})
	}
	return out
}
