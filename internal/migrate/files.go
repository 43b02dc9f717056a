package migrate

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/pkg/jsjson"
)

// ModelsFile is the root models.ts: nango.yaml's generated interfaces before, zod schemas after.
const ModelsFile = "models.ts"

func (b *builder) models() {
	text, err := modelsTS(b.p.YAML(), b.idString)
	if err != nil {
		b.problemf("%s", err)
		return
	}
	b.add(ModelsFile, []byte(text), "models")
}

func (b *builder) isModel(name string) bool {
	m := b.p.YAML().Model(name)
	return m != nil
}

// functions rewrites every script file nango.yaml declares.
func (b *builder) functions() {
	for _, s := range b.p.Scripts {
		if s.Kind != project.KindPostConnection {
			b.scripts[s.SourceRel()] = true
		}
	}
	importers := scriptImporters(b.tsFiles(), b.scripts, func(rel string) (string, bool) {
		data, err := os.ReadFile(filepath.Join(b.p.Dir, filepath.FromSlash(rel)))
		return string(data), err == nil
	})
	for _, s := range b.p.Scripts {
		if s.Kind == project.KindPostConnection {
			continue
		}
		rel := s.SourceRel()
		data, err := os.ReadFile(filepath.Join(b.p.Dir, filepath.FromSlash(rel)))
		if err != nil {
			b.problemf("%s: nango.yaml declares %s but its file cannot be read (%v); create it or remove the script from nango.yaml", rel, s.ID(), err)
			continue
		}
		src := string(data)
		exports := valueExports(src, classify(src))
		if problems := exportProblems(rel, src, exports, importers[rel]); len(problems) > 0 {
			b.problems = append(b.problems, problems...)
			continue
		}
		out, err := rewriteScript(scriptInput{s: s, rel: rel, src: unexport(src, exports), models: b.isModel, exists: b.exists})
		if err != nil {
			b.problemf("%s: %v", rel, err)
			continue
		}
		b.add(rel, []byte(out), "function")
		if w := returnMismatch(s, rel, src); w != "" {
			b.plan.Warnings = append(b.plan.Warnings, w)
		}
	}
}

// skipDirs are the folders whose .ts files are not the project's own source.
var skipDirs = map[string]bool{"node_modules": true, "dist": true, "build": true, ".nango": true}

// tsFiles are the project's own .ts files (declaration files and models.ts excluded),
// relative and slash-separated.
func (b *builder) tsFiles() []string {
	var out []string
	_ = filepath.WalkDir(b.p.Dir, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(b.p.Dir, full)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(rel, ".ts") && !strings.HasSuffix(rel, ".d.ts") && rel != ModelsFile {
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// helpers rewrites the imports of every other .ts file: SDK type names that came from
// models.ts now come from "nango" (upstream does the same), and relative imports get the
// extension node16 resolution needs (upstream does not, which fails the type check).
func (b *builder) helpers() {
	for _, rel := range b.tsFiles() {
		if b.scripts[rel] {
			continue
		}
		data, err := os.ReadFile(filepath.Join(b.p.Dir, filepath.FromSlash(rel)))
		if err != nil {
			b.problemf("%s: %v", rel, err)
			continue
		}
		text, err := b.rewriteTestCalls(rel, b.rewriteHelper(rel, string(data)))
		if err != nil {
			b.problemf("%v", err)
			continue
		}
		b.add(rel, []byte(zod4(text)), "helper")
	}
}

func (b *builder) rewriteHelper(rel, src string) string {
	cls := classify(src)
	var out strings.Builder
	last := 0
	for _, d := range parseImports(src, cls) {
		out.WriteString(src[last:d.start])
		last = d.start + len(d.text)
		spec := withExtension(rel, d.spec, b.exists)
		if !isModelsImport(rel, d.spec) {
			out.WriteString(replaceSpec(d.text, d.spec, spec))
			continue
		}
		var sdk, models []string
		for _, n := range d.named {
			if b.isModel(sourceName(n)) {
				models = append(models, n)
			} else {
				sdk = append(sdk, strings.TrimPrefix(n, "type "))
			}
		}
		if len(sdk) == 0 {
			out.WriteString(replaceSpec(d.text, d.spec, spec))
			continue
		}
		out.WriteString("import type { " + strings.Join(sdk, ", ") + " } from \"nango\";")
		if len(models) > 0 {
			kw := "import "
			if d.typeOnly {
				kw = "import type "
			}
			out.WriteString("\n" + kw + "{ " + strings.Join(models, ", ") + " } from \"" + spec + "\";")
		}
	}
	out.WriteString(src[last:])
	return out.String()
}

// packageJSON pins nango and zod in devDependencies (and removes them from dependencies), in
// a package.json created from upstream's example when there is none; 2-space JSON without a
// final newline, as upstream writes it.
func (b *builder) packageJSON() {
	v := jsjson.ObjectValue(
		jsjson.Member{Key: "name", Value: jsjson.StringValue("nango-integrations")},
		jsjson.Member{Key: "version", Value: jsjson.StringValue("1.0.0")},
		jsjson.Member{Key: "private", Value: jsjson.BoolValue(true)},
		jsjson.Member{Key: "type", Value: jsjson.StringValue("module")},
		jsjson.Member{Key: "engines", Value: jsjson.ObjectValue(jsjson.Member{Key: "node", Value: jsjson.StringValue(">=22.22.2")})},
		jsjson.Member{Key: "scripts", Value: jsjson.ObjectValue(
			jsjson.Member{Key: "compile", Value: jsjson.StringValue("nango compile")},
			jsjson.Member{Key: "dev", Value: jsjson.StringValue("nango dev")})},
	)
	if data, err := os.ReadFile(filepath.Join(b.p.Dir, "package.json")); err == nil {
		parsed, err := jsjson.Parse(data)
		if err != nil || parsed.Kind != jsjson.Object {
			b.problemf("package.json cannot be read as a JSON object (%v); fix it first", err)
			return
		}
		v = parsed
	}
	pins := map[string]string{"nango": b.opts.NangoVersion, "zod": b.opts.ZodVersion}
	if deps, ok := v.Get("dependencies"); ok && deps.Kind == jsjson.Object {
		var kept []jsjson.Member
		for _, m := range deps.Members {
			if _, pinned := pins[m.Key]; !pinned {
				kept = append(kept, m)
			}
		}
		deps.Members = kept
		v.Set("dependencies", deps)
	}
	dev, ok := v.Get("devDependencies")
	if !ok || dev.Kind != jsjson.Object {
		dev = jsjson.ObjectValue()
	}
	dev.Set("nango", jsjson.StringValue(pins["nango"]))
	dev.Set("zod", jsjson.StringValue(pins["zod"]))
	v.Set("devDependencies", dev)
	b.add("package.json", jsjson.Indent(v, "  "), "package")
}

// tsconfigJSON is the zero-yaml project's tsconfig.json as upstream writes it.
const tsconfigJSON = `{
    "$schema": "https://json.schemastore.org/tsconfig",
    "$comment": "This file is managed by Nango, do not edit it manually.",
    "include": ["index.ts", "**/*.ts"],
    "exclude": ["node_modules", "dist", "build", ".nango"],
    "compilerOptions": {
        "module": "node16",
        "target": "esnext",
        "strict": true,
        "esModuleInterop": true,
        "skipLibCheck": true,
        "forceConsistentCasingInFileNames": true,
        "moduleResolution": "node16",
        "allowUnusedLabels": false,
        "allowUnreachableCode": false,
        "exactOptionalPropertyTypes": true,
        "noFallthroughCasesInSwitch": true,
        "noImplicitOverride": true,
        "noImplicitReturns": true,
        "noPropertyAccessFromIndexSignature": true,
        "noUncheckedIndexedAccess": true,
        "noUnusedLocals": true,
        "noUnusedParameters": true,
        "declaration": false,
        "sourceMap": true,
        "composite": false,
        "checkJs": false,
        "noEmit": true
    }
}
`
