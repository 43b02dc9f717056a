package migrate

import (
	"strconv"
	"strings"

	"github.com/nango-go/nango/internal/project"
)

// defaultVersion is what upstream's migration writes when nango.yaml gives no version.
const defaultVersion = "0.0.1"

// definition is the argument of createSync/createAction/createOnEvent, one property per
// entry (continuation lines indented for a property at four spaces).
func (w *scriptWriter) definition() []string {
	s := w.in.s
	version := s.Version
	if version == "" {
		version = defaultVersion
	}
	var props []string
	switch s.Kind {
	case project.KindSync:
		props = append(props, "description: "+jsString(s.Description), "version: "+jsString(version))
		if s.Runs != "" {
			props = append(props, "frequency: "+jsString(s.Runs))
		}
		props = append(props, "autoStart: "+strconv.FormatBool(s.AutoStart), "syncType: "+jsString(s.SyncType),
			"trackDeletes: "+strconv.FormatBool(s.TrackDeletes))
		if len(s.Endpoints) > 0 {
			eps := make([]string, len(s.Endpoints))
			for i, e := range s.Endpoints {
				eps[i] = endpointObject(e, "    ")
			}
			props = append(props, "endpoints: ["+strings.Join(eps, ", ")+"]")
		}
		if len(s.WebhookSubscriptions) > 0 {
			props = append(props, "webhookSubscriptions: "+jsStrings(s.WebhookSubscriptions))
		}
		if len(s.Scopes) > 0 {
			props = append(props, "scopes: "+jsStrings(s.Scopes))
		}
		models := make([]string, len(s.Outputs))
		for i, m := range s.Outputs {
			models[i] = m + ": " + m
		}
		props = append(props, "models: {\n        "+strings.Join(models, ",\n        ")+"\n    }")
		props = append(props, "metadata: "+w.schemaOr(s.Input, "z.object({})"))
		props = append(props, w.exec(w.fn, "exec", ""))
		if w.hook != nil {
			props = append(props, w.exec(w.hook, "onWebhook", ""))
		}
	case project.KindAction:
		props = append(props, "description: "+jsString(s.Description), "version: "+jsString(version))
		if len(s.Endpoints) > 0 {
			props = append(props, "endpoint: "+endpointObject(s.Endpoints[0], "    "))
		}
		output := ""
		if len(s.Outputs) > 0 {
			output = s.Outputs[0]
		}
		props = append(props, "input: "+w.schemaOr(s.Input, "z.void()"), "output: "+w.schemaOr(output, "z.void()"))
		if len(s.Scopes) > 0 {
			props = append(props, "scopes: "+jsStrings(s.Scopes))
		}
		ret := "void"
		if output != "" {
			ret = output
		}
		props = append(props, w.exec(w.fn, "exec", ": Promise<"+ret+">"))
	default:
		props = append(props, "event: "+jsString(s.Event), "description: "+jsString(s.Description), w.exec(w.fn, "exec", ""))
	}
	return props
}

func (w *scriptWriter) schemaOr(model, fallback string) string {
	if model != "" {
		return model
	}
	w.usedZod = true
	return fallback
}

// exec renders a moved function as an async arrow property: the original parameter names
// (types come from the definition now), the body re-indented one level.
func (w *scriptWriter) exec(fn *fnDecl, name, returnType string) string {
	params := fn.params
	if len(params) == 0 {
		params = []string{"nango"}
	}
	head := "(" + strings.Join(params, ", ") + ")"
	if len(params) == 1 && returnType == "" {
		head = params[0]
	}
	src := w.in.src
	body := src[fn.bodyOpen+1 : fn.bodyTo]
	if strings.Contains(body, "\n") {
		body = strings.TrimRight(reindent(src, w.cls, fn.bodyOpen+1, fn.bodyTo, "    "), " \t") + "    "
	}
	return name + ": async " + head + returnType + " => {" + w.fixCode(body) + "}"
}
