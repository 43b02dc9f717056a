package deploy

import (
	"github.com/nango-go/nango/internal/nangoapi"
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
