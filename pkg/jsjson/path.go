package jsjson

import (
	"strconv"
	"strings"
)

// GetPath reads a property path the way lodash's get does, which is how Nango reads
// response_path, cursor_path_in_response and link_path_in_response_body: "a.b[0].c", or a
// key that itself contains dots when the object has such a key. An empty path is the value
// itself. A missing step gives undefined.
func GetPath(v Value, path string) Value {
	if path == "" {
		return v
	}
	if v.Kind == Object {
		if m, ok := v.Get(path); ok {
			return m
		}
	}
	cur := v
	for _, step := range splitPath(path) {
		switch cur.Kind {
		case Object:
			next, ok := cur.Get(step)
			if !ok {
				return Value{}
			}
			cur = next
		case Array:
			if step == "length" {
				cur = NumberValue(float64(len(cur.Items)))
				continue
			}
			i, ok := ArrayIndex(step)
			if !ok || int(i) >= len(cur.Items) {
				return Value{}
			}
			cur = cur.Items[i]
		case String:
			if step == "length" {
				cur = NumberValue(float64(UTF16Len(cur.Str)))
				continue
			}
			return Value{}
		default:
			return Value{}
		}
	}
	return cur
}

// splitPath splits "a.b[0]['c.d']" into ["a" "b" "0" "c.d"] like lodash's stringToPath.
func splitPath(path string) []string {
	var steps []string
	var cur strings.Builder
	flush := func() {
		steps = append(steps, cur.String())
		cur.Reset()
	}
	if strings.HasPrefix(path, ".") {
		steps = append(steps, "")
	}
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch c {
		case '.':
			if i > 0 && path[i-1] != ']' {
				flush()
			}
		case '[':
			if i > 0 && path[i-1] != ']' && path[i-1] != '.' {
				flush()
			}
			end := strings.IndexByte(path[i:], ']')
			if end < 0 {
				cur.WriteString(path[i:])
				i = len(path)
				continue
			}
			inner := path[i+1 : i+end]
			if len(inner) >= 2 && (inner[0] == '"' || inner[0] == '\'') && inner[len(inner)-1] == inner[0] {
				if u, err := strconv.Unquote(`"` + inner[1:len(inner)-1] + `"`); err == nil {
					inner = u
				} else {
					inner = inner[1 : len(inner)-1]
				}
			}
			steps = append(steps, inner)
			i += end
		default:
			cur.WriteByte(c)
		}
	}
	if cur.Len() > 0 || (len(path) > 0 && path[len(path)-1] == '.') {
		flush()
	}
	return steps
}
