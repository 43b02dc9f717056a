// Package providers reads Nango's provider catalog (providers.yaml, published in the npm
// package @nangohq/providers): the per-provider settings that scripts' proxy calls and
// nango.paginate rely on (auth_mode, proxy.base_url, headers, query, retry, paginate,
// decompress, ...), with `alias:` entries resolved the way the reference loader does it.
//
// The catalog is found (Locator) from, in order: --providers FILE or NANGO_PROVIDERS_FILE;
// node_modules/@nangohq/providers/providers.yaml searched upward from the project; the user
// cache that `nango providers update` fills. A missing catalog is not an error until
// something needs a provider's defaults (Lazy); commands then download it once
// (Lazy.Download), and only when that fails does the error say how to get one. A live dry
// run prefers the server's entry and a replay the recorded one (Resolver, source.go).
package providers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Catalog is a parsed providers.yaml.
type Catalog struct {
	// Path is the file the catalog was read from ("" when parsed from memory).
	Path string
	// Source says how Path was found (see Locator).
	Source Source

	names     []string
	providers map[string]*Provider
}

// Provider is one catalog entry after alias resolution. Typed fields cover what the CLI and
// the proxy use; Entry keeps the whole entry (for `providers show`).
type Provider struct {
	Name        string
	DisplayName string
	AuthMode    string
	// AliasOf names the entry this one was derived from with `alias:` ("" if none). The
	// reference drops the alias key while merging; we keep it for display.
	AliasOf    string
	Categories []string
	Docs       string
	Proxy      Proxy
	// TokenExpirationBuffer is token_expiration_buffer in seconds (0 when unset).
	TokenExpirationBuffer    int
	SignatureMethod          string
	RequireClientCertificate bool
	// TokenURL, TokenParams, RefreshParams, TokenRequestAuthMethod ("basic" sends the client
	// credentials as a Basic header) and BodyFormat ("json") describe the provider's token
	// endpoint, which local mode calls itself (internal/proxy).
	TokenURL               string
	TokenParams            map[string]string
	RefreshParams          map[string]string
	TokenRequestAuthMethod string
	BodyFormat             string

	entry *yaml.Node // the resolved mapping, in the file's key order
}

// Proxy is the entry's proxy block.
type Proxy struct {
	BaseURL string
	Headers map[string]string
	Query   map[string]string
	// Body is proxy.body (reference v0.70+), merged into request bodies.
	Body  map[string]any
	Retry Retry
	// Paginate is the provider's default pagination block, as written (nil when absent).
	// nango.paginate merges the script's config.paginate over it, key by key.
	Paginate                 map[string]any
	Decompress               bool
	ForwardHeadersOnRedirect bool
}

// Retry is proxy.retry: the rate-limit headers and retryable statuses of the provider.
type Retry struct {
	// At lists headers holding the time at which to retry; After headers holding a delay in
	// seconds. Older catalogs write a single string, newer ones a list.
	At    []string
	After []string
	// Remaining is the header whose value "0" makes an error retryable.
	Remaining string
	// ErrorCode lists retryable statuses: exact ("403"), class ("5xx") or range ("500-502").
	ErrorCode []string
	InBody    *RetryInBody
}

// RetryInBody finds a wait time inside an error body.
type RetryInBody struct {
	Path     string
	Value    string
	Strategy string
}

// Names lists the provider names in file order.
func (c *Catalog) Names() []string { return append([]string(nil), c.names...) }

// Len is the number of providers.
func (c *Catalog) Len() int { return len(c.names) }

// Get returns the named provider.
func (c *Catalog) Get(name string) (*Provider, bool) {
	p, ok := c.providers[name]
	return p, ok
}

// Load reads and parses a providers.yaml file.
func Load(path string) (*Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read provider catalog: %w", err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.Path = path
	return c, nil
}

// Parse parses providers.yaml text. Only the YAML structure can make it fail (not a mapping
// of names to entries); fields of unexpected types are ignored rather than rejected, so that
// a newer catalog with fields we do not know still loads.
func Parse(data []byte) (*Catalog, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("invalid provider catalog: %w", err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("invalid provider catalog: line %d: expected a mapping of provider names to entries", root.Line)
	}

	// Entries as written, in file order; then aliases resolved in that same order, each one
	// merged shallowly over the current state of the entry it names (so an alias of an alias
	// that comes later in the file sees the unresolved entry, as in the reference).
	c := &Catalog{providers: map[string]*Provider{}}
	entries := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		name := root.Content[i].Value
		val := resolveAlias(root.Content[i+1])
		if _, dup := entries[name]; !dup {
			c.names = append(c.names, name)
		}
		entries[name] = val
	}
	aliasOf := map[string]string{}
	for _, name := range c.names {
		e := entries[name]
		if e.Kind != yaml.MappingNode {
			continue
		}
		target, ok := scalarOf(lookup(e, "alias"))
		if !ok {
			continue
		}
		merged := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: e.Line, Column: e.Column}
		if parent := entries[target]; parent != nil && parent.Kind == yaml.MappingNode {
			merged.Content = append(merged.Content, parent.Content...)
		}
		for i := 0; i+1 < len(e.Content); i += 2 {
			if e.Content[i].Value == "alias" {
				continue
			}
			setKey(merged, e.Content[i], e.Content[i+1])
		}
		entries[name] = merged
		aliasOf[name] = target
	}
	for _, name := range c.names {
		p := &Provider{Name: name, AliasOf: aliasOf[name], entry: entries[name]}
		p.fill()
		c.providers[name] = p
	}
	return c, nil
}

// setKey replaces key's value in m keeping its position, or appends it (JS object spread).
func setKey(m *yaml.Node, key, val *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key.Value {
			m.Content = append([]*yaml.Node(nil), m.Content...)
			m.Content[i+1] = val
			return
		}
	}
	m.Content = append(m.Content, key, val)
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// lookup returns the value of key in mapping m, or nil.
func lookup(m *yaml.Node, key string) *yaml.Node {
	m = resolveAlias(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := len(m.Content) - 2; i >= 0; i -= 2 {
		if m.Content[i].Value == key {
			return resolveAlias(m.Content[i+1])
		}
	}
	return nil
}

func scalarOf(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", false
	}
	return n.Value, true
}

func str(n *yaml.Node) string {
	s, _ := scalarOf(n)
	return s
}

func boolOf(n *yaml.Node) bool {
	s, ok := scalarOf(n)
	if !ok {
		return false
	}
	b, err := strconv.ParseBool(s)
	return err == nil && b
}

// list accepts a scalar or a sequence of scalars.
func list(n *yaml.Node) []string {
	if s, ok := scalarOf(n); ok {
		return []string{s}
	}
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []string
	for _, e := range n.Content {
		if s, ok := scalarOf(resolveAlias(e)); ok {
			out = append(out, s)
		}
	}
	return out
}

func stringMap(n *yaml.Node) map[string]string {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if s, ok := scalarOf(resolveAlias(n.Content[i+1])); ok {
			out[n.Content[i].Value] = s
		}
	}
	return out
}

func anyMap(n *yaml.Node) map[string]any {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out map[string]any
	if err := n.Decode(&out); err != nil {
		return nil
	}
	return out
}

func (p *Provider) fill() {
	e := p.entry
	p.DisplayName = str(lookup(e, "display_name"))
	p.AuthMode = str(lookup(e, "auth_mode"))
	p.Categories = list(lookup(e, "categories"))
	p.Docs = str(lookup(e, "docs"))
	p.SignatureMethod = str(lookup(e, "signature_method"))
	p.RequireClientCertificate = boolOf(lookup(e, "require_client_certificate"))
	p.TokenURL = str(lookup(e, "token_url"))
	p.TokenParams = stringMap(lookup(e, "token_params"))
	p.RefreshParams = stringMap(lookup(e, "refresh_params"))
	p.TokenRequestAuthMethod = str(lookup(e, "token_request_auth_method"))
	p.BodyFormat = str(lookup(e, "body_format"))
	if n, err := strconv.Atoi(str(lookup(e, "token_expiration_buffer"))); err == nil {
		p.TokenExpirationBuffer = n
	}
	px := lookup(e, "proxy")
	p.Proxy = Proxy{
		BaseURL:                  str(lookup(px, "base_url")),
		Headers:                  stringMap(lookup(px, "headers")),
		Query:                    stringMap(lookup(px, "query")),
		Body:                     anyMap(lookup(px, "body")),
		Paginate:                 anyMap(lookup(px, "paginate")),
		Decompress:               boolOf(lookup(px, "decompress")),
		ForwardHeadersOnRedirect: boolOf(lookup(px, "forward_headers_on_redirect")),
	}
	r := lookup(px, "retry")
	p.Proxy.Retry = Retry{
		At:        list(lookup(r, "at")),
		After:     list(lookup(r, "after")),
		Remaining: str(lookup(r, "remaining")),
		ErrorCode: list(lookup(r, "error_code")),
	}
	if ib := lookup(r, "in_body"); ib != nil && ib.Kind == yaml.MappingNode {
		p.Proxy.Retry.InBody = &RetryInBody{Path: str(lookup(ib, "path")), Value: str(lookup(ib, "value")), Strategy: str(lookup(ib, "strategy"))}
	}
}

// PaginationType is the type of the provider's default pagination ("" when none).
func (p *Provider) PaginationType() string {
	if t, ok := p.Proxy.Paginate["type"].(string); ok {
		return t
	}
	return ""
}

// MarshalJSON writes the resolved entry as JSON with keys in file order.
func (p *Provider) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, p.entry, 0); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// YAML is the resolved entry as YAML text (key order kept), indented 4 like the catalog.
func (p *Provider) YAML() (string, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: p.Name}, p.entry}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(4)
	if err := enc.Encode(doc); err != nil {
		return "", err
	}
	return buf.String(), enc.Close()
}

// maxDepth bounds nesting, which also stops self-referencing YAML anchors.
const maxDepth = 64

func writeJSON(buf *bytes.Buffer, n *yaml.Node, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("line %d: nested more than %d levels (or an anchor refers to itself)", n.Line, maxDepth)
	}
	n = resolveAlias(n)
	if n == nil {
		buf.WriteString("null")
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		buf.WriteByte('{')
		first := true
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "<<" {
				continue
			}
			if !first {
				buf.WriteByte(',')
			}
			first = false
			k, _ := json.Marshal(n.Content[i].Value)
			buf.Write(k)
			buf.WriteByte(':')
			if err := writeJSON(buf, n.Content[i+1], depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, e := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, e, depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	default:
		var v any
		if err := n.Decode(&v); err != nil {
			return err
		}
		b, err := json.Marshal(v)
		if err != nil {
			// NaN and infinities have no JSON form: write them as the YAML text.
			b, _ = json.Marshal(n.Value)
		}
		buf.Write(b)
	}
	return nil
}

// ErrUnknownProvider is wrapped by lookups of a name the catalog does not have.
var ErrUnknownProvider = errors.New("unknown provider")

// Lookup returns the named provider or an error naming the catalog file.
func (c *Catalog) Lookup(name string) (*Provider, error) {
	if p, ok := c.providers[name]; ok {
		return p, nil
	}
	where := "the provider catalog"
	if c.Path != "" {
		where = c.Path
	}
	suggest := ""
	if near := c.similar(name); len(near) > 0 {
		suggest = " (did you mean " + strings.Join(near, ", ") + "?)"
	}
	return nil, fmt.Errorf("%w %q: not in %s%s", ErrUnknownProvider, name, where, suggest)
}

// similar lists up to three names containing name or contained in it.
func (c *Catalog) similar(name string) []string {
	var out []string
	low := strings.ToLower(name)
	for _, n := range c.names {
		if len(out) == 3 {
			break
		}
		if low != "" && (strings.Contains(n, low) || strings.Contains(low, n)) {
			out = append(out, n)
		}
	}
	return out
}
