// Package scriptkind is the one vocabulary of script kinds. It is a leaf so that the packages
// internal/project loads projects with (internal/bundle, internal/scriptcheck) can name kinds
// without importing the project package; internal/project re-exports it as project.Kind.
package scriptkind

// Kind says what a script is.
type Kind string

const (
	Sync    Kind = "sync"
	Action  Kind = "action"
	OnEvent Kind = "on-event"
	// PostConnection is nango.yaml's deprecated `post-connection-scripts` list: compile
	// still looks at its folder and deploy sends those that exist as post-connection-creation
	// events, as the reference does; nothing runs them.
	PostConnection Kind = "post-connection-script"
)

// Dir is the sub-folder of an integration that holds scripts of this kind.
func (k Kind) Dir() string {
	switch k {
	case Sync:
		return "syncs"
	case Action:
		return "actions"
	case OnEvent:
		return "on-events"
	case PostConnection:
		return "post-connection-scripts"
	}
	return string(k)
}

// Runnable reports whether a dry run can run a script of this kind.
func (k Kind) Runnable() bool { return k == Sync || k == Action || k == OnEvent }
