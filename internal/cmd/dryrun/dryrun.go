// Package dryrun implements `nango dryrun <script> <connection>`.
package dryrun

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	goio "io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/dryrun"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/schemavalidate"
	"github.com/nango-go/nango/internal/sdk"
)

// Options are the inputs of `nango dryrun`.
type Options struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory

	ScriptName   string
	ConnectionID string

	Environment   string
	Input         string
	Metadata      string
	Checkpoint    string
	Diagnostics   bool
	LastSyncDate  string
	Validation    bool
	IntegrationID string
	Variant       string
	AutoConfirm   bool
	NoCompile     bool
	Timeout       time.Duration
	MaxMemory     cmdutil.MemoryFlag
	JSON          bool
	SaveResponses bool
	Save          bool
	Replay        bool
	Local         bool
	Debug         bool
	ProvidersFile string
}

// dryrunLong is the help text of `nango dryrun`.
var dryrunLong = heredoc.Doc(`
		Run one sync, action or on-event script of nango.yaml, or one function of a
		zero-yaml project (index.ts), locally, in an embedded JavaScript runtime, against a
		connection of a Nango environment.

		Only that script is compiled (its bundle is written to dist/, or build/ for a
		zero-yaml function, which needs no previous nango compile). Without --integration-id
		a zero-yaml run asks the server for the connection's integration, which picks the
		function. --checkpoint seeds nango.getCheckpoint(). Requests the script
		makes (nango.get/post/..., every page of nango.paginate, getConnection, metadata,
		environment variables) go to the Nango server chosen by NANGO_HOSTPORT (default
		https://api.nango.dev) with the key NANGO_SECRET_KEY_<ENV> (or NANGO_SECRET_KEY),
		read from the environment or the project's .env. Records passed to batchSave,
		batchUpdate and batchDelete are not sent anywhere: they are printed. Metadata
		changes and write requests do happen on the server, as with the reference CLI.

		Output: an action's result as indented JSON; for a sync the record counts, then
		every batch with its records. Logs (the script's, and one line per request) go to
		stderr. With --json the result is one JSON document on stdout.

		--save-responses records every response under <integration>/mocks/ (the layout
		nango test and the reference's test harness read); --replay runs the script from
		those recordings only, with no server and no network.

		--save (zero-yaml projects) writes the run to <integration>/tests/<name>.test.json,
		the file the nango/test mocks of a test written by nango generate:tests replay
		with nango test, and turns --validation on; nothing is written when the run fails.

		--local takes the connection from connections.local.yaml at the project root and
		calls the provider's API itself, with credentials kept on this machine: no Nango
		account, no secret key. Requests are built from the provider catalog (base URL,
		headers and query templates, retry rules), OAuth2 tokens are refreshed and saved
		back to the file, and setMetadata/updateMetadata write there too. --debug prints
		every request attempt and retry decision. See README, "Local mode".

		Pagination defaults come from the server's entry for the connection's provider
		(GET /providers/<name>), else the local catalog (see nango providers), which is
		downloaded into the user cache once when missing; a replay uses the entry kept
		with the recordings (<integration>/mocks/nango/provider.json) when there is one.

		Exit codes: 0 success; 2 usage (bad --input JSON, missing file, unknown script);
		3 project (nango.yaml, compile errors); 4 the secret key was refused; 5 the server
		refused the request (unknown connection or integration); 7 server unreachable;
		8 the script failed (threw, HTTP error it did not catch, timeout); 9 validation
		failed with --validation, or --replay found no recording for a request; 11 the
		script passed its memory limit (--max-memory, NANGO_MAX_MEMORY; default 4GiB).
`)

// NewCmdDryrun builds `nango dryrun`. runF replaces the run function in tests.
func NewCmdDryrun(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "dryrun <script> <connection>",
		Short: "Run a sync or action locally against a connection, without saving anything",
		Long:  dryrunLong,
		Example: heredoc.Doc(`
			$ nango dryrun fetch-contacts my-connection
			$ nango dryrun create-contact my-connection --input '{"email":"ada@example.com"}'
			$ nango dryrun create-contact my-connection --input @input.json --validation
			$ nango dryrun fetch-contacts my-connection -e prod --lastSyncDate 2024-01-01 --metadata @meta.json
			$ nango dryrun fetch-contacts my-connection --save-responses
			$ nango dryrun fetchContacts my-connection --save
			$ nango dryrun fetch-contacts my-connection --replay --json | jq .counts
			$ nango dryrun fetch-contacts my-github --local --save-responses
		`),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return cmdutil.FlagErrorf("dryrun needs the script name and the connection id, e.g. nango dryrun fetch-contacts my-connection")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ScriptName, opts.ConnectionID = args[0], args[1]
			if err := cmdutil.CheckEnvironment(opts.Environment); err != nil {
				return err
			}
			if err := cmdutil.CheckTimeout(opts.Timeout, "10m"); err != nil {
				return err
			}
			if cmd.Flags().Changed("variant") && opts.Variant == "" {
				// An empty value would silently mean the base variant.
				return cmdutil.FlagErrorf("--variant needs a name, e.g. --variant eu (leave the flag out for the base variant)")
			}
			if runF != nil {
				return runF(opts)
			}
			return dryrunRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Environment, "environment", "e", "dev", "Environment whose secret key to use (NANGO_SECRET_KEY_<ENV>)")
	fl.StringVarP(&opts.Input, "input", "i", "", "Action input: JSON text, or @file.json")
	fl.StringVarP(&opts.Metadata, "metadata", "m", "", "Stub connection metadata for a sync: JSON text, or @file.json")
	fl.StringVarP(&opts.Checkpoint, "checkpoint", "c", "", "Checkpoint a sync's nango.getCheckpoint() starts from: a flat JSON object, or @file.json")
	fl.StringVarP(&opts.LastSyncDate, "lastSyncDate", "l", "", "Last sync date (ISO 8601) for an incremental sync")
	fl.BoolVar(&opts.Validation, "validation", false, "Fail on invalid action input/output or sync records instead of warning")
	fl.BoolVar(&opts.Validation, "validate", false, "Same as --validation")
	fl.BoolVar(&opts.Diagnostics, "diagnostics", false, "Print the run's time, request count and memory use on stderr")
	fl.StringVar(&opts.IntegrationID, "integration-id", "", "Integration of the script, when several have a script with that name")
	fl.StringVar(&opts.Variant, "variant", "", "Sync variant (default base)")
	fl.BoolVar(&opts.AutoConfirm, "auto-confirm", false, "Print every record without asking")
	fl.BoolVar(&opts.NoCompile, "no-compile", false, "Run dist/<script>-<integration>.js as it is, without compiling")
	fl.DurationVar(&opts.Timeout, "timeout", dryrun.DefaultTimeout, "Stop the script after this long")
	cmdutil.AddMemoryFlag(fl, &opts.MaxMemory, "4GiB")
	fl.BoolVar(&opts.JSON, "json", false, "Print the result as one JSON document on stdout (logs stay on stderr)")
	fl.BoolVar(&opts.SaveResponses, "save-responses", false, "Record every response under <integration>/mocks/ for replay and nango test")
	fl.BoolVar(&opts.Save, "save", false, "Zero-yaml: write the run to <integration>/tests/<name>.test.json for nango test (turns --validation on)")
	fl.BoolVar(&opts.Replay, "replay", false, "Answer every request from the recordings under <integration>/mocks/ (no server, no network)")
	fl.BoolVar(&opts.Local, "local", false, "Use the connection of connections.local.yaml and call the provider directly (no Nango server)")
	fl.BoolVar(&opts.Debug, "debug", false, "With --local, print every request attempt and retry decision")
	fl.StringVar(&opts.ProvidersFile, providers.FlagName, "", providers.FlagUsage)
	return cmd
}

// dryrunRun performs the dry run and prints its outcome.
func dryrunRun(ctx context.Context, opts *Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	f := opts.Factory
	dir, err := f.WorkDir()
	if err != nil {
		return err
	}
	httpClient, err := f.HttpClient()
	if err != nil {
		return err
	}
	memoryLimit, err := opts.MaxMemory.Resolve(f.Getenv)
	if err != nil {
		return opts.failed(err)
	}
	lines := &logLines{io: opts.IO}
	report, err := dryrun.DryRun(ctx, dryrun.Options{
		Dir: dir, ScriptName: opts.ScriptName, ConnectionID: opts.ConnectionID, Environment: opts.Environment,
		Input: opts.Input, Metadata: opts.Metadata, Checkpoint: opts.Checkpoint, LastSyncDate: opts.LastSyncDate, Validation: opts.Validation,
		IntegrationID: opts.IntegrationID, Variant: opts.Variant, NoCompile: opts.NoCompile,
		SaveResponses: opts.SaveResponses, Save: opts.Save, Replay: opts.Replay, ProvidersFile: opts.ProvidersFile,
		DownloadCatalog: shared.CatalogDownloader(ctx, f),
		Runner: runner.Options{Timeout: opts.Timeout, TimeoutHint: cmdutil.ScriptTimeoutHint,
			MemoryLimit: memoryLimit, MemoryHint: cmdutil.ScriptMemoryHint, Now: f.Now, Log: lines.log},
		Client:     nangoClient(f, opts.Environment, opts.Timeout),
		Warnings:   func() []string { return dotEnvWarnings(f) },
		AppVersion: f.AppVersion, Getenv: f.Getenv, HTTPClient: httpClient,
		HTTPLog: lines.http, Local: opts.Local, Debug: debugLog(opts.Debug, lines.log),
	})
	lines.setReport(report)
	if err != nil && (report == nil || report.Outcome == nil) {
		return opts.failed(flagError(err))
	}
	if err != nil {
		// The script ran but recording failed: report both.
		fmt.Fprintln(opts.IO.ErrOut, opts.IO.ColorScheme().Red(err.Error()))
	}
	return opts.printOutcome(dir, report, err)
}

// nangoClient is the Factory's Nango client in the form the engine takes.
func nangoClient(f *cmdutil.Factory, environment string, timeout time.Duration) func() (*nangoapi.Client, string, error) {
	return func() (*nangoapi.Client, string, error) {
		c, err := f.NangoClient(environment, timeout)
		if err != nil {
			return nil, "", err
		}
		return c.Client, c.SecretKey, nil
	}
}

// dotEnvWarnings are .env's warnings; an .env that cannot be read is reported when the
// client is built.
func dotEnvWarnings(f *cmdutil.Factory) []string {
	env, err := f.DotEnv()
	if err != nil {
		return nil
	}
	return env.Warnings()
}

// flagError words the engine's usage errors with the flag names of this command.
func flagError(err error) error {
	var uv *dryrun.UnsafeVariantError
	switch {
	case errors.Is(err, dryrun.ErrRecordAndReplay):
		return cmdutil.FlagErrorf("--save-responses and --replay cannot be combined: record against the server first, then replay")
	case errors.Is(err, dryrun.ErrSaveAndMocks):
		return cmdutil.FlagErrorf("--save cannot be combined with --save-responses or --replay: --save writes <integration>/tests/<name>.test.json, the others read and write <integration>/mocks/")
	case errors.Is(err, dryrun.ErrSaveNeedsZero):
		return cmdutil.FlagErrorf("--save writes the test file of a zero-yaml function and this is a nango.yaml project: use --save-responses here (it records into <integration>/mocks/, which nango test reads)")
	case errors.Is(err, dryrun.ErrLocalAndReplay):
		return cmdutil.FlagErrorf("--local and --replay cannot be combined: --replay needs no connection at all")
	case errors.As(err, &uv):
		return cmdutil.FlagErrorf("invalid --variant %q: a variant name may not contain / or \\ nor be . or ..", uv.Variant)
	}
	return err
}

// debugLog is --debug's line printer (nil without the flag: nothing is formatted).
func debugLog(on bool, logLine func(jsruntime.LogLevel, string)) func(string) {
	if !on {
		return nil
	}
	return func(msg string) { logLine(jsruntime.LevelDebug, msg) }
}

// failed is the error of a run that did not get to run the script; with --json a machine
// reading stdout still gets one document saying what went wrong.
func (opts *Options) failed(err error) error {
	if opts.JSON {
		doc := cmdutil.FailureJSON(err, exitcode.Of(err))
		doc["script"], doc["connection_id"] = opts.ScriptName, opts.ConnectionID
		_ = cmdutil.WriteJSON(opts.IO.Out, doc)
	}
	return err
}

// printOutcome prints the result (or failure) of a script that ran; recordErr is a failure to
// save the responses, already printed.
func (opts *Options) printOutcome(dir string, report *dryrun.Report, recordErr error) error {
	io := opts.IO
	out := report.Outcome
	if opts.JSON {
		if werr := writeJSONResult(io.Out, report); werr != nil {
			return werr
		}
	} else {
		printResult(opts, report)
	}
	if opts.Diagnostics {
		printDiagnostics(io, out)
	}
	if report.MocksDir != "" && out.OK() && !opts.JSON {
		fmt.Fprintf(io.ErrOut, "%s responses saved to %s\n", io.ColorScheme().SuccessIcon(), mocksRel(dir, report.MocksDir))
	}
	if report.TestFile != "" && out.OK() && !opts.JSON {
		// The reference's line, on stdout after the result.
		fmt.Fprintf(io.Out, "\n✅ Mocks saved to %s\n", absPath(report.TestFile))
	}
	if !out.OK() {
		return exitcode.Silent(exitCode(out.Failure))
	}
	if recordErr != nil {
		return exitcode.Silent(exitcode.Of(recordErr))
	}
	return nil
}

// logLines prints the run's log and HTTP lines on stderr, one at a time, with every known
// secret redacted once the report exists.
type logLines struct {
	io     *iostreams.IOStreams
	mu     sync.Mutex
	report *dryrun.Report
}

func (l *logLines) setReport(r *dryrun.Report) {
	l.mu.Lock()
	l.report = r
	l.mu.Unlock()
}

func (l *logLines) log(level jsruntime.LogLevel, msg string) {
	cs := l.io.ColorScheme()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.report != nil {
		msg = l.report.Redact(msg)
	}
	switch level {
	case jsruntime.LevelWarn:
		msg = cs.Yellow(msg)
	case jsruntime.LevelError:
		msg = cs.Red(msg)
	case jsruntime.LevelDebug:
		msg = cs.Gray(msg)
	}
	fmt.Fprintln(l.io.ErrOut, msg)
}

func (l *logLines) http(status int, method, url string) {
	cs := l.io.ColorScheme()
	st := fmt.Sprintf("[%d]", status)
	if status >= 400 || status == 0 {
		st = cs.Red(st)
	} else {
		st = cs.Green(st)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.io.ErrOut, "%s %s %s %s\n", cs.Cyan("http"), st, method, url)
}

func absOrEmpty(p string) string {
	if p == "" {
		return ""
	}
	return absPath(p)
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

func mocksRel(dir, p string) string {
	if strings.HasPrefix(p, dir+"/") {
		return strings.TrimPrefix(p, dir+"/")
	}
	return p
}

// exitCode maps a failure to the documented exit codes.
func exitCode(f *sdk.Failure) exitcode.Code {
	switch {
	case f.Validation, f.IsMissingRecording():
		return exitcode.Mismatch
	case f.Type == sdk.ErrMemory:
		return exitcode.Memory
	case f.Cause != nil:
		var ce *exitcode.Error
		if errors.As(f.Cause, &ce) {
			return exitcode.Of(f.Cause)
		}
	}
	return exitcode.Script
}

func printResult(opts *Options, rep *dryrun.Report) {
	io := opts.IO
	cs := io.ColorScheme()
	out := rep.Outcome
	if !out.OK() {
		printFailure(io, rep)
		return
	}
	switch out.Kind {
	case project.KindAction:
		if out.Output == nil {
			fmt.Fprintln(io.Out, "undefined")
			return
		}
		fmt.Fprintln(io.Out, rep.Redact(string(indent(out.Output))))
	default:
		store := out.Store
		if store == nil || !store.HasMessages() {
			return
		}
		// One write per page rather than per line: a big sync prints a million lines.
		w := bufio.NewWriterSize(io.Out, 1<<16)
		defer w.Flush()
		counts, _ := json.MarshalIndent(store.Counts(), "", "  ")
		fmt.Fprintln(w, cs.Yellow("The dry run would produce the following results: "+string(counts)))
		fmt.Fprintln(w, cs.Yellow("The following log messages were generated:"))
		msgs := store.Messages()
		prompt := io.CanPrompt() && !opts.AutoConfirm && !opts.JSON
		in := bufio.NewReader(io.In)
		for i, m := range msgs {
			if prompt && i > 0 && i%10 == 0 {
				w.Flush()
				fmt.Fprintf(io.ErrOut, "There are %d log messages remaining. Would you like to see the next 10 log messages? (y/n) ", len(msgs)-i)
				line, _ := in.ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
					break
				}
			}
			fmt.Fprintln(w, cs.Yellow(rep.Redact(string(m.Pretty()))))
		}
	}
}

func printFailure(io *iostreams.IOStreams, rep *dryrun.Report) {
	cs := io.ColorScheme()
	f := rep.Outcome.Failure
	w := io.ErrOut
	fmt.Fprintln(w, cs.Red("An error occurred during execution"))
	if rep.Outcome.Report != nil {
		fmt.Fprintln(w, cs.Red(firstLine(f.Message))+" "+cs.Gray("("+f.Type+")"))
		var buf bytes.Buffer
		_ = rep.Outcome.Report.WriteText(&buf)
		fmt.Fprint(w, rep.Redact(buf.String()))
		return
	}
	if f.Cause != nil && f.Type == sdk.ErrInternal {
		// A request the server refused or a recording that is missing: our message says
		// what to do, the JSON shape would not.
		fmt.Fprintln(w, rep.Redact(causeText(f.Cause)))
		if h := exitcode.HintOf(f.Cause); h != "" {
			fmt.Fprintln(w, cs.Gray("hint: "+h))
		}
		var m *mocks.MissingRecordingError
		if errors.As(f.Cause, &m) {
			fmt.Fprintln(w, cs.Gray("hint: "+m.Hint()))
		}
		if f.Stack != "" {
			fmt.Fprintln(w, strings.TrimLeft(rep.Redact(f.Stack), "\n"))
		}
		return
	}
	if f.Type == sdk.ErrTimeout || f.Type == "script_aborted" || f.Type == sdk.ErrMemory {
		fmt.Fprintln(w, rep.Redact(f.Message))
		return
	}
	b, _ := json.MarshalIndent(orderedFailure{f.Type, payloadOrEmpty(f.Payload), f.Status}, "", "  ")
	fmt.Fprintln(w, rep.Redact(string(b)))
	switch f.Type {
	case sdk.ErrInternal:
		fmt.Fprintln(w, rep.Redact(f.Message+f.Stack))
	case sdk.ErrHTTP:
		if f.Stack != "" {
			fmt.Fprintln(w, rep.Redact(f.Message+f.Stack))
		}
	}
}

type orderedFailure struct {
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"`
	Status  int             `json:"status"`
}

func payloadOrEmpty(p json.RawMessage) json.RawMessage {
	if len(p) == 0 {
		return json.RawMessage("{}")
	}
	return p
}

func causeText(err error) string {
	var m *mocks.MissingRecordingError
	if errors.As(err, &m) {
		return m.Error()
	}
	return err.Error()
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

func indent(text []byte) []byte {
	var buf bytes.Buffer
	if err := json.Indent(&buf, text, "", "  "); err != nil {
		return text
	}
	return buf.Bytes()
}

// jsonResult is the --json document.
type jsonDoc struct {
	OK           bool                   `json:"ok"`
	Script       string                 `json:"script"`
	Integration  string                 `json:"integration"`
	Type         string                 `json:"type"`
	Provider     string                 `json:"provider,omitempty"`
	ConnectionID string                 `json:"connection_id"`
	Replay       bool                   `json:"replay,omitempty"`
	Output       json.RawMessage        `json:"output,omitempty"`
	Counts       *records.Counts        `json:"counts,omitempty"`
	Batches      any                    `json:"batches,omitempty"` // []jsonBatch, or batchesMarker
	Error        *sdk.Failure           `json:"error,omitempty"`
	Validation   *schemavalidate.Report `json:"validation,omitempty"`
	Invalid      []json.RawMessage      `json:"invalid_records,omitempty"`
	MocksDir     string                 `json:"mocks_dir,omitempty"`
	TestFile     string                 `json:"test_file,omitempty"`
	DurationMS   int64                  `json:"duration_ms"`
	Requests     int                    `json:"requests"`
}

type jsonBatch struct {
	Op      records.Op        `json:"op"`
	Model   string            `json:"model"`
	Records []json.RawMessage `json:"records"`
}

func jsonResult(rep *dryrun.Report) any { return jsonDocument(rep, false) }

// jsonDocument is jsonResult; with marker, the batches are left out and batchesMarker
// stands where they go (see writeJSONResult).
func jsonDocument(rep *dryrun.Report, marker bool) any {
	out := rep.Outcome
	d := jsonDoc{OK: out.OK(), Script: rep.Script.Name(), Integration: rep.Script.Integration(), Type: string(out.Kind),
		Provider: rep.Provider, ConnectionID: rep.ConnectionID, Replay: rep.Replayed, Output: out.Output,
		Error: out.Failure, Validation: out.Report, MocksDir: rep.MocksDir, TestFile: absOrEmpty(rep.TestFile),
		DurationMS: out.Duration.Milliseconds(), Requests: out.Requests}
	if out.Failure != nil && out.Failure.Cause != nil && out.Failure.Type == sdk.ErrInternal {
		f := *out.Failure
		f.Message = causeText(f.Cause)
		d.Error = &f
	}
	if out.Store != nil {
		c := out.Store.Counts()
		d.Counts = &c
		batches := []jsonBatch{}
		for _, b := range out.Store.Batches() {
			batches = append(batches, jsonBatch{Op: b.Op, Model: b.Model, Records: b.Records})
		}
		if len(batches) > 0 {
			d.Batches = batches
			if marker {
				d.Batches = json.RawMessage(batchesMarker)
			}
		}
		for _, inv := range out.Store.InvalidRecords() {
			r, _ := json.Marshal(inv.Report())
			d.Invalid = append(d.Invalid, r)
		}
	}
	b, _ := json.Marshal(d)
	return json.RawMessage(rep.Redact(string(b)))
}

// writeJSONResult writes the --json document, byte for byte what
// cmdutil.WriteJSON(w, jsonResult(rep)) writes, without holding it whole: a big sync's
// document holds every record (100,000 records of 10 fields make 32 MB), and building,
// redacting, copying and re-encoding it as one value tripled the command's peak memory.
// Everything but the records is encoded as before; each record is HTML-escaped (as
// json.Marshal does to a RawMessage), redacted and indented on its own.
func writeJSONResult(w goio.Writer, rep *dryrun.Report) error {
	out := rep.Outcome
	if out.Store == nil || len(out.Store.Batches()) == 0 {
		return cmdutil.WriteJSON(w, jsonResult(rep))
	}
	// The document without its batches, with a marker where they go.
	var head bytes.Buffer
	if err := json.Indent(&head, jsonDocument(rep, true).(json.RawMessage), "", "  "); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	doc := head.Bytes()
	at := bytes.Index(doc, []byte(batchesMarker))
	if at < 0 {
		return errors.New("--json: batches marker missing")
	}
	bw.Write(doc[:at])
	bw.WriteString("[")
	var rec, esc bytes.Buffer
	for i, b := range out.Store.Batches() {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    {\n      \"op\": ")
		writeIndentedString(bw, string(b.Op))
		bw.WriteString(",\n      \"model\": ")
		writeIndentedString(bw, rep.Redact(b.Model))
		bw.WriteString(",\n      \"records\": [")
		for j, r := range b.Records {
			if j > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n        ")
			esc.Reset()
			json.HTMLEscape(&esc, r)
			rec.Reset()
			if err := json.Indent(&rec, []byte(rep.Redact(esc.String())), "        ", "  "); err != nil {
				return err
			}
			bw.Write(rec.Bytes())
		}
		if len(b.Records) > 0 {
			bw.WriteString("\n      ")
		}
		bw.WriteString("]\n    }")
	}
	bw.WriteString("\n  ]")
	bw.Write(doc[at+len(batchesMarker):])
	bw.WriteString("\n")
	return bw.Flush()
}

// batchesMarker stands for the batches in the document writeJSONResult writes around them.
const batchesMarker = `"\u0000batches\u0000"`

func writeIndentedString(w *bufio.Writer, s string) {
	b, _ := json.Marshal(s)
	w.Write(b)
}

// printDiagnostics is --diagnostics: how long the script ran, how many requests it made and
// the process's memory, on stderr (so --json output stays one document).
func printDiagnostics(io *iostreams.IOStreams, out *runner.Outcome) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	const mib = 1 << 20
	fmt.Fprintf(io.ErrOut, "%s\n", io.ColorScheme().Gray(fmt.Sprintf(
		"diagnostics: script ran %s, %d request(s); memory: heap %.1f MiB in use, %.1f MiB obtained from the system, %d GC cycle(s)",
		out.Duration.Round(time.Millisecond), out.Requests, float64(m.HeapAlloc)/mib, float64(m.Sys)/mib, m.NumGC)))
}
