package generatetests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/example"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
)

func TestNewCmdGenerateTests(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    Options
		wantErr bool
	}{
		{args: nil},
		{args: []string{"-i", "demo", "-s", "contacts", "-a", "create-contact", "-a", "other"},
			want: Options{Integration: "demo", Syncs: []string{"contacts"}, Actions: []string{"create-contact", "other"}}},
		{args: []string{"extra"}, wantErr: true},
	} {
		ios, _, _, _ := iostreams.Test()
		var got *Options
		cmd := NewCmdGenerateTests(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
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
		if got.Integration != tc.want.Integration || strings.Join(got.Syncs, ",") != strings.Join(tc.want.Syncs, ",") ||
			strings.Join(got.Actions, ",") != strings.Join(tc.want.Actions, ",") {
			t.Errorf("%v: %+v", tc.args, got)
		}
	}
}

// exampleProject is `nango init --example`: recordings for a sync and an action, no test file.
func exampleProject(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "p")
	if _, err := example.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The first run writes one file per recorded script (paths on stdout); the second writes
// nothing and never touches what exists.
func TestGenerateTestsRun(t *testing.T) {
	dir := exampleProject(t)
	ios, _, stdout, _ := iostreams.Test()
	opts := &Options{IO: ios, WorkDir: func() (string, error) { return dir, nil }}
	if err := generateTestsRun(opts); err != nil {
		t.Fatal(err)
	}
	want := "demo/tests/demo-contacts.test.ts\ndemo/tests/demo-create-contact.test.ts\n"
	if stdout.String() != want {
		t.Fatalf("stdout %q, want %q", stdout.String(), want)
	}
	edited := filepath.Join(dir, "demo/tests/demo-contacts.test.ts")
	if err := os.WriteFile(edited, []byte("// mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ios2, _, stdout2, stderr2 := iostreams.Test()
	if err := generateTestsRun(&Options{IO: ios2, WorkDir: opts.WorkDir}); err != nil {
		t.Fatal(err)
	}
	if stdout2.Len() != 0 || !strings.Contains(stderr2.String(), "No test file to write") {
		t.Errorf("second run: stdout %q stderr %q", stdout2.String(), stderr2.String())
	}
	if b, _ := os.ReadFile(edited); string(b) != "// mine\n" {
		t.Errorf("an existing test file was overwritten: %q", b)
	}
}

// A filter that names nothing is a usage error and writes nothing.
func TestGenerateTestsRunFilters(t *testing.T) {
	for _, o := range []Options{{Integration: "nope"}, {Syncs: []string{"nope"}}, {Actions: []string{"contacts"}}} {
		dir := exampleProject(t)
		ios, _, _, _ := iostreams.Test()
		o.IO, o.WorkDir = ios, func() (string, error) { return dir, nil }
		err := generateTestsRun(&o)
		if exitcode.Of(err) != exitcode.Usage {
			t.Errorf("%+v: exit %d (%v)", o, exitcode.Of(err), err)
		}
		if _, err := os.Stat(filepath.Join(dir, "demo/tests")); err == nil {
			t.Errorf("%+v: demo/tests was written", o)
		}
	}
}
