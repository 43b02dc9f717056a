package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/usercache"
)

// FormatZero is a zero-yaml project: no nango.yaml, an index.ts that imports every function
// file, each function's definition in its default export (createSync/createAction/
// createOnEvent from "nango"). See zerodefs.go for how definitions are read.
const FormatZero Format = "zero-yaml"

// ZeroIndexFile lists a zero-yaml project's function files.
const ZeroIndexFile = "index.ts"

// ZeroScript is what only a zero-yaml function has; Script.Zero is nil for nango.yaml scripts.
type ZeroScript struct {
	// Entry is the import path in index.ts, "./acme-crm/syncs/fetchContacts.js".
	Entry string
	// Source is the function file relative to the project, "acme-crm/syncs/fetchContacts.ts".
	Source string
	// Dir is the folder between the integration and the file ("syncs"); it names the bundle
	// (bundle.ZeroOutputName) while the type comes from the export.
	Dir string
	// JSONSchema is `{"definitions":{...}}` of the function's models, in the reference's order
	// (sync: models then metadata; action: input then output; on-event: none).
	JSONSchema []byte
	// EndpointsJSON are the sync's `endpoints` or the action's `endpoint` as written (key
	// order kept), "null" when an action has none.
	EndpointsJSON []byte
	// Features are the reference's detected features ("checkpoints").
	Features []string
	// HasMetadata: the sync declares `metadata` (Script.Input is then its synthetic name).
	HasMetadata bool
	// Bundle is the function's CommonJS bundle (bundle.BuildZero), what compile writes to
	// BundleRel and the runtime loads.
	Bundle []byte
}

// BundleRel is the function's bundle relative to the project:
// build/<integration>_<folder>_<name>.cjs (bundle.ZeroOutputName).
func (z *ZeroScript) BundleRel() string {
	return bundle.ZeroBuildDir + "/" + bundle.ZeroOutputName(z.Source)
}

// IsZero reports whether dir is a zero-yaml project: it has index.ts and no nango.yaml. (The
// reference also requires a .nango entry; we do not, so a fresh clone without .nango opens.)
func IsZero(dir string) bool {
	if Exists(dir) {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, ZeroIndexFile))
	return err == nil && !fi.IsDir()
}

// zeroEntryRe is the reference's entry-point rule: side-effect imports of "./…" paths at the
// start of a line; commented lines, named imports, "../" paths and re-exports do not count.
var zeroEntryRe = regexp.MustCompile(`(?m)^import ['"](\./[^'"]+)['"];?`)

// ZeroEntries returns the entry points index.ts lists, in file order, with ".js" appended
// when the import has no extension (as the reference does).
func ZeroEntries(dir string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, ZeroIndexFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: no %s in %s", ErrNoDefinitions, ZeroIndexFile, dir)
		}
		return nil, fmt.Errorf("could not read %s: %w", ZeroIndexFile, err)
	}
	var out []string
	for _, m := range zeroEntryRe.FindAllStringSubmatch(string(data), -1) {
		e := m[1]
		if path.Ext(e) == "" {
			e += ".js"
		}
		out = append(out, e)
	}
	return out, nil
}

// zeroSource maps an entry ("./a/syncs/x.js") to its TypeScript file relative to the project
// ("a/syncs/x.ts"), as the reference's tsToJsPath reversed.
func zeroSource(entry string) string {
	rel := path.Clean(strings.TrimPrefix(entry, "./"))
	switch ext := path.Ext(rel); ext {
	case ".js", ".cjs", ".mjs":
		rel = strings.TrimSuffix(rel, ext) + ".ts"
	}
	return rel
}

// cleanIntegration and cleanName build the reference's synthetic model names
// (SyncMetadata_<i>_<n>, ActionInput_…, ActionOutput_…): in the integration every
// non-alphanumeric character becomes "_", in the name it is removed.
var nonAlnum = regexp.MustCompile(`[^a-zA-Z0-9]`)

func cleanIntegration(s string) string { return nonAlnum.ReplaceAllString(s, "_") }
func cleanName(s string) string        { return nonAlnum.ReplaceAllString(s, "") }

// SyntheticModel is the reference's name of a function's unnamed model: kind is
// "SyncMetadata", "ActionInput" or "ActionOutput".
func SyntheticModel(kind, integration, name string) string {
	return kind + "_" + cleanIntegration(integration) + "_" + cleanName(name)
}

// ZodMajor is the zod major the project's scripts are written against (usercache.Zod4 for
// zero-yaml functions, usercache.Zod3 for nango.yaml scripts): where a run looks for zod
// (usercache.NodeModulesFor).
func (p *Project) ZodMajor() int {
	if p.Format == FormatZero {
		return usercache.Zod4
	}
	return usercache.Zod3
}
