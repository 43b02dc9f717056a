package migrate

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/pkg/jsjson"
)

var (
	defaultFnRe = regexp.MustCompile(`(?m)^export\s+default\s+(?:async\s+)?function\b\s*[A-Za-z0-9_$]*\s*\(`)
	webhookFnRe = regexp.MustCompile(`(?m)^export\s+(?:async\s+)?function\s+onWebhookPayloadReceived\s*\(`)
	// typeArgCallRe: the zero-yaml SDK types these calls from the function's models and
	// metadata, so their explicit type arguments go, as upstream's migration removes them.
	typeArgCallRe = regexp.MustCompile(`\b(batchSave|batchDelete|batchUpdate)<(?:[^<>()]|<[^<>()]*>)*>\(`)
	// getMetadataRe: x.getMetadata<T>(), whose type argument goes only when it is the model
	// the definition's metadata already gives (see fixCode).
	getMetadataRe = regexp.MustCompile(`\b([A-Za-z_$][\w$]*)\.getMetadata<((?:[^<>()]|<[^<>()]*>)*)>\(\)`)
)

// fnDecl is a top-level function declaration found in a script.
type fnDecl struct {
	start, end       int // the whole declaration, its trailing newline included
	params           []string
	returnType       string
	bodyOpen, bodyTo int // the body's braces
}

// findFunction finds the declaration whose header re matches (nil when there is none).
func findFunction(src string, cls []class, re *regexp.Regexp) (*fnDecl, error) {
	var m []int
	for _, c := range re.FindAllStringIndex(src, -1) {
		if cls[c[0]] == code {
			m = c
			break
		}
	}
	if m == nil {
		return nil, nil
	}
	open := m[1] - 1
	closeParen := matchClose(src, cls, open)
	if closeParen < 0 {
		return nil, fmt.Errorf("the parameter list that starts at byte %d is not closed", open)
	}
	d := &fnDecl{start: m[0], params: paramNames(src[open+1 : closeParen])}
	body, ret := bodyStart(src, cls, closeParen+1)
	if body < 0 {
		return nil, fmt.Errorf("the function declared at byte %d has no body", m[0])
	}
	d.returnType, d.bodyOpen = ret, body
	if d.bodyTo = matchClose(src, cls, body); d.bodyTo < 0 {
		return nil, fmt.Errorf("the function body that starts at byte %d is not closed", body)
	}
	d.end = d.bodyTo + 1
	if d.end < len(src) && src[d.end] == '\n' {
		d.end++
	}
	return d, nil
}

// bodyStart finds the `{` that opens a function body after its parameter list, and the
// return type written between them ("" when none).
func bodyStart(src string, cls []class, from int) (int, string) {
	j := from
	for j < len(src) && strings.IndexByte(" \t\r\n", src[j]) >= 0 {
		j++
	}
	if j < len(src) && src[j] == '{' {
		return j, ""
	}
	if j >= len(src) || src[j] != ':' {
		return -1, ""
	}
	j++
	depth := 0
	for k := j; k < len(src); k++ {
		if cls[k] != code {
			continue
		}
		switch src[k] {
		case '<', '(', '[':
			depth++
		case '>', ')', ']':
			depth--
		case '{':
			t := strings.TrimSpace(src[j:k])
			if depth == 0 && t != "" && !strings.ContainsAny(t[len(t)-1:], "|&:,<=") {
				return k, t
			}
			depth++
		case '}':
			depth--
		}
	}
	return -1, ""
}

// paramNames are the names of a parameter list's parameters (types and defaults dropped).
func paramNames(list string) []string {
	var out []string
	depth, startAt := 0, 0
	flush := func(p string) {
		p = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "..."))
		n := 0
		for n < len(p) && isIdent(p[n]) {
			n++
		}
		if n > 0 {
			out = append(out, p[:n])
		}
	}
	for i := 0; i < len(list); i++ {
		switch list[i] {
		case '<', '(', '[', '{':
			depth++
		case '>', ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				flush(list[startAt:i])
				startAt = i + 1
			}
		}
	}
	flush(list[startAt:])
	return out
}

// scriptInput is what rewriting one script needs besides its source.
type scriptInput struct {
	s      *project.Script
	rel    string // the script file relative to the project
	src    string
	models func(name string) bool // a nango.yaml model name
	exists func(rel string) bool
}

// rewriteScript turns a nango.yaml-era script (a default-exported function, maybe an
// onWebhookPayloadReceived export) into a function file whose default export is
// createSync/createAction/createOnEvent with the definition nango.yaml gave it.
func rewriteScript(in scriptInput) (string, error) {
	cls := classify(in.src)
	fn, err := findFunction(in.src, cls, defaultFnRe)
	if err != nil {
		return "", err
	}
	if fn == nil {
		return "", fmt.Errorf("it has no `export default async function …` to carry over (a default export of another form is not migrated)")
	}
	hook, err := findFunction(in.src, cls, webhookFnRe)
	if err != nil {
		return "", err
	}
	w := &scriptWriter{in: in, cls: cls, fn: fn, hook: hook}
	w.splitRest()
	return w.render(), nil
}

type scriptWriter struct {
	in        scriptInput
	cls       []class
	fn, hook  *fnDecl
	imports   []importDecl
	pre, post string
	usedZod   bool
}

// localType is the file's own type for the nango object (upstream's NangoSyncLocal /
// NangoActionLocal), which replaces the SDK type names in replaced: NangoSync in a sync file
// (as upstream does); in an action or on-event file both NangoAction and NangoSync, since a
// helper typed with NangoSync that an action calls only ever gets the action's object.
func (w *scriptWriter) localType() (replaced []string, local, variable string) {
	switch w.in.s.Kind {
	case project.KindSync:
		return []string{"NangoSync"}, "NangoSyncLocal", "sync"
	case project.KindAction:
		return []string{"NangoAction", "NangoSync"}, "NangoActionLocal", "action"
	}
	return []string{"NangoAction", "NangoSync"}, "NangoActionLocal", "onEvent"
}

// splitRest separates the imports from the rest of the file, without the two functions that
// become definition properties, into what comes before the default export and after it.
func (w *scriptWriter) splitRest() {
	src := w.in.src
	w.imports = parseImports(src, w.cls)
	type span struct{ start, end int }
	var cut []span
	for _, d := range w.imports {
		cut = append(cut, span{d.start, d.end})
	}
	if w.hook != nil {
		cut = append(cut, span{w.hook.start, w.hook.end})
	}
	var pre, post strings.Builder
	for i := 0; i < len(src); i++ {
		if i >= w.fn.start && i < w.fn.end {
			continue
		}
		skip := false
		for _, c := range cut {
			if i >= c.start && i < c.end {
				skip = true
				break
			}
		}
		if skip {
			continue
		}
		if i < w.fn.start {
			pre.WriteByte(src[i])
		} else {
			post.WriteByte(src[i])
		}
	}
	w.pre, w.post = w.fixCode(strings.TrimSpace(pre.String())), w.fixCode(strings.TrimLeft(post.String(), " \t\r\n"))
}

// fixCode applies the text changes every moved piece of code gets: the batch calls' type
// arguments removed and the SDK's nango type replaced by the file's own.
func (w *scriptWriter) fixCode(s string) string {
	s = zod4(typeArgCallRe.ReplaceAllString(w.fixGetMetadata(s), "$1("))
	replaced, local, _ := w.localType()
	for _, sdk := range replaced {
		s = regexp.MustCompile(`\b`+sdk+`\b`).ReplaceAllString(s, local)
	}
	return s
}

// fixGetMetadata removes getMetadata's type argument when it names the sync's metadata model
// (upstream's migration removes it always), and otherwise keeps the type as a cast: github's
// list-files reads its own `interface Metadata`, which without the argument is unused
// (noUnusedLocals) and the call typed by the definition alone.
func (w *scriptWriter) fixGetMetadata(s string) string {
	return getMetadataRe.ReplaceAllStringFunc(s, func(m string) string {
		sm := getMetadataRe.FindStringSubmatch(m)
		if t := strings.TrimSpace(sm[2]); w.in.s.Kind == project.KindSync && t == w.in.s.Input {
			return sm[1] + ".getMetadata()"
		}
		return "(" + sm[1] + ".getMetadata() as Promise<" + sm[2] + ">)"
	})
}

func (w *scriptWriter) render() string {
	_, local, variable := w.localType()
	props := w.definition()
	var b strings.Builder
	if w.pre != "" {
		b.WriteString(w.pre + "\n\n")
	}
	b.WriteString("const " + variable + " = " + wrapperCall(w.in.s.Kind) + "({\n" + joinProps(props, "    ") + "\n});\n\n")
	b.WriteString("export type " + local + " = Parameters<typeof " + variable + "[\"exec\"]>[0];\n")
	b.WriteString("export default " + variable + ";\n")
	if w.post != "" {
		// what followed the function stays as written, its final blank lines included
		b.WriteString("\n" + w.post)
		if !strings.HasSuffix(w.post, "\n") {
			b.WriteString("\n")
		}
	}
	return w.header(b.String()) + "\n" + b.String()
}

func wrapperCall(k project.Kind) string {
	switch k {
	case project.KindSync:
		return "createSync"
	case project.KindAction:
		return "createAction"
	}
	return "createOnEvent"
}

// header is the import block: the wrapper (and any other SDK name the file used) from
// "nango", the file's other imports as written, the models it uses, zod when the definition
// needs it. A model the file imported that the rewritten code (rest) no longer names is left
// out: the exec's return type is now the definition's output (asana's fetch-projects returned
// BaseAsanaModel[], now its array model), and an unused import fails noUnusedLocals.
func (w *scriptWriter) header(rest string) string {
	sdkNames := []string{wrapperCall(w.in.s.Kind)}
	replaced, _, _ := w.localType()
	modelNames := w.definitionModels()
	var kept []string
	hasZ := false
	for _, d := range w.imports {
		if !isModelsImport(w.in.rel, d.spec) {
			kept = append(kept, replaceSpec(d.text, d.spec, withExtension(w.in.rel, d.spec, w.in.exists)))
			hasZ = hasZ || d.spec == "zod" && (d.other == "* as z" || d.other == "z" || containsName(d.named, "z"))
			continue
		}
		for _, n := range d.named {
			switch {
			case w.in.models(sourceName(n)):
				if regexp.MustCompile(`\b` + regexp.QuoteMeta(importedName(n)) + `\b`).MatchString(rest) {
					modelNames = appendNew(modelNames, strings.TrimPrefix(n, "type "))
				}
			case containsName(replaced, sourceName(n)):
			default:
				sdkNames = appendNew(sdkNames, strings.TrimPrefix(n, "type "))
			}
		}
	}
	var b strings.Builder
	b.WriteString("import { " + strings.Join(sdkNames, ", ") + " } from \"nango\";\n")
	for _, k := range kept {
		b.WriteString(k + "\n")
	}
	if len(kept) > 0 {
		b.WriteString("\n")
	}
	if len(modelNames) > 0 {
		rel, _ := relPath(path.Dir(w.in.rel), "models.js")
		b.WriteString("import { " + strings.Join(modelNames, ", ") + " } from \"" + rel + "\";\n")
	}
	if w.usedZod && !hasZ {
		b.WriteString("import * as z from \"zod\";\n")
	}
	return b.String()
}

func containsName(entries []string, name string) bool {
	for _, e := range entries {
		if importedName(e) == name {
			return true
		}
	}
	return false
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if importedName(x) == importedName(s) {
			return list
		}
	}
	return append(list, s)
}

// relPath is the import path from dir (relative to the project) to the project file rel.
func relPath(dir, rel string) (string, error) {
	up := ""
	for d := dir; d != "." && d != ""; d = path.Dir(d) {
		up += "../"
	}
	if up == "" {
		up = "./"
	}
	return up + rel, nil
}

// definitionModels are the models the definition names, in upstream's order (sync: outputs
// then metadata; action: output then input).
func (w *scriptWriter) definitionModels() []string {
	s := w.in.s
	var out []string
	switch s.Kind {
	case project.KindSync:
		out = append(out, s.Outputs...)
		if s.Input != "" {
			out = append(out, s.Input)
		}
	case project.KindAction:
		out = append(out, s.Outputs...)
		if s.Input != "" {
			out = appendNew(out, s.Input)
		}
	}
	return out
}

func jsString(s string) string { return string(jsjson.MustStringify(jsjson.StringValue(s))) }

func jsStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = jsString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func endpointObject(e project.Endpoint, indent string) string {
	props := []string{"method: " + jsString(e.Method), "path: " + jsString(e.Path)}
	if e.Group != "" {
		props = append(props, "group: "+jsString(e.Group))
	}
	return "{\n" + indent + "    " + strings.Join(props, ",\n"+indent+"    ") + "\n" + indent + "}"
}
