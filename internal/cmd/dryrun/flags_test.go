package dryrun

import (
	"bytes"
	"errors"
	"net/http"
	"testing"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/iostreams"
)

// The engine returns typed usage errors; the command words them with its flag names and
// makes them flag errors (usage printed, exit code 2) before anything is loaded.
func TestEngineUsageErrorsNameTheFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"s", "c", "--save-responses", "--replay"}, "--save-responses and --replay cannot be combined: record against the server first, then replay"},
		{[]string{"s", "c", "--save", "--save-responses"}, "--save cannot be combined with --save-responses or --replay: --save writes <integration>/tests/<name>.test.json, the others read and write <integration>/mocks/"},
		{[]string{"s", "c", "--save", "--replay"}, "--save cannot be combined with --save-responses or --replay: --save writes <integration>/tests/<name>.test.json, the others read and write <integration>/mocks/"},
		{[]string{"s", "c", "--variant", "a/b"}, `invalid --variant "a/b": a variant name may not contain / or \ nor be . or ..`},
	} {
		ios, _, _, _ := iostreams.Test()
		dir := t.TempDir()
		f := &cmdutil.Factory{IOStreams: ios, WorkDir: func() (string, error) { return dir, nil },
			Getenv:     func(string) string { return "" },
			HttpClient: func() (*http.Client, error) { return http.DefaultClient, nil }}
		cmd := NewCmdDryrun(f, nil)
		cmd.SetArgs(tc.args)
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		err := cmd.Execute()
		var fe *cmdutil.FlagError
		if !errors.As(err, &fe) || err.Error() != tc.want {
			t.Errorf("%v: got %T %v", tc.args, err, err)
		}
	}
}
