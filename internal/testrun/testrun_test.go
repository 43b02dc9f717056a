package testrun

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
)

func verdictsDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "testrun", "verdicts"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestVerdicts runs the verdict rules end to end through real scripts: toEqual for actions
// (key order and undefined properties do not matter), the JSON round trip for syncs
// (undefined fields vanish, dates become ISO strings), concatenated batchSave calls,
// batchDelete matched against one call, and an action's recorded input.
func TestVerdicts(t *testing.T) {
	dir := verdictsDir(t)
	sum, err := Run(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		status Status
		detail string // a line the explanation must contain
	}{
		"shop/to-equal":      {StatusPass, ""},
		"shop/echo":          {StatusPass, ""},
		"shop/two-calls":     {StatusPass, ""},
		"shop/dates":         {StatusPass, ""},
		"shop/wrong":         {StatusFail, `output.nested.list[1]: expected 2, got 3`},
		"shop/deleted-wrong": {StatusFail, `batchDelete Gone[0].id: expected "8", got "9"`},
	}
	if len(sum.Results) != len(want) {
		t.Fatalf("%d results, want %d", len(sum.Results), len(want))
	}
	for _, r := range sum.Results {
		w, ok := want[r.Name()]
		if !ok {
			t.Errorf("unexpected script %s", r.Name())
			continue
		}
		detail := strings.Join(r.Detail(), "\n")
		if r.Status != w.status {
			t.Errorf("%s: %s, want %s\n%s", r.Name(), r.Status, w.status, detail)
		}
		if w.detail != "" && !strings.Contains(detail, w.detail) {
			t.Errorf("%s: explanation\n%s\ndoes not contain %q", r.Name(), detail, w.detail)
		}
	}
	if sum.ExitCode() != exitcode.Mismatch {
		t.Errorf("exit code %d, want %d", sum.ExitCode(), exitcode.Mismatch)
	}
	if _, err := os.Stat(filepath.Join(dir, "dist")); err == nil {
		t.Errorf("a test run wrote dist/: it must have no side effects")
	}
}

func TestFilters(t *testing.T) {
	dir := verdictsDir(t)
	for _, tc := range []struct {
		name        string
		opts        Options
		want        []string
		errContains string
		exit        exitcode.Code
	}{
		{name: "integration", opts: Options{Integration: "shop"}, want: []string{"shop/dates", "shop/deleted-wrong", "shop/echo", "shop/to-equal", "shop/two-calls", "shop/wrong"}},
		{name: "integration and script", opts: Options{Integration: "shop", Script: "echo"}, want: []string{"shop/echo"}},
		{name: "script alone", opts: Options{Integration: "echo"}, want: []string{"shop/echo"}},
		{name: "run", opts: Options{Run: regexp.MustCompile(`^shop/(to-equal|wrong)$`)}, want: []string{"shop/to-equal", "shop/wrong"}},
		{name: "nothing matches", opts: Options{Run: regexp.MustCompile(`zzz`)}, errContains: "no recorded script matched the filters", exit: exitcode.Usage},
		{name: "unknown name", opts: Options{Integration: "nope"}, errContains: `"nope" is neither an integration nor a script`, exit: exitcode.Usage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Dir = dir
			sum, err := Run(context.Background(), tc.opts)
			if tc.errContains != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errContains) {
					t.Fatalf("error %v, want one containing %q", err, tc.errContains)
				}
				if code := exitcode.Of(err); code != tc.exit {
					t.Fatalf("exit code %d, want %d", code, tc.exit)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range sum.Results {
				got = append(got, r.Name())
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Fatalf("selected %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNoRecordings(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "nango.yaml"), []byte("integrations:\n  shop:\n    actions:\n      a:\n        endpoint: GET /a\nmodels: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "no recordings found") {
		t.Fatalf("error %v, want no recordings found", err)
	}
	if hint := exitcode.HintOf(err); !strings.Contains(hint, "--save-responses") {
		t.Fatalf("hint %q does not say how to record", hint)
	}
	if code := exitcode.Of(err); code != exitcode.Project {
		t.Fatalf("exit code %d, want %d", code, exitcode.Project)
	}
}

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		statuses []Status
		want     exitcode.Code
	}{
		{[]Status{StatusPass, StatusPass}, exitcode.OK},
		{[]Status{StatusPass, StatusError}, exitcode.Script},
		{[]Status{StatusError, StatusFail}, exitcode.Mismatch},
		{[]Status{StatusMissing, StatusPass}, exitcode.Mismatch},
		{[]Status{StatusError, StatusMissing, StatusFail}, exitcode.Mismatch},
	} {
		s := &Summary{}
		for _, st := range tc.statuses {
			s.Results = append(s.Results, &Result{Status: st})
		}
		if got := s.ExitCode(); got != tc.want {
			t.Errorf("%v: exit code %d, want %d", tc.statuses, got, tc.want)
		}
	}
}

// TestReports checks the JSON form of a run with a failure: the path and both values (the
// text table is internal/testreport's TestReports).
func TestReports(t *testing.T) {
	sum, err := Run(context.Background(), Options{Dir: verdictsDir(t), Run: regexp.MustCompile(`wrong`)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(sum.JSON(false))
	if err != nil {
		t.Fatal(err)
	}
	var rep JSONReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 2 || rep.Passed != 0 || len(rep.Results) != 2 {
		t.Fatalf("counts: %+v", rep)
	}
	f := rep.Results[1].Failures
	if len(f) != 1 || f[0].Path != "output.nested.list[1]" || string(f[0].Expected) != "2" || string(f[0].Actual) != "3" || f[0].Subject != "output" {
		t.Fatalf("action failure in JSON: %s", b)
	}
}

// TestScriptErrorIsNotAMismatch: a script that throws is StatusError with its message and a
// trace at the .ts line, and exit code 8 when nothing else failed.
func TestScriptErrorIsNotAMismatch(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"nango.yaml":                     "integrations:\n  shop:\n    actions:\n      boom:\n        endpoint: GET /boom\nmodels: {}\n",
		"shop/actions/boom.ts":           "export default async function run() {\n    throw new Error('kaput');\n}\n",
		"shop/mocks/boom/output.json":    `{"ok":true}`,
		"shop/mocks/nango/.placeholder":  "",
		"shop/mocks/boom/input.json":     `{"x":1}`,
		"shop/mocks/boom/ignored/readme": "not a model folder",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := Run(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	r := sum.Results[0]
	if r.Status != StatusError || !strings.Contains(r.Error, "kaput") || !strings.Contains(r.Stack, "shop/actions/boom.ts:2") {
		t.Fatalf("result %+v", r)
	}
	if sum.ExitCode() != exitcode.Script {
		t.Fatalf("exit code %d, want %d", sum.ExitCode(), exitcode.Script)
	}
}

// TestProgressCountsEachScriptOnce: a script that does not build is reported once, so the
// OnResult calls match OnStart's total (nango test printed [3/2] and [4/2] before).
func TestProgressCountsEachScriptOnce(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"nango.yaml":                    "integrations:\n  shop:\n    actions:\n      broken:\n        endpoint: GET /broken\n      fine:\n        endpoint: GET /fine\nmodels: {}\n",
		"shop/actions/broken.ts":        "import x from 'left-pad';\nexport default async function run() {\n    return x;\n}\n",
		"shop/actions/fine.ts":          "export default async function run() {\n    return { ok: true };\n}\n",
		"shop/mocks/broken/output.json": `{"ok":true}`,
		"shop/mocks/fine/output.json":   `{"ok":true}`,
		"shop/mocks/nango/.placeholder": "",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	total := -1
	seen := map[string]int{}
	sum, err := Run(context.Background(), Options{Dir: dir, Parallel: 2,
		OnStart:  func(n int) { total = n },
		OnResult: func(r *Result) { seen[r.Name()]++ }})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(seen) != 2 || seen["shop/broken"] != 1 || seen["shop/fine"] != 1 {
		t.Fatalf("OnStart(%d), OnResult calls %v: want 2 and each script once", total, seen)
	}
	byName := map[string]*Result{}
	for _, r := range sum.Results {
		byName[r.Name()] = r
	}
	if r := byName["shop/broken"]; r.Status != StatusError || r.Type != "action" || !strings.Contains(r.Error, "did not compile") {
		t.Errorf("broken: %+v", r)
	}
	if r := byName["shop/fine"]; r.Status != StatusPass {
		t.Errorf("fine: %+v", r)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, Options{Dir: verdictsDir(t)})
	if code := exitcode.Of(err); code != exitcode.Cancel {
		t.Fatalf("error %v (exit %d), want exit %d", err, code, exitcode.Cancel)
	}
}
