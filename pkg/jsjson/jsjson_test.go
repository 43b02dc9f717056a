package jsjson

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"sort"
	"testing"
)

// The expected texts below were produced once with Node v20.20.2:
//
//	for (const n of nums) console.log(JSON.stringify([n.toString(), Buffer.from(new Float64Array([n]).buffer).toString('hex')]))
//
// The hex is the little-endian IEEE-754 encoding of the number, so the table does not depend
// on Go's own float parsing.
var jsNumbers = []struct{ hex, want string }{
	{"0000000000000000", "0"},
	{"0000000000000080", "0"}, // -0
	{"000000000000f03f", "1"},
	{"000000000000f0bf", "-1"},
	{"9a9999999999b93f", "0.1"},
	{"343333333333d33f", "0.30000000000000004"},
	{"555555555555d53f", "0.3333333333333333"},
	{"555555555555d5bf", "-0.3333333333333333"},
	{"dabc047e3ac51a44", "123456789012345680000"},
	{"50efe2d6e41a4b44", "1e+21"},
	{"48afbc9af2d77a3e", "1e-7"},
	{"8dedb5a0f7c6b03e", "0.000001"},
	{"76830df4f521843e", "1.5e-7"},
	{"8e8b14c282b0363c", "1.23e-18"},
	{"0000000000004043", "9007199254740992"},
	{"000000000000f043", "18446744073709552000"},
	{"0100000000000000", "5e-324"},
	{"ffffffffffffef7f", "1.7976931348623157e+308"},
	{"408cb5781daf1544", "100000000000000000000"},
	{"a1f831e6d61cc840", "12345.6789"},
	{"96cd4259fdb3b4be", "-0.000001234"},
	{"0000000000005940", "100"},
	{"7dc39425ad49b254", "1e+100"},
	{"6666666666661140", "4.35"},
	{"81e97df41022b143", "1234567890123456800"},
	{"0000000000e0ef3f", "0.99609375"},
	{"ffffffffffff3f43", "9007199254740991"},
	{"ffffffffffff3fc3", "-9007199254740991"},
	{"010000000000f03f", "1.0000000000000002"},
}

func TestFormatNumberMatchesJavaScript(t *testing.T) {
	for _, tc := range jsNumbers {
		b, err := hex.DecodeString(tc.hex)
		if err != nil {
			t.Fatal(err)
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64(b))
		if got := FormatNumber(f); got != tc.want {
			t.Errorf("FormatNumber(%v) = %q, JavaScript gives %q", f, got, tc.want)
		}
	}
	for f, want := range map[float64]string{math.NaN(): "NaN", math.Inf(1): "Infinity", math.Inf(-1): "-Infinity"} {
		if got := FormatNumber(f); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", f, got, want)
		}
		if got := string(MustStringify(NumberValue(f))); got != "null" {
			t.Errorf("JSON of %v = %q, want null", f, got)
		}
	}
}

// Node: JSON.stringify("a\"b\\c\b\f\n\r\t\u0001\u001f\u007f<>&\u2028\u2029é😀\ud800x\udc00")
func TestQuoteMatchesJavaScript(t *testing.T) {
	in := "a\"b\\c\b\f\n\r\t\u0001\u001f\u007f<>&\u2028\u2029é😀" + "\xed\xa0\x80" + "x" + "\xed\xb0\x80"
	want := `"a\"b\\c\b\f\n\r\t\u0001\u001f` + "\u007f<>&\u2028\u2029é😀" + `\ud800x\udc00"`
	if got := string(AppendQuoted(nil, in)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// A lone surrogate escaped in the input survives parse + stringify.
	v, err := ParseString(`"\ud800x\udc00\ud83d\ude00"`)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(MustStringify(v)); got != `"\ud800x\udc00😀"` {
		t.Errorf("round trip of surrogates = %s", got)
	}
	if n := UTF16Len(v.Str); n != 5 {
		t.Errorf("UTF16Len = %d, want 5", n)
	}
}

// Node: JSON.stringify(JSON.parse(`{"b":1,"2":2,"a":3,"1":4,"01":5,"4294967295":6,"4294967294":7,"b":8,"-1":9}`))
func TestObjectOrderMatchesJavaScript(t *testing.T) {
	v, err := ParseString(`{"b":1,"2":2,"a":3,"1":4,"01":5,"4294967295":6,"4294967294":7,"b":8,"-1":9}`)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"1":4,"2":2,"4294967294":7,"b":8,"a":3,"01":5,"4294967295":6,"-1":9}`
	if got := string(MustStringify(v)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// Built with Set in the same insertion order: same result.
	var o = Value{Kind: Object}
	for _, k := range []string{"b", "2", "a", "1", "01", "4294967295", "4294967294", "-1"} {
		o.Set(k, NumberValue(1))
	}
	if got, want := keys(o), []string{"1", "2", "4294967294", "b", "a", "01", "4294967295", "-1"}; !equalStrings(got, want) {
		t.Errorf("Set order = %v, want %v", got, want)
	}
	// Members assembled out of order are still written in JavaScript order.
	raw := Value{Kind: Object, Members: []Member{{"x", NumberValue(1)}, {"3", NumberValue(2)}, {"0", NumberValue(3)}}}
	if got := string(MustStringify(raw)); got != `{"0":3,"3":2,"x":1}` {
		t.Errorf("got %s", got)
	}
}

// Node: JSON.stringify(JSON.parse(`{"a":[1,{"c":null,"b":true}],"e":{},"f":[]}`), null, 2)
func TestIndentMatchesJavaScript(t *testing.T) {
	v, err := ParseString(`{"a":[1,{"c":null,"b":true}],"e":{},"f":[],"u":1}`)
	if err != nil {
		t.Fatal(err)
	}
	v.Set("u", UndefinedValue())
	want := "{\n  \"a\": [\n    1,\n    {\n      \"c\": null,\n      \"b\": true\n    }\n  ],\n  \"e\": {},\n  \"f\": []\n}"
	if got := string(Indent(v, "  ")); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// Node: JSON.stringify(new Date(0)), new Date(-62198755200000), new Date(253402300800000), new Date(1700000000123)
func TestDates(t *testing.T) {
	for ms, want := range map[float64]string{
		0:               `"1970-01-01T00:00:00.000Z"`,
		-62198755200000: `"-000001-01-01T00:00:00.000Z"`,
		253402300800000: `"+010000-01-01T00:00:00.000Z"`,
		1700000000123:   `"2023-11-14T22:13:20.123Z"`,
		math.NaN():      `null`,
	} {
		if got := string(MustStringify(DateValue(ms))); got != want {
			t.Errorf("date %v = %s, want %s", ms, got, want)
		}
	}
}

func TestUndefinedHandling(t *testing.T) {
	v := ObjectValue(Member{"a", UndefinedValue()}, Member{"b", ArrayValue(UndefinedValue(), NumberValue(math.Copysign(0, -1)))})
	if got := string(MustStringify(v)); got != `{"b":[null,0]}` {
		t.Errorf("got %s", got)
	}
	if _, ok := Stringify(UndefinedValue()); ok {
		t.Error("Stringify(undefined) should report no text")
	}
}

// Node sorts with UTF-16 code units: ["\uE000","😀","a","\uFFFF","\uD83D"].sort() gives
// ["a","\ud83d","😀","\ue000","\uffff"].
func TestCompareUTF16(t *testing.T) {
	in := []string{"\uE000", "😀", "a", "\uFFFF", "\xed\xa0\xbd"}
	sort.Slice(in, func(i, j int) bool { return CompareUTF16(in[i], in[j]) < 0 })
	want := []string{"a", "\xed\xa0\xbd", "😀", "\uE000", "\uFFFF"}
	if !equalStrings(in, want) {
		t.Errorf("sorted = %q, want %q", in, want)
	}
	if CompareUTF16("ab", "abc") >= 0 || CompareUTF16("b", "abc") <= 0 || CompareUTF16("x", "x") != 0 {
		t.Error("prefix ordering broken")
	}
}

func TestParseRejectsWhatJSONParseRejects(t *testing.T) {
	for _, bad := range []string{``, `{`, `[1,]`, `{"a":1,}`, `01`, `1.`, `.5`, `+1`, `"\x"`, "\"a\tb\"", `{a:1}`, `'a'`, `[1] x`, `NaN`, `tru`, `"\u12"`, "\xef\xbb\xbf{}"} {
		if _, err := ParseString(bad); err == nil {
			t.Errorf("Parse(%q) succeeded, JSON.parse rejects it", bad)
		}
	}
	v, err := ParseString(" [1e400, -1e400, -0, 1E2, 0.5e-1, \"\\/\"] ")
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(v.Items[0].Num, 1) || !math.IsInf(v.Items[1].Num, -1) || !math.Signbit(v.Items[2].Num) || v.Items[3].Num != 100 || v.Items[5].Str != "/" {
		t.Errorf("parsed %+v", v.Items)
	}
	_, err = ParseString("{\n  \"a\": [1,\n   2 3]}")
	se, ok := err.(*SyntaxError)
	if !ok || se.Line != 3 || se.Column != 6 {
		t.Errorf("error position = %v", err)
	}
}

func TestGetPath(t *testing.T) {
	v, _ := ParseString(`{"a":{"b":[{"c":1},{"c":2}]},"x.y":3,"paging":{"next":{"after":"z"}}}`)
	for path, want := range map[string]string{
		"a.b[1].c":          "2",
		"a.b.0.c":           "1",
		"x.y":               "3",
		"paging.next.after": `"z"`,
		"a.b.length":        "2",
		`a["b"][0]`:         `{"c":1}`,
		"":                  `{"a":{"b":[{"c":1},{"c":2}]},"x.y":3,"paging":{"next":{"after":"z"}}}`,
	} {
		if got := string(MustStringify(GetPath(v, path))); got != want {
			t.Errorf("GetPath(%q) = %s, want %s", path, got, want)
		}
	}
	if GetPath(v, "a.nope.c").Kind != Undefined || GetPath(v, "a.b[5]").Kind != Undefined {
		t.Error("missing path should be undefined")
	}
}

func keys(v Value) []string {
	var ks []string
	for _, m := range v.Members {
		ks = append(ks, m.Key)
	}
	return ks
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `"\ud800"`, `[1e308,-0,0.1]`, `{"1":1,"a":2,"0":3}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		if err != nil {
			return
		}
		// What we write, we read back to the same text.
		text := MustStringify(v)
		v2, err := Parse(text)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", text, err)
		}
		if text2 := MustStringify(v2); string(text2) != string(text) {
			t.Fatalf("not stable: %s vs %s", text, text2)
		}
	})
}
