package dryrun

import (
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
)

func TestCheckpointArgument(t *testing.T) {
	for _, tc := range []struct {
		value string
		err   string
	}{
		{`{"cursor":"page2","n":3,"done":false}`, ""},
		{`{}`, ""},
		{`{"a":{"b":1}}`, `"a" is not a string, number or boolean`},
		{`{"a":null}`, `"a" is not a string, number or boolean`},
		{`["x"]`, "must be a JSON object"},
		{`page2`, "not valid JSON"},
	} {
		o := Options{Dir: t.TempDir(), Checkpoint: tc.value}
		a, err := o.parseArgs()
		switch {
		case tc.err == "" && (err != nil || string(a.checkpoint) != tc.value):
			t.Errorf("--checkpoint %s: %v %q", tc.value, err, a.checkpoint)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || exitcode.Of(err) != exitcode.Usage):
			t.Errorf("--checkpoint %s: %v (exit %d), want a usage error with %q", tc.value, err, exitcode.Of(err), tc.err)
		}
	}
}
