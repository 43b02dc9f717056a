// The built-in `vitest` module of the native test runner, with vitest 2.1.9's semantics
// (reference: ../shared/reference/vitest-harness.md §2). Written for this project; it is
// bundled once with esbuild (async generators lowered) and evaluated in each file's fresh
// runtime. It evaluates to a function taking the Go host object and returning
// {exports, collect, run}.
//
// host: realNow() ms (wall clock, for durations), setNow(ms|undefined) (freezes the clock the
// script sees; undefined restores it), takeConsole() (console lines since the last call),
// testFile (base name of the test file, to find its frames in stacks).
(function (host) {
    'use strict';

    const UNSUPPORTED = ' is not supported by the native test runner (nango test); run this file with vitest, or remove the call';

    function unsupported(api) {
        const e = new Error('vitest API ' + api + UNSUPPORTED);
        e.name = 'UnsupportedError';
        return e;
    }

    // A getter-proxy that throws for any unknown string property, naming the API.
    function strict(target, prefix) {
        return new Proxy(target, {
            get(t, prop, recv) {
                if (prop in t || typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON' || prop === 'default' || prop.startsWith('__') || prop === 'constructor' || prop === 'prototype') {
                    return Reflect.get(t, prop, recv);
                }
                throw unsupported(prefix + prop);
            }
        });
    }

    // ---- collection ---------------------------------------------------------------------------

    function newSuite(name, fn, parent) {
        return { type: 'suite', name, fn, parent, children: [], hooks: { beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] }, error: null };
    }
    const root = newSuite('', null, null);
    let current = root;
    let running = null; // the test being run

    function describe(name, fn) {
        if (running) {
            throw new Error('describe() cannot be called inside a test: "' + running.name + '"');
        }
        const s = newSuite(describeName(name), fn, current);
        current.children.push(s);
    }
    function describeName(name) {
        return typeof name === 'function' ? name.name : String(name);
    }
    function test(name, fn, timeout) {
        if (running) {
            throw new Error('test() cannot be called inside another test: "' + running.name + '"');
        }
        if (fn !== undefined && typeof fn !== 'function') {
            if (typeof fn === 'object') {
                throw unsupported('test options object');
            }
            throw new TypeError('test "' + name + '": the second argument must be a function');
        }
        current.children.push({ type: 'test', name: describeName(name), fn, timeout: typeof timeout === 'number' ? timeout : 5000, parent: current });
    }
    for (const variant of ['skip', 'only', 'each', 'todo', 'concurrent', 'sequential', 'skipIf', 'runIf', 'fails', 'for', 'extend', 'shuffle']) {
        describe[variant] = function () {
            throw unsupported('describe.' + variant);
        };
        test[variant] = function () {
            throw unsupported('test.' + variant);
        };
    }
    function hook(kind) {
        return function (fn) {
            if (typeof fn !== 'function') {
                throw new TypeError(kind + ' expects a function');
            }
            if (running) {
                throw new Error(kind + '() cannot be called inside a test');
            }
            current.hooks[kind].push(fn);
        };
    }

    async function collectSuite(s) {
        for (let i = 0; i < s.children.length; i++) {
            const c = s.children[i];
            if (c.type !== 'suite') {
                continue;
            }
            current = c;
            try {
                if (typeof c.fn === 'function') {
                    await c.fn();
                }
            } catch (e) {
                c.error = e;
            }
            current = s;
            await collectSuite(c);
        }
    }

    // collect runs every registered describe body (the module's top level already ran) and
    // returns the collection errors (a throwing body, an empty suite).
    async function collect() {
        await collectSuite(root);
        const errors = [];
        (function walk(s, path) {
            if (s.error) {
                errors.push(failure(s.error, path.join(' > ')));
            }
            let tests = 0;
            for (const c of s.children) {
                if (c.type === 'test') {
                    tests++;
                } else {
                    tests += walk(c, path.concat(c.name));
                }
            }
            if (tests === 0 && !s.error && s !== root) {
                errors.push({ name: 'Error', message: 'No test found in suite ' + s.name });
            }
            return tests;
        })(root, []);
        if (countTests(root) === 0 && errors.length === 0) {
            errors.push({ name: 'Error', message: 'No test found in suite ' + host.testFile });
        }
        return errors;
    }
    function countTests(s) {
        let n = 0;
        for (const c of s.children) {
            n += c.type === 'test' ? 1 : countTests(c);
        }
        return n;
    }

    // ---- execution ----------------------------------------------------------------------------

    function withTimeout(promise, ms, what) {
        if (!promise || typeof promise.then !== 'function') {
            return promise;
        }
        let timer;
        const limit = new Promise((_, reject) => {
            timer = realTimers.setTimeout(() => {
                const e = new Error(what + ' timed out in ' + ms + 'ms.\nIf this is a long-running ' + (what === 'Test' ? 'test' : 'hook') + ', pass a timeout value as the last argument or configure it globally with "' + (what === 'Test' ? 'testTimeout' : 'hookTimeout') + '".');
                reject(e);
            }, ms);
        });
        return Promise.race([promise, limit]).finally(() => realTimers.clearTimeout(timer));
    }

    async function runHooks(list, what) {
        for (const h of list) {
            await withTimeout(h(), 10000, 'Hook');
        }
    }

    function ancestors(s) {
        const out = [];
        for (let p = s; p; p = p.parent) {
            out.unshift(p);
        }
        return out;
    }

    function fullPath(t) {
        const names = [];
        for (let p = t; p && p.parent; p = p.parent) {
            names.unshift(p.name);
        }
        return names;
    }

    async function runTest(t, pattern, results) {
        const path = fullPath(t);
        const r = { name: path.join(' > '), title: t.name, status: 'pass', duration: 0, failure: null, console: [] };
        if (pattern && !pattern.test(path.join(' '))) {
            r.status = 'skip';
            results.push(r);
            return;
        }
        if (typeof t.fn !== 'function') {
            r.status = 'skip'; // test('name') with no body is a todo in vitest
            results.push(r);
            return;
        }
        const start = host.realNow();
        const chain = ancestors(t.parent);
        const cleanups = [];
        let err = null;
        running = t;
        try {
            for (const s of chain) {
                for (const h of s.hooks.beforeEach) {
                    const ret = await withTimeout(h(), 10000, 'Hook');
                    if (typeof ret === 'function') {
                        cleanups.push(ret);
                    }
                }
            }
            await withTimeout(t.fn(), t.timeout, 'Test');
        } catch (e) {
            err = e;
        }
        for (let i = chain.length - 1; i >= 0; i--) {
            const hooks = chain[i].hooks.afterEach;
            for (let j = hooks.length - 1; j >= 0; j--) {
                try {
                    await withTimeout(hooks[j](), 10000, 'Hook');
                } catch (e) {
                    err = err || e;
                }
            }
        }
        for (let i = cleanups.length - 1; i >= 0; i--) {
            try {
                await cleanups[i]();
            } catch (e) {
                err = err || e;
            }
        }
        running = null;
        r.duration = host.realNow() - start;
        if (err !== null) {
            r.status = 'fail';
            r.failure = failure(err, r.name);
        }
        r.console = host.takeConsole();
        results.push(r);
    }

    function hasSelected(s, pattern) {
        for (const c of s.children) {
            if (c.type === 'test' ? !pattern || pattern.test(fullPath(c).join(' ')) : hasSelected(c, pattern)) {
                return true;
            }
        }
        return false;
    }

    async function runSuite(s, pattern, results) {
        if (!hasSelected(s, pattern)) {
            for (const c of s.children) {
                if (c.type === 'test') {
                    results.push({ name: fullPath(c).join(' > '), title: c.name, status: 'skip', duration: 0, failure: null, console: [] });
                } else {
                    await runSuite(c, pattern, results);
                }
            }
            return;
        }
        let allErr = null;
        try {
            await runHooks(s.hooks.beforeAll);
        } catch (e) {
            allErr = e;
        }
        for (const c of s.children) {
            if (allErr) {
                const path = c.type === 'test' ? fullPath(c).join(' > ') : fullPath(c).join(' > ');
                results.push({ name: path, title: c.name, status: 'fail', duration: 0, failure: failure(allErr, path), console: [] });
                continue;
            }
            if (c.type === 'test') {
                await runTest(c, pattern, results);
            } else {
                await runSuite(c, pattern, results);
            }
        }
        try {
            await runHooks(s.hooks.afterAll);
        } catch (e) {
            const path = fullPath(s).join(' > ');
            results.push({ name: path + ' (afterAll)', title: 'afterAll', status: 'fail', duration: 0, failure: failure(e, path), console: [] });
        }
    }

    // The run in progress: an unhandled rejection stops the Go side's wait (jsruntime reports
    // it at once), and Go resumes waiting on this promise so that the remaining tests run, as
    // vitest reports such an error next to passing tests instead of stopping.
    let inProgress = null;

    function run(patternSource) {
        const pattern = patternSource ? new RegExp(patternSource) : null;
        inProgress = (async () => {
            const results = [];
            await runSuite(root, pattern, results);
            return results;
        })();
        return inProgress;
    }

    function resume() {
        return inProgress;
    }

    // currentTest names the test running now (for an unhandled rejection's report).
    function currentTest() {
        return running ? fullPath(running).join(' > ') : '';
    }

    // ---- failures -----------------------------------------------------------------------------

    // location finds the first frame of the test file in a goja stack (already mapped to .ts
    // lines by the inline source map).
    function location(stack) {
        if (typeof stack !== 'string') {
            return '';
        }
        const lines = stack.split('\n');
        for (const l of lines) {
            const m = /([^\s(]+):(\d+):(\d+)/.exec(l);
            if (m && (m[1] === host.testFile || m[1].endsWith('/' + host.testFile))) {
                return m[2] + ':' + m[3];
            }
        }
        return '';
    }

    function failure(e, testName) {
        if (e instanceof Error || (e && typeof e === 'object' && typeof e.message === 'string')) {
            return {
                name: e.name || 'Error',
                message: String(e.message),
                stack: typeof e.stack === 'string' ? e.stack : '',
                diff: typeof e.diff === 'string' ? e.diff : '',
                location: e.__location || location(e.stack),
                test: testName
            };
        }
        return { name: 'Thrown', message: fmt(e), stack: '', diff: '', location: '', test: testName };
    }

    // ---- formatting ---------------------------------------------------------------------------

    function typeName(v) {
        if (v === null) {
            return 'null';
        }
        if (Array.isArray(v)) {
            return 'Array';
        }
        if (typeof v === 'object') {
            const proto = Object.getPrototypeOf(v);
            if (proto === null) {
                return 'Object';
            }
            const c = proto.constructor;
            return c && c.name ? c.name : 'Object';
        }
        return typeof v;
    }

    // fmt is vitest's short one-line form used in messages.
    function fmt(v, depth) {
        depth = depth || 0;
        if (isAsymmetric(v)) {
            return v.toString();
        }
        if (typeof v === 'string') {
            return depth === 0 ? "'" + v + "'" : "'" + v + "'";
        }
        if (typeof v === 'number') {
            return Object.is(v, -0) ? '-0' : String(v);
        }
        if (typeof v === 'bigint') {
            return v + 'n';
        }
        if (typeof v === 'function') {
            return v._isMockFunction ? 'spy' : '[Function' + (v.name ? ' ' + v.name : '') + ']';
        }
        if (typeof v === 'symbol' || typeof v === 'boolean' || v === undefined || v === null) {
            return String(v);
        }
        if (v instanceof Date) {
            return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
        }
        if (v instanceof RegExp) {
            return String(v);
        }
        if (v instanceof Error) {
            return '[' + (v.name || 'Error') + ': ' + v.message + ']';
        }
        if (depth > 2) {
            return Array.isArray(v) ? '[Array]' : '[Object]';
        }
        let s;
        if (Array.isArray(v)) {
            const items = v.slice(0, 10).map((x) => fmt(x, depth + 1));
            if (v.length > 10) {
                items.push('… ' + (v.length - 10) + ' more items');
            }
            s = '[ ' + items.join(', ') + ' ]';
            if (v.length === 0) {
                s = '[]';
            }
        } else {
            const keys = Object.keys(v);
            const items = keys.slice(0, 10).map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : "'" + k + "'") + ': ' + fmt(v[k], depth + 1));
            if (keys.length > 10) {
                items.push('…');
            }
            const tn = typeName(v);
            s = (tn === 'Object' ? '' : tn + ' ') + (items.length ? '{ ' + items.join(', ') + ' }' : '{}');
        }
        if (s.length > 200) {
            s = s.slice(0, 197) + '…';
        }
        return s;
    }

    // pretty is the multi-line, key-sorted form the diff compares.
    function pretty(v, indent, seen) {
        indent = indent || '';
        seen = seen || [];
        if (isAsymmetric(v)) {
            return v.toString();
        }
        if (typeof v === 'string') {
            return JSON.stringify(v);
        }
        if (v === null || typeof v !== 'object') {
            return fmt(v);
        }
        if (v instanceof Date || v instanceof RegExp || v instanceof Error) {
            return fmt(v);
        }
        if (seen.indexOf(v) >= 0) {
            return '[Circular]';
        }
        seen = seen.concat([v]);
        const inner = indent + '  ';
        if (Array.isArray(v)) {
            if (v.length === 0) {
                return 'Array []';
            }
            const out = [];
            for (let i = 0; i < v.length; i++) {
                out.push(inner + pretty(v[i], inner, seen) + ',');
            }
            return 'Array [\n' + out.join('\n') + '\n' + indent + ']';
        }
        if (v instanceof Map || v instanceof Set) {
            const out = [];
            v.forEach((val, k) => out.push(inner + (v instanceof Map ? pretty(k, inner, seen) + ' => ' : '') + pretty(val, inner, seen) + ','));
            return typeName(v) + ' {\n' + out.join('\n') + '\n' + indent + '}';
        }
        const keys = Object.keys(v).sort();
        if (keys.length === 0) {
            return typeName(v) + ' {}';
        }
        const out = keys.map((k) => inner + JSON.stringify(k) + ': ' + pretty(v[k], inner, seen) + ',');
        return typeName(v) + ' {\n' + out.join('\n') + '\n' + indent + '}';
    }

    // lineDiff is a unified diff of two texts: common lines are kept (runs longer than 6 are
    // collapsed), "- " lines are expected only, "+ " lines received only; it is capped.
    function lineDiff(expectedText, receivedText) {
        const a = expectedText.split('\n');
        const b = receivedText.split('\n');
        let pre = 0;
        while (pre < a.length && pre < b.length && a[pre] === b[pre]) {
            pre++;
        }
        let suf = 0;
        while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) {
            suf++;
        }
        const am = a.slice(pre, a.length - suf);
        const bm = b.slice(pre, b.length - suf);
        let ops = [];
        if (am.length * bm.length <= 250000) {
            // LCS table over the differing middle.
            const n = am.length;
            const m = bm.length;
            const t = [];
            for (let i = 0; i <= n; i++) {
                t.push(new Array(m + 1).fill(0));
            }
            for (let i = n - 1; i >= 0; i--) {
                for (let j = m - 1; j >= 0; j--) {
                    t[i][j] = am[i] === bm[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
                }
            }
            let i = 0;
            let j = 0;
            while (i < n || j < m) {
                if (i < n && j < m && am[i] === bm[j]) {
                    ops.push('  ' + am[i]);
                    i++;
                    j++;
                } else if (i < n && (j >= m || t[i + 1][j] >= t[i][j + 1])) {
                    ops.push('- ' + am[i]);
                    i++;
                } else {
                    ops.push('+ ' + bm[j]);
                    j++;
                }
            }
        } else {
            ops = am.map((l) => '- ' + l).concat(bm.map((l) => '+ ' + l));
        }
        const all = a.slice(0, pre).map((l) => '  ' + l).concat(ops, a.slice(a.length - suf).map((l) => '  ' + l));
        // Collapse unchanged runs: keep 3 lines of context around changes.
        const keep = all.map(() => false);
        all.forEach((l, i) => {
            if (l[0] !== ' ') {
                for (let k = Math.max(0, i - 3); k <= Math.min(all.length - 1, i + 3); k++) {
                    keep[k] = true;
                }
            }
        });
        const out = [];
        let skipped = 0;
        all.forEach((l, i) => {
            if (keep[i]) {
                if (skipped) {
                    out.push('  … ' + skipped + ' unchanged lines');
                    skipped = 0;
                }
                out.push(l);
            } else {
                skipped++;
            }
        });
        if (skipped) {
            out.push('  … ' + skipped + ' unchanged lines');
        }
        const max = 120;
        if (out.length > max) {
            const more = out.length - max;
            out.length = max;
            out.push('  … ' + more + ' more lines');
        }
        return '- Expected\n+ Received\n\n' + out.join('\n');
    }

    // ---- equality (vitest 2.1.9, §2.4) ----------------------------------------------------------

    function isAsymmetric(v) {
        return !!v && typeof v === 'object' && v.$$asymmetric === true;
    }

    function hasKey(o, k) {
        return Object.prototype.hasOwnProperty.call(o, k);
    }

    function ownKeys(o) {
        const keys = Object.keys(o);
        for (const s of Object.getOwnPropertySymbols(o)) {
            if (Object.getOwnPropertyDescriptor(o, s).enumerable) {
                keys.push(s);
            }
        }
        return keys;
    }

    // equals returns '' when a equals b, else the path of the first difference ('.a[2].b', or
    // '' + reason marker '!' at the root).
    function diffPath(a, b, strict, path, seen) {
        if (isAsymmetric(b)) {
            return b.asymmetricMatch(a) ? null : path;
        }
        if (isAsymmetric(a)) {
            return a.asymmetricMatch(b) ? null : path;
        }
        if (Object.is(a, b)) {
            return null;
        }
        if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
            return path;
        }
        const ta = Object.prototype.toString.call(a);
        if (ta !== Object.prototype.toString.call(b)) {
            return path;
        }
        if (a instanceof Date || b instanceof Date) {
            if (!(a instanceof Date && b instanceof Date)) {
                return path;
            }
            const x = a.getTime();
            const y = b.getTime();
            return x === y || (isNaN(x) && isNaN(y)) ? null : path;
        }
        if (a instanceof Error || b instanceof Error) {
            return a instanceof Error && b instanceof Error && a.message === b.message ? null : path;
        }
        if (a instanceof RegExp || b instanceof RegExp) {
            return a instanceof RegExp && b instanceof RegExp && a.source === b.source && a.flags === b.flags ? null : path;
        }
        if (ta === '[object Number]' || ta === '[object String]' || ta === '[object Boolean]') {
            return Object.is(a.valueOf(), b.valueOf()) ? null : path;
        }
        if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
            return path;
        }
        for (const pair of seen) {
            if (pair[0] === a && pair[1] === b) {
                return null;
            }
        }
        seen = seen.concat([[a, b]]);
        if (a instanceof Map) {
            if (a.size !== b.size) {
                return path;
            }
            for (const [k, v] of a) {
                if (!b.has(k) || diffPath(v, b.get(k), strict, path + '.get(' + fmt(k) + ')', seen) !== null) {
                    return path + '.get(' + fmt(k) + ')';
                }
            }
            return null;
        }
        if (a instanceof Set) {
            if (a.size !== b.size) {
                return path;
            }
            for (const v of a) {
                if (!b.has(v)) {
                    let found = false;
                    for (const w of b) {
                        if (diffPath(v, w, strict, path, seen) === null) {
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        return path;
                    }
                }
            }
            return null;
        }
        if (Array.isArray(a)) {
            if (a.length !== b.length) {
                return path + '.length';
            }
            for (let i = 0; i < a.length; i++) {
                if (strict && hasKey(a, i) !== hasKey(b, i)) {
                    return path + '[' + i + ']';
                }
                const d = diffPath(a[i], b[i], strict, path + '[' + i + ']', seen);
                if (d !== null) {
                    return d;
                }
            }
            // Extra own non-index properties count too.
            const ea = Object.keys(a).filter((k) => !/^\d+$/.test(k));
            const eb = Object.keys(b).filter((k) => !/^\d+$/.test(k));
            return objectDiff(a, b, ea, eb, strict, path, seen);
        }
        if (ArrayBuffer.isView(a)) {
            if (a.length !== b.length) {
                return path + '.length';
            }
            for (let i = 0; i < a.length; i++) {
                if (!Object.is(a[i], b[i])) {
                    return path + '[' + i + ']';
                }
            }
            return null;
        }
        return objectDiff(a, b, ownKeys(a), ownKeys(b), strict, path, seen);
    }

    function keyPath(path, k) {
        return typeof k === 'symbol' ? path + '[' + String(k) + ']' : /^[A-Za-z_$][\w$]*$/.test(k) ? path + '.' + k : path + '[' + JSON.stringify(k) + ']';
    }

    function objectDiff(a, b, ka, kb, strict, path, seen) {
        const keys = ka.slice();
        for (const k of kb) {
            if (keys.indexOf(k) < 0) {
                keys.push(k);
            }
        }
        for (const k of keys) {
            const inA = ka.indexOf(k) >= 0;
            const inB = kb.indexOf(k) >= 0;
            if (!inA || !inB) {
                // A key whose value is undefined counts as absent (toEqual only).
                const v = inA ? a[k] : b[k];
                if (!strict && v === undefined) {
                    continue;
                }
                return keyPath(path, k);
            }
            const d = diffPath(a[k], b[k], strict, keyPath(path, k), seen);
            if (d !== null) {
                return d;
            }
        }
        return null;
    }

    function equals(a, b, strict) {
        return diffPath(a, b, !!strict, '', []) === null;
    }

    // matchObject: every key of expected exists on actual (even when undefined) and matches as
    // a subset; arrays must have equal lengths.
    function matchPath(actual, expected, path) {
        if (isAsymmetric(expected)) {
            return expected.asymmetricMatch(actual) ? null : path;
        }
        if (expected === null || typeof expected !== 'object' || actual === null || typeof actual !== 'object') {
            return equals(actual, expected) ? null : path;
        }
        if (Array.isArray(expected)) {
            if (!Array.isArray(actual) || actual.length !== expected.length) {
                return path;
            }
            for (let i = 0; i < expected.length; i++) {
                const d = matchPath(actual[i], expected[i], path + '[' + i + ']');
                if (d !== null) {
                    return d;
                }
            }
            return null;
        }
        if (expected instanceof Date || expected instanceof RegExp || expected instanceof Error || expected instanceof Map || expected instanceof Set) {
            return equals(actual, expected) ? null : path;
        }
        for (const k of ownKeys(expected)) {
            if (!(k in Object(actual))) {
                return keyPath(path, k);
            }
            const d = matchPath(actual[k], expected[k], keyPath(path, k));
            if (d !== null) {
                return d;
            }
        }
        return null;
    }

    // ---- expect -------------------------------------------------------------------------------

    class AssertionError extends Error {
        constructor(message, props) {
            super(message);
            this.name = 'AssertionError';
            Object.assign(this, props || {});
        }
    }

    function callSite() {
        return location(new Error().stack);
    }

    function asymmetric(name, sample, match, inverse) {
        return {
            $$asymmetric: true,
            asymmetricMatch: match,
            toString() {
                return (inverse ? 'Not' : '') + name + (sample === undefined ? '' : ' ' + (typeof sample === 'function' ? sample.name : fmt(sample)));
            },
            toJSON() {
                return this.toString();
            }
        };
    }

    function anyMatcher(ctor) {
        if (ctor === undefined || ctor === null) {
            throw new TypeError('any() expects to be passed a constructor function. Please pass one or use anything() to match any object.');
        }
        return asymmetric('Any<' + (ctor.name || 'anonymous') + '>', undefined, (v) => {
            switch (ctor) {
                case Number:
                    return typeof v === 'number' || v instanceof Number;
                case String:
                    return typeof v === 'string' || v instanceof String;
                case Boolean:
                    return typeof v === 'boolean' || v instanceof Boolean;
                case BigInt:
                    return typeof v === 'bigint' || v instanceof BigInt;
                case Symbol:
                    return typeof v === 'symbol' || v instanceof Symbol;
                case Function:
                    return typeof v === 'function';
                case Object:
                    return typeof v === 'object';
            }
            return v instanceof ctor;
        });
    }

    function objectContaining(sample, inverse) {
        return asymmetric('ObjectContaining', sample, (v) => {
            let ok = v !== null && v !== undefined;
            if (ok) {
                for (const k of ownKeys(sample)) {
                    if (!(k in Object(v)) || !equals(v[k], sample[k])) {
                        ok = false;
                        break;
                    }
                }
            }
            return inverse ? !ok : ok;
        }, inverse);
    }

    function arrayContaining(sample, inverse) {
        return asymmetric('ArrayContaining', sample, (v) => {
            const ok = Array.isArray(v) && sample.every((s) => v.some((x) => equals(x, s)));
            return inverse ? !ok : ok;
        }, inverse);
    }

    function stringContaining(sample, inverse) {
        return asymmetric('StringContaining', sample, (v) => {
            const ok = typeof v === 'string' && v.includes(sample);
            return inverse ? !ok : ok;
        }, inverse);
    }

    function stringMatching(sample, inverse) {
        return asymmetric('StringMatching', sample, (v) => {
            const ok = typeof v === 'string' && (sample instanceof RegExp ? new RegExp(sample.source, sample.flags.replace('g', '')).test(v) : v.includes(sample));
            return inverse ? !ok : ok;
        }, inverse);
    }

    function isMock(f) {
        return typeof f === 'function' && f._isMockFunction === true;
    }

    function ordinal(n) {
        const s = ['th', 'st', 'nd', 'rd'];
        const v = n % 100;
        return n + (s[(v - 20) % 10] || s[v] || s[0]);
    }

    // The matchers. `this` is the assertion state {actual, not, where}. Each returns {pass,
    // message, diff?} or throws a TypeError for misuse (which .not does not invert).
    const matchers = {
        toBe(expected) {
            const pass = Object.is(this.actual, expected);
            let diff = '';
            if (!pass && typeof this.actual === 'object' && typeof expected === 'object' && equals(this.actual, expected, true)) {
                diff = 'If it should pass with deep equality, replace "toBe" with "toStrictEqual"';
            } else if (!pass) {
                diff = lineDiff(pretty(expected), pretty(this.actual));
            }
            return { pass, message: 'expected ' + fmt(this.actual) + ' to be ' + fmt(expected) + ' // Object.is equality', diff };
        },
        toEqual(expected) {
            return deep(this.actual, expected, false, 'deeply equal');
        },
        toStrictEqual(expected) {
            return deep(this.actual, expected, true, 'strictly equal');
        },
        toMatchObject(expected) {
            if (expected === null || typeof expected !== 'object') {
                throw new TypeError('toMatchObject expects an object, got ' + fmt(expected));
            }
            const p = matchPath(this.actual, expected, '');
            const pass = p === null;
            return {
                pass,
                message: 'expected ' + fmt(this.actual) + ' to match object ' + fmt(expected) + (pass ? '' : firstField(p)),
                diff: pass ? '' : lineDiff(pretty(expected), pretty(this.actual))
            };
        },
        toHaveLength(n) {
            const a = this.actual;
            if (a === null || a === undefined) {
                throw new TypeError('Target cannot be null or undefined.');
            }
            if (typeof a.length !== 'number') {
                throw new TypeError('expected ' + fmt(a) + ' to have property "length"');
            }
            return { pass: a.length === n, message: 'expected ' + fmt(a) + ' to have a length of ' + fmt(n) + ' but got ' + a.length };
        },
        toContain(x) {
            const a = this.actual;
            if (a === null || a === undefined) {
                throw new TypeError('expected ' + fmt(a) + ' to be an array, string or iterable, got ' + fmt(a));
            }
            let pass;
            if (typeof a === 'string') {
                pass = a.includes(String(x));
            } else if (typeof a.length === 'number' || typeof a[Symbol.iterator] === 'function') {
                pass = Array.from(a).some((v) => v === x);
            } else {
                throw new TypeError('expected ' + fmt(a) + ' to be an array, string or iterable');
            }
            return { pass, message: 'expected ' + fmt(a) + ' to include ' + fmt(x) };
        },
        toBeDefined() {
            return { pass: this.actual !== undefined, message: 'expected ' + fmt(this.actual) + ' to be defined' };
        },
        toBeUndefined() {
            return { pass: this.actual === undefined, message: 'expected ' + fmt(this.actual) + ' to be undefined' };
        },
        toBeNull() {
            return { pass: this.actual === null, message: 'expected ' + fmt(this.actual) + ' to be null' };
        },
        toBeTruthy() {
            return { pass: !!this.actual, message: 'expected ' + fmt(this.actual) + ' to be truthy' };
        },
        toBeFalsy() {
            return { pass: !this.actual, message: 'expected ' + fmt(this.actual) + ' to be falsy' };
        },
        toMatch(p) {
            if (typeof this.actual !== 'string') {
                throw new TypeError('.toMatch() expects to receive a string, but got ' + typeof this.actual);
            }
            const pass = p instanceof RegExp ? new RegExp(p.source, p.flags.replace(/[gy]/g, '')).test(this.actual) : this.actual.includes(String(p));
            return { pass, message: 'expected ' + fmt(this.actual) + ' to match ' + fmt(p) };
        },
        toBeLessThan(n) {
            return compare(this.actual, n, (a, b) => a < b, 'be less than');
        },
        toBeGreaterThan(n) {
            return compare(this.actual, n, (a, b) => a > b, 'be greater than');
        },
        toBeLessThanOrEqual(n) {
            return compare(this.actual, n, (a, b) => a <= b, 'be less than or equal to');
        },
        toBeGreaterThanOrEqual(n) {
            return compare(this.actual, n, (a, b) => a >= b, 'be greater than or equal to');
        },
        toBeInstanceOf(c) {
            return { pass: this.actual instanceof c, message: 'expected ' + fmt(this.actual) + ' to be an instance of ' + (c && c.name) };
        },
        toHaveProperty(path, ...rest) {
            const keys = Array.isArray(path) ? path.map(String) : String(path).replace(/\[(\d+)\]/g, '.$1').split('.');
            let v = this.actual;
            let found = true;
            for (const k of keys) {
                if (v === null || v === undefined || !(k in Object(v))) {
                    found = false;
                    break;
                }
                v = v[k];
            }
            const pass = found && (rest.length === 0 || equals(v, rest[0]));
            return {
                pass,
                message: 'expected ' + fmt(this.actual) + ' to have property "' + keys.join('.') + '"' + (rest.length ? ' with value ' + fmt(rest[0]) : ''),
                diff: !pass && found && rest.length ? lineDiff(pretty(rest[0]), pretty(v)) : ''
            };
        },
        toHaveBeenCalled() {
            const m = spy(this.actual);
            return { pass: m.mock.calls.length > 0, message: 'expected "' + m.getMockName() + '" to be called at least once' };
        },
        toHaveBeenCalledTimes(n) {
            const m = spy(this.actual);
            const c = m.mock.calls.length;
            return { pass: c === n, message: 'expected "' + m.getMockName() + '" to be called ' + n + ' times, but got ' + c + ' times' };
        },
        toHaveBeenCalledOnce() {
            const m = spy(this.actual);
            const c = m.mock.calls.length;
            return { pass: c === 1, message: 'expected "' + m.getMockName() + '" to be called once, but got ' + c + ' times' };
        },
        toHaveBeenCalledWith(...args) {
            const m = spy(this.actual);
            const calls = m.mock.calls;
            const pass = calls.some((c) => equals(c, args));
            let diff = '';
            if (!pass) {
                diff = calls.length
                    ? calls.map((c, i) => ordinal(i + 1) + ' call:\n\n' + lineDiff(pretty(args), pretty(c))).join('\n\n') + '\n\nNumber of calls: ' + calls.length
                    : 'Received: not called\n\nNumber of calls: 0';
            }
            return { pass, message: 'expected "' + m.getMockName() + '" to be called with arguments: ' + fmt(args), diff };
        },
        toHaveBeenNthCalledWith(n, ...args) {
            const m = spy(this.actual);
            const c = m.mock.calls[n - 1];
            const pass = c !== undefined && equals(c, args);
            return {
                pass,
                message: 'expected ' + ordinal(n) + ' "' + m.getMockName() + '" call to have been called with ' + fmt(args),
                diff: !pass && c ? lineDiff(pretty(args), pretty(c)) : ''
            };
        },
        toHaveBeenLastCalledWith(...args) {
            const m = spy(this.actual);
            const c = m.mock.calls[m.mock.calls.length - 1];
            const pass = c !== undefined && equals(c, args);
            return { pass, message: 'expected last "' + m.getMockName() + '" call to have been called with ' + fmt(args), diff: !pass && c ? lineDiff(pretty(args), pretty(c)) : '' };
        },
        toThrow(expected) {
            let thrown;
            let didThrow = false;
            if (this.promise === 'rejects') {
                thrown = this.actual;
                didThrow = true;
            } else if (this.promise === 'resolves') {
                didThrow = false;
            } else {
                if (typeof this.actual !== 'function') {
                    throw new TypeError(fmt(this.actual) + ' is not a function');
                }
                try {
                    this.actual();
                } catch (e) {
                    thrown = e;
                    didThrow = true;
                }
            }
            const msgOf = (e) => (typeof e === 'string' ? e : e && e.message);
            if (expected === undefined) {
                return { pass: didThrow, message: 'expected [Function] to throw an error' + (didThrow ? '' : ", but it didn't") };
            }
            if (!didThrow) {
                return { pass: false, message: "expected function to throw an error, but it didn't" };
            }
            const got = msgOf(thrown);
            if (typeof expected === 'string') {
                return { pass: typeof got === 'string' && got.includes(expected), message: "expected [Function] to throw error including '" + expected + "' but got '" + got + "'" };
            }
            if (expected instanceof RegExp) {
                return { pass: typeof got === 'string' && expected.test(got), message: "expected [Function] to throw error matching " + expected + " but got '" + got + "'" };
            }
            if (typeof expected === 'function') {
                return { pass: thrown instanceof expected, message: 'expected error to be instance of ' + expected.name };
            }
            if (isAsymmetric(expected)) {
                return { pass: expected.asymmetricMatch(thrown), message: 'expected error to match asymmetric matcher ' + expected.toString() };
            }
            if (expected instanceof Error || (expected && typeof expected === 'object')) {
                return { pass: got === expected.message, message: "expected [Function] to throw error with message '" + expected.message + "' but got '" + got + "'" };
            }
            throw new TypeError('toThrow: unsupported expected value ' + fmt(expected));
        }
    };
    matchers.toThrowError = matchers.toThrow;
    matchers.toBeCalled = matchers.toHaveBeenCalled;
    matchers.toBeCalledTimes = matchers.toHaveBeenCalledTimes;
    matchers.toBeCalledWith = matchers.toHaveBeenCalledWith;

    function firstField(p) {
        return p ? ' (first difference at ' + (p[0] === '.' ? p.slice(1) : p) + ')' : '';
    }

    function deep(actual, expected, strict, verb) {
        const p = diffPath(actual, expected, strict, '', []);
        const pass = p === null;
        let diff = '';
        if (!pass) {
            const e = pretty(expected);
            const a = pretty(actual);
            diff = e === a ? 'Compared values have no visual difference' + (strict ? ': they differ in a type (class or prototype), an array hole or a key whose value is undefined (toStrictEqual checks these; toEqual does not)' : '.') : lineDiff(e, a);
        }
        return { pass, message: 'expected ' + fmt(actual) + ' to ' + verb + ' ' + fmt(expected) + (pass ? '' : firstField(p)), diff };
    }

    function compare(a, b, op, verb) {
        const num = (x) => typeof x === 'number' || typeof x === 'bigint';
        if (!num(a) || !num(b)) {
            throw new TypeError('expected ' + fmt(a) + ' and ' + fmt(b) + ' to be numbers or bigints');
        }
        return { pass: op(a, b), message: 'expected ' + fmt(a) + ' to ' + verb + ' ' + fmt(b) };
    }

    function spy(f) {
        if (!isMock(f)) {
            throw new TypeError(fmt(f) + ' is not a spy or a call to a spy!');
        }
        return f;
    }

    function assertion(actual, state) {
        const target = {};
        for (const name of Object.keys(matchers)) {
            target[name] = function (...args) {
                const where = state.where || callSite();
                const apply = (value) => {
                    const res = matchers[name].apply({ actual: value, promise: state.promise }, args);
                    if (res.pass === !!state.not) {
                        const msg = state.not ? res.message.replace(/ to /, ' not to ') : res.message;
                        throw new AssertionError(msg, { diff: state.not ? '' : res.diff || '', __location: where, actual: value, expected: args[0] });
                    }
                };
                if (state.promise === 'rejects' || state.promise === 'resolves') {
                    let p = actual;
                    if (typeof p === 'function') {
                        p = p();
                    }
                    if (!p || typeof p.then !== 'function') {
                        const e = new TypeError('You must provide a Promise to expect() when using .' + state.promise + ", not '" + typeof p + "'");
                        e.__location = where;
                        throw e;
                    }
                    return p.then(
                        (v) => {
                            if (state.promise === 'rejects') {
                                throw new AssertionError('promise resolved "' + fmt(v) + '" instead of rejecting', { __location: where });
                            }
                            apply(v);
                        },
                        (e) => {
                            if (state.promise === 'resolves') {
                                throw new AssertionError('promise rejected "' + fmt(e) + '" instead of resolving', { __location: where });
                            }
                            apply(e);
                        }
                    );
                }
                apply(actual);
                return undefined;
            };
        }
        Object.defineProperty(target, 'not', { get: () => assertion(actual, Object.assign({}, state, { not: !state.not })) });
        Object.defineProperty(target, 'resolves', { get: () => assertion(actual, Object.assign({}, state, { promise: 'resolves', where: callSite() })) });
        Object.defineProperty(target, 'rejects', { get: () => assertion(actual, Object.assign({}, state, { promise: 'rejects', where: callSite() })) });
        return strict(target, 'expect(…).');
    }

    function expect(actual, message) {
        if (message !== undefined) {
            throw unsupported('expect(value, message)');
        }
        return assertion(actual, {});
    }
    expect.any = anyMatcher;
    expect.anything = () => asymmetric('Anything', undefined, (v) => v !== null && v !== undefined);
    expect.objectContaining = (o) => objectContaining(o, false);
    expect.arrayContaining = (a) => arrayContaining(a, false);
    expect.stringContaining = (s) => stringContaining(s, false);
    expect.stringMatching = (s) => stringMatching(s, false);
    expect.not = {
        objectContaining: (o) => objectContaining(o, true),
        arrayContaining: (a) => arrayContaining(a, true),
        stringContaining: (s) => stringContaining(s, true),
        stringMatching: (s) => stringMatching(s, true)
    };
    expect.fail = (msg) => {
        throw new AssertionError(msg === undefined ? 'expect.fail()' : String(msg), { __location: callSite() });
    };

    // ---- mock functions (§2.5) ----------------------------------------------------------------

    const registry = [];
    let callOrder = 0;

    function createMock(original, restore) {
        let state;
        let implementation; // set by mockImplementation & co
        let onces = [];
        let temporary; // withImplementation
        let name = 'spy';
        function reset() {
            state = { calls: [], results: [], instances: [], contexts: [], invocationCallOrder: [], settledResults: [], lastCall: undefined };
        }
        reset();
        const mock = function (...args) {
            state.calls.push(args);
            state.contexts.push(this);
            state.invocationCallOrder.push(++callOrder);
            state.lastCall = args;
            const impl = temporary || onces.shift() || implementation || original;
            const result = { type: 'incomplete', value: undefined };
            state.results.push(result);
            let value;
            try {
                if (new.target) {
                    value = impl ? Reflect.construct(impl, args, new.target) : this;
                    state.instances.push(value);
                } else {
                    state.instances.push(this);
                    value = impl ? impl.apply(this, args) : undefined;
                }
            } catch (e) {
                result.type = 'throw';
                result.value = e;
                throw e;
            }
            result.type = 'return';
            result.value = value;
            return value;
        };
        Object.defineProperty(mock, 'mock', { get: () => state });
        mock._isMockFunction = true;
        mock.getMockName = () => name;
        mock.mockName = (n) => {
            name = String(n);
            return mock;
        };
        mock.getMockImplementation = () => implementation || original;
        mock.mockClear = () => {
            reset();
            return mock;
        };
        mock.mockReset = () => {
            reset();
            onces = [];
            implementation = function () {
                return undefined;
            }; // 2.1.9: even vi.fn(impl) returns undefined after a reset
            return mock;
        };
        mock.mockRestore = () => {
            reset();
            onces = [];
            implementation = undefined;
            if (restore) {
                restore();
            }
            return mock;
        };
        mock.mockImplementation = (fn) => {
            implementation = fn;
            return mock;
        };
        mock.mockImplementationOnce = (fn) => {
            onces.push(fn);
            return mock;
        };
        mock.withImplementation = (fn, cb) => {
            temporary = fn;
            const r = cb();
            if (r && typeof r.then === 'function') {
                return r.then(() => {
                    temporary = undefined;
                });
            }
            temporary = undefined;
            return mock;
        };
        mock.mockReturnThis = () => mock.mockImplementation(function () {
            return this;
        });
        mock.mockReturnValue = (v) => mock.mockImplementation(() => v);
        mock.mockReturnValueOnce = (v) => mock.mockImplementationOnce(() => v);
        mock.mockResolvedValue = (v) => mock.mockImplementation(() => Promise.resolve(v));
        mock.mockResolvedValueOnce = (v) => mock.mockImplementationOnce(() => Promise.resolve(v));
        mock.mockRejectedValue = (e) => mock.mockImplementation(() => Promise.reject(e));
        mock.mockRejectedValueOnce = (e) => mock.mockImplementationOnce(() => Promise.reject(e));
        registry.push(mock);
        return mock;
    }

    function fn(impl) {
        if (impl !== undefined && typeof impl !== 'function') {
            throw new TypeError('vi.fn() expects a function, got ' + fmt(impl));
        }
        return createMock(impl, null);
    }

    function spyOn(obj, key, accessType) {
        if (accessType !== undefined) {
            throw unsupported("vi.spyOn(obj, key, '" + accessType + "')");
        }
        if (obj === null || obj === undefined) {
            throw new TypeError('cannot spy on ' + fmt(obj));
        }
        if (!(key in Object(obj))) {
            throw new Error(String(key) + ' does not exist');
        }
        let owner = obj;
        while (owner && !Object.prototype.hasOwnProperty.call(owner, key)) {
            owner = Object.getPrototypeOf(owner);
        }
        const desc = Object.getOwnPropertyDescriptor(owner, key);
        if (desc && (desc.get || desc.set)) {
            throw unsupported('vi.spyOn on a getter or setter (' + String(key) + ')');
        }
        const original = obj[key];
        if (typeof original !== 'function') {
            throw new TypeError(String(key) + ' is not a function');
        }
        const ownDesc = Object.getOwnPropertyDescriptor(obj, key);
        const m = createMock(original, () => {
            if (ownDesc) {
                Object.defineProperty(obj, key, ownDesc);
            } else {
                delete obj[key];
            }
        });
        m.mockName(String(key));
        Object.defineProperty(obj, key, { value: m, writable: true, configurable: true, enumerable: ownDesc ? ownDesc.enumerable : false });
        return m;
    }

    function toMillis(x) {
        const d = x instanceof Date ? x : new Date(x);
        const ms = d.getTime();
        if (isNaN(ms)) {
            throw new TypeError('vi.setSystemTime: invalid date ' + fmt(x));
        }
        return ms;
    }

    let fakeTimers = false;
    let timeMocked = false;

    // ---- fake timers (vitest 2.1.9 = @sinonjs/fake-timers with vitest's toFake list) ------------
    // useFakeTimers replaces setTimeout/setInterval/setImmediate and their clear functions and
    // freezes Date; timers are held until the test advances the clock (advanceTimersByTime &
    // co.), which then runs them in time order, moving Date along. The runner's own timeouts
    // keep the real timers.
    const timerNames = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'];
    const realTimers = {};
    timerNames.forEach((n) => {
        realTimers[n] = globalThis[n];
    });
    const clock = { now: 0, timers: new Map(), nextId: 1 };
    const LOOP_LIMIT = 10000;

    function addTimer(fn, delay, args, repeat, immediate) {
        if (typeof fn !== 'function') {
            throw new TypeError('[fake timers] callback must be a function, got ' + typeName(fn));
        }
        let d = Number(delay);
        d = immediate || !(d > 0) ? 0 : Math.floor(Math.min(d, 2147483647));
        const id = clock.nextId++;
        clock.timers.set(id, { id, fn, args, at: clock.now + d, interval: repeat ? Math.max(d, 1) : 0, immediate });
        return id;
    }
    const fakeTimerFns = {
        setTimeout: (fn, delay, ...args) => addTimer(fn, delay, args, false, false),
        setInterval: (fn, delay, ...args) => addTimer(fn, delay, args, true, false),
        setImmediate: (fn, ...args) => addTimer(fn, 0, args, false, true),
        clearTimeout: (id) => void clock.timers.delete(Number(id)),
        clearInterval: (id) => void clock.timers.delete(Number(id)),
        clearImmediate: (id) => void clock.timers.delete(Number(id))
    };

    function setClock(ms) {
        clock.now = ms;
        host.setNow(ms);
    }

    // nextTimer is the held timer due first (by time, then by creation) at or before limit.
    function nextTimer(limit) {
        let best = null;
        clock.timers.forEach((t) => {
            if (t.at <= limit && (!best || t.at < best.at || (t.at === best.at && t.id < best.id))) {
                best = t;
            }
        });
        return best;
    }

    // fire runs one timer at its time; an exception is kept for the end of the advance, as
    // sinon does, so that the other timers still run.
    function fire(t, errors) {
        setClock(Math.max(clock.now, t.at));
        if (t.interval) {
            t.at += t.interval;
        } else {
            clock.timers.delete(t.id);
        }
        try {
            t.fn.apply(undefined, t.args);
        } catch (e) {
            errors.push(e);
        }
    }

    function requireFake(api) {
        if (!fakeTimers) {
            throw new Error('Timers are not mocked. Try calling "vi.useFakeTimers()" first.');
        }
    }

    // advance runs the timers due up to limit (at most max of them), then sets the clock to
    // limit (when finite). yieldAfter, when set, is awaited after each timer (the Async forms
    // let promise callbacks run between timers).
    function advance(limit, max, api) {
        requireFake(api);
        const errors = [];
        let n = 0;
        for (let t = nextTimer(limit); t; t = nextTimer(limit)) {
            if (++n > max) {
                throw new Error('Aborting after running ' + LOOP_LIMIT + ' timers, assuming an infinite loop!');
            }
            fire(t, errors);
        }
        if (isFinite(limit)) {
            setClock(Math.max(clock.now, limit));
        }
        if (errors.length) {
            throw errors[0];
        }
        return vi;
    }
    async function advanceAsync(limit, max, api) {
        requireFake(api);
        const errors = [];
        let n = 0;
        await yieldReal();
        for (let t = nextTimer(limit); t; t = nextTimer(limit)) {
            if (++n > max) {
                throw new Error('Aborting after running ' + LOOP_LIMIT + ' timers, assuming an infinite loop!');
            }
            fire(t, errors);
            await yieldReal();
        }
        if (isFinite(limit)) {
            setClock(Math.max(clock.now, limit));
        }
        if (errors.length) {
            throw errors[0];
        }
        return vi;
    }
    function yieldReal() {
        return new Promise((resolve) => realTimers.setTimeout(resolve, 0));
    }
    function pendingLimit() {
        let last = -Infinity;
        clock.timers.forEach((t) => {
            last = Math.max(last, t.at);
        });
        return last;
    }
    // toNext fires the next held timer, steps times (sinon's next(): one timer per step).
    function toNext(steps) {
        requireFake('advanceTimersToNextTimer');
        const errors = [];
        for (let i = 0; i < steps; i++) {
            const t = nextTimer(Infinity);
            if (!t) {
                break;
            }
            fire(t, errors);
        }
        if (errors.length) {
            throw errors[0];
        }
        return vi;
    }
    async function toNextAsync(steps) {
        requireFake('advanceTimersToNextTimerAsync');
        for (let i = 0; i < steps; i++) {
            await yieldReal();
            toNext(1);
        }
        await yieldReal();
        return vi;
    }
    function installFakeTimers(now) {
        timerNames.forEach((n) => {
            globalThis[n] = fakeTimerFns[n];
        });
        clock.timers.clear();
        setClock(now);
    }
    function uninstallFakeTimers() {
        timerNames.forEach((n) => {
            globalThis[n] = realTimers[n];
        });
        clock.timers.clear();
    }

    // ---- vi.mock (hoisted by the bundler: internal/bundle/vimock.go) ----------------------
    const mockFactories = new Map();
    const mockModules = new Map();

    // registerMock is globalThis.__nangoViMock, called by the test file's hoisted module
    // before any of its imports.
    function registerMock(spec, factory) {
        if (!spec) {
            throw unsupported('vi.mock with a specifier that is not a string literal');
        }
        if (spec[0] === '.' || spec[0] === '/') {
            throw unsupported('vi.mock of a file of the project (' + spec + ')');
        }
        if (typeof factory !== 'function') {
            throw unsupported('vi.mock without a factory (automocking of ' + spec + ')');
        }
        mockFactories.set(spec, factory);
    }

    // mockedModule is what require(spec) returns for a mocked module: the factory's result,
    // made once, on the first import (from the test or a script), as in vitest.
    function mockedModule(spec) {
        if (mockModules.has(spec)) {
            return mockModules.get(spec);
        }
        const factory = mockFactories.get(spec);
        let result = factory(() => {
            throw unsupported('vi.mock importOriginal');
        });
        if (result && typeof result.then === 'function') {
            const s = host.settled(result);
            if (s.state === 'rejected') {
                throw s.value;
            }
            if (s.state === 'pending') {
                throw unsupported('an async vi.mock factory that awaits (module ' + spec + ')');
            }
            result = s.value;
        }
        if (result === null || typeof result !== 'object') {
            throw new Error('[vitest] vi.mock("' + spec + '", factory?) is not returning an object. Did you mean to return an object with a "default" key?');
        }
        Object.defineProperty(result, '__esModule', { value: true, configurable: true });
        const isExportName = (prop) => typeof prop === 'string' && prop !== 'then' && !prop.startsWith('__') && !(prop in Object.prototype);
        const noExport = (prop) => new Error('[vitest] No "' + prop + '" export is defined on the "' + spec + '" mock. Did you forget to return it from "vi.mock"?');
        // The bundle's import helper copies the module's keys onto an object whose prototype
        // is the module's: a name the factory did not return reaches this one, which says so
        // as vitest does instead of reading undefined.
        const missing = new Proxy(Object.prototype, {
            get(t, prop, recv) {
                if (isExportName(prop)) {
                    throw noExport(prop);
                }
                return Reflect.get(t, prop, recv);
            }
        });
        const mod = new Proxy(result, {
            get(t, prop, recv) {
                if (isExportName(prop) && !(prop in t)) {
                    throw noExport(prop);
                }
                return Reflect.get(t, prop, recv);
            },
            getPrototypeOf: () => missing
        });
        mockModules.set(spec, mod);
        return mod;
    }
    globalThis.__nangoViMock = registerMock;

    const vi = {
        fn,
        spyOn,
        mocked: (x) => x,
        isMockFunction: isMock,
        clearAllMocks() {
            registry.forEach((m) => m.mockClear());
            return vi;
        },
        resetAllMocks() {
            registry.forEach((m) => m.mockReset());
            return vi;
        },
        restoreAllMocks() {
            registry.forEach((m) => m.mockRestore());
            return vi;
        },
        setSystemTime(t) {
            const ms = toMillis(t);
            if (fakeTimers) {
                // sinon keeps held timers due at the same distance from the new time
                const shift = ms - clock.now;
                clock.timers.forEach((timer) => {
                    timer.at += shift;
                });
                setClock(ms);
            } else {
                host.setNow(ms);
            }
            timeMocked = true;
            return vi;
        },
        getMockedSystemTime() {
            return timeMocked ? new Date() : null;
        },
        getRealSystemTime() {
            return host.realNow();
        },
        useFakeTimers(opts) {
            if (timeMocked && !fakeTimers) {
                throw new Error('"setSystemTime" was called already and date was mocked. Reset timers using `vi.useRealTimers()` if you want to use fake timers again.');
            }
            if (opts && (opts.toFake !== undefined || opts.shouldAdvanceTime || opts.loopLimit !== undefined)) {
                throw unsupported('vi.useFakeTimers options other than now');
            }
            if (!fakeTimers) {
                installFakeTimers(opts && opts.now !== undefined ? toMillis(opts.now) : host.realNow());
            }
            fakeTimers = true;
            timeMocked = true;
            return vi;
        },
        useRealTimers() {
            if (fakeTimers) {
                uninstallFakeTimers();
            }
            fakeTimers = false;
            timeMocked = false;
            host.setNow(undefined);
            return vi;
        },
        isFakeTimers: () => fakeTimers,
        mock(spec) {
            // reached only when the bundler could not hoist the call (say, a computed name)
            throw unsupported('vi.mock (' + (typeof spec === 'string' ? spec : 'with a specifier that is not a string literal') + ') where it cannot be hoisted');
        },
        advanceTimersByTime: (ms) => advance(clock.now + Math.max(0, Number(ms) || 0), Infinity, 'advanceTimersByTime'),
        advanceTimersByTimeAsync: (ms) => advanceAsync(clock.now + Math.max(0, Number(ms) || 0), Infinity, 'advanceTimersByTimeAsync'),
        advanceTimersToNextTimer: (steps) => toNext(steps === undefined ? 1 : steps),
        advanceTimersToNextTimerAsync: (steps) => toNextAsync(steps === undefined ? 1 : steps),
        runAllTimers: () => advance(Infinity, LOOP_LIMIT, 'runAllTimers'),
        runAllTimersAsync: () => advanceAsync(Infinity, LOOP_LIMIT, 'runAllTimersAsync'),
        runOnlyPendingTimers: () => advance(pendingLimit(), LOOP_LIMIT, 'runOnlyPendingTimers'),
        runOnlyPendingTimersAsync: () => advanceAsync(pendingLimit(), LOOP_LIMIT, 'runOnlyPendingTimersAsync'),
        getTimerCount() {
            requireFake('getTimerCount');
            return clock.timers.size;
        },
        clearAllTimers() {
            requireFake('clearAllTimers');
            clock.timers.clear();
            return vi;
        }
    };

    const exports = {
        describe,
        suite: describe,
        it: test,
        test,
        beforeEach: hook('beforeEach'),
        afterEach: hook('afterEach'),
        beforeAll: hook('beforeAll'),
        afterAll: hook('afterAll'),
        expect,
        vi: strict(vi, 'vi.'),
        vitest: strict(vi, 'vi.')
    };
    // Unknown named imports (`import { bench } from 'vitest'`) fail naming the API: the bundle
    // reads them as properties of the module object, which falls back to this prototype.
    const moduleObject = Object.create(strict({}, "the export "));
    Object.assign(moduleObject, exports);
    Object.defineProperty(moduleObject, '__esModule', { value: true });

    return { exports: moduleObject, collect, run, resume, currentTest, mockedModule, fn, isMock, equals, fmt };
});
