package codegen

import (
	"errors"

	"github.com/nango-go/nango/pkg/nangoyaml"
)

// outcome and checkAndGenerate are internal/pipeline's Outcome and Generate for this
// package's tests, which cannot import pipeline (it imports codegen through internal/project).
type outcome struct {
	Diagnostics []nangoyaml.Diagnostic
	Result      *Result
}

func (o *outcome) Failed() bool { return o.Result == nil }

func checkAndGenerate(dir string, opts Options) (*outcome, error) {
	p, diags, err := Check(dir)
	if err != nil {
		return nil, err
	}
	out := &outcome{Diagnostics: diags}
	if p == nil || nangoyaml.HasErrors(diags) {
		return out, nil
	}
	out.Result, err = Generate(dir, p, opts)
	var de DiagnosticError
	if errors.As(err, &de) {
		out.Diagnostics = append(out.Diagnostics, de.Diagnostic())
		return out, nil
	}
	return out, err
}
