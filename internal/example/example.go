// Package example holds the project `nango init --example` creates: a made-up "demo" CRM
// integration with a sync that pages through three pages and an action with input and
// output, each with the responses recorded by `nango dryrun --save-responses` against the
// fake Nango server (internal/fakenango). A new user's first commands (`nango test`,
// `nango dryrun contacts demo --replay`) therefore work with no account, no server and no
// network.
//
// The recordings under project/demo/mocks/ are generated, never edited by hand:
// `go test ./internal/example -run TestRecordings -update` records them again.
package example

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/nango-go/nango/internal/atomicfile"
	"github.com/nango-go/nango/internal/codegen"
)

//go:embed all:project
var files embed.FS

// Integration and Connection are the example's integration key and the connection id its
// recordings were made with (any connection id works in replay).
const (
	Integration = "demo"
	Connection  = "demo"
)

// FS is the example project (nango.yaml, the scripts, their recordings), rooted at the
// project folder.
func FS() fs.FS {
	sub, err := fs.Sub(files, "project")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}

// Write puts the example's files into dir (created if missing). A folder that already holds
// a project (nango.yaml or .nango/) is refused with codegen.ErrProjectExists unless force;
// with force, missing files are added and existing ones are kept. All files are written
// together or none (atomicfile.WriteSet). It returns the files created, slash-separated.
func Write(dir string, force bool) ([]string, error) {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	if !force {
		for _, marker := range []string{"nango.yaml", ".nango"} {
			if _, err := os.Lstat(filepath.Join(dir, marker)); err == nil {
				return nil, fmt.Errorf("%s is %w (it has %s)", dir, codegen.ErrProjectExists, marker)
			}
		}
	}
	var set atomicfile.WriteSet
	var created []string
	src := FS()
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if _, err := os.Lstat(target); err == nil {
			return nil
		}
		set.AddNew(target, data, 0o644)
		created = append(created, path.Clean(p))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := set.Commit(); err != nil {
		return nil, err
	}
	return created, nil
}
