package testreport

import (
	"time"

	"github.com/nango-go/nango/internal/testrun"
	"github.com/nango-go/nango/internal/vitest"
)

// JSONDoc is `nango test --json`: testrun's document for the scripts checked from recordings
// only ("results", with its counts), plus "files", the test files. "ok" covers both. It lives
// next to WriteText so that what a result shows is decided in one package for both formats.
type JSONDoc struct {
	testrun.JSONReport
	OK    bool       `json:"ok"`
	Files []jsonFile `json:"files"`
}

type jsonFile struct {
	// Path is relative to the project, with forward slashes.
	Path       string           `json:"path"`
	Status     vitest.Status    `json:"status"`
	DurationMS float64          `json:"duration_ms"`
	Errors     []vitest.Failure `json:"errors,omitempty"`
	Cases      []jsonCase       `json:"cases"`
}

type jsonCase struct {
	// Name is "describe > test", as vitest reports it.
	Name       string          `json:"name"`
	Status     vitest.Status   `json:"status"`
	DurationMS float64         `json:"duration_ms"`
	Failure    *vitest.Failure `json:"failure,omitempty"`
	Console    []string        `json:"console,omitempty"`
}

// JSON builds the --json document of the test files and the scripts checked from recordings
// only (s, nil when none ran); verbose adds what each case and script logged.
func JSON(files []vitest.FileResult, s *testrun.Summary, verbose bool) JSONDoc {
	doc := JSONDoc{OK: true, Files: make([]jsonFile, len(files))}
	if s != nil {
		doc.JSONReport = s.JSON(verbose)
		doc.OK = doc.JSONReport.OK
	}
	if doc.Results == nil {
		doc.Results = []testrun.JSONResult{}
	}
	for i, r := range files {
		jf := jsonFile{Path: r.Path, Status: r.Status, DurationMS: ms(r.Duration), Errors: r.Errors, Cases: make([]jsonCase, len(r.Cases))}
		for j, c := range r.Cases {
			jc := jsonCase{Name: c.Name, Status: c.Status, DurationMS: ms(c.Duration), Failure: c.Failure}
			if verbose {
				jc.Console = c.Console
			}
			jf.Cases[j] = jc
		}
		if r.Status != vitest.StatusPass {
			doc.OK = false
		}
		doc.Files[i] = jf
	}
	return doc
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
