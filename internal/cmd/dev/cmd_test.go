package dev

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/watch"
)

func TestNewCmdDev(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		check   func(*Options) bool
		wantErr bool
	}{
		{nil, func(o *Options) bool { return !o.Once && !o.JSON && o.Debounce == watch.DefaultDebounce }, false},
		{[]string{"--once", "--json", "--no-typecheck", "--debounce", "5ms", "--no-compile-interfaces"}, func(o *Options) bool {
			return o.Once && o.JSON && o.NoTypecheck && o.Debounce == 5*time.Millisecond && o.NoCompileInterfaces
		}, false},
		{[]string{"extra"}, nil, true},
	} {
		ios, _, _, _ := iostreams.Test()
		var got *Options
		cmd := NewCmdDev(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetOut(ios.ErrOut)
		cmd.SetErr(ios.ErrOut)
		_, err := cmd.ExecuteC()
		if (err != nil) != tc.wantErr {
			t.Fatalf("%v: err %v", tc.args, err)
		}
		if !tc.wantErr && !tc.check(got) {
			t.Errorf("%v: %+v", tc.args, got)
		}
	}
}

func TestDevRunWithoutProject(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	dir := t.TempDir()
	err := devRun(context.Background(), &Options{IO: ios, Once: true, WorkDir: func() (string, error) { return dir, nil }, Getenv: func(string) string { return "" }})
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(err.Error(), "no nango.yaml found at") || !strings.Contains(exitcode.HintOf(err), "nango init") {
		t.Fatalf("%v (exit %d, hint %q)", err, exitcode.Of(err), exitcode.HintOf(err))
	}
}
