package bundle

import (
	"regexp"
	"strconv"
	"strings"
)

// ViMock is one `vi.mock(specifier, factory)` call of a test file, found by a static scan:
// vitest hoists these calls above the file's imports, so the bundle registers them in a
// module imported first (see BuildTestFile) and blanks them where they were written.
type ViMock struct {
	// Spec is the mocked module ("soap"), from a string literal or `import('soap')`.
	Spec string
	// Factory is the source text of the arguments after the specifier ("" when none).
	Factory string
	// Start and End are the byte offsets of the whole call in the source.
	Start, End int
}

var viMockStart = regexp.MustCompile(`\bvi\.mock\s*\(`)
var viMockSpec = regexp.MustCompile(`^\s*(?:import\s*\(\s*)?(['"])([^'"\n]+)(['"])\s*\)?\s*`)

// FindViMocks scans a test file's source for vi.mock calls. A call whose specifier is not a
// string literal (or import of one) is returned with Spec "" so that the runner can name it
// as unsupported.
func FindViMocks(src string) []ViMock {
	var out []ViMock
	for _, loc := range viMockStart.FindAllStringIndex(src, -1) {
		if inCommentOrString(src, loc[0]) {
			continue
		}
		end := matchParen(src, loc[1]-1)
		if end < 0 {
			continue
		}
		args := src[loc[1]:end]
		m := ViMock{Start: loc[0], End: end + 1}
		if sm := viMockSpec.FindStringSubmatch(args); sm != nil && sm[1] == sm[3] {
			m.Spec = sm[2]
			rest := strings.TrimSpace(args[len(sm[0]):])
			m.Factory = strings.TrimSpace(strings.TrimPrefix(rest, ","))
		}
		out = append(out, m)
	}
	return out
}

// hoistedMocks is the module the test file imports first: it registers each factory with
// the runner (global __nangoViMock, installed by internal/vitest before the bundle runs).
// Like vitest's hoisted calls, the factories see the vitest import and nothing else of the
// test file.
func hoistedMocks(mocks []ViMock) string {
	var b strings.Builder
	b.WriteString("import { vi } from 'vitest';\n")
	for _, m := range mocks {
		factory := m.Factory
		if factory == "" {
			factory = "undefined"
		}
		b.WriteString("globalThis.__nangoViMock(" + strconv.Quote(m.Spec) + ", " + factory + ");\n")
	}
	return b.String()
}

// blankCalls replaces each call with spaces (newlines kept), so that every other line and
// column of the test file, and so its source map, stay where they were.
func blankCalls(src string, mocks []ViMock) string {
	b := []byte(src)
	for _, m := range mocks {
		for i := m.Start; i < m.End; i++ {
			if b[i] != '\n' && b[i] != '\r' {
				b[i] = ' '
			}
		}
		// `vi.mock(...)` as an expression statement becomes an empty one: write `void 0`
		// where the call began so that a call used as a value stays valid syntax.
		copy(b[m.Start:], "void 0")
	}
	return string(b)
}

// matchParen returns the offset of the parenthesis closing the one at open, skipping
// strings, template literals and comments (-1 when it is not closed).
func matchParen(src string, open int) int {
	depth := 0
	for i := open; i < len(src); i++ {
		switch c := src[i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return i
			}
		case '\'', '"', '`':
			i = skipString(src, i)
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			} else if i+1 < len(src) && src[i+1] == '*' {
				if j := strings.Index(src[i+2:], "*/"); j >= 0 {
					i += j + 3
				}
			}
		}
	}
	return -1
}

// skipString returns the offset of the quote closing the string that starts at i.
func skipString(src string, i int) int {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q:
			return j
		case '$':
			if q == '`' && j+1 < len(src) && src[j+1] == '{' {
				if k := matchParen(src, j+1); k > 0 {
					j = k
				}
			}
		}
	}
	return len(src)
}

// inCommentOrString reports whether offset lies in a line comment (a cheap check: the
// common way a vi.mock example is commented out).
func inCommentOrString(src string, offset int) bool {
	line := src[strings.LastIndexByte(src[:offset], '\n')+1 : offset]
	return strings.Contains(line, "//")
}
