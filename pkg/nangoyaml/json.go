package nangoyaml

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A tiny ordered JSON model: JSON.stringify keeps insertion order, Go maps do not.
// Values are string, float64, bool, nil, *jsonObject or jsonArray.

type jsonObject struct {
	keys []string
	vals []any
}

func (o *jsonObject) add(k string, v any) {
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
}

type jsonArray []any

// encodeJSON prints v like JSON.stringify(v, null, indent) ("" = compact).
func encodeJSON(v any, indent string) []byte {
	var b strings.Builder
	writeJSON(&b, v, indent, "")
	return []byte(b.String())
}

func writeJSON(b *strings.Builder, v any, indent, cur string) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		writeJSONString(b, x)
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(FormatNumber(x))
		}
	case int:
		b.WriteString(strconv.Itoa(x))
	case []string:
		arr := make(jsonArray, len(x))
		for i, s := range x {
			arr[i] = s
		}
		writeJSON(b, arr, indent, cur)
	case jsonArray:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		inner := cur + indent
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if indent != "" {
				b.WriteByte('\n')
				b.WriteString(inner)
			}
			writeJSON(b, e, indent, inner)
		}
		if indent != "" {
			b.WriteByte('\n')
			b.WriteString(cur)
		}
		b.WriteByte(']')
	case *jsonObject:
		if len(x.keys) == 0 {
			b.WriteString("{}")
			return
		}
		inner := cur + indent
		b.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			if indent != "" {
				b.WriteByte('\n')
				b.WriteString(inner)
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			if indent != "" {
				b.WriteByte(' ')
			}
			writeJSON(b, x.vals[i], indent, inner)
		}
		if indent != "" {
			b.WriteByte('\n')
			b.WriteString(cur)
		}
		b.WriteByte('}')
	default:
		panic("nangoyaml: unsupported JSON value")
	}
}

// writeJSONString quotes like JSON.stringify: only ", \ and control characters are escaped
// (no HTML escaping, U+2028/U+2029 kept). Invalid UTF-8 bytes become U+FFFD, as they would
// when the file is decoded into a JS string.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&0xf])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// FormatNumber prints a float64 the way JavaScript's Number#toString does (shortest
// round-trip digits; exponent form below 1e-6 and from 1e21 on; -0 prints as "0").
func FormatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	sign := ""
	if f < 0 {
		sign = "-"
		f = -f
	}
	// shortest digits and exponent: d.ddde±x
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, expS, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expS)
	k := len(digits)
	n := exp + 1 // position of the decimal point relative to the digits
	var out string
	switch {
	case k <= n && n <= 21:
		out = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		out = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		out = "0." + strings.Repeat("0", -n) + digits
	default:
		es := "+"
		if n-1 < 0 {
			es = "-"
		}
		ev := n - 1
		if ev < 0 {
			ev = -ev
		}
		if k == 1 {
			out = digits + "e" + es + strconv.Itoa(ev)
		} else {
			out = digits[:1] + "." + digits[1:] + "e" + es + strconv.Itoa(ev)
		}
	}
	return sign + out
}

func strList(ss []string) jsonArray {
	arr := make(jsonArray, len(ss))
	for i, s := range ss {
		arr[i] = s
	}
	return arr
}

func (v Version) jsonValue() any {
	if v.IsNumber {
		return v.Number
	}
	return v.Text
}

func optString(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func (e Endpoint) jsonValue() *jsonObject {
	o := &jsonObject{}
	o.add("method", e.Method)
	o.add("path", e.Path)
	if e.Group != "" {
		o.add("group", e.Group)
	}
	return o
}

func (p *Parsed) integrationsValue() jsonArray {
	arr := make(jsonArray, 0, len(p.Integrations))
	for _, in := range p.Integrations {
		arr = append(arr, in.jsonValue())
	}
	return arr
}

func (in *Integration) jsonValue() *jsonObject {
	o := &jsonObject{}
	o.add("providerConfigKey", in.ProviderConfigKey)
	syncs := make(jsonArray, 0, len(in.Syncs))
	for _, s := range in.Syncs {
		syncs = append(syncs, s.jsonValue())
	}
	o.add("syncs", syncs)
	actions := make(jsonArray, 0, len(in.Actions))
	for _, a := range in.Actions {
		actions = append(actions, a.jsonValue())
	}
	o.add("actions", actions)
	ev := &jsonObject{}
	ev.add(EventPostConnectionCreation, strList(in.OnEventScripts.PostConnectionCreation))
	ev.add(EventPreConnectionDeletion, strList(in.OnEventScripts.PreConnectionDeletion))
	o.add("onEventScripts", ev)
	if len(in.PostConnectionScripts) > 0 {
		o.add("postConnectionScripts", strList(in.PostConnectionScripts))
	}
	return o
}

func (s *Sync) jsonValue() *jsonObject {
	o := &jsonObject{}
	if s.v1 {
		o.add("type", "sync")
		o.add("name", s.Name)
		o.add("description", s.Description)
		o.add("runs", s.Runs)
		o.add("track_deletes", s.TrackDeletes)
		o.add("endpoints", jsonArray{})
		o.add("input", nil)
		o.add("output", strList(s.Output))
		o.add("scopes", jsonArray{})
		o.add("auto_start", s.AutoStart)
		o.add("usedModels", strList(s.UsedModels))
		o.add("sync_type", s.SyncType)
		o.add("webhookSubscriptions", jsonArray{})
		o.add("version", s.Version.jsonValue())
		return o
	}
	o.add("name", s.Name)
	o.add("type", "sync")
	o.add("description", s.Description)
	o.add("sync_type", s.SyncType)
	o.add("usedModels", strList(s.UsedModels))
	o.add("runs", s.Runs)
	o.add("version", s.Version.jsonValue())
	o.add("track_deletes", s.TrackDeletes)
	o.add("auto_start", s.AutoStart)
	o.add("input", optString(s.Input))
	o.add("output", strList(s.Output))
	o.add("scopes", strList(s.Scopes))
	eps := make(jsonArray, 0, len(s.Endpoints))
	for _, e := range s.Endpoints {
		eps = append(eps, e.jsonValue())
	}
	o.add("endpoints", eps)
	o.add("webhookSubscriptions", strList(s.WebhookSubscriptions))
	return o
}

func (a *Action) jsonValue() *jsonObject {
	o := &jsonObject{}
	var output any
	if a.Output != nil {
		output = strList(a.Output)
	}
	if a.v1 {
		o.add("type", "action")
		o.add("name", a.Name)
		o.add("description", a.Description)
		o.add("endpoint", nil)
		o.add("input", nil)
		o.add("output", output)
		o.add("scopes", jsonArray{})
		o.add("usedModels", strList(a.UsedModels))
		o.add("version", a.Version.jsonValue())
		return o
	}
	o.add("name", a.Name)
	o.add("type", "action")
	o.add("description", a.Description)
	o.add("version", a.Version.jsonValue())
	o.add("scopes", strList(a.Scopes))
	o.add("input", optString(a.Input))
	o.add("output", output)
	o.add("usedModels", strList(a.UsedModels))
	if a.Endpoint != nil {
		o.add("endpoint", a.Endpoint.jsonValue())
	} else {
		o.add("endpoint", nil)
	}
	return o
}

func (m *Model) jsonValue() *jsonObject {
	o := &jsonObject{}
	o.add("name", m.Name)
	o.add("fields", fieldsValue(m.Fields))
	if m.IsAnon {
		o.add("isAnon", true)
	}
	return o
}

func fieldsValue(fs []*Field) jsonArray {
	arr := make(jsonArray, 0, len(fs))
	for _, f := range fs {
		arr = append(arr, f.jsonValue())
	}
	return arr
}

func (f *Field) jsonValue() *jsonObject {
	o := &jsonObject{}
	o.add("name", f.Name)
	if fs, ok := f.Value.([]*Field); ok {
		o.add("value", fieldsValue(fs))
	} else {
		o.add("value", f.Value)
	}
	switch f.Kind {
	case FieldTSType:
		o.add("tsType", true)
		o.add("array", f.Array)
		o.add("optional", f.Optional)
	case FieldYAMLLiteral:
		o.add("tsType", true)
		if f.Optional {
			o.add("optional", true)
		}
	case FieldModel:
		o.add("model", true)
		o.add("optional", f.Optional)
		o.add("array", f.Array)
	case FieldStringLiteral:
		o.add("array", f.Array)
		o.add("optional", f.Optional)
	case FieldUnion:
		o.add("union", true)
		o.add("optional", f.Optional)
	case FieldList:
		o.add("array", true)
		o.add("optional", f.Optional)
	case FieldObject:
		o.add("optional", f.Optional)
	}
	if f.Dynamic {
		o.add("dynamic", true)
	}
	return o
}
