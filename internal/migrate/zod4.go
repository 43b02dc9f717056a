package migrate

import "strings"

// zod4Record rewrites zod 3's one-argument z.record(V) as z.record(z.string(), V): the
// migration moves the project to zod 4, where the key schema is required (the one-argument
// form is a type error there, and generated schema.zod.ts files of the nango.yaml era use it).
// Other zod 3 APIs that zod 4 changed are not rewritten.
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
