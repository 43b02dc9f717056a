package deploy

import (
	"path/filepath"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/project"
)

func load(t *testing.T, dir string) *project.Project {
	t.Helper()
	p, diags, err := project.Load(dir)
	if err != nil || p == nil {
		t.Fatalf("load %s: %v %v", dir, err, diags)
	}
	return p
}

func TestSelectErrors(t *testing.T) {
	parsed := load(t, filepath.Join("..", "..", "testdata", "deploy", "acme"))
	for _, sel := range []Selection{
		{Sync: "a", Action: "b"},
		{Integration: "nope"},
		{Sync: "nope"},
		{Action: "fetch-contacts"},
		{Integration: "acme-crm", Sync: "create-contact"},
	} {
		if _, err := Select(parsed, sel); exitcode.Of(err) != exitcode.Usage {
			t.Errorf("%+v: %v (exit %d)", sel, err, exitcode.Of(err))
		}
	}
	scripts, err := Select(parsed, Selection{Integration: "acme-crm"})
	if err != nil || len(scripts) != 3 {
		t.Errorf("integration selection: %d scripts, %v", len(scripts), err)
	}
}
