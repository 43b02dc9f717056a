package deploy

import (
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/deploy"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
)

func TestNewCmdDeploy(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		check   func(*Options) bool
		wantErr string
	}{
		{"defaults", []string{"dev"}, func(o *Options) bool {
			return o.Environment == "dev" && o.Timeout == deploy.DefaultTimeout && !o.AutoConfirm && !o.DryRun
		}, ""},
		{"selection and version", []string{"prod", "-s", "issues", "-i", "github", "-v", "1.4.0"}, func(o *Options) bool {
			return o.Environment == "prod" && o.Sync == "issues" && o.Integration == "github" && o.Version == "1.4.0"
		}, ""},
		{"confirmations", []string{"prod", "-a", "close", "--auto-confirm", "--allow-destructive", "--dry-run", "--json", "--debug", "--timeout", "30s"}, func(o *Options) bool {
			return o.Action == "close" && o.AutoConfirm && o.AllowDestructive && o.DryRun && o.JSON && o.Debug && o.Timeout == 30*time.Second
		}, ""},
		{"ignored flag of the reference", []string{"dev", "--no-compile-interfaces"}, func(o *Options) bool { return o.Environment == "dev" }, ""},
		{"no environment", nil, nil, "accepts 1 arg"},
		{"blank environment", []string{" "}, nil, "the environment name is empty"},
		{"bad timeout", []string{"dev", "--timeout", "0s"}, nil, "--timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			var got *Options
			cmd := NewCmdDeploy(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
			cmd.SetArgs(tc.args)
			cmd.SetOut(ios.ErrOut)
			cmd.SetErr(ios.ErrOut)
			_, err := cmd.ExecuteC()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(got) {
				t.Fatalf("err %v, options %+v", err, got)
			}
		})
	}
}

// A folder without nango.yaml fails before any secret key is looked up.
func TestDeployRunWithoutProject(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	dir := t.TempDir()
	f := &cmdutil.Factory{IOStreams: ios, WorkDir: func() (string, error) { return dir, nil },
		Getenv: func(string) string { t.Fatal("the environment was read"); return "" }}
	cmd := NewCmdDeploy(f, nil)
	cmd.SetArgs([]string{"dev"})
	cmd.SetErr(ios.ErrOut)
	_, err := cmd.ExecuteC()
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(err.Error(), "no nango.yaml in "+dir) || !strings.Contains(exitcode.HintOf(err), "nango init") {
		t.Fatalf("%v (exit %d, hint %q)", err, exitcode.Of(err), exitcode.HintOf(err))
	}
}
