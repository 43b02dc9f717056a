// The yaml-era `global.vitest.NangoSyncMock` / `NangoActionMock`, re-implemented from the
// behaviour written down in ../shared/reference/vitest-harness.md §3.1 (not from upstream
// code). Fixtures are read and requests are looked up by Go through the replay engine of
// internal/mocks (host.lookup); this file only reproduces the harness's object shape and its
// pagination quirks. It evaluates to a function (host, vitest) → {NangoActionMock, NangoSyncMock,
// bodyOf} (bodyOf is shared with nangotest.js).
//
// host: readMock(path) → text (throws "Failed to load mock data from <path>: …"),
// lookup(mocksDir, script, method, endpoint, paramsJSON, headersJSON, bodyKind, bodyText) →
// JSON text {data, headers?, status?}, providerPaginate(key) → object|null (throws for an
// unknown provider), join(dir, rel) → lexical path.resolve, bufferBase64(buf) → base64,
// getPath(obj, path) (lodash get), parseLinkHeader(text).
(function (host, vitest) {
    'use strict';

    const fn = vitest.fn;

    function entriesJSON(obj) {
        return JSON.stringify(Object.entries(obj || {}));
    }

    // bodyOf is how a request body crosses to Go: {kind: none|string|base64|json, text}.
    function bodyOf(d) {
        if (!d) {
            return { kind: 'none', text: '' };
        }
        if (typeof d === 'string') {
            return { kind: 'string', text: d };
        }
        if (typeof Buffer !== 'undefined' && Buffer.isBuffer(d)) {
            return { kind: 'base64', text: d.toString('base64') };
        }
        return { kind: 'json', text: JSON.stringify(d) };
    }

    class BaseMock {
        constructor(opts) {
            opts = opts || {};
            this.dirname = opts.dirname;
            this.name = opts.name;
            this.Model = opts.Model;
            if (typeof this.dirname !== 'string') {
                throw new TypeError('NangoSyncMock/NangoActionMock: "dirname" must be the test\'s __dirname, got ' + vitest.fmt(this.dirname));
            }
            const parts = host.join(this.dirname, '..').split('/');
            this.providerConfigKey = parts[parts.length - 1];
            this.mocksDir = host.join(this.dirname, '../mocks');
            const self = this;
            this.log = fn();
            this.ActionError = fn();
            this.getConnection = fn(() => self.readJSON('nango/getConnection'));
            this.getMetadata = fn(() => self.readJSON('nango/getMetadata'));
            this.updateMetadata = fn();
            this.getWebhookURL = fn(() => 'https://example.com/webhook');
            this.zodValidateInput = fn(({ input }) => Promise.resolve({ data: input }));
            for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
                this[m] = fn((config) => self.request(Object.assign({}, config, { method: m })));
            }
            this.proxy = fn((config) => self.request(config));
            this.paginate = fn((config) => self.paginateImpl(config));
        }

        async readJSON(rel) {
            const text = host.readMock(host.join(this.mocksDir, rel + '.json'));
            return JSON.parse(text);
        }

        async getInput() {
            try {
                return await this.readJSON(this.name + '/input');
            } catch (e) {
                return undefined;
            }
        }

        async getOutput() {
            return this.readJSON(this.name + '/output');
        }

        async getBatchSaveData(model) {
            return this.readJSON(this.name + '/' + model + '/batchSave');
        }

        async getBatchDeleteData(model) {
            return this.readJSON(this.name + '/' + model + '/batchDelete');
        }

        // lookupSync answers a request from the recordings: {data, headers, status}.
        lookupSync(config) {
            const method = String(config.method || 'get');
            const b = bodyOf(config.data);
            // softMiss: nango/test's legacy provider (nangotest.js) answers a hash miss with a
            // loosely matching recording
            const out = JSON.parse(host.lookup(this.mocksDir, this.name, method, String(config.endpoint), entriesJSON(config.params), entriesJSON(config.headers), b.kind, b.text, this.softMiss === true));
            return out;
        }

        async request(config) {
            return this.lookupSync(config || {});
        }

        paginateImpl(config) {
            const self = this;
            return (async function* () {
                const provider = host.providerPaginate(self.providerConfigKey);
                config.method = config.method || 'get';
                config.paginate = Object.assign({}, provider || {}, config.paginate);
                const p = config.paginate;
                const inBody = ['post', 'put', 'patch'].indexOf(String(config.method).toLowerCase()) >= 0;
                const bag = (inBody ? config.data : config.params) || {};
                if (p.limit) {
                    bag[p.limit_name_in_request] = p.limit;
                }
                const write = () => {
                    if (inBody) {
                        config.data = bag;
                    } else {
                        config.params = bag;
                    }
                };
                const pageOf = (body, dotted) => (p.response_path ? (dotted ? host.getPath(body, p.response_path) : body[p.response_path]) : body);
                // A recording without headers (a legacy body-only file) is read once.
                const legacy = function* (body) {
                    if (body === null || body === undefined) {
                        throw new TypeError('Cannot convert undefined or null to object');
                    }
                    if (Array.isArray(body)) {
                        yield body;
                    }
                    if (p.response_path) {
                        yield body[p.response_path];
                    } else {
                        for (const k of Object.keys(body)) {
                            if (Array.isArray(body[k])) {
                                yield body[k];
                            }
                        }
                    }
                };
                switch (p.type) {
                    case 'cursor': {
                        for (;;) {
                            write();
                            const r = self.lookupSync(config);
                            if (!r.headers) {
                                yield* legacy(r.data);
                                return;
                            }
                            const page = pageOf(r.data, false);
                            if (!page || !page.length) {
                                return;
                            }
                            yield page;
                            let next = r.data[p.cursor_path_in_response];
                            if (typeof next === 'string') {
                                next = next.trim();
                                if (!next) {
                                    return;
                                }
                            } else if (typeof next !== 'number') {
                                return;
                            }
                            bag[p.cursor_name_in_request] = next;
                        }
                    }
                    case 'link': {
                        write();
                        for (;;) {
                            const r = self.lookupSync(config);
                            if (!r.headers) {
                                yield* legacy(r.data);
                                return;
                            }
                            const page = pageOf(r.data, false);
                            if (!page.length) {
                                return;
                            }
                            yield page;
                            let link;
                            if (p.link_rel_in_response_header) {
                                const parsed = host.parseLinkHeader(r.headers.link || r.headers.Link);
                                link = parsed && parsed[p.link_rel_in_response_header] ? parsed[p.link_rel_in_response_header].url : undefined;
                            } else if (p.link_path_in_response_body) {
                                link = host.getPath(r.data, p.link_path_in_response_body);
                            } else {
                                throw new Error('Either link_rel_in_response_header or link_path_in_response_body is required for link pagination');
                            }
                            if (!link) {
                                return;
                            }
                            try {
                                const u = new URL(link);
                                config.endpoint = u.pathname + u.search;
                            } catch (e) {
                                config.endpoint = link;
                            }
                            config.params = {};
                        }
                    }
                    case 'offset': {
                        let offset = p.offset_start_value || 0;
                        for (;;) {
                            bag[p.offset_name_in_request] = inBody ? offset : String(offset);
                            write();
                            const r = self.lookupSync(config);
                            if (!r.headers) {
                                yield* legacy(r.data);
                                return;
                            }
                            const page = pageOf(r.data, true);
                            if (!page || !page.length) {
                                return;
                            }
                            yield page;
                            if (p.limit && page.length < p.limit) {
                                return;
                            }
                            offset += p.offset_calculation_method === 'per-page' ? 1 : page.length;
                        }
                    }
                    default:
                        throw new Error('Invalid pagination type: ' + p.type);
                }
            })();
        }
    }

    class NangoActionMock extends BaseMock {}

    class NangoSyncMock extends BaseMock {
        constructor(opts) {
            super(opts);
            this.lastSyncDate = null;
            this.batchSave = fn();
            this.batchDelete = fn();
        }
    }

    return { NangoActionMock, NangoSyncMock, bodyOf };
});
