package sdk

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/records"
)

// Logs and records: nango.log lines to Options.Log, batch calls into the records.Store.

func (n *Nango) log(call goja.FunctionCall) goja.Value {
	if n.opts.Log == nil {
		return goja.Undefined()
	}
	level := call.Argument(0).String()
	arr := call.Argument(1).ToObject(n.rt.VM())
	parts := make([]string, arr.Get("length").ToInteger())
	for i := range parts {
		a := arr.Get(fmt.Sprint(i))
		if s, ok := a.Export().(string); ok {
			parts[i] = s
			continue
		}
		parts[i] = n.rt.Inspect(a)
	}
	n.opts.Log(jsruntime.LogLevel(level), strings.Join(parts, " "))
	return goja.Undefined()
}

func statusText(status int) string { return http.StatusText(status) }

// batch records one batchSave/batchUpdate/batchDelete call. An invalid record with
// --validation throws the reference's invalid_sync_record error.
func (n *Nango) batch(op, model string, recs goja.Value) goja.Value {
	vm := n.rt.VM()
	if n.opts.Store == nil {
		n.rt.Throw(fmt.Errorf("batch%s is only available in syncs", strings.ToUpper(op[:1])+op[1:]))
	}
	text, err := n.recordsJSON(recs)
	if err != nil {
		n.rt.Throw(err)
	}
	switch records.Op(op) {
	case records.OpSave:
		err = n.opts.Store.Save(model, text)
	case records.OpUpdate:
		err = n.opts.Store.Update(model, text)
	case records.OpDelete:
		err = n.opts.Store.Delete(model, text)
	default:
		err = fmt.Errorf("unknown batch operation %q", op)
	}
	if err == nil && n.opts.OnBatch != nil {
		err = n.opts.OnBatch(records.Op(op), model, string(text))
	}
	if err != nil {
		var inv *records.InvalidRecordError
		if errors.As(err, &inv) {
			report, _ := json.Marshal(inv.Report())
			payload, perr := n.rt.FromJSON(report)
			if perr != nil {
				payload = goja.Undefined()
			}
			e := n.rt.NewError(inv.Error(), map[string]any{"name": "NangoError", "code": inv.Code(), "type": inv.Code(), "payload": payload})
			panic(e)
		}
		n.rt.Throw(err)
	}
	return vm.ToValue(true)
}
