// Package zeroinit writes zero-yaml projects and functions: the example project of
// `nango init --zero-yaml` and the function skeletons of `nango create`. Its texts are ours;
// the tree has the reference's shape (an index.ts importing one sync, one action and one
// on-event of a "github" integration, package.json, tsconfig.json, .env, .nango/) plus a
// .gitignore. It writes files and returns what it wrote; the commands print.
package zeroinit

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/nango-go/nango/internal/atomicfile"
)

// The template folder names dotfiles "dot-x" (a real .gitignore or .env there would act on
// this repository).
//
//go:embed template create
var files embed.FS

// ErrExists: the folder is already a project (index.ts, nango.yaml or .nango/ is there).
var ErrExists = errors.New("already a Nango project")

// Init writes the example project into dir (created if missing) and returns the files written,
// relative to dir. A folder that is already a project is refused unless force, which adds
// the missing files and never replaces one.
func Init(dir string, force bool) ([]string, error) {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	if !force {
		for _, marker := range []string{"index.ts", "nango.yaml", ".nango"} {
			if _, err := os.Lstat(filepath.Join(dir, marker)); err == nil {
				return nil, fmt.Errorf("%s is %w (it has %s)", dir, ErrExists, marker)
			}
		}
	}
	var set atomicfile.WriteSet
	var written []string
	err := fs.WalkDir(files, "template", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := outputName(strings.TrimPrefix(p, "template/"))
		dst := filepath.Join(dir, filepath.FromSlash(rel))
		if _, err := os.Lstat(dst); err == nil {
			return nil // --force: keep what is there
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		set.Add(dst, data, 0o644)
		written = append(written, rel)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := set.Commit(); err != nil {
		return nil, err
	}
	return written, nil
}

// outputName maps a template path to the file it becomes: "dot-env" → ".env",
// "dot-nango/gitkeep" → ".nango/.gitkeep".
func outputName(rel string) string {
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, "dot-") {
			parts[i] = "." + strings.TrimPrefix(p, "dot-")
		}
	}
	if parts[len(parts)-1] == ".gitkeep" || parts[len(parts)-1] == "gitkeep" {
		parts[len(parts)-1] = ".gitkeep"
	}
	return path.Join(parts...)
}

// Kind is what `nango create` adds.
type Kind string

const (
	Sync    Kind = "sync"
	Action  Kind = "action"
	OnEvent Kind = "on-event"
)

// Dir is the folder of an integration the kind's files go in (the reference's names).
func (k Kind) Dir() string { return string(k) + "s" }

// nameRe: integration and function names become folder and file names, model names and
// endpoint paths.
var nameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// ErrInvalidName: an integration or function name that cannot be a file name.
var ErrInvalidName = errors.New("invalid name")

// ErrFunctionExists: the function's file is already there.
var ErrFunctionExists = errors.New("function file already exists")

// Create writes <integration>/<kind>s/<name>.ts from the kind's skeleton (one that compiles
// as written) and appends its import to index.ts, both in one atomic step. It returns the new
// file relative to dir.
func Create(dir string, kind Kind, integration, name string) (string, error) {
	for _, v := range []struct{ what, s string }{{"integration", integration}, {"name", name}} {
		if !nameRe.MatchString(v.s) {
			return "", fmt.Errorf("%w: %s %q: use letters, digits, - and _ (starting with a letter or digit)", ErrInvalidName, v.what, v.s)
		}
	}
	rel := path.Join(integration, kind.Dir(), name+".ts")
	dst := filepath.Join(dir, filepath.FromSlash(rel))
	if _, err := os.Lstat(dst); err == nil {
		return "", fmt.Errorf("%s: %w", rel, ErrFunctionExists)
	}
	src, err := files.ReadFile("create/" + string(kind) + ".ts")
	if err != nil {
		return "", fmt.Errorf("unknown function kind %q", kind)
	}
	tmpl, err := template.New(string(kind)).Parse(string(src))
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, map[string]string{"Integration": integration, "Name": name, "Model": ModelName(name)}); err != nil {
		return "", err
	}
	indexPath := filepath.Join(dir, "index.ts")
	index, err := os.ReadFile(indexPath)
	if err != nil {
		return "", err
	}
	if len(index) > 0 && !bytes.HasSuffix(index, []byte("\n")) {
		index = append(index, '\n')
	}
	index = append(index, "import './"+strings.TrimSuffix(rel, ".ts")+".js';\n"...)
	var set atomicfile.WriteSet
	set.Add(dst, out.Bytes(), 0o644)
	set.Add(indexPath, index, 0o644)
	return rel, set.Commit()
}

// ModelName is the skeleton sync's model: the name in PascalCase ("fetch-orders" →
// "FetchOrders"), with "Record" appended when that is shorter than the reference's model-name
// rule allows (two characters) or does not start with a letter.
func ModelName(name string) string {
	var b strings.Builder
	for _, part := range regexp.MustCompile(`[-_]+`).Split(name, -1) {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	m := b.String()
	if len(m) < 2 || m[0] < 'A' || m[0] > 'Z' {
		m += "Record"
		if m[0] < 'A' || m[0] > 'Z' {
			m = "M" + m
		}
	}
	return m
}
