package testrun

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// variantProject: a sync whose records carry nango.variant, with base recordings and those
// of two variants (one that matches, one recorded with a different value).
func variantProject(t *testing.T) string {
	return writeFiles(t, map[string]string{
		"nango.yaml": "integrations:\n  shop:\n    syncs:\n      items:\n        runs: every hour\n        output: Item\n        endpoint: GET /items\n" +
			"models:\n  Item:\n    id: string\n    variant: string\n",
		"shop/syncs/items.ts": "import type { NangoSync, Item } from '../../models';\n\n" +
			"export default async function fetchData(nango: NangoSync): Promise<void> {\n" +
			"    await nango.batchSave<Item>([{ id: '1', variant: String(nango.variant) }], 'Item');\n}\n",
		"shop/mocks/items/Item/batchSave.json":      `[{"id":"1","variant":"base"}]`,
		"shop/mocks/items/eu/Item/batchSave.json":   `[{"id":"1","variant":"eu"}]`,
		"shop/mocks/items/us/Item/batchSave.json":   `[{"id":"1","variant":"not-us"}]`,
		"shop/mocks/items/us/Item/batchDelete.json": `[]`,
	})
}

// TestVariants: each variant's recordings are their own test, named
// "<integration>/<script>::<variant>", run with nango.variant set to the variant (and
// "base" for the base recordings); filters select them by that name.
func TestVariants(t *testing.T) {
	dir := variantProject(t)
	sum, err := Run(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range sum.Results {
		got = append(got, r.Name()+" "+string(r.Status))
	}
	want := []string{"shop/items pass", "shop/items::eu pass", "shop/items::us fail"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("results:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	us := sum.Results[2]
	if d := strings.Join(us.Detail(), "\n"); !strings.Contains(d, `Item[0].variant: expected "not-us", got "us"`) {
		t.Errorf("variant us explanation:\n%s", d)
	}
	if us.Variant != "us" || sum.JSON(false).Results[2].Variant != "us" {
		t.Errorf("variant not reported: %+v", us)
	}

	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Run: regexp.MustCompile(`::eu$`)}, "shop/items::eu"},
		{Options{Integration: "shop", Script: "items::us"}, "shop/items::us"},
		{Options{Integration: "items"}, "shop/items shop/items::eu shop/items::us"},
		{Options{Run: regexp.MustCompile(`items$`)}, "shop/items"},
		{Options{Integration: "items::eu"}, "shop/items::eu"},
	} {
		tc.opts.Dir = dir
		sum, err := Run(context.Background(), tc.opts)
		if err != nil {
			t.Fatalf("%+v: %v", tc.opts, err)
		}
		var names []string
		for _, r := range sum.Results {
			names = append(names, r.Name())
		}
		if strings.Join(names, " ") != tc.want {
			t.Errorf("filter %+v selected %v, want %s", tc.opts, names, tc.want)
		}
	}
}

// TestUnrecordedVariant: a variant with no recordings is a usage error whose hint records it.
func TestUnrecordedVariant(t *testing.T) {
	_, err := Run(context.Background(), Options{Dir: variantProject(t), Integration: "items::fr"})
	if err == nil || !strings.Contains(err.Error(), `"items::fr" has no recordings`) ||
		!strings.Contains(exitcode.HintOf(err), "nango dryrun items <connection-id> --variant fr --save-responses") {
		t.Fatalf("err %v (hint %q)", err, exitcode.HintOf(err))
	}
	if code := exitcode.Of(err); code != exitcode.Usage {
		t.Fatalf("exit %d", code)
	}
}

// TestVariantMissingRecordingHint: the hint to record a variant's missing file names the
// --variant flag.
func TestVariantMissingRecordingHint(t *testing.T) {
	dir := variantProject(t)
	if err := os.Remove(filepath.Join(dir, "shop/mocks/items/us/Item/batchSave.json")); err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), Options{Dir: dir, Run: regexp.MustCompile(`::us$`)})
	if err != nil {
		t.Fatal(err)
	}
	r := sum.Results[0]
	if r.Status != StatusMissing || r.Missing != "shop/mocks/items/us/Item/batchSave.json" || !strings.Contains(r.Hint, "nango dryrun items <connection-id> --variant us --save-responses") {
		t.Fatalf("result %+v", r)
	}
}
