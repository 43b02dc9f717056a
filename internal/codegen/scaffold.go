package codegen

import (
	_ "embed"
	"fmt"
	"path"
	"strings"

	"github.com/nango-go/nango/pkg/nangoyaml"
)

// ExampleSyncName is the sync that gets a working example body instead of an empty stub
// (the sync of the `nango init` template).
const ExampleSyncName = "github-issue-example"

//go:embed templates/github-issue-example.ts
var exampleSync string

// Scaffold is a script file to create because none exists yet.
type Scaffold struct {
	// Path is relative to the project root, slash-separated: <integration>/<syncs|actions|on-events>/<name>.ts.
	Path    string
	Content []byte
	Script  nangoyaml.Script
}

// DuplicateScriptError reports two syncs/actions that would be one script: the same name in
// one integration (both would compile to dist/<name>-<integration>.js and deploy under one
// name), or the same root-level file <name>.ts.
type DuplicateScriptError struct {
	Script, Previous nangoyaml.Script
	// RootFile is set when both resolve to this root-level file.
	RootFile string
}

// CodeDuplicateScript is the diagnostic code of a DuplicateScriptError.
const CodeDuplicateScript = "duplicate_script_name"

// Error is the reference's message.
func (e *DuplicateScriptError) Error() string {
	return fmt.Sprintf("The %s name %s is duplicated in the nango.yaml file. All sync and action names must be unique.", e.Script.Type, e.Script.Name)
}

// Diagnostic returns the error as a diagnostic positioned on the second declaration, with
// the first one's line and the reason.
func (e *DuplicateScriptError) Diagnostic() nangoyaml.Diagnostic {
	where := ""
	if !e.Previous.Pos.IsZero() {
		where = fmt.Sprintf(" at line %d", e.Previous.Pos.Line)
	}
	why := fmt.Sprintf("both would compile to dist/%s-%s.js", e.Script.Name, e.Script.Integration.ProviderConfigKey)
	if e.RootFile != "" {
		why = "both would use the file " + e.RootFile
	}
	return nangoyaml.Diagnostic{
		Severity: nangoyaml.SeverityError,
		Phase:    nangoyaml.Phase("generate"),
		Code:     CodeDuplicateScript,
		Message:  fmt.Sprintf("%s (%q is also declared as a %s%s; %s)", e.Error(), e.Script.Name, e.Previous.Type, where, why),
		KeyPath:  []string{"integrations", e.Script.Integration.ProviderConfigKey, e.Script.Type.Dir(), e.Script.Name},
		File:     nangoyaml.FileName,
		Line:     e.Script.Pos.Line,
		Column:   e.Script.Pos.Column,
	}
}

// UnsafeNameError reports a script or integration name that cannot be a file name under the
// project: with a slash or backslash, or "." or "..". The JSON schema only checks script names
// against ^[a-zA-Z0-9_-]+$ where they appear as pattern properties, so a name such as
// "../../x" would otherwise make generate write outside the project.
type UnsafeNameError struct {
	Script nangoyaml.Script
	// Name is the offending name: the script's or its integration's.
	Name string
}

// CodeUnsafeName is the diagnostic code of an UnsafeNameError.
const CodeUnsafeName = "invalid_script_path"

func (e *UnsafeNameError) Error() string {
	return fmt.Sprintf("%q cannot be used as a file or folder name: names of integrations and scripts may not contain / or \\ nor be . or ..", e.Name)
}

// Diagnostic returns the error positioned on the script's declaration.
func (e *UnsafeNameError) Diagnostic() nangoyaml.Diagnostic {
	return nangoyaml.Diagnostic{
		Severity: nangoyaml.SeverityError,
		Phase:    nangoyaml.Phase("generate"),
		Code:     CodeUnsafeName,
		Message:  e.Error(),
		KeyPath:  []string{"integrations", e.Script.Integration.ProviderConfigKey, e.Script.Type.Dir(), e.Script.Name},
		File:     nangoyaml.FileName,
		Line:     e.Script.Pos.Line,
		Column:   e.Script.Pos.Column,
	}
}

// UnsafeName reports whether name cannot be one folder or file name under the project: empty,
// "." or "..", or with a slash, backslash or NUL. Every user-given name that becomes a path
// segment is checked with it (script and integration names here, dryrun's --variant in
// internal/dryrun/dryrun.go).
func UnsafeName(name string) bool {
	return name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\\x00")
}

// Scaffolds lists the script files to create, in the reference's order (per integration:
// on-event scripts, then syncs, then actions). exists reports whether a slash-separated path
// relative to the project root exists. A sync or action whose file exists at the root
// (`<name>.ts`, the old flat layout) or in the nested layout is skipped: nothing the user
// wrote is ever replaced. Two syncs/actions that resolve to the same script — the same
// name in one integration, or the same root file — are a DuplicateScriptError, found
// before anything is written; so is a name that cannot be a file name (UnsafeNameError).
func Scaffolds(p *nangoyaml.Parsed, exists func(rel string) bool) ([]Scaffold, error) {
	var out []Scaffold
	seen := map[string]nangoyaml.Script{}
	planned := map[string]bool{}
	for _, s := range p.Scripts() {
		if s.Type == nangoyaml.ScriptPostConnection {
			continue // never scaffolded
		}
		for _, name := range []string{s.Integration.ProviderConfigKey, s.Name} {
			if UnsafeName(name) {
				return nil, &UnsafeNameError{Script: s, Name: name}
			}
		}
		switch s.Type {
		case nangoyaml.ScriptOnEvent:
			rel := path.Join(s.Integration.ProviderConfigKey, s.Type.Dir(), s.Name+".ts")
			// One script may serve both events: one file.
			if !exists(rel) && !planned[rel] {
				planned[rel] = true
				out = append(out, Scaffold{Path: rel, Content: []byte(onEventTemplate), Script: s})
			}
		case nangoyaml.ScriptSync, nangoyaml.ScriptAction:
			root := s.Name + ".ts"
			nested := path.Join(s.Integration.ProviderConfigKey, s.Type.Dir(), s.Name+".ts")
			// The reference's key: the name alone for a root-level file, integration and
			// name otherwise (kept apart by a NUL so "a-b"+"c" and "a"+"b-c" differ).
			key, rootFile := s.Integration.ProviderConfigKey+"\x00"+s.Name, ""
			if exists(root) {
				key, rootFile = s.Name, root
			}
			if prev, dup := seen[key]; dup {
				return nil, &DuplicateScriptError{Script: s, Previous: prev, RootFile: rootFile}
			}
			seen[key] = s
			if exists(root) || exists(nested) {
				continue
			}
			out = append(out, Scaffold{Path: nested, Content: []byte(renderScript(s, "../../models")), Script: s})
		}
	}
	return out, nil
}

const onEventTemplate = `import type { NangoAction } from '../../models';

export default async function onEvent(nango: NangoAction): Promise<void> {
    // logic goes here
}
`

// renderScript renders the stub of a sync or an action; modelsPath is the import path of
// models.ts from the script's folder (the layout is always nested: `../../models`).
func renderScript(s nangoyaml.Script, modelsPath string) string {
	var outputs []string
	var input string
	if s.Sync != nil {
		outputs = s.Sync.Output
		if s.Sync.Input != nil {
			input = *s.Sync.Input
		}
	} else if s.Action != nil {
		outputs = s.Action.Output
		if s.Action.Input != nil {
			input = *s.Action.Input
		}
	}
	// Outputs then input, not de-duplicated (the reference imports `Issue, Issue` when the
	// input is also the output; TypeScript accepts it).
	names := append([]string(nil), outputs...)
	if input != "" {
		names = append(names, input)
	}
	if s.Type == nangoyaml.ScriptSync && s.Name == ExampleSyncName {
		// Like the reference's example, it is written for the init template's GithubIssue.
		return exampleSync
	}
	base := "NangoAction"
	if s.Type == nangoyaml.ScriptSync {
		base = "NangoSync"
	}
	var b strings.Builder
	b.WriteString("import type { ")
	b.WriteString(strings.Join(append([]string{base}, names...), ", "))
	b.WriteString(" } from '")
	b.WriteString(modelsPath)
	b.WriteString("';\n\n")

	if s.Type == nangoyaml.ScriptSync {
		b.WriteString("export default async function fetchData(nango: NangoSync): Promise<void> {\n" +
			"    // Integration code goes here\n" +
			"    // to save data use await nango.batchSave\n" +
			"    // to delete data use await nango.batchDelete\n" +
			"}\n")
		if len(s.Sync.WebhookSubscriptions) > 0 {
			b.WriteString("\nexport async function onWebhookPayloadReceived(nango: NangoSync, payload: any): Promise<void> {\n" +
				"    // handle the subscription types you need\n" +
				"    // use nango.batchUpdate for object change events\n" +
				"}\n")
		}
		b.WriteString("\n")
		return b.String()
	}

	param := "_input?: void"
	if input != "" {
		param = "input: " + input
	}
	ret := "void"
	if len(outputs) > 0 {
		ret = strings.Join(outputs, " | ")
	}
	fmt.Fprintf(&b, "export default async function runAction(nango: NangoAction, %s): Promise<%s> {\n"+
		"    // Integration code goes here\n"+
		"}\n", param, ret)
	return b.String()
}
