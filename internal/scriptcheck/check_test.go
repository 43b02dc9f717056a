package scriptcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/scriptkind"
)

// writeProject writes files (relative path → content) under a temp dir.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func checkOne(t *testing.T, typ scriptkind.Kind, src string, extra map[string]string) []Diagnostic {
	t.Helper()
	files := map[string]string{"acme/" + typ.Dir() + "/s.ts": src}
	for k, v := range extra {
		files[k] = v
	}
	dir := writeProject(t, files)
	s := Script{Integration: "acme", Name: "s", Kind: typ, Outputs: []string{"Contact"}}
	c := NewChecker(Project{Dir: dir, Scripts: []Script{s}, Models: []string{"Contact", "Company"}})
	entry, ok := Locate(dir, s)
	if !ok {
		t.Fatal("script not found")
	}
	return c.CheckScript(s, entry)
}

type want struct {
	code      string
	sev       Severity
	line, col int
}

func TestChecks(t *testing.T) {
	tests := []struct {
		name  string
		typ   scriptkind.Kind
		src   string
		extra map[string]string
		want  []want
	}{
		{name: "awaited calls are fine", typ: scriptkind.Action, src: `
export default async function run(nango: NangoAction) {
    await nango.get({ endpoint: '/x' });
    const r = await nango.post<{ id: string }>({ endpoint: '/y', retries: 2 });
    const [a, b] = await Promise.all([nango.get({ endpoint: '/a' }), nango.get({ endpoint: '/b' })]);
    nango.getConnection().then((c) => c);
    return (await nango.getMetadata()) ?? r;
}`},
		{name: "real-world patterns raise nothing", typ: scriptkind.Sync, src: `
import type { NangoSync, Contact, ProxyConfiguration } from '../../models';
import type { Raw } from '../types';

const CACHE = { contacts: new Map<string, Contact>() };

async function byId(nango: NangoSync, id: string): Promise<Contact | undefined> {
    if (CACHE.contacts.has(id)) {
        return CACHE.contacts.get(id);
    }
    const config: ProxyConfiguration = { endpoint: ` + "`/contacts/${id}`" + `, retries: 10 };
    const response = await nango.get<Raw>(config);
    return response.data as unknown as Contact;
}

function query(fields: string[], since?: Date): string {
    let q = ` + "`\n    SELECT Id, ${fields.join(' ,')}\n    FROM X\n`" + `;
    if (since) {
        q += ` + "` AND LastModifiedDate > ${since.toISOString()}`" + `;
    }
    return q;
}

export default async function fetchData(nango: NangoSync): Promise<void> {
    const metadata = await nango.getMetadata<{ fields: string[] }>();
    if (!metadata.fields) {
        throw new Error('fields are required');
    }
    const [a, b] = await Promise.all([
        nango.get<Raw>({ endpoint: '/a' }),
        nango.get<Raw>({ endpoint: '/b' })
    ]);
    const pending: Promise<Raw>[] = [a, b].map((x) =>
        nango
            .get<Raw>({ endpoint: '/x', retries: 3, params: { q: query([], nango.lastSyncDate) } })
            .then((response: { data: Raw }) => {
                if (response.data) {
                    return { ...response.data };
                }
                throw new nango.ActionError({ message: ` + "`not found ${x}`" + ` });
            })
    );
    const settled = await Promise.allSettled(pending);
    const ok = settled.filter((r): r is PromiseFulfilledResult<Raw> => r.status === 'fulfilled').map((r) => r.value);
    for await (const page of nango.paginate<Raw>({ endpoint: '/contacts', retries: 10 })) {
        const mapped = page.map(({ Id, ...rest }: Record<string, any>) => {
            const content = Object.keys(rest).map((k) => ` + "`${k}: ${rest[k] ?? 'N/A'}`" + `).join('\n');
            return { id: Id, content } as unknown as Contact;
        });
        const more = await byId(nango, 'x');
        await nango.batchSave<Contact>(more ? [...mapped, more] : mapped, 'Contact');
    }
    const ratio = ok.length / 2 / (a ? 1 : 2);
    await nango.log(` + "`done ${ratio}`" + `, { level: 'info' });
}
`},
		{name: "regexps goja cannot run", typ: scriptkind.Action, src: `
export default async function run(nango: NangoAction) {
    const a = /x(?<n>y)/d.exec('xy');
    const b = /\p{L}+/u.test('é');
    const c = /\d+/g.test('1');
}`, want: []want{{CodeUnsupportedSyntax, SeverityWarning, 3, 15}, {CodeUnsupportedSyntax, SeverityWarning, 4, 15}}},
		{name: "a regexp after a block, division after an object", typ: scriptkind.Action, src: `
export default async function run(nango: NangoAction, s: string) {
    if (s) {
        await nango.log('x');
    }
    /["'` + "`" + `]/.test(s) && await nango.log('quote');
    const half = { n: 4 }.n / 2 / 1;
    const t = ` + "`${ { a: 1 }.a / 2 }`" + `;
}`},
		{name: "unawaited call", typ: scriptkind.Action, src: `
export default async function run(nango: NangoAction, input: any) {
    nango.delete({ endpoint: ` + "`/v1/contacts/${input.id}`" + ` });
    return true;
}`, want: []want{{CodeNotAwaited, SeverityError, 3, 5}}},
		{name: "unawaited inside a for await body", typ: scriptkind.Sync, src: `
export default async function fetchData(nango: NangoSync) {
    for await (const page of nango.paginate({ endpoint: '/x' })) {
        if (page.length > 0) {
            nango.batchSave(page, 'Contact');
        }
    }
}`, want: []want{{CodeNotAwaited, SeverityError, 5, 13}}},
		{name: "unawaited after a line without semicolon", typ: scriptkind.Action, src: `
export default async function run(nango: NangoAction) {
    const x = await foo()
    nango.log('x')
}`, want: []want{{CodeNotAwaited, SeverityError, 4, 5}}},
		{name: "returned and arrow bodies count as handled", typ: scriptkind.Action, src: `
export default async function run(nango: NangoAction) {
    const get = (p: string) => nango.get({ endpoint: p });
    return nango.post({ endpoint: '/x' });
}`},
		{name: "dropped inside an awaited callback is a warning", typ: scriptkind.Action, src: `
export default async function run(nango: NangoAction, ids: string[]) {
    await Promise.all(ids.map(async (id) => { nango.get({ endpoint: id }); }));
}`, want: []want{{CodeNotAwaited, SeverityWarning, 3, 47}}},
		{name: "dropped inside a callback nobody awaits", typ: scriptkind.Action, src: `
export default async function run(nango: NangoAction, ids: string[]) {
    ids.forEach((id) => {
        nango.get({ endpoint: id });
    });
}`, want: []want{{CodeNotAwaited, SeverityError, 4, 9}}},
		{name: "strings, comments, regexps and templates are not code", typ: scriptkind.Action, src: `
// nango.get({}) in a comment
/* nango.post({}) */
export default async function run(nango: NangoAction) {
    const s = "nango.get({})";
    const r = /nango.get\(/g;
    const t = ` + "`nango.get(${ await nango.get({ endpoint: '/x' }) })`" + `;
    const d = 4 / 2 / 1;
}`},
		{name: "batchSave in action", typ: scriptkind.Action, src: `
export default async function run(nango: NangoAction, input: any) {
    await nango.delete({ endpoint: '/x' });
    await nango.batchSave([{ id: input.id }], 'IdEntity');
    return true;
}`, want: []want{{CodeBatchInAction, SeverityError, 4, 11}}},
		{name: "unknown model", typ: scriptkind.Sync, src: `
export default async function fetchData(nango: NangoSync) {
    await nango.batchSave<Company>([], 'Companies');
}`, want: []want{{CodeInvalidModel, SeverityError, 3, 40}}},
		{name: "model that is not an output", typ: scriptkind.Sync, src: `
export default async function fetchData(nango: NangoSync) {
    await nango.batchSave([], 'Company');
    await nango.batchDelete([], 'Contact');
}`, want: []want{{CodeModelNotOutput, SeverityWarning, 3, 31}}},
		{name: "sync returning a value", typ: scriptkind.Sync, src: `
export default async function fetchData(nango: NangoSync): Promise<{ a: number }> {
    const f = function () { return 1; };
    const g = () => { return 2; };
    const o = { m() { return 3; } };
    if (f()) {
        return;
    }
    return { a: 1 };
}`, want: []want{{CodeSyncReturnsValue, SeverityError, 9, 5}}},
		{name: "sync returning nothing", typ: scriptkind.Sync, src: `
export default async function fetchData(nango: NangoSync): Promise<void> {
    for await (const page of nango.paginate({ endpoint: '/x' })) {
        if (!page) { return; }
    }
    const map = (x: number): { y: number } => { return { y: x }; };
    function helper(): { a: string } { return { a: '' }; }
}`},
		{name: "sync default export by name", typ: scriptkind.Sync, src: `
const fetchData = async (nango: NangoSync) => {
    return 5;
};
export default fetchData;`, want: []want{{CodeSyncReturnsValue, SeverityError, 3, 5}}},
		{name: "retryOn without retries", typ: scriptkind.Action, src: `
export default async function run(nango: NangoAction) {
    await nango.get({ endpoint: '/x', retryOn: [429] });
    await nango.get({ endpoint: '/x', retryOn: [429], retries: 3 });
}`, want: []want{{CodeRetryOnNoRetries, SeverityError, 3, 11}}},
		{name: "deprecated call", typ: scriptkind.Sync, src: `
export default async function fetchData(nango: NangoSync) {
    await nango.batchSend([], 'Contact');
}`, want: []want{{CodeDeprecated, SeverityWarning, 3, 11}}},
		{name: "setMergingStrategy after batchSave", typ: scriptkind.Sync, src: `
export default async function fetchData(nango: NangoSync) {
    await nango.batchSave([], 'Contact');
    await nango.setMergingStrategy({ strategy: 'ignore_if_modified_after' }, 'Contact');
}`, want: []want{{CodeMergingStrategy, SeverityError, 4, 11}}},
		{name: "imports", typ: scriptkind.Action, src: `
import _ from 'lodash';
import * as fs from 'node:fs';
import { isEmpty, type Foo } from 'lodash-es';
import type { Bar } from 'some-types';
import { type Baz } from 'other-types';
import { z } from 'zod';
import crypto from 'node:crypto';
import type { NangoAction } from '../../models';
export { x } from 'leftpad';
const y = require('axios');
export default async function run(nango: NangoAction) {
    const m = await import('dyn');
}`, want: []want{
			{CodeDisallowedImport, SeverityError, 2, 15},
			{CodeDisallowedImport, SeverityError, 3, 21},
			{CodeDisallowedImport, SeverityError, 4, 35},
			{CodeDisallowedImport, SeverityError, 10, 19},
			{CodeDisallowedImport, SeverityError, 11, 19},
			{CodeDisallowedImport, SeverityError, 13, 28},
		}},
		{name: "helpers are checked with the script's type", typ: scriptkind.Action, src: `
import { save } from '../helpers/save.js';
export default async function run(nango: NangoAction) {
    await save(nango);
}`, extra: map[string]string{"acme/helpers/save.ts": `
import _ from 'lodash';
export async function save(nango: any) {
    await nango.batchSave([], 'Contact');
}`}, want: []want{{CodeDisallowedImport, SeverityError, 2, 15}, {CodeBatchInAction, SeverityError, 4, 11}}},
		{name: "import from outside the project", typ: scriptkind.Action, src: `
import { x } from '../../../outside';
export default async function run(nango: NangoAction) {}`,
			extra: map[string]string{"../outside.ts": "export const x = 1;"},
			want:  []want{{CodeImportOutside, SeverityError, 2, 19}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkOne(t, tt.typ, tt.src, tt.extra)
			var gotW []want
			for _, d := range got {
				gotW = append(gotW, want{d.Code, d.Severity, d.Line, d.Column})
			}
			if len(gotW) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(gotW), len(tt.want), dump(got))
			}
			for i := range gotW {
				if gotW[i] != tt.want[i] {
					t.Errorf("diagnostic %d = %+v, want %+v\n%s", i, gotW[i], tt.want[i], dump(got))
				}
			}
		})
	}
}

func dump(ds []Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + " [" + d.Code + "]\n")
	}
	return b.String()
}

func TestCheckLayout(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"gh/syncs/issues.ts":        "",
		"gh/syncs/stray.ts":         "",
		"gh/syncs/types.d.ts":       "",
		"gh/actions/create.ts":      "", // declared as a sync below: misplaced
		"flat-action.ts":            "",
		"old/actions/gone.ts":       "",
		"node_modules/x/syncs/a.ts": "",
		"lib/helpers.ts":            "",
	})
	p := Project{Dir: dir, Scripts: []Script{
		{Integration: "gh", Name: "issues", Kind: scriptkind.Sync},
		{Integration: "gh", Name: "create", Kind: scriptkind.Sync, DeclLine: 4, DeclColumn: 7},
		{Integration: "gh", Name: "flat-action", Kind: scriptkind.Action},
		{Integration: "gh", Name: "setup", Kind: scriptkind.OnEvent, DeclLine: 9, DeclColumn: 11},
		{Integration: "gh", Name: "legacy", Kind: scriptkind.PostConnection},
	}}
	got := CheckLayout(p)
	var lines []string
	for _, d := range got {
		lines = append(lines, d.String())
	}
	want := []string{
		`nango.yaml:4:7: error: sync "create" of integration "gh" has no script file: create gh/syncs/create.ts (or create.ts at the project root); gh/actions/create.ts exists but nango.yaml declares "create" as a sync, not an action`,
		`nango.yaml:9:11: error: on-event "setup" of integration "gh" has no script file: create gh/on-events/setup.ts`,
		`gh/syncs/stray.ts: warning: not declared in nango.yaml, so not compiled: declare "stray" under integrations > gh > syncs, or move the file out of syncs/`,
		`gh/actions/create.ts: warning: not declared in nango.yaml, so not compiled: declare "create" under integrations > gh > actions, or move the file out of actions/`,
		`old/actions/gone.ts: warning: integration "old" is not declared in nango.yaml, so this script is not compiled`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
