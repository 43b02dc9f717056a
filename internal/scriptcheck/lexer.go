package scriptcheck

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// The checks work on tokens, not on an AST: a TypeScript-aware lexer is enough to find
// `nango.<call>(` sites, their arguments, the statement around them and the body of the
// default export, and it never needs Node. What the lexer must get right is where code is
// NOT: comments, strings, template literals (with nested `${}`), and regular expression
// literals (told apart from division by the previous token).

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokIdent
	tokKeyword // only the keywords the checks care about; others are tokIdent
	tokString
	tokNumber
	tokTemplate // a whole template literal without substitutions, or its head `...${`
	tokTemplateMiddle
	tokTemplateTail
	tokRegexp
	tokPunct
	tokPrivate // #name
)

type token struct {
	kind tokKind
	text string // identifier/punctuator text; string value (unquoted) for tokString
	pos  int    // byte offset
	line int    // 1-based
	col  int    // 1-based, in characters
	// nl is true when a line break separates this token from the previous one (for ASI).
	nl bool
}

type lexError struct {
	line, col int
	msg       string
}

func (e *lexError) Error() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.msg) }

type lexer struct {
	src       string
	i         int
	line      int
	lineStart int
	toks      []token
	// braceStack tracks `{` opened inside template substitutions: true marks the `${` itself,
	// so the matching `}` resumes the template.
	braceStack []bool
	// blockStack runs alongside braceStack for plain `{`: true when the brace opens a block
	// (a `/` after its `}` starts a regular expression), false for an object literal or type.
	blockStack []bool
	// closedBlock: the last token is a `}` that closed a block.
	closedBlock bool
	nl          bool
}

// lex splits src into tokens. Comments and whitespace are dropped.
func lex(src string) ([]token, error) {
	lx := &lexer{src: src, line: 1}
	if err := lx.run(); err != nil {
		return lx.toks, err
	}
	return lx.toks, nil
}

func (lx *lexer) errorf(format string, args ...any) error {
	return &lexError{line: lx.line, col: lx.col(lx.i), msg: fmt.Sprintf(format, args...)}
}

func (lx *lexer) col(pos int) int {
	return utf8.RuneCountInString(lx.src[lx.lineStart:pos]) + 1
}

func (lx *lexer) emit(kind tokKind, text string, start, line, col int) {
	lx.toks = append(lx.toks, token{kind: kind, text: text, pos: start, line: line, col: col, nl: lx.nl})
	lx.nl = false
	lx.closedBlock = false
}

// opensBlock guesses whether a `{` about to be emitted opens a block (statement position)
// rather than an object literal or an object type.
func (lx *lexer) opensBlock() bool {
	if len(lx.toks) == 0 {
		return true
	}
	p := lx.toks[len(lx.toks)-1]
	switch p.kind {
	case tokPunct:
		switch p.text {
		case ")", ";", "{", "}", "=>":
			return true
		}
		return false
	case tokKeyword:
		switch p.text {
		case "else", "try", "finally", "do":
			return true
		}
		return false
	}
	return lx.nl // a `{` starting a line after an operand: a block (ASI)
}

func (lx *lexer) newline() {
	lx.line++
	lx.lineStart = lx.i
	lx.nl = true
}

func (lx *lexer) run() error {
	src := lx.src
	// Skip a hashbang line.
	if len(src) > 1 && src[0] == '#' && src[1] == '!' {
		for lx.i < len(src) && src[lx.i] != '\n' {
			lx.i++
		}
	}
	for lx.i < len(src) {
		c := src[lx.i]
		switch {
		case c == '\n':
			lx.i++
			lx.newline()
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			lx.i++
		case c == '/' && lx.peek(1) == '/':
			for lx.i < len(src) && src[lx.i] != '\n' {
				lx.i++
			}
		case c == '/' && lx.peek(1) == '*':
			if err := lx.skipBlockComment(); err != nil {
				return err
			}
		case c == '\'' || c == '"':
			if err := lx.lexString(c); err != nil {
				return err
			}
		case c == '`':
			if err := lx.lexTemplate(lx.i, true); err != nil {
				return err
			}
		case c == '}' && len(lx.braceStack) > 0 && lx.braceStack[len(lx.braceStack)-1]:
			lx.braceStack = lx.braceStack[:len(lx.braceStack)-1]
			if err := lx.lexTemplate(lx.i, false); err != nil {
				return err
			}
		case c == '/' && lx.regexAllowed():
			if err := lx.lexRegexp(); err != nil {
				return err
			}
		case isDigit(c) || c == '.' && isDigit(lx.peek(1)):
			start := lx.i
			for lx.i < len(src) && (isIdentPart(rune(src[lx.i])) || src[lx.i] == '.' ||
				(src[lx.i] == '+' || src[lx.i] == '-') && (src[lx.i-1] == 'e' || src[lx.i-1] == 'E') && !isHexLiteral(src[start:lx.i])) {
				lx.i++
			}
			lx.emit(tokNumber, src[start:lx.i], start, lx.line, lx.col(start))
		case c == '#' && lx.i+1 < len(src) && isIdentStart(rune(src[lx.i+1])):
			start := lx.i
			lx.i++
			lx.scanIdent()
			lx.emit(tokPrivate, src[start:lx.i], start, lx.line, lx.col(start))
		case c < utf8.RuneSelf && isIdentStart(rune(c)) || c == '\\':
			start := lx.i
			lx.scanIdent()
			lx.emitWord(src[start:lx.i], start)
		case c >= utf8.RuneSelf:
			if err := lx.lexNonASCII(); err != nil {
				return err
			}
		default:
			lx.lexPunct()
		}
	}
	if len(lx.braceStack) > 0 {
		for _, t := range lx.braceStack {
			if t {
				return lx.errorf("unterminated template literal")
			}
		}
	}
	return nil
}

// skipBlockComment skips a /* */ comment, counting its lines.
func (lx *lexer) skipBlockComment() error {
	src := lx.src
	end := indexFrom(src, "*/", lx.i+2)
	if end < 0 {
		return lx.errorf("unterminated comment")
	}
	for j := lx.i; j < end; j++ {
		if src[j] == '\n' {
			lx.i = j + 1
			lx.newline()
		}
	}
	lx.i = end + 2
	return nil
}

// lexNonASCII reads a character outside ASCII: a line or paragraph separator, other white
// space, or the start of an identifier.
func (lx *lexer) lexNonASCII() error {
	r, size := utf8.DecodeRuneInString(lx.src[lx.i:])
	switch {
	case r == '\u2028' || r == '\u2029':
		lx.i += size
		lx.newline()
	case unicode.IsSpace(r) || r == '\ufeff':
		lx.i += size
	case isIdentStart(r):
		start := lx.i
		lx.scanIdent()
		lx.emitWord(lx.src[start:lx.i], start)
	default:
		return lx.errorf("unexpected character %q", r)
	}
	return nil
}

func (lx *lexer) peek(n int) byte {
	if lx.i+n < len(lx.src) {
		return lx.src[lx.i+n]
	}
	return 0
}

func (lx *lexer) scanIdent() {
	for lx.i < len(lx.src) {
		c := lx.src[lx.i]
		if c == '\\' { // unicode escape in an identifier
			lx.i = min(lx.i+2, len(lx.src))
			continue
		}
		if c < utf8.RuneSelf {
			if !isIdentPart(rune(c)) {
				return
			}
			lx.i++
			continue
		}
		r, size := utf8.DecodeRuneInString(lx.src[lx.i:])
		if !isIdentPart(r) {
			return
		}
		lx.i += size
	}
}

var keywords = map[string]bool{
	"await": true, "return": true, "yield": true, "function": true, "async": true,
	"export": true, "default": true, "import": true, "from": true, "type": true, "typeof": true,
	"if": true, "for": true, "while": true, "switch": true, "catch": true, "with": true,
	"else": true, "try": true, "finally": true, "do": true, "case": true, "new": true,
	"delete": true, "void": true, "in": true, "of": true, "instanceof": true, "throw": true,
	"const": true, "let": true, "var": true, "class": true, "extends": true, "as": true,
	"this": true, "super": true, "true": true, "false": true, "null": true, "undefined": true,
}

func (lx *lexer) emitWord(w string, start int) {
	kind := tokIdent
	if keywords[w] {
		kind = tokKeyword
	}
	lx.emit(kind, w, start, lx.line, lx.col(start))
}

func (lx *lexer) lexString(q byte) error {
	start, line, col := lx.i, lx.line, lx.col(lx.i)
	lx.i++
	var val []byte
	for {
		if lx.i >= len(lx.src) {
			return &lexError{line: line, col: col, msg: "unterminated string literal"}
		}
		c := lx.src[lx.i]
		if c == q {
			lx.i++
			break
		}
		if c == '\n' {
			return &lexError{line: line, col: col, msg: "unterminated string literal"}
		}
		if c == '\\' && lx.i+1 < len(lx.src) {
			n := lx.src[lx.i+1]
			lx.i += 2
			switch n {
			case '\n':
				lx.newline()
			case 'n':
				val = append(val, '\n')
			case 't':
				val = append(val, '\t')
			default:
				val = append(val, n)
			}
			continue
		}
		val = append(val, c)
		lx.i++
	}
	lx.toks = append(lx.toks, token{kind: tokString, text: string(val), pos: start, line: line, col: col, nl: lx.nl})
	lx.nl = false
	return nil
}

// lexTemplate scans template text starting at the backtick (head=true) or at the `}` that
// closes a substitution, up to the closing backtick or the next `${`.
func (lx *lexer) lexTemplate(start int, head bool) error {
	line, col := lx.line, lx.col(start)
	lx.i++ // ` or }
	for lx.i < len(lx.src) {
		c := lx.src[lx.i]
		switch c {
		case '\\':
			if lx.i+1 < len(lx.src) && lx.src[lx.i+1] == '\n' {
				lx.i++
				lx.i++
				lx.newline()
				lx.nl = false
				continue
			}
			lx.i += 2
			continue
		case '\n':
			lx.i++
			lx.newline()
			lx.nl = false
			continue
		case '`':
			lx.i++
			kind := tokTemplate
			if !head {
				kind = tokTemplateTail
			}
			lx.toks = append(lx.toks, token{kind: kind, text: "`", pos: start, line: line, col: col})
			return nil
		case '$':
			if lx.i+1 < len(lx.src) && lx.src[lx.i+1] == '{' {
				lx.i += 2
				kind := tokTemplate
				if !head {
					kind = tokTemplateMiddle
				}
				// A template head/middle acts like an opening bracket for the statement walk.
				lx.toks = append(lx.toks, token{kind: kind, text: "${", pos: start, line: line, col: col})
				lx.braceStack = append(lx.braceStack, true)
				return nil
			}
		}
		lx.i++
	}
	return &lexError{line: line, col: col, msg: "unterminated template literal"}
}

// regexAllowed decides whether a `/` starts a regular expression: it does where an
// expression may begin, i.e. not after something that ends an operand.
func (lx *lexer) regexAllowed() bool {
	if len(lx.toks) == 0 {
		return true
	}
	p := lx.toks[len(lx.toks)-1]
	switch p.kind {
	case tokIdent, tokNumber, tokString, tokRegexp, tokPrivate, tokTemplateTail:
		return false
	case tokTemplate:
		return p.text == "${"
	case tokKeyword:
		switch p.text {
		case "this", "super", "true", "false", "null", "undefined":
			return false
		}
		return true
	case tokPunct:
		switch p.text {
		case "}":
			return lx.closedBlock // `} /re/` after a block; `{...} / 2` after an object
		case ")", "]", "++", "--":
			return false
		}
		return true
	}
	return true
}

func (lx *lexer) lexRegexp() error {
	start, line, col := lx.i, lx.line, lx.col(lx.i)
	lx.i++
	inClass := false
	for {
		if lx.i >= len(lx.src) || lx.src[lx.i] == '\n' {
			return &lexError{line: line, col: col, msg: "unterminated regular expression"}
		}
		c := lx.src[lx.i]
		lx.i++
		if c == '\\' {
			lx.i++
			continue
		}
		if c == '[' {
			inClass = true
		} else if c == ']' {
			inClass = false
		} else if c == '/' && !inClass {
			break
		}
	}
	for lx.i < len(lx.src) && isIdentPart(rune(lx.src[lx.i])) {
		lx.i++
	}
	lx.toks = append(lx.toks, token{kind: tokRegexp, text: lx.src[start:lx.i], pos: start, line: line, col: col, nl: lx.nl})
	lx.nl = false
	return nil
}

var puncts = []string{
	">>>=", "...", "===", "!==", "**=", "<<=", ">>=", "&&=", "||=", "??=",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=",
	"&=", "|=", "^=", "**", "<<",
}

func (lx *lexer) lexPunct() {
	start := lx.i
	rest := lx.src[lx.i:]
	for _, p := range puncts {
		if len(rest) >= len(p) && rest[:len(p)] == p {
			// `?.` followed by a digit is a conditional, not optional chaining.
			if p == "?." && len(rest) > 2 && isDigit(rest[2]) {
				continue
			}
			lx.i += len(p)
			lx.emit(tokPunct, p, start, lx.line, lx.col(start))
			return
		}
	}
	// `>` is always one token: TS generics close with `>>` in `A<B<C>>`, and the checks
	// never need shift operators.
	c := lx.src[lx.i]
	lx.i++
	switch c {
	case '{':
		lx.blockStack = append(lx.blockStack, lx.opensBlock())
		lx.braceStack = append(lx.braceStack, false)
	case '}':
		if len(lx.braceStack) > 0 {
			lx.braceStack = lx.braceStack[:len(lx.braceStack)-1]
		}
		block := false
		if len(lx.blockStack) > 0 {
			block = lx.blockStack[len(lx.blockStack)-1]
			lx.blockStack = lx.blockStack[:len(lx.blockStack)-1]
		}
		lx.emit(tokPunct, "}", start, lx.line, lx.col(start))
		lx.closedBlock = block
		return
	}
	lx.emit(tokPunct, string(c), start, lx.line, lx.col(start))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHexLiteral(s string) bool {
	return len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
}

func isIdentStart(r rune) bool {
	return r == '$' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsLetter(r)
}

func isIdentPart(r rune) bool {
	return isIdentStart(r) || r >= '0' && r <= '9' || r >= utf8.RuneSelf && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || r == '\u200c' || r == '\u200d')
}

func indexFrom(s, sub string, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
