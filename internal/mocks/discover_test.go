package mocks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiscoverVariants: `<script>/<variant>/` folders (dryrun --variant v --save-responses)
// are listed as their own entries, next to the base recordings; a model folder is never
// taken for a variant, and neither are folders without recordings or one named "base".
func TestDiscoverVariants(t *testing.T) {
	root := t.TempDir()
	files := []string{
		"acme/mocks/contacts/Contact/batchSave.json",         // base sync
		"acme/mocks/contacts/eu/Contact/batchSave.json",      // variant eu
		"acme/mocks/contacts/us/Contact/batchDelete.json",    // variant us (deletes only)
		"acme/mocks/contacts/empty/notes.txt",                // no recordings: not a variant
		"acme/mocks/contacts/base/Contact/batchSave.json",    // "base" is no variant's name
		"acme/mocks/only-variants/v1/Deal/batchSave.json",    // no base recordings
		"acme/mocks/create/output.json",                      // base action
		"acme/mocks/create/input.json",                       //
		"acme/mocks/create/fr/output.json",                   // action variant
		"acme/mocks/nango/get/proxy/x/contacts/eu/0123.json", // responses are not scripts
	}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("[]"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	found, err := Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range found {
		got = append(got, r.Integration+" "+r.Key()+" variant="+r.Variant+" models="+strings.Join(r.Models, ",")+
			" input="+map[bool]string{true: "yes", false: "no"}[r.HasInput]+" action="+map[bool]string{true: "yes", false: "no"}[r.IsAction()])
	}
	want := []string{
		"acme contacts variant= models=Contact input=no action=no",
		"acme contacts/eu variant=eu models=Contact input=no action=no",
		"acme contacts/us variant=us models=Contact input=no action=no",
		"acme create variant= models= input=yes action=yes",
		"acme create/fr variant=fr models= input=no action=yes",
		"acme only-variants/v1 variant=v1 models=Deal input=no action=no",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Discover:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// a variant's files are read through its key
	eu := found[1]
	if _, err := eu.Layout.ReadBatchSave(eu.Key(), "Contact"); err != nil {
		t.Errorf("read the variant's batchSave: %v", err)
	}
}
