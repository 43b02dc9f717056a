package providers

import (
	"bytes"
	"fmt"
	"sync"

	"gopkg.in/yaml.v3"
)

// ParseEntry reads one provider entry given as JSON (or YAML) text, e.g. the `data` of the
// server's GET /providers/:name or a recorded nango/provider.json. name is used when the
// entry has no `name` key; the server's `name` and `logo_url` keys are kept in the entry.
func ParseEntry(name string, data []byte) (*Provider, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("provider %q: invalid entry: %w", name, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("provider %q: the entry is not an object", name)
	}
	if n, ok := scalarOf(lookup(root, "name")); ok && n != "" {
		name = n
	}
	p := &Provider{Name: name, entry: root}
	p.fill()
	return p, nil
}

// Resolver finds the provider entry of one run, looked up once and shared by every script call
// that needs it (safe for concurrent use): First (the server's entry during a live dry run, or
// the entry kept with the recordings during a replay) and, when First has none, the catalog.
type Resolver struct {
	// Name is the provider's name (the integration's provider).
	Name string
	// First returns the preferred entry, or (nil, nil) when it has none; nil skips it.
	First func() (*Provider, error)
	// Catalog is the local catalog (nil: none).
	Catalog *Lazy

	once sync.Once
	mu   sync.Mutex
	p    *Provider
	err  error
}

// Provider returns the entry (looked up once).
func (s *Resolver) Provider() (*Provider, error) {
	s.once.Do(func() {
		p, err := s.lookup()
		s.mu.Lock()
		s.p, s.err = p, err
		s.mu.Unlock()
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.p, s.err
}

func (s *Resolver) lookup() (*Provider, error) {
	if s.First != nil {
		if p, err := s.First(); err != nil || p != nil {
			return p, err
		}
	}
	if s.Catalog == nil {
		return nil, fmt.Errorf("settings of provider %q: %w: %s", s.Name, ErrNoCatalog, NoCatalogHint)
	}
	c, err := s.Catalog.Catalog()
	if err != nil {
		return nil, fmt.Errorf("settings of provider %q: %w", s.Name, err)
	}
	return c.Lookup(s.Name)
}

// Used returns the outcome of the lookup if it happened: the entry, or the error (nil, nil
// when nothing asked for it).
func (s *Resolver) Used() (*Provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.p, s.err
}

// Empty is an entry with a name and no settings: what a recording keeps for a provider that
// neither the server nor the catalog knows, so that its replay needs no catalog either.
func Empty(name string) *Provider {
	p := &Provider{Name: name, entry: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}}
	p.fill()
	return p
}

// PaginateDefaults returns the provider's default pagination block (nil when it has none);
// it has the signature paginate.Defaults wraps for scripts.
func (s *Resolver) PaginateDefaults() (map[string]any, error) {
	p, err := s.Provider()
	if err != nil {
		return nil, err
	}
	return p.PaginateDefaults(), nil
}

// PaginateDefaults is a copy of proxy.paginate (nil when absent).
func (p *Provider) PaginateDefaults() map[string]any {
	if p.Proxy.Paginate == nil {
		return nil
	}
	out := make(map[string]any, len(p.Proxy.Paginate))
	for k, v := range p.Proxy.Paginate {
		out[k] = v
	}
	return out
}
