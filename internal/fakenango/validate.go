package fakenango

import (
	"fmt"
	"regexp"
	"strings"
)

// issue is one zod issue as the server reports it: {code, message, path}.
type issue struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Path    []any  `json:"path"`
}

// validator collects zod-style issues while walking a decoded JSON value. The rules are
// those of the reference server's deploy schema; testdata/deploy/payload.*.json are bodies it accepts.
type validator struct {
	issues []issue
}

func (v *validator) add(path []any, code, msg string) {
	v.issues = append(v.issues, issue{Code: code, Message: msg, Path: append([]any{}, path...)})
}

func at(path []any, k any) []any { return append(append([]any{}, path...), k) }

func typeName(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

func (v *validator) typeErr(path []any, want string, got any, present bool) {
	if !present {
		v.add(path, "invalid_type", "Required")
		return
	}
	v.add(path, "invalid_type", fmt.Sprintf("Expected %s, received %s", want, typeName(got)))
}

// object checks that x is an object with no keys outside allowed (strict) and returns it.
func (v *validator) object(path []any, x any, present bool, allowed ...string) map[string]any {
	m, ok := x.(map[string]any)
	if !ok {
		v.typeErr(path, "object", x, present)
		return nil
	}
	if allowed != nil {
		var extra []string
		for _, k := range sortedKeys(m) {
			found := false
			for _, a := range allowed {
				if a == k {
					found = true
					break
				}
			}
			if !found {
				extra = append(extra, "'"+k+"'")
			}
		}
		if len(extra) > 0 {
			v.add(path, "unrecognized_keys", "Unrecognized key(s) in object: "+strings.Join(extra, ", "))
		}
	}
	return m
}

func (v *validator) str(path []any, m map[string]any, key string, required bool, min, max int, re *regexp.Regexp) (string, bool) {
	x, present := m[key]
	p := at(path, key)
	if !present && !required {
		return "", false
	}
	s, ok := x.(string)
	if !ok {
		v.typeErr(p, "string", x, present)
		return "", false
	}
	if len(s) < min {
		v.add(p, "too_small", fmt.Sprintf("String must contain at least %d character(s)", min))
	}
	if max > 0 && len(s) > max {
		v.add(p, "too_big", fmt.Sprintf("String must contain at most %d character(s)", max))
	}
	if re != nil && !re.MatchString(s) {
		v.add(p, "invalid_string", "Invalid")
	}
	return s, true
}

func (v *validator) boolean(path []any, m map[string]any, key string, required bool) {
	x, present := m[key]
	if !present && !required {
		return
	}
	if _, ok := x.(bool); !ok {
		v.typeErr(at(path, key), "boolean", x, present)
	}
}

func (v *validator) enum(path []any, m map[string]any, key string, required bool, values ...string) string {
	x, present := m[key]
	p := at(path, key)
	if !present && !required {
		return ""
	}
	s, ok := x.(string)
	if !ok {
		if !present {
			v.add(p, "invalid_type", "Required")
		} else {
			v.add(p, "invalid_type", fmt.Sprintf("Expected '%s', received %s", strings.Join(values, "' | '"), typeName(x)))
		}
		return ""
	}
	for _, e := range values {
		if e == s {
			return s
		}
	}
	v.add(p, "invalid_enum_value", fmt.Sprintf("Invalid enum value. Expected '%s', received '%s'", strings.Join(values, "' | '"), s))
	return ""
}

func (v *validator) array(path []any, m map[string]any, key string, required bool) ([]any, bool) {
	x, present := m[key]
	if !present && !required {
		return nil, false
	}
	a, ok := x.([]any)
	if !ok {
		v.typeErr(at(path, key), "array", x, present)
		return nil, false
	}
	return a, true
}

func (v *validator) stringArray(path []any, m map[string]any, key string, required bool, min, max int) []string {
	a, ok := v.array(path, m, key, required)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(a))
	for i, e := range a {
		wrap := map[string]any{"x": e}
		s, ok := v.strAt(at(at(path, key), i), wrap, min, max)
		if ok {
			out = append(out, s)
		}
	}
	return out
}

func (v *validator) strAt(p []any, wrap map[string]any, min, max int) (string, bool) {
	x := wrap["x"]
	s, ok := x.(string)
	if !ok {
		v.typeErr(p, "string", x, true)
		return "", false
	}
	if len(s) < min {
		v.add(p, "too_small", fmt.Sprintf("String must contain at least %d character(s)", min))
	}
	if max > 0 && len(s) > max {
		v.add(p, "too_big", fmt.Sprintf("String must contain at most %d character(s)", max))
	}
	return s, true
}

var (
	syncNameRe          = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
	providerConfigKeyRe = regexp.MustCompile(`^[a-zA-Z0-9~:.@ _-]+$`)
	frequencyRe         = regexp.MustCompile(`^(every )?((\d+)?\s?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)|(month|week|half day|half hour|quarter hour))$`)
	sdkVersionRe        = regexp.MustCompile(`[0-9]+\.[0-9]+\.[0-9]+-(zero|yaml)`)
)

// deployBody validates a deploy or confirmation body. requireYAML is true for /sync/deploy
// (nangoYamlBody required) and false for the confirmation (nangoYamlBody forbidden).
func validateDeployBody(x any, requireYAML bool) []issue {
	v := &validator{}
	// A zero-yaml CLI (sdkVersion "<v>-zero", reference 0.71) sends the selection as
	// deployMode, a source on deploys, and each flow's JSON schema instead of the
	// nango.yaml-era model_schema, jsonSchema and singleDeployMode.
	zero := false
	if m, ok := x.(map[string]any); ok {
		sv, _ := m["sdkVersion"].(string)
		zero = strings.HasSuffix(sv, "-zero")
	}
	allowed := []string{"flowConfigs", "onEventScriptsByProvider", "postConnectionScriptsByProvider", "jsonSchema", "reconcile", "debug", "singleDeployMode", "sdkVersion"}
	if zero {
		allowed = []string{"flowConfigs", "onEventScriptsByProvider", "deployMode", "reconcile", "debug", "sdkVersion"}
		if requireYAML {
			allowed = append(allowed, "source")
		}
	}
	if requireYAML {
		allowed = append(allowed, "nangoYamlBody")
	}
	root := []any{}
	m := v.object(root, x, x != nil, allowed...)
	if m == nil {
		return v.issues
	}
	if flows, ok := v.array(root, m, "flowConfigs", true); ok {
		for i, f := range flows {
			v.flowConfig(at(at(root, "flowConfigs"), i), f, zero)
		}
	}
	if zero {
		v.enum(root, m, "deployMode", true, "all", "integration", "single")
		if requireYAML {
			v.enum(root, m, "source", false, "repo", "standalone")
		}
	}
	v.onEventScripts(root, m, zero)
	v.postConnectionScripts(root, m)
	v.jsonSchema(root, m)
	v.boolean(root, m, "reconcile", true)
	v.boolean(root, m, "debug", true)
	v.boolean(root, m, "singleDeployMode", false)
	v.str(root, m, "sdkVersion", false, 0, 0, sdkVersionRe)
	if requireYAML {
		v.str(root, m, "nangoYamlBody", true, 0, 0, nil)
	}
	return v.issues
}

// onEventScripts checks onEventScriptsByProvider (validate-connection is a zero-yaml event).
func (v *validator) onEventScripts(root []any, m map[string]any, zero bool) {
	events := []string{"post-connection-creation", "pre-connection-deletion"}
	if zero {
		events = append(events, "validate-connection")
	}
	if list, ok := v.array(root, m, "onEventScriptsByProvider", false); ok {
		for i, e := range list {
			p := at(at(root, "onEventScriptsByProvider"), i)
			em := v.object(p, e, true, "providerConfigKey", "scripts")
			if em == nil {
				continue
			}
			v.str(p, em, "providerConfigKey", true, 0, 255, providerConfigKeyRe)
			if scripts, ok := v.array(p, em, "scripts", true); ok {
				for j, s := range scripts {
					sp := at(at(p, "scripts"), j)
					sm := v.object(sp, s, true, "name", "fileBody", "event")
					if sm == nil {
						continue
					}
					v.str(sp, sm, "name", true, 1, 255, nil)
					v.fileBody(sp, sm)
					v.enum(sp, sm, "event", true, events...)
				}
			}
		}
	}
}

// postConnectionScripts checks the nango.yaml era's postConnectionScriptsByProvider.
func (v *validator) postConnectionScripts(root []any, m map[string]any) {
	if list, ok := v.array(root, m, "postConnectionScriptsByProvider", false); ok {
		for i, e := range list {
			p := at(at(root, "postConnectionScriptsByProvider"), i)
			em := v.object(p, e, true, "providerConfigKey", "scripts")
			if em == nil {
				continue
			}
			v.str(p, em, "providerConfigKey", true, 0, 255, providerConfigKeyRe)
			if scripts, ok := v.array(p, em, "scripts", true); ok {
				for j, s := range scripts {
					sp := at(at(p, "scripts"), j)
					if sm := v.object(sp, s, true, "name", "fileBody"); sm != nil {
						v.str(sp, sm, "name", true, 1, 255, nil)
						v.fileBody(sp, sm)
					}
				}
			}
		}
	}
}

// jsonSchema checks the nango.yaml era's jsonSchema: draft-07 with object definitions.
func (v *validator) jsonSchema(root []any, m map[string]any) {
	if js, present := m["jsonSchema"]; present {
		p := at(root, "jsonSchema")
		if jm := v.object(p, js, true, "$schema", "$comment", "definitions"); jm != nil {
			if s, _ := v.str(p, jm, "$schema", true, 0, 0, nil); s != "" && s != "http://json-schema.org/draft-07/schema#" {
				v.add(at(p, "$schema"), "invalid_literal", `Invalid literal value, expected "http://json-schema.org/draft-07/schema#"`)
			}
			v.str(p, jm, "$comment", true, 0, 0, nil)
			if d := v.object(at(p, "definitions"), jm["definitions"], hasKey(jm, "definitions")); d != nil {
				for _, k := range sortedKeys(d) {
					v.object(at(at(p, "definitions"), k), d[k], true)
				}
			}
		}
	}
}

func hasKey(m map[string]any, k string) bool { _, ok := m[k]; return ok }

func (v *validator) fileBody(path []any, m map[string]any) {
	p := at(path, "fileBody")
	fb := v.object(p, m["fileBody"], hasKey(m, "fileBody"), "js", "ts")
	if fb == nil {
		return
	}
	v.str(p, fb, "js", true, 0, 0, nil)
	v.str(p, fb, "ts", true, 0, 0, nil)
}

func (v *validator) flowConfig(path []any, x any, zero bool) {
	keys := []string{"type", "models", "runs", "auto_start", "attributes", "metadata", "input", "endpoints", "syncName",
		"providerConfigKey", "fileBody", "version", "track_deletes", "sync_type", "webhookSubscriptions"}
	if zero {
		keys = append(keys, "models_json_schema", "features")
	} else {
		keys = append(keys, "model_schema")
	}
	m := v.object(path, x, true, keys...)
	if m == nil {
		return
	}
	if zero {
		v.zeroFlow(path, m)
	} else {
		v.modelSchema(path, m)
	}
	v.enum(path, m, "type", true, "action", "sync")
	v.stringArray(path, m, "models", true, 1, 255)
	if runs, present := m["runs"]; !present {
		v.add(at(path, "runs"), "invalid_type", "Required")
	} else if runs != nil {
		s, ok := runs.(string)
		if !ok {
			v.typeErr(at(path, "runs"), "string", runs, true)
		} else if s != "" && !frequencyRe.MatchString(s) {
			v.add(at(path, "runs"), "invalid_string", "Invalid")
		}
	}
	v.boolean(path, m, "auto_start", false)
	if a, present := m["attributes"]; present {
		v.object(at(path, "attributes"), a, true)
	}
	if md, present := m["metadata"]; present {
		p := at(path, "metadata")
		if mm := v.object(p, md, true, "scopes", "description"); mm != nil {
			v.stringArray(p, mm, "scopes", false, 0, 255)
			v.str(p, mm, "description", false, 0, 2000, nil)
		}
	}
	if eps, ok := v.array(path, m, "endpoints", false); ok {
		for i, ep := range eps {
			v.endpoint(at(at(path, "endpoints"), i), ep)
		}
	}
	v.str(path, m, "syncName", true, 0, 255, syncNameRe)
	v.str(path, m, "providerConfigKey", true, 0, 255, providerConfigKeyRe)
	v.fileBody(path, m)
	v.str(path, m, "version", false, 0, 0, nil)
	v.boolean(path, m, "track_deletes", false)
	v.enum(path, m, "sync_type", false, "incremental", "full")
	v.stringArray(path, m, "webhookSubscriptions", false, 0, 255)
}

// zeroFlow checks a zero-yaml flow's models_json_schema ({"definitions": {name: schema}},
// required) and features (the known feature names).
func (v *validator) zeroFlow(path []any, m map[string]any) {
	p := at(path, "models_json_schema")
	if js := v.object(p, m["models_json_schema"], hasKey(m, "models_json_schema"), "definitions"); js != nil {
		if d := v.object(at(p, "definitions"), js["definitions"], hasKey(js, "definitions")); d != nil {
			for _, k := range sortedKeys(d) {
				v.object(at(at(p, "definitions"), k), d[k], true)
			}
		}
	}
	if list, ok := v.array(path, m, "features", false); ok {
		for i, f := range list {
			if f != "checkpoints" {
				v.add(at(at(path, "features"), i), "invalid_enum_value", fmt.Sprintf("Invalid enum value. Expected 'checkpoints', received '%v'", f))
			}
		}
	}
}

// modelSchema checks a nango.yaml-era flow's model_schema (required).
func (v *validator) modelSchema(path []any, m map[string]any) {
	if ms, present := m["model_schema"]; !present {
		v.add(at(path, "model_schema"), "invalid_type", "Required")
	} else if _, isStr := ms.(string); !isStr {
		if list, ok := ms.([]any); !ok {
			v.add(at(path, "model_schema"), "invalid_union", "Invalid input")
		} else {
			for i, model := range list {
				p := at(at(path, "model_schema"), i)
				mm := v.object(p, model, true, "name", "fields", "isAnon")
				if mm == nil {
					continue
				}
				v.str(p, mm, "name", true, 0, 255, nil)
				v.boolean(p, mm, "isAnon", false)
				if fields, ok := v.array(p, mm, "fields", true); ok {
					for j, f := range fields {
						v.modelField(at(at(p, "fields"), j), f)
					}
				}
			}
		}
	}
}

func (v *validator) endpoint(p []any, ep any) {
	em, isObj := ep.(map[string]any)
	if !isObj {
		v.typeErr(p, "object", ep, true)
		return
	}
	if _, modern := em["method"]; modern {
		v.object(p, em, true, "method", "path", "group")
		v.enum(p, em, "method", true, "GET", "POST", "PATCH", "PUT", "DELETE")
		v.str(p, em, "path", true, 0, 0, nil)
		v.str(p, em, "group", false, 1, 64, nil)
		return
	}
	v.object(p, em, true, "GET", "POST", "PATCH", "PUT", "DELETE")
	for _, k := range []string{"GET", "POST", "PATCH", "PUT", "DELETE"} {
		v.str(p, em, k, false, 0, 0, nil)
	}
}

func (v *validator) modelField(path []any, x any) {
	m := v.object(path, x, true, "name", "value", "dynamic", "model", "union", "array", "tsType", "optional")
	if m == nil {
		return
	}
	if _, present := m["name"]; !present {
		v.add(at(path, "name"), "invalid_type", "Required")
	}
	val, present := m["value"]
	if !present {
		v.add(at(path, "value"), "invalid_type", "Required")
	}
	if list, ok := val.([]any); ok {
		for i, f := range list {
			v.modelField(at(at(path, "value"), i), f)
		}
	} else if val != nil {
		switch val.(type) {
		case string, float64, bool:
		default:
			v.add(at(path, "value"), "invalid_union", "Invalid input")
		}
	}
	for _, k := range []string{"dynamic", "model", "union", "array", "tsType", "optional"} {
		v.boolean(path, m, k, false)
	}
}
