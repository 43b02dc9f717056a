package bundle

import (
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// ProjectFromParsed is scriptcheck.FromProject for callers that still hold a parsed
// nango.yaml (internal/dryrun and internal/testrun until they load through internal/project).
// Delete it, and bundle's import of the parser, once they do.
func ProjectFromParsed(dir string, p *nangoyaml.Parsed) scriptcheck.Project {
	proj := scriptcheck.Project{Dir: dir, YAMLFile: nangoyaml.FileName}
	for _, s := range p.Scripts() {
		sc := scriptcheck.Script{Integration: s.Integration.ProviderConfigKey, Name: s.Name, Kind: project.Kind(s.Type),
			DeclLine: s.Pos.Line, DeclColumn: s.Pos.Column}
		switch {
		case s.Sync != nil:
			sc.Outputs = s.Sync.Output
		case s.Action != nil:
			sc.Outputs = s.Action.Output
		}
		proj.Scripts = append(proj.Scripts, sc)
	}
	for _, m := range p.Models {
		proj.Models = append(proj.Models, m.Name)
	}
	return proj
}
