// Package cmdutil holds what every command shares: the Factory of injected dependencies,
// the error types that choose exit codes, and small flag helpers.
package cmdutil

import (
	"net/http"
	"time"

	"github.com/nango-go/nango/internal/iostreams"
)

// Factory carries the dependencies of commands. Fields are set once in internal/cli (the
// only place that touches the os package for them) and replaced in tests.
type Factory struct {
	AppVersion string
	IOStreams  *iostreams.IOStreams

	// WorkDir is the folder the command was started in: the nango-integrations project root
	// for every project command.
	WorkDir func() (string, error)

	// Getenv reads the process environment. It does not include .env: commands that honour
	// .env load it through the envfile package on top of this.
	Getenv func(string) string

	// HttpClient returns the client for Nango server and registry calls.
	HttpClient func() (*http.Client, error)

	// Now is the clock.
	Now func() time.Time

	// lazy backs DotEnv and NangoClient (nango.go): built on first use, once.
	lazy lazy
}
