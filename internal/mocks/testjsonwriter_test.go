package mocks

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/pkg/jsjson"
)

// TestTestRecorderMatchesSave rebuilds the three files `nango dryrun --save` wrote in
// ../shared/fixtures/peer-cli-zero/dryrun (saved-mocks/) from the run's proxied requests
// (save-*.requests.jsonl: the wire path still has /proxy/) and the recorded values, and
// compares them byte for byte: same keys in the same order, same hashes, same request
// fields, 2-space indent, no trailing newline.
func TestTestRecorderMatchesSave(t *testing.T) {
	dir := "../../../shared/fixtures/peer-cli-zero/dryrun"
	if _, err := os.Stat(filepath.Join(dir, "saved-mocks")); err != nil {
		t.Skip("../shared/fixtures/peer-cli-zero is not present")
	}
	cases := []struct {
		run, file string
		action    bool
		models    []string
		conn      string // the connection the function fetched ("" when it did not)
	}{
		{"save-sync", "acme-crm/tests/fetchContacts.test.json", false, []string{"Contact", "Company"},
			`{"connection_config":{"subdomain":"acme-test"},"metadata":{"lists":["vip","newsletter"]},"credentials":{"type":"API_KEY","apiKey":"sk-secret-1234"}}`},
		{"save-action", "acme-crm/tests/createContact.test.json", true, nil, ""},
		{"save-action-get-order", "globex-erp/tests/get-order.test.json", true, nil, ""},
	}
	for _, c := range cases {
		want, err := os.ReadFile(filepath.Join(dir, "saved-mocks", c.file))
		if err != nil {
			t.Fatal(err)
		}
		saved, err := ReadTestFile(filepath.Join(dir, "saved-mocks", c.file))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "tests", "x.test.json")
		rec := NewTestRecorder(path, c.action, NewScrubber("sk-secret-1234"))
		rec.DeclareModels(c.models...)
		if c.action {
			in, _ := saved.Root.Get("input")
			out, _ := saved.Root.Get("output")
			rec.RecordInput(in)
			rec.RecordOutput(out)
		}
		if c.conn != "" {
			conn, err := jsjson.ParseString(c.conn)
			if err != nil {
				t.Fatal(err)
			}
			rec.RecordConnection(conn)
		}
		for _, req := range proxiedRequests(t, filepath.Join(dir, c.run+".requests.jsonl")) {
			// the response as the fake answered it, taken from the saved entry with its hash
			resp, err := saved.Lookup("x", req)
			if err != nil {
				t.Fatalf("%s: %v", c.run, err)
			}
			if _, err := rec.RecordResponse(req, resp.Status, resp.Headers, resp.Data); err != nil {
				t.Fatal(err)
			}
		}
		if !c.action {
			for _, m := range c.models {
				bs, _ := saved.Root.Get("nango")
				recs, _ := bs.Get("batchSave")
				v, _ := recs.Get(m)
				if err := rec.RecordBatchSave(m, string(jsjson.MustStringify(v))); err != nil {
					t.Fatal(err)
				}
			}
		}
		if got := rec.Encode(); string(got) != string(want) {
			t.Errorf("%s: differs from the reference's file\n--- got\n%s\n--- want\n%s", c.file, got, want)
		}
		if err := rec.Commit(); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != string(want) {
			t.Errorf("%s: the written file differs from Encode", c.file)
		}
	}
}

// proxiedRequests are the /proxy/ requests of a recorded run, as the function made them:
// the path, the query and the JSON body (the headers the SDK and Node add are left out, as
// the function passed none).
func proxiedRequests(t *testing.T, path string) []Request {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Request
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			Method string              `json:"method"`
			Path   string              `json:"path"`
			Query  map[string][]string `json:"query"`
			Body   json.RawMessage     `json:"body"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(line.Path, "/proxy/") {
			continue
		}
		req := Request{Method: line.Method, Endpoint: line.Path}
		for k, vs := range line.Query {
			for _, v := range vs {
				req.Params = append(req.Params, Entry{Key: k, Value: jsjson.StringValue(v)})
			}
		}
		if len(line.Body) > 0 && string(line.Body) != "null" {
			req.Body = JSONBody(string(line.Body))
		}
		out = append(out, req)
	}
	return out
}

// No secret the run knows reaches the file: not in a response, a response header, a
// sensitive param or the connection; the file still replays the request by its hash.
func TestTestRecorderScrubs(t *testing.T) {
	path := TestFilePath(t.TempDir(), "me-crm", "me")
	rec := NewTestRecorder(path, true, NewScrubber("sk-secret-1234"))
	req := Request{Method: "GET", Endpoint: "/v1/me", Params: StringEntries("api_key", "sk-secret-1234", "q", "a")}
	headers := jsjson.ObjectValue(jsjson.Member{Key: "set-cookie", Value: jsjson.StringValue("s=sk-secret-1234")}, jsjson.Member{Key: "x-echo", Value: jsjson.StringValue("token sk-secret-1234")})
	body := jsjson.ObjectValue(jsjson.Member{Key: "token", Value: jsjson.StringValue("sk-secret-1234")})
	if _, err := rec.RecordResponse(req, 200, headers, body); err != nil {
		t.Fatal(err)
	}
	rec.RecordConnection(jsjson.ObjectValue(jsjson.Member{Key: "connection_config", Value: jsjson.ObjectValue(jsjson.Member{Key: "provider", Value: jsjson.StringValue("sk-secret-1234")})}))
	if err := rec.Commit(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"getConnection": {`) {
		t.Errorf("the fetched connection is not kept as getConnection:\n%s", data)
	}
	if strings.Contains(string(data), "sk-secret-1234") || strings.Contains(string(data), "set-cookie") {
		t.Fatalf("a secret reached the file:\n%s", data)
	}
	f, err := ReadTestFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Lookup("me", req); err != nil {
		t.Errorf("the saved file does not replay its own request: %v", err)
	}
}

// A stubbed metadata without the function fetching its connection writes nango: {}, as the
// reference does for an action that never asked.
func TestTestRecorderNoConnection(t *testing.T) {
	rec := NewTestRecorder(filepath.Join(t.TempDir(), "a.test.json"), true, nil)
	rec.RecordMetadata(jsjson.ObjectValue(jsjson.Member{Key: "a", Value: jsjson.NumberValue(1)}))
	rec.RecordInput(jsjson.NullValue())
	if got := string(rec.Encode()); got != "{\n  \"input\": null,\n  \"nango\": {},\n  \"api\": {}\n}" {
		t.Errorf("got %s", got)
	}
}
