package fakenango

import (
	"net/http"
	"testing"
)

func recordsServer(t *testing.T) *Server {
	t.Helper()
	s := New()
	t.Cleanup(s.Close)
	s.Dev().AddIntegration("acme", "acme")
	s.Dev().AddConnection(Connection{ProviderConfigKey: "acme", ConnectionID: "c1"})
	return s
}

func TestRecordsRoute(t *testing.T) {
	s := recordsServer(t)
	var recs []map[string]any
	for i := 0; i < 5; i++ {
		recs = append(recs, map[string]any{"id": string(rune('a' + i)), "i": i})
	}
	recs = append(recs, map[string]any{"id": 42.0})
	s.Dev().SetRecords("acme", "c1", "Row", recs)
	h := map[string]string{"Connection-Id": "c1", "Provider-Config-Key": "acme"}

	cases := []struct {
		name   string
		c      call
		status int
		code   string
	}{
		{"no key", call{method: "GET", path: "/records?model=Row", header: map[string]string{"Authorization": "", "Connection-Id": "c1", "Provider-Config-Key": "acme"}}, 401, "missing_auth_header"},
		{"bad key", call{method: "GET", path: "/records?model=Row", header: map[string]string{"Authorization": "Bearer nope", "Connection-Id": "c1", "Provider-Config-Key": "acme"}}, 401, "invalid_secret_key_format"},
		{"unknown key", call{method: "GET", path: "/records?model=Row", header: map[string]string{"Authorization": "Bearer 00000000-0000-4000-8000-000000000000", "Connection-Id": "c1", "Provider-Config-Key": "acme"}}, 500, "unhandled_unknown_user_account"},
		{"no model", call{method: "GET", path: "/records", header: h}, 400, "invalid_query_params"},
		{"unknown param", call{method: "GET", path: "/records?model=Row&x=1", header: h}, 400, "invalid_query_params"},
		{"bad limit", call{method: "GET", path: "/records?model=Row&limit=0", header: h}, 400, "invalid_query_params"},
		{"no headers", call{method: "GET", path: "/records?model=Row"}, 400, "invalid_headers"},
		{"unknown connection", call{method: "GET", path: "/records?model=Row", header: map[string]string{"Connection-Id": "zz", "Provider-Config-Key": "acme"}}, 400, "unknown_connection"},
		{"content type", call{method: "GET", path: "/records?model=Row", header: map[string]string{"Content-Type": "text/plain", "Connection-Id": "c1", "Provider-Config-Key": "acme"}}, 415, "invalid_content_type"},
	}
	for _, tc := range cases {
		st, m, body := do(t, s, tc.c)
		if st != tc.status || errCode(m) != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, st, body, tc.status, tc.code)
		}
	}

	// ids filter (a number id matches its decimal text), metadata added, pages with cursors.
	st, m, body := do(t, s, call{method: "GET", path: "/records/?model=Row&ids=b&ids=42&ids=zz", header: h})
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	got := m["records"].([]any)
	if len(got) != 2 || got[0].(map[string]any)["id"] != "b" || got[1].(map[string]any)["id"] != 42.0 || m["next_cursor"] != nil {
		t.Errorf("ids filter: %s", body)
	}
	if md, ok := got[0].(map[string]any)["_nango_metadata"].(map[string]any); !ok || md["last_action"] != "ADDED" {
		t.Errorf("no _nango_metadata: %s", body)
	}
	var seen []any
	path := "/records?model=Row&limit=4"
	for pages := 0; ; pages++ {
		st, m, body = do(t, s, call{method: "GET", path: path, header: h})
		if st != 200 || pages > 3 {
			t.Fatalf("page %d: %d %s", pages, st, body)
		}
		for _, r := range m["records"].([]any) {
			seen = append(seen, r.(map[string]any)["id"])
		}
		next, _ := m["next_cursor"].(string)
		if next == "" {
			break
		}
		path = "/records?model=Row&limit=4&cursor=" + next
	}
	if len(seen) != 6 || seen[0] != "a" || seen[5] != 42.0 {
		t.Errorf("paged ids %v", seen)
	}
	if st, m, _ := do(t, s, call{method: "GET", path: "/records?model=Row&cursor=garbage", header: h}); st != 400 || errCode(m) != "invalid_query_params" {
		t.Errorf("bad cursor: %d", st)
	}
	// Another model or variant holds nothing.
	if _, m, _ := do(t, s, call{method: "GET", path: "/records?model=Row::v2", header: h}); len(m["records"].([]any)) != 0 {
		t.Errorf("variant shares records")
	}
}

func TestActionTriggerRoute(t *testing.T) {
	s := recordsServer(t)
	s.Dev().SetActionResult("acme", "create", JSON(200, map[string]any{"id": "x1"}))
	s.Dev().AddDeployed(DeployedFlow{Type: "action", ProviderConfigKey: "acme", Name: "unscripted"})
	h := map[string]string{"Connection-Id": "c1", "Provider-Config-Key": "acme"}
	cases := []struct {
		name   string
		c      call
		status int
		code   string
	}{
		{"no key", call{method: "POST", path: "/action/trigger", body: `{"action_name":"create"}`, header: map[string]string{"Authorization": "", "Connection-Id": "c1", "Provider-Config-Key": "acme"}}, 401, "missing_auth_header"},
		{"malformed key", call{method: "POST", path: "/action/trigger", body: `{"action_name":"create"}`, header: map[string]string{"Authorization": "Bearer ", "Connection-Id": "c1", "Provider-Config-Key": "acme"}}, 401, "malformed_auth_header"},
		{"no name", call{method: "POST", path: "/action/trigger", body: `{"input":1}`, header: h}, 400, "invalid_body"},
		{"extra key", call{method: "POST", path: "/action/trigger", body: `{"action_name":"create","x":1}`, header: h}, 400, "invalid_body"},
		{"no headers", call{method: "POST", path: "/action/trigger", body: `{"action_name":"create"}`}, 400, "invalid_headers"},
		{"unknown connection", call{method: "POST", path: "/action/trigger", body: `{"action_name":"create"}`, header: map[string]string{"Connection-Id": "zz", "Provider-Config-Key": "acme"}}, 400, "unknown_connection"},
		{"not deployed", call{method: "POST", path: "/action/trigger", body: `{"action_name":"nope"}`, header: h}, 404, "not_found"},
		{"unscripted", call{method: "POST", path: "/action/trigger", body: `{"action_name":"unscripted"}`, header: h}, 500, "fake_nango_unscripted"},
		{"content type", call{method: "POST", path: "/action/trigger", body: `{"action_name":"create"}`, header: map[string]string{"Content-Type": "text/plain", "Connection-Id": "c1", "Provider-Config-Key": "acme"}}, 415, "invalid_content_type"},
	}
	for _, tc := range cases {
		st, m, body := do(t, s, tc.c)
		if st != tc.status || errCode(m) != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, st, body, tc.status, tc.code)
		}
	}
	st, m, body := do(t, s, call{method: "POST", path: "/action/trigger", body: `{"action_name":"create","input":{"a":1}}`, header: h})
	if st != http.StatusOK || m["id"] != "x1" {
		t.Errorf("scripted: %d %s", st, body)
	}
}
