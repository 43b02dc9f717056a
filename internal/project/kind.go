package project

import "github.com/nango-go/nango/internal/scriptkind"

// Kind says what a script is (internal/scriptkind, a leaf the bundler and the checks share;
// the parser's nangoyaml.ScriptType is the file format's own and is mapped in yaml.go).
type Kind = scriptkind.Kind

const (
	KindSync           = scriptkind.Sync
	KindAction         = scriptkind.Action
	KindOnEvent        = scriptkind.OnEvent
	KindPostConnection = scriptkind.PostConnection
)

// On-event hooks (Script.Event of a KindOnEvent script).
const (
	EventPostConnectionCreation = "post-connection-creation"
	EventPreConnectionDeletion  = "pre-connection-deletion"
)
