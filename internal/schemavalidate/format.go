package schemavalidate

import (
	"regexp"
	"unicode/utf8"
)

// formats are the ajv-formats checks ("full" mode, the default of addFormats) for the
// formats a schema may name. The codegen only writes date-time (for `date` fields); zod 4
// (zero-yaml models) writes email too.
var formats = map[string]func([]byte) bool{
	"date-time": isDateTime,
	"date":      isDate,
	"time":      isTime,
	"email":     func(s []byte) bool { return emailRe.Match(s) },
}

// emailRe is ajv-formats' "email" in its full mode (the one addFormats installs), which
// zod 4 writes for z.email() next to its own pattern.
var emailRe = regexp.MustCompile("(?i)^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")

// isDateTime follows ajv-formats: the text splits on exactly one "t", "T" or whitespace
// into a valid date and a valid time, and the time must carry a zone (Z or ±hh[:mm]).
func isDateTime(s []byte) bool {
	sep, size := -1, 0
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(s[i:])
		}
		if r == 't' || r == 'T' || r == ' ' || (r >= '\t' && r <= '\r') || isJSSpace(r) {
			if sep >= 0 {
				return false
			}
			sep, size = i, n
		}
		i += n
	}
	return sep >= 0 && isDate(s[:sep]) && checkTime(s[sep+size:], true)
}

func isDate(s []byte) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [...]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}

func isTime(s []byte) bool { return checkTime(s, true) }

// checkTime matches hh:mm:ss(.fraction)?(z|[+-]hh(:?mm)?)? and checks the ranges,
// allowing a leap second only at 23:59:60 UTC.
func checkTime(s []byte, strictZone bool) bool {
	if len(s) < 8 || s[2] != ':' || s[5] != ':' {
		return false
	}
	hr, ok1 := digits(s[0:2])
	min, ok2 := digits(s[3:5])
	secInt, ok3 := digits(s[6:8])
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	i := 8
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return false
		}
	}
	tz := s[i:]
	sign, tzH, tzM := 1, 0, 0
	switch {
	case len(tz) == 0:
		if strictZone {
			return false
		}
	case len(tz) == 1 && (tz[0] == 'z' || tz[0] == 'Z'):
	case tz[0] == '+' || tz[0] == '-':
		if tz[0] == '-' {
			sign = -1
		}
		rest := tz[1:]
		var ok bool
		switch len(rest) {
		case 2:
			tzH, ok = digits(rest)
		case 4:
			var okm bool
			tzH, ok = digits(rest[0:2])
			tzM, okm = digits(rest[2:4])
			ok = ok && okm
		case 5:
			var okm bool
			tzH, ok = digits(rest[0:2])
			tzM, okm = digits(rest[3:5])
			ok = ok && okm && rest[2] == ':'
		}
		if !ok {
			return false
		}
	default:
		return false
	}
	if tzH > 23 || tzM > 59 {
		return false
	}
	// sec < 60 with any fraction means secInt <= 59.
	if hr <= 23 && min <= 59 && secInt < 60 {
		return true
	}
	utcMin := min - tzM*sign
	utcHr := hr - tzH*sign
	if utcMin < 0 {
		utcHr--
	}
	return (utcHr == 23 || utcHr == -1) && (utcMin == 59 || utcMin == -1) && secInt < 61
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// isJSSpace reports the non-ASCII characters of JavaScript's \s class.
func isJSSpace(r rune) bool {
	switch r {
	case 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}
