package providers

import (
	"os"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/providers"
)

func TestNewCmdProviders(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		sub     string
		check   func(*Options) bool
		wantErr string
	}{
		{[]string{"list"}, "list", func(o *Options) bool { return !o.JSON && o.ProvidersFile == "" }, ""},
		{[]string{"list", "--json", "--providers", "p.yaml"}, "list", func(o *Options) bool { return o.JSON && o.ProvidersFile == "p.yaml" }, ""},
		{[]string{"show", "github", "--json"}, "show", func(o *Options) bool { return o.Name == "github" && o.JSON }, ""},
		{[]string{"update"}, "update", func(o *Options) bool { return o.Version == providers.DefaultVersion }, ""},
		{[]string{"update", "--version", "latest"}, "update", func(o *Options) bool { return o.Version == "latest" }, ""},
		{[]string{"show"}, "", nil, "accepts 1 arg"},
		{[]string{"list", "extra"}, "", nil, "unknown command"},
	} {
		ios, _, _, _ := iostreams.Test()
		var sub string
		var got *Options
		cmd := NewCmdProviders(&cmdutil.Factory{IOStreams: ios}, func(name string, o *Options) error { sub, got = name, o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetOut(ios.ErrOut)
		cmd.SetErr(ios.ErrOut)
		_, err := cmd.ExecuteC()
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: err %v, want %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || sub != tc.sub || !tc.check(got) {
			t.Errorf("%v: err %v, subcommand %q, options %+v", tc.args, err, sub, got)
		}
	}
}

// show prints the entry of a catalog given with --providers, or says what exists.
func TestShowRun(t *testing.T) {
	catalog := t.TempDir() + "/providers.yaml"
	if err := writeFile(catalog, "github:\n  display_name: GitHub\n  auth_mode: OAUTH2\n  proxy:\n    base_url: https://api.github.com\n"); err != nil {
		t.Fatal(err)
	}
	ios, _, stdout, _ := iostreams.Test()
	opts := &Options{IO: ios, WorkDir: func() (string, error) { return t.TempDir(), nil }, Getenv: func(string) string { return "" },
		ProvidersFile: catalog, Name: "github"}
	if err := showRun(opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "https://api.github.com") {
		t.Errorf("stdout %q", stdout.String())
	}
	opts.Name = "nope"
	if err := showRun(opts); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown provider: %v", err)
	}
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o644) }
