package dryrun

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/verdict"
)

const recordYAML = `integrations:
  acme:
    syncs:
      contacts:
        runs: every hour
        output: Contact
        endpoint: GET /contacts
    actions:
      lookup:
        endpoint: GET /lookup
        input: LookupInput
        output: Contact
models:
  LookupInput:
    id: string
  Contact:
    id: string
    name: string
`

const recordSyncTS = `import type { NangoSync, Contact } from '../../models';
export default async function fetchData(nango: NangoSync): Promise<void> {
    for await (const page of nango.paginate<Contact>({ endpoint: '/v1/contacts', params: { size: 1 },
        paginate: { type: 'cursor', cursor_name_in_request: 'after', cursor_path_in_response: 'next', response_path: 'items' } })) {
        await nango.batchSave(page, 'Contact');
    }
    await nango.batchDelete([{ id: 'gone' }], 'Contact');
}
`

const recordActionTS = `import type { NangoAction, Contact, LookupInput } from '../../models';
export default async function run(nango: NangoAction, input: LookupInput): Promise<Contact> {
    const res = await nango.get({ endpoint: '/v1/contacts/' + input.id });
    return { id: res.data.id, name: res.data.name };
}
`

func recordingServer(t *testing.T) *fakenango.Server {
	srv := fakenango.New()
	t.Cleanup(srv.Close)
	srv.Dev().AddIntegration("acme", "acme")
	srv.Dev().AddConnection(fakenango.Connection{ProviderConfigKey: "acme", ConnectionID: "c1",
		Credentials: map[string]any{"type": "API_KEY", "apiKey": "key_never_recorded"}})
	js := func(body string) fakenango.Response {
		return fakenango.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body), Times: 1}
	}
	srv.Provider("GET", "/v1/contacts", js(`{"items":[{"id":"1","name":"Ada"}],"next":"a2"}`))
	srv.Provider("GET", "/v1/contacts", js(`{"items":[{"id":"2","name":"Alan"}],"next":"a3"}`))
	srv.Provider("GET", "/v1/contacts", js(`{"items":[{"id":"3","name":"Grace"}]}`))
	srv.Provider("GET", "/v1/contacts/7", js(`{"id":"7","name":"Edsger","extra":true}`))
	return srv
}

// A sync (three pages) and an action recorded with --save-responses replay with Replay and
// pass the verdicts of nango test; a changed recorded field makes the sync fail, naming it.
func TestRecordThenReplay(t *testing.T) {
	dir := writeProject(t, map[string]string{"nango.yaml": recordYAML,
		"acme/syncs/contacts.ts": recordSyncTS, "acme/actions/lookup.ts": recordActionTS})
	srv := recordingServer(t)
	env := map[string]string{"NANGO_HOSTPORT": srv.URL, "NANGO_SECRET_KEY_DEV": fakenango.DefaultSecretKey, "HOME": t.TempDir()}
	base := Options{Dir: dir, ConnectionID: "c1", SaveResponses: true, Getenv: func(k string) string { return env[k] },
		HTTPClient: srv.Client(), Client: func() (*nangoapi.Client, string, error) {
			return nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: fakenango.DefaultSecretKey, HTTPClient: srv.Client()}), fakenango.DefaultSecretKey, nil
		}}
	for _, run := range []struct{ script, input string }{{"contacts", ""}, {"lookup", `{"id":"7"}`}} {
		o := base
		o.ScriptName, o.Input = run.script, run.input
		rep, err := DryRun(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Outcome.OK() {
			t.Fatalf("%s: %s %s", run.script, rep.Outcome.Failure.Type, rep.Outcome.Failure.Message)
		}
	}
	layout := mocks.IntegrationLayout(dir, "acme")

	replaySync := func() verdict.Verdict {
		s := loadScript(t, dir, "contacts")
		calls := verdict.NewSyncCalls()
		out, err := runner.Replay(context.Background(), s, runner.Recordings{Layout: layout, ConnectionID: "c1"}, runner.Options{
			OnBatch: func(op records.Op, model, text string) error {
				switch op {
				case records.OpSave:
					return calls.BatchSave(model, text)
				case records.OpDelete:
					return calls.BatchDelete(model, text)
				}
				return nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		if !out.OK() {
			t.Fatalf("sync replay failed: %s %s", out.Failure.Type, out.Failure.Message)
		}
		if out.Requests != 3 {
			t.Errorf("the replayed sync made %d requests, want 3 pages", out.Requests)
		}
		exp, err := verdict.LoadSyncExpectations(layout, "contacts", s.OutputModels())
		if err != nil {
			t.Fatal(err)
		}
		return verdict.JudgeSync(exp, calls)
	}
	if v := replaySync(); !v.Pass {
		t.Fatalf("sync verdict: %s", v.Report())
	}

	s := loadScript(t, dir, "lookup")
	in, _, err := layout.ReadInput("lookup")
	if err != nil {
		t.Fatal(err)
	}
	out, err := runner.Replay(context.Background(), s, runner.Recordings{Layout: layout, ConnectionID: "c1"}, runner.Options{Input: mustStringify(in)})
	if err != nil || !out.OK() {
		t.Fatalf("action replay: %v %+v", err, out.Failure)
	}
	want, err := layout.ReadOutput("lookup")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := parse(out.Output)
	if v := verdict.JudgeAction(want, got); !v.Pass {
		t.Fatalf("action verdict: %s", v.Report())
	}

	// nothing secret was recorded
	files, _ := filepathGlobAll(layout.Root)
	for _, f := range files {
		if strings.Contains(readFile(t, f), "key_never_recorded") || strings.Contains(readFile(t, f), fakenango.DefaultSecretKey) {
			t.Errorf("%s holds a secret", f)
		}
	}

	// a changed recorded record fails the sync's verdict with the field's path
	save := layout.BatchSaveFile("contacts", "Contact")
	writeFileT(t, save, strings.Replace(readFile(t, save), `"Alan"`, `"Alan T."`, 1))
	v := replaySync()
	if v.Pass || !strings.Contains(v.Report(), "name") {
		t.Fatalf("a changed record should fail naming the field, got %v %s", v.Pass, v.Report())
	}

	// a request that was not recorded: the failure names the expected file
	out, err = runner.Replay(context.Background(), s, runner.Recordings{Layout: layout, ConnectionID: "c1"}, runner.Options{Input: []byte(`{"id":"8"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if out.OK() || !out.Failure.IsMissingRecording() || !strings.Contains(out.Failure.Message+errString(out.Failure.Cause), "nango/get/proxy/v1/contacts/8/lookup") {
		t.Fatalf("want a missing recording naming the file, got %+v", out.Failure)
	}
}
