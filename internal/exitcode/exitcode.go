// Package exitcode is the one place that decides a process exit status: the stable codes of
// README's "Exit codes" table, errors that carry a code and a hint telling the user what to do,
// and Of/HintOf that internal/cli/main.go reads when a command fails.
//
// It is a leaf: engines (internal/dryrun, internal/deploy, internal/nangoapi, …) import it to
// say how a failure should end, without importing the command layer's Factory
// (internal/cmdutil), which only internal/cmd/... and internal/cli may use.
package exitcode

import (
	"errors"
	"fmt"
)

// Code is the process exit status. The values are part of the CLI's contract (README,
// "Exit codes"): scripts and CI may branch on them, so never renumber one.
type Code int

const (
	OK Code = 0
	// Failure is any failure without a more precise code.
	Failure Code = 1
	// Usage: bad flags, arguments or --input/--metadata values.
	Usage Code = 2
	// Project: the project is invalid (nango.yaml rejected, a compile check or type check
	// failed, a script file is missing).
	Project Code = 3
	// Auth: the Nango server refused the secret key (401, or unknown key).
	Auth Code = 4
	// Rejected: the server refused the request (400 validation, 404 missing connection or
	// integration, any other 4xx).
	Rejected Code = 5
	// Conflict: another deploy is in progress (409).
	Conflict Code = 6
	// Unavailable: the server could not be reached, dropped the connection or answered 5xx.
	Unavailable Code = 7
	// Script: the user's script threw, timed out or never resolved.
	Script Code = 8
	// Mismatch: results did not validate (--validation) or `nango test` found a difference.
	Mismatch Code = 9
	// Cancel: the user declined or interrupted, or a destructive change needs --allow-destructive.
	Cancel Code = 10
	// Memory: a script passed its memory limit (--max-memory, NANGO_MAX_MEMORY) and was
	// stopped, as Node stops at its heap limit.
	Memory Code = 11
)

// Error is an error with an exit code and an optional hint that tells the user what to do.
type Error struct {
	Code Code
	Err  error
	Hint string
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// WithCode wraps err so that the process exits with code.
func WithCode(code Code, err error) error {
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
	return &Error{Code: Of(err), Err: err, Hint: hint}
}

// Errorf builds an *Error with a code.
func Errorf(code Code, format string, args ...any) error {
	return &Error{Code: code, Err: fmt.Errorf(format, args...)}
}

// SilentError reports failure without printing anything more: the command already
// explained itself (for example a list of diagnostics).
type SilentError struct{ Code Code }

func (e *SilentError) Error() string { return fmt.Sprintf("exit %d", e.Code) }

// Silent returns an error that exits with code and prints nothing.
func Silent(code Code) error { return &SilentError{Code: code} }

// Coder is implemented by errors of other packages that choose their own code (the command
// layer's usage errors, internal/cmdutil.FlagError).
type Coder interface{ ExitCode() Code }

// Of chooses the exit code for an error returned by a command: the outermost code found while
// unwrapping, Failure when there is none.
func Of(err error) Code {
	if err == nil {
		return OK
	}
	var s *SilentError
	if errors.As(err, &s) {
		return s.Code
	}
	var c Coder
	if errors.As(err, &c) {
		return c.ExitCode()
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Failure
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
