package schemavalidate

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2/v2"
)

// limitNames are the number limits in the order ajv checks them (its limitNumber keyword
// lists them so), with the comparison its message and params show.
var limitNames = [4]struct{ keyword, comparison string }{
	{"maximum", "<="}, {"minimum", ">="}, {"exclusiveMaximum", "<"}, {"exclusiveMinimum", ">"},
}

// numberKeyword compiles minimum, maximum, exclusiveMinimum, exclusiveMaximum (draft-07:
// numbers, as zod writes them) and multipleOf.
func (n *schemaNode) numberKeyword(k string, v json.RawMessage, p string) error {
	var f float64
	if err := json.Unmarshal(v, &f); err != nil {
		return &CompileError{Path: p, Msg: k + " must be a number"}
	}
	if k == "multipleOf" {
		if f <= 0 {
			return &CompileError{Path: p, Msg: "multipleOf must be a number greater than 0"}
		}
		n.multipleOf = f
		return nil
	}
	for i, l := range limitNames {
		if l.keyword == k {
			n.limits[i], n.hasLimit[i] = f, true
		}
	}
	return nil
}

// numberFails reports whether x fails limit i (ajv: maximum fails on x > limit, and so on).
func (n *schemaNode) numberFails(i int, x float64) bool {
	l := n.limits[i]
	switch i {
	case 0:
		return x > l
	case 1:
		return x < l
	case 2:
		return x >= l
	}
	return x <= l
}

// notMultiple follows ajv's multipleOf test without multipleOfPrecision:
// x/m !== parseInt(x/m), where parseInt reads the number's JavaScript text (so a
// quotient written with an exponent is never an integer unless it is 1e+21-like 1).
func notMultiple(x, m float64) bool {
	r := x / m
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return true
	}
	if r != math.Trunc(r) {
		return true
	}
	return math.Abs(r) >= 1e21
}

func (n *schemaNode) stringKeyword(k string, v json.RawMessage, p string) error {
	switch k {
	case "minLength":
		return setCount(v, p, k, &n.minLength)
	case "maxLength":
		return setCount(v, p, k, &n.maxLength)
	}
	if err := json.Unmarshal(v, &n.pattern); err != nil {
		return &CompileError{Path: p, Msg: "pattern must be a string"}
	}
	// ajv builds new RegExp(pattern, "u"): ECMAScript syntax (lookarounds included, which
	// zod's email pattern uses), matched anywhere in the string.
	re, err := regexp2.Compile(n.pattern, regexp2.ECMAScript|regexp2.Unicode)
	if err != nil {
		return &CompileError{Path: p, Msg: fmt.Sprintf("pattern %q is not a valid regular expression: %v", n.pattern, err)}
	}
	re.MatchTimeout = 2 * time.Second
	n.patternRe = re
	return nil
}

// matchPattern reports whether s matches the node's pattern; a match that runs out of
// time counts as a failure rather than a pass.
func (n *schemaNode) matchPattern(s string) bool {
	ok, err := n.patternRe.MatchString(s)
	return ok && err == nil
}

// setCount reads the non-negative integer of minLength, maxLength, minItems or maxItems.
func setCount(v json.RawMessage, p, k string, dst *int) error {
	var f float64
	if err := json.Unmarshal(v, &f); err != nil || f < 0 || f != math.Trunc(f) || f > math.MaxInt32 {
		return &CompileError{Path: p, Msg: k + " must be a non-negative integer"}
	}
	*dst = int(f)
	return nil
}

// jsNumber formats f as JavaScript's String(f) does, for messages like "must be <= 5".
func jsNumber(f float64) string {
	if f == 0 {
		return "0"
	}
	a := math.Abs(f)
	if a >= 1e21 || a < 1e-6 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		if !strings.HasPrefix(exp, "-") {
			exp = "+" + strings.TrimPrefix(exp, "+")
		}
		exp = strings.Replace(strings.Replace(exp, "+0", "+", 1), "-0", "-", 1)
		return mant + "e" + exp
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// ucs2Length counts characters as ajv's ucs2length does: by code point, a surrogate pair
// being one character.
func ucs2Length(s string) int {
	return utf8.RuneCountInString(s)
}

// limitError is the keyword and message of the errors of zod's extra keywords, in ajv's
// words; it fills params as ajv does.
func (s *schemaNode) limitError(kw keyword, extra int, params map[string]any) (string, string) {
	switch kw {
	case kwLimitNumber:
		l := limitNames[extra]
		params["comparison"], params["limit"] = l.comparison, s.limits[extra]
		return l.keyword, "must be " + l.comparison + " " + jsNumber(s.limits[extra])
	case kwMultipleOf:
		params["multipleOf"] = s.multipleOf
		return "multipleOf", "must be multiple of " + jsNumber(s.multipleOf)
	case kwLimitLength, kwLimitItems:
		name, limit, what := "maxLength", s.maxLength, "characters"
		if kw == kwLimitItems {
			name, limit, what = "maxItems", s.maxItems, "items"
		}
		cmp := "more"
		if extra == 1 {
			name, cmp = strings.Replace(name, "max", "min", 1), "fewer"
			limit = map[bool]int{true: s.minLength, false: s.minItems}[kw == kwLimitLength]
		}
		params["limit"] = limit
		return name, fmt.Sprintf("must NOT have %s than %d %s", cmp, limit, what)
	case kwPattern:
		params["pattern"] = s.pattern
		return "pattern", `must match pattern "` + s.pattern + `"`
	}
	if extra < 0 {
		params["passingSchemas"] = nil
	} else {
		params["passingSchemas"] = []int{extra >> 16, extra & 0xffff}
	}
	return "oneOf", "must match exactly one schema in oneOf"
}
