package localconn

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// fileMu serialises write-backs: a sync may refresh a token while it sets metadata.
var fileMu sync.Mutex

// UpdateCredentials sets the given credential fields (a refreshed access_token,
// refresh_token, expires_at) in memory and in the file, atomically. Other fields, comments
// and order are kept. A field that held a ${VAR} reference now holds the value: the variable
// still has the old token.
func (c *Connection) UpdateCredentials(fields map[string]any) error {
	fileMu.Lock()
	defer fileMu.Unlock()
	creds := field(c.node, "credentials")
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := setField(creds, k, fields[k]); err != nil {
			return err
		}
		c.Credentials[k] = fields[k]
	}
	return c.file.save()
}

// SetMetadata replaces (merge false) or merges the connection's metadata, in memory and in
// the file.
func (c *Connection) SetMetadata(md map[string]any, merge bool) error {
	fileMu.Lock()
	defer fileMu.Unlock()
	next := map[string]any{}
	if merge {
		for k, v := range c.Metadata {
			next[k] = v
		}
	}
	for k, v := range md {
		next[k] = v
	}
	if err := setField(c.node, "metadata", next); err != nil {
		return err
	}
	c.Metadata = next
	return c.file.save()
}

// setField sets key in mapping m to v, replacing the old value node (its comments kept) or
// appending the key.
func setField(m *yaml.Node, key string, v any) error {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	if n.Kind == yaml.MappingNode && len(n.Content) > 0 {
		n.Style = 0
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			old := m.Content[i+1]
			n.HeadComment, n.LineComment, n.FootComment = old.HeadComment, old.LineComment, old.FootComment
			m.Content[i+1] = &n
			return nil
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, &n)
	return nil
}

// authModeTypes lists, per catalog auth_mode, the credential types a connection may have.
// Most are the mode itself; MCP servers use OAuth2 tokens, and the GitHub App OAuth entry
// (CUSTOM) holds app and user tokens.
var authModeTypes = map[string][]string{
	"MCP_OAUTH2": {"OAUTH2"},
	"CUSTOM":     {"CUSTOM", "APP", "OAUTH2"},
	"APP":        {"APP", "OAUTH2"},
}

// requiredCredentials are the fields without which a request cannot be authenticated.
var requiredCredentials = map[string][]string{
	"OAUTH2":    {"access_token"},
	"OAUTH2_CC": {"client_id", "client_secret"},
	"API_KEY":   {"apiKey"},
	"BASIC":     {"username"},
	"APP":       {"access_token"},
	"OAUTH1":    {"oauth_token", "oauth_token_secret"},
	"TBA":       {"token_id", "token_secret"},
}

// CheckAuthMode says whether the connection's credentials fit the provider's auth mode
// (catalog auth_mode; "" skips the check) and have the fields that mode needs; the error is
// positioned at the credentials.
func (c *Connection) CheckAuthMode(authMode string) error {
	creds := field(c.node, "credentials")
	typNode := field(creds, "type")
	typ := strings.ToUpper(typNode.Value)
	if authMode != "" {
		allowed := authModeTypes[authMode]
		if allowed == nil {
			allowed = []string{authMode}
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == typ
		}
		if !ok {
			return c.file.errAt(typNode, "credentials type %s does not fit provider %q, whose auth mode is %s (use type: %s)",
				typNode.Value, c.Provider, authMode, strings.Join(allowed, " or "))
		}
	}
	for _, k := range requiredCredentials[typ] {
		if s, _ := c.Credentials[k].(string); s == "" {
			return c.file.errAt(creds, "credentials of connection %q (type %s) need %s", c.ID, typ, k)
		}
	}
	return nil
}

// ErrAt is a usage error positioned at the connection's credentials, for callers that find
// another problem with them (a provider without a token URL, say).
func (c *Connection) ErrAt(format string, args ...any) error {
	return c.file.errAt(field(c.node, "credentials"), format, args...)
}
