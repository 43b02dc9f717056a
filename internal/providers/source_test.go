package providers

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
)

func TestParseEntryOfTheServer(t *testing.T) {
	p, err := ParseEntry("x", []byte(`{"display_name":"GitHub","auth_mode":"OAUTH2","proxy":{"base_url":"https://api.github.com","paginate":{"type":"link","limit_name_in_request":"per_page"}},"name":"github","logo_url":"https://x/github.svg"}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "github" || p.AuthMode != "OAUTH2" || p.PaginationType() != "link" || p.PaginateDefaults()["limit_name_in_request"] != "per_page" {
		t.Fatalf("%+v", p)
	}
	if _, err := ParseEntry("x", []byte(`[1]`)); err == nil {
		t.Fatal("a non-object entry was accepted")
	}
}

func TestResolverOrder(t *testing.T) {
	server, _ := ParseEntry("github", []byte(`{"proxy":{"paginate":{"limit_name_in_request":"from_server"}}}`))
	lazy := NewLazy(Locator{Flag: testCatalog})
	calls := 0
	r := &Resolver{Name: "github", Catalog: lazy, First: func() (*Provider, error) { calls++; return server, nil }}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if m, err := r.PaginateDefaults(); err != nil || m["limit_name_in_request"] != "from_server" {
				t.Errorf("%v %v", m, err)
			}
		}()
	}
	wg.Wait()
	if calls != 1 {
		t.Errorf("asked the first source %d times, want once", calls)
	}
	// First has none: the catalog answers.
	r = &Resolver{Name: "github", Catalog: lazy, First: func() (*Provider, error) { return nil, nil }}
	if m, err := r.PaginateDefaults(); err != nil || m["limit_name_in_request"] != "per_page" {
		t.Errorf("catalog fallback: %v %v", m, err)
	}
	if p, err := r.Used(); p == nil || err != nil {
		t.Errorf("Used: %v %v", p, err)
	}
	// Nothing asked: nothing used.
	if p, err := (&Resolver{Name: "github", Catalog: lazy}).Used(); p != nil || err != nil {
		t.Errorf("Used before any lookup: %v %v", p, err)
	}
}

func TestLazyDownloadsOnceWhenNothingIsFound(t *testing.T) {
	loc := Locator{ProjectDir: t.TempDir(), CacheFile: filepath.Join(t.TempDir(), "none.yaml")}
	downloads := 0
	l := NewLazy(loc)
	l.Download = func() (*Catalog, error) { downloads++; return Load(testCatalog) }
	for i := 0; i < 3; i++ {
		if m, err := l.PaginateDefaults("github"); err != nil || m["type"] != "link" {
			t.Fatalf("%v %v", m, err)
		}
	}
	if downloads != 1 {
		t.Errorf("%d downloads, want 1", downloads)
	}
	// A catalog that is found is never downloaded; a failed download is the error.
	l = NewLazy(Locator{Flag: testCatalog})
	l.Download = func() (*Catalog, error) { t.Error("downloaded although a catalog exists"); return nil, nil }
	if _, err := l.Catalog(); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("registry unreachable")
	l = NewLazy(loc)
	l.Download = func() (*Catalog, error) { return nil, boom }
	if _, err := l.PaginateDefaults("github"); !errors.Is(err, boom) {
		t.Errorf("error %v", err)
	}
}
