package project

// Kind says what a script is: the one vocabulary for script kinds (the parser's
// nangoyaml.ScriptType is the file format's own and is mapped here in yaml.go).
type Kind string

const (
	KindSync    Kind = "sync"
	KindAction  Kind = "action"
	KindOnEvent Kind = "on-event"
	// KindPostConnection is nango.yaml's deprecated `post-connection-scripts` list: compile
	// still looks at its folder and deploy sends those that exist as post-connection-creation
	// events, as the reference does; nothing runs them.
	KindPostConnection Kind = "post-connection-script"
)

// Dir is the sub-folder of an integration that holds scripts of this kind.
func (k Kind) Dir() string {
	switch k {
	case KindSync:
		return "syncs"
	case KindAction:
		return "actions"
	case KindOnEvent:
		return "on-events"
	case KindPostConnection:
		return "post-connection-scripts"
	}
	return string(k)
}

// Runnable reports whether a dry run can run a script of this kind.
func (k Kind) Runnable() bool { return k == KindSync || k == KindAction || k == KindOnEvent }

// On-event hooks (Script.Event of a KindOnEvent script).
const (
	EventPostConnectionCreation = "post-connection-creation"
	EventPreConnectionDeletion  = "pre-connection-deletion"
)
