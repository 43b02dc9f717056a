// nango.paginate for the embedded runtime. This file evaluates to one function:
//
//   paginate(config, proxy, providerDefaults, options) -> async iterator of pages
//
// config            the script's ProxyConfiguration (mutated the way the reference mutates it:
//                   method defaulted, params/data used as the page-parameter bag).
// proxy(config)     returns a Promise of an axios-like response {data, status, headers}; it is
//                   the same function nango.get/post/... use, so every page goes through the
//                   one request path (dry run, recording, replay).
// providerDefaults  the provider's proxy.paginate block from the catalog: an object, null, or a
//                   function returning one (called lazily, may throw when no catalog exists).
// options.replay    true while replaying recorded responses: a response without headers (a
//                   legacy mock file) ends pagination after yielding what the file holds, and
//                   page parameters go in the body for post/put/patch regardless of in_body.
//
// It is written with plain async functions (no async generator syntax, which goja lacks) and
// returns an object that is its own async iterator under both Symbol.asyncIterator (when the
// runtime defines it) and Symbol.for('Symbol.asyncIterator') (what esbuild's lowered
// `for await` falls back to), so it works lowered and with manual .next() calls.
(function () {
    'use strict';

    var NO_CONFIG = 'There was no pagination configuration for this integration or configuration passed in.';
    var BODY_METHODS = ['post', 'put', 'patch'];

    // ---- lodash-compatible property paths -------------------------------------------------

    // parsePath splits 'a.b[0].c', 'a["x.y"]', 'a[].b' into keys the way lodash's path
    // parser does: empty segments between dots count, [n] and quoted brackets are one key.
    function parsePath(s) {
        var keys = [];
        var n = s.length;
        var i = 0;
        var emptyFollows = function (at) {
            return at >= n || s[at] === '.' || (s[at] === '[' && s[at + 1] === ']');
        };
        if (s[0] === '.') {
            keys.push('');
        }
        while (i < n) {
            var c = s[i];
            if (c === '.') {
                if (emptyFollows(i + 1)) {
                    keys.push('');
                }
                i++;
                continue;
            }
            if (c === ']') {
                i++;
                continue;
            }
            if (c === '[') {
                var num = /^\[(-?\d+(?:\.\d+)?)\]/.exec(s.slice(i));
                if (num) {
                    keys.push(num[1]);
                    i += num[0].length;
                    continue;
                }
                var q = s[i + 1];
                if (q === '"' || q === "'") {
                    var j = i + 2;
                    while (j < n && s[j] !== q) {
                        j += s[j] === '\\' ? 2 : 1;
                    }
                    if (j < n && s[j + 1] === ']') {
                        keys.push(s.slice(i + 2, j).replace(/\\(\\)?/g, '$1'));
                        i = j + 2;
                        continue;
                    }
                }
                if (s[i + 1] === ']' && emptyFollows(i + 2)) {
                    keys.push('');
                }
                i++;
                continue;
            }
            var k = i;
            while (k < n && s[k] !== '.' && s[k] !== '[' && s[k] !== ']') {
                k++;
            }
            keys.push(s.slice(i, k));
            i = k;
        }
        return keys;
    }

    function isObjectLike(v) {
        return v !== null && (typeof v === 'object' || typeof v === 'function');
    }

    // toPath: a string without '.' or a [..] part is one key, and so is a string that exists
    // as a property of the object as written (lodash checks `key in object` first).
    function toPath(path, object) {
        if (typeof path !== 'string') {
            return [path];
        }
        if (!/\.|\[[^\]]*\]/.test(path)) {
            return [path];
        }
        if (object !== null && object !== undefined && path in Object(object)) {
            return [path];
        }
        return parsePath(path);
    }

    function getPath(object, path) {
        if (object === null || object === undefined) {
            return undefined;
        }
        var keys = toPath(path, object);
        var cur = object;
        for (var i = 0; i < keys.length; i++) {
            if (cur === null || cur === undefined) {
                return undefined;
            }
            cur = cur[keys[i]];
        }
        return cur;
    }

    function isIndex(key) {
        if (typeof key === 'number') {
            return key > -1 && key % 1 === 0 && key < Number.MAX_SAFE_INTEGER;
        }
        return typeof key === 'string' && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < Number.MAX_SAFE_INTEGER;
    }

    // setPath creates missing containers on the way: an array when the next key is an index,
    // an object otherwise. Prototype-polluting keys are refused.
    function setPath(object, path, value) {
        var keys = toPath(path, object);
        var nested = object;
        for (var i = 0; i < keys.length && isObjectLike(nested); i++) {
            var key = String(keys[i]);
            if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
                return object;
            }
            var next = value;
            if (i < keys.length - 1) {
                var existing = nested[key];
                next = isObjectLike(existing) ? existing : isIndex(keys[i + 1]) ? [] : {};
            }
            nested[key] = next;
            nested = nested[key];
        }
        return object;
    }

    // ---- Link header (RFC 8288) ----------------------------------------------------------

    // parseLinkHeader maps each rel of `<url>; rel="next last"; x=y, <url2>; rel=prev` to
    // {url, rel, ...params}. Only entries with a rel are kept.
    function parseLinkHeader(header) {
        if (Array.isArray(header)) {
            header = header.join(', ');
        }
        if (typeof header !== 'string' || header === '') {
            return null;
        }
        var links = {};
        var re = /<([^>]*)>([^<]*)/g;
        var m;
        while ((m = re.exec(header)) !== null) {
            var entry = { url: m[1] };
            var parts = m[2].split(';');
            for (var p = 0; p < parts.length; p++) {
                var eq = parts[p].indexOf('=');
                if (eq < 0) {
                    continue;
                }
                var name = parts[p].slice(0, eq).trim();
                var val = parts[p]
                    .slice(eq + 1)
                    .trim()
                    .replace(/,\s*$/, '')
                    .replace(/^"|"$/g, '');
                if (name !== '') {
                    entry[name] = val;
                }
            }
            if (typeof entry.rel !== 'string') {
                continue;
            }
            var rels = entry.rel.split(/\s+/);
            for (var r = 0; r < rels.length; r++) {
                if (rels[r] !== '') {
                    links[rels[r]] = Object.assign({}, entry, { rel: rels[r] });
                }
            }
        }
        return links;
    }

    function headerValue(headers, name) {
        if (!isObjectLike(headers)) {
            return undefined;
        }
        if (headers[name] !== undefined) {
            return headers[name];
        }
        var keys = Object.keys(headers);
        for (var i = 0; i < keys.length; i++) {
            if (keys[i].toLowerCase() === name) {
                return headers[keys[i]];
            }
        }
        return undefined;
    }

    // ---- absolute URLs ---------------------------------------------------------------------

    var DEFAULT_PORTS = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21' };

    // absoluteURL returns {origin, path} when s parses as an absolute URL (WHATWG URL rules:
    // the runtime's URL class when there is one, else a small parser for the same cases),
    // or null for a relative link.
    function absoluteURL(s) {
        if (typeof s !== 'string') {
            s = String(s);
        }
        if (typeof URL === 'function') {
            try {
                var u = new URL(s);
                // Not u.origin: goja_nodejs' URL leaves the port out of origin
                // (http://127.0.0.1:8080 → http://127.0.0.1), and the next page would go to
                // port 80. host keeps a non-default port, as origin does in Node.
                var origin = u.protocol === 'http:' || u.protocol === 'https:' ? u.protocol + '//' + u.host : u.origin;
                return { origin: origin, path: u.pathname + u.search };
            } catch (e) {
                return null;
            }
        }
        var t = s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
        var sm = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(t);
        if (!sm) {
            return null;
        }
        var scheme = sm[1].toLowerCase() + ':';
        var rest = sm[2];
        if (!(scheme in DEFAULT_PORTS) && scheme !== 'file:') {
            var opaque = rest.replace(/#.*$/, '');
            var oq = opaque.indexOf('?');
            var osearch = oq >= 0 ? opaque.slice(oq) : '';
            return { origin: 'null', path: (oq >= 0 ? opaque.slice(0, oq) : opaque) + (osearch === '?' ? '' : osearch) };
        }
        rest = rest.replace(/^[\/\\]*/, '');
        var hm = /^([^\/\\?#]*)(.*)$/.exec(rest);
        var authority = hm[1].replace(/^.*@/, '');
        var tail = hm[2].replace(/#.*$/, '');
        if (authority === '' && scheme !== 'file:') {
            return null;
        }
        var pm = /^(.*?)(?::(\d*))?$/.exec(authority.toLowerCase());
        var hostname = pm[1];
        var port = pm[2] || '';
        if (port !== '') {
            port = String(parseInt(port, 10));
            if (Number(port) > 65535) {
                return null;
            }
        }
        if (port === DEFAULT_PORTS[scheme]) {
            port = '';
        }
        var qi = tail.indexOf('?');
        var pathname = (qi >= 0 ? tail.slice(0, qi) : tail).replace(/\\/g, '/');
        var search = qi >= 0 ? tail.slice(qi) : '';
        if (search === '?') {
            search = '';
        }
        if (pathname === '') {
            pathname = '/';
        }
        var origin = scheme === 'file:' ? 'null' : scheme + '//' + hostname + (port !== '' ? ':' + port : '');
        return { origin: origin, path: pathname + search };
    }

    // ---- configuration -----------------------------------------------------------------------

    function validate(p) {
        if (!p.type) {
            throw new Error('Pagination type is required');
        }
        if (p.type === 'cursor') {
            if (!p.cursor_name_in_request) {
                throw new Error('Param cursor_name_in_request is required for cursor pagination');
            }
            if (!p.cursor_path_in_response) {
                throw new Error('Param cursor_path_in_response is required for cursor pagination');
            }
            if (p.limit && !p.limit_name_in_request) {
                throw new Error('Param limit_name_in_request is required for cursor pagination when limit is set');
            }
        } else if (p.type === 'link') {
            if (!p.link_rel_in_response_header && !p.link_path_in_response_body) {
                throw new Error('Either param link_rel_in_response_header or link_path_in_response_body is required for link pagination');
            }
        } else if (p.type === 'offset') {
            if (!p.offset_name_in_request) {
                throw new Error('Param offset_name_in_request is required for offset pagination');
            }
        } else {
            throw new Error('Pagination type ' + p.type + ' is not supported. Only cursor, link and offset pagination types are supported.');
        }
    }

    function pageOf(response, p) {
        var data = response.data;
        return p.response_path ? getPath(data, p.response_path) : data;
    }

    // legacyPages is what a replayed response without headers (a legacy mock file that holds
    // only a body) yields before pagination stops: the body when it is an array, then the
    // value at response_path, or else every top-level array of the body in key order.
    function legacyPages(response, p) {
        var data = response.data;
        var pages = [];
        if (Array.isArray(data)) {
            pages.push(data);
        }
        if (p.response_path) {
            pages.push(getPath(data, p.response_path));
        } else if (isObjectLike(data)) {
            var keys = Object.keys(data);
            for (var i = 0; i < keys.length; i++) {
                if (Array.isArray(data[keys[i]])) {
                    pages.push(data[keys[i]]);
                }
            }
        }
        return pages;
    }

    // ---- the async iterator --------------------------------------------------------------------

    function ReturnSignal(value) {
        this.value = value;
    }

    var asyncIteratorKeys = [Symbol.for('Symbol.asyncIterator')];
    if (typeof Symbol.asyncIterator === 'symbol' && Symbol.asyncIterator !== asyncIteratorKeys[0]) {
        asyncIteratorKeys.push(Symbol.asyncIterator);
    }

    // asyncIterator runs body(emit) lazily with async-generator semantics: nothing happens
    // until the first next(); `await emit(page)` hands the page to the pending next() and
    // resumes only when the consumer asks for the following page; requests made while the
    // body runs are queued; return() ends a suspended body (emit rejects with a private
    // signal the body does not catch); after the end every next() is {done: true}.
    function asyncIterator(body) {
        var queue = [];
        var state = 'start'; // start | running | suspended | done
        var resume = null;

        function settle(ok, value) {
            var req = queue.shift();
            if (ok) {
                req.resolve(value);
            } else {
                req.reject(value);
            }
        }

        function finish(ok, value) {
            state = 'done';
            if (!ok && value instanceof ReturnSignal) {
                ok = true;
                value = value.value;
            }
            settle(ok, ok ? { value: value, done: true } : value);
            drain();
        }

        function drain() {
            while (queue.length > 0 && state !== 'running') {
                var req = queue[0];
                if (state === 'start' && req.kind !== 'next') {
                    state = 'done';
                }
                if (state === 'done') {
                    if (req.kind === 'throw') {
                        settle(false, req.value);
                    } else {
                        settle(true, { value: req.kind === 'return' ? req.value : undefined, done: true });
                    }
                    continue;
                }
                if (state === 'start') {
                    state = 'running';
                    var started;
                    try {
                        started = Promise.resolve(body(emit));
                    } catch (err) {
                        started = Promise.reject(err);
                    }
                    started.then(
                        function (v) {
                            finish(true, v);
                        },
                        function (e) {
                            finish(false, e);
                        }
                    );
                    return;
                }
                state = 'running';
                var r = resume;
                resume = null;
                if (req.kind === 'next') {
                    r.resolve(req.value);
                } else if (req.kind === 'return') {
                    r.reject(new ReturnSignal(req.value));
                } else {
                    r.reject(req.value);
                }
                return;
            }
        }

        function emit(page) {
            return new Promise(function (resolve, reject) {
                resume = { resolve: resolve, reject: reject };
                state = 'suspended';
                settle(true, { value: page, done: false });
                drain();
            });
        }

        function request(kind, value) {
            return new Promise(function (resolve, reject) {
                queue.push({ kind: kind, value: value, resolve: resolve, reject: reject });
                drain();
            });
        }

        var it = {
            next: function (v) {
                return request('next', v);
            },
            return: function (v) {
                return request('return', v);
            },
            throw: function (e) {
                return request('throw', e);
            }
        };
        var self = function () {
            return this;
        };
        for (var i = 0; i < asyncIteratorKeys.length; i++) {
            it[asyncIteratorKeys[i]] = self;
        }
        return it;
    }

    // ---- the three algorithms -------------------------------------------------------------------

    async function cursor(ctx, emit) {
        var p = ctx.pagination;
        var next;
        do {
            if (typeof next !== 'undefined') {
                ctx.bag[p.cursor_name_in_request] = next;
            }
            ctx.writeBag();
            var response = await ctx.proxy(ctx.proxyConfig);
            if (ctx.isLegacyReplay(response)) {
                return ctx.emitLegacy(response, emit);
            }
            var page = pageOf(response, p);
            if (!page || !page.length) {
                return;
            }
            await emit(page);
            next = getPath(response.data, p.cursor_path_in_response);
            if (typeof next === 'string') {
                next = next.trim();
                if (!next) {
                    next = undefined;
                }
            } else if (typeof next !== 'number') {
                next = undefined;
            }
            if (p.on_page) {
                await p.on_page({ nextPageParam: next, response: response });
            }
        } while (typeof next !== 'undefined');
    }

    async function link(ctx, emit) {
        var p = ctx.pagination;
        var config = ctx.proxyConfig;
        ctx.writeBag();
        var previous;
        for (;;) {
            var response = await ctx.proxy(config);
            if (ctx.isLegacyReplay(response)) {
                return ctx.emitLegacy(response, emit);
            }
            await emit(pageOf(response, p));
            var nextLink;
            if (p.link_rel_in_response_header) {
                var links = parseLinkHeader(headerValue(response.headers, 'link'));
                var rel = links ? links[p.link_rel_in_response_header] : undefined;
                nextLink = rel ? rel.url : undefined;
            }
            if (!nextLink && p.link_path_in_response_body) {
                nextLink = getPath(response.data, p.link_path_in_response_body);
            }
            if (p.on_page) {
                await p.on_page({ nextPageParam: nextLink, response: response });
            }
            if (!nextLink || nextLink === previous) {
                return;
            }
            previous = nextLink;
            var abs = absoluteURL(nextLink);
            if (abs) {
                config.baseUrlOverride = abs.origin;
                config.endpoint = abs.path;
            } else {
                config.endpoint = nextLink;
            }
            delete config.params;
        }
    }

    async function offset(ctx, emit) {
        var p = ctx.pagination;
        var method = p.offset_calculation_method || 'by-response-size';
        var at = p.offset_start_value || 0;
        for (;;) {
            ctx.bag[p.offset_name_in_request] = ctx.inBody ? at : String(at);
            ctx.writeBag();
            var response = await ctx.proxy(ctx.proxyConfig);
            if (ctx.isLegacyReplay(response)) {
                return ctx.emitLegacy(response, emit);
            }
            var page = pageOf(response, p);
            if (!page || !page.length) {
                return;
            }
            await emit(page);
            if (p.limit && page.length < Number(p.limit)) {
                return;
            }
            if (p.on_page) {
                await p.on_page({ nextPageParam: at, response: response });
            }
            if (method === 'per-page') {
                at++;
            } else {
                at += page.length;
            }
        }
    }

    // ---- entry point -----------------------------------------------------------------------------

    var paginate = function paginate(config, proxy, providerDefaults, options) {
        var opts = options || {};
        return asyncIterator(async function (emit) {
            if (!isObjectLike(config)) {
                throw new TypeError('paginate expects a configuration object');
            }
            if (typeof proxy !== 'function') {
                throw new TypeError('paginate needs a proxy function');
            }
            var userPaginate = config.paginate;
            var userType = isObjectLike(userPaginate) ? userPaginate.type : undefined;
            var defaults;
            try {
                defaults = typeof providerDefaults === 'function' ? await providerDefaults() : providerDefaults;
            } catch (err) {
                // The catalog is only needed when the script does not say how to paginate.
                if (!userType) {
                    throw err;
                }
                defaults = undefined;
            }
            if (!isObjectLike(defaults)) {
                defaults = undefined;
            }
            if (!defaults && !userType) {
                throw new Error(NO_CONFIG);
            }
            var pagination = Object.assign({}, defaults || {}, userPaginate || {});
            validate(pagination);

            config.method = config.method || 'GET';
            var method = String(config.method).toLowerCase();
            var inBody;
            if (opts.replay) {
                inBody = BODY_METHODS.indexOf(method) >= 0;
            } else {
                var userInBody = isObjectLike(userPaginate) ? userPaginate.in_body : undefined;
                inBody = userInBody !== undefined && userInBody !== null ? userInBody : BODY_METHODS.indexOf(method) >= 0;
            }
            var bag = inBody ? config.data : config.params;
            if (bag === undefined || bag === null) {
                bag = {};
            }
            if (pagination.limit) {
                bag[pagination.limit_name_in_request] = pagination.limit;
            }

            var proxyConfig = Object.assign({ method: 'GET' }, config);
            proxyConfig.headers = Object.assign({}, config.headers || {});

            var ctx = {
                pagination: pagination,
                bag: bag,
                inBody: inBody,
                proxyConfig: proxyConfig,
                proxy: proxy,
                writeBag: function () {
                    if (inBody) {
                        var expanded = {};
                        var keys = Object.keys(bag);
                        for (var i = 0; i < keys.length; i++) {
                            setPath(expanded, keys[i], bag[keys[i]]);
                        }
                        proxyConfig.data = expanded;
                    } else {
                        proxyConfig.params = bag;
                    }
                },
                isLegacyReplay: function (response) {
                    return Boolean(opts.replay) && isObjectLike(response) && !response.headers;
                },
                emitLegacy: async function (response, emit) {
                    var pages = legacyPages(response, pagination);
                    for (var i = 0; i < pages.length; i++) {
                        await emit(pages[i]);
                    }
                }
            };
            if (pagination.type === 'cursor') {
                return cursor(ctx, emit);
            }
            if (pagination.type === 'link') {
                return link(ctx, emit);
            }
            return offset(ctx, emit);
        });
    };
    // The building blocks, for the Go tests and fuzzers; not part of the nango object.
    Object.defineProperty(paginate, 'internals', {
        value: { getPath: getPath, setPath: setPath, parsePath: parsePath, parseLinkHeader: parseLinkHeader, absoluteURL: absoluteURL },
        enumerable: false
    });
    return paginate;
})();
