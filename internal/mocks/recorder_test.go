package mocks

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nango-go/nango/pkg/jsjson"
)

const (
	plantedSecretKey = "sk-live-7f3a9c2e-4b1d-4e8f-9a6b-1c2d3e4f5a6b"
	plantedAccess    = "gho_AccessToken0123456789abcdef"
	plantedRefresh   = "ghr_RefreshToken0123456789abcdef"
	plantedAPIKey    = "key_live_ABCDEFGHIJKLMNOP"
	plantedPassword  = "correct horse battery staple"
)

var planted = []string{plantedSecretKey, plantedAccess, plantedRefresh, plantedAPIKey, plantedPassword}

func mustParse(t testing.TB, s string) jsjson.Value {
	t.Helper()
	v, err := jsjson.ParseString(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// allFiles maps every file under root (relative, slash-separated) to its contents.
func allFiles(t testing.TB, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	return out
}

func sortedKeys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestRecordingNeverWritesSecrets(t *testing.T) {
	root := t.TempDir()
	l := IntegrationLayout(root, "github")
	conn := mustParse(t, `{"id":42,"connection_id":"test-conn","provider_config_key":"github",
		"metadata":{"owner":"acme"},"connection_config":{"org":"acme"},
		"credentials":{"type":"OAUTH2","access_token":"`+plantedAccess+`","refresh_token":"`+plantedRefresh+`",
		  "expires_at":"2025-05-28T09:00:00.000Z","raw":{"access_token":"`+plantedAccess+`","token_type":"bearer","api_key":"`+plantedAPIKey+`"},
		  "config_override":{"client_secret":"`+plantedPassword+`"}}}`)
	scrub := NewScrubber(plantedSecretKey)
	scrub.AddConnection(conn)
	rec := NewRecorder(l, "issues", scrub)
	rec.RecordConnection(conn)

	req := Request{Method: "GET", Endpoint: "/repos/acme/issues",
		Params:  []Entry{entry("per_page", num(2)), entry("api_key", str(plantedAPIKey))},
		Headers: StringEntries("X-Api-Key", plantedAPIKey, "Authorization", "Bearer "+plantedAccess, "X-Trace", "has "+plantedSecretKey+" inside")}
	body := mustParse(t, `{"items":[{"id":1,"token":"`+plantedAccess+`","note":"password is `+plantedPassword+`"}],"`+plantedRefresh+`":true}`)
	headers := mustParse(t, `{"content-type":"application/json","set-cookie":"session=`+plantedAccess+`","x-echo":"`+plantedSecretKey+`"}`)
	path, err := rec.RecordResponse(req, 200, headers, body)
	if err != nil {
		t.Fatal(err)
	}
	rec.RecordInput(mustParse(t, `{"q":"`+plantedAPIKey+`"}`))
	rec.RecordOutput(mustParse(t, `{"ok":true,"echo":"`+plantedAccess+`"}`))
	if err := rec.Commit(); err != nil {
		t.Fatal(err)
	}

	files := allFiles(t, root)
	if len(files) != 5 {
		t.Errorf("files written: %v", sortedKeys(files))
	}
	for name, content := range files {
		for _, s := range planted {
			if bytes.Contains(content, []byte(s)) {
				t.Errorf("%s contains the planted secret %q:\n%s", name, s, content)
			}
		}
		if strings.Contains(name, ".tmp") {
			t.Errorf("temporary file left behind: %s", name)
		}
	}
	if got := string(files["github/mocks/nango/getConnection.json"]); got != "{\n  \"metadata\": {\n    \"owner\": \"acme\"\n  },\n  \"connection_config\": {\n    \"org\": \"acme\"\n  }\n}" {
		t.Errorf("getConnection.json =\n%s", got)
	}
	if got := string(files["github/mocks/nango/getMetadata.json"]); got != "{\n  \"owner\": \"acme\"\n}" {
		t.Errorf("getMetadata.json =\n%s", got)
	}
	// The file is named by the hash of the real request, so replay finds it.
	resp, err := NewReplayer(l, "issues").Lookup(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.File != path || resp.Status != 200 || !resp.HasHeaders {
		t.Errorf("replayed %+v", resp)
	}
	if _, ok := resp.Headers.Get("set-cookie"); ok {
		t.Error("set-cookie was recorded")
	}
	// Recorded file layout: the keys of cli-and-protocol §7.9, in that order.
	v := mustParse(t, string(files[filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))]))
	var keys []string
	for _, m := range v.Members {
		keys = append(keys, m.Key)
	}
	if strings.Join(keys, ",") != "method,endpoint,requestIdentityHash,requestIdentity,response,status,headers" {
		t.Errorf("recorded file keys = %v", keys)
	}
	if h, _ := v.Get("requestIdentityHash"); h.Str+".json" != filepath.Base(path) {
		t.Errorf("requestIdentityHash %q does not name the file %s", h.Str, path)
	}
}

func TestScrubberCheckRefusesSecrets(t *testing.T) {
	s := NewScrubber(`se"cret/value`, "short")
	if err := s.Check("f.json", []byte(`{"a":"se\"cret/value"}`)); err == nil {
		t.Error("a JSON-escaped secret passed the check")
	}
	if err := s.Check("f.json", []byte(`{"a":"short"}`)); err != nil {
		t.Errorf("values shorter than %d characters are not secrets: %v", minSecretLen, err)
	}
	root := t.TempDir()
	rec := NewRecorder(IntegrationLayout(root, "x"), "s", s)
	// A secret inside a property name is scrubbed too.
	if _, err := rec.RecordResponse(Request{Endpoint: "/a"}, 200, jsjson.ObjectValue(), mustParse(t, `{"se\"cret/value":1}`)); err != nil {
		t.Fatal(err)
	}
	for name, b := range allFiles(t, root) {
		if bytes.Contains(b, []byte(`se\"cret/value`)) {
			t.Errorf("%s holds the secret", name)
		}
	}
}

func TestSyncRecordingAndStaleFiles(t *testing.T) {
	root := t.TempDir()
	l := IntegrationLayout(root, "acme")
	page := func(cursor string) Request {
		r := Request{Endpoint: "/v1/contacts", Params: []Entry{entry("per_page", num(2))}}
		if cursor != "" {
			r.Params = append(r.Params, entry("cursor", str(cursor)))
		}
		return r
	}
	first := NewRecorder(l, "contacts", nil)
	first.DeclareModels("Contact", "Company")
	for _, c := range []string{"", "p2", "p3"} {
		if _, err := first.RecordResponse(page(c), 200, jsjson.ObjectValue(), jsjson.ArrayValue()); err != nil {
			t.Fatal(err)
		}
	}
	first.RecordBatchSave("Contact", `[{"id":"1"},{"id":"2"}]`)
	first.RecordBatchSave("Contact", `[{"id":"3"}]`)
	first.RecordBatchDelete("Contact", `[{"id":"9"}]`)
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := string(allFiles(t, root)["acme/mocks/contacts/Contact/batchSave.json"]); got != "[\n  {\n    \"id\": \"1\"\n  },\n  {\n    \"id\": \"2\"\n  },\n  {\n    \"id\": \"3\"\n  }\n]" {
		t.Errorf("batchSave.json =\n%s", got)
	}
	if got := string(allFiles(t, root)["acme/mocks/contacts/Company/batchDelete.json"]); got != "[]" {
		t.Errorf("Company batchDelete.json = %q", got)
	}

	// Another script's recordings and a legacy file of this script.
	other := NewRecorder(l, "other", nil)
	other.RecordResponse(page(""), 200, jsjson.ObjectValue(), jsjson.ArrayValue())
	other.RecordOutput(jsjson.NumberValue(1))
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	legacy := filepath.Join(l.Root, "nango", "get", "proxy", "v1", "old", "contacts.json")
	os.MkdirAll(filepath.Dir(legacy), 0o755)
	os.WriteFile(legacy, []byte("[]"), 0o644)
	before := allFiles(t, root)

	// Re-record: two pages only, one model, no deletes.
	second := NewRecorder(l, "contacts", nil)
	second.DeclareModels("Contact")
	second.RecordResponse(page(""), 200, jsjson.ObjectValue(), jsjson.ArrayValue())
	second.RecordResponse(page("p2"), 200, jsjson.ObjectValue(), jsjson.ArrayValue())
	second.RecordBatchSave("Contact", `[{"id":"1"}]`)
	if err := second.Commit(); err != nil {
		t.Fatal(err)
	}
	after := allFiles(t, root)
	p3, _ := l.HashedResponseFile("contacts", MustIdentity(page("p3")))
	rel := func(p string) string { r, _ := filepath.Rel(root, p); return filepath.ToSlash(r) }
	if _, ok := after[rel(p3)]; ok {
		t.Error("the response of the page no longer requested was kept")
	}
	if _, ok := after[rel(legacy)]; ok {
		t.Error("the script's stale legacy file was kept")
	}
	for _, gone := range []string{"acme/mocks/contacts/Company/batchSave.json", "acme/mocks/contacts/Company/batchDelete.json"} {
		if _, ok := after[gone]; ok {
			t.Errorf("stale %s kept", gone)
		}
	}
	for name, content := range before {
		if strings.Contains(name, "/other/") || strings.HasSuffix(name, "/other.json") {
			if !bytes.Equal(after[name], content) {
				t.Errorf("another script's file %s was changed or removed", name)
			}
		}
	}
	if got := string(after["acme/mocks/contacts/Contact/batchDelete.json"]); got != "[]" {
		t.Errorf("batchDelete.json = %q", got)
	}
	if len(after) != 6 {
		t.Errorf("files after re-recording: %v", sortedKeys(after))
	}
}

func TestVariantsAndNoBatchCalls(t *testing.T) {
	root := t.TempDir()
	l := IntegrationLayout(root, "acme")
	rec := NewRecorder(l, ScriptKey("contacts", "eu"), nil)
	rec.DeclareModels("Contact")
	rec.RecordResponse(Request{Endpoint: "/v1/x"}, 500, jsjson.ObjectValue(), mustParse(t, `{"error":"boom"}`))
	if err := rec.Commit(); err != nil {
		t.Fatal(err)
	}
	files := allFiles(t, root)
	id := MustIdentity(Request{Endpoint: "/v1/x"})
	if _, ok := files["acme/mocks/nango/get/proxy/v1/x/contacts/eu/"+id.Hash()+".json"]; !ok || len(files) != 1 {
		t.Errorf("a sync without batch calls writes only its responses; got %v", sortedKeys(files))
	}
	if ScriptKey("contacts", "base") != "contacts" {
		t.Error("the base variant has no folder of its own")
	}
}

func TestRecordingFailsWithoutPartialFiles(t *testing.T) {
	root := t.TempDir()
	l := IntegrationLayout(root, "acme")
	// A file where the script's folder should be: nothing can be written under it.
	os.MkdirAll(l.Root, 0o755)
	os.WriteFile(l.ScriptDir("s"), []byte("in the way"), 0o644)
	rec := NewRecorder(l, "s", nil)
	rec.RecordConnection(mustParse(t, `{"metadata":null,"connection_config":{}}`))
	rec.RecordOutput(jsjson.NumberValue(1))
	if err := rec.Commit(); err == nil {
		t.Fatal("commit should fail")
	}
	files := allFiles(t, root)
	if len(files) != 1 {
		t.Errorf("a failed commit left files behind: %v", sortedKeys(files))
	}
}
