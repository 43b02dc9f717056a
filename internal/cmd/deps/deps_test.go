package deps

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/npmregistry"
	"github.com/nango-go/nango/internal/npmregistry/npmregistrytest"
	"github.com/nango-go/nango/internal/usercache"
)

func TestNewCmdDeps(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    Options
		wantErr bool
	}{
		{args: []string{"install"}, want: Options{Version: ""}}, // chosen at run time: zod 3, or zod 4 in a zero-yaml project
		{args: []string{"install", "--version", "3.23.8", "--force", "--json"}, want: Options{Version: "3.23.8", Force: true, JSON: true}},
		{args: []string{"install", "extra"}, wantErr: true},
	} {
		ios, _, _, _ := iostreams.Test()
		var got *Options
		cmd := NewCmdDeps(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetOut(ios.ErrOut)
		cmd.SetErr(ios.ErrOut)
		_, err := cmd.ExecuteC()
		if (err != nil) != tc.wantErr {
			t.Fatalf("%v: err %v", tc.args, err)
		}
		if !tc.wantErr && (got.Version != tc.want.Version || got.Force != tc.want.Force || got.JSON != tc.want.JSON) {
			t.Errorf("%v: %+v", tc.args, got)
		}
	}
}

// install downloads zod from the registry once; a second run finds it installed; a version
// the registry does not have is a usage error that says what to check.
func TestInstallRun(t *testing.T) {
	reg := npmregistrytest.New(npmregistrytest.Package{Name: "zod", Version: usercache.ZodVersion, Files: map[string]string{"index.js": "module.exports = {};\n"}})
	defer reg.Close()
	cache := t.TempDir()
	opts := func(version string, asJSON bool) (*Options, *bytes.Buffer, *bytes.Buffer) {
		ios, _, stdout, stderr := iostreams.Test()
		return &Options{IO: ios, Version: version, JSON: asJSON,
			Getenv: func(k string) string {
				if k == "XDG_CACHE_HOME" {
					return cache
				}
				return ""
			},
			Client: func() (*npmregistry.Client, error) {
				return &npmregistry.Client{HTTP: reg.Client(), Config: npmregistry.Config{Registry: reg.URL + "/"}}, nil
			}}, stdout, stderr
	}
	o, stdout, _ := opts(usercache.ZodVersion, true)
	if err := installRun(o); err != nil {
		t.Fatal(err)
	}
	var res map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil || res["installed"] != true || res["version"] != usercache.ZodVersion {
		t.Fatalf("first install: %v %v", res, err)
	}
	o, _, stderr := opts(usercache.ZodVersion, false)
	if err := installRun(o); err != nil {
		t.Fatal(err)
	}
	if got := stderr.String(); !strings.Contains(got, "zod "+usercache.ZodVersion+" is already installed in ") {
		t.Errorf("second install: %q", got)
	}
	o, _, _ = opts("9.9.9", false)
	if err := installRun(o); exitcode.Of(err) != exitcode.Usage || !strings.Contains(exitcode.HintOf(err), "--version") {
		t.Errorf("missing version: %v (exit %d)", err, exitcode.Of(err))
	}
}
