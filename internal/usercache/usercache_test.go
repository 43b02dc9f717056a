package usercache

import (
	"errors"
	"path/filepath"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
		err  error
	}{
		{"xdg wins", map[string]string{"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"}, "/x/cache/nango", nil},
		{"relative xdg ignored", map[string]string{"XDG_CACHE_HOME": "rel", "HOME": "/home/u"}, "/home/u/.cache/nango", nil},
		{"home", map[string]string{"HOME": "/home/u"}, "/home/u/.cache/nango", nil},
		{"userprofile", map[string]string{"USERPROFILE": "/users/u"}, "/users/u/.cache/nango", nil},
		{"nothing", map[string]string{}, "", ErrNoHome},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New(env(tt.env))
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if d.Root != filepath.FromSlash(tt.want) {
				t.Fatalf("root = %q, want %q", d.Root, tt.want)
			}
		})
	}
}

func TestLayout(t *testing.T) {
	d := Dir{Root: "/c/nango"}
	checks := map[string]string{
		d.Providers():        "/c/nango/providers",
		d.ProvidersYAML():    "/c/nango/providers/node_modules/@nangohq/providers/providers.yaml",
		d.Deps():             "/c/nango/deps",
		d.DepsNodeModules():  "/c/nango/deps/node_modules",
		d.DepsPackage("zod"): "/c/nango/deps/node_modules/zod",
	}
	for got, want := range checks {
		if got != filepath.FromSlash(want) {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
