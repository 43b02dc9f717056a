package nangoapi_test

import (
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/nangoapi"
)

// BenchmarkRedactRecordLine: a sync prints one line per record through the Redactor.
func BenchmarkRedactRecordLine(b *testing.B) {
	r := nangoapi.NewRedactor([]string{"gho_16charsOrMoreToken9", "r3fresh-token-value", "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b", "pw-Q7", "name:pw-Q7"})
	line := `{"id":"t123","subject":"Quarterly report for the first_name field","labels":["a","b"],"updated_at":"2025-01-01T00:00:00Z"}` + strings.Repeat(" ", 0)
	b.SetBytes(int64(len(line)))
	for i := 0; i < b.N; i++ {
		_ = r.Replace(line)
	}
}
