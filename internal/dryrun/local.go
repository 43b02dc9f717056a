package dryrun

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nango-go/nango/internal/envfile"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/localconn"
	"github.com/nango-go/nango/internal/localmode"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/sdk"
)

// localSetup prepares a --local run: the connection from connections.local.yaml (checked
// before anything runs or is written), the provider from the catalog, and the transport
// that calls the provider itself. It returns the connection as getConnection gives it.
func (s *session) localSetup(ctx context.Context) (*localmode.Transport, *providers.Resolver, []byte, error) {
	o, script, catalog, rep, props := &s.o, s.script, s.catalog, s.rep, &s.props
	env, err := envfile.Load(o.Dir, o.Getenv)
	if err != nil {
		return nil, nil, nil, exitcode.WithCode(exitcode.Project, err)
	}
	file, err := localconn.Load(o.Dir, env)
	if err != nil {
		return nil, nil, nil, err
	}
	var vars []nangoapi.EnvironmentVariable
	for k, v := range env.FileVars() {
		// NANGO_* configure this CLI (secret keys among them): not the script's variables.
		if !strings.HasPrefix(k, "NANGO_") {
			vars = append(vars, nangoapi.EnvironmentVariable{Name: k, Value: v})
		}
	}
	lookup := func(name string) (*providers.Provider, error) {
		c, err := catalog.Catalog()
		var p *providers.Provider
		if err == nil {
			p, err = c.Lookup(name)
		}
		if err != nil {
			// Requests then need base_url and carry only the credential type's default header.
			o.log(jsruntime.LevelWarn, fmt.Sprintf("provider %q: no catalog entry (%v); requests go to the connection's base_url with the credentials' default header only", name, err))
			return nil, nil
		}
		return p, nil
	}
	t := &localmode.Transport{File: file, Provider: lookup, EnvVars: vars, HTTP: o.HTTPClient, Now: o.Runner.Now,
		OnHTTP: o.HTTPLog, Debug: o.Debug, OnSecret: rep.secrets.add, RunAction: o.localAction(script)}
	conn, err := t.Check(o.ConnectionID)
	if err != nil {
		return nil, nil, nil, err
	}
	integration := script.Integration()
	if conn.Integration != integration {
		return nil, nil, nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "connection %q of %s belongs to integration %q, and %q is a script of integration %q",
			conn.ID, localconn.FileName, conn.Integration, script.Name(), integration),
			"pick a connection of integration "+integration+", or set its `integration:` to "+integration)
	}
	raw, err := t.GetConnection(ctx, sdk.ConnectionQuery{ConnectionID: conn.ID, ProviderConfigKey: integration})
	if err != nil {
		return nil, nil, nil, err
	}
	props.ConnectionID, props.ProviderConfigKey, props.Provider = conn.ID, integration, conn.Provider
	return t, &providers.Resolver{Name: conn.Provider, Catalog: catalog}, raw, nil
}

// local runs the script against the provider itself (--local), recording the run with
// --save-responses or --save: the same recording as a live run, with every credential scrubbed, tokens
// refreshed during the run included.
func (s *session) local(ctx context.Context) error {
	lt, provider, raw, err := s.localSetup(ctx)
	if err != nil {
		return err
	}
	if !s.o.SaveResponses && !s.o.Save {
		_, err = s.execute(ctx, lt, provider)
		return err
	}
	recorder := s.startRecording(raw, s.rep.secrets.all()...)
	scrub := recorder.Scrubber()
	lt.OnSecret = func(v ...string) {
		s.rep.secrets.add(v...)
		for _, secret := range v {
			scrub.Add(secret)
		}
	}
	out, err := s.execute(ctx, &sdk.Recording{Live: lt, Recorder: recorder}, provider)
	if err != nil {
		return err
	}
	return s.finishRecording(recorder, provider, out)
}

// localIntegration reads connection o.ConnectionID of connections.local.yaml before anything
// is compiled or written (a missing file, an unknown id or an unset variable stops the run
// there) and returns its integration, which picks the script (integrationFilter).
func (o *Options) localIntegration() (string, error) {
	env, err := envfile.Load(o.Dir, o.Getenv)
	if err != nil {
		return "", exitcode.WithCode(exitcode.Project, err)
	}
	file, err := localconn.Load(o.Dir, env)
	if err != nil {
		return "", err
	}
	conn, err := file.Get(o.ConnectionID)
	if err != nil {
		return "", err
	}
	return conn.Integration, nil
}

// localAction runs nango.triggerAction in local mode: a dry run of that action from the
// local files, with the same connections file (the reference would run the deployed action
// on its server). A failed action is an answer (the script sees an HTTP 500), as from a
// server.
func (o Options) localAction(script *runner.Script) func(ctx context.Context, pck, connID, action string, input []byte) (*sdk.Response, error) {
	self := triggerKey(script.Integration(), script.Name(), o.Variant)
	chain := append(append([]string(nil), o.triggerChain...), self)
	return func(ctx context.Context, pck, connID, action string, input []byte) (*sdk.Response, error) {
		key := triggerKey(pck, action, "")
		for _, running := range chain {
			if running == key {
				return nil, fmt.Errorf("triggerAction(%q): that script is already running in this dry run (%s → %s)", action, strings.Join(chain, " → "), key)
			}
		}
		sub := o
		sub.ScriptName, sub.ConnectionID, sub.IntegrationID, sub.Variant = action, connID, pck, ""
		sub.Input, sub.Metadata, sub.Checkpoint, sub.SaveResponses, sub.Save = string(input), "", "", false, false
		sub.triggerChain = chain
		o.log(jsruntime.LevelInfo, fmt.Sprintf("triggerAction: dry-running %q for connection %q (local mode)", action, connID))
		rep, err := DryRun(ctx, sub)
		if err != nil {
			return nil, fmt.Errorf("triggerAction(%q): %w", action, err)
		}
		headers := []byte(`{"content-type":"application/json"}`)
		if f := rep.Outcome.Failure; f != nil {
			body, _ := json.Marshal(map[string]any{"error": map[string]any{"code": "action_script_failure", "message": rep.Redact(firstLine(f.Message))}})
			return &sdk.Response{Status: 500, HasStatus: true, HeadersJSON: headers, Body: body}, nil
		}
		body := rep.Outcome.Output
		if body == nil {
			body = []byte("null")
		}
		return &sdk.Response{Status: 200, HasStatus: true, HeadersJSON: headers, Body: body}, nil
	}
}
