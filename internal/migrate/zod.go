package migrate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/nango-go/nango/pkg/jsjson"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// jsIdent is a property name JavaScript accepts unquoted.
var jsIdent = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// reservedExport are names models.ts cannot export as a model: the zod namespace it imports
// and the map it ends with.
var reservedExport = map[string]bool{"z": true, "models": true}

// modelsTS renders nango.yaml's models as zod 4 schemas, in upstream's layout (one
// `export const X = …; export type X = z.infer<typeof X>;` per model, dependencies first, a
// final `models` map). idString names the models whose `id` becomes z.string() because a
// sync outputs them (createSync's type requires it). It fails, naming the model and field,
// on what zod cannot express as nango.yaml meant it.
func modelsTS(y *nangoyaml.Parsed, idString map[string]bool) (string, error) {
	g := &zodGen{y: y, done: map[string]bool{}, active: map[string]bool{}, idString: idString}
	for _, m := range y.Models {
		if err := g.emit(m); err != nil {
			return "", err
		}
	}
	var entries []string
	for _, n := range g.order {
		entries = append(entries, n+": "+n)
	}
	stmts := append([]string{`import * as z from "zod";`}, g.stmts...)
	stmts = append(stmts, "export const models = {\n  "+strings.Join(entries, ",\n  ")+"\n};")
	return joinStatements(stmts), nil
}

type zodGen struct {
	y        *nangoyaml.Parsed
	done     map[string]bool
	active   map[string]bool
	idString map[string]bool
	order    []string
	stmts    []string
}

func (g *zodGen) emit(m *nangoyaml.Model) error {
	if g.done[m.Name] {
		return nil
	}
	if reservedExport[m.Name] {
		return fmt.Errorf("model %q has a name models.ts needs for itself (the zod import or the models map): rename the model in nango.yaml first", m.Name)
	}
	g.active[m.Name] = true
	for _, dep := range modelDeps(m.Fields) {
		if d := g.y.Model(dep); d != nil && !g.active[dep] {
			if err := g.emit(d); err != nil {
				return err
			}
		}
	}
	var expr string
	var err error
	if m.IsAnon && len(m.Fields) == 1 {
		expr, err = g.field(m.Name, m.Fields[0], "")
	} else {
		expr, err = g.object(m.Name, m.Fields, "", g.idString[m.Name])
	}
	if err != nil {
		return err
	}
	g.active[m.Name], g.done[m.Name] = false, true
	g.order = append(g.order, m.Name)
	g.stmts = append(g.stmts, "export const "+m.Name+" = "+expr+";", "export type "+m.Name+" = z.infer<typeof "+m.Name+">;")
	return nil
}

func modelDeps(fs []*nangoyaml.Field) []string {
	var out []string
	for _, f := range fs {
		if f.Kind == nangoyaml.FieldModel {
			if s, ok := f.Value.(string); ok {
				out = append(out, s)
			}
		}
		out = append(out, modelDeps(f.Fields())...)
	}
	return out
}

// object renders a model body or inline object. A `__string` key alone is a record (as
// upstream writes it); beside other keys it is the object's catchall.
func (g *zodGen) object(model string, fs []*nangoyaml.Field, indent string, idAsString bool) (string, error) {
	var props []string
	catchall := ""
	for _, f := range fs {
		e, err := g.field(model, f, indent+"  ")
		if err != nil {
			return "", err
		}
		if f.Dynamic {
			catchall = e
			continue
		}
		if idAsString && f.Name == "id" && !f.Optional {
			e = "z.string()"
		}
		key := f.Name
		if !jsIdent.MatchString(key) {
			key = string(jsjson.MustStringify(jsjson.StringValue(key)))
		}
		props = append(props, key+": "+e)
	}
	if catchall != "" && len(props) == 0 {
		return "z.record(z.string(), " + catchall + ")", nil
	}
	out := "z.object({})"
	if len(props) > 0 {
		out = "z.object({\n" + joinProps(props, indent+"  ") + "\n" + indent + "})"
	}
	if catchall != "" {
		out += ".catchall(" + catchall + ")"
	}
	return out, nil
}

func (g *zodGen) field(model string, f *nangoyaml.Field, indent string) (string, error) {
	e, optional, err := g.value(model, f, indent)
	if err != nil {
		return "", err
	}
	if f.Array && f.Kind != nangoyaml.FieldList {
		e += ".array()"
	}
	if f.Optional || optional {
		e += ".optional()"
	}
	return e, nil
}

// value is the schema of a field without its array/optional suffixes; optional is set for a
// union with undefined (`string | undefined`), which becomes .optional() rather than upstream's
// plain z.string() (that one rejects the undefined the old type allowed).
func (g *zodGen) value(model string, f *nangoyaml.Field, indent string) (string, bool, error) {
	switch f.Kind {
	case nangoyaml.FieldModel:
		name := fmt.Sprint(f.Value)
		if g.active[name] && !g.done[name] {
			// a reference back into a cycle (Field: { __string: Field | string }): the schema
			// is not declared yet, so it is read lazily; the annotation stops TypeScript from
			// inferring the type through itself (the recursive part is typed any)
			return "z.lazy((): z.ZodType<any> => " + name + ")", false, nil
		}
		return name, false, nil
	case nangoyaml.FieldStringLiteral:
		return "z.literal(" + string(jsjson.MustStringify(jsjson.StringValue(fmt.Sprint(f.Value)))) + ")", false, nil
	case nangoyaml.FieldObject:
		e, err := g.object(model, f.Fields(), indent, false)
		return e, false, err
	case nangoyaml.FieldUnion, nangoyaml.FieldList:
		var members []string
		optional := false
		for _, m := range f.Fields() {
			if m.Kind == nangoyaml.FieldTSType && m.Value == "undefined" && !m.Array && f.Kind == nangoyaml.FieldUnion {
				optional = true
				continue
			}
			e, err := g.field(model, m, indent)
			if err != nil {
				return "", false, err
			}
			members = append(members, e)
		}
		e := "z.union([" + strings.Join(members, ", ") + "])"
		switch len(members) {
		case 0:
			e = "z.undefined()"
		case 1:
			e = members[0]
		}
		if f.Kind == nangoyaml.FieldList {
			e += ".array()"
		}
		return e, optional, nil
	}
	return scalarZod(model, f)
}

// scalarZod maps nango.yaml's type aliases and literals to zod.
func scalarZod(model string, f *nangoyaml.Field) (string, bool, error) {
	switch v := f.Value.(type) {
	case nil:
		return "z.null()", false, nil
	case bool:
		return "z.literal(" + strconv.FormatBool(v) + ")", false, nil
	case float64:
		return "z.literal(" + jsjson.FormatNumber(v) + ")", false, nil
	case string:
		switch v {
		case "string", "number", "boolean", "bigint", "any", "undefined", "never", "void":
			return "z." + v + "()", false, nil
		case "Date":
			return "z.date()", false, nil
		case "any[]":
			return "z.any().array()", false, nil
		case "Record<string, any>":
			// nango.yaml's `object` was Record<string, any>; upstream's z.object({}) would strip
			// every key and type the field as {}.
			return "z.record(z.string(), z.any())", false, nil
		}
		if f.Kind == nangoyaml.FieldYAMLLiteral {
			return "z.literal(" + string(jsjson.MustStringify(jsjson.StringValue(v))) + ")", false, nil
		}
	}
	return "", false, fmt.Errorf("model %q, field %q: the type %v has no zod equivalent the migration knows; change it in nango.yaml first", model, f.Name, f.Value)
}

// joinProps joins object properties the way upstream's printer does: one per line, with a
// blank line around a property that spans several lines.
func joinProps(props []string, indent string) string {
	var b strings.Builder
	for i, p := range props {
		if i > 0 {
			b.WriteString(",\n")
			if strings.Contains(p, "\n") || strings.Contains(props[i-1], "\n") {
				b.WriteString("\n")
			}
		}
		b.WriteString(indent)
		b.WriteString(p)
	}
	return b.String()
}

// joinStatements joins top-level statements with the same rule, one per line.
func joinStatements(stmts []string) string {
	var b strings.Builder
	for i, s := range stmts {
		if i > 0 {
			b.WriteString("\n")
			if strings.Contains(s, "\n") || strings.Contains(stmts[i-1], "\n") {
				b.WriteString("\n")
			}
		}
		b.WriteString(s)
	}
	return b.String()
}
