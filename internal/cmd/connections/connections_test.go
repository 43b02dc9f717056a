package connections

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
)

const file = `connections:
  my-github:
    integration: github
    credentials:
      type: OAUTH2
      access_token: ${GH_TOKEN}
      refresh_token: refresh-value-0123456789
    connection_config: { subdomain: acme }
integrations:
  github: { client_id: cid, client_secret: client-secret-0123456789 }
`

func TestNewCmdConnections(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		wantName string
		want     Options
		wantErr  bool
	}{
		{args: []string{"list"}, wantName: "list"},
		{args: []string{"list", "--json"}, wantName: "list", want: Options{JSON: true}},
		{args: []string{"show", "my-github", "--json"}, wantName: "show", want: Options{ID: "my-github", JSON: true}},
		{args: []string{"show"}, wantErr: true},
		{args: []string{"list", "extra"}, wantErr: true},
	} {
		ios, _, _, _ := iostreams.Test()
		var gotName string
		var got *Options
		cmd := NewCmdConnections(&cmdutil.Factory{IOStreams: ios}, func(name string, o *Options) error { gotName, got = name, o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetOut(ios.ErrOut)
		cmd.SetErr(ios.ErrOut)
		_, err := cmd.ExecuteC()
		if (err != nil) != tc.wantErr {
			t.Fatalf("%v: err %v", tc.args, err)
		}
		if tc.wantErr {
			continue
		}
		if gotName != tc.wantName || got.ID != tc.want.ID || got.JSON != tc.want.JSON {
			t.Errorf("%v: ran %q with %+v", tc.args, gotName, got)
		}
	}
}

func project(t *testing.T, text string) *Options {
	t.Helper()
	dir := t.TempDir()
	if text != "" {
		if err := os.WriteFile(filepath.Join(dir, "connections.local.yaml"), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ios, _, _, _ := iostreams.Test()
	env := map[string]string{"GH_TOKEN": "token-value-0123456789"}
	return &Options{IO: ios, WorkDir: func() (string, error) { return dir, nil }, Getenv: func(k string) string { return env[k] }}
}

// list names the variables a connection references and never reads a value.
func TestListRun(t *testing.T) {
	o := project(t, file)
	o.JSON = true
	if err := listRun(o); err != nil {
		t.Fatal(err)
	}
	out := o.IO.Out.(interface{ String() string }).String()
	var got []listEntry
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got) != 1 || got[0].ID != "my-github" || got[0].Integration != "github" || got[0].Type != "OAUTH2" || strings.Join(got[0].Variables, ",") != "GH_TOKEN" {
		t.Errorf("list: %+v", got)
	}
	if strings.Contains(out, "token-value") || strings.Contains(out, "refresh-value") {
		t.Errorf("list printed a secret:\n%s", out)
	}
}

// show resolves the variables and masks every secret, the integration's client secret too.
func TestShowRun(t *testing.T) {
	for _, asJSON := range []bool{false, true} {
		o := project(t, file)
		o.ID, o.JSON = "my-github", asJSON
		if err := showRun(o); err != nil {
			t.Fatal(err)
		}
		out := o.IO.Out.(interface{ String() string }).String()
		for _, secret := range []string{"token-value-0123456789", "refresh-value-0123456789", "client-secret-0123456789"} {
			if strings.Contains(out, secret) {
				t.Errorf("json=%v: show printed %s:\n%s", asJSON, secret, out)
			}
		}
		if !strings.Contains(out, Masked) || !strings.Contains(out, "acme") || !strings.Contains(out, "cid") {
			t.Errorf("json=%v: show:\n%s", asJSON, out)
		}
	}
}

// A missing file and an unknown id are usage errors (exit 2).
func TestShowRunErrors(t *testing.T) {
	for name, o := range map[string]*Options{"no file": project(t, ""), "unknown id": project(t, file)} {
		o.ID = "nope"
		err := showRun(o)
		if exitcode.Of(err) != exitcode.Usage {
			t.Errorf("%s: exit %d, err %v", name, exitcode.Of(err), err)
		}
	}
}
