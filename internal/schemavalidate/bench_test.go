package schemavalidate

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// benchSchema is a 10-field model of the kinds a typical sync output uses.
const benchSchema = `{"definitions":{"Ten":{"type":"object","properties":{
"id":{"type":"string"},"name":{"type":"string"},"email":{"type":["string","null"]},
"age":{"type":"number"},"active":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"},
"tags":{"type":"array","items":{"type":"string"}},"status":{"type":"string","enum":["active","archived","pending"]},
"address":{"$ref":"#/definitions/Addr"},"score":{"type":["number","null"]}},
"required":["id","name","email","age","active","created_at","tags","status","address"],"additionalProperties":false},
"Addr":{"type":"object","properties":{"city":{"type":"string"},"zip":{"type":"string"}},"required":["city"],"additionalProperties":false}}}`

func benchRecord(i int) string {
	return fmt.Sprintf(`{"id":"rec-%d","name":"Name %d","email":"user%d@example.com","age":%d,"active":%t,`+
		`"created_at":"2024-05-01T10:00:%02d.000Z","tags":["a","b"],"status":"active",`+
		`"address":{"city":"London","zip":"N1"},"score":%d.5}`, i, i, i, i%90, i%2 == 0, i%60, i)
}

// BenchmarkValidate100k validates 100,000 records of 10 fields, one Validate call each
// (parse + validate), the way batchSave checks every record.
func BenchmarkValidate100k(b *testing.B) {
	s, err := Parse([]byte(benchSchema))
	if err != nil {
		b.Fatal(err)
	}
	v, err := s.Validator("Ten")
	if err != nil {
		b.Fatal(err)
	}
	recs := make([][]byte, 100000)
	size := 0
	for i := range recs {
		recs[i] = []byte(benchRecord(i))
		size += len(recs[i])
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, r := range recs {
			res, err := v.Validate(r)
			if err != nil || !res.Valid() {
				b.Fatalf("%s: %v %v", r, res.Errors, err)
			}
		}
	}
}

// BenchmarkValidate100kInvalid: every record has two errors, so every error is built.
func BenchmarkValidate100kInvalid(b *testing.B) {
	s, _ := Parse([]byte(benchSchema))
	v, _ := s.Validator("Ten")
	recs := make([][]byte, 100000)
	for i := range recs {
		recs[i] = []byte(strings.Replace(strings.Replace(benchRecord(i), `"age":`, `"age":"`, 1), `,"active"`, `","active"`, 1))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, r := range recs {
			res, _ := v.Validate(r)
			if len(res.Errors) != 1 {
				b.Fatalf("%s: %v", r, res.Errors)
			}
		}
	}
}

// BenchmarkDecodeOnly100k is the floor to compare with: encoding/json decoding the same
// records into map[string]any without any validation.
func BenchmarkDecodeOnly100k(b *testing.B) {
	recs := make([][]byte, 100000)
	for i := range recs {
		recs[i] = []byte(benchRecord(i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, r := range recs {
			var m map[string]any
			if err := json.Unmarshal(r, &m); err != nil {
				b.Fatal(err)
			}
		}
	}
}
