package mocks

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	"github.com/nango-go/nango/pkg/jsjson"
)

// TestFile is a zero-yaml recording, `<integration>/tests/<name>.test.json`: the action's
// input and output, what the nango object returns (nango.batchSave, getConnection, ...) and
// every proxied response under api.<method>.<"/endpoint"> (one entry or an array of them).
// `nango dryrun --save` writes it; the `nango/test` mocks (internal/vitest) replay it with
// Lookup. The rules are in ../shared/reference/vitest-harness.md §3.2.
type TestFile struct {
	Path string
	Root jsjson.Value
}

// ReadTestFile reads and parses a .test.json file; a missing file is a *MissingFileError.
func ReadTestFile(path string) (*TestFile, error) {
	v, err := ReadJSONFile(path, "test recording")
	if err != nil {
		return nil, err
	}
	if v.Kind != jsjson.Object {
		return nil, fmt.Errorf("%s: a test recording must be an object with input, output, nango and api, found %s", path, v.Kind)
	}
	return &TestFile{Path: path, Root: v}, nil
}

// Migrated reports a file converted from legacy mocks/ (it may lack pages those never held).
func (f *TestFile) Migrated() bool {
	v, ok := f.Root.Get("_migrated")
	return ok && v.Truthy()
}

// unifiedFilteredHeaders are left out of a .test.json request identity (compared
// case-insensitively): the replay list plus what Nango adds on the wire.
var unifiedFilteredHeaders = map[string]bool{
	"authorization": true, "user-agent": true, "nango-proxy-user-agent": true, "accept-encoding": true,
	"retries": true, "host": true, "connection-id": true, "provider-config-key": true,
	"nango-is-sync": true, "nango-is-script": true, "nango-is-dry-run": true, "nango-activity-log-id": true,
	"content-length": true, "accept": true, "base-url-override": true, "retry-on": true,
	"forward-headers-on-redirect": true,
}

// UnifiedIdentity is the identity a .test.json entry's hash is computed from: derived from the
// URL the request would go to. The endpoint (absolute http(s) URL, or a path resolved against
// a dummy host) gives the percent-encoded path, without a leading "/proxy/" and "/"; params
// are merged into its query (values as strings; the caller leaves out undefined values, joins
// arrays and appends a string params to the endpoint as a query) replacing a key already
// there; the identity's params are every query pair, sorted. Headers lose a "Nango-Proxy-"
// prefix, keep their first occurrence, drop the wire-only names and a default content-type.
func UnifiedIdentity(r Request) (Identity, error) {
	raw := r.Endpoint
	lower := strings.ToLower(raw)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		if !strings.HasPrefix(raw, "/") {
			raw = "/" + raw
		}
		raw = "https://example.invalid" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Identity{}, fmt.Errorf("endpoint %q is not a valid URL: %w", r.Endpoint, err)
	}
	id := Identity{Method: strings.ToLower(r.Method)}
	if id.Method == "" {
		id.Method = "get"
	}
	path := u.EscapedPath()
	path = strings.TrimPrefix(path, "/proxy/")
	id.Endpoint = strings.TrimPrefix(path, "/")
	id.Params = sortedEntries(mergeQuery(u.RawQuery, r.Params))
	id.Headers = sortedEntries(unifiedHeaders(r.Headers))
	if id.Data, id.HasData, err = dataIdentity(r.Body); err != nil {
		return Identity{}, err
	}
	return id, nil
}

// mergeQuery is URLSearchParams over the endpoint's query with each param set on it.
func mergeQuery(rawQuery string, params []Entry) []Entry {
	var out []Entry
	for _, kv := range strings.Split(rawQuery, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		out = append(out, Entry{Key: queryUnescape(k), Value: jsjson.StringValue(queryUnescape(v))})
	}
	for _, p := range params {
		if p.Value.Kind == jsjson.Undefined {
			continue
		}
		val := jsjson.StringValue(jsString(p.Value))
		replaced := false
		kept := out[:0]
		for _, e := range out {
			if e.Key == p.Key {
				if replaced {
					continue
				}
				e.Value, replaced = val, true
			}
			kept = append(kept, e)
		}
		out = kept
		if !replaced {
			out = append(out, Entry{Key: p.Key, Value: val})
		}
	}
	return out
}

func unifiedHeaders(in []Entry) []Entry {
	seen := map[string]bool{}
	out := make([]Entry, 0, len(in))
	for _, h := range in {
		key := h.Key
		if len(key) > 12 && strings.EqualFold(key[:12], "nango-proxy-") {
			key = key[12:]
		}
		lower := strings.ToLower(key)
		if seen[lower] {
			continue
		}
		seen[lower] = true
		value := jsString(h.Value)
		if unifiedFilteredHeaders[lower] || (lower == "content-type" && defaultContentType(value)) {
			continue
		}
		out = append(out, Entry{Key: key, Value: jsjson.StringValue(value)})
	}
	return out
}

// defaultContentType: the content types axios sets by itself, which say nothing about the
// request.
func defaultContentType(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return v == "application/json" || v == "undefined" || isFormContentType(v)
}

func isFormContentType(v string) bool {
	return strings.Contains(strings.ToLower(v), "application/x-www-form-urlencoded")
}

// NoTestMockError is a request a .test.json has no entry for.
type NoTestMockError struct {
	File     string
	Script   string
	Endpoint string // as the script wrote it
	Identity Identity
	Migrated bool
	// Closest describes how the request differs from the recorded request of the same
	// method and endpoint that differs least (nil when there is none).
	Closest []string
	// Recorded is how many entries the file has for that method and endpoint.
	Recorded int
}

func (e *NoTestMockError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "No mock found for %s %s (normalized: %s) with hash %s\n  in %s\n  request identity: %s",
		strings.ToUpper(e.Identity.Method), e.Endpoint, e.Identity.Endpoint, e.Identity.Hash(), e.File, e.Identity.JSON())
	switch {
	case e.Recorded == 0:
		fmt.Fprintf(&b, "\n  nothing is recorded for %s /%s", strings.ToUpper(e.Identity.Method), e.Identity.Endpoint)
	case e.Closest != nil:
		fmt.Fprintf(&b, "\n  closest recorded request (of %d for this endpoint):", e.Recorded)
		for _, d := range e.Closest {
			fmt.Fprintf(&b, "\n    %s", d)
		}
	}
	return b.String()
}

// Hint says how to record the missing response.
func (e *NoTestMockError) Hint() string {
	h := fmt.Sprintf("record the responses again with `nango dryrun %s <connection-id> --save`, or make the script send the recorded request", e.Script)
	if e.Migrated {
		h += " (this file was converted from mocks/, which kept only the first page of paginated requests)"
	}
	return h
}

// Lookup answers a request from the file's api entries. Candidates are
// api[method][endpoint], else api[method]["/"+endpoint]; the first entry that matches wins:
// its hash is the request's; else, when it has a recorded request, its params, headers and
// (if recorded) body equal the request's; else, without a recorded request, it is the only
// entry and the request has no params. The response is {data, headers?, status?}.
func (f *TestFile) Lookup(script string, req Request) (*Response, error) {
	id, err := UnifiedIdentity(req)
	if err != nil {
		return nil, err
	}
	hash := id.Hash()
	api, _ := f.Root.Get("api")
	byMethod, _ := api.Get(id.Method)
	cand, ok := byMethod.Get(id.Endpoint)
	if !ok || byMethod.Kind != jsjson.Object {
		cand, ok = byMethod.Get("/" + id.Endpoint)
	}
	var entries []jsjson.Value
	if ok && byMethod.Kind == jsjson.Object {
		entries = []jsjson.Value{cand}
		if cand.Kind == jsjson.Array {
			entries = cand.Items
		}
		for _, e := range entries {
			if entryMatches(e, id, hash, len(entries)) {
				return entryResponse(f.Path, e, id), nil
			}
		}
	}
	return nil, &NoTestMockError{File: f.Path, Script: script, Endpoint: req.Endpoint, Identity: id, Migrated: f.Migrated(),
		Recorded: len(entries), Closest: closestEntry(entries, id)}
}

// closestEntry compares the request with each recorded request (an entry without one counts
// as an empty request) and returns the fewest differences.
func closestEntry(entries []jsjson.Value, id Identity) []string {
	var best []string
	for i, e := range entries {
		rq, _ := e.Get("request")
		have := Identity{Method: id.Method, Endpoint: id.Endpoint}
		params, _ := rq.Get("params")
		for _, m := range params.Members {
			have.Params = append(have.Params, Entry{Key: m.Key, Value: jsjson.StringValue(jsString(m.Value))})
		}
		headers, _ := rq.Get("headers")
		for _, m := range headers.Members {
			have.Headers = append(have.Headers, Entry{Key: m.Key, Value: m.Value})
		}
		if d, ok := rq.Get("data"); ok && d.Kind != jsjson.Undefined {
			have.Data, have.HasData = storedDataIdentity(d), true
		}
		diffs := IdentityDifferences(id, have)
		if diffs == nil {
			diffs = []string{"the recorded request is the same but its hash differs: record again with --save"}
		}
		if i == 0 || len(diffs) < len(best) {
			best = diffs
		}
	}
	return best
}

func entryMatches(e jsjson.Value, id Identity, hash string, count int) bool {
	if e.Kind != jsjson.Object {
		return false
	}
	if h, ok := e.Get("hash"); ok && h.Kind == jsjson.String && h.Str == hash {
		return true
	}
	if rq, ok := e.Get("request"); ok && rq.Kind != jsjson.Undefined {
		return requestMatches(rq, id)
	}
	return count == 1 && len(id.Params) == 0
}

func requestMatches(rq jsjson.Value, id Identity) bool {
	params, _ := rq.Get("params")
	if len(params.Members) != len(id.Params) {
		return false
	}
	for _, m := range params.Members {
		found := false
		for _, p := range id.Params {
			if p.Key == m.Key {
				found = jsString(p.Value) == jsString(m.Value)
				break
			}
		}
		if !found {
			return false
		}
	}
	stored, _ := rq.Get("headers")
	var have []Entry
	for _, m := range stored.Members {
		have = append(have, Entry{Key: m.Key, Value: m.Value})
	}
	if !sameHeaderMap(have, id.Headers) {
		return false
	}
	if d, ok := rq.Get("data"); ok && d.Kind != jsjson.Undefined {
		return storedDataIdentity(d) == id.Data && id.HasData
	}
	return true
}

func sameHeaderMap(a, b []Entry) bool {
	norm := func(es []Entry) map[string]string {
		m := map[string]string{}
		for _, e := range es {
			k, v := strings.ToLower(e.Key), jsString(e.Value)
			if k == "content-type" && isFormContentType(v) {
				continue
			}
			m[k] = v
		}
		return m
	}
	ma, mb := norm(a), norm(b)
	if len(ma) != len(mb) {
		return false
	}
	for k, v := range ma {
		if w, ok := mb[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// storedDataIdentity is a recorded request body's data identity: a string as is, anything
// else as compact JSON, "sha1:<hex>" past 1000 characters.
func storedDataIdentity(d jsjson.Value) string {
	text := d.Str
	if d.Kind != jsjson.String {
		text = string(jsjson.MustStringify(d))
	}
	if jsjson.UTF16Len(text) > dataHashThreshold {
		sum := sha1.Sum(jsjson.ToUTF8(text))
		return "sha1:" + hex.EncodeToString(sum[:])
	}
	return text
}

func entryResponse(path string, e jsjson.Value, id Identity) *Response {
	resp := &Response{File: path, Identity: id}
	resp.Data, _ = e.Get("response")
	if h, ok := e.Get("headers"); ok && h.Kind != jsjson.Undefined {
		resp.Headers, resp.HasHeaders = h, true
	}
	if s, ok := e.Get("status"); ok && s.Kind == jsjson.Number {
		resp.Status, resp.HasStatus = int(s.Num), true
	}
	return resp
}

// softMatch is nango/test's fallback for legacy mocks/ when the hashed file is missing: the
// first recording in dir (sorted by name) whose stored identity matches loosely: the same
// param keys with string-equal values, the same headers the same way when either side has
// any, the same body text when either side has one.
func softMatch(dir string, want Identity) *Response {
	for _, r := range recordedIdentities(dir) {
		have := r.id
		if !looseEntries(want.Params, have.Params, false) || !looseEntries(want.Headers, have.Headers, true) {
			continue
		}
		if (want.HasData || have.HasData) && want.Data != have.Data {
			continue
		}
		if resp, err := readHashedResponse(r.path); err == nil {
			resp.Identity = want
			return resp
		}
	}
	return nil
}

func looseEntries(a, b []Entry, onlyIfAny bool) bool {
	if onlyIfAny && len(a) == 0 && len(b) == 0 {
		return true
	}
	if len(a) != len(b) {
		return false
	}
	m := map[string]string{}
	for _, e := range b {
		m[e.Key] = jsString(e.Value)
	}
	for _, e := range a {
		if v, ok := m[e.Key]; !ok || v != jsString(e.Value) {
			return false
		}
	}
	return true
}
