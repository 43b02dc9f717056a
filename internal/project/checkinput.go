package project

import "github.com/nango-go/nango/internal/scriptcheck"

// CheckInput describes the project for the checks and the bundler: every sync, action and
// on-event script (deprecated post-connection scripts included; they are compiled when their
// file exists, as the reference does) with its outputs, and every model name.
func (p *Project) CheckInput() scriptcheck.Project {
	proj := scriptcheck.Project{Dir: p.Dir, YAMLFile: p.DefinitionsFile(), Models: p.Models()}
	for _, s := range p.Scripts {
		proj.Scripts = append(proj.Scripts, scriptcheck.Script{
			Integration: s.Integration,
			Name:        s.Name,
			Kind:        s.Kind,
			Outputs:     s.Outputs,
			DeclLine:    s.Declared.Line,
			DeclColumn:  s.Declared.Column,
		})
	}
	return proj
}
