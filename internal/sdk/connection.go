package sdk

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
)

// Connection, metadata, integration, environment variables, records and the calls that
// start other scripts: each goes through the Transport and resolves a promise.

func (n *Nango) fetchConnection(ctx context.Context, q ConnectionQuery) ([]byte, error) {
	key := q.ProviderConfigKey + "\x00" + q.ConnectionID
	if !q.ForceRefresh && !q.RefreshToken {
		n.mu.Lock()
		e, ok := n.memo[key]
		n.mu.Unlock()
		if ok && n.opts.Now().Sub(e.at) < connectionTTL {
			return e.raw, nil
		}
	}
	raw, err := n.opts.Transport.GetConnection(ctx, q)
	if err != nil {
		return nil, err
	}
	if n.opts.OnConnection != nil {
		n.opts.OnConnection(raw)
	}
	n.mu.Lock()
	n.memo[key] = memoEntry{raw: raw, at: n.opts.Now()}
	n.mu.Unlock()
	return raw, nil
}

func (n *Nango) isSync() bool { return n.opts.Props.ScriptType == project.KindSync }

func (n *Nango) getConnection(pck, connID string, forceRefresh, refreshToken bool) goja.Value {
	q := ConnectionQuery{ProviderConfigKey: pck, ConnectionID: connID, ForceRefresh: forceRefresh, RefreshToken: refreshToken}
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		raw, err := n.fetchConnection(ctx, q)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			v, err := n.rt.FromJSON(raw)
			if err != nil {
				return nil, err
			}
			if n.isSync() && n.opts.MetadataStub != nil {
				if o, ok := v.(*goja.Object); ok {
					stub, err := n.rt.FromJSON(n.opts.MetadataStub)
					if err != nil {
						return nil, err
					}
					_ = o.Set("metadata", stub)
				}
			}
			return v, nil
		}
	}))
}

func (n *Nango) getMetadata() goja.Value {
	p := n.opts.Props
	if n.isSync() && n.opts.MetadataStub != nil {
		v, err := n.rt.FromJSON(n.opts.MetadataStub)
		if err != nil {
			n.rt.Throw(err)
		}
		return v
	}
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		var raw []byte
		var err error
		if ms, ok := n.opts.Transport.(MetadataSource); ok {
			raw, err = ms.GetMetadata(ctx)
		} else {
			raw, err = n.fetchConnection(ctx, ConnectionQuery{ProviderConfigKey: p.ProviderConfigKey, ConnectionID: p.ConnectionID})
		}
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			v, err := n.rt.FromJSON(raw)
			if err != nil {
				return nil, err
			}
			if _, ok := n.opts.Transport.(MetadataSource); ok {
				return v, nil
			}
			if o, ok := v.(*goja.Object); ok {
				return o.Get("metadata"), nil
			}
			return goja.Undefined(), nil
		}
	}))
}

func (n *Nango) setMetadata(metadata goja.Value, update bool) goja.Value {
	vm := n.rt.VM()
	text, err := n.rt.ToJSON(metadata)
	if err != nil {
		n.rt.Throw(err)
	}
	if o, ok := metadata.(*goja.Object); !ok || o.ClassName() == "Array" || text == nil {
		n.rt.Throw(errors.New("setMetadata/updateMetadata expects an object"))
	}
	p := n.opts.Props
	return vm.ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		body, err := n.opts.Transport.SetMetadata(ctx, p.ProviderConfigKey, p.ConnectionID, text, update)
		if err == nil {
			// The reference drops its connection memo: the next getConnection sees the change.
			n.mu.Lock()
			n.memo = map[string]memoEntry{}
			n.mu.Unlock()
		}
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			res := vm.NewObject()
			status := 201
			if update {
				status = 200
			}
			if body == nil {
				return goja.Undefined(), nil
			}
			data, err := n.rt.FromJSON(body)
			if err != nil {
				return nil, err
			}
			_ = res.Set("status", status)
			_ = res.Set("data", data)
			return res, nil
		}
	}))
}

func (n *Nango) jsonCall(work func(ctx context.Context) ([]byte, error), then func(goja.Value) goja.Value) goja.Value {
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		raw, err := work(ctx)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			if len(raw) == 0 {
				return goja.Undefined(), nil
			}
			v, err := n.rt.FromJSON(raw)
			if err != nil {
				return nil, err
			}
			if then != nil {
				return then(v), nil
			}
			return v, nil
		}
	}))
}

func (n *Nango) getEnvironmentVariables() goja.Value {
	return n.jsonCall(n.opts.Transport.GetEnvironmentVariables, nil)
}

func (n *Nango) getIntegration(include []string) goja.Value {
	pck := n.opts.Props.ProviderConfigKey
	return n.jsonCall(func(ctx context.Context) ([]byte, error) {
		return n.opts.Transport.GetIntegration(ctx, pck, include)
	}, nil)
}

func (n *Nango) getWebhookURL() goja.Value {
	pck := n.opts.Props.ProviderConfigKey
	return n.jsonCall(func(ctx context.Context) ([]byte, error) {
		return n.opts.Transport.GetIntegration(ctx, pck, []string{"webhook"})
	}, func(v goja.Value) goja.Value {
		if o, ok := v.(*goja.Object); ok {
			return o.Get("webhook_url")
		}
		return goja.Undefined()
	})
}

func (n *Nango) triggerAction(pck, connID, action, input string) goja.Value {
	var in []byte
	if input != "" {
		in = []byte(input)
	}
	req := &Request{Wire: nangoapi.ProxyRequest{Method: http.MethodPost, Endpoint: "/action/trigger"}}
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		resp, err := n.opts.Transport.TriggerAction(ctx, pck, connID, action, in)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			return n.rawResponse(req, resp)
		}
	}))
}

// listRecords reads one page of stored records; nango.js batches the ids, follows cursors
// and maps the records back to the ids the script passed.
func (n *Nango) listRecords(model string, ids []string, cursor string) goja.Value {
	p := n.opts.Props
	q := RecordsQuery{ProviderConfigKey: p.ProviderConfigKey, ConnectionID: p.ConnectionID, Model: model, IDs: ids, Cursor: cursor}
	req := &Request{Wire: nangoapi.ProxyRequest{Method: http.MethodGet, Endpoint: "/records/"}}
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		resp, err := n.opts.Transport.ListRecords(ctx, q)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			return n.rawResponse(req, resp)
		}
	}))
}

// fetch sends nango.uncontrolledFetch's request (built by nango.js: url, method, headers as
// [name, value] pairs, body as text or bytes) and resolves with the raw answer nango.js wraps
// in a Response.
func (n *Nango) fetch(spec *goja.Object) goja.Value {
	vm := n.rt.VM()
	req := &FetchRequest{URL: str(spec, "url"), Method: strings.ToUpper(str(spec, "method")), Header: http.Header{}}
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		n.rt.Throw(fmt.Errorf("uncontrolledFetch: %q is not an absolute http(s) URL", req.URL))
	}
	var pairs [][]string
	if err := vm.ExportTo(spec.Get("headers"), &pairs); err != nil {
		n.rt.Throw(fmt.Errorf("uncontrolledFetch headers: %w", err))
	}
	for _, p := range pairs {
		if len(p) == 2 {
			req.Header.Add(p[0], p[1])
		}
	}
	switch str(spec, "bodyKind") {
	case "string":
		req.Body, req.HasBody = []byte(str(spec, "body")), true
	case "binary":
		b, _ := jsBytes(vm, spec.Get("body"))
		req.Body, req.HasBody = append([]byte(nil), b...), true
	}
	if req.HasBody && (req.Method == http.MethodGet || req.Method == http.MethodHead) {
		n.rt.Throw(fmt.Errorf("uncontrolledFetch: a %s request cannot have a body", req.Method))
	}
	return vm.ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		resp, err := n.opts.Transport.Fetch(ctx, req)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			o := vm.NewObject()
			_ = o.Set("status", resp.Status)
			_ = o.Set("statusText", resp.StatusText)
			_ = o.Set("url", resp.URL)
			_ = o.Set("redirected", resp.Redirected)
			names := make([]string, 0, len(resp.Header))
			for k := range resp.Header {
				names = append(names, k)
			}
			sort.Strings(names)
			headers := make([]any, 0, len(names))
			for _, k := range names {
				headers = append(headers, []any{strings.ToLower(k), strings.Join(resp.Header[k], ", ")})
			}
			_ = o.Set("headers", headers)
			_ = o.Set("body", n.rt.Buffer().Wrap(resp.Body))
			return o, nil
		}
	}))
}

// triggerSync dry-runs another sync through Options.TriggerSync and resolves with its text.
func (n *Nango) triggerSync(pck, connID, name, variant string, fullResync bool) goja.Value {
	if n.opts.TriggerSync == nil {
		n.rt.Throw(fmt.Errorf("triggerSync(%q) is not available in this run: dry-run that sync itself with `nango dryrun %s <connection>`", name, name))
	}
	req := TriggerSyncRequest{ProviderConfigKey: pck, ConnectionID: connID, Name: name, Variant: variant, FullResync: fullResync}
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		text, err := n.opts.TriggerSync(ctx, req)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			return vm.ToValue(text), nil
		}
	}))
}
