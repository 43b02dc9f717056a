package verdict

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/pkg/jsjson"
)

// Failure is one reason a script fails its test.
type Failure struct {
	// Subject is what was judged: "output" for an action, "batchSave" or "batchDelete" for
	// a sync (Model names the model).
	Subject string
	Model   string
	// First is the first difference (nil when the failure is not a value difference, e.g.
	// batchDelete never called). Its path starts with "output" or the model name.
	First *Difference
	// Summary adds context for lists: how many records differ, lengths, order-only changes.
	Summary string
}

// String is the readable form: the first difference, then the summary on the next line:
//
//	batchSave Contact[3].address.city: expected "Paris", got "Lyon"
//	  2 of 118 records differ ([3], [50]); expected 120 records, got 118
func (f Failure) String() string {
	var b strings.Builder
	if f.Subject != "output" {
		b.WriteString(f.Subject + " ")
	}
	switch {
	case f.First != nil:
		b.WriteString(f.First.String())
		if f.Summary != "" {
			b.WriteString("\n  " + f.Summary)
		}
	default:
		if f.Model != "" {
			b.WriteString(f.Model + ": ")
		}
		b.WriteString(f.Summary)
	}
	return b.String()
}

// Verdict is the judgement of one script.
type Verdict struct {
	Pass     bool
	Failures []Failure
}

// Report is the failures, one block per subject ("" when the script passed).
func (v Verdict) Report() string {
	var lines []string
	for _, f := range v.Failures {
		lines = append(lines, f.String())
	}
	return strings.Join(lines, "\n")
}

func verdictOf(failures []Failure) Verdict {
	return Verdict{Pass: len(failures) == 0, Failures: failures}
}

// JudgeAction compares what the action returned with output.json using toEqual rules. The
// runtime gives actual either parsed from JSON.stringify(output) (undefined output: an
// undefined Value) or converted directly from the JavaScript value, which keeps undefined
// properties and Dates as toEqual sees them.
func JudgeAction(expected, actual jsjson.Value) Verdict {
	if d := Compare(ToEqual, "output", expected, actual); d != nil {
		return verdictOf([]Failure{{Subject: "output", First: d}})
	}
	return verdictOf(nil)
}

// SyncCalls collects what a replayed sync passed to batchSave and batchDelete, per model,
// in call order. The runtime feeds it the JSON text of each call's records array
// (JSON.stringify(records)): that text is the JSON round trip the sync verdict compares
// after. Safe for concurrent use.
type SyncCalls struct {
	mu      sync.Mutex
	saves   map[string][]jsjson.Value   // model → records of every call, concatenated
	deletes map[string][][]jsjson.Value // model → records of each call
	order   []string
}

// NewSyncCalls is an empty collector.
func NewSyncCalls() *SyncCalls {
	return &SyncCalls{saves: map[string][]jsjson.Value{}, deletes: map[string][][]jsjson.Value{}}
}

// BatchSave records one batchSave(records, model) call.
func (c *SyncCalls) BatchSave(model, recordsJSON string) error {
	items, err := parseRecords("batchSave", model, recordsJSON)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.note(model)
	c.saves[model] = append(c.saves[model], items...)
	return nil
}

// BatchDelete records one batchDelete(records, model) call.
func (c *SyncCalls) BatchDelete(model, recordsJSON string) error {
	items, err := parseRecords("batchDelete", model, recordsJSON)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.note(model)
	c.deletes[model] = append(c.deletes[model], items)
	return nil
}

func (c *SyncCalls) note(model string) {
	if _, ok := c.saves[model]; ok {
		return
	}
	if _, ok := c.deletes[model]; ok {
		return
	}
	c.order = append(c.order, model)
}

// Saved is the concatenated records saved for model.
func (c *SyncCalls) Saved(model string) []jsjson.Value {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.saves[model]
}

// Models lists the models the sync saved or deleted records of, in first-call order.
func (c *SyncCalls) Models() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.order...)
}

func parseRecords(call, model, text string) ([]jsjson.Value, error) {
	v, err := jsjson.ParseString(text)
	if err != nil {
		return nil, fmt.Errorf("%s(records, %q): %w", call, model, err)
	}
	if v.Kind != jsjson.Array {
		return nil, fmt.Errorf("%s(records, %q): records must be an array, got %s", call, model, v.Kind)
	}
	return v.Items, nil
}

// ModelExpectation is what the recordings say about one output model of a sync.
type ModelExpectation struct {
	Model string
	// Save is batchSave.json (an array).
	Save jsjson.Value
	// Delete is batchDelete.json; checked only when it is a non-empty array.
	Delete jsjson.Value
}

// LoadSyncExpectations reads batchSave.json (required) and batchDelete.json (optional) of
// every output model of script. A missing batchSave.json is a *mocks.MissingFileError.
func LoadSyncExpectations(l mocks.Layout, script string, models []string) ([]ModelExpectation, error) {
	out := make([]ModelExpectation, 0, len(models))
	for _, m := range models {
		save, err := l.ReadBatchSave(script, m)
		if err != nil {
			return nil, err
		}
		del, _, err := l.ReadBatchDelete(script, m)
		if err != nil {
			return nil, err
		}
		out = append(out, ModelExpectation{Model: m, Save: save, Delete: del})
	}
	return out, nil
}

// JudgeSync applies the sync rules to every expected model: the concatenated saved records
// strictly equal batchSave.json; a non-empty batchDelete.json equals (toEqual) the records of
// some batchDelete call for the model.
func JudgeSync(expected []ModelExpectation, calls *SyncCalls) Verdict {
	var failures []Failure
	for _, exp := range expected {
		calls.mu.Lock()
		saved := calls.saves[exp.Model]
		deleted := calls.deletes[exp.Model]
		calls.mu.Unlock()
		if f, ok := judgeRecords(exp.Model, exp.Save, saved); !ok {
			failures = append(failures, f)
		}
		if exp.Delete.Kind == jsjson.Array && len(exp.Delete.Items) > 0 {
			if f, ok := judgeDeletes(exp.Model, exp.Delete, deleted); !ok {
				failures = append(failures, f)
			}
		}
	}
	return verdictOf(failures)
}

func judgeRecords(model string, expected jsjson.Value, saved []jsjson.Value) (Failure, bool) {
	subject := "batchSave"
	if expected.Kind != jsjson.Array {
		return Failure{Subject: subject, Model: model, Summary: "batchSave.json must hold an array of records, it holds " + expected.Kind.String()}, false
	}
	actual := jsjson.Value{Kind: jsjson.Array, Items: saved}
	if actual.Items == nil {
		actual.Items = []jsjson.Value{}
	}
	d := Compare(StrictEqual, model, expected, actual)
	if d == nil {
		return Failure{}, true
	}
	return Failure{Subject: subject, Model: model, First: d, Summary: summarizeList("record", expected.Items, saved)}, false
}

func judgeDeletes(model string, expected jsjson.Value, calls [][]jsjson.Value) (Failure, bool) {
	subject := "batchDelete"
	if len(calls) == 0 {
		return Failure{Subject: subject, Model: model, Summary: fmt.Sprintf("never called; expected a call with %s", text.Pluralize(len(expected.Items), "record"))}, false
	}
	var closest *Difference
	for _, call := range calls {
		d := Compare(ToEqual, model, expected, jsjson.Value{Kind: jsjson.Array, Items: call})
		if d == nil {
			return Failure{}, true
		}
		if closest == nil || (d.Note == "" && closest.Note != "") {
			closest = d
		}
	}
	return Failure{Subject: subject, Model: model, First: closest,
		Summary: fmt.Sprintf("no batchDelete call for %s received exactly the recorded records (%s)", model, text.Pluralize(len(calls), "call"))}, false
}

// summarizeList describes how two long lists differ: how many positions differ, the
// lengths, and whether the same items merely came in another order.
func summarizeList(noun string, expected, actual []jsjson.Value) string {
	n := min(len(expected), len(actual))
	var differing []int
	for i := 0; i < n; i++ {
		if !Equal(StrictEqual, expected[i], actual[i]) {
			differing = append(differing, i)
		}
	}
	var parts []string
	if len(differing) > 0 {
		shown := differing
		if len(shown) > 5 {
			shown = shown[:5]
		}
		idx := make([]string, len(shown))
		for i, d := range shown {
			idx[i] = "[" + strconv.Itoa(d) + "]"
		}
		more := ""
		if len(differing) > len(shown) {
			more = ", …"
		}
		parts = append(parts, fmt.Sprintf("%d of %s differ (%s%s)", len(differing), text.Pluralize(n, noun), strings.Join(idx, ", "), more))
	}
	if len(expected) != len(actual) {
		parts = append(parts, fmt.Sprintf("expected %s, got %d", text.Pluralize(len(expected), noun), len(actual)))
	}
	if len(expected) == len(actual) && len(differing) > 0 && sameMultiset(expected, actual) {
		parts = append(parts, "the same "+noun+"s in a different order (order matters)")
	}
	return strings.Join(parts, "; ")
}

// sameMultiset reports whether both lists hold the same items regardless of order (items
// compared by a canonical text with sorted keys).
func sameMultiset(a, b []jsjson.Value) bool {
	count := map[string]int{}
	for _, v := range a {
		count[canonical(v)]++
	}
	for _, v := range b {
		k := canonical(v)
		if count[k] == 0 {
			return false
		}
		count[k]--
	}
	return true
}

func canonical(v jsjson.Value) string {
	if v.Kind == jsjson.Object {
		ms := append([]jsjson.Member(nil), v.Members...)
		sort.Slice(ms, func(i, j int) bool { return ms[i].Key < ms[j].Key })
		var b strings.Builder
		b.WriteByte('{')
		for i, m := range ms {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(jsjson.AppendQuoted(nil, m.Key))
			b.WriteByte(':')
			b.WriteString(canonical(m.Value))
		}
		b.WriteByte('}')
		return b.String()
	}
	if v.Kind == jsjson.Array {
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = canonical(it)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	if v.Kind == jsjson.Number && v.Num == 0 && math.Signbit(v.Num) {
		return "-0"
	}
	return string(jsjson.MustStringify(v)) + "\x00" + v.Kind.String()
}

// MissingRecording reports whether err (from loading expectations or from a replayed
// request) is a recording that does not exist, as opposed to a script failure.
func MissingRecording(err error) bool {
	var mf *mocks.MissingFileError
	var mr *mocks.MissingRecordingError
	return errors.As(err, &mf) || errors.As(err, &mr)
}
