package schemavalidate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Report is a failed validation, ready to show: the model, the data and what is wrong
// with it. Its JSON form is what `--json` prints.
type Report struct {
	Model  string          `json:"model,omitempty"`
	Data   json.RawMessage `json:"data,omitempty"`
	Errors []Error         `json:"errors"`
	// Problems are failures that are not about one field: an unknown model, a schema the
	// validator cannot use. The reference lists them as "- <message>".
	Problems []string `json:"problems,omitempty"`
}

// NewReport builds the report of a result for data.
func NewReport(r Result, data []byte) Report {
	return Report{Model: r.Model, Data: json.RawMessage(data), Errors: r.Errors}
}

// WriteText prints the report in the reference's layout (model, data, then per error the
// instance path or "root", "error <message> [<keyword>]" and the schema path), with the
// data as indented JSON instead of a coloured Node inspection.
func (r Report) WriteText(w io.Writer) error {
	var b bytes.Buffer
	if r.Model != "" {
		fmt.Fprintf(&b, "model: %s\n", r.Model)
	}
	b.WriteString("data: ")
	b.Write(indentJSON(r.Data))
	b.WriteString("\n\n")
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "- %s\n", p)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "%s\n   error   %s  [%s]\n   %s\n\n", e.DisplayPath(), e.Message, e.Keyword, displaySchemaPath(e.SchemaPath, r.Model))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Text returns WriteText's output as a string.
func (r Report) Text() string {
	var b strings.Builder
	_ = r.WriteText(&b)
	return b.String()
}

// Summary is a one-line description: the first error and how many more there are.
func (r Report) Summary() string {
	var first string
	switch {
	case len(r.Problems) > 0:
		first = r.Problems[0]
	case len(r.Errors) > 0:
		first = r.Errors[0].String()
	default:
		return "valid"
	}
	if more := len(r.Errors) + len(r.Problems) - 1; more > 0 {
		return fmt.Sprintf("%s (and %d more)", first, more)
	}
	return first
}

// displaySchemaPath turns "#/properties/a/type" into "Model > properties > a > type" and
// "#/definitions/Address/properties/city/type" into "Address > properties > city > type",
// as the reference prints them.
func displaySchemaPath(p, model string) string {
	parts := strings.Split(p, "/")
	if len(parts) > 0 && parts[0] == "#" {
		parts = parts[1:]
	}
	if len(parts) > 0 {
		if parts[0] == "definitions" {
			parts = parts[1:]
		} else if model != "" {
			parts = append([]string{model}, parts...)
		}
	}
	for i, s := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return strings.Join(parts, " > ")
}

func indentJSON(data []byte) []byte {
	if len(bytes.TrimSpace(data)) == 0 {
		return []byte("undefined")
	}
	var out bytes.Buffer
	if err := json.Indent(&out, data, "", "  "); err != nil {
		return data
	}
	return out.Bytes()
}
