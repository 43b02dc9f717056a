package sdk

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
)

// liveHarness runs the nango object against a fake Nango server through the Live transport.
func liveHarness(t *testing.T, props Props) (*harness, *fakenango.Server) {
	t.Helper()
	srv := fakenango.New()
	t.Cleanup(srv.Close)
	srv.Dev().AddIntegration("pck", "acme")
	srv.Dev().AddConnection(fakenango.Connection{ProviderConfigKey: "pck", ConnectionID: "c1"})
	client := nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: fakenango.DefaultSecretKey, HTTPClient: srv.Client()})
	h := newHarness(t, props, func(o *Options) { o.Transport = &Live{Client: client, IsSync: props.ScriptType == project.KindSync} })
	return h, srv
}

func TestGetRecordsByIdsReadsStoredRecordsInBatches(t *testing.T) {
	p := syncProps()
	p.Variant = "v2"
	h, srv := liveHarness(t, p)
	var recs []map[string]any
	for i := 0; i < 250; i++ {
		recs = append(recs, map[string]any{"id": fmt.Sprint(i), "n": i})
	}
	srv.Dev().SetRecords("pck", "c1", "Row::v2", recs)
	srv.Dev().SetRecords("pck", "c1", "Row", []map[string]any{{"id": "1", "base": true}})
	// 230 distinct ids (numbers and strings; 7 twice; one unknown): three requests of at most 100.
	got := h.mustRun(`const ids = [];
		for (let i = 0; i < 230; i++) ids.push(i % 2 ? i : String(i));
		ids.push(7, 'nope');
		const m = await nango.getRecordsByIds(ids, 'Row');
		return [m.size, m.get(7).n, m.has('7'), m.get('8').n, typeof m.get(229)._nango_metadata, m.has('nope'), m.get(1).base === undefined];`)
	if got != `[230,7,false,8,"object",false,true]` {
		t.Errorf("got %s", got)
	}
	reqs := srv.RequestsTo("GET", "/records/")
	if len(reqs) != 3 {
		t.Fatalf("%d requests to /records/, want 3 batches", len(reqs))
	}
	for i, want := range []int{100, 100, 31} {
		r := reqs[i]
		if n := len(r.Query["ids"]); n != want || r.Query.Get("model") != "Row::v2" || r.Status != 200 {
			t.Errorf("request %d: %d ids, model %q, status %d", i, n, r.Query.Get("model"), r.Status)
		}
		if r.Header.Get("Connection-Id") != "c1" || r.Header.Get("Provider-Config-Key") != "pck" ||
			r.Header.Get("Authorization") != "Bearer "+fakenango.DefaultSecretKey {
			t.Errorf("request %d headers: %v", i, r.Header)
		}
	}
	if got := h.mustRun(`return (await nango.getRecordsByIds([], 'Row')).size;`); got != "0" {
		t.Errorf("no ids: %s", got)
	}
	if len(srv.RequestsTo("GET", "/records/")) != 3 {
		t.Error("no ids must send no request")
	}
}

func TestGetRecordsByIdsFollowsCursor(t *testing.T) {
	h, srv := liveHarness(t, syncProps())
	srv.Dev().SetRecords("pck", "c1", "Row", []map[string]any{{"id": "a"}, {"id": "a"}, {"id": "b"}})
	// A server page smaller than the batch: the next page is asked for with its cursor.
	srv.Respond("GET", "/records/?cursor=p2", fakenango.JSON(200, map[string]any{"records": []any{map[string]any{"id": "b", "page": 2}}, "next_cursor": nil}))
	srv.Respond("GET", "/records/", fakenango.Response{Status: 200, Times: 1, Body: []byte(`{"records":[{"id":"a","page":1}],"next_cursor":"p2"}`)})
	got := h.mustRun(`const m = await nango.getRecordsByIds(['a', 'b'], 'Row'); return [m.get('a').page, m.get('b').page];`)
	if got != `[1,2]` {
		t.Errorf("got %s", got)
	}
}

func TestGetRecordsByIdsErrors(t *testing.T) {
	h, srv := liveHarness(t, syncProps())
	got := h.mustRun(`try { await nango.getRecordsByIds(['1'], 'Row'); return 'ok'; } catch (e) { return String(e); }`)
	if got != `"ok"` {
		t.Errorf("got %s", got)
	}
	// The server's own 400 (e.g. a connection it does not know) is an HTTP error the script can catch.
	srv.Respond("GET", "/records/", fakenango.JSON(400, map[string]any{"error": map[string]any{"code": "unknown_connection", "message": "Provided ConnectionId and ProviderConfigKey does not match a valid connection"}}))
	got = h.mustRun(`try { await nango.getRecordsByIds(['1'], 'Row'); return 'no error'; } catch (e) {
		return [e.isAxiosError, e.response.status, e.response.data.error.code]; }`)
	if got != `[true,400,"unknown_connection"]` {
		t.Errorf("got %s", got)
	}
	if _, err := h.run(`await nango.getRecordsByIds('1', 'Row');`); err == nil || !strings.Contains(err.Error(), "array of ids") {
		t.Errorf("ids not an array: %v", err)
	}

	// A refused key is the CLI's auth error (exit code 4 when uncaught), not an HTTP answer.
	bad, badSrv := liveHarness(t, syncProps())
	bad.n.opts.Transport.(*Live).Client = nangoapi.New(nangoapi.Options{Host: badSrv.URL, SecretKey: "00000000-0000-4000-8000-000000000000", HTTPClient: badSrv.Client()})
	if _, err := bad.run(`await nango.getRecordsByIds(['1'], 'Row');`); err == nil || !strings.Contains(err.Error(), "does not know this secret key") {
		t.Errorf("refused key: %v", err)
	}

	// Replay has no recording of stored records: a clear error.
	rh := newHarness(t, syncProps(), func(o *Options) {
		o.Transport = &Replay{Replayer: mocks.NewReplayer(mocks.Layout{Root: t.TempDir()}, "s")}
	})
	_, err := rh.run(`await nango.getRecordsByIds(['1'], 'Row');`)
	if err == nil || !strings.Contains(err.Error(), "not available in replay") || !strings.Contains(err.Error(), `"Row"`) {
		t.Errorf("replay: %v", err)
	}
}

func TestTriggerActionRunsTheDeployedAction(t *testing.T) {
	h, srv := liveHarness(t, action())
	srv.Dev().AddConnection(fakenango.Connection{ProviderConfigKey: "pck", ConnectionID: "c2"})
	srv.Dev().SetActionResult("pck", "create", fakenango.JSON(200, map[string]any{"id": "x1"}))
	srv.Dev().SetActionResult("pck", "broken", fakenango.JSON(500, map[string]any{"error": map[string]any{"code": "action_script_failure", "message": "boom"}}))
	got := h.mustRun(`return await nango.triggerAction('pck', 'c2', 'create', { email: 'a@b' });`)
	if got != `{"id":"x1"}` {
		t.Errorf("output %s", got)
	}
	r := srv.RequestsTo("POST", "/action/trigger")[0]
	if string(r.Body) != `{"action_name":"create","input":{"email":"a@b"}}` || r.Header.Get("Connection-Id") != "c2" ||
		r.Header.Get("Provider-Config-Key") != "pck" || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request %s %v", r.Body, r.Header)
	}
	h.mustRun(`await nango.triggerAction('pck', 'c2', 'create');`)
	if r := srv.RequestsTo("POST", "/action/trigger")[1]; string(r.Body) != `{"action_name":"create"}` {
		t.Errorf("no input: %s", r.Body)
	}
	got = h.mustRun(`const out = [];
		for (const name of ['broken', 'missing']) {
			try { await nango.triggerAction('pck', 'c2', name); out.push('no error'); }
			catch (e) { out.push([e.isAxiosError, e.response.status, e.response.data.error.code]); }
		}
		return out;`)
	if got != `[[true,500,"action_script_failure"],[true,404,"not_found"]]` {
		t.Errorf("failures %s", got)
	}
	rh := newHarness(t, action(), func(o *Options) {
		o.Transport = &Replay{Replayer: mocks.NewReplayer(mocks.Layout{Root: t.TempDir()}, "s")}
	})
	if _, err := rh.run(`await nango.triggerAction('pck', 'c2', 'create');`); err == nil || !strings.Contains(err.Error(), "not available in replay") {
		t.Errorf("replay: %v", err)
	}
}
