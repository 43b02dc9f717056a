package testreport

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/testrun"
)

func verdictsDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "testrun", "verdicts"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// variantProject is a sync with base, eu and us recordings; us fails its verdict.
func variantProject(t *testing.T) string {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"nango.yaml": "integrations:\n  shop:\n    syncs:\n      items:\n        runs: every hour\n        output: Item\n        endpoint: GET /items\n" +
			"models:\n  Item:\n    id: string\n    variant: string\n",
		"shop/syncs/items.ts": "import type { NangoSync, Item } from '../../models';\n\n" +
			"export default async function fetchData(nango: NangoSync): Promise<void> {\n" +
			"    await nango.batchSave<Item>([{ id: '1', variant: String(nango.variant) }], 'Item');\n}\n",
		"shop/mocks/items/Item/batchSave.json":      `[{"id":"1","variant":"base"}]`,
		"shop/mocks/items/eu/Item/batchSave.json":   `[{"id":"1","variant":"eu"}]`,
		"shop/mocks/items/us/Item/batchSave.json":   `[{"id":"1","variant":"not-us"}]`,
		"shop/mocks/items/us/Item/batchDelete.json": `[]`,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestReports checks the text table of a run with a failure: the first differing field
// under its row, then the summary line.
func TestReports(t *testing.T) {
	sum, err := testrun.Run(context.Background(), testrun.Options{Dir: verdictsDir(t), Run: regexp.MustCompile(`wrong`)})
	if err != nil {
		t.Fatal(err)
	}
	io, _, _, _ := iostreams.Test()
	var text bytes.Buffer
	WriteText(&text, io.ColorScheme(), nil, sum, false)
	for _, want := range []string{
		"FAIL  shop/deleted-wrong  sync  ",
		"\n    batchDelete Gone[0].id: expected \"8\", got \"9\"\n",
		"FAIL  shop/wrong          action",
		"\n    output.nested.list[1]: expected 2, got 3\n",
		"\n2 scripts: 0 passed, 2 failed (",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, text.String())
		}
	}
}

// TestProgress: one line per test as it finishes, numbered against the total given by
// OnStart, a failure's first explanation on its line; the summary stays sorted whatever
// order the lines came in.
func TestProgress(t *testing.T) {
	dir := variantProject(t)
	io, _, _, _ := iostreams.Test()
	var lines bytes.Buffer
	p := NewProgress(&lines, io.ColorScheme())
	starts := 0
	sum, err := testrun.Run(context.Background(), testrun.Options{Dir: dir, Parallel: 3,
		OnStart: func(n int) { starts++; p.Start(n) }, OnResult: p.Result})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(lines.String(), "\n"), "\n")
	if starts != 1 || len(got) != 3 {
		t.Fatalf("OnStart called %d times, %d lines:\n%s", starts, len(got), lines.String())
	}
	seen := map[string]bool{}
	for i, l := range got {
		if !strings.HasPrefix(l, fmt.Sprintf("[%d/3] ", i+1)) {
			t.Errorf("line %d: %q does not count %d of 3", i, l, i+1)
		}
		for _, r := range sum.Results {
			if strings.Contains(l, " "+r.Name()+"  sync  ") {
				seen[r.Name()] = true
			}
		}
		if strings.Contains(l, "FAIL") && !strings.Contains(l, `: batchSave Item[0].variant: expected "not-us", got "us"`) {
			t.Errorf("failure line without its first explanation: %q", l)
		}
	}
	if len(seen) != 3 {
		t.Errorf("lines name %v, want every test:\n%s", seen, lines.String())
	}
}
