package scriptcheck

import "strings"

// analysis is what the checks need from one file, independent of which script imports it.
type analysis struct {
	imports  []importRef
	calls    []callSite
	defaults *defaultExport
	lexErr   *lexError
	// regexps that goja (the local runtime of dryrun and test) cannot run as Node does
	regexps []regexpIssue
	// zero is what the zero-yaml rules need (zeroanalyze.go).
	zero zeroInfo
}

type regexpIssue struct {
	line, col int
	msg       string
}

type importRef struct {
	spec      string
	line, col int
	typeOnly  bool
}

type callSite struct {
	method    string
	line, col int
	// idx is the index of the `nango` token (zero-yaml rules look at where the call is).
	idx int
	// handled: awaited, returned (also an arrow's expression body) or chained with
	// .then/.catch, within the enclosing function.
	handled bool
	// handledOutside: only an await/return beyond the enclosing function (e.g. an async
	// callback passed to an awaited Promise.all) covers it: the callback itself drops it.
	handledOutside bool
	nargs          int
	// lastString is the last argument when it is a plain string literal.
	lastString          *string
	lastLine, lastCol   int
	firstArgKeys        map[string]bool
	firstArgIsObjectLit bool
}

type defaultExport struct {
	name       string
	line, col  int
	returnLine int
	returnCol  int
	returns    bool
}

// matcher holds bracket pairs: open[i] is the index of the closer of opener i, close[i] the
// opener of closer i. Template middles (`}...${`) are both.
type matcher struct {
	toks  []token
	open  []int
	close []int
	// parent[i] is the innermost opener enclosing token i (-1 at the top level).
	parent []int
}

func isOpener(t token) bool {
	return t.kind == tokPunct && (t.text == "(" || t.text == "[" || t.text == "{") ||
		t.kind == tokTemplate && t.text == "${" || t.kind == tokTemplateMiddle
}

func isCloser(t token) bool {
	return t.kind == tokPunct && (t.text == ")" || t.text == "]" || t.text == "}") ||
		t.kind == tokTemplateTail || t.kind == tokTemplateMiddle
}

func newMatcher(toks []token) *matcher {
	m := &matcher{toks: toks, open: make([]int, len(toks)), close: make([]int, len(toks)), parent: make([]int, len(toks))}
	for i := range m.open {
		m.open[i], m.close[i] = -1, -1
	}
	var stack []int
	for i, t := range toks {
		if isCloser(t) && len(stack) > 0 {
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			m.open[o] = i
			m.close[i] = o
		}
		m.parent[i] = -1
		if len(stack) > 0 {
			m.parent[i] = stack[len(stack)-1]
		}
		if isOpener(t) {
			stack = append(stack, i)
		}
	}
	return m
}

// groupStart returns the first token of the bracket group that ends at closer c, following
// template middles back to the head.
func (m *matcher) groupStart(c int) int {
	o := m.close[c]
	for o >= 0 && m.toks[o].kind == tokTemplateMiddle {
		o = m.close[o]
	}
	return o
}

// groupEnd returns the last token of the bracket group that starts at opener o.
func (m *matcher) groupEnd(o int) int {
	c := m.open[o]
	for c >= 0 && m.toks[c].kind == tokTemplateMiddle {
		c = m.open[c]
	}
	return c
}

func (t token) is(text string) bool {
	return (t.kind == tokPunct || t.kind == tokKeyword || t.kind == tokIdent) && t.text == text
}

func analyze(src string) *analysis {
	toks, err := lex(src)
	a := &analysis{}
	if err != nil {
		le, _ := err.(*lexError)
		a.lexErr = le
		return a
	}
	m := newMatcher(toks)
	a.imports = findImports(toks, m)
	a.calls = findNangoCalls(toks, m)
	a.defaults = findDefaultExport(toks, m)
	a.zero = analyzeZero(toks, m)
	for _, t := range toks {
		if t.kind != tokRegexp {
			continue
		}
		end := strings.LastIndexByte(t.text, '/')
		body, flags := t.text[1:end], t.text[end+1:]
		switch {
		case strings.ContainsRune(flags, 'd') || strings.ContainsRune(flags, 'v'):
			a.regexps = append(a.regexps, regexpIssue{t.line, t.col, "regular expression flags d and v are not supported by the local runtime (dryrun, test): the script fails to load there, although Nango's servers run it"})
		case strings.ContainsRune(flags, 'u') && (strings.Contains(body, `\p{`) || strings.Contains(body, `\P{`)):
			a.regexps = append(a.regexps, regexpIssue{t.line, t.col, "Unicode property escapes (\\p{...}) never match in the local runtime (dryrun, test), although Nango's servers support them"})
		}
	}
	return a
}

// --- imports ---

func statementStart(toks []token, i int) bool {
	if i == 0 {
		return true
	}
	p := toks[i-1]
	return p.is(";") || p.is("}") || p.is("{") || toks[i].nl
}

func findImports(toks []token, m *matcher) []importRef {
	var out []importRef
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.kind == tokKeyword && t.text == "import" && i+1 < len(toks):
			next := toks[i+1]
			if next.is("(") { // dynamic import('x')
				if i+2 < len(toks) && toks[i+2].kind == tokString {
					s := toks[i+2]
					out = append(out, importRef{spec: s.text, line: s.line, col: s.col})
				}
				continue
			}
			if next.is(".") || !statementStart(toks, i) && !(i > 0 && toks[i-1].is("export")) {
				continue // import.meta, or a property named import
			}
			if ref, ok := parseImportDecl(toks, i+1); ok {
				out = append(out, ref)
			}
		case t.kind == tokKeyword && t.text == "export" && i+1 < len(toks):
			if ref, ok := parseExportFrom(toks, m, i+1); ok {
				out = append(out, ref)
			}
		case t.kind == tokIdent && t.text == "require" && i+3 < len(toks) && toks[i+1].is("(") &&
			toks[i+2].kind == tokString && toks[i+3].is(")") && (i == 0 || !toks[i-1].is(".")):
			s := toks[i+2]
			out = append(out, importRef{spec: s.text, line: s.line, col: s.col})
		}
	}
	return out
}

// parseImportDecl reads `import ... from 'x'` starting after `import`.
func parseImportDecl(toks []token, i int) (importRef, bool) {
	if toks[i].kind == tokString { // import 'x'
		return importRef{spec: toks[i].text, line: toks[i].line, col: toks[i].col}, true
	}
	typeOnly := false
	// `import type X from`, `import type { } from` — but `import type from 'x'` imports a
	// default named "type".
	if toks[i].is("type") && i+1 < len(toks) && !toks[i+1].is("from") && !toks[i+1].is(",") && !toks[i+1].is("=") {
		typeOnly = true
		i++
	}
	hasValue := false
	braceAllType := true
	braceCount := 0
	for ; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.is("from") && i+1 < len(toks) && toks[i+1].kind == tokString:
			s := toks[i+1]
			if braceCount > 0 && !braceAllType {
				hasValue = true
			}
			if braceCount == 0 && !hasValue {
				hasValue = true // `import {} from 'x'` runs the module
			}
			return importRef{spec: s.text, line: s.line, col: s.col, typeOnly: typeOnly || !hasValue}, true
		case t.is("=") && i+3 < len(toks) && toks[i+1].is("require") && toks[i+2].is("(") && toks[i+3].kind == tokString:
			s := toks[i+3]
			return importRef{spec: s.text, line: s.line, col: s.col, typeOnly: typeOnly}, true
		case t.is("*"):
			hasValue = true
		case t.is("{"):
			for i++; i < len(toks) && !toks[i].is("}"); i++ {
				// a specifier: [type] name [as alias]
				if toks[i].is(",") {
					continue
				}
				braceCount++
				isType := toks[i].is("type") && i+1 < len(toks) && !toks[i+1].is(",") && !toks[i+1].is("}") && !toks[i+1].is("as")
				if isType {
					i++
				} else {
					braceAllType = false
				}
				for i+1 < len(toks) && !toks[i+1].is(",") && !toks[i+1].is("}") {
					i++
				}
			}
		case t.kind == tokIdent || t.kind == tokKeyword:
			hasValue = true // default import
		case t.is(";"):
			return importRef{}, false
		}
	}
	return importRef{}, false
}

// parseExportFrom reads `export ... from 'x'` starting after `export`.
func parseExportFrom(toks []token, m *matcher, i int) (importRef, bool) {
	typeOnly := false
	if toks[i].is("type") {
		typeOnly = true
		i++
	}
	if i >= len(toks) {
		return importRef{}, false
	}
	switch {
	case toks[i].is("*"):
		i++
		if i+1 < len(toks) && toks[i].is("as") {
			i += 2
		}
	case toks[i].is("{"):
		c := m.groupEnd(i)
		if c < 0 {
			return importRef{}, false
		}
		i = c + 1
	default:
		return importRef{}, false
	}
	if i+1 < len(toks) && toks[i].is("from") && toks[i+1].kind == tokString {
		s := toks[i+1]
		return importRef{spec: s.text, line: s.line, col: s.col, typeOnly: typeOnly}, true
	}
	return importRef{}, false
}

// --- nango.<call>() sites ---

func findNangoCalls(toks []token, m *matcher) []callSite {
	var out []callSite
	for i := 0; i+3 < len(toks); i++ {
		t := toks[i]
		if t.kind != tokIdent || t.text != "nango" || !toks[i+1].is(".") || toks[i+2].kind != tokIdent && toks[i+2].kind != tokKeyword {
			continue
		}
		if i > 0 && (toks[i-1].is(".") || toks[i-1].is("?.")) {
			continue // obj.nango.x(): not the nango identifier
		}
		method := toks[i+2].text
		j := i + 3
		if toks[j].is("<") { // type arguments: nango.get<{ a: string }>(...)
			j = skipTypeArgs(toks, m, j)
			if j < 0 || j >= len(toks) {
				continue
			}
		}
		if !toks[j].is("(") {
			continue
		}
		closeIdx := m.groupEnd(j)
		if closeIdx < 0 {
			continue
		}
		cs := callSite{method: method, line: t.line, col: t.col, idx: i}
		describeArgs(toks, m, j, closeIdx, &cs)
		cs.handled, cs.handledOutside = isHandled(toks, m, i, closeIdx)
		out = append(out, cs)
	}
	return out
}

// skipTypeArgs returns the index after the `>` that closes the `<` at i, or -1. Bracket groups
// inside are skipped whole: an object type `{ a: string; b: number }` has semicolons.
func skipTypeArgs(toks []token, m *matcher, i int) int {
	depth := 0
	for ; i < len(toks); i++ {
		t := toks[i]
		switch {
		case depth > 0 && isOpener(t) && m.groupEnd(i) > i:
			i = m.groupEnd(i)
		case t.is("<"):
			depth++
		case t.is(">"):
			depth--
			if depth == 0 {
				return i + 1
			}
		case t.is(";") || t.is("=>") && depth == 0:
			return -1
		}
	}
	return -1
}

func describeArgs(toks []token, m *matcher, open, closeIdx int, cs *callSite) {
	if closeIdx == open+1 {
		return
	}
	argStart := open + 1
	var starts, ends []int
	for k := open + 1; k < closeIdx; k++ {
		t := toks[k]
		if isOpener(t) {
			if e := m.groupEnd(k); e > 0 {
				k = e
			}
			continue
		}
		if t.is(",") {
			starts, ends = append(starts, argStart), append(ends, k)
			argStart = k + 1
		}
	}
	if argStart < closeIdx { // no trailing comma
		starts, ends = append(starts, argStart), append(ends, closeIdx)
	}
	cs.nargs = len(starts)
	if cs.nargs == 0 {
		return
	}
	ls, le := starts[len(starts)-1], ends[len(ends)-1]
	if le-ls == 1 && toks[ls].kind == tokString {
		v := toks[ls].text
		cs.lastString = &v
		cs.lastLine, cs.lastCol = toks[ls].line, toks[ls].col
	}
	fs, fe := starts[0], ends[0]
	if toks[fs].is("{") && m.groupEnd(fs) == fe-1 {
		cs.firstArgIsObjectLit = true
		cs.firstArgKeys = map[string]bool{}
		for k := fs + 1; k < fe-1; k++ {
			t := toks[k]
			if isOpener(t) {
				if e := m.groupEnd(k); e > 0 {
					k = e
				}
				continue
			}
			if (t.kind == tokIdent || t.kind == tokKeyword) && (toks[k-1].is("{") || toks[k-1].is(",")) &&
				(toks[k+1].is(":") || toks[k+1].is(",") || toks[k+1].is("}")) {
				cs.firstArgKeys[t.text] = true
			}
		}
	}
}

// endsOperand reports whether t can end an expression (so a line break after it may end the
// statement).
func endsOperand(t token) bool {
	switch t.kind {
	case tokIdent, tokNumber, tokString, tokRegexp, tokPrivate, tokTemplateTail:
		return true
	case tokTemplate:
		return t.text == "`"
	case tokKeyword:
		switch t.text {
		case "this", "super", "true", "false", "null", "undefined":
			return true
		}
	case tokPunct:
		switch t.text {
		case ")", "]", "}", "++", "--":
			return true
		}
	}
	return false
}

// startsOperand reports whether t can only begin a new expression (no binary use), so that a
// line break before it, after an operand, ends the statement.
func startsOperand(t token) bool {
	switch t.kind {
	case tokIdent, tokNumber, tokString, tokRegexp, tokPrivate:
		return true
	case tokTemplate:
		return false // a template after an operand is a tagged template
	case tokKeyword:
		switch t.text {
		case "in", "instanceof", "as", "of":
			return false
		}
		return true
	case tokPunct:
		return t.text == "!" || t.text == "~" || t.text == "{"
	}
	return false
}

func chainedThen(toks []token, closeIdx int) bool {
	k := closeIdx + 1
	if k+1 < len(toks) && (toks[k].is(".") || toks[k].is("?.")) {
		switch toks[k+1].text {
		case "then", "catch", "finally":
			return true
		}
	}
	return false
}

// isHandled walks back from the `nango` token at start, like Babel's findParent: through the
// tokens of the current expression and out of every enclosing bracket, looking for `await`,
// `return`, an arrow's expression body, or a `.then`/`.catch` on an enclosing group.
// It returns (true, _) when that happens inside the enclosing function, (false, true) when
// only beyond it.
func isHandled(toks []token, m *matcher, start, closeIdx int) (inside, outside bool) {
	if chainedThen(toks, closeIdx) {
		return true, false
	}
	crossedFunction := false
	found := func() (bool, bool) {
		if crossedFunction {
			return false, true
		}
		return true, false
	}
	cur := start
	seekOpener := false // reached a statement boundary: only climbing out is left
	for i := start - 1; i >= 0; i-- {
		t := toks[i]
		if t.kind == tokTemplateMiddle {
			// inside a substitution: climb out to the template's head
			if o := m.groupStart(i); o >= 0 {
				i = o
				t = toks[i]
			}
		}
		if !seekOpener && toks[cur].nl && endsOperand(t) && startsOperand(toks[cur]) {
			seekOpener = true // automatic semicolon insertion
		}
		if isCloser(t) {
			if !seekOpener && t.is("}") && (toks[cur].kind == tokIdent || toks[cur].kind == tokKeyword && startsOperand(toks[cur])) {
				seekOpener = true // `}` of a block directly followed by a statement
			}
			o := m.groupStart(i)
			if o < 0 {
				return false, false
			}
			i = o
			cur = o
			continue
		}
		if isOpener(t) {
			// climbing out of an enclosing group
			if t.is("{") && isFunctionBody(toks, m, i) {
				crossedFunction = true
			}
			if end := m.groupEnd(i); end > 0 && chainedThen(toks, end) {
				return found()
			}
			seekOpener = false
			cur = i
			if t.is("{") && i > 0 && toks[i-1].is("=>") {
				// leaving an arrow's block body: its `=>` is not an expression body
				i--
				cur = i
			}
			continue
		}
		if seekOpener {
			// jump straight to the enclosing opener (the loop's i-- lands on it)
			i = m.parent[i] + 1
			cur = i
			continue
		}
		switch {
		case t.is(";"):
			seekOpener = true
		case t.is("await") && i > 0 && toks[i-1].is("for"):
			// the `await` of `for await (…) {`: the call sits in the loop's body, a statement
			// of its own, so nothing awaits it
			seekOpener = true
		case t.kind == tokKeyword && (t.text == "await" || t.text == "return"):
			return found()
		case t.is("=>"):
			// an arrow's expression body: the promise is returned to the caller
			return found()
		}
		cur = i
	}
	return false, false
}

// isFunctionBody tells whether the `{` at k opens a function body (as opposed to a block, an
// object literal, a class body or a type literal; only blocks matter, since the others never
// hold a `return` directly).
func isFunctionBody(toks []token, m *matcher, k int) bool {
	if k == 0 {
		return false
	}
	p := toks[k-1]
	switch {
	case p.is("=>"):
		return true
	case p.is(")"):
		o := m.groupStart(k - 1)
		if o <= 0 {
			return false
		}
		kw := toks[o-1]
		if kw.kind == tokKeyword {
			switch kw.text {
			case "if", "for", "while", "switch", "catch", "with":
				return false
			case "await": // for await (
				return !(o >= 2 && toks[o-2].is("for"))
			}
		}
		return true
	case p.is("}"):
		// `): { a: string } {` — the body after an object-literal return type
		o := m.groupStart(k - 1)
		return o >= 2 && toks[o-1].is(":") && toks[o-2].is(")")
	case p.kind == tokKeyword:
		switch p.text {
		case "else", "try", "finally", "do", "return", "case", "default", "in", "of", "typeof", "void", "delete", "throw", "new", "await", "yield":
			return false
		}
		return true // `: void {`, `: undefined {` return types
	case p.kind == tokIdent || p.is(">") || p.is("]"):
		return true // return type annotation, or a class body
	}
	return false
}

// --- the default export ---

func findDefaultExport(toks []token, m *matcher) *defaultExport {
	for i := 0; i+1 < len(toks); i++ {
		if !(toks[i].is("export") && toks[i+1].is("default")) {
			continue
		}
		j := i + 2
		if j >= len(toks) {
			return nil
		}
		d := &defaultExport{name: "", line: toks[j].line, col: toks[j].col}
		if toks[j].kind == tokIdent && j+1 < len(toks) && (toks[j+1].is(";") || toks[j+1].nl || j+1 == len(toks)) {
			// export default fetchData;
			return describeNamedFunction(toks, m, toks[j].text, d)
		}
		fn := functionAt(toks, m, j)
		if fn == nil {
			return nil
		}
		d.name = fn.name
		d.returnLine, d.returnCol, d.returns = findValueReturn(toks, m, fn.bodyOpen)
		return d
	}
	// export { fetchData as default }
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].is("export") && toks[i+1].is("{") {
			end := m.groupEnd(i + 1)
			for k := i + 2; k+2 < end; k++ {
				if toks[k].kind == tokIdent && toks[k+1].is("as") && toks[k+2].is("default") {
					return describeNamedFunction(toks, m, toks[k].text, &defaultExport{line: toks[k].line, col: toks[k].col})
				}
			}
		}
	}
	return nil
}

func describeNamedFunction(toks []token, m *matcher, name string, d *defaultExport) *defaultExport {
	d.name = name
	for k := 0; k+1 < len(toks); k++ {
		if toks[k].kind != tokIdent || toks[k].text != name {
			continue
		}
		var fn *function
		switch {
		case k > 0 && toks[k-1].is("function"):
			fn = functionAt(toks, m, k-1-boolInt(k >= 2 && toks[k-2].is("async")))
		case k > 0 && (toks[k-1].is("const") || toks[k-1].is("let") || toks[k-1].is("var")):
			e := k + 1
			if toks[e].is(":") { // const f: Type = ...
				for e < len(toks) && !toks[e].is("=") {
					if isOpener(toks[e]) {
						if e = m.groupEnd(e); e < 0 {
							return nil
						}
					}
					e++
				}
			}
			if e < len(toks) && toks[e].is("=") {
				fn = functionAt(toks, m, e+1)
			}
		}
		if fn != nil {
			d.line, d.col = fn.line, fn.col
			d.returnLine, d.returnCol, d.returns = findValueReturn(toks, m, fn.bodyOpen)
			return d
		}
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

type function struct {
	name      string
	line, col int
	bodyOpen  int // index of the body's `{`, -1 for an expression-bodied arrow
}

// functionAt recognises `[async] function [name](...) [: T] {`, `[async] (...) [: T] => {`
// and `[async] x => {` starting at j.
func functionAt(toks []token, m *matcher, j int) *function {
	if j >= len(toks) {
		return nil
	}
	fn := &function{line: toks[j].line, col: toks[j].col, bodyOpen: -1}
	if toks[j].is("async") && j+1 < len(toks) && !toks[j+1].nl {
		j++
	}
	if j >= len(toks) {
		return nil
	}
	isArrow := true
	if toks[j].is("function") {
		isArrow = false
		j++
		if j < len(toks) && toks[j].is("*") {
			j++
		}
		if j < len(toks) && toks[j].kind == tokIdent {
			fn.name = toks[j].text
			j++
		}
	}
	if j < len(toks) && toks[j].is("<") { // type parameters
		j = skipTypeArgs(toks, m, j)
		if j < 0 {
			return nil
		}
	}
	switch {
	case j < len(toks) && toks[j].is("("):
		c := m.groupEnd(j)
		if c < 0 {
			return nil
		}
		j = c + 1
	case isArrow && j < len(toks) && toks[j].kind == tokIdent:
		j++
	default:
		return nil
	}
	if j = skipReturnType(toks, m, j, isArrow); j < 0 {
		return nil
	}
	if isArrow {
		if j >= len(toks) || !toks[j].is("=>") {
			return nil
		}
		j++
		if j < len(toks) && toks[j].is("{") {
			fn.bodyOpen = j
		}
		return fn
	}
	if j < len(toks) && toks[j].is("{") {
		fn.bodyOpen = j
		return fn
	}
	return nil
}

// typeContinues: after this token a `{` is part of the type (an object type), not the body.
func typeContinues(t token) bool {
	return t.is(":") || t.is("|") || t.is("&") || t.is("<") || t.is(",") || t.is("=>") || t.is("(") || t.is("[") || t.is("keyof") || t.is("typeof")
}

// findValueReturn finds the first `return <value>` that belongs to the function whose body
// opens at bodyOpen (returns of nested functions do not count).
func findValueReturn(toks []token, m *matcher, bodyOpen int) (line, col int, ok bool) {
	if bodyOpen < 0 {
		return 0, 0, false
	}
	end := m.groupEnd(bodyOpen)
	if end < 0 {
		return 0, 0, false
	}
	var stack []bool // per open `{`: is it a function body?
	for k := bodyOpen + 1; k < end; k++ {
		t := toks[k]
		if t.is("{") {
			stack = append(stack, isFunctionBody(toks, m, k))
			continue
		}
		if t.is("}") {
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if t.kind != tokKeyword || t.text != "return" || toks[k-1].is(".") || toks[k-1].is("?.") {
			continue
		}
		nested := false
		for _, fnBody := range stack {
			if fnBody {
				nested = true
				break
			}
		}
		if nested {
			continue
		}
		n := toks[k+1]
		if n.is(";") || n.is("}") || n.nl {
			continue
		}
		return t.line, t.col, true
	}
	return 0, 0, false
}

// skipReturnType skips an optional `: Type` after a parameter list, returning the index of
// the token after it (the body's `{` or the arrow), or -1 when the type does not end.
func skipReturnType(toks []token, m *matcher, j int, isArrow bool) int {
	if j >= len(toks) || !toks[j].is(":") {
		return j
	}
	for j++; j < len(toks); {
		t := toks[j]
		if t.is("{") && !(j > 0 && typeContinues(toks[j-1])) || t.is("=>") && isArrow && !typeContinues(toks[j-1]) {
			break
		}
		switch {
		case isOpener(t):
			e := m.groupEnd(j)
			if e < 0 {
				return -1
			}
			j = e + 1
		case t.is("<"):
			e := skipTypeArgs(toks, m, j)
			if e < 0 {
				return -1
			}
			j = e
		default:
			j++
		}
	}
	return j
}
