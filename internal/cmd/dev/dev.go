// Package dev implements `nango dev`: watch the project and keep models.ts, .nango/ and
// every bundle in dist/ in step with nango.yaml and the scripts.
package dev

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/internal/typecheck"
	"github.com/nango-go/nango/internal/watch"
)

// Options are the inputs of `nango dev`.
type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() (string, error)
	Getenv  func(string) string

	Once        bool
	JSON        bool
	NoTypecheck bool
	Debounce    time.Duration
	// NoCompileInterfaces is the reference's flag (do not watch nango.yaml); accepted and
	// ignored, see Long.
	NoCompileInterfaces bool
}

// NewCmdDev builds `nango dev`. runF replaces the run function in tests.
func NewCmdDev(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, WorkDir: f.WorkDir, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use: "dev",
		// --json is JSON Lines: a failure document (internal/cli) is one line too.
		Annotations: map[string]string{cmdutil.JSONLinesAnnotation: "true"},
		Short:       "Watch the project and rebuild what changed",
		Long: heredoc.Doc(`
			Build everything once (models.ts, .nango/, script stubs and every bundle in dist/, as
			generate and compile do), then watch the project folder and its sub-folders and
			rebuild on every save:

			  - nango.yaml: regenerate models.ts and .nango/, create stubs for new scripts and
			    bundle them, delete the bundles of scripts no longer declared, and rebuild the
			    scripts whose checks depend on what changed (their output models)
			  - a script, or a helper it imports (directly or not): rebuild exactly the bundles
			    that include that file

			A nango.yaml that is deleted or has errors is reported (with positions) and the last
			good one stays in force: scripts still rebuild against it and no bundle is removed
			until a good nango.yaml is saved again. At start-up, the bundles of scripts removed
			from nango.yaml while dev was not running (dist/<name>-<integration>.js of this
			project) are deleted; nothing else in dist/ is touched.

			Each rebuild prints one line on stderr: what changed, what was rebuilt and how long it
			took, or the errors as file:line:column. A script that fails keeps its last good
			bundle in dist/. When tsgo or tsc is installed (node_modules/.bin, then PATH) the
			type check runs in the background after the bundles are written and reports on its
			own line; a newer change cancels a check still running.

			A zero-yaml project (index.ts, no nango.yaml) is watched the same way: each save
			re-reads the definitions and rewrites only the build/*.cjs bundles and the
			.nango/nango.json that changed; a function whose import leaves index.ts loses its
			bundle; a definition error keeps the last good files. No type check yet.

			dist/, node_modules/, .nango/ and dot-folders are not watched. Stop with Ctrl-C:
			bundles are replaced atomically, so no file is left half-written.

			With --once, do the first full build (and type check) and exit: 0 when everything
			built, 3 otherwise. With --json, print one JSON object per rebuild (and per type
			check) on stdout, for editors.
		`),
		Example: heredoc.Doc(`
			$ nango dev
			$ nango dev --no-typecheck
			$ nango dev --once && nango dryrun contacts my-connection
			$ nango dev --json | jq -c 'select(.type == "cycle") | .rebuilt'
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return devRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Once, "once", false, "Build once and exit (status 3 when anything failed)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print one JSON object per rebuild and type check on stdout")
	cmd.Flags().BoolVar(&opts.NoTypecheck, "no-typecheck", false, "Do not run the TypeScript type check")
	cmd.Flags().DurationVar(&opts.Debounce, "debounce", watch.DefaultDebounce, "Quiet time that ends a burst of file events")
	cmd.Flags().BoolVar(&opts.NoCompileInterfaces, "no-compile-interfaces", false, "Accepted for compatibility; nango.yaml is always watched")
	cmd.Flags().Lookup("debounce").Hidden = true
	return cmd
}

// devRun builds, then watches until ctx is cancelled (or once with --once).
func devRun(ctx context.Context, opts *Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	dir, err := opts.WorkDir()
	if err != nil {
		return err
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	zero := project.IsZero(dir)
	if !project.Exists(dir) && !zero {
		return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%w found at %s", project.ErrNoDefinitions, filepath.Join(dir, project.DefinitionsFile)),
			"run this command in your nango-integrations folder, or create a project with `nango init`")
	}
	p := &printer{io: opts.IO, json: opts.JSON}
	wopts := watch.Options{Dir: dir, Debounce: opts.Debounce, OnCycle: p.cycle, OnTypecheck: p.typecheck}
	if zero && !opts.NoTypecheck {
		// as nango compile: the reference's type check of zero-yaml projects is not ours yet
		p.note("type check off: not yet for zero-yaml projects (as nango compile)")
	} else if !opts.NoTypecheck {
		wopts.Typecheck = typecheck.Find(dir, opts.Getenv("PATH"))
		if wopts.Typecheck == nil {
			p.note("type check off: no tsgo or tsc in node_modules/.bin or PATH (npm install -D typescript to enable it)")
		}
	}
	if opts.Once {
		c, tc := watch.Once(ctx, wopts)
		if !c.OK() || (tc != nil && !tc.OK()) {
			return exitcode.Silent(exitcode.Project)
		}
		return nil
	}
	what := "watching " + dir
	if wopts.Typecheck != nil {
		what += ", type checking with " + wopts.Typecheck.Name()
	}
	p.note(what + " (ctrl-c to stop)")
	if err := watch.Run(ctx, wopts); err != nil {
		return exitcode.WithHint(exitcode.WithCode(exitcode.Failure, fmt.Errorf("watch %s: %w", dir, err)),
			"on Linux, raise fs.inotify.max_user_watches / max_user_instances if the limit is reached")
	}
	p.note("stopped")
	return nil
}

// printer writes the reports: human lines on stderr, or JSON objects on stdout.
type printer struct {
	io   *iostreams.IOStreams
	json bool
	mu   sync.Mutex
}

func (p *printer) note(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.json {
		return
	}
	fmt.Fprintln(p.io.ErrOut, msg)
}

func (p *printer) cycle(c *watch.Cycle) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.json {
		writeLine(p.io.Out, newCycleJSON(c))
		return
	}
	writeCycle(p.io.ErrOut, p.io.ColorScheme(), c)
}

func (p *printer) typecheck(r *watch.TypecheckReport) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.json {
		writeLine(p.io.Out, newTypecheckJSON(r))
		return
	}
	writeTypecheck(p.io.ErrOut, p.io.ColorScheme(), r)
}

// writeLine writes v as one line of compact JSON: a stream of reports that an editor reads
// line by line (JSON Lines), unlike the indented single document of other --json flags.
func writeLine(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeCycle prints a cycle for humans: its diagnostics (file:line:column first, so that
// terminals and editors link them), then one summary line.
func writeCycle(w io.Writer, cs *iostreams.ColorScheme, c *watch.Cycle) {
	for _, d := range c.YAMLDiagnostics {
		printDiag(w, cs, d.String(), d.Severity == project.SeverityError)
	}
	for _, d := range c.Diagnostics {
		printDiag(w, cs, d.String(), d.Severity == scriptcheck.SeverityError)
	}
	fmt.Fprintln(w, summaryLine(cs, c))
}

// summaryLine is the one line that says what a cycle did.
func summaryLine(cs *iostreams.ColorScheme, c *watch.Cycle) string {
	parts := cycleParts(c)
	if len(parts) == 0 {
		parts = append(parts, "nothing to rebuild")
	}
	trigger := "start"
	if len(c.Changed) > 0 {
		trigger = list(c.Changed, 3)
	}
	if c.Start && c.Seq > 1 {
		trigger += " (full build)"
	}
	icon := cs.SuccessIcon()
	if !c.OK() {
		icon = cs.FailureIcon()
	}
	warn := ""
	if n := countWarnings(c); n > 0 {
		warn = " (" + text.Pluralize(n, "warning") + ")"
	}
	return fmt.Sprintf("%s %s: %s%s in %s%s", icon, trigger, strings.Join(parts, ", "), lastGoodNote(c), c.Duration.Round(100*time.Microsecond), warn)
}

// cycleParts says what a cycle did, in the order it happened.
func cycleParts(c *watch.Cycle) []string {
	var parts, failed, kept, built []string
	for _, b := range c.Built {
		if b.OK {
			built = append(built, b.Script)
			continue
		}
		failed = append(failed, b.Script)
		if b.Kept {
			kept = append(kept, b.Output)
		}
	}
	switch c.YAML {
	case watch.YAMLDeleted:
		parts = append(parts, "deleted")
	case watch.YAMLRecovered:
		parts = append(parts, "accepted again")
	}
	if len(c.Generated) > 0 {
		parts = append(parts, "generated "+list(c.Generated, 4))
	}
	if len(c.Scaffolded) > 0 {
		parts = append(parts, "created "+list(c.Scaffolded, 4))
	}
	if len(built) > 0 {
		parts = append(parts, "rebuilt "+list(built, 4))
	}
	if len(c.Stale) > 0 {
		why := " (not declared in nango.yaml)"
		if c.Zero {
			why = " (not imported by index.ts)"
		}
		parts = append(parts, "removed "+list(c.Stale, 4)+why)
	}
	if other := without(c.Removed, c.Stale); len(other) > 0 {
		parts = append(parts, "removed "+list(other, 4))
	}
	if len(failed) > 0 {
		s := "failed " + list(failed, 4)
		if len(kept) > 0 {
			s += " (kept last good " + list(kept, 4) + ")"
		}
		parts = append(parts, s)
	}
	if errs := countErrors(c); errs > 0 && len(failed) == 0 && c.YAML != watch.YAMLDeleted {
		parts = append(parts, text.Pluralize(errs, "error"))
	}
	return parts
}

// lastGoodNote says what stays in force while the definitions are broken.
func lastGoodNote(c *watch.Cycle) string {
	switch {
	case c.Zero && c.LastGood && c.YAML == watch.YAMLRejected:
		return " (the last good definitions stay in force and every bundle is kept until they are fixed)"
	case c.LastGood && c.YAML == watch.YAMLDeleted:
		return " (the last good nango.yaml stays in force and every bundle is kept until it is restored)"
	case c.LastGood && c.YAML == watch.YAMLRejected:
		return " (the last good nango.yaml stays in force and every bundle is kept until it is fixed)"
	case c.LastGood && c.YAML == watch.YAMLStillDeleted:
		return " (nango.yaml is still deleted: built against the last good one)"
	case c.LastGood && c.YAML == watch.YAMLStillRejected:
		return " (nango.yaml is still rejected: built against the last good one)"
	}
	return ""
}

// writeTypecheck prints a type check report: its diagnostics, then one line.
func writeTypecheck(w io.Writer, cs *iostreams.ColorScheme, r *watch.TypecheckReport) {
	name := filepath.Base(r.Tool)
	for _, d := range r.Diagnostics {
		printDiag(w, cs, typecheck.Format(d), d.Severity == scriptcheck.SeverityError)
	}
	took := r.Duration.Round(time.Millisecond)
	switch {
	case r.Err != nil:
		fmt.Fprintf(w, "%s type check (%s) could not run: %v\n", cs.FailureIcon(), name, r.Err)
	case r.OK():
		fmt.Fprintf(w, "%s type check (%s): no errors in %s\n", cs.SuccessIcon(), name, took)
	default:
		n := scriptcheck.Count(r.Diagnostics, scriptcheck.SeverityError)
		fmt.Fprintf(w, "%s type check (%s): %s in %s (bundles were written; fix before deploying)\n", cs.FailureIcon(), name, text.Pluralize(n, "error"), took)
	}
}

func printDiag(w io.Writer, cs *iostreams.ColorScheme, text string, isErr bool) {
	first, rest, _ := strings.Cut(text, "\n")
	if isErr {
		first = cs.Red(first)
	} else {
		first = cs.Yellow(first)
	}
	fmt.Fprintln(w, first)
	if rest != "" {
		fmt.Fprintln(w, cs.Gray(rest))
	}
}

func countErrors(c *watch.Cycle) int {
	return project.CountErrors(c.YAMLDiagnostics) + scriptcheck.Count(c.Diagnostics, scriptcheck.SeverityError)
}

func countWarnings(c *watch.Cycle) int {
	return project.CountWarnings(c.YAMLDiagnostics) + scriptcheck.Count(c.Diagnostics, scriptcheck.SeverityWarning)
}

// without is items minus those in drop, in order.
func without(items, drop []string) []string {
	var out []string
	for _, it := range items {
		if !slices.Contains(drop, it) {
			out = append(out, it)
		}
	}
	return out
}

// list joins up to max items and says how many more there are.
func list(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:max], ", ") + fmt.Sprintf(" and %d more", len(items)-max)
}

// cycleJSON is the --json object of a cycle.
type cycleJSON struct {
	Type        string         `json:"type"`
	Seq         int            `json:"seq"`
	OK          bool           `json:"ok"`
	Start       bool           `json:"start,omitempty"`
	Changed     []string       `json:"changed"`
	Generated   []string       `json:"generated"`
	Scaffolded  []string       `json:"scaffolded"`
	Rebuilt     []builtJSON    `json:"rebuilt"`
	Removed     []string       `json:"removed"`
	Stale       []string       `json:"stale"`
	NangoYAML   string         `json:"nango_yaml,omitempty"`
	LastGood    bool           `json:"last_good,omitempty"`
	Diagnostics []any          `json:"diagnostics"`
	Summary     map[string]int `json:"summary"`
	DurationMS  float64        `json:"duration_ms"`
}

type builtJSON struct {
	Script  string `json:"script"`
	File    string `json:"file,omitempty"`
	Output  string `json:"output"`
	OK      bool   `json:"ok"`
	Written bool   `json:"written"`
	Kept    bool   `json:"kept"`
}

// newCycleJSON is the --json object of a cycle: {"type":"cycle", "seq", "ok", "changed",
// "generated", "scaffolded", "rebuilt":[{script,file,output,ok,written,kept}], "removed",
// "stale" (those of removed that no longer declared scripts left in dist/ before the
// session), "nango_yaml" (when not simply valid: "deleted", "rejected", "still-deleted",
// "still-rejected", "recovered"), "last_good" (a nango.yaml read earlier stays in force),
// "diagnostics", "summary", "duration_ms"}.
func newCycleJSON(c *watch.Cycle) any {
	out := cycleJSON{
		Type: "cycle", Seq: c.Seq, OK: c.OK(), Start: c.Start,
		Changed: nonNil(c.Changed), Generated: nonNil(c.Generated), Scaffolded: nonNil(c.Scaffolded), Removed: nonNil(c.Removed), Stale: nonNil(c.Stale),
		NangoYAML: string(c.YAML), LastGood: c.LastGood,
		Rebuilt: []builtJSON{}, Diagnostics: []any{},
		DurationMS: float64(c.Duration.Microseconds()) / 1000,
	}
	for _, b := range c.Built {
		out.Rebuilt = append(out.Rebuilt, builtJSON{Script: b.Script, File: b.File, Output: b.Output, OK: b.OK, Written: b.Written, Kept: b.Kept})
	}
	for _, d := range c.YAMLDiagnostics {
		out.Diagnostics = append(out.Diagnostics, d)
	}
	for _, d := range c.Diagnostics {
		out.Diagnostics = append(out.Diagnostics, d)
	}
	out.Summary = map[string]int{"rebuilt": len(c.Built), "errors": countErrors(c), "warnings": countWarnings(c)}
	return out
}

type typecheckJSON struct {
	Type        string                   `json:"type"`
	Seq         int                      `json:"seq"`
	OK          bool                     `json:"ok"`
	Tool        string                   `json:"tool"`
	Error       string                   `json:"error,omitempty"`
	Diagnostics []scriptcheck.Diagnostic `json:"diagnostics"`
	DurationMS  float64                  `json:"duration_ms"`
}

// newTypecheckJSON is the --json object of a type check: {"type":"typecheck", "seq" (the
// cycle checked), "ok", "tool", "error"?, "diagnostics", "duration_ms"}.
func newTypecheckJSON(r *watch.TypecheckReport) any {
	out := typecheckJSON{Type: "typecheck", Seq: r.Seq, OK: r.OK(), Tool: r.Tool, Diagnostics: r.Diagnostics,
		DurationMS: float64(r.Duration.Microseconds()) / 1000}
	if out.Diagnostics == nil {
		out.Diagnostics = []scriptcheck.Diagnostic{}
	}
	if r.Err != nil && !errors.Is(r.Err, context.Canceled) {
		out.Error = r.Err.Error()
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
