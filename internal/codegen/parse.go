package codegen

import "github.com/nango-go/nango/pkg/nangoyaml"

// Parse parses nango.yaml text with the options every command shares (ParseOptions) and,
// when it has no error, adds the warning for models named like a type of the SDK block. It
// is the one parse behind internal/project's loader, so no command reads nango.yaml
// differently from another.
func Parse(data []byte) (*nangoyaml.Parsed, []nangoyaml.Diagnostic) {
	p, diags := nangoyaml.ParseWithOptions(nangoyaml.FileName, data, ParseOptions)
	if p != nil && !nangoyaml.HasErrors(diags) {
		diags = append(diags, sdkNameWarnings(p)...)
	}
	return p, diags
}
