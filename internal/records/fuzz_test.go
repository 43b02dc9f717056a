package records

import (
	"encoding/json"
	"testing"

	"github.com/nango-go/nango/internal/schemavalidate"
)

// FuzzSave feeds arbitrary text to batchSave: it must either fail cleanly or record
// records that are valid JSON objects without _nango_metadata, one per distinct id, with
// counts that match.
func FuzzSave(f *testing.F) {
	for _, seed := range []string{
		`[{"id":"1","name":"a"},{"id":"1","name":"b"}]`,
		`[{"id":1,"_nango_metadata":{"x":1},"name":"a"},{"id":1.0}]`,
		`[{"id":"\u0031"},{"id":"1"},{"n":1},{"n":2},{"id":null},{"id":[1]}]`,
		`[]`, `null`, `[null]`, `{"id":1}`, `[{"id":"a","id":"b"}]`,
	} {
		f.Add([]byte(seed))
	}
	schema, err := schemavalidate.Parse([]byte(testSchema))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := New(Options{Schema: schema})
		if err := s.Save("Contact", data); err != nil {
			return
		}
		saved := s.Saved("Contact")
		if s.Counts().Added != len(saved) {
			t.Fatalf("added %d, saved %d", s.Counts().Added, len(saved))
		}
		seen := map[string]bool{}
		for _, r := range saved {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(r, &m); err != nil {
				t.Fatalf("saved record %q is not an object: %v", r, err)
			}
			if _, ok := m[metadataKey]; ok {
				t.Fatalf("metadata kept in %q", r)
			}
			id, ok := m["id"]
			if !ok {
				id = json.RawMessage("undefined")
			}
			var v any
			if json.Unmarshal(id, &v) == nil {
				switch v.(type) {
				case map[string]any, []any:
					continue
				}
				k, _ := json.Marshal(v)
				if seen[string(k)] {
					t.Fatalf("id %s saved twice from %q", k, data)
				}
				seen[string(k)] = true
			}
		}
	})
}
