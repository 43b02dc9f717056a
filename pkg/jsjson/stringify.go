package jsjson

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Stringify writes v as JSON.stringify(v) does: compact, properties in JavaScript order,
// undefined properties left out, undefined array items as null, NaN and ±Infinity as null,
// Dates as ISO strings, numbers in JavaScript's shortest round-trip form, no HTML escaping.
// A top-level undefined gives "undefined"'s JSON.stringify result, which is no text at all:
// ok is false then.
func Stringify(v Value) (text []byte, ok bool) {
	if v.Kind == Undefined {
		return nil, false
	}
	return AppendJSON(nil, v), true
}

// MustStringify is Stringify for values known not to be undefined; undefined gives "null".
func MustStringify(v Value) []byte {
	if v.Kind == Undefined {
		return []byte("null")
	}
	return AppendJSON(nil, v)
}

// AppendJSON appends the compact JSON text of v (undefined is written as null).
func AppendJSON(dst []byte, v Value) []byte {
	switch v.Kind {
	case Undefined, Null:
		return append(dst, "null"...)
	case Bool:
		if v.Bool {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case Number:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			return append(dst, "null"...)
		}
		return AppendNumber(dst, v.Num)
	case String:
		return AppendQuoted(dst, v.Str)
	case Date:
		iso, ok := ISODate(v.Num)
		if !ok {
			return append(dst, "null"...)
		}
		return AppendQuoted(dst, iso)
	case Array:
		dst = append(dst, '[')
		for i, it := range v.Items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSON(dst, it)
		}
		return append(dst, ']')
	case Object:
		dst = append(dst, '{')
		first := true
		eachMember(v.Members, func(m Member) {
			if m.Value.Kind == Undefined {
				return
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = AppendQuoted(dst, m.Key)
			dst = append(dst, ':')
			dst = AppendJSON(dst, m.Value)
		})
		return append(dst, '}')
	}
	return append(dst, "null"...)
}

// Indent writes v as JSON.stringify(v, null, indent) does (the layout of Nango's recorded
// files uses an indent of 2), followed by no newline. Undefined gives "null".
func Indent(v Value, indent string) []byte {
	return appendIndent(nil, v, indent, "")
}

func appendIndent(dst []byte, v Value, indent, prefix string) []byte {
	switch v.Kind {
	case Array:
		if len(v.Items) == 0 {
			return append(dst, "[]"...)
		}
		inner := prefix + indent
		dst = append(dst, '[')
		for i, it := range v.Items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '\n')
			dst = append(dst, inner...)
			dst = appendIndent(dst, it, indent, inner)
		}
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		return append(dst, ']')
	case Object:
		inner := prefix + indent
		dst = append(dst, '{')
		n := 0
		eachMember(v.Members, func(m Member) {
			if m.Value.Kind == Undefined {
				return
			}
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			dst = append(dst, '\n')
			dst = append(dst, inner...)
			dst = AppendQuoted(dst, m.Key)
			dst = append(dst, ':', ' ')
			dst = appendIndent(dst, m.Value, indent, inner)
		})
		if n == 0 {
			return append(dst, '}')
		}
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		return append(dst, '}')
	}
	return AppendJSON(dst, v)
}

// eachMember visits members in JavaScript property order even when the slice was built out
// of order (integer-like keys first, ascending; then the rest as stored).
func eachMember(ms []Member, f func(Member)) {
	hasIndex := false
	for _, m := range ms {
		if _, ok := ArrayIndex(m.Key); ok {
			hasIndex = true
			break
		}
	}
	if !hasIndex {
		for _, m := range ms {
			f(m)
		}
		return
	}
	sorted := append([]Member(nil), ms...)
	orderIndexKeysFirst(sorted)
	for _, m := range sorted {
		f(m)
	}
}

const hexDigits = "0123456789abcdef"

// AppendQuoted appends s as a JSON string literal the way JSON.stringify quotes it: only ",
// \ and control characters are escaped (\b \f \n \r \t by name, others as \u00xx), lone
// surrogates as \udxxx, everything else (including <, >, &, U+2028) verbatim.
func AppendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			if surrogateAt(s, i) {
				dst = append(dst, s[start:i]...)
				r := rune(s[i]&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
				dst = append(dst, '\\', 'u', hexDigits[r>>12], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
				i += 3
				start = i
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, "\uFFFD"...)
				i++
				start = i
				continue
			}
			i += n
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// FormatNumber formats f as JavaScript's Number.prototype.toString() (and JSON.stringify for
// finite numbers) does: the shortest digits that round-trip, plain notation for exponents
// from -7 to 20, "1e+21" style beyond, "-0" written as "0".
func FormatNumber(f float64) string { return string(AppendNumber(nil, f)) }

// AppendNumber appends FormatNumber(f).
func AppendNumber(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	case f == 0:
		return append(dst, '0')
	}
	// Integers below 2^53 are the common case and need no digit juggling.
	if isInteger(f) && math.Abs(f) < 1<<53 {
		return strconv.AppendInt(dst, int64(f), 10)
	}
	if f < 0 {
		dst = append(dst, '-')
		f = -f
	}
	// Shortest round-trip digits d1..dk and exponent: f = 0.d1..dk × 10^n.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64) // "d.ddde±xx"
	mant, exp, _ := strings.Cut(string(e), "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k := len(digits)
	n := x + 1
	switch {
	case k <= n && n <= 21:
		dst = append(dst, digits...)
		for i := 0; i < n-k; i++ {
			dst = append(dst, '0')
		}
	case 0 < n && n <= 21:
		dst = append(dst, digits[:n]...)
		dst = append(dst, '.')
		dst = append(dst, digits[n:]...)
	case -6 < n && n <= 0:
		dst = append(dst, '0', '.')
		for i := 0; i < -n; i++ {
			dst = append(dst, '0')
		}
		dst = append(dst, digits...)
	default:
		dst = append(dst, digits[0])
		if k > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e')
		if n-1 >= 0 {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, int64(n-1), 10)
	}
	return dst
}

// ISODate formats a Date time value as Date.prototype.toISOString does
// ("2024-05-01T10:00:00.000Z", six-digit signed years outside 0..9999). ok is false for an
// invalid date (NaN or beyond ±8.64e15 ms), where toJSON gives null.
func ISODate(ms float64) (string, bool) {
	if math.IsNaN(ms) || math.Abs(ms) > 8.64e15 {
		return "", false
	}
	t := time.UnixMilli(int64(ms)).UTC()
	year := t.Year()
	var y string
	switch {
	case year >= 0 && year <= 9999:
		y = leftPad(strconv.Itoa(year), 4)
	case year < 0:
		y = "-" + leftPad(strconv.Itoa(-year), 6)
	default:
		y = "+" + leftPad(strconv.Itoa(year), 6)
	}
	return y + t.Format("-01-02T15:04:05.000Z"), true
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// UTF16Len is JavaScript's string length (UTF-16 code units) of s.
func UTF16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		if surrogateAt(s, i) {
			n++
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// CompareUTF16 compares two strings as JavaScript's < does: by UTF-16 code units, which
// orders characters above U+FFFF before U+E000..U+FFFF, unlike a byte comparison.
func CompareUTF16(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] < utf8.RuneSelf && b[j] < utf8.RuneSelf {
			if a[i] != b[j] {
				if a[i] < b[j] {
					return -1
				}
				return 1
			}
			i++
			j++
			continue
		}
		ra, na := decodeWTF8(a[i:])
		rb, nb := decodeWTF8(b[j:])
		if ra != rb {
			ha, la := utf16Units(ra)
			hb, lb := utf16Units(rb)
			if ha != hb {
				if ha < hb {
					return -1
				}
				return 1
			}
			if la < lb {
				return -1
			}
			return 1
		}
		i += na
		j += nb
	}
	switch {
	case len(a)-i < len(b)-j:
		return -1
	case len(a)-i > len(b)-j:
		return 1
	}
	return 0
}

func decodeWTF8(s string) (rune, int) {
	if surrogateAt(s, 0) {
		return rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s)
}

// utf16Units returns the code units of r; lo is -1 for a single unit so that a lone unit
// sorts before a pair with the same first unit (a shorter string first).
func utf16Units(r rune) (hi, lo rune) {
	if r >= 0x10000 {
		r -= 0x10000
		return 0xD800 + (r >> 10), 0xDC00 + (r & 0x3FF)
	}
	return r, -1
}

// ToUTF8 returns the bytes Node writes for s with Buffer.from(s, "utf8") / hash.update(s):
// UTF-8 with each lone surrogate replaced by U+FFFD.
func ToUTF8(s string) []byte {
	if !strings.Contains(s, "\xED") {
		return []byte(s)
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if len(s)-i >= 3 && surrogateAt(s, i) {
			out = append(out, "\uFFFD"...)
			i += 3
			continue
		}
		out = append(out, s[i])
		i++
	}
	return out
}

// surrogateAt reports whether s holds a generalised-UTF-8 surrogate at byte i.
func surrogateAt(s string, i int) bool {
	return len(s)-i >= 3 && s[i] == 0xED && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2]&0xC0 == 0x80
}
