package project

import (
	"bytes"
	"encoding/json"
	"os"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/usercache"
)

// loadZeroDefault opens a zero-yaml project for Load, which has no environment: zod is
// searched from the project upward, then in the user cache.
func loadZeroDefault(dir string) (*Project, []Diagnostic, error) {
	return LoadZero(dir, ZeroOptions{NodeModules: usercache.NodeModulesFor(dir, os.Getenv, usercache.Zod4), CacheDir: ZeroCacheDir(os.Getenv)})
}

// ZeroCacheDir is the definitions cache in the user cache, "" when there is no user cache.
func ZeroCacheDir(getenv func(string) string) string {
	d, err := usercache.New(getenv)
	if err != nil {
		return ""
	}
	return d.ZeroDefinitions()
}

// LoadZero reads a zero-yaml project: every function index.ts imports, in order, evaluated
// (zerodefs.go) and checked with the reference's rules (zerocheck.go). Like Load, the project
// is nil when a diagnostic is an error; the error return is for an unreadable index.ts.
func LoadZero(dir string, opts ZeroOptions) (*Project, []Diagnostic, error) {
	entries, err := ZeroEntries(dir)
	if err != nil {
		return nil, nil, err
	}
	if len(entries) == 0 {
		return nil, []Diagnostic{zeroDiag(ZeroIndexFile, 0, 0,
			"No entry points found in index.ts, add one like this `import './github/syncs/fetch.js'`")}, nil
	}
	r, err := newZeroReader(dir, opts)
	if err != nil {
		return nil, nil, err
	}
	var rels []string
	for _, e := range entries {
		if rel := zeroSource(e); !strings.HasPrefix(rel, "../") && strings.Contains(rel, "/") {
			rels = append(rels, rel)
		}
	}
	r.prebuild(rels)
	p := &Project{Dir: dir, Format: FormatZero}
	var diags []Diagnostic
	var unbundled []string // functions whose bundle failed: their code is checked all the same
	for i, res := range r.readAll(entries, opts) {
		e, s, d := entries[i], res.s, res.d
		diags = append(diags, d...)
		if s != nil {
			p.Scripts = append(p.Scripts, s)
		} else if hasCode(d, scriptcheck.CodeBundle) {
			unbundled = append(unbundled, zeroSource(e))
		}
		if len(d) > 0 && isZodProblem(d[len(d)-1]) {
			return nil, diags, nil // every other function would say the same
		}
	}
	diags = append(diags, checkZeroProject(p, r.sources.m)...)
	diags = dropRepeated(diags, checkZeroCode(p, unbundled))
	if HasErrors(diags) {
		return nil, diags, nil
	}
	return p, diags, nil
}

type zeroRead struct {
	s *Script
	d []Diagnostic
}

// readAll reads the entries in parallel, one runtime per worker (evaluating a function's top
// level, mostly building its zod schemas, is most of a compile's time), and returns the
// results in the entries' order. Workers beyond the first that cannot start a runtime just
// do not take part.
func (r *zeroReader) readAll(entries []string, opts ZeroOptions) []zeroRead {
	out := make([]zeroRead, len(entries))
	workers := min(runtime.GOMAXPROCS(0), len(entries), maxZeroWorkers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rw := r
			if w > 0 {
				var err error
				if rw, err = r.withRuntime(opts); err != nil {
					return
				}
			}
			for i := int(next.Add(1) - 1); i < len(entries); i = int(next.Add(1) - 1) {
				out[i].s, out[i].d = rw.read(entries[i])
			}
		}()
	}
	wg.Wait()
	return out
}

// maxZeroWorkers bounds the runtimes of one compile (each holds its own zod, some MB).
const maxZeroWorkers = 4

// read turns one index.ts entry into a Script.
func (r *zeroReader) read(entry string) (*Script, []Diagnostic) {
	rel := zeroSource(entry)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return nil, []Diagnostic{zeroDiag(ZeroIndexFile, 0, 0, "Script './"+rel+"' must be inside the project folder.")}
	}
	parts := strings.Split(rel, "/")
	if len(parts) < 2 {
		return nil, []Diagnostic{zeroDiag(rel, 0, 0, "Script './"+rel+"' must be inside an integration folder: move it to <integration>/syncs, actions or on-events")}
	}
	def, res, diags := r.evaluate(rel)
	if def == nil {
		return nil, diags
	}
	src := r.sources.get(rel)
	s := &Script{
		Integration: parts[0],
		Name:        strings.TrimSuffix(path.Base(rel), path.Ext(rel)),
		Description: def.Description,
		Version:     def.Version,
		Scopes:      def.Scopes,
		Zero: &ZeroScript{
			Entry:    entry,
			Source:   rel,
			Dir:      strings.Join(parts[1:len(parts)-1], "/"),
			Features: zeroFeatures(src),
			Bundle:   res.Code,
		},
	}
	line, col := textPos(src, zeroWrapperCall(def.Type)+"(")
	s.Declared = Position{File: rel, Line: line, Column: col}
	for _, e := range def.Errors {
		l, c := propPos(src, append([]string{e.Prop}, nonEmpty(e.Key)...)...)
		diags = append(diags, zeroDiag(rel, l, c, zeroWrapperCall(def.Type)+" "+e.Prop+" "+strings.TrimSpace(e.Key+" "+e.Message), zeroWrapperCall(def.Type), e.Prop))
	}
	switch def.Type {
	case "sync":
		diags = append(diags, fillZeroSync(s, def)...)
	case "action":
		fillZeroAction(s, def)
	case "onEvent":
		s.Kind, s.Event = KindOnEvent, def.Event
	default:
		return nil, append(diags, zeroDiag(rel, line, col, "createFunction (nango/experimental) is not supported by this CLI yet: use createSync, createAction or createOnEvent"))
	}
	return s, diags
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func zeroWrapper(typ string) string {
	switch typ {
	case "sync":
		return "Sync"
	case "action":
		return "Action"
	case "onEvent":
		return "OnEvent"
	}
	return "Function"
}

func zeroWrapperCall(typ string) string { return "create" + zeroWrapper(typ) }

func fillZeroSync(s *Script, def *zeroDef) []Diagnostic {
	s.Kind = KindSync
	if def.Frequency != nil {
		s.Runs = *def.Frequency
	}
	s.SyncType = def.SyncType
	if s.SyncType == "" {
		s.SyncType = "full"
	}
	s.TrackDeletes, s.AutoStart, s.WebhookSubscriptions = def.TrackDeletes, def.AutoStart, def.WebhookSubscriptions
	var defs []namedSchema
	for _, m := range def.Models {
		var pair [2]json.RawMessage
		if json.Unmarshal(m, &pair) != nil {
			continue
		}
		var name string
		_ = json.Unmarshal(pair[0], &name)
		s.Outputs = append(s.Outputs, name)
		defs = append(defs, namedSchema{name, pair[1]})
	}
	s.UsedModels = append([]string(nil), s.Outputs...)
	if len(def.Metadata) > 0 {
		s.Input = SyntheticModel("SyncMetadata", s.Integration, s.Name)
		s.Zero.HasMetadata = true
		s.UsedModels = append(s.UsedModels, s.Input)
		defs = append(defs, namedSchema{s.Input, def.Metadata})
	}
	s.Zero.JSONSchema = definitionsJSON(defs)
	s.Zero.EndpointsJSON = rawOr(def.Endpoints, "[]")
	var eps []endpointJSON
	if err := json.Unmarshal(s.Zero.EndpointsJSON, &eps); err != nil {
		return []Diagnostic{zeroDiag(s.Zero.Source, 0, 0, "endpoints must be a list of {method, path, group?}: "+err.Error(), "createSync", "endpoints")}
	}
	for _, e := range eps {
		s.Endpoints = append(s.Endpoints, Endpoint(e))
	}
	return nil
}

func fillZeroAction(s *Script, def *zeroDef) {
	s.Kind = KindAction
	s.Input = SyntheticModel("ActionInput", s.Integration, s.Name)
	out := SyntheticModel("ActionOutput", s.Integration, s.Name)
	s.Outputs = []string{out}
	s.UsedModels = []string{s.Input, out}
	var defs []namedSchema
	if len(def.Input) > 0 {
		defs = append(defs, namedSchema{s.Input, def.Input})
	}
	if len(def.Output) > 0 {
		defs = append(defs, namedSchema{out, def.Output})
	}
	s.Zero.JSONSchema = definitionsJSON(defs)
	s.Zero.EndpointsJSON = rawOr(def.Endpoint, "null")
	var e *endpointJSON
	if json.Unmarshal(s.Zero.EndpointsJSON, &e) == nil && e != nil {
		s.Endpoints = []Endpoint{Endpoint(*e)}
	}
}

type endpointJSON struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Group  string `json:"group"`
}

type namedSchema struct {
	name   string
	schema json.RawMessage
}

// definitionsJSON is `{"definitions":{...}}` with the models in the given order (a Go map
// would sort them).
func definitionsJSON(defs []namedSchema) []byte {
	var b bytes.Buffer
	b.WriteString(`{"definitions":{`)
	for i, d := range defs {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(d.name)
		b.Write(name)
		b.WriteByte(':')
		b.Write(d.schema)
	}
	b.WriteString(`}}`)
	return b.Bytes()
}

func rawOr(v json.RawMessage, def string) []byte {
	if len(v) == 0 {
		return []byte(def)
	}
	return v
}
