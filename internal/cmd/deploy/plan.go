package deploy

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/nango-go/nango/internal/deploy"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/text"
)

var actionOrder = map[string]int{"new": 0, "updated": 1, "deleted": 2}
var kindOrder = map[string]int{"sync": 0, "action": 1, "on-event": 2}

// renderPlan writes the plan for people: changes grouped by integration, destructive ones
// marked.
func renderPlan(w io.Writer, cs *iostreams.ColorScheme, p deploy.Plan, environment, host string) {
	fmt.Fprintf(w, "Deploy plan for environment %q (%s):\n", environment, host)
	if len(p.Changes) == 0 && len(p.DeletedModels) == 0 {
		fmt.Fprintln(w, "  no syncs, actions or on-event scripts change")
		return
	}
	byInteg := map[string][]deploy.Change{}
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

func renderChange(c deploy.Change, cs *iostreams.ColorScheme) string {
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
