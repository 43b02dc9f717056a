// Package dryrun is the engine of `nango dryrun <script> <connection>`: it runs one sync,
// action or on-event script of the project the way the reference CLI's dry run does, on top
// of internal/runner. What it adds to a run is the dry run's own orchestration: the secret
// key and the Nango client (live), the connection and integration lookups, the provider
// settings for pagination (the server's entry, else the local catalog), recording every
// response (SaveResponses) or answering from recordings (Replay), nango.triggerSync
// (trigger.go), and redaction of every known secret from what the run prints.
//
// The recordings are laid out as mocks.Layout describes (<integration>/mocks/, the layout
// `nango test` and Nango's own test harness read); the command prints the Report.
package dryrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/sdk"
	"github.com/nango-go/nango/internal/usercache"
	"github.com/nango-go/nango/pkg/jsjson"
)

// Report is the outcome of a dry run.
type Report struct {
	Script       *runner.Script
	Provider     string
	ConnectionID string
	Outcome      *runner.Outcome
	// MocksDir is where --save-responses wrote ("" otherwise).
	MocksDir string
	// TestFile is the tests/<name>.test.json --save writes ("" otherwise), absolute when
	// Options.Dir is.
	TestFile string
	// Replayed is true for --replay.
	Replayed bool

	secrets *secretSet
}

// Redact removes every known secret (the secret key, the connections' credentials) from text.
func (r *Report) Redact(text string) string {
	if r == nil || r.secrets == nil {
		return text
	}
	return r.secrets.redact(text)
}

type secretSet struct {
	mu   sync.Mutex
	list []string
	// replacer redacts list in one pass; nil after a change (rebuilt on the next use): a big
	// sync prints one message per record.
	replacer *nangoapi.Redactor
}

func (s *secretSet) add(v ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.list = append(s.list, v...)
	s.replacer = nil
}

func (s *secretSet) addConnection(raw []byte) {
	var c nangoapi.Connection
	if json.Unmarshal(raw, &c) == nil {
		s.add(c.Secrets()...)
	}
}

func (s *secretSet) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.list...)
}

func (s *secretSet) redact(text string) string {
	s.mu.Lock()
	if s.replacer == nil {
		s.replacer = nangoapi.NewRedactor(s.list)
	}
	r := s.replacer
	s.mu.Unlock()
	return r.Replace(text)
}

// DryRun runs the script end to end. The error is set for what stops the run before the
// script runs (usage, project, keys, connection, server), with its exit code; a script
// failure is in Report.Outcome.Failure.
func DryRun(ctx context.Context, o Options) (*Report, error) {
	if err := o.setDefaults(); err != nil {
		return nil, err
	}
	a, err := o.parseArgs()
	if err != nil {
		return nil, err
	}
	p, err := project.LoadValid(o.Dir, "dryrun")
	if err != nil {
		return nil, err
	}
	if o.Runner.NodeModules == nil {
		o.Runner.NodeModules = usercache.NodeModulesFor(o.Dir, o.Getenv, p.ZodMajor())
	}
	// Before the script is compiled: a bad local connection stops the run with nothing written.
	keys, err := o.integrationFilter(ctx, p)
	if err != nil {
		return nil, err
	}
	decl, err := o.findScript(p, keys)
	if err != nil {
		return nil, err
	}
	if o.Save && decl.Zero == nil {
		return nil, ErrSaveNeedsZero
	}
	script, err := runner.Load(ctx, p, decl, runner.LoadOptions{NoCompile: o.NoCompile})
	if err != nil {
		return nil, err
	}
	if o.requireSync && script.Kind() != project.KindSync {
		// The calling script is at fault (exit code of a script failure), not the command line.
		return nil, fmt.Errorf("%q of integration %q is not a sync (it is declared as %s)", script.Name(), script.Integration(), script.Kind())
	}
	if script.Kind() != project.KindAction && a.input != nil {
		o.log(jsruntime.LevelWarn, fmt.Sprintf("--input is ignored: %q is a %s", script.Name(), script.Kind()))
		a.input = nil
	}
	if script.Kind() != project.KindSync && a.checkpoint != nil {
		o.log(jsruntime.LevelWarn, fmt.Sprintf("--checkpoint is ignored: %q is a %s", script.Name(), script.Kind()))
		a.checkpoint = nil
	}
	s := newSession(o, script, a)
	switch {
	case o.Replay:
		err = s.replay(ctx)
	case o.Local:
		err = s.local(ctx)
	default:
		err = s.live(ctx)
	}
	if s.rep.Outcome == nil {
		return nil, err
	}
	return s.rep, err
}

// session is one dry run between loading the script and its outcome.
type session struct {
	o       Options
	script  *runner.Script
	args    args
	rep     *Report
	layout  mocks.Layout
	catalog *providers.Lazy
	props   sdk.Props
}

func newSession(o Options, script *runner.Script, a args) *session {
	cacheFile := ""
	if c, err := usercache.New(o.Getenv); err == nil {
		cacheFile = c.ProvidersYAML()
	}
	catalog := providers.NewLazy(providers.Locator{Flag: o.ProvidersFile, Getenv: o.Getenv, ProjectDir: o.Dir, CacheFile: cacheFile})
	catalog.Download = o.DownloadCatalog
	integration := script.Integration()
	return &session{o: o, script: script, args: a, catalog: catalog,
		rep:    &Report{Script: script, ConnectionID: o.ConnectionID, Replayed: o.Replay, secrets: &secretSet{}},
		layout: runner.MocksLayout(o.Dir, integration, o.Getenv),
		props: sdk.Props{
			ConnectionID: o.ConnectionID, ProviderConfigKey: integration, EnvironmentName: o.Environment,
			LastSyncDate: a.lastSync, Variant: o.Variant, Replay: o.Replay, UserAgent: nangoapi.SDKUserAgent(o.AppVersion),
		}}
}

// replay answers every request from the recordings. The provider entry kept with them
// (nango/provider.json) names the provider when there is one; otherwise the integration key
// usually is the provider's name, the catalog's key.
func (s *session) replay(ctx context.Context) error {
	integration := s.script.Integration()
	s.props.Provider = integration
	recorded, err := runner.RecordedProvider(s.layout)
	if err != nil {
		return exitcode.WithCode(exitcode.Project, err)
	}
	if recorded != nil {
		s.props.Provider = recorded.Name
	}
	provider := &providers.Resolver{Name: s.props.Provider, Catalog: s.catalog,
		First: func() (*providers.Provider, error) { return recorded, nil }}
	o := s.o
	transport := &sdk.Replay{Replayer: mocks.NewReplayer(s.layout, mocks.ScriptKey(s.script.Name(), o.Variant)),
		ProviderConfigKey: integration, Provider: integration,
		OnHTTP: func(status int, method, file string) {
			if o.HTTPLog != nil {
				o.HTTPLog(status, method, "replay:"+relTo(o.Dir, file))
			}
		}}
	_, err = s.execute(ctx, transport, provider)
	return err
}

// live looks up the connection and the integration on the Nango server, then runs the script
// against it, recording every response with SaveResponses.
func (s *session) live(ctx context.Context) error {
	o := s.o
	client, key, err := s.client()
	if err != nil {
		return err
	}
	integration := s.script.Integration()
	conn, err := client.GetConnection(ctx, nangoapi.ConnectionRequest{ConnectionID: o.ConnectionID, ProviderConfigKey: integration})
	if err != nil {
		return err
	}
	s.rep.secrets.addConnection(conn.Raw)
	s.props.ConnectionID, s.props.ProviderConfigKey, s.props.NangoConnectionID = conn.ConnectionID, conn.ProviderConfigKey, conn.ID
	s.rep.ConnectionID = conn.ConnectionID
	zero := s.script.Decl.Zero != nil
	// The reference 0.71 (zero-yaml) asks GET /integrations/:key where 0.60 asked GET
	// /config/:key, and its node client asks GET /connections/:id.
	getIntegration := client.GetConfig
	if zero {
		getIntegration = client.GetIntegrationForCLI
	}
	integ, err := getIntegration(ctx, integration)
	if err != nil {
		return err
	}
	s.props.Provider = integ.Provider
	provider := &providers.Resolver{Name: integ.Provider, Catalog: s.catalog,
		First: func() (*providers.Provider, error) { return serverProvider(ctx, client, integ.Provider, o.log) }}
	live := &sdk.Live{Client: client, IsSync: s.script.Kind() == project.KindSync, OnHTTP: o.HTTPLog, HTTP: o.HTTPClient,
		PluralConnections: zero}
	if !o.SaveResponses && !o.Save {
		_, err = s.execute(ctx, live, provider)
		return err
	}
	recorder := s.startRecording(conn.Raw, key)
	out, err := s.execute(ctx, &sdk.Recording{Live: live, Recorder: recorder}, provider)
	if err != nil {
		return err
	}
	return s.finishRecording(recorder, provider, out)
}

// client is the Nango client of the run (Options.Client), its key added to the secrets.
func (s *session) client() (*nangoapi.Client, string, error) {
	client, key, err := s.o.connect()
	if err != nil {
		return nil, "", err
	}
	s.rep.secrets.add(key)
	return client, key, nil
}

// startRecording writes what the run starts from (connection, metadata, input, the sync's
// models); the responses follow as the script makes its requests. With Save the recorder is
// the test file's, which gets the connection only from the function's own
// nango.getConnection (sdk.Recording.GetConnection), as the reference writes `"nango": {}`
// for a function that never asked; the connection's credentials are scrubbed either way.
func (s *session) startRecording(connRaw []byte, secrets ...string) mocks.RunRecorder {
	scrub := mocks.NewScrubber(secrets...)
	var recorder mocks.RunRecorder
	if s.o.Save {
		path := mocks.TestFilePath(s.o.Dir, s.script.Integration(), s.script.Name())
		recorder = mocks.NewTestRecorder(path, s.script.Kind() == project.KindAction, scrub)
		s.rep.TestFile = path
	} else {
		recorder = mocks.NewRecorder(s.layout, mocks.ScriptKey(s.script.Name(), s.o.Variant), scrub)
		s.rep.MocksDir = s.layout.Root
	}
	if v, err := jsjson.Parse(connRaw); err == nil {
		scrub.AddConnection(v)
		if !s.o.Save {
			recorder.RecordConnection(v)
		}
	}
	if s.args.metadata != nil {
		recorder.RecordMetadata(mustParse(s.args.metadata))
	}
	if s.args.input != nil {
		recorder.RecordInput(mustParse(s.args.input))
	}
	if s.script.Kind() == project.KindSync {
		recorder.DeclareModels(s.script.OutputModels()...)
	}
	return recorder
}

// finishRecording keeps the provider entry the run used, for replays on machines with no
// catalog (one the server and the catalog do not know is kept as a name without settings),
// then the outcome. A failed run writes no test file (Save): the reference saves only after a
// run that succeeded, and a partial file would replace a good one.
func (s *session) finishRecording(recorder mocks.RunRecorder, provider *providers.Resolver, out *runner.Outcome) error {
	if s.o.Save && !out.OK() {
		s.rep.TestFile = ""
		return nil
	}
	switch p, err := provider.Used(); {
	case p != nil:
		recorder.RecordProvider(ProviderEntry(p))
	case errors.Is(err, providers.ErrUnknownProvider):
		recorder.RecordProvider(ProviderEntry(providers.Empty(provider.Name)))
	}
	if err := record(recorder, out); err != nil {
		what := "the responses"
		if s.o.Save {
			what = "the test file"
		}
		return exitcode.Errorf(exitcode.Failure, "save %s: %v", what, err)
	}
	return nil
}

// execute runs the script with t and sets the report's outcome.
func (s *session) execute(ctx context.Context, t sdk.Transport, provider *providers.Resolver) (*runner.Outcome, error) {
	o := s.o
	s.rep.Provider = s.props.Provider
	head := fmt.Sprintf("Executing -> integration:%q script:%q ", s.props.Provider, s.script.Name())
	if o.Variant != records.BaseVariant {
		head += fmt.Sprintf("variant:%q", o.Variant)
	}
	o.log(jsruntime.LevelInfo, head)
	ro := o.Runner
	ro.Props, ro.Input, ro.Validation = s.props, s.args.input, o.Validation
	if s.script.Kind() == project.KindSync {
		ro.MetadataStub = s.args.metadata
		ro.Props.Checkpoint = s.args.checkpoint
	}
	ro.Log = func(level jsruntime.LogLevel, msg string) { o.log(level, s.rep.secrets.redact(msg)) }
	ro.OnConnection = s.rep.secrets.addConnection
	ro.PaginateDefaults = paginateDefaults(provider, o.log)
	ro.TriggerSync = o.triggerSync(s.script)
	out, err := runner.Run(ctx, s.script, t, ro)
	if err != nil {
		return nil, err
	}
	s.rep.Outcome = out
	o.log(jsruntime.LevelInfo, "Done")
	return out, nil
}

// record completes a recording: a successful run replaces the script's recordings; a failed
// one keeps what was written and removes nothing.
func record(rec mocks.RunRecorder, out *runner.Outcome) error {
	if !out.OK() {
		return rec.Flush()
	}
	if out.Kind == project.KindAction {
		if out.Output != nil {
			v, err := jsjson.Parse(out.Output)
			if err != nil {
				return err
			}
			rec.RecordOutput(v)
		}
	}
	if out.Store != nil {
		for _, b := range out.Store.Batches() {
			text := joinRecords(b.Records)
			var err error
			switch b.Op {
			case records.OpSave:
				err = rec.RecordBatchSave(b.Model, text)
			case records.OpDelete:
				err = rec.RecordBatchDelete(b.Model, text)
			}
			if err != nil {
				return err
			}
		}
	}
	return rec.Commit()
}

func joinRecords(rs []json.RawMessage) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, r := range rs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(r)
	}
	b.WriteByte(']')
	return b.String()
}

func relTo(dir, path string) string {
	if rel, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return path
}

// mustParse parses JSON text that ParseJSONArg already checked.
func mustParse(b []byte) jsjson.Value {
	v, _ := jsjson.Parse(b)
	return v
}
