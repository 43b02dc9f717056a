package cmdutil

import (
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
)

func TestParseByteSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		err  string
	}{
		{"512MiB", 512 << 20, ""},
		{"512mb", 512 << 20, ""},
		{"8GiB", 8 << 30, ""},
		{"8G", 8 << 30, ""},
		{" 1.5 GiB ", 3 << 29, ""},
		{"4096", 4096 << 20, ""}, // a bare number is MiB, as Node's --max-old-space-size
		{"1TiB", 1 << 40, ""},
		{"16MiB", 16 << 20, ""},
		{"1MiB", 0, "at least 16MiB"},
		{"lots", 0, "invalid size"},
		{"", 0, "invalid size"},
		{"-1GiB", 0, "invalid size"},
		{"1PB", 0, "unknown unit"},
		{"1e30GiB", 0, "too large"},
	} {
		got, err := ParseByteSize(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: got %d, %v; want an error with %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %d, %v; want %d", c.in, got, err, c.want)
		}
	}
}

func TestMemoryFlagResolve(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == MaxMemoryEnv {
				return v
			}
			return ""
		}
	}
	var m MemoryFlag
	if n, err := m.Resolve(env("")); n != 0 || err != nil {
		t.Errorf("unset: %d %v", n, err)
	}
	if n, err := m.Resolve(env("2GiB")); n != 2<<30 || err != nil {
		t.Errorf("env: %d %v", n, err)
	}
	if _, err := m.Resolve(env("x")); exitcode.Of(err) != exitcode.Usage || !strings.Contains(err.Error(), MaxMemoryEnv) {
		t.Errorf("bad env: %v", err)
	}
	if err := m.Set("1GiB"); err != nil {
		t.Fatal(err)
	}
	if n, _ := m.Resolve(env("2GiB")); n != 1<<30 {
		t.Errorf("the flag must win over the environment: %d", n)
	}
	if err := m.Set("nope"); err == nil {
		t.Error("Set must check the value")
	}
}
