package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/scriptcheck"
)

var allBundles = []string{"dist/contacts-acme.js", "dist/deals-acme.js", "dist/tickets-acme.js", "dist/create-contact-acme.js"}

func TestStartBuildsEverything(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	for _, b := range allBundles {
		if _, err := os.Stat(s.path(b)); err != nil {
			t.Errorf("start-up did not build %s: %v", b, err)
		}
	}
	for _, f := range []string{"models.ts", ".nango/schema.json"} {
		if _, err := os.Stat(s.path(f)); err != nil {
			t.Errorf("start-up did not generate %s", f)
		}
	}
}

func TestEditScriptRebuildsOnlyItsBundle(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	others := s.snapshot("dist/deals-acme.js", "dist/tickets-acme.js", "dist/create-contact-acme.js")
	s.saveAtomic("acme/syncs/contacts.ts", syncScript("Contact", "../helpers/normalize", "contacts v2"))
	cs := s.until(hasBuilt("acme/contacts"))
	if got := builtAll(cs); !slices.Equal(got, []string{"acme/contacts"}) {
		t.Errorf("rebuilt %v, want only acme/contacts", got)
	}
	last := cs[len(cs)-1]
	if !last.OK() || !last.Built[0].Written {
		t.Errorf("cycle not ok or bundle not written: %+v", last.Built)
	}
	if !strings.Contains(s.read("dist/contacts-acme.js"), "contacts v2") {
		t.Error("dist/contacts-acme.js does not hold the edit")
	}
	s.unchanged(others)
}

func TestEditSharedHelperRebuildsBothImporters(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	others := s.snapshot("dist/tickets-acme.js", "dist/create-contact-acme.js")
	s.saveAtomic("acme/helpers/normalize.ts", "export function normalize(s: string): string {\n    return String(s).trim().toLowerCase();\n}\n")
	cs := s.until(hasBuilt("acme/contacts", "acme/deals"))
	if got := builtAll(cs); !slices.Equal(got, []string{"acme/contacts", "acme/deals"}) {
		t.Errorf("rebuilt %v, want acme/contacts and acme/deals", got)
	}
	for _, b := range []string{"dist/contacts-acme.js", "dist/deals-acme.js"} {
		if !strings.Contains(s.read(b), "toLowerCase") {
			t.Errorf("%s does not hold the helper's edit", b)
		}
	}
	s.unchanged(others)
}

func TestHelperOfHelperIsTracked(t *testing.T) {
	files := projectFiles()
	files["acme/helpers/normalize.ts"] = "import { trim } from './deep/trim';\n\nexport function normalize(s: string): string {\n    return trim(String(s));\n}\n"
	files["acme/helpers/deep/trim.ts"] = "export function trim(s: string): string {\n    return s.trim();\n}\n"
	s := startSession(t, files, nil)
	s.saveAtomic("acme/helpers/deep/trim.ts", "export function trim(s: string): string {\n    return s.trim().replace(/\\s+/g, ' ');\n}\n")
	cs := s.until(hasBuilt("acme/contacts", "acme/deals"))
	if got := builtAll(cs); !slices.Equal(got, []string{"acme/contacts", "acme/deals"}) {
		t.Errorf("rebuilt %v, want acme/contacts and acme/deals", got)
	}
}

func TestAddSyncScaffoldsAndBundles(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	others := s.snapshot(allBundles...)
	yaml := strings.Replace(projectYAML, "    actions:\n", "      companies:\n        runs: every day\n        output: Company\n        endpoint: GET /companies\n    actions:\n", 1) +
		"  Company:\n    id: string\n    name: string\n"
	s.saveAtomic("nango.yaml", yaml)
	cs := s.until(hasBuilt("acme/companies"))
	last := cs[len(cs)-1]
	if !slices.Contains(last.Scaffolded, "acme/syncs/companies.ts") {
		t.Errorf("scaffolded %v, want acme/syncs/companies.ts", last.Scaffolded)
	}
	if !slices.Contains(last.Generated, "models.ts") {
		t.Errorf("generated %v, want models.ts", last.Generated)
	}
	if _, err := os.Stat(s.path("dist/companies-acme.js")); err != nil {
		t.Errorf("no bundle for the new sync: %v", err)
	}
	if !strings.Contains(s.read("models.ts"), "export interface Company") {
		t.Error("models.ts not regenerated")
	}
	// a new model changes no other script's checks: nothing else is rebuilt
	if got := builtAll(cs); !slices.Equal(got, []string{"acme/companies"}) {
		t.Errorf("rebuilt %v, want only acme/companies", got)
	}
	s.unchanged(others)
}

func TestDeleteSyncRemovesItsBundle(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	yaml := strings.Replace(projectYAML, "      deals:\n        runs: every hour\n        output: Deal\n        endpoint: GET /deals\n", "", 1)
	s.saveAtomic("nango.yaml", yaml)
	cs := s.until(func(c *Cycle) bool { return len(c.Removed) > 0 })
	if got := cs[len(cs)-1].Removed; !slices.Equal(got, []string{"dist/deals-acme.js"}) {
		t.Errorf("removed %v, want dist/deals-acme.js", got)
	}
	if _, err := os.Stat(s.path("dist/deals-acme.js")); !os.IsNotExist(err) {
		t.Errorf("dist/deals-acme.js still there: %v", err)
	}
	if got := builtAll(cs); len(got) != 0 {
		t.Errorf("rebuilt %v, want nothing", got)
	}
	for _, b := range []string{"dist/contacts-acme.js", "dist/tickets-acme.js"} {
		if _, err := os.Stat(s.path(b)); err != nil {
			t.Errorf("%s went away: %v", b, err)
		}
	}
}

func TestBrokenScriptKeepsLastGoodBundle(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	good := s.read("dist/tickets-acme.js")
	broken := strings.Replace(syncScript("Ticket", "", "tickets v2"), "const rows", "const rows = ;\n    const other", 1)
	s.saveAtomic("acme/syncs/tickets.ts", broken)
	cs := s.until(hasBuilt("acme/tickets"))
	last := cs[len(cs)-1]
	if last.OK() {
		t.Fatal("a syntax error gave an ok cycle")
	}
	b := last.Built[0]
	if b.OK || !b.Kept {
		t.Errorf("built %+v: want failed with the last good bundle kept", b)
	}
	var pos *scriptcheck.Diagnostic
	for i, d := range last.Diagnostics {
		if d.Severity == scriptcheck.SeverityError && d.File == "acme/syncs/tickets.ts" && d.Line > 0 && d.Column > 0 {
			pos = &last.Diagnostics[i]
		}
	}
	if pos == nil {
		t.Fatalf("no positioned error in acme/syncs/tickets.ts: %v", last.Diagnostics)
	}
	if pos.Line != 5 {
		t.Errorf("error at line %d, want 5: %v", pos.Line, pos)
	}
	if s.read("dist/tickets-acme.js") != good {
		t.Error("the last good bundle was replaced")
	}
	// fixing it rebuilds it
	s.saveAtomic("acme/syncs/tickets.ts", syncScript("Ticket", "", "tickets v3"))
	s.until(func(c *Cycle) bool { return hasBuilt("acme/tickets")(c) && c.OK() })
	if !strings.Contains(s.read("dist/tickets-acme.js"), "tickets v3") {
		t.Error("the fixed script was not bundled")
	}
}

func TestCheckErrorKeepsLastGoodBundle(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	good := s.read("dist/create-contact-acme.js")
	bad := strings.Replace(actionScript, "    return {", "    await nango.batchSave([], 'Contact');\n    return {", 1)
	s.saveAtomic("acme/actions/create-contact.ts", bad)
	cs := s.until(hasBuilt("acme/create-contact"))
	last := cs[len(cs)-1]
	if last.OK() || !last.Built[0].Kept {
		t.Fatalf("batchSave in an action: want a failed cycle with the bundle kept, got %+v", last.Built)
	}
	found := false
	for _, d := range last.Diagnostics {
		if d.Code == scriptcheck.CodeBatchInAction && d.Line == 5 && d.Column > 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("no batch-in-action error at line 5: %v", last.Diagnostics)
	}
	if s.read("dist/create-contact-acme.js") != good {
		t.Error("the last good bundle was replaced")
	}
}

func TestEditorSaveStyles(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	saves := []struct {
		name string
		save func(content string)
	}{
		{"in place", func(content string) {
			if err := os.WriteFile(s.path("acme/syncs/tickets.ts"), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"temp file renamed over it (VS Code, JetBrains)", func(content string) { s.saveAtomic("acme/syncs/tickets.ts", content) }},
		{"backup rename, new file, backup removed (vim)", func(content string) {
			p := s.path("acme/syncs/tickets.ts")
			if err := os.Rename(p, p+"~"); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(p, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(p + "~"); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for i, sv := range saves {
		marker := "tickets save " + string(rune('A'+i))
		sv.save(syncScript("Ticket", "", marker))
		cs := s.until(func(c *Cycle) bool {
			return hasBuilt("acme/tickets")(c) && c.OK() && strings.Contains(s.read("dist/tickets-acme.js"), marker)
		})
		if got := builtAll(cs); !slices.Equal(got, []string{"acme/tickets"}) {
			t.Errorf("%s: rebuilt %v, want only acme/tickets", sv.name, got)
		}
		for _, c := range cs {
			if len(c.Removed) > 0 {
				t.Errorf("%s: bundle removed during the save: %v", sv.name, c.Removed)
			}
		}
	}
}

func TestNewFolderWithScript(t *testing.T) {
	files := projectFiles()
	files["nango.yaml"] = strings.Replace(projectYAML, "models:\n", "  beta:\n    syncs:\n      items:\n        runs: every day\n        output: Ticket\n        endpoint: GET /items\nmodels:\n", 1)
	s := startSession(t, files, nil)
	// the start-up scaffolded beta/syncs/items.ts and bundled it; remove the whole folder
	if err := os.RemoveAll(s.path("beta")); err != nil {
		t.Fatal(err)
	}
	s.until(func(c *Cycle) bool { return slices.Contains(c.Removed, "dist/items-beta.js") })
	// then bring the folder back with its script (as a git checkout or an mv does): one
	// event for beta/ only, so only a scan of the new folder finds the script
	outside := t.TempDir()
	if err := os.MkdirAll(filepath.Join(outside, "beta", "syncs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "beta", "syncs", "items.ts"), []byte(syncScript("Ticket", "", "items from a new folder")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(outside, "beta"), s.path("beta")); err != nil {
		t.Fatal(err)
	}
	s.until(func(c *Cycle) bool { return hasBuilt("beta/items")(c) && c.OK() })
	if !strings.Contains(s.read("dist/items-beta.js"), "items from a new folder") {
		t.Error("dist/items-beta.js does not hold the new script")
	}
	// and a helper in another new folder, imported by an existing script
	if err := os.MkdirAll(s.path("acme/lib/text"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.path("acme/lib/text/upper.ts"), []byte("export const upper = (s: string) => s.toUpperCase();\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.saveAtomic("acme/syncs/tickets.ts", "import { upper } from '../lib/text/upper';\n"+syncScript("Ticket", "", "tickets upper")+"export const label = upper('x');\n")
	s.until(func(c *Cycle) bool { return hasBuilt("acme/tickets")(c) && c.OK() })
	s.saveAtomic("acme/lib/text/upper.ts", "export const upper = (s: string) => s.toLocaleUpperCase();\n")
	cs := s.until(hasBuilt("acme/tickets"))
	if got := builtAll(cs); !slices.Equal(got, []string{"acme/tickets"}) {
		t.Errorf("rebuilt %v, want only acme/tickets", got)
	}
}

func TestMissingHelperBuildsOnceItAppears(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	s.saveAtomic("acme/syncs/tickets.ts", "import { slug } from '../helpers/slug';\n"+syncScript("Ticket", "", "tickets slug")+"export const label = slug('a b');\n")
	cs := s.until(hasBuilt("acme/tickets"))
	if cs[len(cs)-1].OK() {
		t.Fatal("an unresolved import gave an ok cycle")
	}
	s.saveAtomic("acme/helpers/slug.ts", "export const slug = (s: string) => s.replace(/ /g, '-');\n")
	s.until(func(c *Cycle) bool { return hasBuilt("acme/tickets")(c) && c.OK() })
}

func TestIgnoredFoldersAndOwnWrites(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	for _, rel := range []string{"node_modules/pkg/index.ts", ".git/x.ts", "dist/extra.ts", ".nango/x.ts"} {
		p := s.path(rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("export const x = 1;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(s.path("README.md"), []byte("# notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// events are delivered in order: if any of the writes above started a cycle, it comes
	// before (or together with) the one for this save
	s.saveAtomic("acme/syncs/tickets.ts", syncScript("Ticket", "", "tickets after ignored"))
	c := s.next()
	if !slices.Equal(c.Changed, []string{"acme/syncs/tickets.ts"}) {
		t.Errorf("cycle changed %v, want only acme/syncs/tickets.ts", c.Changed)
	}
}

func TestModelChangeRebuildsOnlyScriptsWhoseChecksChange(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	// rename model Ticket → Issue: the tickets sync's output changes (rebuilt, and its
	// batchSave of 'Ticket' is now an error); the other scripts' checks do not change
	yaml := strings.ReplaceAll(projectYAML, "Ticket", "Issue")
	s.saveAtomic("nango.yaml", yaml)
	cs := s.until(hasBuilt("acme/tickets"))
	if got := builtAll(cs); !slices.Equal(got, []string{"acme/tickets"}) {
		t.Errorf("rebuilt %v, want only acme/tickets", got)
	}
	last := cs[len(cs)-1]
	found := false
	for _, d := range last.Diagnostics {
		if d.Code == scriptcheck.CodeInvalidModel && d.File == "acme/syncs/tickets.ts" {
			found = true
		}
	}
	if !found {
		t.Errorf("no invalid-model error for tickets.ts: %v", last.Diagnostics)
	}
}

func TestBrokenYAMLKeepsProject(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	models := s.read("models.ts")
	s.saveAtomic("nango.yaml", strings.Replace(projectYAML, "    id: string\n    name: string\n  Deal:", "    name: string\n  Deal:", 1))
	c := s.until(func(c *Cycle) bool { return len(c.YAMLDiagnostics) > 0 })[0]
	if c.OK() {
		t.Fatal("a model without id gave an ok cycle")
	}
	d := c.YAMLDiagnostics[0]
	if d.Line == 0 {
		t.Errorf("yaml error without a line: %v", d)
	}
	if s.read("models.ts") != models {
		t.Error("a rejected nango.yaml rewrote models.ts")
	}
	if c.YAML != YAMLRejected || !c.LastGood {
		t.Errorf("rejected cycle: yaml=%q lastGood=%v", c.YAML, c.LastGood)
	}
	// scripts still rebuild against the last good nango.yaml
	s.saveAtomic("acme/syncs/tickets.ts", syncScript("Ticket", "", "tickets during bad yaml"))
	cs := s.until(func(c *Cycle) bool { return hasBuilt("acme/tickets")(c) && c.OK() })
	if last := cs[len(cs)-1]; last.YAML != YAMLStillRejected || !last.LastGood {
		t.Errorf("script cycle while nango.yaml is rejected: yaml=%q lastGood=%v", last.YAML, last.LastGood)
	}
	// fixed: accepted again
	s.saveAtomic("nango.yaml", projectYAML)
	cs = s.until(func(c *Cycle) bool { return c.YAML == YAMLRecovered })
	if last := cs[len(cs)-1]; !last.OK() || last.LastGood {
		t.Errorf("recovery: ok=%v lastGood=%v", last.OK(), last.LastGood)
	}
}

func TestDeletedScriptFileRemovesBundle(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	if err := os.Remove(s.path("acme/syncs/tickets.ts")); err != nil {
		t.Fatal(err)
	}
	cs := s.until(hasBuilt("acme/tickets"))
	last := cs[len(cs)-1]
	if last.OK() || !slices.Equal(last.Removed, []string{"dist/tickets-acme.js"}) {
		t.Errorf("want a failed cycle that removed dist/tickets-acme.js, got removed %v ok=%v", last.Removed, last.OK())
	}
}

func TestEmptiedScriptKeepsBundle(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	good := s.read("dist/tickets-acme.js")
	// what an in-place save looks like between its truncation and its write
	if err := os.WriteFile(s.path("acme/syncs/tickets.ts"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cs := s.until(hasBuilt("acme/tickets"))
	last := cs[len(cs)-1]
	if last.OK() || !last.Built[0].Kept {
		t.Fatalf("an empty script: want a failure that keeps the bundle, got %+v", last.Built)
	}
	if s.read("dist/tickets-acme.js") != good {
		t.Error("an empty script replaced the bundle")
	}
	s.saveAtomic("acme/syncs/tickets.ts", syncScript("Ticket", "", "tickets refilled"))
	s.until(func(c *Cycle) bool { return hasBuilt("acme/tickets")(c) && c.OK() })
	if !strings.Contains(s.read("dist/tickets-acme.js"), "tickets refilled") {
		t.Error("the refilled script was not bundled")
	}
}

// TestStartRemovesStaleBundles: bundles of scripts removed from nango.yaml while no session
// was watching go in the first cycle; files in dist/ the project could not have produced
// (other names, unknown integrations, folders) stay.
func TestStartRemovesStaleBundles(t *testing.T) {
	files := projectFiles()
	stale := []string{"dist/old-acme.js", "dist/multi-part-name-acme.js", "dist/gone-legacy-crm.js"}
	keep := []string{"dist/custom.js", "dist/old-elsewhere.js", "dist/notes.txt", "dist/old-acme.js.map", "dist/sub/old-acme.js", "dist/-acme.js", "dist/old-helpers.js"}
	for _, f := range append(slices.Clone(stale), keep...) {
		files[f] = "// not rebuilt\n"
	}
	// an integration removed from nango.yaml whose folder is still laid out as one
	files["legacy-crm/syncs/gone.ts"] = "export default async function fetchData() {}\n"
	files["helpers/util.ts"] = "export const x = 1;\n" // a folder, but not an integration's
	files["dist/contacts-acme.js"] = "// previous build\n"
	s := startSession(t, files, func(o *Options) {
		next := o.OnCycle
		o.OnCycle = func(c *Cycle) {
			defer next(c)
			if c.Seq == 1 {
				slices.Sort(stale)
				if !slices.Equal(c.Stale, stale) || !slices.Equal(c.Removed, stale) {
					t.Errorf("first cycle stale %v removed %v, want %v", c.Stale, c.Removed, stale)
				}
			}
		}
	})
	for _, f := range stale {
		if _, err := os.Stat(filepath.Join(s.dir, f)); !os.IsNotExist(err) {
			t.Errorf("%s still there (%v)", f, err)
		}
	}
	for _, f := range keep {
		if _, err := os.Stat(filepath.Join(s.dir, f)); err != nil {
			t.Errorf("%s was removed: %v", f, err)
		}
	}
	for _, b := range allBundles {
		if _, err := os.Stat(s.path(b)); err != nil {
			t.Errorf("%s not built: %v", b, err)
		}
	}
}

// TestDeletedYAMLKeepsProjectAndRecovers: deleting nango.yaml while watching is an error
// cycle that says so and touches nothing (bundles, models.ts); scripts keep building against
// the last good nango.yaml and their cycles say it is still missing; restoring it (here
// with a new sync) is accepted again and builds what changed.
func TestDeletedYAMLKeepsProjectAndRecovers(t *testing.T) {
	s := startSession(t, projectFiles(), nil)
	before := s.snapshot(append(slices.Clone(allBundles), "models.ts")...)
	if err := os.Remove(s.path("nango.yaml")); err != nil {
		t.Fatal(err)
	}
	c := s.until(func(c *Cycle) bool { return c.YAML == YAMLDeleted })
	last := c[len(c)-1]
	if last.OK() || !last.LastGood || len(last.YAMLDiagnostics) != 1 || last.YAMLDiagnostics[0].Message != "nango.yaml was deleted" {
		t.Fatalf("deleted cycle: ok=%v lastGood=%v diags=%v", last.OK(), last.LastGood, last.YAMLDiagnostics)
	}
	if len(last.Built) != 0 || len(last.Removed) != 0 {
		t.Errorf("deleting nango.yaml built %v removed %v", last.BuiltIDs(), last.Removed)
	}
	s.unchanged(before)

	s.saveAtomic("acme/syncs/tickets.ts", syncScript("Ticket", "", "tickets without yaml"))
	c = s.until(hasBuilt("acme/tickets"))
	if last := c[len(c)-1]; !last.OK() || last.YAML != YAMLStillDeleted || !last.LastGood {
		t.Errorf("script cycle while nango.yaml is gone: ok=%v yaml=%q lastGood=%v", last.OK(), last.YAML, last.LastGood)
	}
	if !strings.Contains(s.read("dist/tickets-acme.js"), "tickets without yaml") {
		t.Error("the script was not rebuilt against the last good nango.yaml")
	}

	withNew := strings.Replace(projectYAML, "    actions:\n", "      notes:\n        runs: every hour\n        output: Note\n        endpoint: GET /notes\n    actions:\n", 1) +
		"  Note:\n    id: string\n"
	s.saveAtomic("nango.yaml", withNew)
	c = s.until(func(c *Cycle) bool { return c.YAML == YAMLRecovered })
	last = c[len(c)-1]
	if !last.OK() || last.LastGood || !hasBuilt("acme/notes")(last) {
		t.Errorf("recovery: ok=%v lastGood=%v built %v", last.OK(), last.LastGood, last.BuiltIDs())
	}
	if _, err := os.Stat(s.path("dist/notes-acme.js")); err != nil {
		t.Errorf("the new sync was not bundled: %v", err)
	}
	// and the next cycle is plain again
	s.saveAtomic("acme/syncs/tickets.ts", syncScript("Ticket", "", "tickets v3"))
	c = s.until(hasBuilt("acme/tickets"))
	if last := c[len(c)-1]; last.YAML != YAMLValid || last.LastGood {
		t.Errorf("after recovery: yaml=%q lastGood=%v", last.YAML, last.LastGood)
	}
}
