package migrate

import "strings"

// zod4 applies the zod 3 → 4 rewrites to moved code and helper files.
func zod4(src string) string {
	return zod4Errors(zod4Record(src))
}

// zod4Errors rewrites `.error.errors` (a safeParse result's ZodError, the way nango.yaml-era
// scripts list validation problems, as notion's create-database-row does) as `.error.issues`:
// zod 3's `errors` was an alias of `issues`, which zod 4 removed, so the code would fail the
// type check and throw at run time when the input is invalid.
func zod4Errors(src string) string {
	const from = ".error.errors"
	if !strings.Contains(src, from) {
		return src
	}
	cls := classify(src)
	var b strings.Builder
	last := 0
	for i := strings.Index(src, from); i >= 0; {
		end := i + len(from)
		if cls[i] == code && (end == len(src) || !isIdent(src[end])) {
			b.WriteString(src[last:i] + ".error.issues")
			last = end
		}
		next := strings.Index(src[end:], from)
		if next < 0 {
			break
		}
		i = end + next
	}
	b.WriteString(src[last:])
	return b.String()
}

// zod4Record rewrites zod 3's one-argument z.record(V) as z.record(z.string(), V): the
// migration moves the project to zod 4, where the key schema is required (the one-argument
// form is a type error there, and generated schema.zod.ts files of the nango.yaml era use it).
// zod4Errors below is the other rewrite; other zod 3 APIs that zod 4 changed are not rewritten.
func zod4Record(src string) string {
	const call = "z.record("
	if !strings.Contains(src, call) {
		return src
	}
	cls := classify(src)
	var b strings.Builder
	last := 0
	for i := strings.Index(src, call); i >= 0; {
		open := i + len(call) - 1
		if cls[i] == code && (i == 0 || !isIdent(src[i-1])) {
			if end := matchClose(src, cls, open); end > open+1 && !hasTopLevelComma(src, cls, open+1, end) {
				b.WriteString(src[last : open+1])
				b.WriteString("z.string(), ")
				last = open + 1
			}
		}
		next := strings.Index(src[open:], call)
		if next < 0 {
			break
		}
		i = open + next
	}
	b.WriteString(src[last:])
	return b.String()
}

func hasTopLevelComma(src string, cls []class, from, to int) bool {
	depth := 0
	for k := from; k < to; k++ {
		if cls[k] != code {
			continue
		}
		switch src[k] {
		case '(', '[', '{', '<':
			depth++
		case ')', ']', '}', '>':
			depth--
		case ',':
			if depth == 0 {
				return true
			}
		}
	}
	return false
}
