package dryrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/envfile"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/sdk"
	"github.com/nango-go/nango/internal/usercache"
	"github.com/nango-go/nango/pkg/jsjson"
)

// MemoryHint ends the message of a script stopped at its memory limit (dryrun and test).
const MemoryHint = "raise the limit with --max-memory or NANGO_MAX_MEMORY (e.g. --max-memory 8GiB), or make the script hold less at once (save records in batches)"

// DefaultTimeout bounds a dry run when --timeout is not given: generous (the reference has
// no limit at all), but a script that never resolves still ends.
const DefaultTimeout = 10 * time.Minute

// EnvMocksDir is the reference's prefix for --save-responses output (string-concatenated
// before the integration folder).
const EnvMocksDir = "NANGO_MOCKS_RESPONSE_DIRECTORY"

// Options are the inputs of one dry run (the flags of `nango dryrun`).
type Options struct {
	Dir          string
	ScriptName   string
	ConnectionID string
	// Environment is -e (default dev): it picks NANGO_SECRET_KEY_<ENV>.
	Environment string
	// Input and Metadata are the raw flag values (JSON text or @file.json); "" when not given.
	Input, Metadata string
	LastSyncDate    string
	Validation      bool
	IntegrationID   string
	Variant         string
	NoCompile       bool
	Timeout         time.Duration
	// MemoryLimit is --max-memory / NANGO_MAX_MEMORY in bytes (0: jsruntime.DefaultMemoryLimit).
	MemoryLimit   int64
	SaveResponses bool
	Replay        bool
	// Local takes the connection from connections.local.yaml and calls the provider itself
	// instead of a Nango server (local.go).
	Local bool
	// Debug receives local mode's request attempts and retry decisions (--debug).
	Debug func(msg string)
	// ProvidersFile is --providers (the provider catalog for pagination defaults).
	ProvidersFile string
	// DownloadCatalog fetches the catalog into the user cache when none is found and a
	// script needs one (nil: no download; see providers.Lazy.Download).
	DownloadCatalog func() (*providers.Catalog, error)

	AppVersion string
	Getenv     func(string) string
	HTTPClient *http.Client
	IO         *iostreams.IOStreams
	Now        func() time.Time
	// Log receives every status and script line (stderr in the command).
	Log func(level jsruntime.LogLevel, message string)
	// HTTPLog receives one line per call to the Nango server (or replayed recording).
	HTTPLog sdk.HTTPLogFunc

	// triggerChain lists the syncs whose nango.triggerSync led to this run (see trigger.go);
	// requireSync makes the run refuse a script that is not a sync.
	triggerChain []string
	requireSync  bool
}

// Report is the outcome of a dry run.
type Report struct {
	Script       *Script
	Provider     string
	ConnectionID string
	Outcome      *Outcome
	// MocksDir is where --save-responses wrote ("" otherwise).
	MocksDir string
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

// ParseJSONArg reads --input / --metadata: JSON text, or @path to a JSON file (relative to
// dir). Errors are usage errors that say what to fix.
func ParseJSONArg(dir, flag, value string) ([]byte, error) {
	data := []byte(value)
	source := "--" + flag
	if strings.HasPrefix(value, "@") {
		path := value[1:]
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "--%s: the file %s does not exist", flag, value[1:]),
					"pass @path/to/file.json (relative to the project folder) or the JSON itself")
			}
			return nil, exitcode.Errorf(exitcode.Usage, "--%s: the file %s could not be read: %v", flag, value[1:], err)
		}
		data = jsjson.TrimBOM(b)
		source = value[1:]
	}
	if _, err := jsjson.Parse(data); err != nil {
		hint := "quote a plain string as JSON, e.g. --" + flag + ` '"text"'`
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "%s is not valid JSON: %v", source, err), hint)
	}
	return data, nil
}

// parseDate reads --lastSyncDate: an ISO 8601 date or date-time.
func parseDate(s string) (*time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t, nil
		}
	}
	return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "--lastSyncDate %q is not a date", s),
		"use an ISO 8601 date or date-time, e.g. 2024-01-31 or 2024-01-31T10:00:00Z")
}

func (o *Options) log(level jsruntime.LogLevel, msg string) {
	if o.Log != nil {
		o.Log(level, msg)
	}
}

// NodeModules lists where a script's require('zod') looks: node_modules folders from the
// project upward, then the user cache `nango deps install` fills.
func NodeModules(dir string, getenv func(string) string) []string {
	var out []string
	for d := dir; ; {
		nm := filepath.Join(d, "node_modules")
		if fi, err := os.Stat(nm); err == nil && fi.IsDir() {
			out = append(out, nm)
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if c, err := usercache.New(getenv); err == nil {
		out = append(out, c.DepsNodeModules())
	}
	return out
}

// MocksLayout is where a script's recordings live: <dir>/<integration>/mocks, with the
// reference's NANGO_MOCKS_RESPONSE_DIRECTORY prefix when set.
func MocksLayout(dir, integration string, getenv func(string) string) mocks.Layout {
	if prefix := getenv(EnvMocksDir); prefix != "" {
		base := prefix + integration
		if !filepath.IsAbs(base) {
			base = filepath.Join(dir, base)
		}
		return mocks.Layout{Root: filepath.Join(base, "mocks")}
	}
	return mocks.IntegrationLayout(dir, integration)
}

// DryRun runs the script end to end. The error is set for what stops the run before the
// script runs (usage, project, keys, connection, server), with its exit code; a script
// failure is in Report.Outcome.Failure.
func DryRun(ctx context.Context, o Options) (*Report, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Environment == "" {
		o.Environment = "dev"
	}
	if o.Variant == "" {
		o.Variant = records.BaseVariant
	}
	if codegen.UnsafeName(o.Variant) {
		// The variant is a folder of the recordings (mocks.ScriptKey): "../../x" would make
		// --save-responses write outside the project.
		return nil, cmdutil.FlagErrorf("invalid --variant %q: a variant name may not contain / or \\ nor be . or ..", o.Variant)
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.SaveResponses && o.Replay {
		return nil, cmdutil.FlagErrorf("--save-responses and --replay cannot be combined: record against the server first, then replay")
	}
	if o.Local && o.Replay {
		return nil, cmdutil.FlagErrorf("--local and --replay cannot be combined: --replay needs no connection at all")
	}
	var input, metadata []byte
	var err error
	if o.Input != "" {
		if input, err = ParseJSONArg(o.Dir, "input", o.Input); err != nil {
			return nil, err
		}
	}
	if o.Metadata != "" {
		if metadata, err = ParseJSONArg(o.Dir, "metadata", o.Metadata); err != nil {
			return nil, err
		}
		if v, _ := jsjson.Parse(metadata); v.Kind != jsjson.Object {
			return nil, exitcode.Errorf(exitcode.Usage, "--metadata must be a JSON object")
		}
	}
	var lastSync *time.Time
	if o.LastSyncDate != "" {
		if lastSync, err = parseDate(o.LastSyncDate); err != nil {
			return nil, err
		}
	}

	if o.Local {
		// Before the script is compiled: a bad connection stops the run with nothing written.
		if err := o.localPrecheck(); err != nil {
			return nil, err
		}
	}
	script, err := Load(ctx, o.Dir, o.ScriptName, LoadOptions{Integration: o.IntegrationID, NoCompile: o.NoCompile})
	if err != nil {
		return nil, err
	}
	integration := script.Integration()
	if o.requireSync && script.Type() != sdk.TypeSync {
		// The calling script is at fault (exit code of a script failure), not the command line.
		return nil, fmt.Errorf("%q of integration %q is not a sync (it is declared as %s)", script.Name(), integration, script.Type())
	}
	if script.Type() != sdk.TypeAction && input != nil {
		o.log(jsruntime.LevelWarn, fmt.Sprintf("--input is ignored: %q is a %s", script.Name(), script.Type()))
		input = nil
	}
	rep := &Report{Script: script, ConnectionID: o.ConnectionID, Replayed: o.Replay, secrets: &secretSet{}}
	layout := MocksLayout(o.Dir, integration, o.Getenv)
	scriptKey := mocks.ScriptKey(script.Name(), o.Variant)
	isSync := script.Type() == sdk.TypeSync

	props := sdk.Props{
		ConnectionID: o.ConnectionID, ProviderConfigKey: integration, EnvironmentName: o.Environment,
		LastSyncDate: lastSync, Variant: o.Variant, Replay: o.Replay, UserAgent: nangoapi.SDKUserAgent(o.AppVersion),
	}
	var transport sdk.Transport
	var recorder *mocks.Recorder
	cacheFile := ""
	if c, err := usercache.New(o.Getenv); err == nil {
		cacheFile = c.ProvidersYAML()
	}
	catalog := providers.NewLazy(providers.Locator{Flag: o.ProvidersFile, Getenv: o.Getenv, ProjectDir: o.Dir, CacheFile: cacheFile})
	catalog.Download = o.DownloadCatalog
	var provider *providers.Resolver
	if o.Replay {
		// The provider entry kept with the recordings (nango/provider.json) when there is one;
		// otherwise the integration key usually is the provider's name, the catalog's key.
		props.Provider = integration
		recorded, err := RecordedProvider(layout)
		if err != nil {
			return nil, exitcode.WithCode(exitcode.Project, err)
		}
		if recorded != nil {
			props.Provider = recorded.Name
		}
		provider = &providers.Resolver{Name: props.Provider, Catalog: catalog,
			First: func() (*providers.Provider, error) { return recorded, nil }}
		transport = &sdk.Replay{Replayer: mocks.NewReplayer(layout, scriptKey), ProviderConfigKey: integration, Provider: integration,
			OnHTTP: func(status int, method, file string) {
				if o.HTTPLog != nil {
					o.HTTPLog(status, method, "replay:"+relTo(o.Dir, file))
				}
			}}
	} else if o.Local {
		if transport, provider, recorder, err = o.localTransport(ctx, script, catalog, rep, &props, layout, metadata, input); err != nil {
			return nil, err
		}
	} else {
		env, err := envfile.Load(o.Dir, o.Getenv)
		if err != nil {
			return nil, exitcode.WithCode(exitcode.Project, err)
		}
		for _, w := range env.Warnings() {
			o.log(jsruntime.LevelWarn, w)
		}
		key, keyVar := env.SecretKey(o.Environment)
		if key == "" {
			if key, err = envfile.ResolveSecretKey(env, o.Environment, o.IO); err != nil {
				return nil, err
			}
		}
		rep.secrets.add(key)
		// --timeout bounds each request too, so the lookups below cannot hang the run before
		// the script (whose own run it also bounds) starts.
		client := nangoapi.New(nangoapi.Options{Host: env.Host(), SecretKey: key, SecretKeyVar: keyVar, AppVersion: o.AppVersion, HTTPClient: o.HTTPClient, Timeout: o.Timeout})
		conn, err := client.GetConnection(ctx, nangoapi.ConnectionRequest{ConnectionID: o.ConnectionID, ProviderConfigKey: integration})
		if err != nil {
			return nil, err
		}
		rep.secrets.addConnection(conn.Raw)
		props.ConnectionID = conn.ConnectionID
		props.ProviderConfigKey = conn.ProviderConfigKey
		props.NangoConnectionID = conn.ID
		rep.ConnectionID = conn.ConnectionID
		integ, err := client.GetConfig(ctx, integration)
		if err != nil {
			return nil, err
		}
		props.Provider = integ.Provider
		provider = &providers.Resolver{Name: integ.Provider, Catalog: catalog,
			First: func() (*providers.Provider, error) { return serverProvider(ctx, client, integ.Provider, o.log) }}
		live := &sdk.Live{Client: client, IsSync: isSync, OnHTTP: o.HTTPLog, HTTP: o.HTTPClient}
		transport = live
		if o.SaveResponses {
			recorder, transport = startRecording(layout, scriptKey, script, conn.Raw, metadata, input, live, key)
			rep.MocksDir = layout.Root
		}
	}
	rep.Provider = props.Provider

	head := fmt.Sprintf("Executing -> integration:%q script:%q ", props.Provider, script.Name())
	if o.Variant != records.BaseVariant {
		head += fmt.Sprintf("variant:%q", o.Variant)
	}
	o.log(jsruntime.LevelInfo, head)
	redactedLog := func(level jsruntime.LogLevel, msg string) { o.log(level, rep.secrets.redact(msg)) }
	var stub []byte
	if isSync {
		stub = metadata
	}
	out, err := Execute(ctx, Run{
		Script: script, Transport: transport, Props: props, Input: input, MetadataStub: stub,
		Validation: o.Validation, Timeout: o.Timeout, TimeoutHint: "raise it with --timeout", MemoryLimit: o.MemoryLimit,
		NodeModules: NodeModules(o.Dir, o.Getenv), Log: redactedLog,
		OnConnection:     rep.secrets.addConnection,
		PaginateDefaults: paginateDefaults(provider, o.log),
		Now:              o.Now,
		TriggerSync:      o.triggerSync(script),
	})
	if err != nil {
		return nil, err
	}
	rep.Outcome = out
	o.log(jsruntime.LevelInfo, "Done")

	if recorder != nil {
		// The provider entry the run used, for replays on machines with no catalog (one the
		// server and the catalog do not know is kept as a name without settings).
		switch p, err := provider.Used(); {
		case p != nil:
			recorder.RecordProvider(ProviderEntry(p))
		case errors.Is(err, providers.ErrUnknownProvider):
			recorder.RecordProvider(ProviderEntry(providers.Empty(provider.Name)))
		}
		if err := record(recorder, script, out); err != nil {
			return rep, exitcode.Errorf(exitcode.Failure, "save the responses: %v", err)
		}
	}
	return rep, nil
}

// record completes a recording: a successful run replaces the script's recordings; a failed
// one keeps what was written and removes nothing.
func record(rec *mocks.Recorder, s *Script, out *Outcome) error {
	if !out.OK() {
		return rec.Flush()
	}
	if out.Type == sdk.TypeAction {
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
