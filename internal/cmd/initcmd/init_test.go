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
	if err := Run(opts); err != nil {
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
	err := Run(opts)
	if err == nil || !strings.Contains(exitcode.HintOf(err), "--force") {
		t.Fatalf("second run: %v (hint %q)", err, exitcode.HintOf(err))
	}
}
