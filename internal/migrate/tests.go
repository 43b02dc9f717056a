package migrate

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/nango-go/nango/internal/vitest"
)

// Test files of a nango.yaml project call a script's default export as a function
// (`fetchData(nangoMock)`, `runAction(nangoMock, input)`); after the migration that export is
// a createSync/createAction object whose function is its exec, so each such call becomes
// `name.exec(...)` (what the reference's generate:tests writes, and what
// internal/vitest/nangotest.js runs). Only names bound to a script's default export are
// touched: a static default import, or `const name = (await import('…')).default` /
// `const { default: name } = await import('…')` as the hand-written pagination tests do. Any
// other use of such a name (typeof, passing it on, a namespace import of a script) is
// refused, since its meaning changes with the migration and cannot be rewritten blindly.

var (
	// dynamicDefaultRe: `const x = (await import('spec')).default`.
	dynamicDefaultRe = regexp.MustCompile(`\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*\(\s*await\s+import\(\s*(['"])([^'"\n]+)['"]\s*\)\s*\)\s*\.\s*default\b`)
	// dynamicDestructureRe: `const { default: x } = await import('spec')`.
	dynamicDestructureRe = regexp.MustCompile(`\b(?:const|let|var)\s*\{\s*default\s*:\s*([A-Za-z_$][\w$]*)\s*\}\s*=\s*await\s+import\(\s*(['"])([^'"\n]+)['"]\s*\)`)
	// dynamicImportRe finds every dynamic import of a relative path, for its extension.
	dynamicImportRe = regexp.MustCompile(`\bimport\(\s*(['"])(\.{1,2}/[^'"\n]*)['"]`)
	declRe          = `\b(?:const|let|var|function|class)\s+`
)

// scriptDefault is one name bound to a script's default export.
type scriptDefault struct {
	name   string
	script string // the script file, relative to the project
	// sites are the offsets of the binding occurrences (not uses).
	sites map[int]bool
}

// rewriteTestCalls turns calls of script default exports into .exec calls in the helper or
// test file rel (after rewriteHelper), and gives its relative dynamic imports the extension
// node16 resolution requires. It fails naming each use it cannot carry over.
func (b *builder) rewriteTestCalls(rel, src string) (string, error) {
	src = b.dynamicImportExtensions(rel, src)
	cls := classify(src)
	defaults, err := b.scriptDefaults(rel, src, cls)
	if err != nil || len(defaults) == 0 {
		return src, err
	}
	var edits []int // offsets where ".exec" goes
	var problems []string
	for _, d := range defaults {
		re := regexp.MustCompile(`(^|[^\w$.])` + regexp.QuoteMeta(d.name) + `\b`)
		for _, m := range re.FindAllStringSubmatchIndex(src, -1) {
			at := m[3]
			if cls[at] != code || d.sites[at] {
				continue
			}
			end := at + len(d.name)
			rest := strings.TrimLeft(src[end:], " \t")
			if strings.HasPrefix(rest, "(") {
				edits = append(edits, end)
				continue
			}
			problems = append(problems, fmt.Sprintf("%s:%d: %s is the default export of %s, which becomes a %s object; only direct calls %s(...) are carried over (as %s.exec(...)): change this use by hand first",
				rel, 1+strings.Count(src[:at], "\n"), d.name, d.script, "createSync/createAction", d.name, d.name))
		}
	}
	if len(problems) > 0 {
		return src, fmt.Errorf("%s", strings.Join(problems, "\n  - "))
	}
	var out strings.Builder
	last := 0
	sort.Ints(edits)
	for _, at := range edits {
		out.WriteString(src[last:at])
		out.WriteString(".exec")
		last = at
	}
	out.WriteString(src[last:])
	return out.String(), nil
}

// backupPath is where Apply keeps the old copy of rel. A test file's copy gets a ".bak"
// suffix: vitest (and nango test, internal/vitest/discover.go) collect test files under
// .nango too, and the old yaml-era test would run there and fail.
func backupPath(rel string) string {
	p := path.Join(BackupDir, rel)
	if vitest.IsTestFile(path.Base(rel)) {
		p += ".bak"
	}
	return p
}

// scriptTarget is the script file a relative import names ("" when it names none).
func (b *builder) scriptTarget(rel, spec string) string {
	r := resolve(rel, spec)
	if r == "" {
		return ""
	}
	for _, ext := range []string{".js", ".ts"} {
		r = strings.TrimSuffix(r, ext)
	}
	if b.scripts[r+".ts"] {
		return r + ".ts"
	}
	if b.scripts[r+"/index.ts"] {
		return r + "/index.ts"
	}
	return ""
}

// scriptDefaults finds the names bound to script default exports in src.
func (b *builder) scriptDefaults(rel, src string, cls []class) (map[string]*scriptDefault, error) {
	out := map[string]*scriptDefault{}
	bind := func(name, script string, at int) error {
		d := out[name]
		if d == nil {
			d = &scriptDefault{name: name, script: script, sites: map[int]bool{}}
			out[name] = d
		} else if d.script != script {
			return fmt.Errorf("%s:%d: %s names the default exports of both %s and %s; give them distinct names first", rel, 1+strings.Count(src[:at], "\n"), name, d.script, script)
		}
		d.sites[at] = true
		return nil
	}
	for _, d := range parseImports(src, cls) {
		script := b.scriptTarget(rel, d.spec)
		if script == "" || d.other == "" {
			continue
		}
		if strings.HasPrefix(d.other, "*") {
			return nil, fmt.Errorf("%s: the namespace import %q of %s cannot be carried over (its default export becomes a createSync/createAction object); import the default export by name first", rel, d.other, script)
		}
		at := d.start + strings.Index(d.text, d.other)
		if err := bind(d.other, script, at); err != nil {
			return nil, err
		}
	}
	for _, re := range []*regexp.Regexp{dynamicDefaultRe, dynamicDestructureRe} {
		for _, m := range re.FindAllStringSubmatchIndex(src, -1) {
			if cls[m[0]] != code {
				continue
			}
			if script := b.scriptTarget(rel, src[m[6]:m[7]]); script != "" {
				if err := bind(src[m[2]:m[3]], script, m[2]); err != nil {
					return nil, err
				}
			}
		}
	}
	// a name also declared some other way in the file could be a different binding
	for name, d := range out {
		for _, m := range regexp.MustCompile(declRe+regexp.QuoteMeta(name)+`\b`).FindAllStringIndex(src, -1) {
			if at := m[1] - len(name); cls[m[0]] == code && !d.sites[at] {
				return nil, fmt.Errorf("%s:%d: %s is declared again besides the default export of %s, so its calls cannot be told apart; rename one first", rel, 1+strings.Count(src[:at], "\n"), name, d.script)
			}
		}
	}
	return out, nil
}

// dynamicImportExtensions adds the .js (or /index.js) of withExtension to relative dynamic
// imports, as rewriteHelper does for static ones.
func (b *builder) dynamicImportExtensions(rel, src string) string {
	cls := classify(src)
	var out strings.Builder
	last := 0
	for _, m := range dynamicImportRe.FindAllStringSubmatchIndex(src, -1) {
		if cls[m[0]] != code {
			continue
		}
		spec := src[m[4]:m[5]]
		if to := withExtension(rel, spec, b.exists); to != spec && path.Ext(to) != "" {
			out.WriteString(src[last:m[4]])
			out.WriteString(to)
			last = m[5]
		}
	}
	out.WriteString(src[last:])
	return out.String()
}
