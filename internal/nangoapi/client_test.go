package nangoapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/providers"
)

func setup(t *testing.T) (*fakenango.Server, *nangoapi.Client) {
	t.Helper()
	srv := fakenango.New()
	t.Cleanup(srv.Close)
	dev := srv.Dev()
	dev.AddIntegration("acme-crm", "github")
	dev.AddConnection(fakenango.Connection{ConnectionID: "conn-123", ProviderConfigKey: "acme-crm",
		Metadata:    map[string]any{"lists": []any{"vip"}},
		Credentials: map[string]any{"type": "OAUTH2", "access_token": "tok-SECRET-123", "refresh_token": "ref-SECRET-456"}})
	c := nangoapi.New(nangoapi.Options{Host: srv.URL + "/", SecretKey: fakenango.DefaultSecretKey, SecretKeyVar: "NANGO_SECRET_KEY_DEV", AppVersion: "1.2.3"})
	return srv, c
}

func exitOf(t *testing.T, err error) exitcode.Code {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error")
	}
	return exitcode.Of(err)
}

func TestUserAgentPassesVersionGate(t *testing.T) {
	ua := nangoapi.CLIUserAgent("1.2.3")
	if !strings.HasPrefix(ua, "nango-cli/0.") || !strings.Contains(ua, "nango-go/1.2.3") {
		t.Fatalf("CLIUserAgent = %q: must start with nango-cli/<reference version> and name our product", ua)
	}
	if sdk := nangoapi.SDKUserAgent("1.2.3"); !strings.HasPrefix(sdk, "nango-node-client/") || !strings.HasSuffix(sdk, "; sdk") {
		t.Fatalf("SDKUserAgent = %q", sdk)
	}
}

func TestGetConnectionAsDryRunLookup(t *testing.T) {
	srv, c := setup(t)
	conn, err := c.GetConnection(context.Background(), nangoapi.ConnectionRequest{ConnectionID: "conn-123", ProviderConfigKey: "acme-crm"})
	if err != nil {
		t.Fatal(err)
	}
	if conn.ID == 0 || conn.ConnectionID != "conn-123" || conn.ProviderConfigKey != "acme-crm" || conn.Metadata["lists"] == nil {
		t.Fatalf("connection = %+v", conn)
	}
	if _, has := conn.Credentials["refresh_token"]; has {
		t.Error("refresh_token must be stripped unless refresh_token=true")
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("requests = %d", len(reqs))
	}
	r := reqs[0]
	if r.Path != "/connection/conn-123" || r.Query.Encode() != "provider_config_key=acme-crm" {
		t.Errorf("request = %s %s?%s", r.Method, r.Path, r.Query.Encode())
	}
	want := map[string]string{"Authorization": "Bearer " + fakenango.DefaultSecretKey, "Nango-Is-Sync": "true", "Nango-Is-Dry-Run": "true", "Accept-Encoding": "application/json"}
	for k, v := range want {
		if got := r.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if !strings.HasPrefix(r.Header.Get("User-Agent"), "nango-cli/") {
		t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
	}
}

func TestGetConnectionForScript(t *testing.T) {
	srv, c := setup(t)
	if _, err := c.GetConnection(context.Background(), nangoapi.ConnectionRequest{ConnectionID: "conn-123", ProviderConfigKey: "acme-crm", ForScript: true}); err != nil {
		t.Fatal(err)
	}
	r := srv.Requests()[0]
	if r.Query.Get("force_refresh") != "false" || r.Query.Get("refresh_token") != "false" || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("script lookup = %v %v", r.Query, r.Header)
	}
	if _, has := r.Header["Nango-Is-Sync"]; has {
		t.Error("actions send no Nango-Is-Sync")
	}
	if !strings.HasPrefix(r.Header.Get("User-Agent"), "nango-node-client/") {
		t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
	}
}

func TestGetConfig(t *testing.T) {
	_, c := setup(t)
	in, err := c.GetConfig(context.Background(), "acme-crm")
	if err != nil || in.Provider != "github" || in.UniqueKey != "acme-crm" {
		t.Fatalf("GetConfig = %+v, %v", in, err)
	}
	_, err = c.GetConfig(context.Background(), "nope")
	if exitOf(t, err) != exitcode.Rejected || !strings.Contains(err.Error(), `integration "nope"`) {
		t.Errorf("unknown integration: %v", err)
	}
}

func TestErrorsHaveExitCodesAndNoSecrets(t *testing.T) {
	srv, c := setup(t)
	ctx := context.Background()
	t.Run("unknown integration 400", func(t *testing.T) {
		_, err := c.GetConnection(ctx, nangoapi.ConnectionRequest{ConnectionID: "conn-123", ProviderConfigKey: "nope"})
		if exitOf(t, err) != exitcode.Rejected || !strings.Contains(err.Error(), `integration "nope" does not exist`) {
			t.Errorf("%v", err)
		}
	})
	t.Run("unknown connection 404", func(t *testing.T) {
		_, err := c.GetConnection(ctx, nangoapi.ConnectionRequest{ConnectionID: "missing", ProviderConfigKey: "acme-crm"})
		if exitOf(t, err) != exitcode.Rejected || !strings.Contains(err.Error(), `connection "missing" of integration "acme-crm"`) {
			t.Errorf("%v", err)
		}
		if e, ok := nangoapi.IsAPIError(err); !ok || e.Kind != nangoapi.KindNotFound || e.Status != 404 {
			t.Errorf("APIError = %+v", e)
		}
	})
	t.Run("malformed key 401", func(t *testing.T) {
		bad := nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: "not-a-uuid-SECRET", SecretKeyVar: "NANGO_SECRET_KEY_PROD"})
		_, err := bad.GetConfig(ctx, "acme-crm")
		if exitOf(t, err) != exitcode.Auth {
			t.Errorf("exit = %d", exitOf(t, err))
		}
		if !strings.Contains(exitcode.HintOf(err), "NANGO_SECRET_KEY_PROD") {
			t.Errorf("hint = %q", exitcode.HintOf(err))
		}
		if strings.Contains(err.Error(), "not-a-uuid-SECRET") {
			t.Error("key in error")
		}
	})
	t.Run("unknown key 500 is auth", func(t *testing.T) {
		other := nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: "11111111-2222-4333-8444-555555555555"})
		_, err := other.GetConfig(ctx, "acme-crm")
		if exitOf(t, err) != exitcode.Auth || !strings.Contains(err.Error(), "does not know this secret key") {
			t.Errorf("%v", err)
		}
		if strings.Contains(err.Error(), "11111111-2222") {
			t.Error("key in error")
		}
	})
	t.Run("5xx", func(t *testing.T) {
		srv.Respond("GET", "/config/acme-crm", fakenango.Response{Status: 502, Body: []byte("bad gateway"), Times: 1})
		_, err := c.GetConfig(ctx, "acme-crm")
		if exitOf(t, err) != exitcode.Unavailable || !strings.Contains(err.Error(), "502") {
			t.Errorf("%v", err)
		}
	})
	t.Run("dropped connection", func(t *testing.T) {
		// Go retries an idempotent request once on a fresh connection: drop every time.
		srv.Respond("GET", "/config/dropped", fakenango.Response{Drop: true})
		_, err := c.GetConfig(ctx, "dropped")
		if exitOf(t, err) != exitcode.Unavailable || !strings.Contains(err.Error(), "dropped the connection") {
			t.Errorf("%v", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		c := nangoapi.New(nangoapi.Options{Host: "http://127.0.0.1:1", SecretKey: fakenango.DefaultSecretKey})
		_, err := c.GetConfig(ctx, "acme-crm")
		if exitOf(t, err) != exitcode.Unavailable || !strings.Contains(exitcode.HintOf(err), "NANGO_HOSTPORT") {
			t.Errorf("%v / %s", err, exitcode.HintOf(err))
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		srv.Respond("GET", "/config/acme-crm", fakenango.Response{Delay: 2 * time.Second, Times: 1})
		ctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(20*time.Millisecond, cancel)
		_, err := c.GetConfig(ctx, "acme-crm")
		if exitOf(t, err) != exitcode.Cancel {
			t.Errorf("%v", err)
		}
	})
}

func TestProxyWireFormat(t *testing.T) {
	srv, c := setup(t)
	srv.Provider("POST", "/v1/contacts", fakenango.JSON(201, map[string]any{"id": "new-1"}))
	resp, err := c.Proxy(context.Background(), nangoapi.ProxyRequest{
		Method: "POST", Endpoint: "v1/contacts?x=1", ConnectionID: "conn-123", ProviderConfigKey: "acme-crm",
		Headers:     []nangoapi.HeaderField{{Name: "user-agent", Value: "ua"}, {Name: "X-Custom", Value: "c"}},
		ContentType: "application/json", Retries: 2, RetryOn: []int{401, 429}, Decompress: true, IsSync: true,
		Body: []byte(`{"first_name":"Ada"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 201 || !strings.Contains(string(resp.Body), "new-1") {
		t.Fatalf("resp = %d %s", resp.Status, resp.Body)
	}
	r := srv.Requests()[0]
	if r.Path != "/proxy/v1/contacts" || r.Query.Get("x") != "1" || string(r.Body) != `{"first_name":"Ada"}` {
		t.Errorf("request = %s %s %v %s", r.Method, r.Path, r.Query, r.Body)
	}
	want := map[string]string{"Connection-Id": "conn-123", "Provider-Config-Key": "acme-crm", "Base-Url-Override": "",
		"Nango-Is-Sync": "true", "Nango-Is-Dry-Run": "true", "Nango-Activity-Log-Id": "", "Retries": "2", "Retry-On": "401,429",
		"Decompress": "true", "Content-Type": "application/json"}
	for k, v := range want {
		if got, ok := r.Header[k]; !ok || got[0] != v {
			t.Errorf("%s = %v, want %q", k, got, v)
		}
	}
	if got := r.Header.Get("Nango-Proxy-User-Agent"); got != "ua" {
		t.Errorf("forwarded header = %q", got)
	}
	if !strings.HasPrefix(r.Header.Get("User-Agent"), "nango-node-client/") {
		t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
	}
}

func TestProxyPassesProviderErrorsThrough(t *testing.T) {
	srv, c := setup(t)
	srv.Provider("GET", "/v1/x", fakenango.Response{Status: 404, Header: http.Header{"X-Upstream": {"1"}}, Body: []byte(`{"message":"nope"}`)})
	resp, err := c.Proxy(context.Background(), nangoapi.ProxyRequest{Endpoint: "/v1/x", ConnectionID: "conn-123", ProviderConfigKey: "acme-crm"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 404 || resp.Header.Get("X-Upstream") != "1" || c.ServerError("GET", "/v1/x", resp) != nil {
		t.Errorf("provider 404 should be data: %d %v", resp.Status, resp.Header)
	}
	// Nango's own refusal (unknown connection) is told apart.
	req := nangoapi.ProxyRequest{Endpoint: "/v1/x", ConnectionID: "nope", ProviderConfigKey: "acme-crm"}
	resp, err = c.Proxy(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	serr := c.ServerErrorOf(req, resp)
	if serr == nil || exitcode.Of(serr) != exitcode.Rejected || !strings.Contains(serr.Error(), `connection "nope" of integration "acme-crm" does not exist`) {
		t.Errorf("unknown connection through proxy: %v", serr)
	}
	req = nangoapi.ProxyRequest{Endpoint: "/v1/x", ConnectionID: "conn-123", ProviderConfigKey: "other"}
	resp, _ = c.Proxy(context.Background(), req)
	if serr := c.ServerErrorOf(req, resp); serr == nil || !strings.Contains(serr.Error(), `integration "other" does not exist`) {
		t.Errorf("unknown integration through proxy: %v", serr)
	}
}

func TestProxyRetriesServerSide(t *testing.T) {
	srv, c := setup(t)
	srv.Provider("GET", "/flaky", fakenango.Response{Status: 503, Times: 1})
	srv.Provider("GET", "/flaky", fakenango.JSON(200, map[string]bool{"ok": true}))
	resp, err := c.Proxy(context.Background(), nangoapi.ProxyRequest{Endpoint: "/flaky", ConnectionID: "conn-123", ProviderConfigKey: "acme-crm", Retries: 1})
	if err != nil || resp.Status != 200 {
		t.Fatalf("retry: %v %+v", err, resp)
	}
}

func testBody() nangoapi.DeployBody {
	runs := "every hour"
	auto := true
	return nangoapi.DeployBody{
		FlowConfigs: []nangoapi.FlowConfig{{
			SyncName: "fetch", ProviderConfigKey: "acme-crm", Models: []string{"Contact"}, Runs: &runs, AutoStart: &auto,
			Attributes: map[string]any{}, Metadata: nangoapi.FlowMetadata{Scopes: []string{}}, SyncType: "full", Type: "sync",
			FileBody:    nangoapi.FileBody{JS: "js", TS: "ts"},
			ModelSchema: json.RawMessage(`[{"name":"Contact","fields":[{"name":"id","value":"string","tsType":true,"array":false,"optional":false}]}]`),
			Endpoints:   []nangoapi.Endpoint{{Method: "GET", Path: "/contacts"}}, WebhookSubscriptions: []string{},
		}},
		OnEventScriptsByProvider: []nangoapi.OnEventScriptsByProvider{},
		JSONSchema:               json.RawMessage(`{"$schema":"http://json-schema.org/draft-07/schema#","$comment":"x","definitions":{"Contact":{"type":"object"}}}`),
		SDKVersion:               "0.60.5-yaml",
	}
}

func TestDeployRoundTrip(t *testing.T) {
	srv, c := setup(t)
	ctx := context.Background()
	body := testBody()
	yaml := "integrations: {}\n"
	body.NangoYamlBody = &yaml // DeployConfirmation must drop it
	diff, err := c.DeployConfirmation(ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	if len(diff.NewSyncs) != 1 || diff.NewSyncs[0].Connections != 1 {
		t.Errorf("diff = %+v", diff)
	}
	body.Reconcile = true
	res, err := c.Deploy(ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].DisplayName() != "fetch" || res[0].Version != "1" {
		t.Errorf("results = %+v", res)
	}
	if srv.Dev().NangoYAML() != yaml {
		t.Error("yaml not stored")
	}
}

func TestDeployRejectedShowsIssuesPerField(t *testing.T) {
	_, c := setup(t)
	body := testBody()
	bad := "every fortnight"
	body.FlowConfigs[0].Runs = &bad
	_, err := c.DeployConfirmation(context.Background(), body)
	if exitOf(t, err) != exitcode.Rejected {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(err.Error(), "flowConfigs[0].runs: Invalid") {
		t.Errorf("issues not shown per field: %v", err)
	}
}

func TestDeployConflict(t *testing.T) {
	srv, c := setup(t)
	srv.Dev().SetDeployInProgress(true)
	body := testBody()
	y := "x"
	body.NangoYamlBody = &y
	body.Reconcile = true
	_, err := c.Deploy(context.Background(), body)
	if exitOf(t, err) != exitcode.Conflict {
		t.Fatalf("%v", err)
	}
	var ce *exitcode.Error
	if !errors.As(err, &ce) || ce.Hint == "" {
		t.Error("no hint")
	}
}

// Redaction replaces secret values, whole, in their common encodings and any case, and
// alters nothing else (issue 13 item 3).
func TestRedact(t *testing.T) {
	const tok = "ya29.a0AfB_byC-token-0123456789"
	b64 := base64.StdEncoding.EncodeToString([]byte(tok))
	tests := []struct{ name, in, want string }{
		{"plain", "token " + tok + ".", "token <redacted>."},
		{"glued long token", "Bearer" + tok, "Bearer<redacted>"},
		{"upper case", strings.ToUpper(tok), "<redacted>"},
		{"btoa", `{"h":"Basic ` + b64 + `"}`, `{"h":"Basic <redacted>"}`},
		{"btoa unpadded url", strings.TrimRight(base64.URLEncoding.EncodeToString([]byte(tok)), "="), "<redacted>"},
		{"url-encoded", "?t=" + url.QueryEscape("p@ss w/rd+"), "?t=<redacted>"},
		{"json-escaped", `"q\"uote"`, `"<redacted>"`},
		{"short password whole word", "pw=name, first_name user-name names Name", "pw=<redacted>, first_name user-name names <redacted>"},
		{"after a JSON escape", `"line\nname"`, `"line\n<redacted>"`},
		{"nothing else", "token_type bearer 2025-01-01T00:00:00Z", "token_type bearer 2025-01-01T00:00:00Z"},
	}
	r := nangoapi.NewRedactor([]string{tok, "p@ss w/rd+", `q"uote`, "name"})
	for _, tt := range tests {
		if got := r.Replace(tt.in); got != tt.want {
			t.Errorf("%s: Replace(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
	if got := nangoapi.NewRedactor(nil).Replace("x"); got != "x" {
		t.Errorf("no secrets: %q", got)
	}
}

// Which credential values are secret follows the auth mode, never the length.
func TestCredentialSecrets(t *testing.T) {
	tests := []struct {
		name  string
		creds string
		want  []string
	}{
		{"OAUTH2", `{"type":"OAUTH2","access_token":"at","refresh_token":"rt","token_type":"bearer","expires_at":"2025-01-01T00:00:00Z","scope":"repo","raw":{"access_token":"at","id_token":"idt","expires_in":3600,"token_type":"bearer"},"config_override":{"client_id":"cid","client_secret":"cs"}}`,
			[]string{"at", "at", "cs", "idt", "rt"}},
		{"BASIC", `{"type":"BASIC","username":"name","password":"pw"}`, []string{"name:pw", "pw"}},
		{"API_KEY", `{"type":"API_KEY","apiKey":"k"}`, []string{"k"}},
		{"OAUTH1", `{"type":"OAUTH1","oauth_token":"t","oauth_token_secret":"s"}`, []string{"s", "t"}},
		{"OAUTH2_CC", `{"type":"OAUTH2_CC","token":"t","client_id":"cid","client_secret":"cs","expires_at":"x"}`, []string{"cs", "t"}},
		{"TBA", `{"type":"TBA","token_id":"ti","token_secret":"ts","config_override":{"client_secret":"cs"}}`, []string{"cs", "ti", "ts"}},
		{"JWT private key object", `{"type":"JWT","privateKey":{"id":"kid","secret":"ks"},"token":"jt"}`, []string{"jt", "kid", "ks"}},
		{"NONE", `{"type":"NONE"}`, nil},
	}
	for _, tt := range tests {
		var creds map[string]any
		if err := json.Unmarshal([]byte(tt.creds), &creds); err != nil {
			t.Fatal(err)
		}
		got := nangoapi.CredentialSecrets(creds)
		sort.Strings(got)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestGetProvider(t *testing.T) {
	srv, c := setup(t)
	// a server that does not know the provider, or an old one without the route: 404
	_, err := c.GetProvider(context.Background(), "github")
	if !errors.Is(err, nangoapi.ErrProviderNotOnServer) {
		t.Fatalf("%v", err)
	}
	cat, err := providers.Load("../../testdata/providers/providers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv.SetProviders(cat)
	raw, err := c.GetProvider(context.Background(), "github")
	if err != nil {
		t.Fatal(err)
	}
	p, err := providers.ParseEntry("github", raw)
	if err != nil || p.PaginateDefaults()["limit_name_in_request"] != "per_page" {
		t.Fatalf("%v %v", p, err)
	}
	r := srv.RequestsTo("GET", "/providers/github")
	if len(r) != 2 || r[1].Header.Get("Authorization") != "Bearer "+fakenango.DefaultSecretKey || len(r[1].Query) != 0 {
		t.Errorf("requests %v", r)
	}
	srv.Respond("GET", "/providers/*", fakenango.Response{Status: 503})
	if _, err := c.GetProvider(context.Background(), "github"); errors.Is(err, nangoapi.ErrProviderNotOnServer) || exitOf(t, err) != exitcode.Unavailable {
		t.Errorf("503: %v", err)
	}
}
