package buffer

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding is a Node.js Buffer string encoding.
type Encoding string

// The encodings Node's Buffer accepts (with their aliases folded in by ParseEncoding).
const (
	UTF8      Encoding = "utf8"
	Hex       Encoding = "hex"
	Base64    Encoding = "base64"
	Base64URL Encoding = "base64url"
	Latin1    Encoding = "latin1"
	ASCII     Encoding = "ascii"
	UTF16LE   Encoding = "utf16le"
)

// ParseEncoding folds Node's spellings ("UTF-8", "binary", "ucs2", ...) into an Encoding.
func ParseEncoding(name string) (Encoding, bool) {
	switch strings.ToLower(name) {
	case "utf8", "utf-8":
		return UTF8, true
	case "hex":
		return Hex, true
	case "base64":
		return Base64, true
	case "base64url":
		return Base64URL, true
	case "latin1", "binary":
		return Latin1, true
	case "ascii":
		return ASCII, true
	case "utf16le", "utf-16le", "ucs2", "ucs-2":
		return UTF16LE, true
	}
	return "", false
}

// Decode turns a JS string into bytes the way Buffer.from(str, enc) does. Node is lenient
// here, and so are we: hex stops at the first invalid pair, base64 accepts both alphabets,
// whitespace and missing padding.
func Decode(s string, enc Encoding) []byte {
	switch enc {
	case Hex:
		n := len(s) / 2
		out := make([]byte, 0, n)
		for i := 0; i+1 < len(s); i += 2 {
			b, err := hex.DecodeString(s[i : i+2])
			if err != nil {
				break
			}
			out = append(out, b[0])
		}
		return out
	case Base64, Base64URL:
		return decodeBase64Lenient(s)
	case Latin1, ASCII:
		out := make([]byte, 0, len(s))
		for _, r := range s {
			out = append(out, byte(r))
		}
		return out
	case UTF16LE:
		units := utf16.Encode([]rune(s))
		out := make([]byte, 0, 2*len(units))
		for _, u := range units {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	default:
		return []byte(s)
	}
}

// Encode turns bytes into a JS string the way buf.toString(enc) does.
func Encode(b []byte, enc Encoding) string {
	switch enc {
	case Hex:
		return hex.EncodeToString(b)
	case Base64:
		return base64.StdEncoding.EncodeToString(b)
	case Base64URL:
		return base64.RawURLEncoding.EncodeToString(b)
	case Latin1:
		rs := make([]rune, len(b))
		for i, c := range b {
			rs[i] = rune(c)
		}
		return string(rs)
	case ASCII:
		rs := make([]rune, len(b))
		for i, c := range b {
			rs[i] = rune(c & 0x7f)
		}
		return string(rs)
	case UTF16LE:
		units := make([]uint16, len(b)/2)
		for i := range units {
			units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		return string(utf16.Decode(units))
	default:
		return decodeUTF8(b)
	}
}

// decodeUTF8 replaces every invalid byte with U+FFFD, as Node does (Go's string conversion
// would keep the invalid bytes, which goja cannot represent).
func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		sb.WriteRune(r)
		b = b[size:]
	}
	return sb.String()
}

var base64Values = func() [256]int8 {
	var t [256]int8
	for i := range t {
		t[i] = -1
	}
	const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(std); i++ {
		t[std[i]] = int8(i)
	}
	t['-'] = 62
	t['_'] = 63
	return t
}()

func decodeBase64Lenient(s string) []byte {
	out := make([]byte, 0, len(s)*3/4)
	var acc uint32
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			break
		}
		v := base64Values[c]
		if v < 0 {
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	return out
}
