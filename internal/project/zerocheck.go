package project

import (
	"fmt"
	"regexp"

	"github.com/nango-go/nango/pkg/nangoyaml"
)

// zeroModelNameRe is the reference's rule for sync model names (synthetic names are not
// checked).
var zeroModelNameRe = regexp.MustCompile(`^[A-Z][a-zA-Z0-9_]+$`)

// checkZeroProject applies the reference's definition rules in its order: per sync frequency,
// endpoint count, trackDeletes with incremental, duplicate endpoints within the sync, model
// names; then per integration, models unique across syncs and endpoints unique across syncs
// and actions. Each problem is positioned at the property in the function file.
func checkZeroProject(p *Project, sources map[string]string) []Diagnostic {
	var diags []Diagnostic
	for _, s := range p.Scripts {
		if s.Kind == KindSync {
			diags = append(diags, checkZeroSync(s, sources[s.Zero.Source])...)
		}
	}
	for _, integ := range p.Integrations() {
		models := map[string]bool{}
		endpoints := map[string]bool{}
		for _, s := range p.Scripts {
			if s.Integration != integ || s.Zero == nil {
				continue
			}
			src := sources[s.Zero.Source]
			if s.Kind == KindSync {
				for _, m := range s.UsedModels {
					if models[m] {
						l, c := modelPos(src, s, m)
						diags = append(diags, zeroDiag(s.Zero.Source, l, c, fmt.Sprintf(
							"createSync > input Model %q is defined multiple times. Please make sure all models are unique per integration.", m), "createSync", "input"))
					}
					models[m] = true
				}
			}
			prop := "endpoints"
			if s.Kind == KindAction {
				prop = "endpoint"
			}
			for _, e := range s.Endpoints {
				key := e.Method + " " + e.Path
				if endpoints[key] {
					l, c := propPos(src, prop, e.Path)
					diags = append(diags, zeroDiag(s.Zero.Source, l, c, fmt.Sprintf(
						"%s > %s Endpoint %q is used multiple times. Please make sure all endpoints are unique per integration.", zeroCall(s), prop, key), zeroCall(s), prop))
				}
				endpoints[key] = true
			}
		}
	}
	return diags
}

func zeroCall(s *Script) string {
	switch s.Kind {
	case KindSync:
		return "createSync"
	case KindAction:
		return "createAction"
	}
	return "createOnEvent"
}

func checkZeroSync(s *Script, src string) []Diagnostic {
	var diags []Diagnostic
	add := func(prop, msg string, line, col int) {
		diags = append(diags, zeroDiag(s.Zero.Source, line, col, "createSync > "+prop+" "+msg, "createSync", prop))
	}
	if code, _ := nangoyaml.CheckRuns(s.Runs); code != "" {
		l, c := propPos(src, "frequency")
		msg := "Interval is invalid, check syntax here https://github.com/vercel/ms"
		if code == nangoyaml.CodeRunsMissingInterval {
			msg = fmt.Sprintf("Interval %q is empty: write e.g. \"every 30 minutes\", \"every 2 hours\" or \"every day\"", s.Runs)
		}
		add("frequency", msg, l, c)
	}
	if len(s.Endpoints) > 0 && len(s.Endpoints) != len(s.Outputs) {
		l, c := propPos(src, "endpoints")
		add("endpoints", "The number of endpoints doesn't match the number of models. You need as many endpoints as models", l, c)
	}
	if s.TrackDeletes && s.SyncType == "incremental" {
		l, c := propPos(src, "trackDeletes")
		add("trackDeletes", "Track deletes is not supported for incremental syncs", l, c)
	}
	seen := map[string]bool{}
	for _, e := range s.Endpoints {
		key := e.Method + " " + e.Path
		if seen[key] {
			l, c := propPos(src, "endpoints", e.Path)
			add("endpoints", fmt.Sprintf("Endpoint %q is used multiple times. Please make sure all endpoints are unique per integration.", key), l, c)
		}
		seen[key] = true
	}
	for _, m := range s.Outputs {
		if !zeroModelNameRe.MatchString(m) {
			l, c := modelPos(src, s, m)
			add("models", fmt.Sprintf("Model %q contains invalid characters. It should start with an uppercase and only contains alphanumeric characters", m), l, c)
		}
	}
	return diags
}

// modelPos is where a model is named: its key in `models`, or `metadata` for the synthetic
// metadata model.
func modelPos(src string, s *Script, m string) (int, int) {
	if s.Zero.HasMetadata && m == s.Input {
		return propPos(src, "metadata")
	}
	return propPos(src, "models", m)
}
