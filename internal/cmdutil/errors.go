package cmdutil

import (
	"fmt"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/exitcode"
)

// The exit codes and coded errors live in internal/exitcode, the leaf package engines use;
// these names keep the command layer's existing calls working while callers move to it
// (issue 14). FlagError stays here: printing the usage text after it is the command layer's job.
type (
	ExitCode    = exitcode.Code
	Error       = exitcode.Error
	SilentError = exitcode.SilentError
)

const (
	ExitOK          = exitcode.OK
	ExitError       = exitcode.Failure
	ExitUsage       = exitcode.Usage
	ExitProject     = exitcode.Project
	ExitAuth        = exitcode.Auth
	ExitRejected    = exitcode.Rejected
	ExitConflict    = exitcode.Conflict
	ExitUnavailable = exitcode.Unavailable
	ExitScript      = exitcode.Script
	ExitMismatch    = exitcode.Mismatch
	ExitCancel      = exitcode.Cancel
	ExitMemory      = exitcode.Memory
)

var (
	WithExit   = exitcode.WithCode
	WithHint   = exitcode.WithHint
	Errorf     = exitcode.Errorf
	Silent     = exitcode.Silent
	ExitCodeOf = exitcode.Of
	HintOf     = exitcode.HintOf
)

// FlagError is a usage error: the usage text is printed after it and the exit code is 2.
type FlagError struct{ err error }

func (e *FlagError) Error() string           { return e.err.Error() }
func (e *FlagError) Unwrap() error           { return e.err }
func (e *FlagError) ExitCode() exitcode.Code { return exitcode.Usage }

// FlagErrorf returns a usage error.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{err: fmt.Errorf(format, args...)}
}

// CheckTimeout is the usage error for a --timeout that is not positive: 0 or a negative
// value would otherwise silently mean "no limit" or "the default" (dryrun, test, deploy).
func CheckTimeout(d time.Duration, example string) error {
	if d <= 0 {
		return FlagErrorf("--timeout must be positive, e.g. --timeout %s", example)
	}
	return nil
}

// CheckEnvironment is the usage error for an environment name that cannot choose a secret
// key: empty or blank (`nango deploy ”` would look up NANGO_SECRET_KEY_).
func CheckEnvironment(name string) error {
	if strings.TrimSpace(name) == "" {
		return FlagErrorf("the environment name is empty: name one, e.g. dev or prod (its key is NANGO_SECRET_KEY_<ENVIRONMENT>)")
	}
	return nil
}
