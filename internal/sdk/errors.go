package sdk

import (
	"encoding/json"
	"errors"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/pkg/jsjson"
)

// Error types of a failed run, as the reference reports them (`{type, payload, status}`).
const (
	ErrActionRuntime = "action_script_runtime_error"
	ErrHTTP          = "script_http_error"
	ErrInternal      = "script_internal_error"
	ErrTimeout       = "script_timeout"
	// ErrMemory is ours: the run passed its memory limit (jsruntime.KindMemory).
	ErrMemory = "script_out_of_memory"
)

// Failure is a failed script run described the way the reference's dry run prints it: a
// JSON object {type, payload, status} (type a code such as script_http_error, payload the
// error's details), plus what we add for humans.
type Failure struct {
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"`
	Status  int             `json:"status"`
	// Message is a one-line summary; Stack the source-mapped trace (frames at .ts lines).
	Message string `json:"message"`
	Stack   string `json:"stack,omitempty"`
	// Validation is true for the reference's SDK validation errors (invalid_sync_record,
	// invalid_action_input, invalid_action_output).
	Validation bool `json:"-"`
	// Cause is the Go error behind the failure (a request the Nango server refused, a
	// recording that does not exist), nil when the script itself failed.
	Cause error `json:"-"`
}

// Describe classifies a failed run. root is the project folder, to which frame paths are made
// relative. The runtime must still be alive (the thrown value is inspected).
func (n *Nango) Describe(se *jsruntime.ScriptError, root string) *Failure {
	f := &Failure{Status: 500, Message: se.Header(), Stack: se.StackTrace(root), Cause: se.Cause}
	if se.Kind != jsruntime.KindError {
		f.Type = ErrTimeout
		switch se.Kind {
		case jsruntime.KindCancelled:
			f.Type = "script_aborted"
		case jsruntime.KindMemory:
			f.Type = ErrMemory
		}
		f.Message = se.Error()
		f.Stack = ""
		f.Payload = mustJSON(map[string]string{"message": se.Message})
		return f
	}
	obj, _ := se.Value.(*goja.Object)
	toJSON := n.valueJSON
	if t := get(obj, "type"); t != nil && t.String() == ErrActionRuntime {
		f.Type = ErrActionRuntime
		f.Payload = toJSON(get(obj, "payload"))
		f.Stack = ""
		return f
	}
	if get(obj, "name") != nil && get(obj, "name").String() == "NangoError" && get(obj, "code") != nil {
		f.Type = get(obj, "code").String()
		f.Payload = toJSON(get(obj, "payload"))
		f.Validation = f.Type == "invalid_sync_record" || f.Type == "invalid_action_input" || f.Type == "invalid_action_output"
		f.Stack = ""
		return f
	}
	if resp, ok := get(obj, "response").(*goja.Object); ok && get(obj, "isAxiosError") != nil {
		f.Type = ErrHTTP
		if s := get(resp, "status"); s != nil {
			f.Status = int(s.ToInteger())
		}
		data := get(resp, "data")
		if d, ok := data.(*goja.Object); ok && get(d, "payload") != nil {
			data = get(d, "payload")
		}
		if data != nil {
			if s, ok := data.Export().(string); ok {
				f.Payload = mustJSON(map[string]string{"message": s})
			} else {
				f.Payload = toJSON(data)
			}
		}
		return f
	}
	f.Type = ErrInternal
	f.Payload = internalPayload(se, obj)
	return f
}

// get is o[k], nil when o is nil or the member is undefined or null.
func get(o *goja.Object, k string) goja.Value {
	if o == nil {
		return nil
	}
	v := o.Get(k)
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	return v
}

// valueJSON is v as JSON text (nil for nil or what JSON cannot represent).
func (n *Nango) valueJSON(v goja.Value) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := n.rt.ToJSON(v)
	if err != nil || b == nil {
		return nil
	}
	return b
}

// internalPayload is the payload of an error that is none of Nango's: its name, code and
// message.
func internalPayload(se *jsruntime.ScriptError, obj *goja.Object) json.RawMessage {
	payload := jsjson.ObjectValue()
	name := se.Name
	if name == "" {
		name = "Error"
	}
	payload.Set("name", jsjson.StringValue(name))
	if c := get(obj, "code"); c != nil {
		payload.Set("code", jsjson.StringValue(c.String()))
	}
	payload.Set("message", jsjson.StringValue(se.Message))
	return jsjson.MustStringify(payload)
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// IsMissingRecording reports whether the failure is a replayed request that was not recorded.
func (f *Failure) IsMissingRecording() bool {
	var m *mocks.MissingRecordingError
	return f != nil && errors.As(f.Cause, &m)
}
