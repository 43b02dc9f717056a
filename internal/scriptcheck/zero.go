package scriptcheck

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ZeroAllowedImports are the packages a zero-yaml function may import, in the reference's
// order (its error message lists them so): the nango.yaml list plus the CLI's own `nango`
// modules.
var ZeroAllowedImports = []string{"nango/experimental", "url", "node:url", "crypto", "node:crypto", "nango", "zod", "unzipper", "soap", "botbuilder"}

// IsZeroAllowedImport reports whether a zero-yaml function may import package spec.
func IsZeroAllowedImport(spec string) bool { return slices.Contains(ZeroAllowedImports, spec) }

// ZeroImportMessage is the error for a package a zero-yaml function may not import; the
// bundler (internal/bundle/zero.go) reports the same text.
func ZeroImportMessage(spec string) string {
	return fmt.Sprintf("Import of package '%s' is not allowed. Allowed packages are: %s", spec, strings.Join(ZeroAllowedImports, ", "))
}

// Codes of the zero-yaml rules.
const (
	CodeNamedExport    = "named-export"
	CodeDefaultExport  = "invalid-default-export"
	CodeTrackDeletes   = "track-deletes-order"
	CodeConsoleLogging = "console-statement"
)

// rules are what differs between the nango.yaml checks and the zero-yaml ones.
type rules struct {
	allowed        func(string) bool
	importMessage  func(spec, file string) string
	mustAwait      map[string]bool
	retryOnMessage string
}

var yamlRules = rules{
	allowed: IsAllowedImport,
	importMessage: func(spec, file string) string {
		return fmt.Sprintf("Importing libraries is not allowed. Please remove the import %q from %q (allowed: %s)", spec, file, strings.Join(AllowedImports, ", "))
	},
	mustAwait:      mustAwait,
	retryOnMessage: "Usage of 'retryOn' without 'retries'. 'retryOn' should not be used if 'retries' is not set.",
}

var zeroRules = rules{
	allowed:        IsZeroAllowedImport,
	importMessage:  func(spec, _ string) string { return ZeroImportMessage(spec) },
	mustAwait:      zeroMustAwait(),
	retryOnMessage: "Proxy call: 'retryOn' should not be used if 'retries' is not set.",
}

// zeroMustAwait: the zero-yaml CLI also requires the deletion-tracking calls and
// setMergingStrategy to be awaited.
func zeroMustAwait() map[string]bool {
	m := maps.Clone(mustAwait)
	for _, k := range []string{"deleteRecordsFromPreviousExecutions", "setMergingStrategy", "trackDeletesStart", "trackDeletesEnd"} {
		m[k] = true
	}
	return m
}

// zeroFile applies the zero-yaml rules of one file: console use in any file; in the entry
// file the export shape, and the ordering of the calls inside `exec`, which it returns (the
// ordering rules look at nothing else).
func (r *fileRun) zeroFile(a *analysis, isEntry bool) []callSite {
	z := a.zero
	if len(z.consoles) > 0 {
		c := z.consoles[0]
		r.add(SeverityWarning, CodeConsoleLogging, c.line, c.col,
			"%s: console statements (console.log, console.warn, etc.) do not appear in the Nango dashboard. Use await nango.log() instead to see logs in the dashboard.", c.name)
	}
	if !isEntry {
		return nil
	}
	for _, e := range z.namedExports {
		if !isWrapper(e.name) {
			r.add(SeverityError, CodeNamedExport, e.line, e.col,
				"Named export '%s' is not allowed. Only export default and createAction, createSync, createOnEvent, createFunction are permitted.", e.name)
		}
	}
	switch d := z.def; {
	case d == nil: // reading the definitions says so
	case d.wrapper == "":
		r.add(SeverityError, CodeDefaultExport, d.line, d.col, "Invalid default export: should be createAction(), createSync() or createOnEvent()")
	case d.argLine > 0:
		r.add(SeverityError, CodeDefaultExport, d.argLine, d.argCol, "Invalid function parameter, should be an object: write %s({ ... })", d.wrapper)
	}
	var inExec []callSite
	for _, c := range a.calls {
		if z.execStart >= 0 && c.idx > z.execStart && c.idx <= z.execEnd {
			inExec = append(inExec, c)
		}
	}
	r.checkTrackDeletes(inExec)
	return inExec
}

// checkTrackDeletes applies the reference's ordering rules of deletion tracking, by source
// line: each of trackDeletesStart/End once per model, start before end, start before any
// batch call and end after all of them (a batch call of any model counts), and
// deleteRecordsFromPreviousExecutions once, after all batch calls.
func (r *fileRun) checkTrackDeletes(calls []callSite) {
	var batch []int
	starts, ends := map[string][]callSite{}, map[string][]callSite{}
	var models []string
	var deletes []callSite
	for _, c := range calls {
		switch c.method {
		case "batchSave", "batchDelete", "batchUpdate":
			batch = append(batch, c.line)
		case "deleteRecordsFromPreviousExecutions":
			deletes = append(deletes, c)
		case "trackDeletesStart", "trackDeletesEnd":
			if c.nargs < 1 || c.lastString == nil {
				continue
			}
			m := *c.lastString
			if !slices.Contains(models, m) {
				models = append(models, m)
			}
			if c.method == "trackDeletesStart" {
				starts[m] = append(starts[m], c)
			} else {
				ends[m] = append(ends[m], c)
			}
		}
	}
	bad := func(c callSite, format string, args ...any) {
		r.add(SeverityError, CodeTrackDeletes, c.line, c.col, format, args...)
	}
	for _, m := range models {
		st, en := starts[m], ends[m]
		for _, c := range append(st[min(len(st), 1):], en[min(len(en), 1):]...) {
			bad(c, "%s for model '%s' should be called only once per sync", c.method, m)
		}
		switch {
		case len(st) == 0:
			bad(en[0], "trackDeletesEnd for model '%s' is called but trackDeletesStart is never called", m)
		case len(en) == 0:
			bad(st[0], "trackDeletesStart for model '%s' is called but trackDeletesEnd is never called", m)
		case st[0].line > en[0].line:
			bad(st[0], "trackDeletesStart for model '%s' should be called before trackDeletesEnd", m)
		}
		if len(st) > 0 && len(batch) > 0 && st[0].line > slices.Min(batch) {
			bad(st[0], "trackDeletesStart for model '%s' should be called before any batching records function", m)
		}
		if len(en) > 0 && len(batch) > 0 && en[0].line < slices.Max(batch) {
			bad(en[0], "trackDeletesEnd for model '%s' should be called after any batching records function", m)
		}
	}
	for i, c := range deletes {
		if i > 0 {
			bad(c, "deleteRecordsFromPreviousExecutions should be called only once per sync")
		}
		if len(batch) > 0 && c.line < slices.Max(batch) {
			bad(c, "deleteRecordsFromPreviousExecutions should be called after any batching records function")
		}
	}
}
