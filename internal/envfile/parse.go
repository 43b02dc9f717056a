package envfile

import (
	"regexp"
	"strings"
)

// assignment is one `KEY=value` (or `KEY: value`) statement as the reference's dotenv (v16)
// reads it: optional `export `, a key of letters, digits, `_`, `.` and `-`, then a value
// that is single-, double- or back-quoted (and may then span lines) or runs to the end of the
// line or an inline `#`. A line that does not match is skipped, never an error: that is what
// the reference does, and an error would have to say what it found, which may be a secret.
var assignment = regexp.MustCompile(`(?m)^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*` + "`(?:\\\\`|[^`])*`" + `|[^#\r\n]+)?\s*(?:#.*)?$`)

// parse returns the variables of a .env text and the 1-based numbers of the lines it
// skipped (not blank, not a `#` comment, not part of an assignment), so that callers can
// warn by line number without echoing the line.
func parse(text string) (vars map[string]string, skipped []int) {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	vars = map[string]string{}
	// covered[i] is true when line i (0-based) is part of an assignment.
	lines := strings.Split(text, "\n")
	covered := make([]bool, len(lines))
	lineOf := func(off int) int { return strings.Count(text[:off], "\n") }
	for _, m := range assignment.FindAllStringSubmatchIndex(text, -1) {
		// The match may begin with blank lines eaten by its leading \s*; only the lines
		// from the key on are the assignment's.
		first, last := lineOf(m[2]), lineOf(m[1])
		for i := first; i <= last; i++ {
			covered[i] = true
		}
		value := ""
		if m[4] >= 0 {
			value = text[m[4]:m[5]]
		}
		vars[text[m[2]:m[3]]] = unquote(strings.TrimSpace(value))
	}
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if !covered[i] && t != "" && !strings.HasPrefix(t, "#") {
			skipped = append(skipped, i+1)
		}
	}
	return vars, skipped
}

// unquote strips matching outer quotes; in a double-quoted value `\n` and `\r` stand for
// newline and carriage return (multi-line keys such as PEM files are written that way).
func unquote(v string) string {
	if len(v) < 2 || !strings.ContainsRune(`'"`+"`", rune(v[0])) || v[len(v)-1] != v[0] {
		return v
	}
	q := v[0]
	v = v[1 : len(v)-1]
	if q == '"' {
		v = strings.NewReplacer(`\n`, "\n", `\r`, "\r").Replace(v)
	}
	return v
}
