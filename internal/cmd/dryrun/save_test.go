package dryrun

import (
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/pkg/jsjson"
)

// savedServer is zeroServer answering the provider requests of a recorded --save run as the
// recordings' fake did (fake_nango_zero.py): the same bodies, byte for byte (Python's
// json.dumps), and its Server and Date headers, taken from the file that run wrote. What
// --save writes from them must then be that file.
func savedServer(t *testing.T, saved string) *fakenango.Server {
	t.Helper()
	file := readJSONFile(t, zeroPeer+"/dryrun/saved-mocks/"+saved)
	srv := fakenango.New()
	t.Cleanup(srv.Close)
	// The recordings' fake passed every provider header through its /proxy.
	srv.ForwardAllResponseHeaders(true)
	var routes []savedRoute
	api, _ := file.Get("api")
	for _, m := range api.Members {
		for _, ep := range m.Value.Members {
			entries := []jsjson.Value{ep.Value}
			if ep.Value.Kind == jsjson.Array {
				entries = ep.Value.Items
			}
			for _, e := range entries {
				target := ep.Key
				rq, _ := e.Get("request")
				if params, ok := rq.Get("params"); ok {
					var q []string
					for _, p := range params.Members {
						q = append(q, p.Key+"="+p.Value.Str)
					}
					target += "?" + strings.Join(q, "&")
				}
				status, _ := e.Get("status")
				headers, _ := e.Get("headers")
				body, _ := e.Get("response")
				text := pyDumps(body)
				if cl, _ := headers.Get("content-length"); cl.Str != "" && cl.Str != itoa(len(text)) {
					t.Fatalf("%s %s: our rendering of the body is %d bytes, the recorded answer %s", m.Key, ep.Key, len(text), cl.Str)
				}
				h := http.Header{}
				for _, k := range []string{"server", "date", "content-type"} {
					if v, ok := headers.Get(k); ok {
						h.Set(k, v.Str)
					}
				}
				routes = append(routes, savedRoute{strings.ToUpper(m.Key), target, fakenango.Response{Status: int(status.Num), Header: h, Body: []byte(text)}})
			}
		}
	}
	// A route without a query answers any query: those with one go first (the first match
	// answers), or every page would be the first.
	sort.SliceStable(routes, func(i, j int) bool {
		return strings.Contains(routes[i].target, "?") && !strings.Contains(routes[j].target, "?")
	})
	for _, r := range routes {
		srv.Provider(r.method, r.target, r.resp)
	}
	return zeroRoutes(t, srv, false)
}

type savedRoute struct {
	method, target string
	resp           fakenango.Response
}

// compareSaved compares the file --save wrote with the reference's, byte for byte but for
// the order of each entry's response headers: ours are sorted (Go's http.Header keeps no
// wire order), the reference keeps the order they arrived in; replay reads them by name.
func compareSaved(t *testing.T, gotPath, wantPath string) {
	t.Helper()
	raw, err := os.ReadFile(gotPath)
	if err != nil {
		t.Fatalf("--save wrote no file: %v", err)
	}
	if strings.HasSuffix(string(raw), "\n") {
		t.Errorf("%s ends with a newline; the reference's does not", gotPath)
	}
	got, want := readJSONFile(t, gotPath), readJSONFile(t, wantPath)
	g, w := string(jsjson.Indent(sortHeaders(got), "  ")), string(jsjson.Indent(sortHeaders(want), "  "))
	if g != w {
		t.Errorf("%s differs from the reference's file\n--- got\n%s\n--- want\n%s", gotPath, g, w)
	}
}

func readJSONFile(t *testing.T, path string) jsjson.Value {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsjson.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// sortHeaders sorts the response headers of every api entry by name.
func sortHeaders(file jsjson.Value) jsjson.Value {
	api, _ := file.Get("api")
	for _, m := range api.Members {
		for _, ep := range m.Value.Members {
			entries := []jsjson.Value{ep.Value}
			if ep.Value.Kind == jsjson.Array {
				entries = ep.Value.Items
			}
			for _, e := range entries {
				for i := range e.Members {
					if e.Members[i].Key == "headers" {
						hs := e.Members[i].Value.Members
						sort.Slice(hs, func(a, b int) bool { return hs[a].Key < hs[b].Key })
					}
				}
			}
		}
	}
	return file
}

// pyDumps is Python's json.dumps(v) for the values of these recordings (ASCII text): ", "
// between items and ": " after keys.
func pyDumps(v jsjson.Value) string {
	switch v.Kind {
	case jsjson.Object:
		parts := make([]string, len(v.Members))
		for i, m := range v.Members {
			parts[i] = string(jsjson.AppendQuoted(nil, m.Key)) + ": " + pyDumps(m.Value)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case jsjson.Array:
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = pyDumps(it)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return string(jsjson.MustStringify(v))
}

func itoa(n int) string { return jsjson.FormatNumber(float64(n)) }

// compareErrorLines checks that the "error <message> [keyword]" lines of a recorded
// validation report are in ours, in order (the rest of the layout is ours: README,
// "Compatibility notes").
func compareErrorLines(t *testing.T, recorded, ours string) {
	t.Helper()
	data, err := os.ReadFile(recorded)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "error ") {
			want = append(want, strings.TrimSpace(l))
		}
	}
	if len(want) == 0 {
		t.Fatalf("%s has no error line", recorded)
	}
	var got []string
	for _, l := range strings.Split(ours, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "error ") {
			got = append(got, strings.TrimSpace(l))
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("validation errors differ from the reference's\n--- got\n%s\n--- want\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
