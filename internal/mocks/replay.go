package mocks

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/nango-go/nango/pkg/jsjson"
)

// Response is a recorded response as the script sees it during replay:
// {data, headers, status}.
type Response struct {
	Data jsjson.Value
	// Headers is the recorded headers object; undefined for a legacy file (and for a hashed
	// file recorded without headers). HasHeaders is what pagination looks at.
	Headers    jsjson.Value
	HasHeaders bool
	// Status is the recorded HTTP status; HasStatus is false for a legacy file, where the
	// script sees status undefined.
	Status    int
	HasStatus bool

	File     string   // the file the response came from
	Legacy   bool     // true for the un-hashed nango/<method>/proxy/<endpoint>/<script>.json form
	Identity Identity // the identity of the request that was looked up
}

// Replayer answers a script's proxied requests from its recordings (the lookup order is in Lookup). It
// is safe for concurrent use; create one per script run.
type Replayer struct {
	Layout Layout
	Script string // the script name (the folder under nango/<method>/proxy/<endpoint>/)
	// ExactOnly turns off the fallback to the identity the reference recorder computed from
	// the wire (query values as strings and so on), for a verdict byte-for-byte like the
	// reference's replay.
	ExactOnly bool
	// SoftMiss: when the hashed file is missing, answer with the first recording of the
	// folder whose stored identity matches loosely (softMatch), as nango/test's legacy
	// provider does for integrations that still keep mocks/.
	SoftMiss bool

	mu   sync.Mutex
	dirs map[string]bool
}

// NewReplayer serves the recordings of script under l.
func NewReplayer(l Layout, script string) *Replayer {
	return &Replayer{Layout: l, Script: script}
}

func (r *Replayer) dirExists(dir string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ok, seen := r.dirs[dir]; seen {
		return ok
	}
	if r.dirs == nil {
		r.dirs = map[string]bool{}
	}
	ok := dirExists(dir)
	r.dirs[dir] = ok
	return ok
}

// Lookup returns the recorded response for req, or a *MissingRecordingError naming the file
// that should exist. Rules: when the script's folder for the endpoint exists, the response is
// the hashed file for the request's identity; otherwise it is the legacy file.
func (r *Replayer) Lookup(req Request) (*Response, error) {
	id, err := NewIdentity(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", strings.ToUpper(orGet(req.Method)), req.Endpoint, err)
	}
	dir, err := r.Layout.ResponseDir(r.Script, id)
	if err != nil {
		return nil, err
	}
	hashed := filepath.Join(dir, id.Hash()+".json")
	if r.dirExists(dir) {
		resp, err := readHashedResponse(hashed)
		if err == nil {
			resp.Identity = id
			return resp, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		if !r.ExactOnly {
			if alt, err := recorderIdentity(req); err == nil && alt.Hash() != id.Hash() {
				if altFile, err := r.Layout.HashedResponseFile(r.Script, alt); err == nil {
					if resp, err := readHashedResponse(altFile); err == nil {
						resp.Identity = id
						return resp, nil
					}
				}
			}
		}
		if r.SoftMiss {
			if resp := softMatch(dir, id); resp != nil {
				return resp, nil
			}
		}
		return nil, r.missing(id, hashed, dir, true)
	}
	legacy := dir + ".json"
	v, err := ReadJSONFile(legacy, "recorded response")
	if err != nil {
		var mf *MissingFileError
		if errors.As(err, &mf) {
			return nil, r.missing(id, hashed, dir, false)
		}
		return nil, err
	}
	return &Response{Data: v, File: legacy, Legacy: true, Identity: id}, nil
}

func orGet(m string) string {
	if m == "" {
		return "get"
	}
	return m
}

// readHashedResponse reads {response, headers, status, ...}; a missing file is
// os.ErrNotExist.
func readHashedResponse(path string) (*Response, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	v, err := jsjson.Parse(jsjson.TrimBOM(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if v.Kind != jsjson.Object {
		return nil, fmt.Errorf("%s: a recorded response must be an object with response, headers and status, found %s", path, v.Kind)
	}
	resp := &Response{File: path}
	resp.Data, _ = v.Get("response")
	if h, ok := v.Get("headers"); ok && h.Truthy() {
		resp.Headers, resp.HasHeaders = h, true
	}
	if s, ok := v.Get("status"); ok && s.Kind == jsjson.Number {
		resp.Status, resp.HasStatus = int(s.Num), true
	}
	return resp, nil
}

// MissingRecordingError is a request the script made for which nothing was recorded. Its
// message names the file that should exist and prints the request identity; when other
// recordings exist for the same endpoint it shows how the closest one differs, which is
// usually the fix (a changed param, a new header).
type MissingRecordingError struct {
	Script   string
	Identity Identity
	// Expected is the hashed file that should exist; Legacy the un-hashed alternative that
	// was looked for when the hashed folder does not exist.
	Expected string
	Legacy   string
	// Closest is the recording in the same folder whose identity differs least, with how it
	// differs ("" and nil when the folder has none).
	Closest     string
	Differences []string
}

func (e *MissingRecordingError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no recorded response for %s (script %q)\n", e.Identity, e.Script)
	fmt.Fprintf(&b, "  expected file: %s\n", e.Expected)
	if e.Legacy != "" {
		fmt.Fprintf(&b, "  (or the legacy file %s)\n", e.Legacy)
	}
	fmt.Fprintf(&b, "  request identity: %s", e.Identity.JSON())
	if e.Closest != "" {
		fmt.Fprintf(&b, "\n  closest recording: %s", e.Closest)
		for _, d := range e.Differences {
			fmt.Fprintf(&b, "\n    %s", d)
		}
	}
	return b.String()
}

// Hint says how to fix it, for exitcode.WithHint.
func (e *MissingRecordingError) Hint() string {
	// Script is a ScriptKey ("<name>/<variant>" for a variant): the command takes the variant
	// as a flag, and "name/variant" is not a script name dryrun accepts.
	name, variant, _ := strings.Cut(e.Script, "/")
	flag := ""
	if variant != "" {
		flag = " --variant " + variant
	}
	return fmt.Sprintf("record the responses again with `nango dryrun %s <connection-id>%s --save-responses`, or make the script send the recorded request", name, flag)
}

func (r *Replayer) missing(id Identity, hashed, dir string, dirFound bool) error {
	e := &MissingRecordingError{Script: r.Script, Identity: id, Expected: hashed}
	if !dirFound {
		e.Legacy = dir + ".json"
		return e
	}
	e.Closest, e.Differences = closestRecording(dir, id)
	return e
}

// closestRecording reads the identities recorded in dir and returns the file whose identity
// differs from want in the fewest fields, with those differences described.
func closestRecording(dir string, want Identity) (string, []string) {
	best, bestDiffs := "", []string(nil)
	for _, r := range recordedIdentities(dir) {
		diffs := IdentityDifferences(want, r.id)
		if best == "" || len(diffs) < len(bestDiffs) || (len(diffs) == len(bestDiffs) && r.path < best) {
			best, bestDiffs = r.path, diffs
		}
	}
	return best, bestDiffs
}

// recordedIdentity is one recorded response file and the request identity stored in it.
type recordedIdentity struct {
	path string
	id   Identity
}

// recordedIdentities lists the recorded responses of dir, sorted by name, with the identity
// each was stored with; a file that cannot be read or holds no identity is left out. It is
// what a miss is compared against (closestRecording, softMatch).
func recordedIdentities(dir string) []recordedIdentity {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []recordedIdentity
	for _, e := range entries { // os.ReadDir sorts by name
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		v, err := ReadJSONFile(path, "recorded response")
		if err != nil {
			continue
		}
		ri, ok := v.Get("requestIdentity")
		if !ok {
			continue
		}
		if have, err := IdentityFromValue(ri); err == nil {
			out = append(out, recordedIdentity{path: path, id: have})
		}
	}
	return out
}

// IdentityDifferences describes how a request (want) differs from a recorded one (have), one
// line per differing param, header or field.
func IdentityDifferences(want, have Identity) []string {
	var out []string
	if want.Method != have.Method {
		out = append(out, fmt.Sprintf("method: request %q, recorded %q", want.Method, have.Method))
	}
	if want.Endpoint != have.Endpoint {
		out = append(out, fmt.Sprintf("endpoint: request %q, recorded %q", want.Endpoint, have.Endpoint))
	}
	out = append(out, entryDifferences("param", want.Params, have.Params)...)
	out = append(out, entryDifferences("header", want.Headers, have.Headers)...)
	switch {
	case want.HasData && !have.HasData:
		out = append(out, fmt.Sprintf("body: request sends %s, recorded request had none", clip(want.Data)))
	case !want.HasData && have.HasData:
		out = append(out, fmt.Sprintf("body: request has none, recorded request sent %s", clip(have.Data)))
	case want.Data != have.Data:
		out = append(out, fmt.Sprintf("body: request %s, recorded %s", clip(want.Data), clip(have.Data)))
	}
	return out
}

func entryDifferences(what string, want, have []Entry) []string {
	hv := map[string]jsjson.Value{}
	for _, e := range have {
		hv[e.Key] = e.Value
	}
	wv := map[string]bool{}
	var out []string
	for _, e := range want {
		wv[e.Key] = true
		got, ok := hv[e.Key]
		if !ok {
			out = append(out, fmt.Sprintf("%s %s: request sends %s, recorded request did not", what, e.Key, describeValue(e.Value)))
			continue
		}
		if got.Kind == jsjson.String && got.Str == Redacted {
			continue // recorded with its value hidden: cannot be compared
		}
		if a, b := jsjson.MustStringify(e.Value), jsjson.MustStringify(got); string(a) != string(b) {
			out = append(out, fmt.Sprintf("%s %s: request %s, recorded %s", what, e.Key, describeValue(e.Value), describeValue(got)))
		}
	}
	var extra []string
	for _, e := range have {
		if !wv[e.Key] {
			extra = append(extra, fmt.Sprintf("%s %s: recorded request sent %s, request does not", what, e.Key, describeValue(e.Value)))
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// describeValue shows a value with its type when the type is what usually differs
// (2 versus "2").
func describeValue(v jsjson.Value) string {
	text := clip(string(jsjson.MustStringify(v)))
	switch v.Kind {
	case jsjson.Number, jsjson.String, jsjson.Bool:
		return text + " (" + v.Kind.String() + ")"
	}
	return text
}

func clip(s string) string {
	const max = 120
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

// StopPaginating reports the replay-only pagination rule: a page whose recording has no
// headers (a legacy file) is the last one.
func (resp *Response) StopPaginating() bool { return !resp.HasHeaders }

// LastPageYields is what paginate yields from a replayed page without headers, after which
// it stops: the body itself if it is an array; then, if responsePath is
// set, the value at that path (lodash get; may be undefined); otherwise every top-level value
// of the body that is an array, in key order. A null or undefined body is the TypeError
// JavaScript would throw.
func LastPageYields(body jsjson.Value, responsePath string) ([]jsjson.Value, error) {
	var pages []jsjson.Value
	if body.Kind == jsjson.Array {
		pages = append(pages, body)
	}
	if responsePath != "" {
		if body.Kind == jsjson.Undefined || body.Kind == jsjson.Null {
			return nil, fmt.Errorf("TypeError: Cannot read properties of %s (reading '%s')", body.Kind, responsePath)
		}
		return append(pages, jsjson.GetPath(body, responsePath)), nil
	}
	switch body.Kind {
	case jsjson.Undefined, jsjson.Null:
		return nil, errors.New("TypeError: Cannot convert undefined or null to object")
	case jsjson.Object:
		for _, m := range body.Members {
			if m.Value.Kind == jsjson.Array {
				pages = append(pages, m.Value)
			}
		}
	case jsjson.Array:
		for _, it := range body.Items {
			if it.Kind == jsjson.Array {
				pages = append(pages, it)
			}
		}
	}
	return pages, nil
}
