package records

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/schemavalidate"
)

const actionSchema = `{"definitions":{
"In":{"type":"object","properties":{"first_name":{"type":"string"},"email":{"type":"string"}},"required":["first_name","email"],"additionalProperties":false},
"Out":{"type":"object","properties":{"id":{"type":"string"},"created_at":{"type":"string","format":"date-time"}},"required":["id","created_at"],"additionalProperties":false},
"Flag":{"type":"boolean"}}}`

func actionOpts(t *testing.T, validation bool) (Options, *logBuf) {
	t.Helper()
	s, err := schemavalidate.Parse([]byte(actionSchema))
	if err != nil {
		t.Fatal(err)
	}
	l := &logBuf{}
	return Options{Schema: s, Validation: validation, Log: l.log}, l
}

func TestActionValidation(t *testing.T) {
	tests := []struct {
		name, side, model, data string
		wantErr                 string // with --validation; "" = valid
	}{
		{"valid input", "input", "In", `{"first_name":"Ada","email":"a@b.c"}`, ""},
		{"invalid input", "input", "In", `{"first_name":1}`,
			"invalid action input for model In: email: must have required property 'email' [required] (and 1 more)"},
		{"extra input field", "input", "In", `{"first_name":"a","email":"e","x":1}`,
			"invalid action input for model In: x: must NOT have additional properties [additionalProperties]"},
		{"missing input", "input", "In", ``, "invalid action input for model In: root: must be object [type]"},
		{"no input model, no input", "input", "", ``, ""},
		{"no input model, null", "input", "", `null`, ""},
		{"no input model, zero", "input", "", `0`, ""},
		{"no input model, empty string", "input", "", `""`, ""},
		{"no input model, empty object", "input", "", `{}`,
			"invalid action input for model (none declared): root: must be empty [type]"},
		{"no input model, a string", "input", "", `"x"`,
			"invalid action input for model (none declared): root: must be empty [type]"},
		{"unknown input model", "input", "Nope", `{}`, `invalid action input for model Nope: model "Nope" is not defined`},
		{"valid output (a date serialised by JSON.stringify)", "output", "Out", `{"id":"1","created_at":"2025-03-04T05:06:07.000Z"}`, ""},
		{"invalid date output", "output", "Out", `{"id":"1","created_at":"March 4"}`,
			`invalid action output for model Out: created_at: must match format "date-time" [format]`},
		{"literal output model", "output", "Flag", `true`, ""},
		{"literal output model wrong", "output", "Flag", `"yes"`,
			"invalid action output for model Flag: root: must be boolean [type]"},
		{"no output model, output", "output", "", `{"a":1}`,
			"invalid action output for model (none declared): root: must be empty [type]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := ValidateActionInput
			if tt.side == "output" {
				check = ValidateActionOutput
			}
			warn := "warn: Invalid action " + tt.side + ". Use `--validation` option to see the details"

			opts, l := actionOpts(t, false)
			if err := check(opts, tt.model, []byte(tt.data)); err != nil {
				t.Fatalf("without --validation: %v", err)
			}
			if (len(l.lines) == 1 && l.lines[0] == warn) != (tt.wantErr != "") {
				t.Errorf("warnings %q", l.lines)
			}

			opts, l = actionOpts(t, true)
			err := check(opts, tt.model, []byte(tt.data))
			if tt.wantErr == "" {
				if err != nil || len(l.lines) != 0 {
					t.Errorf("got %v, logs %q", err, l.lines)
				}
				return
			}
			var bad *InvalidActionError
			if !errors.As(err, &bad) || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("got %v\nwant %s", err, tt.wantErr)
			}
			if bad.Code() != "invalid_action_"+tt.side {
				t.Errorf("code %s", bad.Code())
			}
			if len(l.lines) != 0 {
				t.Errorf("with --validation the error carries the details; no hint to use --validation: %q", l.lines)
			}
		})
	}
	if err := ValidateActionInput(Options{Validation: true}, "In", []byte(`1`)); err != nil {
		t.Errorf("no schema: %v", err)
	}
	opts, _ := actionOpts(t, true)
	if err := ValidateActionInput(opts, "In", []byte(`{`)); err == nil || errors.As(err, new(*InvalidActionError)) {
		t.Errorf("malformed JSON: %v", err)
	}
}

// TestReferenceActionInvalidInputReport: the report of {"first_name":1} against the
// reference project's CreateContactInput reads like the reference's, error for error.
func TestReferenceActionInvalidInputReport(t *testing.T) {
	dir := os.Getenv("SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	s, err := schemavalidate.Load(filepath.Join(dir, "fixtures", "peer-cli", "generate", "tree", ".nango", "schema.json"))
	if err != nil {
		t.Skipf("reference fixtures not available: %v", err)
	}
	err = ValidateActionInput(Options{Schema: s, Validation: true}, "CreateContactInput", []byte(`{"first_name":1}`))
	var bad *InvalidActionError
	if !errors.As(err, &bad) {
		t.Fatal(err)
	}
	want := "model: CreateContactInput\ndata: {\n  \"first_name\": 1\n}\n\n" +
		"root\n   error   must have required property 'email'  [required]\n   CreateContactInput > required\n\n" +
		"first_name\n   error   must be string  [type]\n   CreateContactInput > properties > first_name > type\n\n"
	if got := bad.Report().Text(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestActionReportJSON(t *testing.T) {
	opts, _ := actionOpts(t, true)
	err := ValidateActionInput(opts, "In", []byte(` {"first_name":"a"} `))
	var bad *InvalidActionError
	if !errors.As(err, &bad) {
		t.Fatal(err)
	}
	b, err := json.Marshal(bad.Report())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"model":"In","data":{"first_name":"a"},"errors":[{"instancePath":"","schemaPath":"#/required","keyword":"required","params":{"missingProperty":"email"},"message":"must have required property 'email'"}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	if err := ValidateActionInput(opts, "", []byte(`{`)); err == nil || errors.As(err, new(*InvalidActionError)) {
		t.Errorf("malformed JSON without a model: %v", err)
	}
	err = ValidateActionOutput(opts, "Nope", []byte(`1`))
	if !errors.As(err, &bad) {
		t.Fatal(err)
	}
	text := bad.Report().Text()
	if !strings.Contains(text, "- model \"Nope\" is not defined") || !strings.Contains(text, "[model_not_found_Nope]") {
		t.Errorf("problem report:\n%s", text)
	}
}
