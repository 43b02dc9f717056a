package migrate

import "strings"

// class says what a byte of TypeScript source is part of. The migration moves function
// bodies as text, so it must know where braces are code and which lines start inside a
// template literal (those are not re-indented: that would change the string).
type class uint8

const (
	code class = iota
	str
	tmpl
	comment
	regex
)

// classify marks every byte of src. It is a lexer for the parts that matter here (strings,
// template literals with nested ${…}, comments, regular expression literals by the usual
// previous-token rule), not a parser.
func classify(src string) []class {
	out := make([]class, len(src))
	var exprDepth []int // brace depth at which each open ${ began
	depth := 0
	var prev byte // last significant code byte
	prevWord := ""
	i := 0
	mark := func(from, to int, c class) {
		for k := from; k < to && k < len(src); k++ {
			out[k] = c
		}
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			mark(i, i+j, comment)
			i += j
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := strings.Index(src[i+2:], "*/")
			end := len(src)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			mark(i, end, comment)
			i = end
		case c == '\'' || c == '"':
			end := skipQuoted(src, i)
			mark(i, end, str)
			i, prev, prevWord = end, c, ""
		case c == '`':
			end, open := skipTemplate(src, i+1)
			mark(i, end, tmpl)
			if open {
				exprDepth = append(exprDepth, depth)
			}
			i, prev, prevWord = end, '`', ""
		case c == '/' && regexAllowed(prev, prevWord):
			end := skipRegex(src, i)
			mark(i, end, regex)
			i, prev, prevWord = end, 'a', ""
		case c == '}' && len(exprDepth) > 0 && exprDepth[len(exprDepth)-1] == depth:
			exprDepth = exprDepth[:len(exprDepth)-1]
			end, open := skipTemplate(src, i+1)
			mark(i, end, tmpl)
			if open {
				exprDepth = append(exprDepth, depth)
			}
			i, prev, prevWord = end, '`', ""
		case isIdent(c):
			j := i
			for j < len(src) && isIdent(src[j]) {
				j++
			}
			i, prev, prevWord = j, 'a', src[i:j]
		default:
			switch c {
			case '{':
				depth++
			case '}':
				depth--
			}
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				prev, prevWord = c, ""
			}
			i++
		}
	}
	return out
}

func isIdent(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// regexAllowed: a slash starts a regular expression after an operator, an opening bracket or
// a keyword, and is a division after a value.
func regexAllowed(prev byte, word string) bool {
	if word != "" {
		switch word {
		case "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await":
			return true
		}
		return false
	}
	if prev == 0 {
		return true
	}
	return strings.IndexByte("(,=:[!&|?{};+-*%<>~^", prev) >= 0
}

func skipQuoted(src string, i int) int {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q, '\n':
			return j + 1
		}
	}
	return len(src)
}

// skipTemplate scans template text from i; it returns the index after the closing backtick,
// or after `${` with open set when an expression begins.
func skipTemplate(src string, i int) (end int, open bool) {
	for j := i; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '`':
			return j + 1, false
		case '$':
			if j+1 < len(src) && src[j+1] == '{' {
				return j + 2, true
			}
		}
	}
	return len(src), false
}

func skipRegex(src string, i int) int {
	inClass := false
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '[':
			inClass = true
		case ']':
			inClass = false
		case '\n':
			return j
		case '/':
			if !inClass {
				j++
				for j < len(src) && isIdent(src[j]) {
					j++
				}
				return j
			}
		}
	}
	return len(src)
}

// matchClose returns the index of the bracket that closes the one at open (code bytes only),
// or -1.
func matchClose(src string, cls []class, open int) int {
	depth := 0
	for j := open; j < len(src); j++ {
		if cls[j] != code {
			continue
		}
		switch src[j] {
		case '(', '{', '[':
			depth++
		case ')', '}', ']':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// reindent adds prefix to every non-empty line of src[from:to] after the first, except lines
// that begin inside a template literal.
func reindent(src string, cls []class, from, to int, prefix string) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		b.WriteByte(src[i])
		if src[i] == '\n' && i+1 < to && cls[i] != tmpl && src[i+1] != '\n' {
			b.WriteString(prefix)
		}
	}
	return b.String()
}
