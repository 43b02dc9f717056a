package proxy

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// interpolate fills the catalog's `${…}` placeholders (base URLs, proxy.headers,
// proxy.query, token URLs) from data: `${a.b}` is a dotted lookup, `${base64(…)}` encodes
// its interpolated argument, and `left || right` takes the right side when the left one
// does not fully resolve. ok is false when a placeholder stayed unresolved (the text keeps
// it as written).
func interpolate(tmpl string, data map[string]any) (out string, ok bool) {
	if left, right, found := strings.Cut(tmpl, " || "); found {
		if l, lok := interpolate(strings.TrimSpace(left), data); lok {
			return l, true
		}
		return interpolate(strings.TrimSpace(right), data)
	}
	var b strings.Builder
	ok = true
	for {
		i := strings.Index(tmpl, "${")
		if i < 0 {
			b.WriteString(tmpl)
			return b.String(), ok
		}
		b.WriteString(tmpl[:i])
		end := closing(tmpl, i+2)
		if end < 0 {
			b.WriteString(tmpl[i:])
			return b.String(), false
		}
		expr := tmpl[i+2 : end]
		v, vok := evaluate(expr, data)
		if !vok {
			ok = false
			v = tmpl[i : end+1]
		}
		b.WriteString(v)
		tmpl = tmpl[end+1:]
	}
}

// closing finds the `}` that ends a placeholder opened before from, skipping nested ones.
func closing(s string, from int) int {
	depth := 0
	for j := from; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return j
			}
			depth--
		}
	}
	return -1
}

func evaluate(expr string, data map[string]any) (string, bool) {
	expr = strings.TrimSpace(expr)
	if strings.HasPrefix(expr, "base64(") && strings.HasSuffix(expr, ")") {
		inner, ok := interpolate(expr[len("base64("):len(expr)-1], data)
		return base64.StdEncoding.EncodeToString([]byte(inner)), ok
	}
	v, ok := lookup(data, expr)
	if !ok || v == nil {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, x != ""
	case map[string]any, []any:
		return "", false
	default:
		return fmt.Sprint(x), true
	}
}

func lookup(data map[string]any, path string) (any, bool) {
	var cur any = data
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}
