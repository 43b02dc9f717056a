package mocks

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/nango-go/nango/internal/atomicfile"
	"github.com/nango-go/nango/pkg/jsjson"
)

// Recorder writes the recordings of one dry run with --save-responses (the layout in layout.go).
// Each proxied response is written as soon as it arrives, each
// file atomically (temporary file + rename, so an interrupted run never leaves half a file);
// the connection, metadata, action input/output and sync records are written by Commit,
// all together, which then removes this script's recordings that the run did not produce.
// Nothing is written that contains a secret the Scrubber knows. Safe for concurrent use.
type Recorder struct {
	layout Layout
	script string // ScriptKey(name, variant)
	scrub  *Scrubber

	mu         sync.Mutex
	responses  map[string]bool // response files written this run
	connection *jsjson.Value
	provider   *jsjson.Value
	metadata   *jsjson.Value
	input      *jsjson.Value
	output     *jsjson.Value
	models     []string // declared output models, in order
	saves      map[string][]jsjson.Value
	deletes    map[string][]jsjson.Value
	batchCalls int
}

// NewRecorder records script (a ScriptKey) under l. scrub may be nil only when there is no
// secret to hide (tests); a dry run passes one holding the secret key and the connection's
// credentials.
func NewRecorder(l Layout, script string, scrub *Scrubber) *Recorder {
	if scrub == nil {
		scrub = NewScrubber()
	}
	return &Recorder{layout: l, script: script, scrub: scrub, responses: map[string]bool{},
		saves: map[string][]jsjson.Value{}, deletes: map[string][]jsjson.Value{}}
}

// Scrubber is the recorder's secret scrubber, to register secrets learnt during the run.
func (r *Recorder) Scrubber() *Scrubber { return r.scrub }

// RecordResponse writes the response of one proxied request (failed ones included) to
// nango/<method>/proxy/<endpoint>/<script>/<hash>.json and returns the path. headers is the
// response headers object (lower-case names), body the response data as the script received
// it.
func (r *Recorder) RecordResponse(req Request, status int, headers, body jsjson.Value) (string, error) {
	path, data, err := r.responseFile(req, status, headers, body)
	if err != nil {
		return "", err
	}
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return "", err
	}
	r.mu.Lock()
	r.responses[path] = true
	r.mu.Unlock()
	return path, nil
}

// responseFile is the path and contents of a recorded response file, scrubbed and checked.
func (r *Recorder) responseFile(req Request, status int, headers, body jsjson.Value) (string, []byte, error) {
	id, err := NewIdentity(req)
	if err != nil {
		return "", nil, err
	}
	path, err := r.layout.HashedResponseFile(r.script, id)
	if err != nil {
		return "", nil, err
	}
	shown := r.scrub.scrubIdentity(id)
	if headers.Kind == jsjson.Undefined {
		headers = jsjson.Value{Kind: jsjson.Object}
	}
	file := jsjson.Value{Kind: jsjson.Object, Members: []jsjson.Member{
		{Key: "method", Value: jsjson.StringValue(shown.Method)},
		{Key: "endpoint", Value: jsjson.StringValue(shown.Endpoint)},
		{Key: "requestIdentityHash", Value: jsjson.StringValue(id.Hash())},
		{Key: "requestIdentity", Value: shown.Value()},
		{Key: "response", Value: r.scrub.Value(body)},
		{Key: "status", Value: jsjson.NumberValue(float64(status))},
		{Key: "headers", Value: r.scrub.scrubResponseHeaders(headers)},
	}}
	data := jsjson.Indent(file, "  ")
	if err := r.scrub.Check(path, data); err != nil {
		return "", nil, err
	}
	return path, data, nil
}

// RecordConnection keeps what nango.getConnection() returns during replay: the connection's
// metadata and connection_config only (never its credentials). Its metadata also becomes
// getMetadata.json unless RecordMetadata set one.
func (r *Recorder) RecordConnection(conn jsjson.Value) {
	metadata, _ := conn.Get("metadata")
	config, _ := conn.Get("connection_config")
	kept := jsjson.Value{Kind: jsjson.Object, Members: []jsjson.Member{
		{Key: "metadata", Value: metadata},
		{Key: "connection_config", Value: config},
	}}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.connection = &kept
	if r.metadata == nil {
		r.metadata = &metadata
	}
}

// RecordProvider keeps the provider entry the run used (Layout.ProviderFile).
func (r *Recorder) RecordProvider(entry jsjson.Value) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.provider = &entry
}

// RecordMetadata sets what nango.getMetadata() returns (the --metadata stub of the run).
func (r *Recorder) RecordMetadata(metadata jsjson.Value) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.metadata = &metadata
}

// RecordInput keeps the action's input (undefined: no input.json).
func (r *Recorder) RecordInput(input jsjson.Value) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.input = &input
}

// RecordOutput keeps what the action returned (undefined: no output.json, as no JSON text
// stands for undefined).
func (r *Recorder) RecordOutput(output jsjson.Value) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.output = &output
}

// DeclareModels names the sync's output models: each gets batchSave.json and
// batchDelete.json (possibly []) once the sync saved or deleted anything.
func (r *Recorder) DeclareModels(models ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range models {
		r.addModel(m)
	}
}

func (r *Recorder) addModel(m string) {
	for _, have := range r.models {
		if have == m {
			return
		}
	}
	r.models = append(r.models, m)
}

// RecordBatchSave appends the records of one batchSave(records, model) call, given as the
// JSON text of the array the script passed (JSON.stringify(records)): the JSON round trip is
// exactly what replay compares against.
func (r *Recorder) RecordBatchSave(model, recordsJSON string) error {
	return r.recordBatch(r.saves, model, recordsJSON, "batchSave")
}

// RecordBatchDelete is RecordBatchSave for batchDelete.
func (r *Recorder) RecordBatchDelete(model, recordsJSON string) error {
	return r.recordBatch(r.deletes, model, recordsJSON, "batchDelete")
}

func (r *Recorder) recordBatch(into map[string][]jsjson.Value, model, recordsJSON, call string) error {
	v, err := jsjson.ParseString(recordsJSON)
	if err != nil {
		return fmt.Errorf("%s(…, %q): %w", call, model, err)
	}
	if v.Kind != jsjson.Array {
		return fmt.Errorf("%s(…, %q): records must be an array, got %s", call, model, v.Kind)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addModel(model)
	into[model] = append(into[model], v.Items...)
	r.batchCalls++
	return nil
}

// Commit writes the connection, metadata, input/output and per-model records recorded so
// far, all or none, then removes this script's recordings that this run did not write
// (responses of requests no longer made, old input/output/model files). Call it after a
// complete run; after a failed run use Flush to keep earlier recordings.
func (r *Recorder) Commit() error {
	written, err := r.flush()
	if err != nil {
		return err
	}
	return r.removeStale(written)
}

// Flush writes what was recorded so far and removes nothing.
func (r *Recorder) Flush() error {
	_, err := r.flush()
	return err
}

func (r *Recorder) flush() (map[string]bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var set atomicfile.WriteSet
	written := map[string]bool{}
	add := func(path string, v jsjson.Value) error {
		data := jsjson.Indent(r.scrub.Value(v), "  ")
		if err := r.scrub.Check(path, data); err != nil {
			return err
		}
		set.Add(path, data, 0o644)
		written[path] = true
		return nil
	}
	if r.connection != nil {
		if err := add(r.layout.ConnectionFile(), *r.connection); err != nil {
			return nil, err
		}
	}
	if r.provider != nil {
		if err := add(r.layout.ProviderFile(), *r.provider); err != nil {
			return nil, err
		}
	}
	if r.metadata != nil {
		if err := add(r.layout.MetadataFile(), *r.metadata); err != nil {
			return nil, err
		}
	}
	if r.input != nil && r.input.Kind != jsjson.Undefined {
		if err := add(r.layout.InputFile(r.script), *r.input); err != nil {
			return nil, err
		}
	}
	if r.output != nil && r.output.Kind != jsjson.Undefined {
		if err := add(r.layout.OutputFile(r.script), *r.output); err != nil {
			return nil, err
		}
	}
	if r.batchCalls > 0 {
		for _, m := range r.models {
			if err := add(r.layout.BatchSaveFile(r.script, m), jsjson.Value{Kind: jsjson.Array, Items: nonNil(r.saves[m])}); err != nil {
				return nil, err
			}
			if err := add(r.layout.BatchDeleteFile(r.script, m), jsjson.Value{Kind: jsjson.Array, Items: nonNil(r.deletes[m])}); err != nil {
				return nil, err
			}
		}
	}
	if err := set.Commit(); err != nil {
		return nil, err
	}
	for p := range r.responses {
		written[p] = true
	}
	return written, nil
}

func nonNil(v []jsjson.Value) []jsjson.Value {
	if v == nil {
		return []jsjson.Value{}
	}
	return v
}

// removeStale deletes this script's files that the run did not write: input/output and
// model files under <script>/, and recorded responses (hashed files whose identity places
// them in this script's folder, and legacy <script>.json files) under nango/. Other scripts'
// files and the shared connection/metadata are never touched.
func (r *Recorder) removeStale(written map[string]bool) error {
	var errs []error
	remove := func(path string) {
		if written[path] {
			return
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	scriptDir := r.layout.ScriptDir(r.script)
	if entries, err := os.ReadDir(scriptDir); err == nil {
		for _, e := range entries {
			switch {
			case !e.IsDir() && (e.Name() == "input.json" || e.Name() == "output.json"):
				remove(filepath.Join(scriptDir, e.Name()))
			case e.IsDir():
				modelDir := filepath.Join(scriptDir, e.Name())
				remove(filepath.Join(modelDir, "batchSave.json"))
				remove(filepath.Join(modelDir, "batchDelete.json"))
				os.Remove(modelDir) // only succeeds when now empty
			}
		}
	}

	nangoDir := filepath.Join(r.layout.Root, "nango")
	legacyName := r.script + ".json"
	legacyOK := !strings.Contains(r.script, "/") // the legacy form predates variants
	var emptied []string
	err := filepath.WalkDir(nangoDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || written[path] || !strings.HasSuffix(path, ".json") {
			return nil
		}
		rel, _ := filepath.Rel(nangoDir, path)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) < 4 || parts[1] != "proxy" {
			return nil // getConnection.json, getMetadata.json, other nango/* files
		}
		if legacyOK && d.Name() == legacyName && !isHashName(d.Name()) {
			remove(path)
			return nil
		}
		if !isHashName(d.Name()) {
			return nil
		}
		// A hashed file belongs to this script only if its own identity places it here.
		v, err := ReadJSONFile(path, "recorded response")
		if err != nil {
			return nil
		}
		ri, ok := v.Get("requestIdentity")
		if !ok {
			return nil
		}
		id, err := IdentityFromValue(ri)
		if err != nil {
			return nil
		}
		if dir, err := r.layout.ResponseDir(r.script, id); err == nil && dir == filepath.Dir(path) {
			remove(path)
			emptied = append(emptied, dir)
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(emptied)))
	for _, dir := range emptied {
		os.Remove(dir) // only succeeds when now empty
	}
	return errors.Join(errs...)
}

func isHashName(name string) bool {
	base, ok := strings.CutSuffix(name, ".json")
	if !ok || len(base) != 40 {
		return false
	}
	for i := 0; i < len(base); i++ {
		c := base[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
