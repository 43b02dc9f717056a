package scriptcheck

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
)

// Severity of a diagnostic.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Diagnostic codes. Each names one cause, so that tests and --json consumers can match on it
// rather than on wording.
const (
	CodeNotAwaited         = "not-awaited"
	CodeBatchInAction      = "batch-in-action"
	CodeInvalidModel       = "invalid-model"
	CodeModelNotOutput     = "model-not-output"
	CodeSyncReturnsValue   = "sync-returns-value"
	CodeRetryOnNoRetries   = "retryon-without-retries"
	CodeMergingStrategy    = "merging-strategy-order"
	CodeDeprecated         = "deprecated-call"
	CodeDisallowedImport   = "disallowed-import"
	CodeImportOutside      = "import-outside-project"
	CodeMissingScript      = "missing-script-file"
	CodeUndeclaredScript   = "undeclared-script-file"
	CodeMisplacedScript    = "misplaced-script-file"
	CodeUnsupportedSyntax  = "unsupported-syntax"
	CodeSyntax             = "syntax"
	CodeBundle             = "bundle"
	CodeTypecheck          = "typecheck"
	CodeTypecheckSkipped   = "typecheck-skipped"
	CodeTypecheckToolError = "typecheck-failed"
)

// Diagnostic is one finding of a compile step (static check, bundle or type check), with a
// position in a project file. Line and Column are 1-based; 0 means unknown.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	// File is relative to the project folder, with forward slashes.
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// Script is "<integration>/<name>" when the finding belongs to one script's compilation.
	Script string `json:"script,omitempty"`
	// Detail holds extra lines (esbuild notes, continuation lines of a tsc message).
	Detail string `json:"detail,omitempty"`
}

// Position returns "file:line:col" (as much of it as is known).
func (d Diagnostic) Position() string {
	s := d.File
	if d.Line > 0 {
		s += fmt.Sprintf(":%d", d.Line)
		if d.Column > 0 {
			s += fmt.Sprintf(":%d", d.Column)
		}
	}
	return s
}

// String formats the diagnostic the way compilers do, so editors can jump to it:
// "file:line:col: error: message".
func (d Diagnostic) String() string {
	s := fmt.Sprintf("%s: %s", d.Severity, d.Message)
	if pos := d.Position(); pos != "" {
		s = pos + ": " + s
	}
	if d.Detail != "" {
		s += "\n" + d.Detail
	}
	return s
}

// HasErrors reports whether any diagnostic is an error.
func HasErrors(ds []Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Count returns how many diagnostics have severity s.
func Count(ds []Diagnostic, s Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Dedupe removes diagnostics that repeat one already seen (same file, line, code and message;
// a helper imported by several scripts is checked once per script) and sorts them by file,
// line and column, errors before warnings at the same place.
func Dedupe(ds []Diagnostic) []Diagnostic {
	type key struct {
		file, code, msg string
		line            int
	}
	seen := make(map[key]bool, len(ds))
	out := ds[:0:0]
	for _, d := range ds {
		k := key{d.File, d.Code, d.Message, d.Line}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Severity == SeverityError && b.Severity != SeverityError
	})
	return out
}

// RelPath returns path relative to root with forward slashes, or path itself when it is not
// inside root.
func RelPath(root, path string) string {
	if rel, err := filepath.Rel(root, path); err == nil && !startsWithDotDot(rel) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

func startsWithDotDot(rel string) bool {
	return rel == ".." || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator)
}

// ExtraChecks are the checks of ours that the reference CLI (0.60.5) does not have, or has
// more leniently: each is a warning, so that it never fails a build the reference accepts
// (README, "nango compile"). Strict turns them into errors for those who ask (--strict).
// The reference's own checks (disallowed imports, unawaited calls it checks, batch calls in
// an action, unknown model names, retryOn without retries, setMergingStrategy order, a sync
// returning a value, imports outside the project, missing script files) stay errors.
var ExtraChecks = []string{
	CodeModelNotOutput,    // a sync saves a model of nango.yaml that it does not output
	CodeNotAwaited,        // (the warning form) a call dropped in a callback, or a call the reference does not check
	CodeDeprecated,        // a deprecated nango.* call
	CodeUnsupportedSyntax, // a regular expression goja cannot run
	CodeUndeclaredScript,  // a .ts file in a script folder that nango.yaml does not declare
}

// Strict returns ds with the warnings of ExtraChecks made errors (`compile --strict`).
func Strict(ds []Diagnostic) []Diagnostic {
	out := make([]Diagnostic, len(ds))
	for i, d := range ds {
		if d.Severity == SeverityWarning && slices.Contains(ExtraChecks, d.Code) {
			d.Severity = SeverityError
			d.Message += " (an error with --strict)"
		}
		out[i] = d
	}
	return out
}
