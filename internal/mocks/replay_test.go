package mocks

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/pkg/jsjson"
)

// fixtureProject is testdata/mocks/project, written by testdata/mocks/make-project.js (Node,
// independent of this package): hashed responses, a legacy file, connection, metadata and
// the files of an action and a sync.
func fixtureProject(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "mocks", "project"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("fixture missing: %v", err)
	}
	return dir
}

func copyTree(t testing.TB, src string) string {
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestLookupHashedResponses(t *testing.T) {
	l := IntegrationLayout(fixtureProject(t), "acme-crm")
	r := NewReplayer(l, "fetch-contacts")
	resp, err := r.Lookup(Request{Method: "GET", Endpoint: "/v1/contacts", Params: []Entry{entry("per_page", num(2))}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(resp.File, "1ef2e60b69534cfb991a6a4344d7a546340bacfe.json") || resp.Legacy {
		t.Errorf("file = %s legacy=%v", resp.File, resp.Legacy)
	}
	if resp.Status != 201 && resp.Status != 200 || !resp.HasStatus || !resp.HasHeaders || resp.StopPaginating() {
		t.Errorf("status=%d hasStatus=%v hasHeaders=%v", resp.Status, resp.HasStatus, resp.HasHeaders)
	}
	if got := string(jsjson.MustStringify(jsjson.GetPath(resp.Data, "next"))); got != `"page2"` {
		t.Errorf("next = %s", got)
	}
	// Second page: params in another order hash the same.
	resp, err = r.Lookup(Request{Endpoint: "v1/contacts", Params: []Entry{entry("cursor", str("page2")), entry("per_page", num(2))}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(resp.File, "c07a9d509068f84ae82961a2ce5acbbcfcaf8bda.json") {
		t.Errorf("file = %s", resp.File)
	}
	// A POST with a JSON body.
	r = NewReplayer(l, "create-contact")
	resp, err = r.Lookup(Request{Method: "post", Endpoint: "/v1/contacts", Body: JSONBody(`{"name":"Dee","email":"dee@example.com"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 201 {
		t.Errorf("status = %d", resp.Status)
	}
}

func TestMissingHashedRecordingNamesFileAndIdentity(t *testing.T) {
	l := IntegrationLayout(fixtureProject(t), "acme-crm")
	r := NewReplayer(l, "fetch-contacts")
	_, err := r.Lookup(Request{Method: "GET", Endpoint: "/v1/contacts", Params: []Entry{entry("per_page", str("2"))}})
	var mr *MissingRecordingError
	if !errors.As(err, &mr) {
		t.Fatalf("err = %v, want a MissingRecordingError", err)
	}
	msg := err.Error()
	id := MustIdentity(Request{Method: "GET", Endpoint: "/v1/contacts", Params: []Entry{entry("per_page", str("2"))}})
	wantFile := filepath.Join(l.Root, "nango", "get", "proxy", "v1", "contacts", "fetch-contacts", id.Hash()+".json")
	for _, want := range []string{
		`no recorded response for GET v1/contacts (script "fetch-contacts")`,
		"expected file: " + wantFile,
		`request identity: {"method":"get","endpoint":"v1/contacts","params":[["per_page","2"]],"headers":[]}`,
		"closest recording: ",
		`param per_page: request "2" (string), recorded 2 (number)`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "legacy") {
		t.Errorf("the hashed folder exists, the legacy file is not consulted:\n%s", msg)
	}
	if !strings.Contains(mr.Hint(), "--save-responses") {
		t.Errorf("hint = %q", mr.Hint())
	}
}

func TestLegacyLookupAndLastPage(t *testing.T) {
	l := IntegrationLayout(fixtureProject(t), "acme-crm")
	r := NewReplayer(l, "whoami")
	resp, err := r.Lookup(Request{Method: "GET", Endpoint: "/v1/me", Params: []Entry{entry("anything", num(1))}})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Legacy || resp.HasHeaders || resp.HasStatus || !resp.StopPaginating() {
		t.Errorf("legacy response = %+v", resp)
	}
	pages, err := LastPageYields(resp.Data, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(jsjson.MustStringify(jsjson.ArrayValue(pages...))); got != `[[{"id":1}],["admin"]]` {
		t.Errorf("yields %s", got)
	}
	pages, _ = LastPageYields(resp.Data, "teams")
	if got := string(jsjson.MustStringify(jsjson.ArrayValue(pages...))); got != `[[{"id":1}]]` {
		t.Errorf("with response_path yields %s", got)
	}
	arr, _ := jsjson.ParseString(`[1,[2],{"a":[3]}]`)
	pages, _ = LastPageYields(arr, "")
	if got := string(jsjson.MustStringify(jsjson.ArrayValue(pages...))); got != `[[1,[2],{"a":[3]}],[2]]` {
		t.Errorf("array body yields %s", got)
	}
	if _, err := LastPageYields(jsjson.NullValue(), ""); err == nil {
		t.Error("null body should be a TypeError")
	}

	_, err = r.Lookup(Request{Endpoint: "/v1/teams"})
	var mr *MissingRecordingError
	if !errors.As(err, &mr) {
		t.Fatalf("err = %v", err)
	}
	if want := filepath.Join(l.Root, "nango", "get", "proxy", "v1", "teams", "whoami.json"); !strings.Contains(err.Error(), "(or the legacy file "+want+")") {
		t.Errorf("message should name the legacy file:\n%s", err)
	}
}

func TestHashedFolderWinsOverLegacyFile(t *testing.T) {
	root := copyTree(t, fixtureProject(t))
	l := IntegrationLayout(root, "acme-crm")
	// whoami gets a hashed folder for v1/me that does not hold this request: the legacy file
	// must not be used any more.
	other := MustIdentity(Request{Endpoint: "/v1/me", Params: []Entry{entry("x", num(1))}})
	rec := NewRecorder(l, "whoami", nil)
	if _, err := rec.RecordResponse(Request{Endpoint: "/v1/me", Params: []Entry{entry("x", num(1))}}, 200, jsjson.ObjectValue(), jsjson.StringValue("hashed")); err != nil {
		t.Fatal(err)
	}
	r := NewReplayer(l, "whoami")
	if _, err := r.Lookup(Request{Endpoint: "/v1/me"}); err == nil {
		t.Fatal("the legacy file was used although the hashed folder exists")
	}
	resp, err := r.Lookup(Request{Endpoint: "/v1/me", Params: []Entry{entry("x", num(1))}})
	if err != nil || resp.Data.Str != "hashed" || !strings.HasSuffix(resp.File, other.Hash()+".json") {
		t.Fatalf("resp=%+v err=%v", resp, err)
	}
}

func TestLookupFindsFilesOfTheReferenceRecorder(t *testing.T) {
	root := t.TempDir()
	l := IntegrationLayout(root, "acme-crm")
	// The reference recorder hashed query values as strings and dropped the JSON content type.
	req := Request{Endpoint: "/v1/contacts", Params: []Entry{entry("limit", num(100))}, Headers: StringEntries("Content-Type", "application/json")}
	alt, _ := recorderIdentity(req)
	path, _ := l.HashedResponseFile("sync", alt)
	file := jsjson.ObjectValue(jsjson.Member{Key: "response", Value: jsjson.ArrayValue()}, jsjson.Member{Key: "status", Value: num(200)}, jsjson.Member{Key: "headers", Value: jsjson.ObjectValue()})
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, jsjson.Indent(file, "  "), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewReplayer(l, "sync").Lookup(req); err != nil {
		t.Fatalf("recorder-style file not found: %v", err)
	}
	exact := NewReplayer(l, "sync")
	exact.ExactOnly = true
	if _, err := exact.Lookup(req); err == nil {
		t.Fatal("ExactOnly must not use the recorder-style identity")
	}
}

func TestEndpointCannotEscapeTheMocksFolder(t *testing.T) {
	l := IntegrationLayout(t.TempDir(), "acme")
	for _, ep := range []string{"../../etc/passwd", "a/../../b", "./x"} {
		if _, err := NewReplayer(l, "s").Lookup(Request{Endpoint: ep}); err == nil || errors.As(err, new(*MissingRecordingError)) {
			t.Errorf("endpoint %q: err = %v, want a path error", ep, err)
		}
	}
}

func TestDiscoverAndReaders(t *testing.T) {
	root := fixtureProject(t)
	found, err := Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range found {
		got = append(got, s.Integration+"/"+s.Script+" models="+strings.Join(s.Models, ",")+" action="+map[bool]string{true: "yes", false: "no"}[s.IsAction()])
	}
	want := []string{"acme-crm/create-contact models= action=yes", "acme-crm/fetch-contacts models=Contact action=no", "acme-crm/whoami models= action=yes"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Discover:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	l := IntegrationLayout(root, "acme-crm")
	if _, found, err := l.ReadInput("whoami"); found || err != nil {
		t.Errorf("missing input: found=%v err=%v", found, err)
	}
	in, ok, err := l.ReadInput("create-contact")
	if !ok || err != nil || jsjson.GetPath(in, "name").Str != "Dee" {
		t.Errorf("input = %+v %v %v", in, ok, err)
	}
	_, err = l.ReadOutput("fetch-contacts")
	var mf *MissingFileError
	if !errors.As(err, &mf) || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), filepath.Join("fetch-contacts", "output.json")) {
		t.Errorf("missing output err = %v", err)
	}
	if _, found, err := l.ReadBatchDelete("fetch-contacts", "Nope"); found || err != nil {
		t.Errorf("missing batchDelete: %v %v", found, err)
	}
	conn, err := l.ReadConnection()
	if err != nil || jsjson.GetPath(conn, "connection_config.subdomain").Str != "acme" {
		t.Errorf("connection = %+v %v", conn, err)
	}
	if md, err := l.ReadMetadata(); err != nil || jsjson.GetPath(md, "region").Str != "eu" {
		t.Errorf("metadata = %+v %v", md, err)
	}

	bad := t.TempDir()
	lb := IntegrationLayout(bad, "x")
	os.MkdirAll(lb.ScriptDir("s"), 0o755)
	os.WriteFile(lb.OutputFile("s"), []byte("{\n  \"a\": 1,\n}"), 0o644)
	_, err = lb.ReadOutput("s")
	if err == nil || !strings.Contains(err.Error(), "output.json: invalid JSON at line 3, column 1") {
		t.Errorf("invalid JSON err = %v", err)
	}
}
