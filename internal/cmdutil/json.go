package cmdutil

import (
	"encoding/json"
	"errors"
	"io"

	"github.com/nango-go/nango/internal/exitcode"
)

// WriteJSON writes v as indented JSON followed by a newline: the one format of every --json
// flag, so that machines can read any command's output the same way.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// FailureJSON is the --json document of a command that failed before it could print its
// own: {"ok": false, "error": {"message", "hint", "exit_code"}}. internal/cli prints it for
// every such failure; dryrun and test add their own fields to it.
func FailureJSON(err error, code exitcode.Code) map[string]any {
	msg := err.Error()
	var s *exitcode.SilentError
	if errors.As(err, &s) {
		msg = "failed: the messages on stderr say why"
	}
	return map[string]any{"ok": false, "error": map[string]any{"message": msg, "hint": exitcode.HintOf(err), "exit_code": int(code)}}
}

// JSONLinesAnnotation marks a command whose --json output is JSON Lines (one compact object
// per line, `nango dev`): its failure document is printed on one line too.
const JSONLinesAnnotation = "json-lines"
