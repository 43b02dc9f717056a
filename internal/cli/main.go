// Package cli is the process entry point: it builds the Factory from the real environment,
// runs the command tree and turns the returned error into a message and an exit code. It is
// the one place that touches os for streams, environment and exit status.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/cmd/root"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/text"
)

// Main runs the CLI with os.Args and returns the exit code.
func Main() int {
	f := NewFactory()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return int(Run(ctx, f, os.Args[1:]))
}

// NewFactory wires the real dependencies.
func NewFactory() *cmdutil.Factory {
	return &cmdutil.Factory{
		AppVersion: build.Version,
		IOStreams:  iostreams.System(os.Getenv),
		WorkDir:    os.Getwd,
		Getenv:     os.Getenv,
		HttpClient: func() (*http.Client, error) { return &http.Client{}, nil },
		Now:        time.Now,
	}
}

// Run executes args against the command tree built from f and returns the exit code.
func Run(ctx context.Context, f *cmdutil.Factory, args []string) cmdutil.ExitCode {
	rootCmd := root.NewCmdRoot(f)
	rootCmd.SetArgs(args)
	rootCmd.SetIn(f.IOStreams.In)
	rootCmd.SetOut(f.IOStreams.Out)
	rootCmd.SetErr(f.IOStreams.ErrOut)
	cmd, err := rootCmd.ExecuteContextC(ctx)
	if err == nil {
		return cmdutil.ExitOK
	}
	printError(f.IOStreams, cmd, err)
	if isCobraUsageError(err) {
		return cmdutil.ExitUsage
	}
	return cmdutil.ExitCodeOf(err)
}

func printError(io *iostreams.IOStreams, cmd *cobra.Command, err error) {
	var silent *cmdutil.SilentError
	if errors.As(err, &silent) {
		return
	}
	cs := io.ColorScheme()
	// No URL is printed with its user name and password (NANGO_HOSTPORT, npm registry URLs
	// may carry them): engines print hosts without them (nangoapi.Client.Host), and this
	// catches the URLs that errors from net/http or a registry quote.
	fmt.Fprintf(io.ErrOut, "%s %s\n", cs.Red("error:"), text.StripUserinfo(err.Error()))
	if hint := cmdutil.HintOf(err); hint != "" {
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
