package create

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/zeroinit"
)

func TestNewCmdCreateFlags(t *testing.T) {
	tests := []struct {
		args []string
		kind zeroinit.Kind
		code exitcode.Code // 0: runF is called
	}{
		{[]string{"acme", "contacts", "--sync"}, zeroinit.Sync, 0},
		{[]string{"acme", "create-contact", "--action"}, zeroinit.Action, 0},
		{[]string{"--on-event", "acme", "setup"}, zeroinit.OnEvent, 0},
		{[]string{"acme", "contacts"}, "", exitcode.Usage},
		{[]string{"acme", "contacts", "--sync", "--action"}, "", exitcode.Usage},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			var got *Options
			cmd := NewCmdCreate(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(ios.ErrOut)
			cmd.SetErr(ios.ErrOut)
			err := cmd.Execute()
			if tt.code != 0 {
				if exitcode.Of(err) != tt.code || got != nil {
					t.Fatalf("err %v (code %d), want code %d", err, exitcode.Of(err), tt.code)
				}
				return
			}
			if err != nil || got == nil || got.Kind != tt.kind || got.Integration != "acme" {
				t.Fatalf("err %v, options %+v", err, got)
			}
		})
	}
}

func TestCreateRun(t *testing.T) {
	dir := t.TempDir()
	ios, _, _, stderr := iostreams.Test()
	opts := &Options{IO: ios, WorkDir: func() (string, error) { return dir, nil }, Integration: "acme", Name: "contacts", Kind: zeroinit.Sync}
	if err := createRun(opts); exitcode.Of(err) != exitcode.Project || !strings.Contains(exitcode.HintOf(err), "nango init --zero-yaml") {
		t.Fatalf("outside a project: %v (code %d, hint %q)", err, exitcode.Of(err), exitcode.HintOf(err))
	}
	if err := os.WriteFile(filepath.Join(dir, "index.ts"), []byte("import './x/syncs/a.js';"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := createRun(opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "created sync acme/syncs/contacts.ts and imported it in index.ts") {
		t.Fatalf("stderr %q", stderr.String())
	}
	index, _ := os.ReadFile(filepath.Join(dir, "index.ts"))
	if string(index) != "import './x/syncs/a.js';\nimport './acme/syncs/contacts.js';\n" {
		t.Fatalf("index.ts %q", index)
	}
	if err := createRun(opts); exitcode.Of(err) != exitcode.Usage {
		t.Fatalf("existing file: %v (code %d)", err, exitcode.Of(err))
	}
	opts.Name = "../x"
	if err := createRun(opts); exitcode.Of(err) != exitcode.Usage {
		t.Fatalf("bad name: %v (code %d)", err, exitcode.Of(err))
	}
}
