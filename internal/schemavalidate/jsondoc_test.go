package schemavalidate

import (
	"errors"
	"strings"
	"testing"
)

func TestForEachElement(t *testing.T) {
	var got []string
	err := ForEachElement([]byte(` [ {"a":1} , "x\n" ,[2], null ] `), func(i int, v Value) error {
		got = append(got, v.Kind().String()+"="+string(v.Raw()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != `object={"a":1}|string="x\n"|array=[2]|null=null` {
		t.Errorf("got %q", got)
	}
	for _, bad := range []string{``, `{}`, `[1,]`, `[1 2]`, `[1`, `[1] x`, `[] x`} {
		if err := ForEachElement([]byte(bad), func(int, Value) error { return nil }); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	stop := errors.New("stop")
	if err := ForEachElement([]byte(`[1,2]`), func(int, Value) error { return stop }); err != stop {
		t.Errorf("callback error not returned: %v", err)
	}
}

func TestValueAccessors(t *testing.T) {
	var d Doc
	src := `{"id":"a\u0062","n":-1.5e2,"id2":"plain","_m":{"x":[1]},"k\"q":true}`
	if err := d.Parse([]byte(src)); err != nil {
		t.Fatal(err)
	}
	root := d.Root()
	id, ok := root.Field("id")
	if !ok || id.Str() != "ab" {
		t.Fatalf("id %v %q", ok, id.Str())
	}
	if _, plain := id.StrBytes(); plain {
		t.Error("escaped string reported plain")
	}
	if b, plain := mustField(t, root, "id2").StrBytes(); !plain || string(b) != "plain" {
		t.Error("plain string")
	}
	if mustField(t, root, "n").Float() != -150 {
		t.Error("number")
	}
	if mustField(t, root, `k"q`).Kind() != KindTrue {
		t.Error("escaped key lookup")
	}
	if _, ok := root.Field("missing"); ok {
		t.Error("missing field found")
	}
	if got := string(root.WithoutField("_m")); got != `{"id":"a\u0062","n":-1.5e2,"id2":"plain","k\"q":true}` {
		t.Errorf("WithoutField: %s", got)
	}
	if got := string(root.WithoutField("id")); got != `{"n":-1.5e2,"id2":"plain","_m":{"x":[1]},"k\"q":true}` {
		t.Errorf("WithoutField first: %s", got)
	}
	if string(d.Raw()) != src || d.Kind() != KindObject {
		t.Error("raw")
	}
	var syn *SyntaxError
	if err := d.Parse([]byte(`{"a":tru}`)); !errors.As(err, &syn) || syn.Offset != 5 {
		t.Errorf("syntax error: %v", err)
	}
	deep := strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2)
	if err := d.Parse([]byte(deep)); err == nil || !strings.Contains(err.Error(), "nesting") {
		t.Errorf("deep nesting: %v", err)
	}
}

func mustField(t *testing.T, v Value, name string) Value {
	t.Helper()
	f, ok := v.Field(name)
	if !ok {
		t.Fatalf("no field %q", name)
	}
	return f
}

func TestReportText(t *testing.T) {
	r := Report{Model: "M", Data: []byte(`{"a":[]}`), Problems: []string{"model_not_found_M"}, Errors: []Error{{
		InstancePath: "/a~1b/0", SchemaPath: "#/definitions/Other/properties/a~1b/items/type", Keyword: "type", Message: "must be string",
	}}}
	want := "model: M\ndata: {\n  \"a\": []\n}\n\n- model_not_found_M\na/b > 0\n   error   must be string  [type]\n   Other > properties > a/b > items > type\n\n"
	if got := r.Text(); got != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
	if r.Summary() != "model_not_found_M (and 1 more)" {
		t.Errorf("summary %q", r.Summary())
	}
	if (Report{}).Summary() != "valid" || !strings.Contains((Report{}).Text(), "data: undefined") {
		t.Error("empty report")
	}
}
