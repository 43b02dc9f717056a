package typecheck

import (
	"context"
	_ "embed"
	"os"
	"path/filepath"
)

// zeroDeclarations are our types of the `nango` module that zero-yaml functions import
// (createSync, createAction, createOnEvent and the nango object their exec receives).
//
//go:embed nango-zero.d.ts
var zeroDeclarations []byte

// RunZero type-checks the function files of a zero-yaml project (absolute paths; helpers are
// checked through their imports, as the reference's program does) with the `nango`
// declarations added. zod's types come from the project's node_modules: a zod found only in
// the user cache is reported as TS2307 with what to install.
func RunZero(ctx context.Context, tool *Tool, projectDir string, files []string) (*Result, error) {
	tmp, err := os.MkdirTemp("", "nango-typecheck-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dts := filepath.Join(tmp, "nango.d.ts")
	if err := os.WriteFile(dts, zeroDeclarations, 0o644); err != nil {
		return nil, err
	}
	return Run(ctx, tool, projectDir, append(append([]string(nil), files...), dts))
}
