package testrun

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/verdict"
	"github.com/nango-go/nango/pkg/jsjson"
)

// Label is the word the table shows for a status.
func (s Status) Label() string {
	switch s {
	case StatusPass:
		return "PASS"
	case StatusFail:
		return "FAIL"
	case StatusMissing:
		return "MISSING"
	}
	return "ERROR"
}

// WriteText writes the results as a table, one script per line, each failure followed by
// its explanation (the first differing field, the missing file, or the script's error with
// its .ts trace), then a summary line. verbose adds every script's log lines.
func WriteText(w io.Writer, cs *iostreams.ColorScheme, s *Summary, verbose bool) {
	// Columns are padded by hand: explanations run between rows, so a tabwriter would align
	// each row on its own.
	var labelW, nameW, typeW int
	for _, r := range s.Results {
		labelW = max(labelW, len(r.Status.Label()))
		nameW = max(nameW, len(r.Name()))
		typeW = max(typeW, len(r.Type))
	}
	for _, r := range s.Results {
		label := r.Status.Label()
		pad := strings.Repeat(" ", labelW-len(label))
		if r.Status == StatusPass {
			label = cs.Green(label)
		} else {
			label = cs.Red(label)
		}
		fmt.Fprintf(w, "%s%s  %-*s  %-*s  %s\n", label, pad, nameW, r.Name(), typeW, r.Type, formatDuration(r.Duration))
		detail := r.Detail()
		if verbose && len(r.Logs) > 0 {
			detail = append(append([]string{"logs:"}, indent(r.Logs, "  ")...), detail...)
		}
		for _, line := range detail {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, s.Line())
}

// Progress prints one line per test as it finishes, for a run that takes a while: "[ 3/12]
// PASS  shop/items::eu  sync  12ms". The lines come in the order the tests finish, so they
// go to stderr; the sorted table (WriteText) or the JSON document is the result on stdout.
type Progress struct {
	w     io.Writer
	cs    *iostreams.ColorScheme
	total int
	done  int
}

// NewProgress writes progress lines to w.
func NewProgress(w io.Writer, cs *iostreams.ColorScheme) *Progress {
	return &Progress{w: w, cs: cs}
}

// Start is Options.OnStart.
func (p *Progress) Start(total int) { p.total = total }

// Result is Options.OnResult (called one at a time).
func (p *Progress) Result(r *Result) {
	p.done++
	label := r.Status.Label()
	pad := strings.Repeat(" ", len("MISSING")-len(label))
	if r.Status == StatusPass {
		label = p.cs.Green(label)
	} else {
		label = p.cs.Red(label)
	}
	width := len(fmt.Sprint(p.total))
	line := fmt.Sprintf("[%*d/%d] %s%s  %s", width, p.done, p.total, label, pad, r.Name())
	if r.Type != "" {
		line += "  " + r.Type
	}
	if r.Duration > 0 {
		line += "  " + formatDuration(r.Duration)
	}
	if d := r.Detail(); len(d) > 0 {
		// the first line of the explanation, so that a long run shows a failure early
		line += ": " + d[0]
	}
	fmt.Fprintln(p.w, line)
}

// Line is the summary: "3 scripts: 2 passed, 1 failed (0.12s)".
func (s *Summary) Line() string {
	parts := []string{fmt.Sprintf("%d passed", s.Count(StatusPass))}
	if n := s.Count(StatusFail); n > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", n))
	}
	if n := s.Count(StatusMissing); n > 0 {
		parts = append(parts, fmt.Sprintf("%d missing a recording", n))
	}
	if n := s.Count(StatusError); n > 0 {
		parts = append(parts, fmt.Sprintf("%d errored", n))
	}
	noun := "scripts"
	if len(s.Results) == 1 {
		noun = "script"
	}
	return fmt.Sprintf("%d %s: %s (%s)", len(s.Results), noun, strings.Join(parts, ", "), formatDuration(s.Duration))
}

// Detail explains a result that did not pass, one line per element ("" lines kept out).
func (r *Result) Detail() []string {
	var lines []string
	switch r.Status {
	case StatusPass:
		return nil
	case StatusFail:
		for _, f := range r.Failures {
			lines = append(lines, strings.Split(f.String(), "\n")...)
		}
	default:
		lines = append(lines, strings.Split(strings.TrimRight(r.Error, "\n"), "\n")...)
		if st := strings.Trim(r.Stack, "\n"); st != "" {
			lines = append(lines, strings.Split(st, "\n")...)
		}
	}
	if r.Hint != "" {
		lines = append(lines, "hint: "+r.Hint)
	}
	return lines
}

func indent(lines []string, prefix string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = prefix + l
	}
	return out
}

func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

// JSONReport is the --json document.
type JSONReport struct {
	// OK is true when every script passed.
	OK         bool         `json:"ok"`
	Passed     int          `json:"passed"`
	Failed     int          `json:"failed"`
	Missing    int          `json:"missing"`
	Errors     int          `json:"errors"`
	DurationMS float64      `json:"duration_ms"`
	Results    []JSONResult `json:"results"`
}

// JSONResult is one script in the --json document.
type JSONResult struct {
	Integration string        `json:"integration"`
	Script      string        `json:"script"`
	Variant     string        `json:"variant,omitempty"`
	Type        string        `json:"type"`
	Status      Status        `json:"status"`
	DurationMS  float64       `json:"duration_ms"`
	Failures    []JSONFailure `json:"failures,omitempty"`
	// Error is the script's error or the missing recording's message; Stack its trace.
	Error       string   `json:"error,omitempty"`
	Stack       string   `json:"stack,omitempty"`
	MissingFile string   `json:"missing_file,omitempty"`
	Hint        string   `json:"hint,omitempty"`
	Requests    int      `json:"requests"`
	Logs        []string `json:"logs,omitempty"`
}

// JSONFailure is one failed verdict: the first differing field's path and both values (as
// JSON; absent when the property does not exist on that side).
type JSONFailure struct {
	Subject  string          `json:"subject"`
	Model    string          `json:"model,omitempty"`
	Path     string          `json:"path,omitempty"`
	Expected json.RawMessage `json:"expected,omitempty"`
	Actual   json.RawMessage `json:"actual,omitempty"`
	Message  string          `json:"message"`
}

// JSON is the machine-readable form of the summary (logs included when verbose).
func (s *Summary) JSON(verbose bool) JSONReport {
	rep := JSONReport{
		OK:     s.ExitCode() == 0,
		Passed: s.Count(StatusPass), Failed: s.Count(StatusFail), Missing: s.Count(StatusMissing), Errors: s.Count(StatusError),
		DurationMS: ms(s.Duration), Results: []JSONResult{},
	}
	for _, r := range s.Results {
		jr := JSONResult{
			Integration: r.Integration, Script: r.Script, Variant: r.Variant, Type: r.Type, Status: r.Status, DurationMS: ms(r.Duration),
			Stack: r.Stack, MissingFile: r.Missing, Hint: r.Hint, Requests: r.Requests,
		}
		if r.Status != StatusFail {
			jr.Error = r.Error
		}
		if verbose {
			jr.Logs = r.Logs
		}
		for _, f := range r.Failures {
			jr.Failures = append(jr.Failures, jsonFailure(f))
		}
		rep.Results = append(rep.Results, jr)
	}
	return rep
}

func jsonFailure(f verdict.Failure) JSONFailure {
	jf := JSONFailure{Subject: f.Subject, Model: f.Model, Message: f.String()}
	if d := f.First; d != nil {
		jf.Path = d.Path
		if !d.ExpectedAbsent {
			jf.Expected = rawJSON(d.Expected)
		}
		if !d.ActualAbsent {
			jf.Actual = rawJSON(d.Actual)
		}
	}
	return jf
}

// rawJSON is v as JSON text; undefined (which JSON cannot hold) is left out.
func rawJSON(v jsjson.Value) json.RawMessage {
	if text, ok := jsjson.Stringify(v); ok {
		return text
	}
	return nil
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
