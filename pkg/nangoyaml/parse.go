package nangoyaml

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

var errNotImplemented = errors.New("nangoyaml: not implemented")

func parse(filename string, data []byte, opts Options) (*Parsed, []Diagnostic) {
	return nil, []Diagnostic{{Severity: SeverityError, Phase: PhaseLoad, Code: "not_implemented", Message: errNotImplemented.Error(), File: filename}}
}

func load(dir string, opts Options) (*Parsed, []Diagnostic, error) {
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("no %s config found at %s: %w", FileName, path, err)
	}
	p, diags := parse(path, data, opts)
	return p, diags, nil
}
