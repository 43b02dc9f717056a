package initcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
)

func TestNewCmdInit(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    Options
		wantErr bool
	}{
		{args: nil, want: Options{}},
		{args: []string{"proj", "-f"}, want: Options{Path: "proj", Force: true}},
		{args: []string{"demo", "--example"}, want: Options{Path: "demo", Example: true}},
		{args: []string{"a", "b"}, wantErr: true},
	} {
		ios, _, _, _ := iostreams.Test()
		var got *Options
		cmd := NewCmdInit(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetErr(ios.ErrOut)
		_, err := cmd.ExecuteC()
		if (err != nil) != tc.wantErr {
			t.Fatalf("%v: err %v", tc.args, err)
		}
		if !tc.wantErr && (got.Path != tc.want.Path || got.Force != tc.want.Force || got.Example != tc.want.Example) {
			t.Errorf("%v: %+v", tc.args, got)
		}
	}
}

func TestInitRun(t *testing.T) {
	root := t.TempDir()
	wd := func() (string, error) { return root, nil }
	ios, _, _, stderr := iostreams.Test()
	if err := initRun(&Options{IO: ios, WorkDir: wd, Path: "proj"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"nango.yaml", ".env", ".gitignore", "models.ts"} {
		if _, err := os.Stat(filepath.Join(root, "proj", f)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(stderr.String(), "✓ Nango integrations initialized in "+filepath.Join(root, "proj")+"!") ||
		!strings.Contains(stderr.String(), "next: put your secret key in .env") {
		t.Errorf("stderr %q", stderr.String())
	}

	ios, _, _, _ = iostreams.Test()
	err := initRun(&Options{IO: ios, WorkDir: wd, Path: "proj"})
	if err == nil || !strings.Contains(err.Error(), "already a Nango project") {
		t.Fatalf("second init: %v", err)
	}
}

func TestNewCmdInitZeroYAMLFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *Options
	cmd := NewCmdInit(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--zero-yaml", "p"})
	if err := cmd.Execute(); err != nil || got == nil || !got.ZeroYAML || got.Path != "p" {
		t.Fatalf("err %v, options %+v", err, got)
	}
	got = nil
	cmd = NewCmdInit(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--zero-yaml", "--example", "p"})
	cmd.SetErr(ios.ErrOut)
	if err := cmd.Execute(); exitcode.Of(err) != exitcode.Usage || got != nil {
		t.Fatalf("--zero-yaml --example: %v", err)
	}
}

func TestInitZeroRun(t *testing.T) {
	wd := t.TempDir()
	ios, _, _, stderr := iostreams.Test()
	opts := &Options{IO: ios, WorkDir: func() (string, error) { return wd, nil }, Path: "p", ZeroYAML: true}
	if err := initRun(opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(wd, "p", "index.ts")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(wd, "p", "nango.yaml")); err == nil {
		t.Fatal("a zero-yaml project got a nango.yaml")
	}
	if !strings.Contains(stderr.String(), "Zero-yaml Nango project initialized in "+filepath.Join(wd, "p")) {
		t.Fatalf("stderr %q", stderr.String())
	}
	err := initRun(opts)
	if err == nil || !strings.Contains(exitcode.HintOf(err), "--force") {
		t.Fatalf("second run: %v (hint %q)", err, exitcode.HintOf(err))
	}
}
