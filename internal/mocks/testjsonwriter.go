package mocks

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/nango-go/nango/internal/atomicfile"
	"github.com/nango-go/nango/pkg/jsjson"
)

// TestRecorder collects what a zero-yaml dry run with --save writes to
// `<integration>/tests/<name>.test.json` (TestFile is the reader), in the reference's layout
// (../shared/reference/zero-yaml.md §3.7): `input` and `output` for an action, `nango` with
// getConnection/getMetadata when the function fetched its connection and, for a sync,
// batchSave and batchDelete of every output model, and `api` with one entry per distinct
// request under its method and "/endpoint" (an array when an endpoint saw several). Every
// value passes through the Scrubber, and Write refuses a file in which a known secret
// survived. Its methods are Recorder's (the --save-responses writer), so that a dry run
// records through either. Safe for concurrent use.
type TestRecorder struct {
	path   string
	mu     sync.Mutex
	scrub  *Scrubber
	action bool

	input, output  *jsjson.Value
	connection     *jsjson.Value // {connectionId?, provider?}
	metadata       *jsjson.Value
	models         []string
	saved, deleted map[string][]jsjson.Value
	methods        []string                  // api methods, first-seen order
	endpoints      map[string][]string       // method → endpoint keys, first-seen order
	entries        map[string][]jsjson.Value // method + "\x00" + endpoint → entries
	hashes         map[string]bool           // identities already stored
}

// TestFilePath is where --save writes a function's recording:
// <project>/<integration>/tests/<name>.test.json.
func TestFilePath(projectDir, integration, name string) string {
	return filepath.Join(projectDir, integration, "tests", name+".test.json")
}

// NewTestRecorder records an action's run (action true) or a sync's into path (TestFilePath).
// scrub may be nil only when there is no secret to keep out.
func NewTestRecorder(path string, action bool, scrub *Scrubber) *TestRecorder {
	if scrub == nil {
		scrub = NewScrubber()
	}
	return &TestRecorder{path: path, scrub: scrub, action: action, saved: map[string][]jsjson.Value{}, deleted: map[string][]jsjson.Value{},
		endpoints: map[string][]string{}, entries: map[string][]jsjson.Value{}, hashes: map[string]bool{}}
}

// Scrubber is the recorder's secret scrubber, to register secrets learnt during the run.
func (r *TestRecorder) Scrubber() *Scrubber { return r.scrub }

// RecordInput keeps the action's input.
func (r *TestRecorder) RecordInput(v jsjson.Value) { r.set(&r.input, v) }

// RecordOutput keeps what the action returned.
func (r *TestRecorder) RecordOutput(v jsjson.Value) { r.set(&r.output, v) }

// RecordMetadata sets getMetadata (the --metadata stub of the run); it wins over the
// connection's own metadata. Like getConnection, it is written only when the function
// fetched its connection (RecordConnection).
func (r *TestRecorder) RecordMetadata(v jsjson.Value) { r.set(&r.metadata, v) }

func (r *TestRecorder) set(dst **jsjson.Value, v jsjson.Value) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*dst = &v
}

// RecordConnection is the connection the function itself fetched (the SDK's
// GET /connections/<id>, not the CLI's lookup before the run: the reference writes nango: {}
// for a function that never asked):
// getConnection keeps only connection_config's connection_id and provider (as
// connectionId and provider: usually neither, so `{}`), getMetadata its metadata unless
// RecordMetadata set one.
func (r *TestRecorder) RecordConnection(conn jsjson.Value) {
	cfg, _ := conn.Get("connection_config")
	kept := jsjson.ObjectValue()
	for _, k := range [][2]string{{"connection_id", "connectionId"}, {"provider", "provider"}} {
		if v, ok := cfg.Get(k[0]); ok && v.Kind != jsjson.Undefined {
			kept.Set(k[1], v)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.connection = &kept
	if md, ok := conn.Get("metadata"); ok && r.metadata == nil && md.Kind != jsjson.Undefined && md.Kind != jsjson.Null {
		r.metadata = &md
	}
}

// DeclareModels names the sync's output models: each gets batchSave and batchDelete keys,
// empty arrays included.
func (r *TestRecorder) DeclareModels(models ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range models {
		r.addModel(m)
	}
}

func (r *TestRecorder) addModel(m string) {
	for _, have := range r.models {
		if have == m {
			return
		}
	}
	r.models = append(r.models, m)
}

// RecordBatchSave appends the records of one batchSave(records, model) call, given as the
// JSON text of the array (JSON.stringify(records)).
func (r *TestRecorder) RecordBatchSave(model, recordsJSON string) error {
	return r.recordBatch(r.saved, model, recordsJSON)
}

// RecordBatchDelete is RecordBatchSave for batchDelete.
func (r *TestRecorder) RecordBatchDelete(model, recordsJSON string) error {
	return r.recordBatch(r.deleted, model, recordsJSON)
}

func (r *TestRecorder) recordBatch(into map[string][]jsjson.Value, model, recordsJSON string) error {
	v, err := jsjson.ParseString(recordsJSON)
	if err != nil {
		return fmt.Errorf("records of model %s: %w", model, err)
	}
	if v.Kind != jsjson.Array {
		return fmt.Errorf("records of model %s: expected an array, got %s", model, v.Kind)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addModel(model)
	into[model] = append(into[model], v.Items...)
	return nil
}

// RecordResponse adds the response of one proxied request (failed ones included) under
// api.<method>."/<endpoint>": {response, status, headers, hash, request}. The hash is
// UnifiedIdentity's, what replay matches first; request holds the query params, the headers
// that count and the body, for the second rule. A request whose identity was stored already
// is not stored again. It returns the entry's hash.
func (r *TestRecorder) RecordResponse(req Request, status int, headers, body jsjson.Value) (string, error) {
	id, err := UnifiedIdentity(req)
	if err != nil {
		return "", err
	}
	hash := id.Hash()
	rq := jsjson.ObjectValue()
	if len(id.Params) > 0 {
		rq.Set("params", r.scrub.Value(entriesObject(r.scrub.scrubIdentity(Identity{Params: id.Params}).Params)))
	}
	if len(id.Headers) > 0 {
		rq.Set("headers", r.scrub.Value(entriesObject(r.scrub.scrubIdentity(Identity{Headers: id.Headers}).Headers)))
	}
	if d, ok := requestData(req.Body); ok {
		rq.Set("data", r.scrub.Value(d))
	}
	entry := jsjson.ObjectValue(
		jsjson.Member{Key: "response", Value: r.scrub.Value(body)},
		jsjson.Member{Key: "status", Value: jsjson.NumberValue(float64(status))},
		jsjson.Member{Key: "headers", Value: r.scrub.scrubResponseHeaders(headers)},
		jsjson.Member{Key: "hash", Value: jsjson.StringValue(hash)},
		jsjson.Member{Key: "request", Value: rq},
	)
	endpoint := "/" + id.Endpoint
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hashes[hash] {
		return hash, nil
	}
	r.hashes[hash] = true
	if _, ok := r.endpoints[id.Method]; !ok {
		r.methods = append(r.methods, id.Method)
	}
	key := id.Method + "\x00" + endpoint
	if len(r.entries[key]) == 0 {
		r.endpoints[id.Method] = append(r.endpoints[id.Method], endpoint)
	}
	r.entries[key] = append(r.entries[key], entry)
	return hash, nil
}

// RecordProvider is a no-op: a .test.json keeps no provider entry (replay reads the catalog).
func (r *TestRecorder) RecordProvider(jsjson.Value) {}

func entriesObject(es []Entry) jsjson.Value {
	obj := jsjson.ObjectValue()
	for _, e := range es {
		obj.Set(e.Key, e.Value)
	}
	return obj
}

// requestData is the body as the file keeps it: the JSON value the function passed, a
// string as it is, binary data as base64.
func requestData(b Body) (jsjson.Value, bool) {
	switch b.Kind {
	case BodyString:
		return jsjson.StringValue(b.Text), b.Text != ""
	case BodyBinary:
		d, _, _ := dataIdentity(b)
		return jsjson.StringValue(d), true
	case BodyJSON:
		v, err := jsjson.ParseString(b.Text)
		if err != nil || !v.Truthy() {
			return jsjson.Value{}, false
		}
		return v, true
	}
	return jsjson.Value{}, false
}

// Value is the file's content.
func (r *TestRecorder) Value() jsjson.Value {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := jsjson.ObjectValue()
	if r.action {
		for _, f := range []struct {
			key string
			v   *jsjson.Value
		}{{"input", r.input}, {"output", r.output}} {
			if f.v != nil && f.v.Kind != jsjson.Undefined {
				out.Set(f.key, r.scrub.Value(*f.v))
			}
		}
	}
	nango := jsjson.ObjectValue()
	if r.connection != nil {
		nango.Set("getConnection", r.scrub.Value(*r.connection))
	}
	if r.connection != nil && r.metadata != nil && r.metadata.Kind != jsjson.Undefined {
		nango.Set("getMetadata", r.scrub.Value(*r.metadata))
	}
	if !r.action {
		save, del := jsjson.ObjectValue(), jsjson.ObjectValue()
		for _, m := range r.models {
			save.Set(m, r.scrub.Value(jsjson.ArrayValue(nonNil(r.saved[m])...)))
			del.Set(m, r.scrub.Value(jsjson.ArrayValue(nonNil(r.deleted[m])...)))
		}
		nango.Set("batchSave", save)
		nango.Set("batchDelete", del)
	}
	out.Set("nango", nango)
	api := jsjson.ObjectValue()
	for _, m := range r.methods {
		byEndpoint := jsjson.ObjectValue()
		for _, ep := range r.endpoints[m] {
			es := r.entries[m+"\x00"+ep]
			if len(es) == 1 {
				byEndpoint.Set(ep, es[0])
			} else {
				byEndpoint.Set(ep, jsjson.ArrayValue(es...))
			}
		}
		api.Set(m, byEndpoint)
	}
	out.Set("api", api)
	return out
}

// Encode is the file's text: JSON with a 2-space indent and no trailing newline.
func (r *TestRecorder) Encode() []byte { return jsjson.Indent(r.Value(), "  ") }

// Path is the file Commit writes.
func (r *TestRecorder) Path() string { return r.path }

// Commit writes the file, atomically, after checking that no known secret survived; Flush
// is the same (the file is always written whole), for a run that stops early.
func (r *TestRecorder) Commit() error {
	data := r.Encode()
	if err := r.scrub.Check(r.path, data); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(r.path), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(r.path, data, 0o644)
}

// Flush is Commit.
func (r *TestRecorder) Flush() error { return r.Commit() }

// RunRecorder is what a recording dry run calls: Recorder (--save-responses, the mocks/
// layout) and TestRecorder (--save, tests/<name>.test.json) both implement it, so the run
// records through whichever the flag chose.
type RunRecorder interface {
	Scrubber() *Scrubber
	RecordResponse(req Request, status int, headers, body jsjson.Value) (string, error)
	RecordConnection(conn jsjson.Value)
	RecordProvider(entry jsjson.Value)
	RecordMetadata(metadata jsjson.Value)
	RecordInput(input jsjson.Value)
	RecordOutput(output jsjson.Value)
	DeclareModels(models ...string)
	RecordBatchSave(model, recordsJSON string) error
	RecordBatchDelete(model, recordsJSON string) error
	Commit() error
	Flush() error
}

var (
	_ RunRecorder = (*Recorder)(nil)
	_ RunRecorder = (*TestRecorder)(nil)
)
