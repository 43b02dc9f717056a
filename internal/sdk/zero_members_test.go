package sdk

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
)

// The members the 0.70+ SDK added (checkpoints, setLogger, listRecords) and its plural
// GET /connections/:id.

func TestCheckpointSeededSavedAndCleared(t *testing.T) {
	p := syncProps()
	p.Checkpoint = []byte(`{"cursor":"page2","n":3}`)
	h := newHarness(t, p, nil)
	got := h.mustRun(`const a = await nango.getCheckpoint();
		a.cursor = 'changed by the script';
		const b = await nango.getCheckpoint();
		await nango.saveCheckpoint({ cursor: 'page3', done: false });
		const c = await nango.getCheckpoint();
		await nango.clearCheckpoint();
		return [b, c, await nango.getCheckpoint()];`)
	if want := `[{"cursor":"page2","n":3},{"cursor":"page3","done":false},null]`; got != want {
		t.Errorf("checkpoints %s, want %s", got, want)
	}
	if got := newHarness(t, syncProps(), nil).mustRun(`return await nango.getCheckpoint();`); got != "null" {
		t.Errorf("no --checkpoint: %s, want null", got)
	}
}

func TestSaveCheckpointRefusesNestedValues(t *testing.T) {
	h := newHarness(t, syncProps(), nil)
	for _, bad := range []string{`{ a: { b: 1 } }`, `{ a: null }`, `[1]`, `'x'`} {
		_, err := h.run(`await nango.saveCheckpoint(` + bad + `);`)
		if err == nil || !strings.Contains(err.Error(), "string, number or boolean") {
			t.Errorf("saveCheckpoint(%s): %v", bad, err)
		}
	}
}

func TestSetLoggerHidesLowerLevels(t *testing.T) {
	h := newHarness(t, action(), nil)
	h.mustRun(`nango.log('a', { level: 'debug' });
		nango.setLogger({ level: 'warn' });
		nango.log('b');
		nango.log('c', { level: 'error' });
		nango.setLogger({ level: 'off' });
		nango.setLogger({ level: 'debug' });
		nango.log('d', { level: 'error' });`)
	var got []string
	for _, l := range h.logs {
		got = append(got, l.msg)
	}
	if fmt.Sprint(got) != "[a c]" {
		t.Errorf("logged %q, want a (before setLogger) and c (error ≥ warn); off stays off", got)
	}
}

func TestListRecordsIteratesEveryPage(t *testing.T) {
	h, srv := liveHarness(t, syncProps())
	var recs []map[string]any
	for i := 0; i < 250; i++ {
		recs = append(recs, map[string]any{"id": fmt.Sprint(i)})
	}
	srv.Dev().SetRecords("pck", "c1", "Row", recs)
	// What esbuild lowers `for await (const r of nango.listRecords('Row'))` to.
	got := h.mustRun(`let n = 0, last = '';
		const it = nango.listRecords('Row')[Symbol.asyncIterator]();
		for (;;) { const step = await it.next(); if (step.done) break; n++; last = step.value.id; }
		return [n, last];`)
	if got != `[250,"249"]` {
		t.Errorf("listRecords gave %s, want 250 records", got)
	}
	var pages int
	for _, r := range srv.Requests() {
		if r.Path == "/records/" || r.Path == "/records" {
			pages++
			if r.Query.Get("model") != "Row" || r.Query.Has("ids") {
				t.Errorf("records request %v", r.Query)
			}
		}
	}
	if pages < 2 {
		t.Errorf("%d records requests: the cursor was not followed", pages)
	}
}

func TestPluralConnectionsAsksGETConnectionsID(t *testing.T) {
	srv := fakenango.New()
	t.Cleanup(srv.Close)
	srv.Dev().AddIntegration("pck", "acme")
	srv.Dev().AddConnection(fakenango.Connection{ProviderConfigKey: "pck", ConnectionID: "c1", Metadata: map[string]any{"m": 1}})
	client := nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: fakenango.DefaultSecretKey, HTTPClient: srv.Client()})
	p := syncProps()
	h := newHarness(t, p, func(o *Options) {
		o.Transport = &Live{Client: client, IsSync: p.ScriptType == project.KindSync, PluralConnections: true}
	})
	if got := h.mustRun(`return await nango.getMetadata();`); got != `{"m":1}` {
		t.Fatalf("metadata %s", got)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/connections/c1" || reqs[0].Query.Get("refresh_github_app_jwt_token") != "false" {
		t.Fatalf("requests %+v", reqs)
	}
}
