package codegen

import (
	"regexp"
	"strings"

	"github.com/nango-go/nango/pkg/jsjson"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// bareKey is the reference's rule for writing a field name without quotes; anything else is
// quoted ("a-b", "a.b", "use?r").
var bareKey = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)

// numericKey is a name TypeScript accepts bare although it starts with a digit.
var numericKey = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)

// keyIsBare: the reference also leaves "1abc" or "01" bare, which is a TypeScript syntax error
// that breaks the whole of models.ts; we quote those.
func keyIsBare(name string) bool {
	if !bareKey.MatchString(name) {
		return false
	}
	return name[0] < '0' || name[0] > '9' || numericKey.MatchString(name)
}

// writeModelsTS writes the model declarations, joined by a blank line, exactly as the
// reference's Models section and schema.ts body: `export interface` for named models, a
// deprecated `export type` for anonymous ones.
func writeModelsTS(b *strings.Builder, models []*nangoyaml.Model) {
	for i, m := range models {
		if i > 0 {
			b.WriteString("\n\n")
		}
		writeModelTS(b, m)
	}
}

func writeModelTS(b *strings.Builder, m *nangoyaml.Model) {
	if m.IsAnon {
		b.WriteString("/** @deprecated It is recommended to use a Model */\nexport type ")
		b.WriteString(m.Name)
		b.WriteString(" = ")
		if len(m.Fields) > 0 {
			writeFieldType(b, m.Fields[0])
		}
		return
	}
	b.WriteString("export interface ")
	b.WriteString(m.Name)
	b.WriteString(" {\n")
	for _, line := range fieldLines(m.Fields) {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	b.WriteString("};")
}

// fieldLines renders `  name?: type;` per field, the dynamic `[key: string]` line first.
// The reference joins nested object lines with a newline without re-indenting them, which
// gives its characteristic `{  a: string;\n  b: number;}`; the same function builds both.
func fieldLines(fields []*nangoyaml.Field) []string {
	lines := make([]string, 0, len(fields))
	for _, f := range fields {
		if f.Dynamic {
			var b strings.Builder
			b.WriteString("  [key: string]: ")
			writeFieldType(&b, f)
			b.WriteByte(';')
			lines = append(lines, b.String())
		}
	}
	for _, f := range fields {
		if f.Dynamic {
			continue
		}
		var b strings.Builder
		b.WriteString("  ")
		if keyIsBare(f.Name) {
			b.WriteString(f.Name)
		} else {
			b.WriteByte('"')
			b.WriteString(f.Name)
			b.WriteByte('"')
		}
		if f.Optional {
			b.WriteByte('?')
		}
		b.WriteString(": ")
		writeFieldType(&b, f)
		b.WriteByte(';')
		lines = append(lines, b.String())
	}
	return lines
}

// writeFieldType writes the TypeScript type of one field value.
func writeFieldType(b *strings.Builder, f *nangoyaml.Field) {
	switch f.Kind {
	case nangoyaml.FieldUnion:
		for i, m := range f.Fields() {
			if i > 0 {
				b.WriteString(" | ")
			}
			writeFieldType(b, m)
		}
	case nangoyaml.FieldList:
		b.WriteByte('(')
		for i, m := range f.Fields() {
			if i > 0 {
				b.WriteString(" | ")
			}
			writeFieldType(b, m)
		}
		b.WriteString(")[]")
	case nangoyaml.FieldObject:
		b.WriteByte('{')
		b.WriteString(strings.Join(fieldLines(f.Fields()), "\n"))
		b.WriteByte('}')
	case nangoyaml.FieldStringLiteral:
		// `[]` inside the quotes is the reference's output, kept byte for byte. It does not
		// escape quotes or backslashes, which breaks models.ts; we do.
		b.WriteByte('\'')
		b.WriteString(literalEscaper.Replace(scalarText(f.Value)))
		if f.Array {
			b.WriteString("[]")
		}
		b.WriteByte('\'')
	default: // alias, parseInt/keyword literal, YAML literal, model reference
		b.WriteString(scalarText(f.Value))
		if f.Array {
			b.WriteString("[]")
		}
	}
}

var literalEscaper = strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`)

// scalarText prints a scalar field value the way JavaScript's template strings do.
func scalarText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return jsjson.FormatNumber(x)
	case int:
		return jsjson.FormatNumber(float64(x))
	}
	return ""
}
