package scriptcheck

// What the zero-yaml rules (zero.go) need from one file, found with the same tokens and
// bracket matcher as the nango.yaml checks (analyze.go).

// ZeroWrappers are the calls a zero-yaml function's default export is made with; they are also
// the only names an entry file may export besides its default.
var ZeroWrappers = []string{"createAction", "createSync", "createOnEvent", "createFunction"}

type zeroInfo struct {
	// namedExports are the value exports (not types, not re-exports) with their names.
	namedExports []namedExport
	// def is the default export; nil when the file has none.
	def *zeroDefault
	// consoles are the `console.<x>` uses.
	consoles []namedExport
	// execStart..execEnd are the tokens of the `exec` property (-1 when there is none).
	execStart, execEnd int
}

type namedExport struct {
	name      string
	line, col int
}

type zeroDefault struct {
	line, col int
	// wrapper is createSync, createAction, … ("" when the export is not such a call).
	wrapper string
	// argLine, argCol: the wrapper's argument when it is not an object literal (0 otherwise).
	argLine, argCol int
}

func analyzeZero(toks []token, m *matcher) zeroInfo {
	z := zeroInfo{execStart: -1, execEnd: -1}
	for i, t := range toks {
		switch {
		case t.is("export") && m.parent[i] == -1 && i+1 < len(toks):
			if toks[i+1].is("default") {
				if z.def == nil {
					z.def = defaultShape(toks, m, i)
				}
				continue
			}
			z.namedExports = append(z.namedExports, exportedNames(toks, m, i)...)
		case t.kind == tokIdent && t.text == "console" && i+2 < len(toks) && toks[i+1].is(".") && (i == 0 || !toks[i-1].is(".")):
			z.consoles = append(z.consoles, namedExport{"console." + toks[i+2].text, t.line, t.col})
		case t.kind == tokIdent && t.text == "exec" && z.execStart < 0 && i+1 < len(toks) && (toks[i+1].is(":") || toks[i+1].is("(")) &&
			i > 0 && (toks[i-1].is("{") || toks[i-1].is(",") || toks[i-1].is("async")):
			z.execStart, z.execEnd = i, propertyEnd(toks, m, i)
		}
	}
	return z
}

// propertyEnd is the last token of the object property starting at i: before the next comma
// of the same object, or the object's closing brace.
func propertyEnd(toks []token, m *matcher, i int) int {
	p := m.parent[i]
	for k := i + 1; k < len(toks); k++ {
		if isOpener(toks[k]) {
			if e := m.groupEnd(k); e > 0 {
				k = e
				continue
			}
		}
		// (a closer's parent is the group around its opener, so the object's `}` is
		// found by its opener)
		if m.parent[k] == p && toks[k].is(",") || p >= 0 && k == m.groupEnd(p) {
			return k
		}
	}
	return len(toks) - 1
}

// exportedNames reads `export const|let|var|function|class|enum X` and `export { a, b as c }`
// at token i (`export`); type exports and re-exports (`… from`) give nothing.
func exportedNames(toks []token, m *matcher, i int) []namedExport {
	j := i + 1
	if toks[j].is("declare") || toks[j].is("type") || toks[j].is("interface") || toks[j].is("*") {
		return nil
	}
	if toks[j].is("{") {
		end := m.groupEnd(j)
		if end < 0 || end+1 < len(toks) && toks[end+1].is("from") {
			return nil
		}
		var out []namedExport
		for k := j + 1; k < end; k++ {
			if toks[k].is(",") {
				continue
			}
			start := k
			for k+1 < end && !toks[k+1].is(",") {
				k++
			}
			if toks[start].is("type") && k > start { // export { type X }
				continue
			}
			name := toks[k] // the exported name: the alias after `as`, or the local name
			if name.text != "default" {
				out = append(out, namedExport{name.text, toks[start].line, toks[start].col})
			}
		}
		return out
	}
	for j < len(toks) && (toks[j].is("async") || toks[j].is("abstract") || toks[j].is("const") && j+1 < len(toks) && toks[j+1].is("enum")) {
		j++
	}
	if j+1 < len(toks) && (toks[j].is("const") || toks[j].is("let") || toks[j].is("var") || toks[j].is("function") ||
		toks[j].is("class") || toks[j].is("enum")) {
		k := j + 1
		if toks[k].is("*") { // function* gen
			k++
		}
		if k < len(toks) && (toks[k].kind == tokIdent || toks[k].kind == tokKeyword) {
			return []namedExport{{toks[k].text, toks[i].line, toks[i].col}}
		}
	}
	return nil
}

// defaultShape reads `export default createX({...})`, `export default x` with
// `const x = createX({...})`, or anything else (wrapper "").
func defaultShape(toks []token, m *matcher, i int) *zeroDefault {
	d := &zeroDefault{line: toks[i].line, col: toks[i].col}
	j := i + 2
	if j >= len(toks) {
		return d
	}
	if toks[j].kind == tokIdent && !isWrapper(toks[j].text) && (j+1 == len(toks) || toks[j+1].is(";") || toks[j+1].nl) {
		j = declarationValue(toks, m, toks[j].text)
		if j < 0 {
			return d
		}
	}
	wrapperCall(toks, m, j, d)
	return d
}

// declarationValue returns the index of the value of the top-level `const|let|var name =`,
// or -1.
func declarationValue(toks []token, m *matcher, name string) int {
	for k := 1; k+2 < len(toks); k++ {
		if m.parent[k] != -1 || toks[k].text != name || toks[k].kind != tokIdent ||
			!(toks[k-1].is("const") || toks[k-1].is("let") || toks[k-1].is("var")) {
			continue
		}
		e := k + 1
		for e < len(toks) && !toks[e].is("=") && !toks[e].is(";") {
			if isOpener(toks[e]) {
				if e = m.groupEnd(e); e < 0 {
					return -1
				}
			}
			e++
		}
		if e+1 < len(toks) && toks[e].is("=") {
			return e + 1
		}
		return -1
	}
	return -1
}

// wrapperCall fills d when toks[j] starts `createX[<T>](arg)`.
func wrapperCall(toks []token, m *matcher, j int, d *zeroDefault) {
	if j+1 >= len(toks) || toks[j].kind != tokIdent || !isWrapper(toks[j].text) {
		return
	}
	k := j + 1
	if toks[k].is("<") {
		if k = skipTypeArgs(toks, m, k); k < 0 || k >= len(toks) {
			return
		}
	}
	if !toks[k].is("(") {
		return
	}
	d.wrapper = toks[j].text
	if arg := k + 1; arg < len(toks) && !toks[arg].is("{") {
		d.argLine, d.argCol = toks[arg].line, toks[arg].col
	}
}

func isWrapper(name string) bool {
	for _, w := range ZeroWrappers {
		if w == name {
			return true
		}
	}
	return false
}
