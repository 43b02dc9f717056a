package verdict

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/pkg/jsjson"
)

func parse(t testing.TB, s string) jsjson.Value {
	t.Helper()
	v, err := jsjson.ParseString(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func obj(kv ...any) jsjson.Value {
	v := jsjson.Value{Kind: jsjson.Object}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i].(string), kv[i+1].(jsjson.Value))
	}
	return v
}

var (
	undef = jsjson.UndefinedValue()
	null  = jsjson.NullValue()
	n     = jsjson.NumberValue
	s     = jsjson.StringValue
	arr   = jsjson.ArrayValue
)

// Expected results come from Jest's own matchers (npm expect@29.7.0, Node v20.20.2):
//
//	try { expect(a).toEqual(b) } catch { eq = false }; try { expect(a).toStrictEqual(b) } catch { strict = false }
//
// for each pair below (written in JavaScript in the comment).
func TestEqualityMatchesJest(t *testing.T) {
	cases := []struct {
		name          string
		a, b          jsjson.Value
		equal, strict bool
	}{
		{"{a:1,b:undefined} vs {a:1}", obj("a", n(1), "b", undef), obj("a", n(1)), true, false},
		{"{a:1} vs {a:1,b:undefined}", obj("a", n(1)), obj("a", n(1), "b", undef), true, false},
		{"key order", obj("a", n(1), "b", n(2)), obj("b", n(2), "a", n(1)), true, true},
		{"{a:null} vs {}", obj("a", null), obj(), false, false},
		{"[undefined] vs [null]", arr(undef), arr(null), false, false},
		{"[1,2] vs [1]", arr(n(1), n(2)), arr(n(1)), false, false},
		{"0 vs -0", n(0), n(math.Copysign(0, -1)), false, false},
		{"NaN vs NaN", n(math.NaN()), n(math.NaN()), true, true},
		{"Date vs ISO string", jsjson.DateValue(0), s("1970-01-01T00:00:00.000Z"), false, false},
		{"Date vs same Date", jsjson.DateValue(5), jsjson.DateValue(5), true, true},
		{"invalid Date vs invalid Date", jsjson.DateValue(math.NaN()), jsjson.DateValue(math.NaN()), false, false},
		{"[1] vs {0:1}", arr(n(1)), obj("0", n(1)), false, false},
		{"nested undefined", obj("a", obj("b", undef, "c", n(1))), obj("a", obj("c", n(1))), true, false},
		{"undefined vs null", undef, null, false, false},
		{"'1' vs 1", s("1"), n(1), false, false},
		{"{} vs []", obj(), arr(), false, false},
	}
	for _, tc := range cases {
		if got := Equal(ToEqual, tc.a, tc.b); got != tc.equal {
			t.Errorf("%s: toEqual = %v, Jest says %v", tc.name, got, tc.equal)
		}
		if got := Equal(StrictEqual, tc.a, tc.b); got != tc.strict {
			t.Errorf("%s: toStrictEqual = %v, Jest says %v", tc.name, got, tc.strict)
		}
	}
}

func TestDifferencePaths(t *testing.T) {
	exp := parse(t, `{"records":[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4","address":{"city":"Paris","zip":"75001"},"weird key":1}]}`)
	for _, tc := range []struct{ actual, want string }{
		{`{"records":[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4","address":{"city":"Lyon","zip":"75001"},"weird key":1}]}`,
			`output.records[3].address.city: expected "Paris", got "Lyon"`},
		{`{"records":[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4","address":{"city":"Paris"},"weird key":1}]}`,
			`output.records[3].address.zip: expected "75001", but the field is missing`},
		{`{"records":[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4","address":{"city":"Paris","zip":"75001","extra":true},"weird key":1}]}`,
			`output.records[3].address.extra: unexpected field with value true`},
		{`{"records":[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4","address":{"city":"Paris","zip":"75001"},"weird key":2}]}`,
			`output.records[3]["weird key"]: expected 1, got 2`},
		{`{"records":[{"id":"1"},{"id":"2"},{"id":"3"}]}`,
			`output.records: expected 4 items, got 3; first missing: [3] {"id":"4","address":{"city":"Paris","zip":"75001"},"weird key":1}`},
		{`{"records":[{"id":"1"},{"id":2},{"id":"3"},{"id":"4"}]}`,
			`output.records[1].id: expected "2", got 2`},
		{`{"records":{}}`, `output.records: expected [{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4","address":{"city":"Paris","zip":"750…, got {}`},
	} {
		v := JudgeAction(exp, parse(t, tc.actual))
		if v.Pass || len(v.Failures) != 1 {
			t.Fatalf("%s: verdict %+v", tc.actual, v)
		}
		if got := v.Failures[0].First.String(); got != tc.want {
			t.Errorf("diff\n got  %s\n want %s", got, tc.want)
		}
	}
	if v := JudgeAction(exp, undef); v.Pass || !strings.HasPrefix(v.Report(), "output: expected {") || !strings.Contains(v.Report(), "got undefined") {
		t.Errorf("undefined output: %s", v.Report())
	}
	if v := JudgeAction(exp, parse(t, `{"records":[{"id":"1"},{"id":"2"},{"id":"3"},{"weird key":1,"address":{"zip":"75001","city":"Paris"},"id":"4"}]}`)); !v.Pass {
		t.Errorf("key order must not matter: %s", v.Report())
	}
	// toEqual for actions: an undefined property the action returned is ignored.
	got := parse(t, `{"records":[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4","address":{"city":"Paris","zip":"75001"},"weird key":1}]}`)
	got.Set("debug", undef)
	if v := JudgeAction(exp, got); !v.Pass {
		t.Errorf("undefined property should be ignored: %s", v.Report())
	}
}

func TestJudgeSync(t *testing.T) {
	expected := []ModelExpectation{{
		Model:  "Contact",
		Save:   parse(t, `[{"id":"1","city":"Paris","createdAt":"2024-01-02T03:04:05.000Z"},{"id":"2","city":"Lyon"},{"id":"3","city":"Nice"}]`),
		Delete: parse(t, `[{"id":"9"}]`),
	}, {
		Model:  "Company",
		Save:   parse(t, `[]`),
		Delete: parse(t, `[]`),
	}}
	calls := func(saves ...string) *SyncCalls {
		c := NewSyncCalls()
		for _, s := range saves {
			if err := c.BatchSave("Contact", s); err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	// Two calls concatenated in call order; the Date went through JSON.stringify already.
	c := calls(`[{"id":"1","city":"Paris","createdAt":"2024-01-02T03:04:05.000Z"},{"id":"2","city":"Lyon"}]`, `[{"id":"3","city":"Nice"}]`)
	c.BatchDelete("Contact", `[{"id":"7"}]`)
	c.BatchDelete("Contact", `[{"id":"9"}]`)
	if v := JudgeSync(expected, c); !v.Pass {
		t.Errorf("should pass:\n%s", v.Report())
	}

	c = calls(`[{"id":"1","city":"Paris","createdAt":"2024-01-02T03:04:05.000Z"},{"id":"2","city":"Lyon"}]`, `[{"id":"3","city":"Nice"}]`)
	v := JudgeSync(expected, c)
	if v.Pass || !strings.Contains(v.Report(), "batchDelete Contact: never called; expected a call with 1 record") {
		t.Errorf("missing delete:\n%s", v.Report())
	}

	// Wrong order of calls.
	c = calls(`[{"id":"3","city":"Nice"}]`, `[{"id":"1","city":"Paris","createdAt":"2024-01-02T03:04:05.000Z"},{"id":"2","city":"Lyon"}]`)
	c.BatchDelete("Contact", `[{"id":"9"}]`)
	v = JudgeSync(expected, c)
	want := "batchSave Contact[0].id: expected \"1\", got \"3\"\n  3 of 3 records differ ([0], [1], [2]); the same records in a different order (order matters)"
	if v.Pass || v.Report() != want {
		t.Errorf("order:\n got  %s\n want %s", v.Report(), want)
	}

	// A changed field in a long list and a missing record.
	var exp, act []string
	for i := 0; i < 120; i++ {
		exp = append(exp, fmt.Sprintf(`{"id":"%d","address":{"city":"Paris"}}`, i))
		city := "Paris"
		if i == 3 || i == 50 {
			city = "Lyon"
		}
		if i < 118 {
			act = append(act, fmt.Sprintf(`{"id":"%d","address":{"city":"%s"}}`, i, city))
		}
	}
	long := []ModelExpectation{{Model: "records", Save: parse(t, "["+strings.Join(exp, ",")+"]")}}
	c = NewSyncCalls()
	c.BatchSave("records", "["+strings.Join(act, ",")+"]")
	v = JudgeSync(long, c)
	want = "batchSave records[3].address.city: expected \"Paris\", got \"Lyon\"\n  2 of 118 records differ ([3], [50]); expected 120 records, got 118"
	if v.Report() != want {
		t.Errorf("long list:\n got  %s\n want %s", v.Report(), want)
	}

	// Strict: a field recorded as null is not the same as a missing one; -0 recorded stays -0.
	strict := []ModelExpectation{{Model: "M", Save: parse(t, `[{"id":"1","x":null,"n":-0}]`)}}
	c = NewSyncCalls()
	c.BatchSave("M", `[{"id":"1","n":0}]`)
	if v := JudgeSync(strict, c); v.Pass || !strings.Contains(v.Report(), `M[0].x: expected null, but the field is missing`) {
		t.Errorf("strict:\n%s", v.Report())
	}
	c = NewSyncCalls()
	c.BatchSave("M", `[{"id":"1","x":null,"n":0}]`)
	if v := JudgeSync(strict, c); v.Pass || !strings.Contains(v.Report(), `M[0].n: expected -0, got 0`) {
		t.Errorf("-0:\n%s", v.Report())
	}
	// No call at all for a model with records expected.
	if v := JudgeSync(expected[:1], NewSyncCalls()); v.Pass || !strings.Contains(v.Report(), "Contact: expected 3 items, got 0") {
		t.Errorf("no calls:\n%s", v.Report())
	}
	if err := NewSyncCalls().BatchSave("M", `{"id":1}`); err == nil {
		t.Error("records that are not an array must be rejected")
	}
}

func TestLoadSyncExpectationsFromRecordings(t *testing.T) {
	l := mocks.IntegrationLayout("../../testdata/mocks/project", "acme-crm")
	exp, err := LoadSyncExpectations(l, "fetch-contacts", []string{"Contact"})
	if err != nil {
		t.Fatal(err)
	}
	c := NewSyncCalls()
	c.BatchSave("Contact", `[{"id":"1","name":"Ada","address":{"city":"Paris"}},{"id":"2","name":"Bob","address":{"city":"Lyon"}}]`)
	c.BatchSave("Contact", `[{"id":"3","name":"Cy","address":{"city":"Nice"}}]`)
	c.BatchDelete("Contact", `[{"id":"9"}]`)
	if v := JudgeSync(exp, c); !v.Pass {
		t.Errorf("recorded sync should pass:\n%s", v.Report())
	}
	_, err = LoadSyncExpectations(l, "fetch-contacts", []string{"Nope"})
	if !MissingRecording(err) {
		t.Errorf("missing batchSave.json: %v", err)
	}
}
