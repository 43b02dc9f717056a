package sdk

import (
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/nangoapi"
)

// Requests: nango.proxy/get/post/... and paginate build a Request here, send it through the
// Transport and turn the answer into an axios-like response.

func str(o *goja.Object, k string) string {
	v := o.Get(k)
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return ""
	}
	return v.String()
}

// request reads what nango.js's buildRequest produced.
func (n *Nango) request(spec *goja.Object) (*Request, error) {
	vm := n.rt.VM()
	w := nangoapi.ProxyRequest{
		Method:            strings.ToUpper(str(spec, "method")),
		Endpoint:          str(spec, "path"),
		ConnectionID:      str(spec, "connectionId"),
		ProviderConfigKey: str(spec, "providerConfigKey"),
		BaseURLOverride:   str(spec, "baseUrlOverride"),
		ContentType:       str(spec, "contentType"),
		Retries:           int(spec.Get("retries").ToInteger()),
		Decompress:        spec.Get("decompress").ToBoolean(),
	}
	var headerPairs [][]string
	if err := vm.ExportTo(spec.Get("headers"), &headerPairs); err != nil {
		return nil, fmt.Errorf("proxy headers: %w", err)
	}
	for _, p := range headerPairs {
		if len(p) == 2 {
			w.Headers = append(w.Headers, nangoapi.HeaderField{Name: p[0], Value: p[1]})
		}
	}
	var retryOn []float64
	_ = vm.ExportTo(spec.Get("retryOn"), &retryOn)
	for _, r := range retryOn {
		w.RetryOn = append(w.RetryOn, int(r))
	}
	id := mocks.Request{Method: str(spec, "method"), Endpoint: str(spec, "endpoint")}
	var err error
	if id.Params, err = mocks.ParamsFromJSON(str(spec, "paramsJSON")); err != nil {
		return nil, err
	}
	if id.Headers, err = mocks.EntriesFromJSON(str(spec, "headersJSON")); err != nil {
		return nil, err
	}
	body := spec.Get("body").ToObject(vm)
	switch str(body, "kind") {
	case "string":
		t := str(body, "text")
		w.Body = []byte(t)
		id.Body = mocks.StringBody(t)
	case "binary":
		b, _ := jsBytes(vm, body.Get("buffer"))
		w.Body = b
		id.Body = mocks.BinaryBody(b)
	case "json":
		t := str(body, "text")
		w.Body = []byte(t)
		id.Body = mocks.JSONBody(t)
	default:
		id.Body = mocks.NoBody()
	}
	if !spec.Get("hasData").ToBoolean() {
		// A falsy body (0, false, "") is sent but left out of the identity.
		id.Body = mocks.NoBody()
	}
	return &Request{Wire: w, Identity: id, ResponseType: str(spec, "responseType")}, nil
}

func (n *Nango) proxy(call goja.FunctionCall) goja.Value {
	vm := n.rt.VM()
	req, err := n.request(call.Argument(0).ToObject(vm))
	if err != nil {
		n.rt.Throw(err)
	}
	n.mu.Lock()
	n.calls++
	n.mu.Unlock()
	return vm.ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		resp, err := n.opts.Transport.Proxy(ctx, req)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			return n.rawResponse(req, resp)
		}
	}))
}

// rawResponse is the answer handed to nango.js, which builds the axios response or error.
func (n *Nango) rawResponse(req *Request, resp *Response) (goja.Value, error) {
	vm := n.rt.VM()
	o := vm.NewObject()
	_ = o.Set("status", resp.Status)
	_ = o.Set("statusText", statusText(resp.Status))
	_ = o.Set("hasStatus", resp.HasStatus)
	_ = o.Set("path", req.Wire.Endpoint)
	if resp.HeadersJSON != nil {
		h, err := n.rt.FromJSON(resp.HeadersJSON)
		if err != nil {
			return nil, err
		}
		_ = o.Set("headers", h)
		_ = o.Set("hasHeaders", true)
	} else {
		_ = o.Set("hasHeaders", false)
	}
	var data goja.Value
	switch {
	case resp.DataUndefined:
		data = goja.Undefined()
	case resp.DataJSON != nil:
		v, err := n.rt.FromJSON(resp.DataJSON)
		if err != nil {
			return nil, err
		}
		data = v
		if req.ResponseType == "arraybuffer" {
			if s, ok := v.Export().(string); ok {
				if b, err := base64.StdEncoding.DecodeString(s); err == nil {
					data = n.rt.Buffer().Wrap(b)
				}
			}
		}
	default:
		data = n.bodyValue(resp.Body, req.ResponseType)
	}
	_ = o.Set("data", data)
	return o, nil
}

// bodyValue is what axios gives for a body: a Buffer for arraybuffer, the text for text,
// otherwise parsed JSON when it parses (axios' default transitional parsing), else the text.
func (n *Nango) bodyValue(body []byte, responseType string) goja.Value {
	vm := n.rt.VM()
	switch responseType {
	case "arraybuffer", "blob", "stream":
		return n.rt.Buffer().Wrap(body)
	case "text":
		return vm.ToValue(string(body))
	}
	if len(body) > 0 && json.Valid(body) {
		if v, err := n.rt.FromJSON(body); err == nil {
			return v
		}
	}
	return vm.ToValue(string(body))
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func jsBytes(vm *goja.Runtime, v goja.Value) ([]byte, bool) {
	if v == nil || goja.IsUndefined(v) {
		return nil, false
	}
	switch x := v.Export().(type) {
	case []byte:
		return x, true
	case goja.ArrayBuffer:
		return x.Bytes(), true
	}
	o := v.ToObject(vm)
	if buf, ok := o.Get("buffer").Export().(goja.ArrayBuffer); ok {
		off := int(o.Get("byteOffset").ToInteger())
		l := int(o.Get("length").ToInteger())
		b := buf.Bytes()
		if off+l <= len(b) {
			return b[off : off+l], true
		}
	}
	return nil, false
}
