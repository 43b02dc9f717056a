package version

import (
	"encoding/json"
	"testing"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/iostreams"
)

func TestNewCmdVersion(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *Options
	cmd := NewCmdVersion(&cmdutil.Factory{IOStreams: ios, AppVersion: "1.2.3"}, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--json"})
	if _, err := cmd.ExecuteC(); err != nil || !got.JSON || got.AppVersion != "1.2.3" {
		t.Fatalf("%v %+v", err, got)
	}
}

func TestVersionRun(t *testing.T) {
	ios, _, stdout, _ := iostreams.Test()
	if err := versionRun(&Options{IO: ios, AppVersion: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	if want := "Nango CLI version: 1.2.3 (compatible with nango " + build.ReferenceCLIVersion + ")\n"; stdout.String() != want {
		t.Errorf("got %q, want %q", stdout.String(), want)
	}
	ios, _, stdout, _ = iostreams.Test()
	if err := versionRun(&Options{IO: ios, AppVersion: "1.2.3", JSON: true}); err != nil {
		t.Fatal(err)
	}
	var v map[string]string
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil || v["version"] != "1.2.3" || v["referenceVersion"] != build.ReferenceCLIVersion {
		t.Errorf("json %q: %v", stdout.String(), err)
	}
}
