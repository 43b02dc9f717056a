// Package iostreams carries the process's standard streams and the terminal facts that decide
// how output is rendered (colour, prompts). Commands receive it instead of touching os.Std*.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"strings"
)

// IOStreams is what a command reads from and writes to.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool
	colorOn   bool
	// ciMode is true when CI=true is set: never prompt, never animate.
	ciMode bool
}

// System returns streams bound to the process's stdin, stdout and stderr. getenv is the
// environment lookup of the process (injected so tests can choose NO_COLOR and CI).
func System(getenv func(string) string) *IOStreams {
	s := &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
	}
	s.ciMode = isTruthy(getenv("CI"))
	_, noColor := lookup(getenv, "NO_COLOR")
	s.colorOn = s.stderrTTY && !noColor && getenv("TERM") != "dumb"
	if isTruthy(getenv("CLICOLOR_FORCE")) || isTruthy(getenv("FORCE_COLOR")) {
		s.colorOn = !noColor
	}
	return s
}

func lookup(getenv func(string) string, key string) (string, bool) {
	v := getenv(key)
	return v, v != ""
}

func isTruthy(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes":
		return true
	}
	return false
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	if err != nil {
		return false
	}
	return st.Mode()&os.ModeCharDevice != 0
}

// Test returns streams backed by buffers, none of them a terminal, colour off.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// IsStdoutTTY reports whether stdout is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether stderr is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// SetStdoutTTY and friends let tests pretend to be attached to a terminal.
func (s *IOStreams) SetStdoutTTY(v bool)    { s.stdoutTTY = v }
func (s *IOStreams) SetStdinTTY(v bool)     { s.stdinTTY = v }
func (s *IOStreams) SetStderrTTY(v bool)    { s.stderrTTY = v }
func (s *IOStreams) SetColorEnabled(v bool) { s.colorOn = v }
func (s *IOStreams) SetCI(v bool)           { s.ciMode = v }

// CanPrompt reports whether the user can answer a question: stdin and stderr are terminals
// and we are not in CI. Commands that would prompt must fail with a clear message otherwise.
func (s *IOStreams) CanPrompt() bool { return s.stdinTTY && s.stderrTTY && !s.ciMode }

// IsCI reports whether CI=true (or 1) is set.
func (s *IOStreams) IsCI() bool { return s.ciMode }

// ColorEnabled reports whether ANSI colours may be written to stderr.
func (s *IOStreams) ColorEnabled() bool { return s.colorOn }

// ColorScheme returns helpers that colour text only when colour is enabled.
func (s *IOStreams) ColorScheme() *ColorScheme { return &ColorScheme{enabled: s.colorOn} }
