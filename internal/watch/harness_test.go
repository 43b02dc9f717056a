package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// waitLimit bounds every wait on the watcher: generous, because the test machine is shared;
// no test asserts on how long anything took.
const waitLimit = 30 * time.Second

const projectYAML = `integrations:
  acme:
    syncs:
      contacts:
        runs: every hour
        output: Contact
        endpoint: GET /contacts
      deals:
        runs: every hour
        output: Deal
        endpoint: GET /deals
      tickets:
        runs: every hour
        output: Ticket
        endpoint: GET /tickets
    actions:
      create-contact:
        input: ContactInput
        output: Contact
        endpoint: POST /contacts
models:
  Contact:
    id: string
    name: string
  Deal:
    id: string
    name: string
  Ticket:
    id: string
    name: string
  ContactInput:
    name: string
`

func syncScript(model, helperImport, marker string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "import type { NangoSync, %s } from '../../models';\n", model)
	if helperImport != "" {
		b.WriteString("import { normalize } from '" + helperImport + "';\n")
	}
	b.WriteString("\nexport default async function fetchData(nango: NangoSync): Promise<void> {\n")
	b.WriteString("    const res = await nango.get<any[]>({ endpoint: '/items', retries: 3 });\n")
	if helperImport != "" {
		fmt.Fprintf(&b, "    const rows: %s[] = res.data.map((r: any) => ({ id: String(r.id), name: normalize(r.name) }));\n", model)
	} else {
		fmt.Fprintf(&b, "    const rows: %s[] = res.data.map((r: any) => ({ id: String(r.id), name: String(r.name) }));\n", model)
	}
	fmt.Fprintf(&b, "    await nango.log(%q);\n", marker)
	fmt.Fprintf(&b, "    await nango.batchSave<%s>(rows, '%s');\n}\n", model, model)
	return b.String()
}

const helperV1 = "export function normalize(s: string): string {\n    return String(s).trim();\n}\n"

const actionScript = `import type { NangoAction, Contact, ContactInput } from '../../models';

export default async function runAction(nango: NangoAction, input: ContactInput): Promise<Contact> {
    const res = await nango.post<{ id: number }>({ endpoint: '/contacts', data: { name: input.name }, retries: 2 });
    return { id: String(res.data.id), name: input.name };
}
`

// projectFiles is a project of three syncs (two share a helper) and an action.
func projectFiles() map[string]string {
	return map[string]string{
		"nango.yaml":                     projectYAML,
		"acme/syncs/contacts.ts":         syncScript("Contact", "../helpers/normalize", "contacts v1"),
		"acme/syncs/deals.ts":            syncScript("Deal", "../helpers/normalize", "deals v1"),
		"acme/syncs/tickets.ts":          syncScript("Ticket", "", "tickets v1"),
		"acme/actions/create-contact.ts": actionScript,
		"acme/helpers/normalize.ts":      helperV1,
	}
}

func writeProject(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// session is a running watch loop on a temp project.
type session struct {
	t      *testing.T
	dir    string
	cycles chan *Cycle
	checks chan *TypecheckReport
	stop   context.CancelFunc
	done   chan error
}

func startSession(t *testing.T, files map[string]string, configure func(*Options)) *session {
	t.Helper()
	dir := writeProject(t, files)
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{t: t, dir: dir, cycles: make(chan *Cycle, 100), checks: make(chan *TypecheckReport, 100), stop: cancel, done: make(chan error, 1)}
	opts := Options{
		Dir:         dir,
		OnCycle:     func(c *Cycle) { s.cycles <- c },
		OnTypecheck: func(r *TypecheckReport) { s.checks <- r },
		Logf:        t.Logf,
	}
	if configure != nil {
		configure(&opts)
	}
	go func() { s.done <- Run(ctx, opts) }()
	t.Cleanup(func() { s.close() })
	first := s.next()
	if !first.Start || !first.OK() {
		t.Fatalf("start-up cycle: %+v", first)
	}
	return s
}

func (s *session) close() {
	s.stop()
	select {
	case err := <-s.done:
		if err != nil {
			s.t.Errorf("Run: %v", err)
		}
		s.done <- nil
	case <-time.After(waitLimit):
		s.t.Errorf("Run did not return after cancel")
	}
}

func (s *session) path(rel string) string { return filepath.Join(s.dir, filepath.FromSlash(rel)) }

// next waits for the next cycle.
func (s *session) next() *Cycle {
	s.t.Helper()
	select {
	case c := <-s.cycles:
		s.t.Logf("cycle %d: changed %v built %v removed %v scaffolded %v ok=%v diags=%v", c.Seq, c.Changed, c.BuiltIDs(), c.Removed, c.Scaffolded, c.OK(), c.Diagnostics)
		return c
	case <-time.After(waitLimit):
		s.t.Fatalf("no cycle within %s", waitLimit)
		return nil
	}
}

// until waits for a cycle that satisfies done and returns every cycle seen up to it: a
// change can reach the watcher as two bursts on a busy machine, and assertions about what
// was (not) rebuilt must hold across all of them.
func (s *session) until(done func(*Cycle) bool) []*Cycle {
	s.t.Helper()
	var seen []*Cycle
	for {
		c := s.next()
		seen = append(seen, c)
		if done(c) {
			return seen
		}
	}
}

func builtAll(cs []*Cycle) []string {
	var ids []string
	for _, c := range cs {
		for _, id := range c.BuiltIDs() {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	return ids
}

func hasBuilt(ids ...string) func(*Cycle) bool {
	return func(c *Cycle) bool {
		for _, id := range ids {
			if !slices.Contains(c.BuiltIDs(), id) {
				return false
			}
		}
		return true
	}
}

// saveAtomic writes a file the way VS Code and JetBrains save: a temp file in the same
// folder renamed over the target.
func (s *session) saveAtomic(rel, content string) {
	s.t.Helper()
	p := s.path(rel)
	tmp := p + ".tmp~"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		s.t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		s.t.Fatal(err)
	}
}

func (s *session) read(rel string) string {
	s.t.Helper()
	data, err := os.ReadFile(s.path(rel))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(data)
}

func (s *session) snapshot(rels ...string) map[string]string {
	m := map[string]string{}
	for _, r := range rels {
		m[r] = s.read(r)
	}
	return m
}

func (s *session) unchanged(before map[string]string) {
	s.t.Helper()
	for rel, old := range before {
		if s.read(rel) != old {
			s.t.Errorf("%s changed, it should not have", rel)
		}
	}
}
