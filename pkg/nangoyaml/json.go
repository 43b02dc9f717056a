package nangoyaml

import "github.com/nango-go/nango/pkg/jsjson"

// A tiny ordered JSON model that the builders below fill in: JSON.stringify keeps insertion
// order, Go maps do not. Values are string, float64, int, bool, nil, []string, *jsonObject
// or jsonArray; encodeJSON hands them to jsjson, which writes text as JSON.stringify does.

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
	if indent == "" {
		return jsjson.AppendJSON(nil, jsValue(v))
	}
	return jsjson.Indent(jsValue(v), indent)
}

// jsValue converts the model to a jsjson.Value. Keys are never integer-like here, so
// jsjson's JavaScript property order is the insertion order.
func jsValue(v any) jsjson.Value {
	switch x := v.(type) {
	case nil:
		return jsjson.NullValue()
	case string:
		return jsjson.StringValue(x)
	case bool:
		return jsjson.BoolValue(x)
	case float64:
		return jsjson.NumberValue(x)
	case int:
		return jsjson.NumberValue(float64(x))
	case []string:
		items := make([]jsjson.Value, len(x))
		for i, s := range x {
			items[i] = jsjson.StringValue(s)
		}
		return jsjson.ArrayValue(items...)
	case jsonArray:
		items := make([]jsjson.Value, len(x))
		for i, e := range x {
			items[i] = jsValue(e)
		}
		return jsjson.ArrayValue(items...)
	case *jsonObject:
		members := make([]jsjson.Member, len(x.keys))
		for i, k := range x.keys {
			members[i] = jsjson.Member{Key: k, Value: jsValue(x.vals[i])}
		}
		return jsjson.Value{Kind: jsjson.Object, Members: members}
	}
	panic("nangoyaml: unsupported JSON value")
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
