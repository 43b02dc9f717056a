package dryrun

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/pkg/jsjson"
)

// serverProvider is the live dry run's first choice for the provider's settings: the
// server's own catalog entry (GET /providers/:name), which is what its runner uses, a
// self-hosted server's providers.yaml included. A server that does not serve it (404: older
// than v0.42.11, or a provider it does not know) leaves the choice to the local catalog, and
// so does one that fails otherwise, with a warning: the script may not need the settings.
func serverProvider(ctx context.Context, client *nangoapi.Client, name string, log func(jsruntime.LogLevel, string)) (*providers.Provider, error) {
	if name == "" {
		return nil, nil
	}
	raw, err := client.GetProvider(ctx, name)
	switch {
	case errors.Is(err, nangoapi.ErrProviderNotOnServer):
		return nil, nil
	case err != nil:
		if exitcode.Of(err) == exitcode.Auth || ctx.Err() != nil {
			return nil, err
		}
		log(jsruntime.LevelWarn, fmt.Sprintf("provider %q: the Nango server's entry could not be read (%v); using the local provider catalog", name, err))
		return nil, nil
	}
	p, err := providers.ParseEntry(name, raw)
	if err != nil {
		log(jsruntime.LevelWarn, fmt.Sprintf("provider %q: the Nango server's entry is unusable (%v); using the local provider catalog", name, err))
		return nil, nil
	}
	return p, nil
}

// ProviderEntry is what --save-responses keeps of the provider entry a run used: the entry
// with its name, without the server's logo_url.
func ProviderEntry(p *providers.Provider) jsjson.Value {
	b, err := p.MarshalJSON()
	v, perr := jsjson.Parse(b)
	if err != nil || perr != nil || v.Kind != jsjson.Object {
		v = jsjson.Value{Kind: jsjson.Object}
	}
	out := jsjson.Value{Kind: jsjson.Object}
	name, hasName := v.Get("name")
	if !hasName {
		name = jsjson.Value{Kind: jsjson.String, Str: p.Name}
	}
	out.Members = append(out.Members, jsjson.Member{Key: "name", Value: name})
	for _, m := range v.Members {
		if m.Key != "name" && m.Key != "logo_url" {
			out.Members = append(out.Members, m)
		}
	}
	return out
}

// paginateDefaults is the lookup nango.paginate calls. When the settings cannot be had at all
// (no catalog and none could be downloaded) it says so once: a script that names its
// pagination type goes on without them (the error is then not shown otherwise).
func paginateDefaults(r *providers.Resolver, log func(jsruntime.LogLevel, string)) func() (map[string]any, error) {
	var once sync.Once
	return func() (map[string]any, error) {
		m, err := r.PaginateDefaults()
		if err != nil && !errors.Is(err, providers.ErrUnknownProvider) {
			once.Do(func() {
				msg := "pagination defaults not applied: " + err.Error()
				if h := exitcode.HintOf(err); h != "" {
					msg += "; " + h
				}
				log(jsruntime.LevelWarn, msg)
			})
		}
		return m, err
	}
}
