package verdict

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nango-go/nango/pkg/jsjson"
)

// records100k is 100,000 contact-like records (8 fields, one nested object, one array) as
// the JSON text of 100 batchSave calls of 1,000 records, and the expected array.
func records100k(b *testing.B) ([]string, jsjson.Value) {
	var calls []string
	var all []string
	for c := 0; c < 100; c++ {
		recs := make([]string, 1000)
		for i := range recs {
			n := c*1000 + i
			recs[i] = fmt.Sprintf(`{"id":"%d","first_name":"First%d","last_name":"Last%d","email":"user%d@example.com","score":%g,"active":%t,"address":{"city":"Paris","zip":"75%03d"},"tags":["a","b"]}`,
				n, n, n, n, float64(n)/7, n%2 == 0, n%1000)
		}
		calls = append(calls, "["+strings.Join(recs, ",")+"]")
		all = append(all, recs...)
	}
	exp, err := jsjson.ParseString("[" + strings.Join(all, ",") + "]")
	if err != nil {
		b.Fatal(err)
	}
	return calls, exp
}

// BenchmarkJudgeSync100k: collect 100 batchSave calls (parsing their JSON text) and judge
// 100,000 records against batchSave.json.
func BenchmarkJudgeSync100k(b *testing.B) {
	calls, exp := records100k(b)
	expected := []ModelExpectation{{Model: "Contact", Save: exp}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c := NewSyncCalls()
		for _, call := range calls {
			if err := c.BatchSave("Contact", call); err != nil {
				b.Fatal(err)
			}
		}
		if v := JudgeSync(expected, c); !v.Pass {
			b.Fatal(v.Report())
		}
	}
}

// BenchmarkCompare100k: the comparison alone, values already parsed.
func BenchmarkCompare100k(b *testing.B) {
	_, exp := records100k(b)
	act, _ := jsjson.Parse(jsjson.MustStringify(exp))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if d := Compare(StrictEqual, "Contact", exp, act); d != nil {
			b.Fatal(d)
		}
	}
}
