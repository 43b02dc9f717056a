package cmdutil

import (
	"fmt"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/exitcode"
)

// Exit codes and coded errors are internal/exitcode's; FlagError stays here because printing
// the usage text after it is the command layer's job.

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
