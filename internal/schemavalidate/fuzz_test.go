package schemavalidate

import (
	"encoding/json"
	"testing"
)

// FuzzParse checks that the Doc parser accepts exactly the texts encoding/json accepts
// and that validation never panics on what it accepts, with the nango.yaml-style bench
// schema and with every model of the zod fixture (limits, patterns, tuples, oneOf).
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		validKinds, `{"kind":"a","a":"x"}`, `["x",1,true]`, `"😀😀"`, `9007199254740992`, `{"id":"r","children":[{"id":1,"children":[]}]}`, `[]`, `{}`, `null`, `-0.5e+3`, `"a\u00e9\n"`, `{"a":[1,{"b":null}]}`, `[1,]`, `{"a" 1}`, `01`, `"\x01"`,
	} {
		f.Add([]byte(seed))
	}
	s, err := Parse([]byte(benchSchema))
	if err != nil {
		f.Fatal(err)
	}
	v, err := s.Validator("Ten")
	if err != nil {
		f.Fatal(err)
	}
	zod := loadFixture(f, "zod.schema.json")
	var zodValidators []*Validator
	for _, m := range zod.Models() {
		zv, err := zod.Validator(m)
		if err != nil {
			f.Fatal(err)
		}
		zodValidators = append(zodValidators, zv)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d Doc
		err := d.Parse(data)
		if (err == nil) != json.Valid(data) {
			t.Fatalf("Parse(%q) error %v, json.Valid %v", data, err, json.Valid(data))
		}
		if err != nil {
			return
		}
		res, err := v.Validate(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Errors {
			_ = e.String()
		}
		for _, zv := range zodValidators {
			zr, err := zv.Validate(data)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range zr.Errors {
				_ = e.String()
			}
		}
		if d.Kind() == KindArray {
			n := 0
			if err := ForEachElement(data, func(i int, el Value) error { n++; return nil }); err != nil {
				t.Fatalf("ForEachElement(%q): %v", data, err)
			}
		}
	})
}
