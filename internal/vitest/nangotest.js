// The zero-yaml era's `nango/test` NangoSyncMock / NangoActionMock, re-implemented from the
// behaviour written down in ../shared/reference/vitest-harness.md §3.2 (not from upstream
// code). They extend the yaml-era mocks of nangomock.js: a test reads
// `<dirname>/<test file stem>.test.json`, else `<dirname>/<name>.test.json`, and only without
// either falls back to the legacy mocks/ folder (with a softer hash miss). Requests against a
// .test.json are matched by Go (host.lookupTestJSON, internal/mocks TestFile.Lookup) and
// paginate is the SDK's real algorithm (internal/paginate, host.paginate). It evaluates to a
// function (host, vitest, legacy) → {NangoActionMock, NangoSyncMock, ActionError}.
(function (host, vitest, legacy) {
    'use strict';

    const fn = vitest.fn;

    // ActionError is the SDK's class: an Error with an empty message, a type and the payload
    // the action threw with (tests assert `.rejects.toMatchObject({payload})`).
    class ActionError extends Error {
        constructor(payload) {
            super();
            this.type = 'action_script_runtime_error';
            this.payload = payload;
        }
    }

    const has = (o, k) => o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k);

    function zeroMock(Legacy, isSync) {
        return class extends Legacy {
            constructor(opts) {
                super(opts);
                const self = this;
                this.softMiss = true;
                const file = host.findTestJSON(this.dirname, String(this.name));
                this.testJSONPath = file;
                this.fixture = file ? JSON.parse(host.readMock(file)) : null;
                this.ActionError = ActionError;
                this.zodValidateInput = fn(({ input }) => ({ success: true, data: input }));
                for (const m of ['updateMetadata', 'trackDeletesStart', 'trackDeletesEnd', 'deleteRecordsFromPreviousExecutions']) {
                    this[m] = fn(() => self.nangoValue(m));
                }
                if (this.fixture) {
                    this.getConnection = fn(async () => self.required('getConnection'));
                    this.getMetadata = fn(async () => self.required('getMetadata'));
                }
                if (isSync) {
                    let checkpoint = null;
                    this.getCheckpoint = fn(async () => checkpoint);
                    this.saveCheckpoint = fn(async (c) => {
                        checkpoint = c;
                    });
                    this.clearCheckpoint = fn(async () => {
                        checkpoint = null;
                    });
                    this.listRecords = fn(async function* () {});
                }
            }

            nangoValue(key) {
                const n = this.fixture && this.fixture.nango;
                return has(n, key) ? n[key] : undefined;
            }

            required(key) {
                const n = this.fixture.nango;
                if (!has(n, key)) {
                    // the exact text: scripts compare error.message with it
                    throw new Error('Missing mock data for ' + key);
                }
                return n[key];
            }

            async getInput() {
                return this.fixture ? this.fixture.input : super.getInput();
            }

            async getOutput() {
                if (!this.fixture) {
                    return super.getOutput();
                }
                if (!has(this.fixture, 'output')) {
                    throw new Error('Missing mock data for output');
                }
                return this.fixture.output;
            }

            async getBatchSaveData(model) {
                return this.fixture ? this.batchData('batchSave', model) : super.getBatchSaveData(model);
            }

            async getBatchDeleteData(model) {
                return this.fixture ? this.batchData('batchDelete', model) : super.getBatchDeleteData(model);
            }

            batchData(kind, model) {
                const b = this.nangoValue(kind);
                return has(b, model) ? b[model] : undefined;
            }

            lookupSync(config) {
                if (!this.fixture) {
                    return super.lookupSync(config);
                }
                let endpoint = String(config.endpoint);
                let params = config.params;
                if (typeof params === 'string') {
                    if (params) {
                        endpoint += (endpoint.indexOf('?') >= 0 ? '&' : '?') + params.replace(/^\?/, '');
                    }
                    params = undefined;
                }
                const entries = Object.entries(params || {})
                    .filter((e) => e[1] !== undefined)
                    .map((e) => [e[0], String(e[1])]);
                const body = legacy.bodyOf(config.data);
                const text = host.lookupTestJSON(this.testJSONPath, String(this.name), String(config.method || 'get'), endpoint,
                    JSON.stringify(entries), JSON.stringify(Object.entries(config.headers || {})), body.kind, body.text);
                return JSON.parse(text);
            }

            paginateImpl(config) {
                if (!this.fixture) {
                    return super.paginateImpl(config);
                }
                const self = this;
                const proxy = (c) => {
                    const r = self.lookupSync(c);
                    return Promise.resolve({ data: r.data, status: r.status === undefined ? 200 : r.status, headers: r.headers || {} });
                };
                return host.paginate(config, proxy, () => host.providerPaginate(self.providerConfigKey));
            }
        };
    }

    return {
        NangoActionMock: zeroMock(legacy.NangoActionMock, false),
        NangoSyncMock: zeroMock(legacy.NangoSyncMock, true),
        ActionError
    };
});
