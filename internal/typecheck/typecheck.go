// Package typecheck runs the TypeScript compiler over a project's scripts when one is
// installed, and turns its output into diagnostics.
//
// esbuild strips types without checking them, and TypeScript cannot be embedded in a Go
// binary (the native TypeScript 7 compiler has no Go API yet), so the checker is an external
// program: the project's own (node_modules/.bin, also in parent folders), else one on PATH.
// The native compiler `tsgo` is preferred over `tsc` at each place, because it is an order of
// magnitude faster. It runs once over all scripts with the reference CLI's strict settings
// (its tsconfig.dev.json), ignoring the project's tsconfig as the reference does.
package typecheck

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/nango-go/nango/internal/scriptcheck"
)

// Tool is a TypeScript compiler found on this machine.
type Tool struct {
	// Path of the executable.
	Path string
	// Native is true for tsgo (TypeScript 7).
	Native bool
	// Major is the TypeScript major version when known (0 otherwise).
	Major int
}

// Name is "tsgo" or "tsc".
func (t *Tool) Name() string {
	if t.Native {
		return "tsgo"
	}
	return "tsc"
}

// Find looks for a compiler: node_modules/.bin in projectDir and its parents, then the
// folders of path (a PATH value). It returns nil when there is none.
func Find(projectDir, path string) *Tool {
	var dirs []string
	for d := projectDir; ; d = filepath.Dir(d) {
		dirs = append(dirs, filepath.Join(d, "node_modules", ".bin"))
		if filepath.Dir(d) == d {
			break
		}
	}
	dirs = append(dirs, filepath.SplitList(path)...)
	for _, d := range dirs {
		if d == "" {
			continue
		}
		for _, name := range []string{"tsgo", "tsc"} {
			p := filepath.Join(d, name)
			if isExecutable(p) {
				t := &Tool{Path: p, Native: name == "tsgo"}
				if !t.Native {
					t.Major = tscMajor(p)
				}
				return t
			}
		}
	}
	return nil
}

func isExecutable(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0
}

// tscMajor reads the version of the typescript package a tsc belongs to
// (node_modules/.bin/tsc → ../typescript/bin/tsc → ../package.json).
func tscMajor(tsc string) int {
	real, err := filepath.EvalSymlinks(tsc)
	if err != nil {
		return 0
	}
	data, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(real)), "package.json"))
	if err != nil {
		return 0
	}
	var pkg struct {
		Name, Version string
	}
	if json.Unmarshal(data, &pkg) != nil || pkg.Name != "typescript" {
		return 0
	}
	major, _, _ := strings.Cut(pkg.Version, ".")
	n, _ := strconv.Atoi(major)
	return n
}

// Args are the compiler flags: the reference's tsconfig.dev.json as command-line options.
// Files given on the command line make tsc ignore any tsconfig.json, as the reference does.
func (t *Tool) Args(files []string) []string {
	args := []string{
		"--noEmit", "--pretty", "false",
		"--target", "esnext",
		"--strict", "--esModuleInterop", "--skipLibCheck",
		"--exactOptionalPropertyTypes", "--noFallthroughCasesInSwitch", "--noImplicitOverride",
		"--noImplicitReturns", "--noPropertyAccessFromIndexSignature", "--noUncheckedIndexedAccess",
		"--noUnusedLocals", "--noUnusedParameters",
		"--allowUnusedLabels", "false", "--allowUnreachableCode", "false",
	}
	if t.Native || t.Major >= 6 {
		// node10 resolution is gone from TypeScript 7 (deprecated in 6); bundler resolution
		// accepts the same imports (`./x`, `./x.js` for x.ts, packages).
		args = append(args, "--module", "preserve", "--moduleResolution", "bundler")
	} else {
		args = append(args, "--module", "commonjs", "--moduleResolution", "node")
	}
	return append(args, files...)
}

// Result of a type check.
type Result struct {
	Tool        *Tool
	Diagnostics []scriptcheck.Diagnostic
}

// Run type-checks files (absolute paths) with tool, from projectDir. Diagnostics in
// generated files (models.ts, .nango/) are warnings: the user cannot fix them by editing
// a script. The error is set when the compiler could not be run or printed nothing we
// understand while failing.
func Run(ctx context.Context, tool *Tool, projectDir string, files []string) (*Result, error) {
	if !hasNodeTypes(projectDir) {
		tmp, err := os.MkdirTemp("", "nango-typecheck-globals-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dts := filepath.Join(tmp, "runtime-globals.d.ts")
		if err := os.WriteFile(dts, runtimeGlobals, 0o644); err != nil {
			return nil, err
		}
		files = append(append([]string(nil), files...), dts)
	}
	rel := make([]string, len(files))
	for i, f := range files {
		rel[i] = scriptcheck.RelPath(projectDir, f)
	}
	cmd := exec.CommandContext(ctx, tool.Path, tool.Args(rel)...)
	cmd.Dir = projectDir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	runErr := cmd.Run()
	res := &Result{Tool: tool, Diagnostics: Parse(out.Bytes(), projectDir)}
	if runErr != nil {
		var exit *exec.ExitError
		if !errors.As(runErr, &exit) {
			return res, fmt.Errorf("run %s: %w", tool.Path, runErr)
		}
		if len(res.Diagnostics) == 0 {
			return res, fmt.Errorf("%s failed (%s): %s", tool.Name(), exit, strings.TrimSpace(out.String()))
		}
	}
	return res, nil
}

// runtimeGlobals declares the runner's globals that only @types/node would type.
//
//go:embed runtime-globals.d.ts
var runtimeGlobals []byte

// hasNodeTypes tells whether tsc finds @types/node for projectDir (node_modules/@types in the
// folder or a parent, where tsc looks for automatic type packages).
func hasNodeTypes(projectDir string) bool {
	for d := projectDir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "node_modules", "@types", "node", "package.json")); err == nil {
			return true
		}
		if filepath.Dir(d) == d {
			return false
		}
	}
}

var (
	fileDiag   = regexp.MustCompile(`^(.+?)\((\d+),(\d+)\): (error|warning|message) (TS\d+): (.*)$`)
	globalDiag = regexp.MustCompile(`^(error|warning|message) (TS\d+): (.*)$`)
	// TS2307: Cannot find module 'zod' or its corresponding type declarations.
	missingModule = regexp.MustCompile(`^TS2307: Cannot find module '([^']+)'`)
)

// Parse reads `--pretty false` output: `file(line,col): error TSxxxx: message` lines, each
// possibly followed by indented continuation lines, and `error TSxxxx: message` lines about
// the configuration.
func Parse(out []byte, projectDir string) []scriptcheck.Diagnostic {
	var ds []scriptcheck.Diagnostic
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if m := fileDiag.FindStringSubmatch(line); m != nil {
			ln, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			file := m[1]
			if filepath.IsAbs(file) {
				file = scriptcheck.RelPath(projectDir, file)
			}
			file = filepath.ToSlash(file)
			sev := scriptcheck.SeverityError
			if m[4] != "error" || generated(file) {
				sev = scriptcheck.SeverityWarning
			}
			d := scriptcheck.Diagnostic{Severity: sev, Code: scriptcheck.CodeTypecheck, File: file, Line: ln, Column: col,
				Message: m[5] + ": " + m[6]}
			if mm := missingModule.FindStringSubmatch(d.Message); mm != nil && scriptcheck.IsAllowedImport(mm[1]) {
				pkg := mm[1]
				switch strings.TrimPrefix(pkg, "node:") {
				case "url", "crypto":
					pkg = "@types/node"
				}
				d.Detail = fmt.Sprintf("  scripts may import %s (the runner provides it), but the type check needs its types: npm install --save-dev %s, or --no-typecheck", mm[1], pkg)
			}
			ds = append(ds, d)
			continue
		}
		if m := globalDiag.FindStringSubmatch(line); m != nil {
			sev := scriptcheck.SeverityError
			if m[1] != "error" {
				sev = scriptcheck.SeverityWarning
			}
			ds = append(ds, scriptcheck.Diagnostic{Severity: sev, Code: scriptcheck.CodeTypecheck, Message: m[2] + ": " + m[3]})
			continue
		}
		if len(ds) > 0 && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")) && strings.TrimSpace(line) != "" {
			last := &ds[len(ds)-1]
			if last.Detail != "" {
				last.Detail += "\n"
			}
			last.Detail += line
		}
	}
	return ds
}

func generated(file string) bool {
	return file == "models.ts" || strings.HasPrefix(file, ".nango/")
}

// Format prints a diagnostic the way tsc does: `file(line,col): error TSxxxx: message`.
func Format(d scriptcheck.Diagnostic) string {
	s := fmt.Sprintf("%s %s", d.Severity, d.Message)
	if d.File != "" {
		s = fmt.Sprintf("%s(%d,%d): %s", d.File, d.Line, d.Column, s)
	}
	if d.Detail != "" {
		s += "\n" + d.Detail
	}
	return s
}
