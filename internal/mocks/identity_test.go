package mocks

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nango-go/nango/pkg/jsjson"
)

func num(f float64) jsjson.Value           { return jsjson.NumberValue(f) }
func str(s string) jsjson.Value            { return jsjson.StringValue(s) }
func entry(k string, v jsjson.Value) Entry { return Entry{Key: k, Value: v} }

// bigBody is {items: [{id, name: "contact <i>", score: i/8} × 60]}: 2 431 characters of JSON.
func bigBody() string {
	items := make([]jsjson.Value, 60)
	for i := range items {
		items[i] = jsjson.ObjectValue(
			jsjson.Member{Key: "id", Value: num(float64(i))},
			jsjson.Member{Key: "name", Value: str(fmt.Sprintf("contact %d", i))},
			jsjson.Member{Key: "score", Value: num(float64(i) / 8)},
		)
	}
	return string(jsjson.MustStringify(jsjson.ObjectValue(jsjson.Member{Key: "items", Value: jsjson.ArrayValue(items...)})))
}

// The hashes in this table were computed independently of this package, with Node v20.20.2,
// by a script written from the rules of replay-mocks.md §2: build {method, endpoint, params,
// headers[, data]} with Object.entries + a code-unit sort, filter the eight headers, then
// crypto.createHash('sha1').update(JSON.stringify(identity)).digest('hex'). The script is
// kept in testdata/mocks/identity-hashes.js with its output.
var identityTable = []struct {
	name string
	req  Request
	json string // "" when not checked verbatim
	hash string
}{
	{
		name: "params_numbers",
		req: Request{Method: "GET", Endpoint: "/v1/contacts", Params: []Entry{
			entry("per_page", num(2)), entry("cursor", str("page2")), entry("ratio", num(0.5)), entry("big", num(1e21)),
			entry("tiny", num(1.5e-7)), entry("neg", num(math.Copysign(0, -1))), entry("flag", jsjson.BoolValue(true)),
			entry("none", jsjson.NullValue()), entry("ids", jsjson.ArrayValue(num(1), num(2))),
		}},
		json: `{"method":"get","endpoint":"v1/contacts","params":[["big",1e+21],["cursor","page2"],["flag",true],["ids",[1,2]],["neg",0],["none",null],["per_page",2],["ratio",0.5],["tiny",1.5e-7]],"headers":[]}`,
		hash: "33fa377416bf386da5f998ed6a1a2f2a3774765e",
	},
	{
		name: "default_method",
		req:  Request{Endpoint: "v1/me"},
		json: `{"method":"get","endpoint":"v1/me","params":[],"headers":[]}`,
		hash: "7e84eb7944df64957eee87e1f28d626ab808ad6f",
	},
	{
		name: "double_slash",
		req:  Request{Method: "Delete", Endpoint: "//v1/items/7"},
		json: `{"method":"delete","endpoint":"/v1/items/7","params":[],"headers":[]}`,
		hash: "1a9aeb8e0bc9305c7127bf4bf861712db2f4342d",
	},
	{
		name: "json_body_over_1000",
		req:  Request{Method: "post", Endpoint: "/v1/contacts/bulk", Body: JSONBody(bigBody())},
		json: `{"method":"post","endpoint":"v1/contacts/bulk","params":[],"headers":[],"data":"sha1:c0e11d28d06b031262d8a1c49926e72680fcfeae"}`,
		hash: "969ebbdaf946f5f477f2a4456650c5c36f18f542",
	},
	{
		name: "json_body_small",
		req:  Request{Method: "patch", Endpoint: "/v1/contacts/1", Body: JSONBody(`{"1":"one","2":"two","name":"Zoë <&>","nested":{"a":[1,"x"]}}`)},
		json: `{"method":"patch","endpoint":"v1/contacts/1","params":[],"headers":[],"data":"{\"1\":\"one\",\"2\":\"two\",\"name\":\"Zoë <&>\",\"nested\":{\"a\":[1,\"x\"]}}"}`,
		hash: "b07a752ed3e3c76c53a32d652912d7583b397f67",
	},
	{
		name: "string_body",
		req:  Request{Method: "POST", Endpoint: "/oauth/form", Body: StringBody("name=a&b=c")},
		json: `{"method":"post","endpoint":"oauth/form","params":[],"headers":[],"data":"name=a&b=c"}`,
		hash: "afe01465427cb938129412bf62db0718a39cd292",
	},
	{
		// 600 UTF-16 units but 1200 bytes: not hashed (JavaScript counts code units).
		name: "string_body_600_e_acute",
		req:  Request{Method: "POST", Endpoint: "/t", Body: StringBody(strings.Repeat("é", 600))},
		hash: "257aa2e214856f8b1bf9cce5b2ef80e944e8cca7",
	},
	{
		// 501 emoji are 1002 UTF-16 units: hashed, and the SHA-1 is of the UTF-8 bytes.
		name: "string_body_501_emoji",
		req:  Request{Method: "POST", Endpoint: "/t", Body: StringBody(strings.Repeat("😀", 501))},
		json: `{"method":"post","endpoint":"t","params":[],"headers":[],"data":"sha1:b38137ce0095ac19e090a86c3de6c53a5196ff4e"}`,
		hash: "8f21d2d02d0410f99741d2eeca93b2fa49ca5edf",
	},
	{
		name: "binary_body",
		req:  Request{Method: "PUT", Endpoint: "/upload", Body: BinaryBody([]byte{0, 1, 2, 250, 251, 252, 253, 254, 255})},
		json: `{"method":"put","endpoint":"upload","params":[],"headers":[],"data":"AAEC+vv8/f7/"}`,
		hash: "ac9c47598a4ce8529215b00aef4512e87fd8b25d",
	},
	{
		// An empty Buffer is truthy: data is present and empty.
		name: "empty_buffer",
		req:  Request{Method: "PUT", Endpoint: "/upload", Body: BinaryBody(nil)},
		json: `{"method":"put","endpoint":"upload","params":[],"headers":[],"data":""}`,
		hash: "62098466c8dd5bd3462f859f51d67087eec5cb32",
	},
	{
		name: "falsy_body",
		req:  Request{Method: "POST", Endpoint: "/x", Body: JSONBody("0")},
		json: `{"method":"post","endpoint":"x","params":[],"headers":[]}`,
		hash: "e719037ea5d43077d41cb36cc5dc7fce3122dbde",
	},
	{
		name: "filtered_headers",
		req: Request{Method: "GET", Endpoint: "/v1/contacts", Headers: StringEntries(
			"Authorization", "Bearer sk", "User-Agent", "ua", "X-Api-Version", "2", "accept", "application/json",
			"Retries", "3", "Connection-Id", "c", "Content-Type", "application/json", "Host", "h",
			"Nango-Proxy-User-Agent", "u", "Accept-Encoding", "gzip", "Provider-Config-Key", "p", "nango-is-sync", "true")},
		json: `{"method":"get","endpoint":"v1/contacts","params":[],"headers":[["Content-Type","application/json"],["X-Api-Version","2"],["accept","application/json"],["nango-is-sync","true"]]}`,
		hash: "504831ab5e7effe3b0f98a3d68ef16b1d7137152",
	},
}

func TestIdentityHashMatchesIndependentComputation(t *testing.T) {
	for _, tc := range identityTable {
		t.Run(tc.name, func(t *testing.T) {
			id, err := NewIdentity(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if tc.json != "" && string(id.JSON()) != tc.json {
				t.Errorf("identity JSON\n got  %s\n want %s", id.JSON(), tc.json)
			}
			if string(jsjson.MustStringify(id.Value())) != string(id.JSON()) {
				t.Errorf("JSON() and Value() disagree:\n %s\n %s", id.JSON(), jsjson.MustStringify(id.Value()))
			}
			if got := id.Hash(); got != tc.hash {
				t.Errorf("hash = %s, want %s (identity %s)", got, tc.hash, id.JSON())
			}
		})
	}
}

func TestFalsyBodiesHaveNoData(t *testing.T) {
	for _, b := range []Body{NoBody(), StringBody(""), JSONBody("null"), JSONBody("false"), JSONBody("0"), JSONBody("-0"), JSONBody(`""`)} {
		id := MustIdentity(Request{Method: "post", Endpoint: "x", Body: b})
		if id.HasData {
			t.Errorf("body %+v gave data %q", b, id.Data)
		}
	}
	// A JSON string body is the string itself, not its quoted form.
	if id := MustIdentity(Request{Method: "post", Endpoint: "x", Body: JSONBody(`"a=b"`)}); id.Data != "a=b" {
		t.Errorf("JSON string body data = %q", id.Data)
	}
	if _, err := NewIdentity(Request{Endpoint: "x", Body: JSONBody("{oops")}); err == nil {
		t.Error("invalid JSON body should be an error")
	}
}

func TestIdentityRoundTripsThroughFile(t *testing.T) {
	for _, tc := range identityTable {
		id := MustIdentity(tc.req)
		back, err := IdentityFromValue(id.Value())
		if err != nil {
			t.Fatal(err)
		}
		if back.Hash() != id.Hash() {
			t.Errorf("%s: identity read back hashes to %s, want %s", tc.name, back.Hash(), id.Hash())
		}
	}
}

func TestRecorderIdentity(t *testing.T) {
	// What the reference recorder computed from the wire for {params: {per_page: 2}} with a
	// user header: query values are strings, the Nango-Proxy- prefix is gone, the JSON
	// content type and wire-only headers are filtered.
	req := Request{Method: "GET", Endpoint: "/v1/contacts?sort=name", Params: []Entry{entry("per_page", num(2))},
		Headers: StringEntries("X-Api-Version", "2", "Content-Type", "application/json", "Accept", "application/json")}
	id, err := recorderIdentity(req)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"method":"get","endpoint":"v1/contacts","params":[["per_page","2"],["sort","name"]],"headers":[["X-Api-Version","2"]]}`
	if string(id.JSON()) != want {
		t.Errorf("got  %s\nwant %s", id.JSON(), want)
	}
}

func FuzzIdentity(f *testing.F) {
	f.Add("GET", "/v1/contacts", "per_page", `2`, "X-Api-Version", `{"a":[1,"x"]}`)
	f.Add("post", "//x/y", "cursor", `"\ud800"`, "authorization", `"text body"`)
	f.Fuzz(func(t *testing.T, method, endpoint, param, paramJSON, header, bodyJSON string) {
		pv, err := jsjson.ParseString(paramJSON)
		if err != nil {
			return
		}
		req := Request{Method: method, Endpoint: endpoint, Params: []Entry{{Key: param, Value: pv}},
			Headers: StringEntries(header, "v"), Body: JSONBody(bodyJSON)}
		id, err := NewIdentity(req)
		if err != nil {
			return // invalid JSON body
		}
		text := id.JSON()
		if string(text) != string(jsjson.MustStringify(id.Value())) {
			t.Fatalf("JSON() %s != Value() %s", text, jsjson.MustStringify(id.Value()))
		}
		v, err := jsjson.Parse(text)
		if err != nil {
			t.Fatalf("identity text is not JSON: %s: %v", text, err)
		}
		back, err := IdentityFromValue(v)
		if err != nil || back.Hash() != id.Hash() {
			t.Fatalf("identity does not survive its own file: %v", err)
		}
		if id.HasData && jsjson.UTF16Len(id.Data) > dataHashThreshold {
			t.Fatalf("data longer than %d kept: %d", dataHashThreshold, jsjson.UTF16Len(id.Data))
		}
	})
}
