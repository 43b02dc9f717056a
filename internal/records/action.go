package records

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/nango-go/nango/internal/schemavalidate"
)

// InvalidActionError is an action input or output that does not match its model, with
// --validation (the reference's invalid_action_input / invalid_action_output).
type InvalidActionError struct {
	// Side is "input" or "output".
	Side   string
	Model  string
	Data   json.RawMessage
	Errors []schemavalidate.Error
	// Problem is set when the model cannot be checked (not in schema.json, bad schema).
	Problem string
}

// Code is the reference's error type: invalid_action_input or invalid_action_output.
func (e *InvalidActionError) Code() string { return "invalid_action_" + e.Side }

func (e *InvalidActionError) Error() string {
	model := e.Model
	if model == "" {
		model = "(none declared)"
	}
	return fmt.Sprintf("invalid action %s for model %s: %s", e.Side, model, e.Report().Summary())
}

// Report is the validation report, for display (WriteText) or --json.
func (e *InvalidActionError) Report() schemavalidate.Report {
	r := schemavalidate.Report{Model: e.Model, Data: e.Data, Errors: e.Errors}
	if e.Problem != "" {
		r.Problems = []string{e.Problem}
	}
	return r
}

// ValidateActionInput checks an action's input (JSON text; empty for undefined) against
// the action's input model ("" when the action declares none). A mismatch logs the
// reference's warning and, with opts.Validation, returns *InvalidActionError; a value
// that is not JSON is an error either way.
func ValidateActionInput(opts Options, model string, input []byte) error {
	return validateAction(opts, "input", model, input)
}

// ValidateActionOutput checks what the action returned (JSON text of the value; empty for
// undefined) against its first output model.
func ValidateActionOutput(opts Options, model string, output []byte) error {
	return validateAction(opts, "output", model, output)
}

func validateAction(opts Options, side, model string, data []byte) error {
	if opts.Schema == nil {
		return nil
	}
	bad, err := checkAction(opts.Schema, side, model, data)
	if err != nil || bad == nil {
		return err
	}
	if opts.Validation {
		// The caller prints the details; the reference's "use --validation" hint would be
		// advice to do what the user already did.
		return bad
	}
	if opts.Log != nil {
		opts.Log(LevelWarn, "Invalid action "+side+". Use `--validation` option to see the details")
	}
	return nil
}

func checkAction(schema *schemavalidate.Schema, side, model string, data []byte) (*InvalidActionError, error) {
	text := bytes.TrimSpace(data)
	if len(text) > 0 && !json.Valid(text) {
		return nil, fmt.Errorf("action %s is not JSON", side)
	}
	if model == "" {
		// No model: anything JavaScript considers truthy is unexpected.
		if isFalsy(text) {
			return nil, nil
		}
		return &InvalidActionError{Side: side, Data: json.RawMessage(text), Errors: []schemavalidate.Error{{
			InstancePath: "", SchemaPath: "#/type", Keyword: "type", Params: map[string]any{}, Message: "must be empty",
		}}}, nil
	}
	bad := &InvalidActionError{Side: side, Model: model, Data: json.RawMessage(text)}
	v, err := schema.Validator(model)
	if err != nil {
		if u, ok := err.(*schemavalidate.UnknownModelError); ok {
			bad.Problem = u.Error() + " [" + u.Code() + "]"
		} else {
			bad.Problem = err.Error()
		}
		return bad, nil
	}
	if len(text) == 0 {
		text = []byte("null") // undefined fails like null does: "must be <type>"
	}
	res, err := v.Validate(text)
	if err != nil {
		return nil, fmt.Errorf("action %s: %w", side, err)
	}
	if res.Valid() {
		return nil, nil
	}
	bad.Errors = res.Errors
	return bad, nil
}

// isFalsy reports whether JSON text (or nothing, for undefined) is a falsy JavaScript
// value: undefined, null, false, 0 or "".
func isFalsy(text []byte) bool {
	switch string(text) {
	case "", "null", "false", `""`:
		return true
	}
	var d schemavalidate.Doc
	if d.Parse(text) == nil && d.Kind() == schemavalidate.KindNumber {
		return d.Root().Float() == 0
	}
	return false
}
