package dryrun

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/sdk"
	"github.com/nango-go/nango/pkg/jsjson"
)

// DefaultTimeout bounds a dry run when Runner.Timeout is zero: generous (the reference has
// no limit at all), but a script that never resolves still ends.
const DefaultTimeout = 10 * time.Minute

// Options are the inputs of one dry run (the flags of `nango dryrun`).
type Options struct {
	Dir          string
	ScriptName   string
	ConnectionID string
	// Environment picks NANGO_SECRET_KEY_<ENV> (default dev).
	Environment string
	// Input, Metadata and Checkpoint are the raw values (JSON text or @file.json); "" when
	// not given. Checkpoint seeds a sync's nango.getCheckpoint().
	Input, Metadata, Checkpoint string
	LastSyncDate                string
	Validation                  bool
	IntegrationID               string
	Variant                     string
	NoCompile                   bool
	SaveResponses               bool
	// Save writes a zero-yaml function's run to <integration>/tests/<name>.test.json (the
	// layout of `nango test`'s nango/test mocks) and turns Validation on, as the reference's
	// --save does.
	Save   bool
	Replay bool
	// Local takes the connection from connections.local.yaml and calls the provider itself
	// instead of a Nango server (local.go).
	Local bool
	// Debug receives local mode's request attempts and retry decisions (--debug).
	Debug func(msg string)
	// ProvidersFile is the provider catalog for pagination defaults ("": the usual places).
	ProvidersFile string
	// DownloadCatalog fetches the catalog into the user cache when none is found and a
	// script needs one (nil: no download; see providers.Lazy.Download).
	DownloadCatalog func() (*providers.Catalog, error)

	// Runner carries the limits (timeout, memory), the clock and the logger (every status and
	// script line) to every run, the syncs nango.triggerSync starts included. Its Timeout
	// bounds each request to the Nango server too (0: DefaultTimeout); its NodeModules
	// default to usercache.NodeModulesFor Dir and the project's zod major.
	Runner runner.Options

	// Client returns the Nango client of Environment with the secret key it sends (redacted
	// from every line, scrubbed from recordings); called only for a live run, at most once
	// (the runs nango.triggerSync starts share it: see connect). Its timeout should be
	// Runner.Timeout, so the lookups cannot hang the run before the script starts.
	Client func() (*nangoapi.Client, string, error)
	// Warnings returns what the project's .env gives warnings about (logged before Client is
	// called; nil: none).
	Warnings func() []string

	AppVersion string
	Getenv     func(string) string
	HTTPClient *http.Client
	// HTTPLog receives one line per call to the Nango server (or replayed recording).
	HTTPLog sdk.HTTPLogFunc

	// triggerChain lists the syncs whose nango.triggerSync led to this run (see trigger.go);
	// requireSync makes the run refuse a script that is not a sync.
	triggerChain []string
	requireSync  bool
	// conn is the run's client once made (connect).
	conn *connector
}

// ErrRecordAndReplay: a run cannot both record responses and replay them (exit code 2).
var ErrRecordAndReplay = exitcode.Errorf(exitcode.Usage, "recording responses and replaying them cannot be combined: record against the server first, then replay")

// ErrSaveAndMocks: --save writes the zero-yaml test file, which is neither the mocks/ layout
// of SaveResponses nor something Replay reads (exit code 2).
var ErrSaveAndMocks = exitcode.Errorf(exitcode.Usage, "saving a test file cannot be combined with recording or replaying mocks/: pick one")

// ErrSaveNeedsZero: the test file layout is that of zero-yaml functions; a nango.yaml
// project records into mocks/ (exit code 2).
var ErrSaveNeedsZero = exitcode.Errorf(exitcode.Usage, "saving a test file needs a zero-yaml project: a nango.yaml project records its mocks with the mocks/ layout")

// ErrLocalAndReplay: a replay needs no connection, local or not (exit code 2).
var ErrLocalAndReplay = exitcode.Errorf(exitcode.Usage, "a local connection and a replay cannot be combined: a replay needs no connection at all")

// UnsafeVariantError is a variant name that cannot be a folder of the recordings
// (mocks.ScriptKey): "../../x" would make a recording write outside the project.
type UnsafeVariantError struct{ Variant string }

func (e *UnsafeVariantError) Error() string {
	return fmt.Sprintf("invalid variant %q: a variant name may not contain / or \\ nor be . or ..", e.Variant)
}

// ExitCode makes it a usage error.
func (e *UnsafeVariantError) ExitCode() exitcode.Code { return exitcode.Usage }

// setDefaults fills what was left zero and refuses combinations that cannot run.
func (o *Options) setDefaults() error {
	if o.Runner.Now == nil {
		o.Runner.Now = time.Now
	}
	if o.Environment == "" {
		o.Environment = "dev"
	}
	if o.Variant == "" {
		o.Variant = records.BaseVariant
	}
	if codegen.UnsafeName(o.Variant) {
		return &UnsafeVariantError{Variant: o.Variant}
	}
	if o.Runner.Timeout == 0 {
		o.Runner.Timeout = DefaultTimeout
	}
	if o.SaveResponses && o.Replay {
		return ErrRecordAndReplay
	}
	if o.Save && (o.SaveResponses || o.Replay) {
		return ErrSaveAndMocks
	}
	if o.Save {
		o.Validation = true
	}
	if o.Local && o.Replay {
		return ErrLocalAndReplay
	}
	return nil
}

func (o *Options) log(level jsruntime.LogLevel, msg string) {
	if o.Runner.Log != nil {
		o.Runner.Log(level, msg)
	}
}

// args are the parsed values of Input, Metadata and LastSyncDate.
type args struct {
	input, metadata, checkpoint []byte
	lastSync                    *time.Time
}

func (o *Options) parseArgs() (args, error) {
	var a args
	var err error
	if o.Input != "" {
		if a.input, err = ParseJSONArg(o.Dir, "input", o.Input); err != nil {
			return a, err
		}
	}
	if o.Metadata != "" {
		if a.metadata, err = ParseJSONArg(o.Dir, "metadata", o.Metadata); err != nil {
			return a, err
		}
		if v, _ := jsjson.Parse(a.metadata); v.Kind != jsjson.Object {
			return a, exitcode.Errorf(exitcode.Usage, "--metadata must be a JSON object")
		}
	}
	if o.Checkpoint != "" {
		if a.checkpoint, err = ParseJSONArg(o.Dir, "checkpoint", o.Checkpoint); err != nil {
			return a, err
		}
		if err := checkCheckpoint(a.checkpoint); err != nil {
			return a, err
		}
	}
	if o.LastSyncDate != "" {
		if a.lastSync, err = parseDate(o.LastSyncDate); err != nil {
			return a, err
		}
	}
	return a, nil
}

// ParseJSONArg reads --input / --metadata: JSON text, or @path to a JSON file (relative to
// dir). Errors are usage errors that say what to fix.
func ParseJSONArg(dir, flag, value string) ([]byte, error) {
	data := []byte(value)
	source := "--" + flag
	if strings.HasPrefix(value, "@") {
		path := value[1:]
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "--%s: the file %s does not exist", flag, value[1:]),
					"pass @path/to/file.json (relative to the project folder) or the JSON itself")
			}
			return nil, exitcode.Errorf(exitcode.Usage, "--%s: the file %s could not be read: %v", flag, value[1:], err)
		}
		data = jsjson.TrimBOM(b)
		source = value[1:]
	}
	if _, err := jsjson.Parse(data); err != nil {
		hint := "quote a plain string as JSON, e.g. --" + flag + ` '"text"'`
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "%s is not valid JSON: %v", source, err), hint)
	}
	return data, nil
}

// parseDate reads --lastSyncDate: an ISO 8601 date or date-time.
func parseDate(s string) (*time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t, nil
		}
	}
	return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "--lastSyncDate %q is not a date", s),
		"use an ISO 8601 date or date-time, e.g. 2024-01-31 or 2024-01-31T10:00:00Z")
}

// checkCheckpoint enforces the shape of --checkpoint: a flat JSON object whose values are
// strings, numbers or booleans (what a saved checkpoint holds).
func checkCheckpoint(text []byte) error {
	v, _ := jsjson.Parse(text)
	hint := `e.g. --checkpoint '{"cursor":"page2","count":3}'`
	if v.Kind != jsjson.Object {
		return exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "--checkpoint must be a JSON object"), hint)
	}
	for _, m := range v.Members {
		switch m.Value.Kind {
		case jsjson.String, jsjson.Number, jsjson.Bool:
		default:
			return exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "--checkpoint: %q is not a string, number or boolean (a checkpoint is a flat object)", m.Key), hint)
		}
	}
	return nil
}
