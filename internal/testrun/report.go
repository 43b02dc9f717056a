package testrun

// The results as values for the commands to show: Detail (the explanation lines of a result
// that did not pass) and JSON (the --json document). Printing them is internal/testreport's.

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/verdict"
	"github.com/nango-go/nango/pkg/jsjson"
)

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
