// Package mocks reads and writes recorded responses ("mocks"): the layout Nango's
// `dryrun --save-responses` writes under `<integration>/mocks/`, the request identity whose
// SHA-1 names each recorded response, the lookup a replaying run does, the recorder a
// recording run uses, and the helpers pagination needs during replay.
//
// Values cross into this package as JSON text produced by the script runtime
// (JSON.stringify in goja) or as jsjson.Value, so that JavaScript's key order and number
// formatting, on which the hashes depend, are never lost to Go maps.
package mocks

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/nango-go/nango/pkg/jsjson"
)

// Entry is one [key, value] pair of a request's params or headers. Value keeps its
// JavaScript type: a number param stays a number in the identity.
type Entry struct {
	Key   string
	Value jsjson.Value
}

// BodyKind says what the script passed as a request body (ProxyConfiguration.data).
type BodyKind uint8

const (
	BodyNone   BodyKind = iota // data missing or undefined
	BodyString                 // a JavaScript string
	BodyBinary                 // a Node Buffer
	BodyJSON                   // anything else: identified by its JSON.stringify text
)

// Body is a request body. Build it with NoBody, StringBody, BinaryBody or JSONBody.
type Body struct {
	Kind  BodyKind
	Text  string // the string (BodyString) or the compact JSON text (BodyJSON)
	Bytes []byte // BodyBinary
}

func NoBody() Body             { return Body{} }
func StringBody(s string) Body { return Body{Kind: BodyString, Text: s} }
func BinaryBody(b []byte) Body { return Body{Kind: BodyBinary, Bytes: b} }

// JSONBody is a body given as the text JSON.stringify produced for it in the script runtime
// (its key order is the script's, which the hash depends on).
func JSONBody(text string) Body { return Body{Kind: BodyJSON, Text: text} }

// Request is what the identity of a proxied call is built from: the script's own
// ProxyConfiguration after the helper (get/post/…/paginate) filled in the method, before
// anything Nango adds on the wire. The nango object fills it as follows:
//
//	Method   config.method ("" means get; any case)
//	Endpoint config.endpoint as written (a leading "/" is dropped here)
//	Params   Object.entries(config.params ?? {}), each value as JSON text via ParamsFromJSON or
//	         EntriesFromJSON (undefined values must be passed as null: that is how
//	         JSON.stringify writes them inside the entries array)
//	Headers  Object.entries(config.headers ?? {}), same rules
//	Body     config.data: NoBody, StringBody, BinaryBody (Buffer) or JSONBody(JSON.stringify(data))
type Request struct {
	Method   string
	Endpoint string
	Params   []Entry
	Headers  []Entry
	Body     Body
}

// EntriesFromJSON turns the JSON text of a plain object (JSON.stringify(config.params)) into
// entries in the object's property order. "null" or "" give no entries.
func EntriesFromJSON(objectText string) ([]Entry, error) {
	if strings.TrimSpace(objectText) == "" {
		return nil, nil
	}
	v, err := jsjson.ParseString(objectText)
	if err != nil {
		return nil, err
	}
	switch v.Kind {
	case jsjson.Null:
		return nil, nil
	case jsjson.Object:
	default:
		return nil, fmt.Errorf("expected an object, got %s", v.Kind)
	}
	out := make([]Entry, len(v.Members))
	for i, m := range v.Members {
		out[i] = Entry{Key: m.Key, Value: m.Value}
	}
	return out, nil
}

// ParamsFromJSON is EntriesFromJSON for params.
func ParamsFromJSON(objectText string) ([]Entry, error) { return EntriesFromJSON(objectText) }

// StringEntries builds entries with string values from alternating key, value arguments
// (for tests and Go callers).
func StringEntries(kv ...string) []Entry {
	out := make([]Entry, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, Entry{Key: kv[i], Value: jsjson.StringValue(kv[i+1])})
	}
	return out
}

// replayFilteredHeaders are left out of the identity (compared case-insensitively): what
// Nango adds to every request, or what differs between runs.
var replayFilteredHeaders = map[string]bool{
	"authorization":          true,
	"user-agent":             true,
	"nango-proxy-user-agent": true,
	"accept-encoding":        true,
	"retries":                true,
	"host":                   true,
	"connection-id":          true,
	"provider-config-key":    true,
}

// recorderFilteredHeaders is the longer list the reference recorder applied to the headers it
// saw on the wire (cli-and-protocol §7.9); only used to find files recorded by it.
var recorderFilteredHeaders = map[string]bool{
	"authorization": true, "user-agent": true, "nango-proxy-user-agent": true, "accept-encoding": true,
	"retries": true, "host": true, "connection-id": true, "provider-config-key": true,
	"nango-is-sync": true, "nango-is-script": true, "nango-is-dry-run": true, "nango-activity-log-id": true,
	"content-length": true, "accept": true, "base-url-override": true, "retry-on": true,
}

// Identity is the request identity object; its compact JSON text is hashed to name the
// recorded response file.
type Identity struct {
	Method   string
	Endpoint string
	Params   []Entry
	Headers  []Entry
	// Data is the body's identity text; HasData is false when the body is absent or falsy.
	Data    string
	HasData bool
}

// dataHashThreshold: a body identity longer than this (in UTF-16 code units, JavaScript's
// length) is replaced by "sha1:" + its hex SHA-1.
const dataHashThreshold = 1000

// NewIdentity builds the identity of r with the replay rules (identity_test.go pins hashes computed by
// testdata/mocks/identity-hashes.js).
func NewIdentity(r Request) (Identity, error) {
	id := Identity{
		Method:   strings.ToLower(r.Method),
		Endpoint: strings.TrimPrefix(r.Endpoint, "/"),
	}
	if id.Method == "" {
		id.Method = "get"
	}
	id.Params = sortedEntries(r.Params)
	headers := make([]Entry, 0, len(r.Headers))
	for _, h := range r.Headers {
		if !replayFilteredHeaders[strings.ToLower(h.Key)] {
			headers = append(headers, h)
		}
	}
	id.Headers = sortedEntries(headers)
	data, ok, err := dataIdentity(r.Body)
	if err != nil {
		return Identity{}, err
	}
	id.Data, id.HasData = data, ok
	return id, nil
}

// MustIdentity is NewIdentity for requests known to be valid (tests, benchmarks).
func MustIdentity(r Request) Identity {
	id, err := NewIdentity(r)
	if err != nil {
		panic(err)
	}
	return id
}

// sortedEntries copies and sorts entries by key with JavaScript's string comparison; the
// sort is stable like Array.prototype.sort.
func sortedEntries(in []Entry) []Entry {
	out := make([]Entry, len(in))
	copy(out, in)
	sort.SliceStable(out, func(i, j int) bool { return jsjson.CompareUTF16(out[i].Key, out[j].Key) < 0 })
	return out
}

// dataIdentity is the "data" member: absent for a missing or falsy body, the string itself,
// base64 of binary data (an empty Buffer is truthy and gives ""), or the compact JSON text;
// longer than 1000 characters it becomes "sha1:<hex>" of the text.
func dataIdentity(b Body) (string, bool, error) {
	var text string
	switch b.Kind {
	case BodyNone:
		return "", false, nil
	case BodyString:
		if b.Text == "" {
			return "", false, nil
		}
		text = b.Text
	case BodyBinary:
		text = base64.StdEncoding.EncodeToString(b.Bytes)
	case BodyJSON:
		v, err := jsjson.ParseString(b.Text)
		if err != nil {
			return "", false, fmt.Errorf("request body is not JSON text: %w", err)
		}
		if !v.Truthy() {
			return "", false, nil
		}
		if v.Kind == jsjson.String {
			// JSONBody of a string: the script passed a string, which is used as is.
			text = v.Str
		} else {
			text = string(jsjson.MustStringify(v))
		}
	default:
		return "", false, fmt.Errorf("unknown body kind %d", b.Kind)
	}
	if jsjson.UTF16Len(text) > dataHashThreshold {
		sum := sha1.Sum(jsjson.ToUTF8(text))
		return "sha1:" + hex.EncodeToString(sum[:]), true, nil
	}
	return text, true, nil
}

// Value is the identity as a JavaScript object {method, endpoint, params, headers[, data]},
// the form written into recorded files as "requestIdentity".
func (id Identity) Value() jsjson.Value {
	pairs := func(es []Entry) jsjson.Value {
		items := make([]jsjson.Value, len(es))
		for i, e := range es {
			items[i] = jsjson.ArrayValue(jsjson.StringValue(e.Key), e.Value)
		}
		return jsjson.Value{Kind: jsjson.Array, Items: items}
	}
	v := jsjson.Value{Kind: jsjson.Object, Members: []jsjson.Member{
		{Key: "method", Value: jsjson.StringValue(id.Method)},
		{Key: "endpoint", Value: jsjson.StringValue(id.Endpoint)},
		{Key: "params", Value: pairs(id.Params)},
		{Key: "headers", Value: pairs(id.Headers)},
	}}
	if id.HasData {
		v.Members = append(v.Members, jsjson.Member{Key: "data", Value: jsjson.StringValue(id.Data)})
	}
	return v
}

// JSON is the compact JSON.stringify text of the identity, the text that is hashed (the
// same text as MustStringify(id.Value()), written directly: this runs for every request).
func (id Identity) JSON() []byte {
	dst := make([]byte, 0, 64+len(id.Endpoint)+len(id.Data)+32*(len(id.Params)+len(id.Headers)))
	dst = append(dst, `{"method":`...)
	dst = jsjson.AppendQuoted(dst, id.Method)
	dst = append(dst, `,"endpoint":`...)
	dst = jsjson.AppendQuoted(dst, id.Endpoint)
	pairs := func(name string, es []Entry) {
		dst = append(dst, `,"`...)
		dst = append(dst, name...)
		dst = append(dst, `":[`...)
		for i, e := range es {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '[')
			dst = jsjson.AppendQuoted(dst, e.Key)
			dst = append(dst, ',')
			dst = jsjson.AppendJSON(dst, e.Value) // undefined inside an array is null
			dst = append(dst, ']')
		}
		dst = append(dst, ']')
	}
	pairs("params", id.Params)
	pairs("headers", id.Headers)
	if id.HasData {
		dst = append(dst, `,"data":`...)
		dst = jsjson.AppendQuoted(dst, id.Data)
	}
	return append(dst, '}')
}

// Hash is the lower-case hex SHA-1 of JSON(): the recorded file's base name.
func (id Identity) Hash() string {
	sum := sha1.Sum(jsjson.ToUTF8(string(id.JSON())))
	return hex.EncodeToString(sum[:])
}

// String describes the request for messages: "GET v1/contacts".
func (id Identity) String() string { return strings.ToUpper(id.Method) + " " + id.Endpoint }

// IdentityFromValue reads a "requestIdentity" object back from a recorded file.
func IdentityFromValue(v jsjson.Value) (Identity, error) {
	if v.Kind != jsjson.Object {
		return Identity{}, fmt.Errorf("requestIdentity is %s, not an object", v.Kind)
	}
	var id Identity
	str := func(key string) (string, error) {
		m, ok := v.Get(key)
		if !ok || m.Kind != jsjson.String {
			return "", fmt.Errorf("requestIdentity.%s is missing or not a string", key)
		}
		return m.Str, nil
	}
	var err error
	if id.Method, err = str("method"); err != nil {
		return Identity{}, err
	}
	if id.Endpoint, err = str("endpoint"); err != nil {
		return Identity{}, err
	}
	pairs := func(key string) ([]Entry, error) {
		m, ok := v.Get(key)
		if !ok {
			return nil, nil
		}
		if m.Kind != jsjson.Array {
			return nil, fmt.Errorf("requestIdentity.%s is not an array", key)
		}
		out := make([]Entry, 0, len(m.Items))
		for _, p := range m.Items {
			if p.Kind != jsjson.Array || len(p.Items) != 2 || p.Items[0].Kind != jsjson.String {
				return nil, fmt.Errorf("requestIdentity.%s holds something other than [key, value] pairs", key)
			}
			out = append(out, Entry{Key: p.Items[0].Str, Value: p.Items[1]})
		}
		return out, nil
	}
	if id.Params, err = pairs("params"); err != nil {
		return Identity{}, err
	}
	if id.Headers, err = pairs("headers"); err != nil {
		return Identity{}, err
	}
	if d, ok := v.Get("data"); ok && d.Kind != jsjson.Undefined {
		if d.Kind != jsjson.String {
			return Identity{}, fmt.Errorf("requestIdentity.data is %s, not a string", d.Kind)
		}
		id.Data, id.HasData = d.Str, true
	}
	return id, nil
}

// recorderIdentity is the identity the reference recorder (`nango dryrun --save-responses`)
// would have computed for the same request from the URL it sent: query values as strings, a
// query string in the endpoint moved into params, headers stripped of their "Nango-Proxy-"
// prefix, de-duplicated, filtered with the longer list and without
// "content-type: application/json". Files recorded by it are found through this identity
// when the replay identity misses (the reference's own replay would not find them).
func recorderIdentity(r Request) (Identity, error) {
	id, err := NewIdentity(r)
	if err != nil {
		return Identity{}, err
	}
	params := make([]Entry, 0, len(r.Params))
	for _, p := range r.Params {
		params = append(params, Entry{Key: p.Key, Value: jsjson.StringValue(jsString(p.Value))})
	}
	if path, query, ok := strings.Cut(id.Endpoint, "?"); ok {
		id.Endpoint = path
		for _, kv := range strings.Split(query, "&") {
			if kv == "" {
				continue
			}
			k, v, _ := strings.Cut(kv, "=")
			params = append(params, Entry{Key: queryUnescape(k), Value: jsjson.StringValue(queryUnescape(v))})
		}
	}
	id.Params = sortedEntries(params)
	seen := map[string]bool{}
	headers := make([]Entry, 0, len(r.Headers))
	for _, h := range r.Headers {
		key := h.Key
		if len(key) > 12 && strings.EqualFold(key[:12], "nango-proxy-") {
			key = key[12:]
		}
		lower := strings.ToLower(key)
		value := jsString(h.Value)
		if seen[lower] {
			continue
		}
		seen[lower] = true
		if recorderFilteredHeaders[lower] || (lower == "content-type" && (strings.EqualFold(value, "application/json") || value == "undefined")) {
			continue
		}
		headers = append(headers, Entry{Key: key, Value: jsjson.StringValue(value)})
	}
	id.Headers = sortedEntries(headers)
	return id, nil
}

// jsString is JavaScript's String(v) for JSON-like values.
func jsString(v jsjson.Value) string {
	switch v.Kind {
	case jsjson.Undefined:
		return "undefined"
	case jsjson.Null:
		return "null"
	case jsjson.Bool:
		if v.Bool {
			return "true"
		}
		return "false"
	case jsjson.Number:
		return jsjson.FormatNumber(v.Num)
	case jsjson.String:
		return v.Str
	case jsjson.Array:
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			if it.Kind != jsjson.Undefined && it.Kind != jsjson.Null {
				parts[i] = jsString(it)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

func queryUnescape(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if n, err := hex.DecodeString(s[i+1 : i+3]); err == nil {
				b.WriteByte(n[0])
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
