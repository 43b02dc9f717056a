// Package migrate turns a nango.yaml project into a zero-yaml one, as upstream's
// `nango migrate-to-zero-yaml` does: each script becomes a function file whose default export
// is createSync/createAction/createOnEvent with the definition nango.yaml gave it, models.ts
// holds zod schemas of nango.yaml's models, index.ts imports every function, package.json
// pins nango and zod, tsconfig.json is the zero-yaml one, and nango.yaml goes.
//
// Everything is computed in memory first (Build); nothing is written when any part cannot be
// carried over, and Apply writes every file in one atomic step. Unlike upstream, the result
// is meant to type-check: see the comments in zod.go and imports.go for where it departs.
package migrate

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/nango-go/nango/internal/atomicfile"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// Operations of a Change.
const (
	OpCreate = "create"
	OpUpdate = "update"
	OpDelete = "delete"
)

// BackupDir holds a copy of every file the migration replaces or deletes, relative to the
// project (.nango is excluded from the zero-yaml type check and from index.ts).
const BackupDir = ".nango/migrate-backup"

// Change is one file the migration writes or deletes.
type Change struct {
	// Path is relative to the project, slash-separated.
	Path string `json:"path"`
	Op   string `json:"op"`
	// Step says which part of the migration produced it (models, function, helper, index,
	// package, tsconfig, definitions).
	Step string `json:"step"`
	Data []byte `json:"-"`
}

// Plan is a computed migration.
type Plan struct {
	Dir     string
	Changes []Change
	// Warnings are what the migration carries over but the zero-yaml type check may reject
	// (warnings.go).
	Warnings []string
}

// Options are the versions the new package.json pins.
type Options struct {
	NangoVersion string
	ZodVersion   string
}

// Build computes the migration of the nango.yaml project p. Every problem that prevents it is
// collected; the error (exit code Project) names each, and nothing has been written. The plan
// is returned with the error too (what could be computed), for listings and tests; it must
// not be applied then.
func Build(p *project.Project, opts Options) (*Plan, error) {
	if p.Format != project.FormatYAML || p.YAML() == nil {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%s is already a zero-yaml project (index.ts, no nango.yaml)", p.Dir),
			"nothing to migrate: nango compile builds it as it is")
	}
	b := &builder{p: p, plan: &Plan{Dir: p.Dir}, opts: opts, scripts: map[string]bool{}}
	b.checkProject()
	b.models()
	b.functions()
	b.helpers()
	b.index()
	b.packageJSON()
	b.add("tsconfig.json", []byte(tsconfigJSON), "tsconfig")
	b.plan.Changes = append(b.plan.Changes, Change{Path: project.DefinitionsFile, Op: OpDelete, Step: "definitions"})
	if len(b.problems) > 0 {
		return b.plan, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "cannot migrate %s to zero-yaml; nothing was written:\n  - %s",
			project.DefinitionsFile, strings.Join(b.problems, "\n  - ")), "fix each point above, then run nango migrate-to-zero-yaml again")
	}
	return b.plan, nil
}

type builder struct {
	p        *project.Project
	plan     *Plan
	opts     Options
	problems []string
	// scripts are the function files (relative paths), which helpers() leaves alone.
	scripts  map[string]bool
	idString map[string]bool
}

func (b *builder) problemf(format string, args ...any) {
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

func (b *builder) exists(rel string) bool {
	fi, err := os.Stat(filepath.Join(b.p.Dir, filepath.FromSlash(rel)))
	return err == nil && !fi.IsDir()
}

// add schedules a file, as an update when it exists (a copy of the old one goes to BackupDir)
// and unchanged files not at all.
func (b *builder) add(rel string, data []byte, step string) {
	op := OpCreate
	if old, err := os.ReadFile(filepath.Join(b.p.Dir, filepath.FromSlash(rel))); err == nil {
		if bytes.Equal(old, data) {
			return
		}
		op = OpUpdate
	}
	b.plan.Changes = append(b.plan.Changes, Change{Path: rel, Op: op, Step: step, Data: data})
}

// checkProject refuses what zero-yaml cannot hold, and finds the sync models whose numeric
// id becomes a string (createSync requires `id: z.string()`; Nango stores record ids as
// strings either way).
func (b *builder) checkProject() {
	y := b.p.YAML()
	b.idString = map[string]bool{}
	events := map[string]string{}
	for _, s := range b.p.Scripts {
		switch s.Kind {
		case project.KindPostConnection:
			b.problemf("%s: post-connection-scripts are deprecated and have no zero-yaml form; list %q under on-events: post-connection-creation in nango.yaml first", s.ID(), s.Name)
		case project.KindOnEvent:
			if prev, ok := events[s.ID()]; ok {
				b.problemf("%s: the on-event script is listed under both %s and %s, but one zero-yaml file has one event; split it into two scripts first", s.ID(), prev, s.Event)
			}
			events[s.ID()] = s.Event
		case project.KindSync:
			if s.TrackDeletes && s.SyncType == "incremental" {
				b.problemf("%s: an incremental sync with track_deletes: true cannot be carried over: zero-yaml refuses trackDeletes on incremental syncs (upstream's migration writes it and its compile then fails); set track_deletes: false in nango.yaml, and call nango.trackDeletesStart/trackDeletesEnd in the function after migrating if deletes must still be detected", s.ID())
			}
			for _, out := range s.Outputs {
				b.checkSyncModel(s, out, y.Model(out))
			}
		}
	}
}

// syncModelName is the zero-yaml rule for the keys of a sync's models.
var syncModelName = regexp.MustCompile(`^[A-Z][a-zA-Z0-9_]+$`)

func (b *builder) checkSyncModel(s *project.Script, name string, m *nangoyaml.Model) {
	if m == nil || m.IsAnon {
		b.problemf("%s: the output %q is not a model of nango.yaml; a zero-yaml sync's models must be zod objects", s.ID(), name)
		return
	}
	if !syncModelName.MatchString(name) {
		b.problemf("%s: the model name %q is refused by zero-yaml (it must start with a capital letter and hold only letters, digits and _); rename it in nango.yaml first", s.ID(), name)
	}
	for _, f := range m.Fields {
		if f.Name != "id" || f.Dynamic {
			continue
		}
		switch {
		case f.Optional || f.Array || f.Kind != nangoyaml.FieldTSType:
			b.problemf("%s: model %q has an id that is not a string or a number; createSync requires a string id: change it in nango.yaml first", s.ID(), name)
		case f.Value == "number":
			b.idString[name] = true
		case f.Value != "string":
			b.problemf("%s: model %q has an id of type %v; createSync requires a string id: change it in nango.yaml first", s.ID(), name, f.Value)
		}
		return
	}
	b.problemf("%s: model %q has no id field; createSync requires one (a string): add it in nango.yaml first", s.ID(), name)
}

// index lists every function, per integration: syncs, actions, then on-events.
func (b *builder) index() {
	if b.exists(project.ZeroIndexFile) {
		b.problemf("%s already exists and would be replaced; move it away first", project.ZeroIndexFile)
		return
	}
	var blocks []string
	for _, integ := range b.p.Integrations() {
		lines := []string{"// -- Integration: " + integ}
		for _, k := range []project.Kind{project.KindSync, project.KindAction, project.KindOnEvent} {
			for _, s := range b.p.Scripts {
				if s.Integration == integ && s.Kind == k {
					lines = append(lines, "import './"+strings.TrimSuffix(s.SourceRel(), ".ts")+".js';")
				}
			}
		}
		if len(lines) > 1 {
			blocks = append(blocks, strings.Join(lines, "\n")+"\n")
		}
	}
	b.add(project.ZeroIndexFile, []byte(strings.Join(blocks, "\n")), "index")
}

// Apply writes the plan: every file at once (atomicfile.WriteSet) with the backups, then
// nango.yaml is removed. It returns the backup folder relative to the project ("" when
// nothing was replaced).
func (pl *Plan) Apply() (string, error) {
	var ws atomicfile.WriteSet
	backups := false
	for _, c := range pl.Changes {
		full := filepath.Join(pl.Dir, filepath.FromSlash(c.Path))
		if c.Op == OpUpdate || c.Op == OpDelete {
			old, err := os.ReadFile(full)
			if err != nil {
				return "", fmt.Errorf("read %s: %w", c.Path, err)
			}
			ws.Add(filepath.Join(pl.Dir, filepath.FromSlash(backupPath(c.Path))), old, 0o644)
			backups = true
		}
		if c.Op != OpDelete {
			ws.Add(full, c.Data, 0o644)
		}
	}
	if err := ws.Commit(); err != nil {
		return "", fmt.Errorf("write the migrated files (nothing was changed): %w", err)
	}
	for _, c := range pl.Changes {
		if c.Op == OpDelete {
			if err := os.Remove(filepath.Join(pl.Dir, filepath.FromSlash(c.Path))); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return BackupDir, fmt.Errorf("the new files are written but %s could not be removed (remove it by hand: while it exists the project is still read as nango.yaml): %w", c.Path, err)
			}
		}
	}
	if !backups {
		return "", nil
	}
	return BackupDir, nil
}
