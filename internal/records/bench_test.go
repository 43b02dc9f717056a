package records

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/nango-go/nango/internal/schemavalidate"
)

const benchSchema = `{"definitions":{"Ten":{"type":"object","properties":{
"id":{"type":"string"},"name":{"type":"string"},"email":{"type":["string","null"]},
"age":{"type":"number"},"active":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"},
"tags":{"type":"array","items":{"type":"string"}},"status":{"type":"string","enum":["active","archived","pending"]},
"address":{"$ref":"#/definitions/Addr"},"score":{"type":["number","null"]}},
"required":["id","name","email","age","active","created_at","tags","status","address"],"additionalProperties":false},
"Addr":{"type":"object","properties":{"city":{"type":"string"},"zip":{"type":"string"}},"required":["city"],"additionalProperties":false}}}`

// benchBatches builds n records of 10 fields as JSON arrays of size per batch, the text
// JSON.stringify hands to batchSave.
func benchBatches(n, size int) ([][]byte, int) {
	var out [][]byte
	total := 0
	for start := 0; start < n; start += size {
		var b bytes.Buffer
		b.WriteByte('[')
		for i := start; i < start+size && i < n; i++ {
			if i > start {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"rec-%d","name":"Name %d","email":"user%d@example.com","age":%d,"active":%t,`+
				`"created_at":"2024-05-01T10:00:%02d.000Z","tags":["a","b"],"status":"active",`+
				`"address":{"city":"London","zip":"N1"},"score":%d.5}`, i, i, i, i%90, i%2 == 0, i%60, i)
		}
		b.WriteByte(']')
		total += b.Len()
		out = append(out, b.Bytes())
	}
	return out, total
}

func benchSave(b *testing.B, size int, schema bool) {
	batches, total := benchBatches(100000, size)
	var s *schemavalidate.Schema
	if schema {
		var err error
		if s, err = schemavalidate.Parse([]byte(benchSchema)); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		st := New(Options{Schema: s, Validation: true})
		for _, batch := range batches {
			if err := st.Save("Ten", batch); err != nil {
				b.Fatal(err)
			}
		}
		if st.Counts().Added != 100000 {
			b.Fatal(st.Counts())
		}
	}
}

// BenchmarkSave100k: 100,000 records of 10 fields saved through the store in batches of
// 1,000 (a typical paginated sync), each record de-duplicated and validated.
func BenchmarkSave100k(b *testing.B) { benchSave(b, 1000, true) }

// BenchmarkSave100kOneCall: the same records in one batchSave call.
func BenchmarkSave100kOneCall(b *testing.B) { benchSave(b, 100000, true) }

// BenchmarkSave100kNoSchema: bookkeeping alone (no schema.json in the project).
func BenchmarkSave100kNoSchema(b *testing.B) { benchSave(b, 1000, false) }
