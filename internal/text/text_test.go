package text

import "testing"

func TestPluralize(t *testing.T) {
	for n, want := range map[int]string{0: "0 scripts", 1: "1 script", 2: "2 scripts", -1: "-1 scripts"} {
		if got := Pluralize(n, "script"); got != want {
			t.Errorf("Pluralize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestStripUserinfo(t *testing.T) {
	for in, want := range map[string]string{
		"http://u:PW@host:3003":                            "http://host:3003",
		"https://user@nango.acme.io/v1/":                   "https://nango.acme.io/v1/",
		"http://u:p@ss@host/x?a=b@c":                       "http://host/x?a=b@c",
		"http://host/path?email=a@b.c":                     "http://host/path?email=a@b.c",
		"https://api.nango.dev":                            "https://api.nango.dev",
		`Get "http://u:***@127.0.0.1:1/connection/x": EOF`: `Get "http://127.0.0.1:1/connection/x": EOF`,
		"at http://a:b@h1 and https://c@h2/p, mail x@y":    "at http://h1 and https://h2/p, mail x@y",
		"no url here: a@b":                                 "no url here: a@b",
	} {
		if got := StripUserinfo(in); got != want {
			t.Errorf("StripUserinfo(%q) = %q, want %q", in, got, want)
		}
	}
}
