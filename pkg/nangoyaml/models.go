package nangoyaml

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	modelNameRe         = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)
	disallowedGenericRe = regexp.MustCompile(`^(Object|Array|Function|Date|RegExp|Map|Set|WeakMap|WeakSet|Promise|Symbol|Error|Record|Partial|Readonly|Pick|Omit|Awaited|Required|Exclude|Extract|Uppercase|Lowercase)<`)
)

// typeAliases maps lower-cased yaml type names to TypeScript types.
var typeAliases = map[string]string{
	"integer": "number", "int": "number", "float": "number", "number": "number",
	"char": "string", "varchar": "string", "string": "string",
	"bool": "boolean", "boolean": "boolean",
	"bigint":    "bigint",
	"date":      "Date",
	"object":    "Record<string, any>",
	"any":       "any",
	"array":     "any[]",
	"undefined": "undefined",
}

// typeAliasesV059 are the aliases added in reference v0.59.13.
var typeAliasesV059 = map[string]string{"never": "never", "void": "void"}

// modelStack is the reference's per-top-level-model Set of model names: it grows while
// dependencies are parsed and is never popped (hence the spurious cyclic_model warnings).
type modelStack struct {
	names []string
	has   map[string]bool
}

func newStack() *modelStack { return &modelStack{has: map[string]bool{}} }

func (s *modelStack) add(n string) {
	if !s.has[n] {
		s.has[n] = true
		s.names = append(s.names, n)
	}
}

func (s *modelStack) path(extra ...string) []string {
	out := append([]string{}, s.names...)
	return append(out, extra...)
}

// modelSet is an insertion-ordered map of models; replacing keeps the original position.
type modelSet struct {
	order  []*Model
	byName map[string]int
}

func (m *modelSet) set(model *Model) {
	if m.byName == nil {
		m.byName = map[string]int{}
	}
	if i, ok := m.byName[model.Name]; ok {
		m.order[i] = model
		return
	}
	m.byName[model.Name] = len(m.order)
	m.order = append(m.order, model)
}

func (m *modelSet) get(name string) *Model {
	if i, ok := m.byName[name]; ok {
		return m.order[i]
	}
	return nil
}

// maxModelFields bounds the work of the models parser: aliases can make a small file
// describe an exponentially large tree of inline objects.
const maxModelFields = 200_000

// maxModelDepth bounds how deeply inline objects and lists nest inside one model. Each level
// is written out nested in .nango/schema.json, indented once more (JSON.stringify's format), so
// the file grows with the square of the depth: 3,000 levels made a 162 MB schema.json from a
// 9 MB nango.yaml (issue 13, item 8). A deeper structure is declared as models referring to
// each other by name, which schema.json writes as $refs to shared definitions.
const maxModelDepth = 64

// errModelsTooLarge aborts the models parser (recovered in parse).
type errModelsTooLarge struct{ pos Pos }

type modelsParser struct {
	fieldCount int
	raw        *jv
	parsed     modelSet
	inProgress map[string]bool
	aliases    map[string]string
	file       string
	errors     []Diagnostic
	warnings   []Diagnostic
}

func newModelsParser(raw *jv, file string, opts Options) *modelsParser {
	aliases := typeAliases
	if opts.NeverVoidAliases {
		aliases = map[string]string{}
		for k, v := range typeAliases {
			aliases[k] = v
		}
		for k, v := range typeAliasesV059 {
			aliases[k] = v
		}
	}
	return &modelsParser{raw: raw, inProgress: map[string]bool{}, aliases: aliases, file: file}
}

func (mp *modelsParser) diag(sev Severity, code, msg string, path []string, pos Pos) Diagnostic {
	return Diagnostic{Severity: sev, Phase: PhaseParser, Code: code, Message: msg, KeyPath: path, File: mp.file, Line: pos.Line, Column: pos.Column}
}

func (mp *modelsParser) errorf(code, msg string, path []string, pos Pos) {
	mp.errors = append(mp.errors, mp.diag(SeverityError, code, msg, path, pos))
}

func (mp *modelsParser) warnf(code, msg string, path []string, pos Pos) {
	mp.warnings = append(mp.warnings, mp.diag(SeverityWarning, code, msg, path, pos))
}

// rawModel returns the yaml body and key position of a model defined in `models`.
func (mp *modelsParser) rawModel(name string) (*jv, Pos, bool) {
	v, ok := mp.raw.get(name)
	if !ok {
		return nil, Pos{}, false
	}
	return v, mp.raw.keyPosOf(name), true
}

func (mp *modelsParser) parseAll() {
	for i, name := range mp.raw.keys {
		if mp.parsed.get(name) != nil {
			continue
		}
		mp.parseModel(name, mp.raw.vals[i], mp.raw.keyPos[i], newStack())
	}
}

func (mp *modelsParser) parseModel(name string, body *jv, pos Pos, stack *modelStack) {
	if !modelNameRe.MatchString(name) {
		mp.errorf("invalid_model_name", `Model "`+name+`" contains invalid characters`, []string{name}, pos)
		return
	}
	if body.kind != jsObject || body.isDate {
		mp.errorf(CodeInvalidModelBody, `Model "`+name+`" must be a mapping of field names to types (got `+describeKind(body)+`)`, []string{name}, pos)
		return
	}
	if mp.inProgress[name] {
		mp.errorf(CodeCyclicExtends, `Model "`+name+`" extends itself through __extends; remove the cycle`, stack.path(name, "__extends"), pos)
		return
	}
	mp.inProgress[name] = true
	stack.add(name)
	fields := mp.parseFields(body, stack, name, []string{name})
	delete(mp.inProgress, name)
	mp.parsed.set(&Model{Name: name, Fields: fields, Pos: pos})
}

func describeKind(v *jv) string {
	if v.isDate {
		return "a date"
	}
	switch v.kind {
	case jsNull:
		return "null"
	case jsBool:
		return "a boolean"
	case jsNumber:
		return "a number"
	case jsString:
		return "a string"
	case jsArray:
		return "a list"
	}
	return "a mapping"
}

// fieldMap keeps fields by name in insertion order; set replaces in place (JS Map semantics).
type fieldMap struct {
	order []*Field
	index map[string]int
}

func (fm *fieldMap) set(f *Field) {
	if fm.index == nil {
		fm.index = map[string]int{}
	}
	if i, ok := fm.index[f.Name]; ok {
		fm.order[i] = f
		return
	}
	fm.index[f.Name] = len(fm.order)
	fm.order = append(fm.order, f)
}

func (fm *fieldMap) has(name string) bool { _, ok := fm.index[name]; return ok }

// entries returns a mapping's or a list's entries like Object.entries.
func entries(v *jv) (keys []string, vals []*jv, pos []Pos) {
	if v.kind == jsArray {
		for i, it := range v.items {
			keys = append(keys, strconv.Itoa(i))
			vals = append(vals, it)
			pos = append(pos, it.pos)
		}
		return
	}
	return v.keys, v.vals, v.keyPos
}

// parseFields resolves the fields of a mapping (or the members of a list), see §8.1.
// model is the top-level model name, path the key path of the container.
func (mp *modelsParser) parseFields(container *jv, stack *modelStack, model string, path []string) []*Field {
	var fm fieldMap
	keys, vals, poss := entries(container)
	for i, rawName := range keys {
		value, pos := vals[i], poss[i]
		optional := strings.HasSuffix(rawName, "?")
		name := rawName
		if optional {
			name = rawName[:len(rawName)-1]
		}
		if name == "__extends" {
			mp.extends(&fm, value, stack, model, pos)
			continue
		}
		dynamic := name == "__string"
		f := mp.parseValue(name, value, optional, stack, model, path, pos)
		if f.Kind != FieldYAMLLiteral {
			f.Dynamic = dynamic
		}
		fm.set(f)
	}
	return fm.order
}

func (mp *modelsParser) extends(fm *fieldMap, value *jv, stack *modelStack, model string, pos Pos) {
	if value.kind != jsString {
		mp.errorf(CodeInvalidExtends, `Model "`+model+`": __extends must be a comma-separated list of model names (got `+describeKind(value)+`)`, stack.path("__extends"), pos)
		return
	}
	for _, part := range strings.Split(value.str, ",") {
		base := strings.TrimSpace(part)
		body, bpos, ok := mp.rawModel(base)
		if !ok {
			mp.errorf("model_extends_not_found", `Model "`+model+`" is extending "`+base+`", but it does not exists`, stack.path("__extends"), pos)
			continue
		}
		if mp.parsed.get(base) == nil {
			mp.parseModel(base, body, bpos, stack)
		}
		parsed := mp.parsed.get(base)
		if parsed == nil {
			continue
		}
		for _, f := range parsed.Fields {
			if !fm.has(f.Name) {
				fm.set(f)
			}
		}
	}
}

func (mp *modelsParser) parseValue(name string, value *jv, optional bool, stack *modelStack, model string, path []string, pos Pos) *Field {
	mp.fieldCount++
	if mp.fieldCount > maxModelFields {
		panic(errModelsTooLarge{pos})
	}
	// path holds the model and the fields above this one: len(path) is this field's depth.
	if (value.kind == jsArray || (value.kind == jsObject && !value.isDate)) && len(path) >= maxModelDepth {
		mp.errorf(CodeModelTooDeep, fmt.Sprintf(`Model "%s": inline objects and lists nest more than %d levels deep at "%s"; declare the inner part as a model of its own and use its name here`,
			model, maxModelDepth, name), append(append([]string(nil), path...), name), pos)
		return &Field{Name: name, Kind: FieldObject, Value: []*Field{}, Optional: optional, Pos: pos}
	}
	switch {
	case value.kind == jsArray:
		return &Field{Name: name, Kind: FieldList, Value: mp.parseFields(value, stack, model, append(path, name)), Array: true, Optional: optional, Pos: pos}
	case value.kind == jsNumber:
		return &Field{Name: name, Kind: FieldYAMLLiteral, Value: value.num, TSType: true, Pos: pos}
	case value.kind == jsBool:
		return &Field{Name: name, Kind: FieldYAMLLiteral, Value: value.b, TSType: true, Pos: pos}
	case value.kind == jsNull:
		return &Field{Name: name, Kind: FieldYAMLLiteral, Value: nil, TSType: true, Pos: pos}
	case value.kind == jsObject:
		var fields []*Field
		if !value.isDate {
			fields = mp.parseFields(value, stack, model, append(path, name))
		}
		if fields == nil {
			fields = []*Field{}
		}
		return &Field{Name: name, Kind: FieldObject, Value: fields, Optional: optional, Pos: pos}
	}
	s := value.str
	if strings.Contains(s, "|") {
		parts := strings.Split(s, "|")
		members := make([]*Field, 0, len(parts))
		for i, p := range parts {
			members = append(members, mp.parseString(strconv.Itoa(i), trimJS(p), false, stack, model, path, pos))
		}
		return &Field{Name: name, Kind: FieldUnion, Value: members, Union: true, Optional: optional, Pos: pos}
	}
	return mp.parseString(name, s, optional, stack, model, path, pos)
}

// parseString resolves a single type expression (§8.1 steps 5–10).
func (mp *modelsParser) parseString(name, value string, optional bool, stack *modelStack, model string, path []string, pos Pos) *Field {
	typ := value
	array := false
	if strings.HasSuffix(typ, "[]") {
		array = true
		typ = typ[:len(typ)-2]
	}
	literal := func() *Field {
		return &Field{Name: name, Kind: FieldStringLiteral, Value: typ, Array: array, Optional: optional, Pos: pos}
	}
	if typ == "" && array {
		mp.errorf("type_syntax_error", typeSyntaxMessage(value), append(append([]string{}, path...), name), pos)
		return literal()
	}
	tsField := func(v any) *Field {
		return &Field{Name: name, Kind: FieldTSType, Value: v, TSType: true, Array: array, Optional: optional, Pos: pos}
	}
	if alias, ok := mp.aliases[strings.ToLower(typ)]; ok {
		return tsField(alias)
	}
	if n, ok := jsParseInt(typ); ok {
		return tsField(n)
	}
	switch strings.ToLower(typ) {
	case "true":
		return tsField(true)
	case "false":
		return tsField(false)
	case "null":
		return tsField(nil)
	case "undefined":
		return tsField("undefined")
	}
	if disallowedGenericRe.MatchString(typ) {
		mp.errorf("type_syntax_error", typeSyntaxMessage(value), append(append([]string{}, path...), name), pos)
		return literal()
	}
	if body, bpos, ok := mp.rawModel(typ); ok {
		if stack.has[typ] {
			first, last := stack.names[0], "undefined"
			if len(stack.names) > 1 {
				last = stack.names[len(stack.names)-1]
			}
			mp.warnf("cyclic_model", "Cyclic import "+first+"->"+last, stack.path(), pos)
		} else if mp.parsed.get(typ) == nil {
			mp.parseModel(typ, body, bpos, stack)
		}
		return &Field{Name: name, Kind: FieldModel, Value: typ, Model: true, Optional: optional, Array: array, Pos: pos}
	}
	mp.warnf("model_not_found_fallback", `Model "`+typ+`" is not defined, using as string literal`, stack.path(typ), pos)
	return literal()
}

func typeSyntaxMessage(value string) string {
	return `Type "` + value + `" contains some unsupported typescript syntax, please use allowed syntax. Documentation: https://docs.nango.dev/reference/integration-configuration#model-types`
}

// isJSSpace reports the characters String.prototype.trim and parseInt skip.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func trimJS(s string) string { return strings.TrimFunc(s, isJSSpace) }

// jsParseInt is JavaScript parseInt(s, 10): leading whitespace, an optional sign, then the
// longest run of decimal digits; no digits means NaN (ok=false).
func jsParseInt(s string) (float64, bool) {
	s = strings.TrimLeftFunc(s, isJSSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 {
		return 0, false
	}
	f, _ := strconv.ParseFloat(s[:end], 64)
	if neg {
		f = -f
	}
	return f, true
}

// anonymousName is the reference's name for the model of an input/output that is not a model.
func anonymousName(integration, scriptType, script, kind string) string {
	return "Anonymous_" + stripNonWord(integration) + "_" + scriptType + "_" + stripNonWord(script) + "_" + kind
}

func stripNonWord(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// modelForIO returns the model name for an input/output value, creating an anonymous model
// (whose own errors and warnings are swallowed, like the reference) when it is not a model.
// literal reports whether the reference warns model_is_literal for it.
func (mp *modelsParser) modelForIO(value *jv, integration, scriptType, script, kind string) (name string, literal bool) {
	if value.kind == jsString && mp.parsed.get(value.str) != nil {
		return value.str, false
	}
	anon := anonymousName(integration, scriptType, script, kind)
	saveErr, saveWarn := mp.errors, mp.warnings
	f := mp.parseValue(kind, value, false, newStack(), anon, []string{anon}, value.pos)
	mp.errors, mp.warnings = saveErr, saveWarn
	mp.parsed.set(&Model{Name: anon, Fields: []*Field{f}, IsAnon: true, Pos: value.pos})
	return anon, f.Kind != FieldUnion
}
