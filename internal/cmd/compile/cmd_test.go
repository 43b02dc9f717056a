package compile

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
)

func TestNewCmdCompile(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    Options
		wantErr bool
	}{
		{args: nil},
		{args: []string{"--json", "--no-typecheck", "--strict", "--debug"}, want: Options{JSON: true, NoTypecheck: true, Strict: true, Debug: true}},
		{args: []string{"extra"}, wantErr: true},
	} {
		ios, _, _, _ := iostreams.Test()
		var got *Options
		cmd := NewCmdCompile(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetOut(ios.ErrOut)
		cmd.SetErr(ios.ErrOut)
		_, err := cmd.ExecuteC()
		if (err != nil) != tc.wantErr {
			t.Fatalf("%v: err %v", tc.args, err)
		}
		if !tc.wantErr && (got.JSON != tc.want.JSON || got.NoTypecheck != tc.want.NoTypecheck || got.Strict != tc.want.Strict || got.Debug != tc.want.Debug) {
			t.Errorf("%v: %+v", tc.args, got)
		}
	}
}

// Outside a project, --json still prints a report: not ok, with the config_not_found
// diagnostic.
func TestCompileRunWithoutProjectJSON(t *testing.T) {
	ios, _, stdout, _ := iostreams.Test()
	dir := t.TempDir()
	err := compileRun(context.Background(), &Options{IO: ios, JSON: true, WorkDir: func() (string, error) { return dir, nil },
		Getenv: func(string) string { return "" }, Now: time.Now})
	var rep struct {
		OK          bool             `json:"ok"`
		Diagnostics []map[string]any `json:"diagnostics"`
	}
	if exitcode.Of(err) != exitcode.Project || json.Unmarshal(stdout.Bytes(), &rep) != nil || rep.OK || len(rep.Diagnostics) != 1 || rep.Diagnostics[0]["code"] != "config_not_found" {
		t.Fatalf("%v (exit %d): %s", err, exitcode.Of(err), stdout.String())
	}
}
