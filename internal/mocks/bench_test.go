package mocks

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nango-go/nango/pkg/jsjson"
)

// benchRequests are 10,000 distinct requests of the shapes scripts make: paginated GETs with
// numeric params and a header, and POSTs with small JSON bodies.
func benchRequests() []Request {
	reqs := make([]Request, 10000)
	for i := range reqs {
		if i%4 == 3 {
			reqs[i] = Request{Method: "POST", Endpoint: fmt.Sprintf("/v1/items/%d/notes", i%50),
				Body: JSONBody(fmt.Sprintf(`{"text":"note %d","tags":["a","b"],"priority":%d}`, i, i%5))}
			continue
		}
		reqs[i] = Request{Method: "GET", Endpoint: fmt.Sprintf("/v1/collection%d", i%20),
			Params:  []Entry{entry("limit", num(100)), entry("cursor", str(fmt.Sprintf("c%06d", i))), entry("include", str("owner,labels"))},
			Headers: StringEntries("X-Api-Version", "2024-01", "Accept", "application/json")}
	}
	return reqs
}

// BenchmarkIdentityHash10k: identity + SHA-1 of 10,000 requests per iteration.
func BenchmarkIdentityHash10k(b *testing.B) {
	reqs := benchRequests()
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range reqs {
			id, err := NewIdentity(r)
			if err != nil {
				b.Fatal(err)
			}
			_ = id.Hash()
		}
	}
}

// BenchmarkLookup10k: 10,000 replayed requests answered from 10,000 recorded files
// (identity, hash, stat of the folder once, read + parse of each file).
func BenchmarkLookup10k(b *testing.B) {
	reqs := benchRequests()
	root := b.TempDir()
	l := IntegrationLayout(root, "bench")
	rec := NewRecorder(l, "sync", nil)
	body := jsjson.ObjectValue(jsjson.Member{Key: "data", Value: jsjson.ArrayValue(
		jsjson.ObjectValue(jsjson.Member{Key: "id", Value: num(1)}, jsjson.Member{Key: "name", Value: str("x")}))})
	for _, r := range reqs {
		path, data, err := rec.responseFile(r, 200, jsjson.ObjectValue(jsjson.Member{Key: "content-type", Value: str("application/json")}), body)
		if err != nil {
			b.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rp := NewReplayer(l, "sync")
		for _, r := range reqs {
			if _, err := rp.Lookup(r); err != nil {
				b.Fatal(err)
			}
		}
	}
}
