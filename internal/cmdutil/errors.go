package cmdutil

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ExitCode is the process exit status. The values are part of the CLI's contract (README,
// "Exit codes"): scripts and CI may branch on them, so never renumber one.
type ExitCode int

const (
	ExitOK ExitCode = 0
	// ExitError is any failure without a more precise code.
	ExitError ExitCode = 1
	// ExitUsage: bad flags, arguments or --input/--metadata values.
	ExitUsage ExitCode = 2
	// ExitProject: the project is invalid (nango.yaml rejected, a compile check or type
	// check failed, a script file is missing).
	ExitProject ExitCode = 3
	// ExitAuth: the Nango server refused the secret key (401, or unknown key).
	ExitAuth ExitCode = 4
	// ExitRejected: the server refused the request (400 validation, 404 missing connection
	// or integration, any other 4xx).
	ExitRejected ExitCode = 5
	// ExitConflict: another deploy is in progress (409).
	ExitConflict ExitCode = 6
	// ExitUnavailable: the server could not be reached, dropped the connection or answered 5xx.
	ExitUnavailable ExitCode = 7
	// ExitScript: the user's script threw, timed out or never resolved.
	ExitScript ExitCode = 8
	// ExitMismatch: results did not validate (--validation) or `nango test` found a difference.
	ExitMismatch ExitCode = 9
	// ExitCancel: the user declined, or a destructive change needs --allow-destructive.
	ExitCancel ExitCode = 10
	// ExitMemory: a script passed its memory limit (--max-memory, NANGO_MAX_MEMORY) and was
	// stopped, as Node stops at its heap limit.
	ExitMemory ExitCode = 11
)

// Error is an error with an exit code and an optional hint that tells the user what to do.
type Error struct {
	Code ExitCode
	Err  error
	Hint string
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// WithExit wraps err so that the process exits with code.
func WithExit(code ExitCode, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Err: err}
}

// WithHint wraps err with a hint printed after the message; the exit code is kept.
func WithHint(err error, hint string) error {
	if err == nil {
		return nil
	}
	code := ExitError
	var e *Error
	if errors.As(err, &e) {
		code = e.Code
	}
	return &Error{Code: code, Err: err, Hint: hint}
}

// Errorf builds an *Error with a code.
func Errorf(code ExitCode, format string, args ...any) error {
	return &Error{Code: code, Err: fmt.Errorf(format, args...)}
}

// FlagError is a usage error: the usage text is printed after it and the exit code is 2.
type FlagError struct{ err error }

func (e *FlagError) Error() string { return e.err.Error() }
func (e *FlagError) Unwrap() error { return e.err }

// FlagErrorf returns a usage error.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{err: fmt.Errorf(format, args...)}
}

// SilentError reports failure without printing anything more: the command already
// explained itself (for example a list of diagnostics).
type SilentError struct{ Code ExitCode }

func (e *SilentError) Error() string { return fmt.Sprintf("exit %d", e.Code) }

// Silent returns an error that exits with code and prints nothing.
func Silent(code ExitCode) error { return &SilentError{Code: code} }

// ExitCodeOf chooses the exit code for an error returned by a command.
func ExitCodeOf(err error) ExitCode {
	if err == nil {
		return ExitOK
	}
	var s *SilentError
	if errors.As(err, &s) {
		return s.Code
	}
	var f *FlagError
	if errors.As(err, &f) {
		return ExitUsage
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ExitError
}

// HintOf returns the outermost hint attached to err, if any.
func HintOf(err error) string {
	var e *Error
	for errors.As(err, &e) {
		if e.Hint != "" {
			return e.Hint
		}
		err = e.Err
	}
	return ""
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
