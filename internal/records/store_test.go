package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/schemavalidate"
)

const testSchema = `{"definitions":{
"Contact":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},
 "address":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}},
 "required":["id","name"],"additionalProperties":false},
"Company":{"type":"object","properties":{"id":{"type":"number"},"name":{"type":"string"}},"required":["id","name"],"additionalProperties":false}}}`

type logBuf struct{ lines []string }

func (l *logBuf) log(level Level, msg string) { l.lines = append(l.lines, string(level)+": "+msg) }

func newStore(t *testing.T, validation bool, variant string) (*Store, *logBuf) {
	t.Helper()
	s, err := schemavalidate.Parse([]byte(testSchema))
	if err != nil {
		t.Fatal(err)
	}
	l := &logBuf{}
	return New(Options{Schema: s, Validation: validation, Variant: variant, Log: l.log}), l
}

func texts(rs []json.RawMessage) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if !bytes.Equal(g, w) {
		t.Errorf("%s:\n got  %s\n want %s", what, g, w)
	}
}

// TestSyncSavingTwoModelsWithDuplicates is issue 5's acceptance case at the store level.
func TestSyncSavingTwoModelsWithDuplicates(t *testing.T) {
	s, l := newStore(t, false, "")
	must(t, s.Save("Contact", []byte(`[{"id":"1","name":"Ada"},{"id":"2","name":"Alan"},{"id":"1","name":"Ada L."},{"id":"3","name":"Grace"}]`)))
	must(t, s.Save("Company", []byte(`[{"id":100,"name":"Acme"},{"id":100,"name":"Acme Inc"},{"id":101,"name":"Globex"}]`)))
	must(t, s.Save("Contact", []byte(`[{"id":"1","name":"Ada again"}]`))) // across calls: not de-duplicated
	must(t, s.Delete("Contact", []byte(`[{"id":"9"}]`)))

	eq(t, "logs", l.lines, []string{
		"warn: batchSave detected duplicate records for ID: 1. Keeping the last occurrence.",
		"warn: batchSave detected duplicate records for ID: 100. Keeping the last occurrence.",
	})
	eq(t, "counts", s.Counts(), Counts{Added: 6, Deleted: 1})
	eq(t, "contacts", texts(s.Saved("Contact")), []string{
		`{"id":"2","name":"Alan"}`, `{"id":"1","name":"Ada L."}`, `{"id":"3","name":"Grace"}`, `{"id":"1","name":"Ada again"}`,
	})
	eq(t, "companies", texts(s.Saved("Company")), []string{`{"id":100,"name":"Acme Inc"}`, `{"id":101,"name":"Globex"}`})
	eq(t, "deleted", texts(s.Deleted("Contact")), []string{`{"id":"9"}`})
	eq(t, "models", s.Models(), []string{"Contact", "Company"})
	var msgs []string
	for _, m := range s.Messages() {
		msgs = append(msgs, string(m.Pretty()))
	}
	if len(msgs) != (1+3)+(1+2)+(1+1)+(1+1) {
		t.Errorf("messages: %d %q", len(msgs), msgs)
	}
	if msgs[0] != `"A batch save call would save the following data to the Contact model:"` || msgs[4] != `"A batch save call would save the following data to the Company model:"` {
		t.Errorf("headers: %q", msgs)
	}
	if msgs[1] != "{\n  \"id\": \"2\",\n  \"name\": \"Alan\"\n}" {
		t.Errorf("record: %q", msgs[1])
	}
	if !s.HasMessages() || len(s.InvalidRecords()) != 0 {
		t.Error("bookkeeping")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestDedupeSemantics(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		kept  []string
		warns []string
	}{
		{"reverse scan order", `[{"id":"A","n":1},{"id":"B","n":1},{"id":"A","n":2},{"id":"B","n":2}]`,
			[]string{`{"id":"A","n":2}`, `{"id":"B","n":2}`}, []string{"B", "A"}},
		{"three copies", `[{"id":"A","n":1},{"id":"A","n":2},{"id":"A","n":3}]`,
			[]string{`{"id":"A","n":3}`}, []string{"A", "A"}},
		{"number and string differ", `[{"id":1},{"id":"1"}]`, []string{`{"id":1}`, `{"id":"1"}`}, nil},
		{"same number spelled differently", `[{"id":1},{"id":1.0},{"id":-0},{"id":0}]`,
			[]string{`{"id":1.0}`, `{"id":0}`}, []string{"0", "1"}},
		{"escaped string equals plain", `[{"id":"\u0061"},{"id":"a"}]`, []string{`{"id":"a"}`}, []string{"a"}},
		{"missing ids collapse like undefined", `[{"n":1},{"n":2}]`, []string{`{"n":2}`}, []string{"undefined"}},
		{"null ids", `[{"id":null},{"id":null,"x":1}]`, []string{`{"id":null,"x":1}`}, []string{"null"}},
		{"boolean ids", `[{"id":true},{"id":false},{"id":true}]`, []string{`{"id":false}`, `{"id":true}`}, []string{"true"}},
		{"object ids are never equal", `[{"id":{"a":1}},{"id":{"a":1}}]`, []string{`{"id":{"a":1}}`, `{"id":{"a":1}}`}, nil},
		{"number display", `[{"id":1e21},{"id":1E21},{"id":0.0000001},{"id":1e-7}]`,
			[]string{`{"id":1E21}`, `{"id":1e-7}`}, []string{"1e-7", "1e+21"}},
		{"last duplicate key wins", `[{"id":"x","id":"a"},{"id":"a"}]`, []string{`{"id":"a"}`}, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &logBuf{}
			s := New(Options{Log: l.log})
			must(t, s.Save("M", []byte(tt.in)))
			eq(t, "kept", texts(s.Saved("M")), tt.kept)
			var warns []string
			for _, line := range l.lines {
				id := strings.TrimSuffix(strings.TrimPrefix(line, "warn: batchSave detected duplicate records for ID: "), ". Keeping the last occurrence.")
				warns = append(warns, id)
			}
			eq(t, "warnings", warns, tt.warns)
			if s.Counts().Added != len(tt.kept) {
				t.Errorf("added %d", s.Counts().Added)
			}
		})
	}
}

func TestMetadataStrippedAndTextKept(t *testing.T) {
	s, l := newStore(t, true, "")
	in := `[ {"name":"Zed",  "id":"1", "_nango_metadata":{"deleted_at":null},"address":{"city":"Paris"}},` +
		`{"id":"2","name":"caf\u00e9 \"q\""} ]`
	must(t, s.Save("Contact", []byte(in)))
	eq(t, "saved", texts(s.Saved("Contact")), []string{
		`{"name":"Zed","id":"1","address":{"city":"Paris"}}`,
		`{"id":"2","name":"caf\u00e9 \"q\""}`,
	})
	if len(l.lines) != 0 {
		t.Errorf("logs: %q (metadata must be stripped before validation)", l.lines)
	}
	must(t, s.Delete("Contact", []byte(`[{"_nango_metadata":{},"id":"3"}]`)))
	must(t, s.Update("Contact", []byte(`[{"id":"1","_nango_metadata":1,"name":"Z"}]`)))
	eq(t, "deleted", texts(s.Deleted("Contact")), []string{`{"id":"3"}`})
	b := s.Batches()
	eq(t, "update", texts(b[2].Records), []string{`{"id":"1","name":"Z"}`})
	// key order of the first record is the script's, not alphabetical
	if !strings.HasPrefix(string(s.Saved("Contact")[0]), `{"name"`) {
		t.Error("key order lost")
	}
}

func TestEmptyAndBadInput(t *testing.T) {
	s, l := newStore(t, false, "")
	for _, in := range []string{``, `null`, `[]`, ` [ ] `} {
		must(t, s.Save("Contact", []byte(in)))
	}
	must(t, s.Update("Contact", []byte(`[]`)))
	must(t, s.Delete("Contact", nil))
	eq(t, "logs", l.lines, []string{
		"info: batchSave received an empty array. No records to save.",
		"info: batchSave received an empty array. No records to save.",
		"info: batchSave received an empty array. No records to save.",
		"info: batchSave received an empty array. No records to save.",
		"info: batchUpdate received an empty array. No records to update.",
		"info: batchDelete received an empty array. No records to delete.",
	})
	if s.HasMessages() {
		t.Error("empty calls recorded")
	}
	for in, want := range map[string]string{
		`[{"id":"1","name":"a"},null]`: `batchSave("Contact"): record 1 is null, not an object`,
		`[1]`:                          `record 0 is a number, not an object`,
		`[[]]`:                         `record 0 is an array, not an object`,
		`{"id":"1"}`:                   `records are not a JSON array`,
		`[{"id":`:                      `records are not a JSON array`,
	} {
		err := s.Save("Contact", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", in, err, want)
		}
	}
	if err := s.Delete("Contact", []byte(`["x"]`)); err == nil || !strings.Contains(err.Error(), "batchDelete") {
		t.Errorf("delete: %v", err)
	}
	if s.HasMessages() {
		t.Error("failed calls recorded")
	}
}

func TestVariant(t *testing.T) {
	s, _ := newStore(t, false, "eu")
	must(t, s.Save("Contact", []byte(`[{"id":"1","name":"a"}]`)))
	must(t, s.Update("Contact", []byte(`[{"id":"1"}]`)))
	must(t, s.Delete("Contact", []byte(`[{"id":"1"}]`)))
	b := s.Batches()
	eq(t, "headers", []string{b[0].Header, b[1].Header, b[2].Header}, []string{
		"A batch save call would save the following data to the Contact model (variant: eu):",
		"A batch update call would save the following data to the Contact model (variant: eu):",
		"A batch delete call would delete the following data:",
	})
	if len(s.Saved("Contact::eu")) != 1 || len(s.Deleted("Contact::eu")) != 1 || s.Saved("Contact") != nil {
		t.Error("variant storage key")
	}
	eq(t, "models", s.Models(), []string{"Contact::eu"})
	eq(t, "counts", s.Counts(), Counts{Updated: 1, Added: 1, Deleted: 1})
	if FullModelName("M", "base") != "M" || FullModelName("M", "") != "M" || FullModelName("M", "x") != "M::x" {
		t.Error("FullModelName")
	}
	if b[0].FullModel != "Contact::eu" || b[0].Model != "Contact" {
		t.Error("batch names")
	}
}

func TestValidationWarns(t *testing.T) {
	s, l := newStore(t, false, "")
	must(t, s.Save("Contact", []byte(`[{"id":"1","name":"a"},{"id":"2","name":2},{"id":"3"}]`)))
	eq(t, "logs", l.lines, []string{"warn: Invalid record payload. Use `--validation` option to see the details"})
	if s.Counts().Added != 3 || len(s.Saved("Contact")) != 3 {
		t.Error("invalid records must still be saved and counted")
	}
	inv := s.InvalidRecords()
	if len(inv) != 1 || inv[0].Index != 1 || inv[0].ID != `"2"` || inv[0].Errors[0].Field() != "name" {
		t.Fatalf("invalid records: %+v", inv)
	}
}

func TestValidationFails(t *testing.T) {
	s, l := newStore(t, true, "")
	must(t, s.Save("Contact", []byte(`[{"id":"1","name":"a"}]`)))
	err := s.Save("Contact", []byte(`[{"id":"1","name":"a"},{"id":"2","name":"b","address":{"city":7}},{"id":"3"}]`))
	var bad *InvalidRecordError
	if !errors.As(err, &bad) {
		t.Fatalf("got %v", err)
	}
	want := `invalid Contact record at index 1 (id "2"): address > city: must be string [type]`
	if err.Error() != want || bad.Code() != "invalid_sync_record" {
		t.Errorf("error %q\n want %q", err, want)
	}
	if len(l.lines) != 0 {
		t.Errorf("with --validation the error carries the details; no hint to use --validation: %q", l.lines)
	}
	if s.Counts().Added != 1 || len(s.Batches()) != 1 {
		t.Error("a failed call must not be recorded")
	}
	rep := bad.Report()
	if rep.Model != "Contact" || string(rep.Data) != `{"id":"2","name":"b","address":{"city":7}}` {
		t.Errorf("report %+v", rep)
	}
	text := rep.Text()
	if !strings.Contains(text, "address > city\n   error   must be string  [type]\n   Contact > properties > address > properties > city > type\n") {
		t.Errorf("report text:\n%s", text)
	}

	// The invalid copy of a duplicated id is dropped before validation.
	must(t, s.Save("Contact", []byte(`[{"id":"5","name":5},{"id":"5","name":"ok"}]`)))

	// Validation sees records after de-duplication: the index is the kept record's place
	// in the script's array.
	err = s.Save("Contact", []byte(`[{"id":"6","name":"ok"},{"id":"6"}]`))
	if !errors.As(err, &bad) || bad.Index != 1 || bad.Errors[0].Field() != "name" {
		t.Errorf("dedupe then validate: %v", err)
	}
}

func TestUnknownModelAndNoSchema(t *testing.T) {
	s, l := newStore(t, false, "")
	must(t, s.Save("Ghost", []byte(`[{"id":"1"}]`)))
	eq(t, "logs", l.lines, []string{"warn: Invalid record payload. Use `--validation` option to see the details"})
	if s.InvalidRecords()[0].Problem == "" {
		t.Error("no problem recorded")
	}
	s, _ = newStore(t, true, "")
	err := s.Save("Ghost", []byte(`[{"id":"1"}]`))
	if err == nil || !strings.Contains(err.Error(), "model_not_found_Ghost") || !strings.Contains(err.Error(), `"Ghost" is not defined`) {
		t.Errorf("unknown model: %v", err)
	}
	l2 := &logBuf{}
	ns := New(Options{Validation: true, Log: l2.log})
	must(t, ns.Save("Anything", []byte(`[{"whatever":true}]`)))
	if len(l2.lines) != 0 {
		t.Errorf("no schema must not validate: %q", l2.lines)
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestReferenceSyncOutput replays the reference's sync dry run (fixtures/peer-cli/dryrun/
// sync.stdout) through the store and prints the results the way dryrun does: the counts
// and every message must read the same.
func TestReferenceSyncOutput(t *testing.T) {
	dir := os.Getenv("SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	ref, err := os.ReadFile(filepath.Join(dir, "fixtures", "peer-cli", "dryrun", "sync.stdout"))
	if err != nil {
		t.Skipf("reference fixtures not available: %v", err)
	}
	schema, err := schemavalidate.Load(filepath.Join(dir, "fixtures", "peer-cli", "generate", "tree", ".nango", "schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	refText := ansi.ReplaceAllString(string(ref), "")
	refText = refText[strings.Index(refText, "The dry run would produce"):]

	l := &logBuf{}
	s := New(Options{Schema: schema, Log: l.log, Validation: true})
	// What the script's batch calls stringify to (fetch-contacts.ts; the second Contact has
	// no linkedin, so JSON.stringify dropped that undefined field).
	must(t, s.Save("Contact", []byte(`[{"id":"1","first_name":"Ada","email":"ada@example.com","tags":["vip"],"status":"active","is_vip":true,"created_at":"2024-05-01T10:00:00.000Z","address":{"street":"1 Main St","city":"London","country":"UK"},"social":{"linkedin":"ada"},"custom_fields":{}},{"id":"2","first_name":"Alan","email":null,"tags":[],"status":"archived","is_vip":false,"created_at":"2024-05-02T10:00:00.000Z","address":{"street":"","city":"Manchester","country":null},"social":{},"custom_fields":{}}]`)))
	must(t, s.Save("Contact", []byte(`[{"id":"3","first_name":"Grace","email":"grace@example.com","tags":["navy"],"status":"active","is_vip":false,"created_at":"2024-05-03T10:00:00.000Z","address":{"street":"","city":"","country":null},"social":{},"custom_fields":{"rank":"admiral"}}]`)))
	must(t, s.Save("Company", []byte(`[{"id":100,"name":"Acme Inc","domains":["acme.test"],"employees":50,"owner_ids":["1"],"attributes":{"tier":"gold","seats":10},"meta":{"industry":"anvils"}},{"id":101,"name":"Globex","domains":[],"employees":null,"owner_ids":[],"attributes":{},"meta":{"industry":"unknown"}}]`)))
	must(t, s.Delete("Contact", []byte(`[{"id":"deleted-1"}]`)))
	if len(l.lines) != 0 {
		t.Errorf("logs: %q", l.lines)
	}

	var b strings.Builder
	counts, _ := json.MarshalIndent(s.Counts(), "", "  ")
	b.WriteString("The dry run would produce the following results: " + string(counts) + "\n")
	b.WriteString("The following log messages were generated:\n")
	for _, m := range s.Messages() {
		b.Write(m.Pretty())
		b.WriteString("\n")
	}
	if b.String() != refText {
		t.Errorf("output differs from the reference\n got:\n%s\n reference:\n%s", b.String(), refText)
	}
}

// Number ids are shown as JavaScript's String(id) shows them: -0 as 0, large and small
// magnitudes in exponent form (the scan runs from the last record, so the last id first).
func TestDuplicateNumberIDsShownAsJavaScript(t *testing.T) {
	s, l := newStore(t, false, "")
	must(t, s.Save("Company", []byte(`[{"id":-0,"name":"a"},{"id":-0,"name":"b"},{"id":1e21,"name":"c"},{"id":1E21,"name":"d"},{"id":0.0000001,"name":"e"},{"id":1e-7,"name":"f"}]`)))
	eq(t, "logs", l.lines, []string{
		"warn: batchSave detected duplicate records for ID: 1e-7. Keeping the last occurrence.",
		"warn: batchSave detected duplicate records for ID: 1e+21. Keeping the last occurrence.",
		"warn: batchSave detected duplicate records for ID: 0. Keeping the last occurrence.",
	})
}
