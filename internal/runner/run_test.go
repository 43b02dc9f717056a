package runner

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/schemavalidate"
	"github.com/nango-go/nango/internal/sdk"
)

const runYAML = `integrations:
  acme:
    syncs:
      rows:
        runs: every hour
        output: Row
        endpoint: GET /rows
    actions:
      echo:
        endpoint: POST /echo
        input: Row
        output: Row
      boom:
        endpoint: POST /boom
      spin:
        endpoint: POST /spin
      hog:
        endpoint: POST /hog
models:
  Row:
    id: string
`

var runScripts = map[string]string{
	"nango.yaml": runYAML,
	"acme/syncs/rows.ts": `import type { NangoSync, Row } from '../../models';
export default async function fetchData(nango: NangoSync): Promise<void> {
    await nango.log('saving');
    await nango.batchSave([{ id: 'a' }, { id: 'b' }], 'Row');
}
`,
	"acme/actions/echo.ts": `import type { NangoAction, Row } from '../../models';
export default async function run(nango: NangoAction, input: Row): Promise<Row> {
    return { id: input.id + '!' };
}
`,
	"acme/actions/boom.ts": `import type { NangoAction } from '../../models';
export default async function run(nango: NangoAction): Promise<void> {
    throw new Error('it broke');
}
`,
	"acme/actions/spin.ts": `import type { NangoAction } from '../../models';
export default async function run(nango: NangoAction): Promise<void> {
    for (;;) {}
}
`,
	"acme/actions/hog.ts": `import type { NangoAction } from '../../models';
export default async function run(nango: NangoAction): Promise<void> {
    const a: Uint8Array[] = [];
    for (;;) { a.push(new Uint8Array(1 << 20)); await null; }
}
`,
}

// stepClock advances by step at every reading: a run's Duration is then exactly one step.
func stepClock(step time.Duration) func() time.Time {
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

func runScript(t *testing.T, name string, o Options) *Outcome {
	t.Helper()
	dir := writeProject(t, runScripts)
	s := loadScript(t, dir, name)
	o.Props = sdk.Props{ConnectionID: "c", ProviderConfigKey: "acme"}
	out, err := Run(context.Background(), s, noNetwork{&sdk.Replay{}}, o)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRunActionSucceeds(t *testing.T) {
	out := runScript(t, "echo", Options{Input: []byte(`{"id":"x"}`), Now: stepClock(3 * time.Second)})
	if !out.OK() || out.Kind != project.KindAction || string(out.Output) != `{"id":"x!"}` {
		t.Fatalf("outcome %+v (failure %+v)", out, out.Failure)
	}
	if out.Duration != 3*time.Second {
		t.Errorf("duration %s with a clock stepping 3s: Options.Now was not used", out.Duration)
	}
	if out.Store != nil || out.Requests != 0 {
		t.Errorf("an action has no store and made no request: %+v", out)
	}
}

func TestRunSyncFeedsStoreLogAndOnBatch(t *testing.T) {
	var logs []string
	var batches []string
	out := runScript(t, "rows", Options{
		Log: func(_ jsruntime.LogLevel, msg string) { logs = append(logs, msg) },
		OnBatch: func(op records.Op, model, text string) error {
			batches = append(batches, string(op)+" "+model)
			return nil
		},
	})
	if !out.OK() || out.Kind != project.KindSync || out.Store == nil || out.Store.Counts().Added != 2 {
		t.Fatalf("outcome %+v (failure %+v)", out, out.Failure)
	}
	if len(batches) != 1 || !strings.Contains(batches[0], "Row") {
		t.Errorf("OnBatch saw %v", batches)
	}
	if !strings.Contains(strings.Join(logs, "\n"), "saving") {
		t.Errorf("Options.Log did not get the script's line: %q", logs)
	}
}

func TestRunScriptErrorIsAFailureNotAnError(t *testing.T) {
	out := runScript(t, "boom", Options{})
	if out.OK() || !strings.Contains(out.Failure.Message, "it broke") {
		t.Fatalf("failure %+v", out.Failure)
	}
}

func TestRunTimeoutAppliesLimitAndHint(t *testing.T) {
	start := time.Now()
	out := runScript(t, "spin", Options{Timeout: 200 * time.Millisecond, TimeoutHint: "raise the test limit"})
	if out.OK() || !strings.Contains(out.Failure.Message, "did not finish within 200ms") || !strings.Contains(out.Failure.Message, "; raise the test limit") {
		t.Fatalf("failure %+v", out.Failure)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("the timeout did not stop the script in time")
	}
}

func TestRunMemoryLimitAppliesLimitAndHint(t *testing.T) {
	out := runScript(t, "hog", Options{MemoryLimit: 64 << 20, MemoryHint: "hold less"})
	if out.OK() || out.Failure.Type != sdk.ErrMemory || !strings.Contains(out.Failure.Message, "limit of 64 MiB") ||
		!strings.Contains(out.Failure.Message, "hold less") {
		t.Fatalf("failure %+v", out.Failure)
	}
}

func TestRunValidationFailsInvalidActionInput(t *testing.T) {
	out := runScript(t, "echo", Options{Input: []byte(`{"id":1}`), Validation: true})
	if out.OK() || !out.Failure.Validation || out.Report == nil {
		t.Fatalf("failure %+v", out.Failure)
	}
}

// TestZeroActionWithoutInputIsNotValidated: a zero-yaml action without `input`/`output` has
// nothing to validate against, so nothing is reported, even with Validation.
func TestZeroActionWithoutInputIsNotValidated(t *testing.T) {
	schema, err := schemavalidate.Parse([]byte(`{"definitions":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	s := &Script{Decl: &project.Script{Integration: "crm", Name: "boom", Kind: project.KindAction,
		Input: "ActionInput_crm_boom", Outputs: []string{"ActionOutput_crm_boom"}, Zero: &project.ZeroScript{}}, Schema: schema}
	if !s.undeclared(s.InputModel()) || !s.undeclared(s.OutputModels()[0]) {
		t.Fatal("undeclared models of a zero-yaml action are checked")
	}
	s.Decl.Zero = nil
	if s.undeclared(s.InputModel()) {
		t.Fatal("a nango.yaml script's missing model is an error, not undeclared")
	}
}
