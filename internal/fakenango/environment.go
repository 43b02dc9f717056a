package fakenango

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Environment is one Nango environment: what a secret key gives access to.
type Environment struct {
	s         *Server
	name      string
	secretKey string

	integrations   []Integration
	connections    []*Connection
	envVars        []EnvironmentVariable
	flows          []*DeployedFlow
	onEvents       []*DeployedOnEvent
	deployLocked   bool
	lastYAML       string
	deployRequests int
	records        map[recordsKey][]map[string]any
	actionResults  map[actionKey]Response
}

func newEnvironment(s *Server, name, key string) *Environment {
	return &Environment{s: s, name: name, secretKey: key}
}

// Name is the environment's name.
func (e *Environment) Name() string { return e.name }

// SecretKey is the key that reaches the environment.
func (e *Environment) SecretKey() string { return e.secretKey }

// Integration is an integration (provider config) of the environment.
type Integration struct {
	UniqueKey string
	// Provider is the provider template name, e.g. "github".
	Provider string
}

// AddIntegration adds an integration.
func (e *Environment) AddIntegration(uniqueKey, provider string) {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	e.integrations = append(e.integrations, Integration{UniqueKey: uniqueKey, Provider: provider})
}

func (e *Environment) integration(key string) *Integration {
	for i := range e.integrations {
		if e.integrations[i].UniqueKey == key {
			return &e.integrations[i]
		}
	}
	return nil
}

// Connection is a connection of the environment. Zero fields get realistic defaults.
type Connection struct {
	ID                int64
	ConnectionID      string
	ProviderConfigKey string
	Metadata          map[string]any
	ConnectionConfig  map[string]any
	// Credentials is the credentials object, e.g. {"type":"OAUTH2","access_token":"…"}.
	Credentials map[string]any
}

// AddConnection adds a connection; its integration must have been added.
func (e *Environment) AddConnection(c Connection) {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	cc := c
	if cc.ID == 0 {
		cc.ID = int64(len(e.connections) + 1)
	}
	if cc.Credentials == nil {
		cc.Credentials = map[string]any{"type": "OAUTH2", "access_token": "fake-access-token-" + cc.ConnectionID,
			"refresh_token": "fake-refresh-token", "expires_at": "2099-01-01T00:00:00.000Z",
			"raw": map[string]any{"access_token": "fake-access-token-" + cc.ConnectionID, "refresh_token": "fake-refresh-token", "token_type": "bearer"}}
	}
	e.connections = append(e.connections, &cc)
}

// Connection returns a copy of a connection (its metadata as the server holds it now), or nil.
func (e *Environment) Connection(providerConfigKey, connectionID string) *Connection {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	if c := e.connection(providerConfigKey, connectionID); c != nil {
		cc := *c
		return &cc
	}
	return nil
}

func (e *Environment) connection(key, id string) *Connection {
	for _, c := range e.connections {
		if c.ProviderConfigKey == key && c.ConnectionID == id {
			return c
		}
	}
	return nil
}

func (e *Environment) connectionCount(key string) int {
	n := 0
	for _, c := range e.connections {
		if c.ProviderConfigKey == key {
			n++
		}
	}
	return n
}

// EnvironmentVariable is one environment variable.
type EnvironmentVariable struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// SetEnvironmentVariables replaces the environment's variables.
func (e *Environment) SetEnvironmentVariables(vars []EnvironmentVariable) {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	e.envVars = append([]EnvironmentVariable(nil), vars...)
}

// DeployedFlow is a sync or action as the server holds it after a deploy.
type DeployedFlow struct {
	Type              string // "sync" or "action"
	Name              string
	ProviderConfigKey string
	Models            []string
	Version           string
	AutoStart         bool
	Runs              string
	JS, TS            string
}

// DeployedOnEvent is an active on-event script.
type DeployedOnEvent struct {
	Name              string
	ProviderConfigKey string
	Event             string
	Version           string
}

// AddDeployed records a sync or action as already deployed (its integration is added when
// missing), so that the next confirmation reports it as updated or deleted.
func (e *Environment) AddDeployed(f DeployedFlow) {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	if e.integration(f.ProviderConfigKey) == nil {
		e.integrations = append(e.integrations, Integration{UniqueKey: f.ProviderConfigKey, Provider: f.ProviderConfigKey})
	}
	if f.Version == "" {
		f.Version = "1"
	}
	ff := f
	e.flows = append(e.flows, &ff)
}

// AddDeployedOnEvent records an active on-event script.
func (e *Environment) AddDeployedOnEvent(o DeployedOnEvent) {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	if o.Version == "" {
		o.Version = "0.0.1"
	}
	oo := o
	e.onEvents = append(e.onEvents, &oo)
}

// Deployed returns the syncs and actions deployed now, in deploy order.
func (e *Environment) Deployed() []DeployedFlow {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	out := make([]DeployedFlow, len(e.flows))
	for i, f := range e.flows {
		out[i] = *f
	}
	return out
}

// DeployedOnEvents returns the active on-event scripts.
func (e *Environment) DeployedOnEvents() []DeployedOnEvent {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	out := make([]DeployedOnEvent, len(e.onEvents))
	for i, o := range e.onEvents {
		out[i] = *o
	}
	return out
}

// NangoYAML returns the nango.yaml text of the last successful deploy.
func (e *Environment) NangoYAML() string {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	return e.lastYAML
}

// SetDeployInProgress makes /sync/deploy answer 409 concurrent_deployment, as when another
// deploy holds the environment's lock.
func (e *Environment) SetDeployInProgress(on bool) {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	e.deployLocked = on
}

func (e *Environment) flow(typ, key, name string) *DeployedFlow {
	for _, f := range e.flows {
		if f.Type == typ && f.ProviderConfigKey == key && f.Name == name {
			return f
		}
	}
	return nil
}

// nextVersion bumps a version the way the server does: "1" → "2", "1.0.2" → "1.0.3".
func nextVersion(prev, initial string) string {
	if prev == "" {
		return initial
	}
	if n, err := strconv.Atoi(prev); err == nil {
		return strconv.Itoa(n + 1)
	}
	parts := strings.Split(prev, ".")
	if n, err := strconv.Atoi(parts[len(parts)-1]); err == nil {
		parts[len(parts)-1] = strconv.Itoa(n + 1)
		return strings.Join(parts, ".")
	}
	return prev + ".1"
}

func (c *Connection) apiJSON(refreshToken bool, provider string) map[string]any {
	creds := cloneJSON(c.Credentials)
	if m, ok := creds.(map[string]any); ok && m["type"] == "OAUTH2" && !refreshToken {
		delete(m, "refresh_token")
		if raw, ok := m["raw"].(map[string]any); ok {
			delete(raw, "refresh_token")
		}
	}
	var metadata any
	if c.Metadata != nil {
		metadata = cloneJSON(c.Metadata)
	}
	cfg := any(map[string]any{})
	if c.ConnectionConfig != nil {
		cfg = cloneJSON(c.ConnectionConfig)
	}
	return map[string]any{
		"id": c.ID, "connection_id": c.ConnectionID, "provider_config_key": c.ProviderConfigKey,
		"provider": provider, "errors": []any{}, "end_user": nil, "metadata": metadata,
		"connection_config": cfg, "created_at": "2025-01-01T00:00:00.000Z", "updated_at": "2025-01-02T00:00:00.000Z",
		"last_fetched_at": "2025-01-02T00:00:00.000Z", "credentials": creds,
	}
}

func cloneJSON(v any) any {
	if v == nil {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	_ = json.Unmarshal(data, &out)
	return out
}
