package migrate

import (
	"path"
	"regexp"
	"sort"
	"strings"
)

// A zero-yaml function file may export only its default besides types and re-exports
// (internal/scriptcheck/zeroanalyze.go, exportedNames), while a nango.yaml-era script often
// exported its mappers too. Those exports are removed when no other file imports them; when
// one does, the migration refuses, naming the file, the export and the importer, since moving
// a declaration with everything it depends on into a helper file is not something text edits
// can do safely.

var (
	// exportDeclRe: `export function|class|enum|const|let|var NAME` at the start of a line
	// (export is only valid at top level, so a line start that is code is a statement start).
	exportDeclRe = regexp.MustCompile(`(?m)^export\s+((?:async\s+)?function\b\s*\*?\s*|(?:abstract\s+)?class\s+|(?:const\s+)?enum\s+|const\s+|let\s+|var\s+)([A-Za-z_$][\w$]*)`)
	// exportListRe: `export { a, b as c };` (a list followed by `from` is a re-export).
	exportListRe = regexp.MustCompile(`(?m)^export\s*\{([^}]*)\}[ \t]*(from\b)?[^;\n]*;?[ \t]*\r?\n?`)
	// reExportRe: another file re-exporting what a script exports counts as importing it.
	reExportRe = regexp.MustCompile(`(?m)^export\s+(type\s+)?(\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*['"]([^'"\n]+)['"]`)
)

// valueExport is one name a script exports as a value, and the edit that un-exports it.
type valueExport struct {
	name       string // as other files import it
	local      string // the binding in the script (differs with `export { a as b }`)
	start, end int    // the source span the edit replaces
	with       string
}

// valueExports finds the script's value exports other than its default and the webhook
// handler (which becomes a definition property).
func valueExports(src string, cls []class) []valueExport {
	var out []valueExport
	for _, m := range exportDeclRe.FindAllStringSubmatchIndex(src, -1) {
		name := src[m[4]:m[5]]
		if cls[m[0]] != code || name == "onWebhookPayloadReceived" && strings.Contains(src[m[2]:m[3]], "function") {
			continue
		}
		out = append(out, valueExport{name: name, local: name, start: m[0], end: m[2]})
	}
	for _, m := range exportListRe.FindAllStringSubmatchIndex(src, -1) {
		if cls[m[0]] != code || m[4] >= 0 {
			continue
		}
		var kept []string
		var names, locals []string
		for _, e := range strings.Split(src[m[2]:m[3]], ",") {
			e = strings.Join(strings.Fields(e), " ")
			switch {
			case e == "":
			case strings.HasPrefix(e, "type "):
				kept = append(kept, e)
			case declaresType(src, sourceName(e)):
				kept = append(kept, "type "+e)
			default:
				names, locals = append(names, importedName(e)), append(locals, sourceName(e))
			}
		}
		with := ""
		if len(kept) > 0 {
			with = "export { " + strings.Join(kept, ", ") + " };\n"
		}
		for i, n := range names {
			v := valueExport{name: n, local: locals[i], start: m[0], end: m[0]}
			if i == 0 { // one edit per statement
				v.end, v.with = m[1], with
			}
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// declaresType: name is a type alias or interface of the file (so `export { name }` is a type
// export the compile check would still flag, kept as `export { type name }`).
func declaresType(src, name string) bool {
	re := regexp.MustCompile(`(?m)^(?:export\s+)?(?:declare\s+)?(?:type|interface)\s+` + regexp.QuoteMeta(name) + `\b`)
	return re.MatchString(src)
}

// unexport applies the edits of valueExports to src.
func unexport(src string, exports []valueExport) string {
	var b strings.Builder
	last := 0
	for _, e := range exports {
		if e.start < last {
			continue
		}
		b.WriteString(src[last:e.start])
		b.WriteString(e.with)
		last = e.end
	}
	b.WriteString(src[last:])
	return b.String()
}

// importUse is a file that imports names of another file (all of them for `import * as`).
type importUse struct {
	importer string
	names    []string
	all      bool
}

// scriptImporters maps each script file to the other files that import from it, read from
// every .ts file of the project (files, relative paths; read returns a file's text).
func scriptImporters(files []string, scripts map[string]bool, read func(string) (string, bool)) map[string][]importUse {
	out := map[string][]importUse{}
	for _, rel := range files {
		src, ok := read(rel)
		if !ok {
			continue
		}
		cls := classify(src)
		add := func(spec string, u importUse) {
			if target := scriptTarget(rel, spec, scripts); target != "" && target != rel {
				u.importer = rel
				out[target] = append(out[target], u)
			}
		}
		for _, d := range parseImports(src, cls) {
			u := importUse{all: strings.HasPrefix(d.other, "*") || strings.Contains(d.other, ", *")}
			for _, n := range d.named {
				u.names = append(u.names, sourceName(n))
			}
			add(d.spec, u)
		}
		for _, m := range reExportRe.FindAllStringSubmatchIndex(src, -1) {
			if cls[m[0]] != code || m[2] >= 0 {
				continue
			}
			clause := src[m[4]:m[5]]
			u := importUse{all: strings.HasPrefix(clause, "*")}
			for _, n := range strings.Split(strings.Trim(clause, "{}"), ",") {
				if n = strings.Join(strings.Fields(n), " "); n != "" && !strings.HasPrefix(n, "type ") {
					u.names = append(u.names, sourceName(n))
				}
			}
			add(src[m[6]:m[7]], u)
		}
	}
	return out
}

// scriptTarget is the script file a relative import of fileRel names ("" when it names none).
func scriptTarget(fileRel, spec string, scripts map[string]bool) string {
	r := resolve(fileRel, spec)
	if r == "" {
		return ""
	}
	for _, c := range []string{r, r + ".ts", strings.TrimSuffix(r, path.Ext(r)) + ".ts", r + "/index.ts"} {
		if scripts[c] {
			return c
		}
	}
	return ""
}

// exportProblems names every value export of a script that another file imports, and every
// one that nothing uses: un-exported, it would be an unused local, which the zero-yaml
// tsconfig (noUnusedLocals) makes a type error.
func exportProblems(rel, src string, exports []valueExport, uses []importUse) []string {
	var out []string
	rest := unexport(src, exports)
	restCls := classify(rest)
	for _, e := range exports {
		imported := false
		for _, u := range uses {
			imported = imported || u.all || containsName(u.names, e.name)
		}
		if !imported && references(rest, restCls, e.local) < 2 {
			out = append(out, rel+": it exports "+e.name+", which neither the file nor any other file uses, and a zero-yaml function file may export only its default; remove "+
				e.name+" (dead code), then run nango migrate-to-zero-yaml again")
		}
		for _, u := range uses {
			if !u.all && !containsName(u.names, e.name) {
				continue
			}
			out = append(out, rel+": it exports "+e.name+", which "+u.importer+" imports, but a zero-yaml function file may export only its default; move "+
				e.name+" (and what it needs) to a helper file that both import, then run nango migrate-to-zero-yaml again")
			break
		}
	}
	return out
}

// references counts the code occurrences of the identifier name in src (its declaration
// included). A property access `x.name` is not one, nor is a key or member named like it
// (`{ name: 1 }`, `name?: T`, a parameter `(name: T)`), which shadows or is another thing.
func references(src string, cls []class, name string) int {
	n := 0
	re := regexp.MustCompile(`(?:^|[^\w$.])(` + regexp.QuoteMeta(name) + `)(?:[^\w$]|$)`)
	for _, m := range re.FindAllStringSubmatchIndex(src, -1) {
		if cls[m[2]] != code {
			continue
		}
		after := strings.TrimLeft(src[m[3]:], " \t")
		before := strings.TrimRight(src[:m[2]], " \t\r\n")
		if (strings.HasPrefix(after, ":") || strings.HasPrefix(after, "?:")) && (before == "" || strings.ContainsAny(before[len(before)-1:], "{,;(")) {
			continue
		}
		n++
	}
	return n
}
