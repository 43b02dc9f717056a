package migrate

import (
	"path"
	"regexp"
	"sort"
	"strings"
)

// importDecl is one top-level import statement of a TypeScript file.
type importDecl struct {
	start, end int // span in the source, trailing newline included
	text       string
	typeOnly   bool
	named      []string // the entries between braces, as written ("A", "B as C")
	other      string   // the default or namespace binding, "" when none
	spec       string
}

var (
	importFromRe   = regexp.MustCompile(`(?m)^import\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"\n]+)['"][ \t]*;?[ \t]*\r?\n?`)
	importEffectRe = regexp.MustCompile(`(?m)^import\s*['"]([^'"\n]+)['"][ \t]*;?[ \t]*\r?\n?`)
)

// parseImports returns the file's import statements in order (those that are code, not text
// inside a comment or string).
func parseImports(src string, cls []class) []importDecl {
	var out []importDecl
	for _, m := range importFromRe.FindAllStringSubmatchIndex(src, -1) {
		if cls[m[0]] != code {
			continue
		}
		d := importDecl{start: m[0], end: m[1], text: strings.TrimRight(src[m[0]:m[1]], "\r\n"), typeOnly: m[2] >= 0, spec: src[m[6]:m[7]]}
		clause := src[m[4]:m[5]]
		if o := strings.IndexByte(clause, '{'); o >= 0 {
			c := strings.IndexByte(clause, '}')
			if c < o {
				c = len(clause)
			}
			for _, n := range strings.Split(clause[o+1:c], ",") {
				if n = strings.Join(strings.Fields(n), " "); n != "" {
					d.named = append(d.named, n)
				}
			}
			clause = clause[:o] + clause[min(c+1, len(clause)):]
		}
		d.other = strings.Trim(clause, " \t\r\n,")
		out = append(out, d)
	}
	for _, m := range importEffectRe.FindAllStringSubmatchIndex(src, -1) {
		if cls[m[0]] == code {
			out = append(out, importDecl{start: m[0], end: m[1], text: strings.TrimRight(src[m[0]:m[1]], "\r\n"), spec: src[m[2]:m[3]]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// importedName is the local name an entry binds ("B as C" → "C", "type D" → "D").
func importedName(entry string) string {
	entry = strings.TrimPrefix(entry, "type ")
	if _, after, ok := strings.Cut(entry, " as "); ok {
		return strings.TrimSpace(after)
	}
	return strings.TrimSpace(entry)
}

// sourceName is the exported name an entry imports ("B as C" → "B").
func sourceName(entry string) string {
	entry = strings.TrimPrefix(entry, "type ")
	before, _, _ := strings.Cut(entry, " as ")
	return strings.TrimSpace(before)
}

// resolve is a relative import's target relative to the project ("" for a package).
func resolve(fileRel, spec string) string {
	if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") {
		return ""
	}
	return path.Clean(path.Join(path.Dir(fileRel), spec))
}

// isModelsImport: the import names the project's root models.ts (with or without extension).
func isModelsImport(fileRel, spec string) bool {
	r := resolve(fileRel, spec)
	return r == "models" || r == "models.js" || r == "models.ts"
}

// withExtension gives a relative import without extension the `.js` (or `/index.js`) that
// node16 module resolution requires; upstream leaves it out, which is a type error in the
// migrated project. exists answers for files relative to the project.
func withExtension(fileRel, spec string, exists func(string) bool) string {
	r := resolve(fileRel, spec)
	if r == "" {
		return spec
	}
	switch path.Ext(spec) {
	case ".js", ".mjs", ".cjs", ".json", ".ts", ".mts", ".cts":
		return spec
	}
	switch {
	case r == "models" || exists(r+".ts"):
		return spec + ".js"
	case exists(r + "/index.ts"):
		return strings.TrimSuffix(spec, "/") + "/index.js"
	}
	return spec
}

// replaceSpec rewrites the module path inside an import statement's text.
func replaceSpec(text, from, to string) string {
	if from == to {
		return text
	}
	for _, q := range []string{"'", `"`} {
		if i := strings.LastIndex(text, q+from+q); i >= 0 {
			return text[:i] + q + to + q + text[i+len(from)+2:]
		}
	}
	return text
}
