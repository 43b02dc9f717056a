package nangoapi

import (
	"context"
	"encoding/json"
	"net/http"
)

// DeployBody is the body of POST /sync/deploy and /sync/deploy/confirmation, as the
// reference CLI sends it. The server validates it strictly: a key it does not know is a 400.
type DeployBody struct {
	FlowConfigs []FlowConfig `json:"flowConfigs"`
	// OnEventScriptsByProvider is omitted (nil) when deploying one sync or action, and an
	// array (possibly empty) otherwise.
	OnEventScriptsByProvider []OnEventScriptsByProvider `json:"onEventScriptsByProvider,omitzero"`
	// DeployMode is the zero-yaml-era selection: "all", "integration" or "single" ("" in a
	// nango.yaml body).
	DeployMode string `json:"deployMode,omitempty"`
	// JSONSchema is the project's .nango/schema.json.
	JSONSchema any  `json:"jsonSchema,omitempty"`
	Reconcile  bool `json:"reconcile"`
	Debug      bool `json:"debug"`
	// NangoYamlBody is required by /sync/deploy and forbidden by the confirmation; a
	// zero-yaml deploy sends "" (there is no nango.yaml).
	NangoYamlBody *string `json:"nangoYamlBody,omitempty"`
	// SingleDeployMode is the nango.yaml-era selection flag (nil in a zero-yaml body).
	SingleDeployMode *bool  `json:"singleDeployMode,omitempty"`
	SDKVersion       string `json:"sdkVersion,omitempty"`
	// Source is the zero-yaml deploy's "repo" or "standalone" (NANGO_DEPLOY_SOURCE); the
	// confirmation does not carry it.
	Source string `json:"source,omitempty"`
}

// Single reports whether the body deploys part of the project: the server then removes
// nothing that is not in it.
func (b DeployBody) Single() bool {
	if b.SingleDeployMode != nil {
		return *b.SingleDeployMode
	}
	return b.DeployMode != "" && b.DeployMode != "all"
}

// FlowConfig is one sync or action. Fields that the reference sends only for syncs are
// omitted for actions by leaving them zero.
type FlowConfig struct {
	SyncName          string   `json:"syncName"`
	ProviderConfigKey string   `json:"providerConfigKey"`
	Models            []string `json:"models"`
	Version           string   `json:"version"`
	// Runs is the schedule; null for actions.
	Runs         *string        `json:"runs"`
	TrackDeletes bool           `json:"track_deletes"`
	AutoStart    *bool          `json:"auto_start,omitempty"`
	Attributes   map[string]any `json:"attributes,omitzero"`
	Metadata     FlowMetadata   `json:"metadata"`
	Input        string         `json:"input,omitempty"`
	SyncType     string         `json:"sync_type,omitempty"`
	Type         string         `json:"type"`
	FileBody     FileBody       `json:"fileBody"`
	// ModelSchema is the list of model objects `{name, fields, isAnon?}` the flow uses
	// (nango.yaml projects; nil in a zero-yaml body).
	ModelSchema          any        `json:"model_schema,omitempty"`
	Endpoints            []Endpoint `json:"endpoints"`
	WebhookSubscriptions []string   `json:"webhookSubscriptions,omitzero"`
	// ModelsJSONSchema is a zero-yaml flow's `{"definitions":{...}}` (its nango.json
	// json_schema); Features its detected features ("checkpoints"), an array in every
	// zero-yaml flow and absent from nango.yaml ones.
	ModelsJSONSchema json.RawMessage `json:"models_json_schema,omitempty"`
	Features         []string        `json:"features,omitzero"`
}

// FlowMetadata is a flow's `metadata`: description only when non-empty, scopes always.
type FlowMetadata struct {
	Description string   `json:"description,omitempty"`
	Scopes      []string `json:"scopes"`
}

// FileBody carries the compiled bundle and the TypeScript source of a script.
type FileBody struct {
	JS string `json:"js"`
	TS string `json:"ts"`
}

// Endpoint is `{method, path, group?}`.
type Endpoint struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Group  string `json:"group,omitempty"`
}

// OnEventScriptsByProvider groups an integration's on-event scripts.
type OnEventScriptsByProvider struct {
	ProviderConfigKey string          `json:"providerConfigKey"`
	Scripts           []OnEventScript `json:"scripts"`
}

// OnEventScript is one on-event script; Event is post-connection-creation or
// pre-connection-deletion.
type OnEventScript struct {
	Name     string   `json:"name"`
	FileBody FileBody `json:"fileBody"`
	Event    string   `json:"event"`
}

// SlimSync is a sync in a confirmation answer.
type SlimSync struct {
	Name              string `json:"name"`
	ProviderConfigKey string `json:"providerConfigKey,omitempty"`
	Connections       int    `json:"connections"`
	AutoStart         bool   `json:"auto_start"`
}

// SlimAction is an action in a confirmation answer.
type SlimAction struct {
	Name              string `json:"name"`
	ProviderConfigKey string `json:"providerConfigKey,omitempty"`
}

// SlimOnEventScript is an on-event script in a confirmation answer.
type SlimOnEventScript struct {
	ProviderConfigKey string `json:"providerConfigKey"`
	Name              string `json:"name"`
	Event             string `json:"event"`
}

// ScriptDifferences is the answer of POST /sync/deploy/confirmation: what the deploy would
// change. The updated* lists exist from reference server v0.60.0 on.
type ScriptDifferences struct {
	NewSyncs              []SlimSync          `json:"newSyncs"`
	DeletedSyncs          []SlimSync          `json:"deletedSyncs"`
	UpdatedSyncs          []SlimSync          `json:"updatedSyncs,omitempty"`
	NewActions            []SlimAction        `json:"newActions"`
	DeletedActions        []SlimAction        `json:"deletedActions"`
	UpdatedActions        []SlimAction        `json:"updatedActions,omitempty"`
	DeletedModels         []string            `json:"deletedModels"`
	NewOnEventScripts     []SlimOnEventScript `json:"newOnEventScripts,omitempty"`
	DeletedOnEventScripts []SlimOnEventScript `json:"deletedOnEventScripts,omitempty"`
	UpdatedOnEventScripts []SlimOnEventScript `json:"updatedOnEventScripts,omitempty"`
}

// DeployResult is one deployed script in the answer of POST /sync/deploy.
type DeployResult struct {
	Name string `json:"name,omitempty"`
	// SyncName is what older servers send instead of name.
	SyncName          string   `json:"sync_name,omitempty"`
	Version           string   `json:"version"`
	ProviderConfigKey string   `json:"providerConfigKey,omitempty"`
	Type              string   `json:"type,omitempty"`
	Models            []string `json:"models,omitempty"`
}

// DisplayName is sync_name or name, as the reference prints it.
func (r DeployResult) DisplayName() string {
	if r.SyncName != "" {
		return r.SyncName
	}
	return r.Name
}

// DeployConfirmation asks the server what body would change (POST
// /sync/deploy/confirmation). The body must not carry nangoYamlBody; it is cleared here.
func (c *Client) DeployConfirmation(ctx context.Context, body DeployBody) (*ScriptDifferences, error) {
	body.NangoYamlBody = nil
	body.Source = ""
	body.Reconcile = false
	data, err := jsonBody(body)
	if err != nil {
		return nil, err
	}
	var out ScriptDifferences
	if err := c.call(ctx, c.deployRequest("/sync/deploy/confirmation", data), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Deploy deploys body (POST /sync/deploy); body.NangoYamlBody must be set.
func (c *Client) Deploy(ctx context.Context, body DeployBody) ([]DeployResult, error) {
	data, err := jsonBody(body)
	if err != nil {
		return nil, err
	}
	var out []DeployResult
	if err := c.call(ctx, c.deployRequest("/sync/deploy", data), &out); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *Client) deployRequest(path string, body []byte) request {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return request{method: http.MethodPost, path: path, header: h, body: body, what: "an integration of this deploy"}
}
