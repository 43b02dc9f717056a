// Package verdict judges a replayed script against its recordings with the rules of Nango's
// test harness (verdict_test.go has a case for each rule): an action's output must deep-equal output.json with
// Jest's toEqual rules; a sync's records, per model, concatenated over its batchSave calls and
// passed through a JSON round trip, must strictly equal <Model>/batchSave.json; a non-empty
// batchDelete.json must equal the records of some batchDelete call. A failure says where:
// the path of the first differing field, the two values, and for long lists how many items
// differ.
package verdict

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/pkg/jsjson"
)

// Mode chooses the equality rules.
type Mode uint8

const (
	// ToEqual is Jest's toEqual: properties whose value is undefined are ignored, key order
	// does not matter, arrays compare element by element, primitives with Object.is (NaN
	// equals NaN, 0 does not equal -0), a Date equals a Date with the same valid time.
	ToEqual Mode = iota
	// StrictEqual is toStrictEqual on values that went through a JSON round trip: as ToEqual,
	// but an undefined property is not the same as a missing one.
	StrictEqual
)

// Difference is where two values first differ.
type Difference struct {
	Path     string       // e.g. records[3].address.city
	Expected jsjson.Value // undefined when ExpectedAbsent
	Actual   jsjson.Value // undefined when ActualAbsent
	// ExpectedAbsent / ActualAbsent: the property does not exist on that side (as opposed to
	// existing with the value undefined).
	ExpectedAbsent bool
	ActualAbsent   bool
	// Note explains differences that are not about one value (array lengths).
	Note string
}

// String is the one-line description: `records[3].address.city: expected "Paris", got "Lyon"`.
func (d *Difference) String() string {
	if d == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(d.Path)
	b.WriteString(": ")
	if d.Note != "" {
		b.WriteString(d.Note)
		return b.String()
	}
	switch {
	case d.ActualAbsent:
		b.WriteString("expected " + Render(d.Expected) + ", but the field is missing")
	case d.ExpectedAbsent:
		b.WriteString("unexpected field with value " + Render(d.Actual))
	default:
		b.WriteString("expected " + Render(d.Expected) + ", got " + Render(d.Actual))
	}
	return b.String()
}

// Equal reports whether expected and actual are equal under mode.
func Equal(mode Mode, expected, actual jsjson.Value) bool {
	return Compare(mode, "", expected, actual) == nil
}

// Compare returns the first difference between expected and actual under mode, or nil.
// root names the compared value in the path ("output", "Contact").
func Compare(mode Mode, root string, expected, actual jsjson.Value) *Difference {
	c := comparer{mode: mode, root: root}
	return c.compare(expected, actual)
}

// comparer keeps the path to the values being compared as a stack of steps, turned into
// text only when a difference is found: most comparisons succeed, and 100,000 records
// should not cost a path allocation per field.
type comparer struct {
	mode  Mode
	root  string
	steps []step
}

type step struct {
	key   string
	index int // -1 for a key step
}

func (c *comparer) push(s step) { c.steps = append(c.steps, s) }
func (c *comparer) pop()        { c.steps = c.steps[:len(c.steps)-1] }

var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// path renders the current position, with extra appended: records[3].address.city.
func (c *comparer) path(extra ...step) string {
	var b strings.Builder
	b.WriteString(c.root)
	for _, s := range append(append([]step(nil), c.steps...), extra...) {
		switch {
		case s.index >= 0:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		case identifier.MatchString(s.key):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		default:
			b.Write(jsjson.AppendQuoted([]byte("["), s.key))
			b.WriteByte(']')
		}
	}
	if b.Len() == 0 {
		return "(root)"
	}
	return b.String()
}

func (c *comparer) compare(e, a jsjson.Value) *Difference {
	if e.Kind != a.Kind {
		return &Difference{Path: c.path(), Expected: e, Actual: a}
	}
	switch e.Kind {
	case jsjson.Undefined, jsjson.Null:
		return nil
	case jsjson.Bool:
		if e.Bool == a.Bool {
			return nil
		}
	case jsjson.String:
		if e.Str == a.Str {
			return nil
		}
	case jsjson.Number:
		if sameNumber(e.Num, a.Num) {
			return nil
		}
	case jsjson.Date:
		// Jest compares dates with +a == +b: two invalid dates differ.
		if e.Num == a.Num {
			return nil
		}
	case jsjson.Array:
		n := min(len(e.Items), len(a.Items))
		for i := 0; i < n; i++ {
			c.push(step{index: i})
			d := c.compare(e.Items[i], a.Items[i])
			c.pop()
			if d != nil {
				return d
			}
		}
		if len(e.Items) != len(a.Items) {
			d := &Difference{Path: c.path(), Expected: e, Actual: a,
				Note: "expected " + text.Pluralize(len(e.Items), "item") + ", got " + strconv.Itoa(len(a.Items))}
			if len(e.Items) > n {
				d.Note += "; first missing: [" + strconv.Itoa(n) + "] " + Render(e.Items[n])
			} else {
				d.Note += "; first extra: [" + strconv.Itoa(n) + "] " + Render(a.Items[n])
			}
			return d
		}
		return nil
	case jsjson.Object:
		return c.compareObjects(e, a)
	}
	return &Difference{Path: c.path(), Expected: e, Actual: a}
}

func (c *comparer) compareObjects(e, a jsjson.Value) *Difference {
	// Small objects: linear lookups beat building a map.
	var index map[string]int
	if len(a.Members) > 12 {
		index = make(map[string]int, len(a.Members))
		for i, m := range a.Members {
			index[m.Key] = i
		}
	}
	find := func(key string) (jsjson.Value, bool) {
		if index != nil {
			i, ok := index[key]
			if !ok {
				return jsjson.Value{}, false
			}
			return a.Members[i].Value, true
		}
		return a.Get(key)
	}
	matched := 0
	for _, m := range e.Members {
		av, ok := find(m.Key)
		if ok {
			matched++
		}
		if c.mode == ToEqual && m.Value.Kind == jsjson.Undefined && (!ok || av.Kind == jsjson.Undefined) {
			continue
		}
		if !ok {
			if c.mode == ToEqual && m.Value.Kind == jsjson.Undefined {
				continue
			}
			return &Difference{Path: c.path(step{key: m.Key, index: -1}), Expected: m.Value, ActualAbsent: true}
		}
		if c.mode == ToEqual && av.Kind == jsjson.Undefined {
			// undefined counts as missing under toEqual
			return &Difference{Path: c.path(step{key: m.Key, index: -1}), Expected: m.Value, ActualAbsent: true}
		}
		c.push(step{key: m.Key, index: -1})
		d := c.compare(m.Value, av)
		c.pop()
		if d != nil {
			return d
		}
	}
	if matched == len(a.Members) {
		return nil
	}
	// Keys only the actual value has.
	for _, m := range a.Members {
		if _, ok := e.Get(m.Key); ok {
			continue
		}
		if c.mode == ToEqual && m.Value.Kind == jsjson.Undefined {
			continue
		}
		return &Difference{Path: c.path(step{key: m.Key, index: -1}), Actual: m.Value, ExpectedAbsent: true}
	}
	return nil
}

// sameNumber is Object.is for numbers.
func sameNumber(a, b float64) bool {
	if math.IsNaN(a) && math.IsNaN(b) {
		return true
	}
	return a == b && math.Signbit(a) == math.Signbit(b)
}

// Render shows a value in a message: JSON, shortened past 80 characters, with the JavaScript
// names for what JSON cannot show.
func Render(v jsjson.Value) string {
	switch v.Kind {
	case jsjson.Undefined:
		return "undefined"
	case jsjson.Number:
		if v.Num == 0 && math.Signbit(v.Num) {
			return "-0"
		}
		return jsjson.FormatNumber(v.Num)
	case jsjson.Date:
		if iso, ok := jsjson.ISODate(v.Num); ok {
			return "Date(" + iso + ")"
		}
		return "Date(Invalid Date)"
	}
	s := string(jsjson.MustStringify(v))
	const max = 80
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		return s[:cut] + "…"
	}
	return s
}
