package dryrun

import (
	"context"
	"fmt"
	"strings"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
)

// connector is the run's Nango client, made once: the integration lookup before the script
// is chosen and the session after it share it (and the runs nango.triggerSync starts).
type connector struct {
	done   bool
	client *nangoapi.Client
	key    string
	err    error
}

// connect returns the run's Nango client (Options.Client) and its secret key, logging .env's
// warnings first.
func (o *Options) connect() (*nangoapi.Client, string, error) {
	if o.conn == nil {
		o.conn = &connector{}
	}
	c := o.conn
	if c.done {
		return c.client, c.key, c.err
	}
	c.done = true
	if o.Warnings != nil {
		for _, w := range o.Warnings() {
			o.log(jsruntime.LevelWarn, w)
		}
	}
	if o.Client == nil {
		c.err = fmt.Errorf("a live dry run needs a Nango client")
		return nil, "", c.err
	}
	c.client, c.key, c.err = o.Client()
	return c.client, c.key, c.err
}

// integrationFilter is where the script is looked up: --integration-id; else the connection's
// integration, from connections.local.yaml with --local (localIntegration, read before
// anything is compiled) or, for a zero-yaml project, from the Nango server (GET
// /connections?connectionId=, as the reference 0.71 does). nil means every integration: a
// replay, a nango.yaml project (0.60 asked nothing), a server that knows no such connection
// or that fails to answer (the connection lookup that follows says what is wrong).
func (o *Options) integrationFilter(ctx context.Context, p *project.Project) ([]string, error) {
	if o.Local {
		// Read even with --integration-id: a bad connection stops the run before anything
		// is compiled or written.
		key, err := o.localIntegration()
		if err != nil || o.IntegrationID != "" {
			return []string{o.IntegrationID}, err
		}
		return []string{key}, nil
	}
	switch {
	case o.IntegrationID != "":
		return []string{o.IntegrationID}, nil
	case o.Replay || p.Format != project.FormatZero || o.ConnectionID == "":
		return nil, nil
	}
	client, _, err := o.connect()
	if err != nil {
		return nil, err
	}
	conns, err := client.ListConnections(ctx, o.ConnectionID)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		o.log(jsruntime.LevelDebug, fmt.Sprintf("the integration of connection %q could not be looked up (%v): every integration is searched", o.ConnectionID, err))
		return nil, nil
	}
	var keys []string
	seen := map[string]bool{}
	for _, c := range conns {
		if !seen[c.ProviderConfigKey] {
			seen[c.ProviderConfigKey] = true
			keys = append(keys, c.ProviderConfigKey)
		}
	}
	return keys, nil
}

// findScript is the one runnable script named o.ScriptName among the integrations keys
// (every integration when nil). An explicit --integration-id is checked as given; inferred
// integrations the project does not have are left out.
func (o *Options) findScript(p *project.Project, keys []string) (*project.Script, error) {
	if len(keys) == 0 || o.IntegrationID != "" {
		return p.FindRunnable(o.ScriptName, o.IntegrationID)
	}
	var found []*project.Script
	for _, k := range keys {
		found = append(found, p.Lookup(k, o.ScriptName, project.KindSync, project.KindAction, project.KindOnEvent)...)
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "connection %q belongs to integration %s, which has no script named %q",
			o.ConnectionID, strings.Join(keys, ", "), o.ScriptName),
			"pick a connection of the script's integration, or name it with --integration-id")
	}
	var ids []string
	for _, s := range found {
		ids = append(ids, s.Integration)
	}
	return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "connection %q exists in several integrations with a script named %q (%s)",
		o.ConnectionID, o.ScriptName, strings.Join(ids, ", ")), "pick one with --integration-id")
}
