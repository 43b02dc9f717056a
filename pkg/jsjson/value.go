// Package jsjson holds JSON values the way a JavaScript engine sees them, and writes them the
// way JavaScript's JSON.stringify does.
//
// Recorded responses are named by the SHA-1 of JSON text that Node produced, and recorded
// records are compared with JavaScript equality rules, so Go's encoding/json is not enough:
// it sorts map keys, escapes <, > and &, writes numbers in Go's format and has no notion of
// undefined, -0 or JavaScript's property order (integer-like keys first). Value keeps all of
// that: objects keep JavaScript's property order, numbers are float64 like JavaScript's,
// Undefined and Date exist so that a runtime can hand over values that JSON text would lose.
//
// It lives in pkg/ because the public nango.yaml parser (pkg/nangoyaml) prints its results
// with it too: one place for JSON.stringify's quoting and JavaScript's number format.
package jsjson

import (
	"math"
	"strconv"
)

// Kind is the JavaScript type of a Value.
type Kind uint8

const (
	Undefined Kind = iota // the zero Value
	Null
	Bool
	Number
	String
	Array
	Object
	// Date is a JavaScript Date; Num holds its time value in milliseconds since the epoch
	// (NaN for an invalid date). JSON.stringify writes it as an ISO string.
	Date
)

func (k Kind) String() string {
	switch k {
	case Undefined:
		return "undefined"
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	case Date:
		return "Date"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one JavaScript value. The zero Value is undefined.
//
// Strings are UTF-8; a lone UTF-16 surrogate (which JavaScript strings may hold) is kept as
// its 3-byte generalised UTF-8 form (WTF-8) so that it survives a round trip.
type Value struct {
	Kind    Kind
	Bool    bool
	Num     float64 // Number, or the time value of a Date
	Str     string
	Items   []Value  // Array elements
	Members []Member // Object properties, in JavaScript property order
}

// Member is one property of an object.
type Member struct {
	Key   string
	Value Value
}

// Constructors, for runtimes and tests that build values directly.

func UndefinedValue() Value           { return Value{} }
func NullValue() Value                { return Value{Kind: Null} }
func BoolValue(b bool) Value          { return Value{Kind: Bool, Bool: b} }
func NumberValue(f float64) Value     { return Value{Kind: Number, Num: f} }
func StringValue(s string) Value      { return Value{Kind: String, Str: s} }
func ArrayValue(items ...Value) Value { return Value{Kind: Array, Items: items} }

// DateValue is a Date with the given time value (milliseconds since the epoch).
func DateValue(ms float64) Value { return Value{Kind: Date, Num: ms} }

// ObjectValue builds an object from members given in insertion order; the members are
// arranged in JavaScript property order (see Set).
func ObjectValue(members ...Member) Value {
	v := Value{Kind: Object}
	for _, m := range members {
		v.Set(m.Key, m.Value)
	}
	return v
}

// Set assigns a property like JavaScript's obj[key] = value: an existing key keeps its
// place, a new integer-like key ("0", "17", up to 2^32-2) goes among the other integer-like
// keys in ascending order, any other new key goes last.
func (v *Value) Set(key string, val Value) {
	for i := range v.Members {
		if v.Members[i].Key == key {
			v.Members[i].Value = val
			return
		}
	}
	idx, isIndex := ArrayIndex(key)
	if !isIndex {
		v.Members = append(v.Members, Member{key, val})
		return
	}
	pos := 0
	for pos < len(v.Members) {
		other, ok := ArrayIndex(v.Members[pos].Key)
		if !ok || other > idx {
			break
		}
		pos++
	}
	v.Members = append(v.Members, Member{})
	copy(v.Members[pos+1:], v.Members[pos:])
	v.Members[pos] = Member{key, val}
}

// Get returns the property named key and whether the object has it. A value that is not an
// object has no properties here (arrays: use Items).
func (v Value) Get(key string) (Value, bool) {
	for _, m := range v.Members {
		if m.Key == key {
			return m.Value, true
		}
	}
	return Value{}, false
}

// Truthy reports whether JavaScript treats the value as true in a condition.
func (v Value) Truthy() bool {
	switch v.Kind {
	case Undefined, Null:
		return false
	case Bool:
		return v.Bool
	case Number:
		return v.Num != 0 && !math.IsNaN(v.Num)
	case String:
		return v.Str != ""
	}
	return true
}

// ArrayIndex reports whether key is a canonical array index ("0", "1", ... "4294967294"),
// the keys JavaScript orders numerically before all other keys of an object.
func ArrayIndex(key string) (uint32, bool) {
	if key == "" || len(key) > 10 || (len(key) > 1 && key[0] == '0') {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n > math.MaxUint32-1 {
		return 0, false
	}
	return uint32(n), true
}
