package cmdutil

import (
	"encoding/json"
	"io"
)

// WriteJSON writes v as indented JSON followed by a newline: the one format of every --json
// flag, so that machines can read any command's output the same way.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
