package verdict

import (
	"os"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/pkg/jsjson"
)

// TestRecordReplayJudge drives the engine the way dryrun --save-responses and nango test
// will: a sync fetches three pages and saves their records, an action posts and returns;
// both are recorded, replayed from the files and judged; then one recorded field changes and
// the sync fails with a diff naming it.
func TestRecordReplayJudge(t *testing.T) {
	root := t.TempDir()
	l := mocks.IntegrationLayout(root, "acme-crm")
	pages := []string{
		`{"data":[{"id":"1","city":"Paris"},{"id":"2","city":"Lyon"}],"next":"p2"}`,
		`{"data":[{"id":"3","city":"Nice"}],"next":"p3"}`,
		`{"data":[{"id":"4","city":"Lille"}],"next":null}`,
	}
	request := func(cursor string) mocks.Request {
		r := mocks.Request{Method: "GET", Endpoint: "/v1/contacts", Params: []mocks.Entry{{Key: "limit", Value: jsjson.NumberValue(2)}}}
		if cursor != "" {
			r.Params = append(r.Params, mocks.Entry{Key: "cursor", Value: jsjson.StringValue(cursor)})
		}
		return r
	}
	// The "script": follow cursors through a proxy function, save each page's records.
	runSync := func(proxy func(mocks.Request) (jsjson.Value, error), save func(string) error) error {
		cursor := ""
		for {
			body, err := proxy(request(cursor))
			if err != nil {
				return err
			}
			if err := save(string(jsjson.MustStringify(jsjson.GetPath(body, "data")))); err != nil {
				return err
			}
			next := jsjson.GetPath(body, "next")
			if next.Kind != jsjson.String {
				return nil
			}
			cursor = next.Str
		}
	}

	// Record.
	rec := mocks.NewRecorder(l, "fetch-contacts", mocks.NewScrubber("sk-test-secret-key"))
	rec.RecordConnection(parse(t, `{"metadata":{"team":"a"},"connection_config":{},"credentials":{"apiKey":"live-key-123456"}}`))
	rec.DeclareModels("Contact")
	page := 0
	err := runSync(func(r mocks.Request) (jsjson.Value, error) {
		body := parse(t, pages[page])
		page++
		_, err := rec.RecordResponse(r, 200, parse(t, `{"content-type":"application/json"}`), body)
		return body, err
	}, func(records string) error { return rec.RecordBatchSave("Contact", records) })
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.Commit(); err != nil {
		t.Fatal(err)
	}
	action := mocks.NewRecorder(l, "create-contact", nil)
	input := parse(t, `{"name":"Dee"}`)
	actionReq := mocks.Request{Method: "POST", Endpoint: "/v1/contacts", Body: mocks.JSONBody(`{"name":"Dee"}`)}
	action.RecordInput(input)
	action.RecordResponse(actionReq, 201, jsjson.ObjectValue(), parse(t, `{"id":"5","name":"Dee"}`))
	action.RecordOutput(parse(t, `{"id":"5","name":"Dee"}`))
	if err := action.Commit(); err != nil {
		t.Fatal(err)
	}

	// Replay and judge.
	judgeSync := func() Verdict {
		replayer := mocks.NewReplayer(l, "fetch-contacts")
		calls := NewSyncCalls()
		err := runSync(func(r mocks.Request) (jsjson.Value, error) {
			resp, err := replayer.Lookup(r)
			if err != nil {
				return jsjson.Value{}, err
			}
			return resp.Data, nil
		}, func(records string) error { return calls.BatchSave("Contact", records) })
		if err != nil {
			t.Fatal(err)
		}
		exp, err := LoadSyncExpectations(l, "fetch-contacts", []string{"Contact"})
		if err != nil {
			t.Fatal(err)
		}
		return JudgeSync(exp, calls)
	}
	if v := judgeSync(); !v.Pass {
		t.Fatalf("replayed sync fails:\n%s", v.Report())
	}
	resp, err := mocks.NewReplayer(l, "create-contact").Lookup(actionReq)
	if err != nil {
		t.Fatal(err)
	}
	out, err := l.ReadOutput("create-contact")
	if err != nil {
		t.Fatal(err)
	}
	if v := JudgeAction(out, resp.Data); !v.Pass {
		t.Fatalf("replayed action fails:\n%s", v.Report())
	}

	// Change one recorded field: the second page's city.
	p2, err := l.HashedResponseFile("fetch-contacts", mocks.MustIdentity(request("p2")))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p2)
	os.WriteFile(p2, []byte(strings.Replace(string(b), `"Nice"`, `"Cannes"`, 1)), 0o644)
	v := judgeSync()
	if v.Pass || !strings.Contains(v.Report(), `batchSave Contact[2].city: expected "Nice", got "Cannes"`) {
		t.Errorf("changed field:\n%s", v.Report())
	}
}
