// Package cli is the process entry point: it builds the Factory from the real environment,
// runs the command tree and turns the returned error into a message and an exit code. It is
// the one place that touches os for streams, environment and exit status.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/cmd/root"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/text"
)

// Main runs the CLI with os.Args and returns the exit code.
func Main() int {
	f := NewFactory()
	// SIGTERM (a CI job cancelled, `kill`, a container stopped) is handled as Ctrl-C: commands
	// stop through the context, so child processes (tsc, tsgo) are killed and waited for and
	// temp files removed, instead of the process dying at once and leaving them behind.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return int(Run(ctx, f, os.Args[1:]))
}

// NewFactory wires the real dependencies.
func NewFactory() *cmdutil.Factory {
	return &cmdutil.Factory{
		AppVersion: build.AppVersion(),
		IOStreams:  iostreams.System(os.Getenv),
		WorkDir:    os.Getwd,
		Getenv:     os.Getenv,
		HttpClient: func() (*http.Client, error) { return &http.Client{}, nil },
		Now:        time.Now,
	}
}

// Run executes args against the command tree built from f and returns the exit code.
func Run(ctx context.Context, f *cmdutil.Factory, args []string) exitcode.Code {
	// Count what the command writes on stdout: a --json command that failed before printing
	// its document gets the failure document below.
	stdout := &countingWriter{w: f.IOStreams.Out}
	f.IOStreams.Out = stdout
	defer func() { f.IOStreams.Out = stdout.w }()
	rootCmd := root.NewCmdRoot(f)
	rootCmd.SetArgs(args)
	rootCmd.SetIn(f.IOStreams.In)
	rootCmd.SetOut(stdout)
	rootCmd.SetErr(f.IOStreams.ErrOut)
	cmd, err := rootCmd.ExecuteContextC(ctx)
	if err == nil {
		return exitcode.OK
	}
	code := exitcode.Of(err)
	if isCobraUsageError(err) {
		code = exitcode.Usage
	}
	if ctx.Err() != nil && code != exitcode.Cancel {
		// Interrupted (Ctrl-C or SIGTERM): whatever the command made of its cancelled work (a
		// script stopped mid-run, a request cut off), the outcome is "cancelled", exit 10.
		code = exitcode.Cancel
		if errors.As(err, new(*exitcode.SilentError)) {
			// The command already said what it stopped doing.
			err = exitcode.WithCode(code, errors.New("interrupted"))
		} else {
			err = exitcode.WithHint(exitcode.WithCode(code, fmt.Errorf("interrupted: %w", err)), "run the command again to complete it")
		}
	}
	printError(f.IOStreams, cmd, err)
	if stdout.n == 0 && jsonRequested(cmd) {
		// Every --json failure leaves one JSON document on stdout, even when the command
		// stopped before it could print its own (no project, a refused key, a bad flag).
		if doc := cmdutil.FailureJSON(err, code); cmd.Annotations[cmdutil.JSONLinesAnnotation] != "" {
			_ = json.NewEncoder(stdout).Encode(doc)
		} else {
			_ = cmdutil.WriteJSON(stdout, doc)
		}
	}
	return code
}

// jsonRequested reports whether --json was given to cmd.
func jsonRequested(cmd *cobra.Command) bool {
	if cmd == nil {
		return false
	}
	fl := cmd.Flags().Lookup("json")
	return fl != nil && fl.Value.String() == "true"
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func printError(io *iostreams.IOStreams, cmd *cobra.Command, err error) {
	var silent *exitcode.SilentError
	if errors.As(err, &silent) {
		return
	}
	cs := io.ColorScheme()
	// No URL is printed with its user name and password (NANGO_HOSTPORT, npm registry URLs
	// may carry them): engines print hosts without them (nangoapi.Client.Host), and this
	// catches the URLs that errors from net/http or a registry quote.
	fmt.Fprintf(io.ErrOut, "%s %s\n", cs.Red("error:"), text.StripUserinfo(err.Error()))
	if hint := exitcode.HintOf(err); hint != "" {
		fmt.Fprintf(io.ErrOut, "%s %s\n", cs.Yellow("hint:"), text.StripUserinfo(hint))
	}
	var flagErr *cmdutil.FlagError
	if (errors.As(err, &flagErr) || isCobraUsageError(err)) && cmd != nil {
		printUsage(io.ErrOut, cmd)
	}
}

func printUsage(w io.Writer, cmd *cobra.Command) {
	fmt.Fprintln(w)
	fmt.Fprint(w, cmd.UsageString())
}

// isCobraUsageError recognises the errors cobra returns for unknown commands, flags and bad
// argument counts, which it does not type.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "requires exactly", "bad flag syntax"} {
		if strings.HasPrefix(msg, p) || strings.Contains(msg, " "+p) {
			return true
		}
	}
	return false
}
