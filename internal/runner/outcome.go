package runner

import (
	"encoding/json"
	"errors"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/schemavalidate"
	"github.com/nango-go/nango/internal/sdk"
)

func firstOrEmpty(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// fail records a failed run; it returns nil so that callers can `return out, out.fail(...)`.
func (o *Outcome) fail(n *sdk.Nango, err error, root string) error {
	var se *jsruntime.ScriptError
	if errors.As(err, &se) {
		o.Failure = n.Describe(se, root)
		if o.Failure.Validation {
			var inv *records.InvalidRecordError
			if errors.As(se.Cause, &inv) {
				rep := inv.Report()
				o.Report = &rep
			} else if len(o.Failure.Payload) > 0 {
				var rep schemavalidate.Report
				if json.Unmarshal(o.Failure.Payload, &rep) == nil {
					o.Report = &rep
				}
			}
		}
		return nil
	}
	o.Failure = &sdk.Failure{Type: sdk.ErrInternal, Status: 500, Message: err.Error(), Cause: err}
	return nil
}

func (o *Outcome) failWith(f *sdk.Failure) error {
	o.Failure = f
	return nil
}

// invalid records an invalid action input or output (--validation).
func (o *Outcome) invalid(err error) error {
	var inv *records.InvalidActionError
	if errors.As(err, &inv) {
		rep := inv.Report()
		o.Report = &rep
		payload, _ := json.Marshal(rep)
		o.Failure = &sdk.Failure{Type: inv.Code(), Status: 500, Message: inv.Error(), Payload: payload, Validation: true}
		return nil
	}
	o.Failure = &sdk.Failure{Type: sdk.ErrInternal, Status: 500, Message: err.Error(), Cause: err}
	return nil
}
