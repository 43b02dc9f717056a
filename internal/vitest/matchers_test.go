package vitest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func runDir(t *testing.T, files ...string) []FileResult {
	t.Helper()
	root, err := filepath.Abs("../../testdata/vitest")
	if err != nil {
		t.Fatal(err)
	}
	res, err := RunFiles(context.Background(), Options{ProjectDir: root, Files: files})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestPassingMatchers(t *testing.T) {
	res := runDir(t, "pass/matchers.test.ts")
	r := res[0]
	if r.Status != StatusPass {
		t.Fatalf("want pass:\n%s", Describe(r))
	}
	if len(r.Cases) != 11 {
		t.Errorf("%d cases, want 11", len(r.Cases))
	}
}

// TestFailingMatchers: every case of fail/matchers.test.ts is a wrong assertion; each must
// fail, with a message (and diff, where one applies) a person can act on.
func TestFailingMatchers(t *testing.T) {
	want := map[string][]string{
		"toBe":                               {"expected 0 to be -0 // Object.is equality"},
		"not.toBe":                           {"expected 1 not to be 1"},
		"toEqual":                            {"to deeply equal", "first difference at user.tags[0]", `-       "y",`, `+       "x",`},
		"toEqual array length":               {"first difference at length"},
		"toStrictEqual undefined key":        {"to strictly equal", "first difference at b"},
		"toStrictEqual class":                {"to strictly equal", "+ Point {", "- Object {"},
		"toHaveLength":                       {"to have a length of 3 but got 2"},
		"toHaveLength null":                  {"TypeError", "Target cannot be null or undefined."},
		"toContain":                          {"to include { a: 1 }"},
		"not.toContain":                      {"expected 'abc' not to include 'b'"},
		"toBeDefined":                        {"expected undefined to be defined"},
		"toBeNull":                           {"expected undefined to be null"},
		"toBeUndefined":                      {"expected null to be undefined"},
		"toMatch":                            {"to match /^\\d{2}-/"},
		"toMatch non-string":                 {"TypeError", ".toMatch() expects to receive a string, but got number"},
		"toMatchObject":                      {"to match object", "first difference at b.c"},
		"objectContaining":                   {"ObjectContaining"},
		"any":                                {"first difference at when", "Any<Date>"},
		"toHaveBeenCalledWith count":         {"to be called with arguments: [ 1 ]", "1st call", "Number of calls: 1"},
		"toHaveBeenCalledTimes":              {"to be called 2 times, but got 1 times"},
		"not a spy":                          {"is not a spy or a call to a spy!"},
		"rejects on a resolved promise":      {`promise resolved "1" instead of rejecting`},
		"rejects with another message":       {"to throw error including 'xyz' but got 'abc'"},
		"resolves on a rejected promise":     {"instead of resolving"},
		"toThrow without a throw":            {"to throw an error, but it didn't"},
		"mockRejectedValueOnce":              {"boom"},
		"unsupported matcher":                {"UnsupportedError", "expect(…).toBeCloseTo is not supported"},
		"unsupported vi API":                 {"vi.stubEnv is not supported"},
		"spyOn a missing key":                {"nope does not exist"},
		"timeout":                            {"Test timed out in 50ms."},
		"toBeLessThan a mock never called":   {"TypeError", "expected undefined and "},
		"toHaveProperty value":               {"a.b"},
		"toHaveBeenCalledOnce twice":         {"2"},
		"toHaveBeenNthCalledWith other args": {"2"},
		"expect.fail":                        {"not there yet"},
	}
	res := runDir(t, "fail/matchers.test.ts")
	r := res[0]
	if r.Status != StatusFail {
		t.Fatalf("want fail:\n%s", Describe(r))
	}
	if len(r.Cases) != len(want) {
		t.Errorf("%d cases, want %d", len(r.Cases), len(want))
	}
	for _, c := range r.Cases {
		title := strings.TrimPrefix(c.Name, "wrong > ")
		subs, ok := want[title]
		if !ok {
			t.Errorf("unexpected case %q", c.Name)
			continue
		}
		if c.Status != StatusFail || c.Failure == nil {
			t.Errorf("%s: %s, want fail", title, c.Status)
			continue
		}
		text := c.Failure.Name + ": " + c.Failure.Message + "\n" + c.Failure.Diff
		for _, s := range subs {
			if !strings.Contains(text, s) {
				t.Errorf("%s: failure lacks %q:\n%s", title, s, text)
			}
		}
		if c.Failure.Name == "AssertionError" && !strings.HasPrefix(c.Failure.Location, "fail/matchers.test.ts:") {
			t.Errorf("%s: location %q is not in the test file", title, c.Failure.Location)
		}
	}
}

func TestFileLevelFailures(t *testing.T) {
	for file, want := range map[string]string{
		"fail/unsupported.test.ts": "describe.each is not supported",
		"fail/empty.test.ts":       "No test found in suite nothing here",
	} {
		r := runDir(t, file)[0]
		if r.Status != StatusFail || len(r.Errors) == 0 || !strings.Contains(Describe(r), want) {
			t.Errorf("%s: want a file failure with %q, got:\n%s", file, want, Describe(r))
		}
	}
}

func TestLocationAndFrame(t *testing.T) {
	r := runDir(t, "fail/matchers.test.ts")[0]
	for _, c := range r.Cases {
		if c.Title == "toBe" {
			if c.Failure.Location != "fail/matchers.test.ts:9:18" && !strings.HasPrefix(c.Failure.Location, "fail/matchers.test.ts:9:") {
				t.Errorf("location %q, want line 9", c.Failure.Location)
			}
			if !strings.Contains(c.Failure.Frame, ">  9| ") || !strings.Contains(c.Failure.Frame, "^") {
				t.Errorf("frame:\n%s", c.Failure.Frame)
			}
		}
	}
}

// TestNewCorpusAPIs: the vitest APIs only the zero-yaml corpus uses, as it uses them.
func TestNewCorpusAPIs(t *testing.T) {
	r := runDir(t, "pass/newcorpus.test.ts")[0]
	if r.Status != StatusPass || len(r.Cases) != 7 {
		t.Fatalf("want 7 passing cases:\n%s", Describe(r))
	}
}
