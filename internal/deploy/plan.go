package deploy

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/text"
)

// Change is one line of the plan.
type Change struct {
	// Action is "new", "updated" or "deleted".
	Action string `json:"action"`
	// Kind is "sync", "action" or "on-event".
	Kind        string `json:"kind"`
	Integration string `json:"integration"`
	Name        string `json:"name"`
	// Event is the on-event hook.
	Event string `json:"event,omitempty"`
	// Connections is the number of connections the server reports (syncs).
	Connections *int  `json:"connections,omitempty"`
	AutoStart   *bool `json:"autoStart,omitempty"`
	// Destructive: deleting this sync deletes the records of existing connections.
	Destructive bool `json:"destructive"`
}

// Plan is what a deploy changes, per the server's confirmation answer.
type Plan struct {
	Changes []Change `json:"changes"`
	// DeletedModels are models dropped from syncs that have connections: their records are
	// deleted.
	DeletedModels []string `json:"deletedModels"`
	// Destructive is the reference's rule: a deleted sync with connections, or a deleted
	// model.
	Destructive bool `json:"destructive"`
}

// NewPlan turns a confirmation answer into a plan. body supplies the integration of
// entries the server reports without one (older servers).
func NewPlan(d *nangoapi.ScriptDifferences, body nangoapi.DeployBody) Plan {
	owner := map[string]string{}
	for _, f := range body.FlowConfigs {
		owner[f.Type+"/"+f.SyncName] = f.ProviderConfigKey
	}
	integ := func(kind, name, key string) string {
		if key != "" {
			return key
		}
		if k, ok := owner[kind+"/"+name]; ok {
			return k
		}
		return "(integration not reported)"
	}
	p := Plan{Changes: []Change{}, DeletedModels: append([]string{}, d.DeletedModels...)}
	syncs := func(action string, list []nangoapi.SlimSync) {
		for _, s := range list {
			n, auto := s.Connections, s.AutoStart
			c := Change{Action: action, Kind: "sync", Integration: integ("sync", s.Name, s.ProviderConfigKey), Name: s.Name, Connections: &n, AutoStart: &auto}
			c.Destructive = action == "deleted" && n > 0
			p.Changes = append(p.Changes, c)
		}
	}
	actions := func(action string, list []nangoapi.SlimAction) {
		for _, a := range list {
			p.Changes = append(p.Changes, Change{Action: action, Kind: "action", Integration: integ("action", a.Name, a.ProviderConfigKey), Name: a.Name})
		}
	}
	events := func(action string, list []nangoapi.SlimOnEventScript) {
		for _, e := range list {
			p.Changes = append(p.Changes, Change{Action: action, Kind: "on-event", Integration: e.ProviderConfigKey, Name: e.Name, Event: e.Event})
		}
	}
	syncs("new", d.NewSyncs)
	syncs("updated", d.UpdatedSyncs)
	syncs("deleted", d.DeletedSyncs)
	actions("new", d.NewActions)
	actions("updated", d.UpdatedActions)
	actions("deleted", d.DeletedActions)
	events("new", d.NewOnEventScripts)
	events("updated", d.UpdatedOnEventScripts)
	events("deleted", d.DeletedOnEventScripts)
	for _, c := range p.Changes {
		if c.Destructive {
			p.Destructive = true
		}
	}
	if len(p.DeletedModels) > 0 {
		p.Destructive = true
	}
	return p
}

// Counts returns how many changes have each action.
func (p Plan) Counts() (added, updated, deleted int) {
	for _, c := range p.Changes {
		switch c.Action {
		case "new":
			added++
		case "updated":
			updated++
		case "deleted":
			deleted++
		}
	}
	return
}

var actionOrder = map[string]int{"new": 0, "updated": 1, "deleted": 2}
var kindOrder = map[string]int{"sync": 0, "action": 1, "on-event": 2}

// Render writes the plan for people: changes grouped by integration, destructive ones
// marked.
func (p Plan) Render(w io.Writer, cs *iostreams.ColorScheme, environment, host string) {
	fmt.Fprintf(w, "Deploy plan for environment %q (%s):\n", environment, host)
	if len(p.Changes) == 0 && len(p.DeletedModels) == 0 {
		fmt.Fprintln(w, "  no syncs, actions or on-event scripts change")
		return
	}
	byInteg := map[string][]Change{}
	var integs []string
	for _, c := range p.Changes {
		if _, ok := byInteg[c.Integration]; !ok {
			integs = append(integs, c.Integration)
		}
		byInteg[c.Integration] = append(byInteg[c.Integration], c)
	}
	sort.Strings(integs)
	for _, in := range integs {
		fmt.Fprintf(w, "  %s\n", cs.Bold(in))
		changes := byInteg[in]
		sort.SliceStable(changes, func(i, j int) bool {
			if actionOrder[changes[i].Action] != actionOrder[changes[j].Action] {
				return actionOrder[changes[i].Action] < actionOrder[changes[j].Action]
			}
			return kindOrder[changes[i].Kind] < kindOrder[changes[j].Kind]
		})
		for _, c := range changes {
			fmt.Fprintf(w, "    %s\n", renderChange(c, cs))
		}
	}
	if len(p.DeletedModels) > 0 {
		fmt.Fprintf(w, "  %s %s %s\n", cs.Red("removed models:"), strings.Join(p.DeletedModels, ", "), cs.Red("[destructive]"))
		fmt.Fprintln(w, "    their records are deleted; a renamed model is a new model, and records are not carried over (run a full sync to refill it)")
	}
	added, updated, deleted := p.Counts()
	fmt.Fprintf(w, "%d new, %d updated, %d deleted", added, updated, deleted)
	if p.Destructive {
		fmt.Fprintf(w, " (%s)", cs.Red("destructive"))
	}
	fmt.Fprintln(w)
}

func renderChange(c Change, cs *iostreams.ColorScheme) string {
	sign := map[string]string{"new": cs.Green("+"), "updated": cs.Yellow("~"), "deleted": cs.Red("-")}[c.Action]
	name := c.Kind + " " + c.Name
	if c.Event != "" {
		name += " (" + c.Event + ")"
	}
	var detail string
	switch {
	case c.Kind == "sync" && c.Action == "new":
		if c.Connections != nil && *c.Connections > 0 && c.AutoStart != nil && *c.AutoStart {
			detail = fmt.Sprintf("new: starts syncing for %s", text.Pluralize(*c.Connections, "existing connection"))
		} else if c.AutoStart != nil && !*c.AutoStart {
			detail = "new: added, not started (auto_start: false)"
		} else {
			detail = "new: added, no connections yet"
		}
	case c.Kind == "sync" && c.Action == "updated":
		detail = "updated"
		if c.Connections != nil {
			detail += fmt.Sprintf(" (%s)", text.Pluralize(*c.Connections, "connection"))
		}
	case c.Kind == "sync" && c.Action == "deleted":
		n := 0
		if c.Connections != nil {
			n = *c.Connections
		}
		if n > 0 {
			detail = fmt.Sprintf("deleted: stops running and its records are deleted for %s %s", text.Pluralize(n, "existing connection"), cs.Red("[destructive]"))
		} else {
			detail = "deleted (no connections)"
		}
	default:
		detail = c.Action
	}
	return fmt.Sprintf("%s %s: %s", sign, name, detail)
}
