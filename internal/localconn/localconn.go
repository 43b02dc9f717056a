// Package localconn reads and updates connections.local.yaml, the file that holds the
// connections of local mode (`nango dryrun --local`, `nango connections`): credentials kept
// on the developer's machine instead of a Nango server.
//
// The file is parsed as yaml.v3 nodes, not into structs, for two reasons: every error can
// name its line and column, and a write-back (a refreshed token, metadata a script set)
// changes only the values it must while the file keeps its comments and key order.
//
// `${VAR}` in a string value is replaced with the variable from the process environment or
// the project's .env (internal/envfile). Variables are resolved per connection (Get), so an
// unset variable of one connection does not stop another from running.
package localconn

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nango-go/nango/internal/atomicfile"
	"github.com/nango-go/nango/internal/envfile"
	"github.com/nango-go/nango/internal/exitcode"
)

// FileName is the file's name at the project root.
const FileName = "connections.local.yaml"

// File is a parsed connections.local.yaml.
type File struct {
	// Path is the file that was read.
	Path string
	// IDs lists the connection ids in file order.
	IDs []string

	doc   *yaml.Node
	conns map[string]*yaml.Node
	integ map[string]*yaml.Node
	env   *envfile.Env
}

// Connection is one connection with its variables resolved. Credentials, ConnectionConfig
// and Metadata are JSON-like values (map[string]any, []any, string, float64/int, bool).
type Connection struct {
	ID          string
	Integration string
	// Provider is the catalog entry (the integration key when the file does not say).
	Provider         string
	Credentials      map[string]any
	ConnectionConfig map[string]any
	Metadata         map[string]any
	// BaseURL replaces the catalog's proxy.base_url when set.
	BaseURL string
	// ClientID and ClientSecret are the integration's (integrations: in the file), for
	// token refresh; "" when the file has none.
	ClientID, ClientSecret string

	node *yaml.Node
	file *File
}

var connectionFields = map[string]bool{"integration": true, "provider": true, "credentials": true, "connection_config": true, "metadata": true, "base_url": true}
var integrationFields = map[string]bool{"client_id": true, "client_secret": true}

// PosError is an error at a place in the file; its text starts with file:line:col.
type PosError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *PosError) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg) }

func (f *File) errAt(n *yaml.Node, format string, args ...any) error {
	// The file is always at the project root: its bare name is what an editor jumps to.
	name := FileName
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	return exitcode.WithHint(exitcode.WithCode(exitcode.Usage, &PosError{File: name, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}),
		"fix "+FileName+" (see README, \"Local mode\")")
}

// Load reads dir/connections.local.yaml; variables come from env (the process environment
// over dir/.env). A missing file is a usage error that says how to create one.
func Load(dir string, env *envfile.Env) (*File, error) {
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "local mode needs %s at the project root, and %s has none", FileName, dir),
			"create it with your connections (see README, \"Local mode\"), or run `nango init --example` for a sample")
	}
	if err != nil {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "cannot read %s: %v", path, err), "make it a readable file")
	}
	return Parse(path, data, env)
}

// Parse checks the file's structure (unknown fields, kinds, required fields); variables are
// resolved later, by Get.
func Parse(path string, data []byte, env *envfile.Env) (*File, error) {
	f := &File{Path: path, conns: map[string]*yaml.Node{}, integ: map[string]*yaml.Node{}, env: env}
	var doc yaml.Node
	if err := yaml.Unmarshal(protectRefs(data), &doc); err != nil {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "%s: not valid YAML: %v", path, err), "fix "+FileName)
	}
	f.doc = &doc
	if len(doc.Content) == 0 {
		return nil, f.errAt(&doc, "the file is empty: it needs a `connections:` map")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, f.errAt(root, "expected a map with `connections:`")
	}
	for i := 0; i < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "connections":
			if err := f.parseConnections(v); err != nil {
				return nil, err
			}
		case "integrations":
			if err := f.parseIntegrations(v); err != nil {
				return nil, err
			}
		default:
			return nil, f.errAt(k, "unknown field %q (expected connections or integrations)", k.Value)
		}
	}
	if f.conns == nil || len(f.IDs) == 0 {
		return nil, f.errAt(root, "no connections: add one under `connections:`")
	}
	return f, nil
}

func (f *File) parseConnections(v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return f.errAt(v, "connections must be a map of connection id to connection")
	}
	for i := 0; i < len(v.Content); i += 2 {
		id, c := v.Content[i], v.Content[i+1]
		if c.Kind != yaml.MappingNode {
			return f.errAt(c, "connection %q must be a map (integration, credentials, …)", id.Value)
		}
		if _, dup := f.conns[id.Value]; dup {
			return f.errAt(id, "connection %q is defined twice", id.Value)
		}
		for j := 0; j < len(c.Content); j += 2 {
			k, val := c.Content[j], c.Content[j+1]
			if !connectionFields[k.Value] {
				return f.errAt(k, "unknown field %q in connection %q (expected one of %s)", k.Value, id.Value, fieldList(connectionFields))
			}
			switch k.Value {
			case "credentials", "connection_config", "metadata":
				if val.Kind != yaml.MappingNode {
					return f.errAt(val, "%s of connection %q must be a map", k.Value, id.Value)
				}
			default:
				if val.Kind != yaml.ScalarNode {
					return f.errAt(val, "%s of connection %q must be a string", k.Value, id.Value)
				}
			}
		}
		if field(c, "integration") == nil {
			return f.errAt(id, "connection %q has no `integration:` (the integration key in nango.yaml)", id.Value)
		}
		creds := field(c, "credentials")
		if creds == nil {
			return f.errAt(id, "connection %q has no `credentials:` (with a `type:` such as OAUTH2, API_KEY, BASIC)", id.Value)
		}
		if t := field(creds, "type"); t == nil || t.Value == "" {
			return f.errAt(creds, "credentials of connection %q have no `type:` (OAUTH2, OAUTH2_CC, API_KEY, BASIC, …)", id.Value)
		}
		f.conns[id.Value] = c
		f.IDs = append(f.IDs, id.Value)
	}
	return nil
}

func (f *File) parseIntegrations(v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return f.errAt(v, "integrations must be a map of integration key to {client_id, client_secret}")
	}
	for i := 0; i < len(v.Content); i += 2 {
		key, in := v.Content[i], v.Content[i+1]
		if in.Kind != yaml.MappingNode {
			return f.errAt(in, "integration %q must be a map with client_id and client_secret", key.Value)
		}
		for j := 0; j < len(in.Content); j += 2 {
			if k := in.Content[j]; !integrationFields[k.Value] {
				return f.errAt(k, "unknown field %q in integration %q (expected client_id or client_secret)", k.Value, key.Value)
			}
		}
		f.integ[key.Value] = in
	}
	return nil
}

func fieldList(m map[string]bool) string {
	var names []string
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// field returns the value node of key in mapping m (nil when absent).
func field(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// Get returns the connection with its variables resolved. An unknown id or an unset
// variable is a usage error (positioned for the variable).
func (f *File) Get(id string) (*Connection, error) {
	n, ok := f.conns[id]
	if !ok {
		known := strings.Join(f.IDs, ", ")
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "no connection %q in %s", id, FileName),
			"use one of: "+known+" (or add it to "+FileName+")")
	}
	c := &Connection{ID: id, node: n, file: f}
	var err error
	if c.Integration, err = f.str(field(n, "integration")); err != nil {
		return nil, err
	}
	if c.Provider, err = f.str(field(n, "provider")); err != nil {
		return nil, err
	}
	if c.Provider == "" {
		c.Provider = c.Integration
	}
	if c.BaseURL, err = f.str(field(n, "base_url")); err != nil {
		return nil, err
	}
	if c.Credentials, err = f.object(field(n, "credentials")); err != nil {
		return nil, err
	}
	if c.ConnectionConfig, err = f.object(field(n, "connection_config")); err != nil {
		return nil, err
	}
	if c.Metadata, err = f.object(field(n, "metadata")); err != nil {
		return nil, err
	}
	if in := f.integ[c.Integration]; in != nil {
		if c.ClientID, err = f.str(field(in, "client_id")); err != nil {
			return nil, err
		}
		if c.ClientSecret, err = f.str(field(in, "client_secret")); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (f *File) str(n *yaml.Node) (string, error) {
	if n == nil {
		return "", nil
	}
	v, err := f.value(n)
	if err != nil {
		return "", err
	}
	s, _ := v.(string)
	return s, nil
}

func (f *File) object(n *yaml.Node) (map[string]any, error) {
	if n == nil {
		return map[string]any{}, nil
	}
	v, err := f.value(n)
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

var (
	varRef       = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)
	protectedRef = regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`)
)

// protectRefs rewrites ${VAR} as $(VAR) before parsing: in a flow map such as
// `{ client_secret: ${SECRET} }` (the documented form) the braces would end the map. The
// rewrite keeps every length, so line:col positions stay those of the file; save turns the
// references back. A literal $(VAR) in the file is therefore read as a reference too.
func protectRefs(data []byte) []byte { return varRef.ReplaceAll(data, []byte("$($1)")) }

func unprotectRefs(data []byte) []byte { return protectedRef.ReplaceAll(data, []byte("$${$1}")) }

// value decodes n as JSON-like data, resolving ${VAR} in strings.
func (f *File) value(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return f.value(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := f.value(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		out := []any{}
		for _, e := range n.Content {
			v, err := f.value(e)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	if n.Tag != "!!str" && n.Style == 0 {
		var v any
		if err := n.Decode(&v); err == nil && v != nil {
			if _, isStr := v.(string); !isStr {
				return v, nil
			}
		}
		if n.Tag == "!!null" {
			return nil, nil
		}
	}
	return f.interpolate(n)
}

func (f *File) interpolate(n *yaml.Node) (string, error) {
	var missing string
	out := protectedRef.ReplaceAllStringFunc(n.Value, func(ref string) string {
		name := ref[2 : len(ref)-1]
		v := ""
		if f.env != nil {
			v = f.env.Get(name)
		}
		if v == "" && missing == "" {
			missing = name
		}
		return v
	})
	if missing != "" {
		return "", f.errAt(n, "${%s} is not set: set %s in the environment or in the project's .env", missing, missing)
	}
	return out, nil
}

// Refs lists the ${VAR} names a connection uses (for display: they are not secrets).
func (f *File) Refs(id string) []string {
	seen := map[string]bool{}
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil {
			return
		}
		for _, m := range protectedRef.FindAllStringSubmatch(n.Value, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				out = append(out, m[1])
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(f.conns[id])
	return out
}

// RawIntegration is the integration key as written (no variables resolved), for listings.
func (f *File) RawIntegration(id string) string {
	return field(f.conns[id], "integration").Value
}

// RawProvider is the provider as written, else the integration key.
func (f *File) RawProvider(id string) string {
	if p := field(f.conns[id], "provider"); p != nil && p.Value != "" {
		return p.Value
	}
	return f.RawIntegration(id)
}

// RawType is the credentials type as written.
func (f *File) RawType(id string) string {
	return field(field(f.conns[id], "credentials"), "type").Value
}

// save writes the document back atomically (comments and order kept as yaml.v3 keeps them).
func (f *File) save() error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f.doc); err != nil {
		return fmt.Errorf("encode %s: %w", f.Path, err)
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(f.Path, unprotectRefs(buf.Bytes()), 0o600); err != nil {
		return fmt.Errorf("update %s: %w", f.Path, err)
	}
	return nil
}
