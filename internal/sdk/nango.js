// The `nango` object a script receives, for the embedded runtime. This file evaluates to one
// function:
//
//   create(host, props) -> nango (a NangoAction or NangoSync instance)
//
// host is the Go side (internal/sdk): every call that leaves the VM (proxy, connection,
// metadata, environment variables, records) goes through it; props are the run's values
// (connection, integration, script type, --lastSyncDate, --variant, ...).
//
// The classes are plain JavaScript so that `instanceof`, getters, spreading and
// `nango.ActionError` behave natively; the shapes (axios responses and errors, ActionError)
// are the ones scripts read, as the reference runtime gives them (see the tests in
// internal/sdk/sdk_test.go).
(function () {
    'use strict';

    function isObject(v) {
        return v !== null && typeof v === 'object';
    }

    // An error the SDK itself raises (invalid records, invalid input...): the dry run reports it
    // as {type: code, payload, status: 500}.
    function sdkError(code, message, payload) {
        var err = new Error(message);
        err.name = 'NangoError';
        err.code = code;
        err.type = code;
        if (payload !== undefined) {
            err.payload = payload;
        }
        return err;
    }

    function lowerKeys(h) {
        var out = {};
        if (!isObject(h)) {
            return out;
        }
        var keys = Object.keys(h);
        for (var i = 0; i < keys.length; i++) {
            out[keys[i].toLowerCase()] = h[keys[i]];
        }
        return out;
    }

    // topLevelJSON is JSON.stringify of an object whose own undefined values are written as
    // null, as they appear in Object.entries (the request identity is built from the entries).
    function entriesJSON(o) {
        if (!isObject(o)) {
            return '';
        }
        var copy = {};
        var keys = Object.keys(o);
        for (var i = 0; i < keys.length; i++) {
            var v = o[keys[i]];
            copy[keys[i]] = v === undefined ? null : v;
        }
        return JSON.stringify(copy);
    }

    // watchShapes reports to the host every ordinary object that gets a non-enumerable own
    // property and every Proxy, so that batch calls can serialize records without asking goja
    // for enumerability key by key (see internal/sdk/tojson.go). Behaviour is unchanged.
    function watchShapes(host) {
        if (Object.defineProperty.__nangoWatched) {
            return;
        }
        var defineProperty = Object.defineProperty;
        var defineProperties = Object.defineProperties;
        var create = Object.create;
        var reflectDefine = Reflect.defineProperty;
        var NativeProxy = Proxy;
        function hides(desc) {
            return !isObject(desc) || !desc.enumerable;
        }
        function hidesAny(descs) {
            if (!isObject(descs)) {
                return false;
            }
            var keys = Reflect.ownKeys(descs);
            for (var i = 0; i < keys.length; i++) {
                if (hides(descs[keys[i]])) {
                    return true;
                }
            }
            return false;
        }
        function wrap(name, fn) {
            defineProperty(fn, 'name', { value: name });
            return fn;
        }
        var watched = {
            defineProperty: wrap('defineProperty', function (o, key, desc) {
                var r = defineProperty(o, key, desc);
                if (hides(desc)) {
                    host.markHidden(o);
                }
                return r;
            }),
            defineProperties: wrap('defineProperties', function (o, descs) {
                var r = defineProperties(o, descs);
                if (hidesAny(descs)) {
                    host.markHidden(o);
                }
                return r;
            }),
            create: wrap('create', function (proto, descs) {
                var o = descs === undefined ? create(proto) : create(proto, descs);
                if (hidesAny(descs)) {
                    host.markHidden(o);
                }
                return o;
            })
        };
        defineProperty(watched.defineProperty, '__nangoWatched', { value: true });
        defineProperty(Object, 'defineProperty', { value: watched.defineProperty, writable: true, configurable: true });
        defineProperty(Object, 'defineProperties', { value: watched.defineProperties, writable: true, configurable: true });
        defineProperty(Object, 'create', { value: watched.create, writable: true, configurable: true });
        defineProperty(Reflect, 'defineProperty', {
            value: wrap('defineProperty', function (o, key, desc) {
                var r = reflectDefine(o, key, desc);
                if (r && hides(desc)) {
                    host.markHidden(o);
                }
                return r;
            }), writable: true, configurable: true
        });
        var WatchedProxy = function Proxy(target, handler) {
            if (new.target === undefined) {
                throw new TypeError("Constructor Proxy requires 'new'");
            }
            var p = new NativeProxy(target, handler);
            host.markProxy(p);
            return p;
        };
        defineProperty(WatchedProxy, 'revocable', {
            value: wrap('revocable', function (target, handler) {
                var r = NativeProxy.revocable(target, handler);
                host.markProxy(r.proxy);
                return r;
            }), writable: true, configurable: true
        });
        defineProperty(globalThis, 'Proxy', { value: WatchedProxy, writable: true, configurable: true });
    }

    return function create(host, props) {
        watchShapes(host);
        class ActionError extends Error {
            constructor(payload) {
                super(isObject(payload) && typeof payload.message === 'string' ? payload.message : (typeof payload === 'string' ? payload : ''));
                this.name = 'ActionError';
                this.type = 'action_script_runtime_error';
                if (payload) {
                    this.payload = payload;
                }
            }
        }

        // axiosResponse turns the host's raw answer into what axios resolves with.
        function axiosResponse(raw, config) {
            var res = {
                data: raw.data,
                status: raw.status,
                statusText: raw.statusText,
                headers: raw.headers,
                config: config,
                request: { method: String(config.method || 'GET').toUpperCase(), path: raw.path }
            };
            if (!raw.hasStatus) {
                // A legacy recording has no status: the script sees undefined, as in Nango's harness.
                res.status = undefined;
                res.statusText = undefined;
            }
            if (!raw.hasHeaders) {
                res.headers = undefined;
            }
            return res;
        }

        function axiosError(res) {
            var status = res.status;
            var err = new Error('Request failed with status code ' + status);
            err.name = 'AxiosError';
            err.isAxiosError = true;
            err.code = status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST';
            err.status = status;
            err.config = res.config;
            err.request = res.request;
            err.response = res;
            err.toJSON = function () {
                return { message: err.message, name: err.name, code: err.code, status: err.status };
            };
            return err;
        }

        // buildRequest turns a ProxyConfiguration into what the host sends (the reference node
        // client's wire format) and what identifies it for recording and replay.
        function buildRequest(config) {
            if (!isObject(config)) {
                throw new TypeError('proxy expects a configuration object with an endpoint');
            }
            if (typeof config.endpoint !== 'string' || config.endpoint === '') {
                throw new TypeError('proxy: endpoint is required (a string such as "/v1/contacts")');
            }
            var method = config.method ? String(config.method) : 'GET';
            var endpoint = config.endpoint;
            var path = endpoint.charAt(0) === '/' ? endpoint : '/' + endpoint;
            var params = config.params;
            var paramsJSON = '';
            if (typeof params === 'string' && params !== '') {
                if (path.indexOf('?') >= 0) {
                    throw new Error('Can not set query params in endpoint and in params');
                }
                var parsed = new URLSearchParams(params);
                var asObject = {};
                parsed.forEach(function (v, k) { asObject[k] = v; });
                paramsJSON = JSON.stringify(asObject);
                path += '?' + parsed.toString();
            } else if (isObject(params)) {
                var u = new URL('http://nango.invalid' + path);
                var pkeys = Object.keys(params);
                for (var i = 0; i < pkeys.length; i++) {
                    u.searchParams.set(pkeys[i], params[pkeys[i]]);
                }
                path = u.pathname + u.search;
                paramsJSON = entriesJSON(params);
            }
            var headers = [];
            var contentType = '';
            if (isObject(config.headers)) {
                var hkeys = Object.keys(config.headers);
                for (var j = 0; j < hkeys.length; j++) {
                    var hv = config.headers[hkeys[j]];
                    if (hv === undefined || hv === null) {
                        continue;
                    }
                    headers.push([hkeys[j], String(hv)]);
                    if (hkeys[j].toLowerCase() === 'content-type') {
                        contentType = String(hv);
                    }
                }
            }
            var data = config.data;
            var body = { kind: 'none' };
            if (data !== undefined && data !== null) {
                if (typeof data === 'string') {
                    body = { kind: 'string', text: data };
                    contentType = contentType || 'application/x-www-form-urlencoded';
                } else if (Buffer.isBuffer(data)) {
                    body = { kind: 'binary', buffer: data };
                } else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
                    body = { kind: 'binary', buffer: Buffer.from(data instanceof ArrayBuffer ? data : data.buffer) };
                } else {
                    body = { kind: 'json', text: JSON.stringify(data) };
                    contentType = contentType || 'application/json';
                }
            }
            var retryOn = [];
            if (Array.isArray(config.retryOn)) {
                for (var k = 0; k < config.retryOn.length; k++) {
                    retryOn.push(Number(config.retryOn[k]));
                }
            }
            return {
                method: method,
                endpoint: endpoint,
                path: path,
                paramsJSON: paramsJSON,
                headers: headers,
                headersJSON: entriesJSON(config.headers),
                contentType: contentType,
                body: body,
                hasData: Boolean(data),
                retries: Number(config.retries) || 0,
                retryOn: retryOn,
                baseUrlOverride: config.baseUrlOverride ? String(config.baseUrlOverride) : '',
                decompress: config.decompress === true || config.decompress === 'true',
                responseType: config.responseType ? String(config.responseType) : '',
                connectionId: config.connectionId ? String(config.connectionId) : props.connectionId,
                providerConfigKey: config.providerConfigKey ? String(config.providerConfigKey) : props.providerConfigKey
            };
        }

        // checkedData is the data of a Nango API answer, or the axios error the reference's node
        // client would throw for a failed one (raised with the call site's stack).
        function checkedData(raw, config, site) {
            var res = axiosResponse(raw, config);
            if (raw.hasStatus && raw.status >= 400) {
                var err = axiosError(res);
                var at = site && typeof site.stack === 'string' ? site.stack.indexOf('\n') : -1;
                if (at >= 0) {
                    err.stack = err.name + ': ' + err.message + site.stack.slice(at);
                }
                throw err;
            }
            return res.data;
        }

        // FetchHeaders is the read side of WHATWG Headers over the answer's [name, value] pairs
        // (names lower-case, repeated headers joined with ", ").
        class FetchHeaders {
            constructor(pairs) {
                this._pairs = pairs;
            }
            get(name) {
                var n = String(name).toLowerCase();
                for (var i = 0; i < this._pairs.length; i++) {
                    if (this._pairs[i][0] === n) {
                        return this._pairs[i][1];
                    }
                }
                return null;
            }
            has(name) { return this.get(name) !== null; }
            forEach(fn, thisArg) {
                for (var i = 0; i < this._pairs.length; i++) {
                    fn.call(thisArg, this._pairs[i][1], this._pairs[i][0], this);
                }
            }
            entries() { return this._pairs.map(function (p) { return [p[0], p[1]]; })[Symbol.iterator](); }
            keys() { return this._pairs.map(function (p) { return p[0]; })[Symbol.iterator](); }
            values() { return this._pairs.map(function (p) { return p[1]; })[Symbol.iterator](); }
            [Symbol.iterator]() { return this.entries(); }
        }

        // fetchResponse wraps the host's answer as a WHATWG Response: status, ok, headers,
        // and a body that can be read once as text, JSON or an ArrayBuffer.
        function fetchResponse(raw) {
            var used = false;
            function take() {
                if (used) {
                    return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
                }
                used = true;
                return Promise.resolve(raw.body);
            }
            return {
                status: raw.status,
                statusText: raw.statusText,
                ok: raw.status >= 200 && raw.status <= 299,
                url: raw.url,
                redirected: raw.redirected,
                type: 'basic',
                headers: new FetchHeaders(raw.headers),
                get bodyUsed() { return used; },
                text: function () { return take().then(function (b) { return b.toString('utf8'); }); },
                json: function () { return take().then(function (b) { return JSON.parse(b.toString('utf8')); }); },
                arrayBuffer: function () {
                    return take().then(function (b) {
                        var copy = new Uint8Array(b.length);
                        copy.set(b);
                        return copy.buffer;
                    });
                }
            };
        }

        // RECORDS_BATCH is how many ids one GET /records asks for, as the reference's SDK.
        var RECORDS_BATCH = 100;

        var LEVELS = { debug: 'debug', info: 'info', warn: 'warn', error: 'error', http: 'info', verbose: 'debug', silly: 'debug' };
        // LEVEL_ORDER ranks levels for setLogger's threshold ('off' hides everything).
        var LEVEL_ORDER = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

        // checkCheckpoint enforces the checkpoint's shape: a flat object whose values are
        // strings, numbers or booleans (what the server stores).
        function checkCheckpoint(c) {
            if (!isObject(c) || Array.isArray(c)) {
                throw new TypeError('saveCheckpoint expects a flat object of string, number or boolean values');
            }
            var keys = Object.keys(c);
            for (var i = 0; i < keys.length; i++) {
                var t = typeof c[keys[i]];
                if (t !== 'string' && t !== 'number' && t !== 'boolean') {
                    throw new TypeError('saveCheckpoint: "' + keys[i] + '" is a ' + (c[keys[i]] === null ? 'null' : t) +
                        '; a checkpoint holds only string, number or boolean values');
                }
            }
        }

        var logLevel = 'debug';

        class NangoAction {
            constructor() {
                this.connectionId = props.connectionId;
                this.providerConfigKey = props.providerConfigKey;
                this.provider = props.provider;
                this.environmentName = props.environmentName;
                this.environmentId = -1;
                this.activityLogId = '';
                this.accountId = 1;
                this.nangoConnectionId = props.nangoConnectionId;
                this.syncId = props.scriptType === 'action' ? undefined : 'dryrun-sync';
                this.syncJobId = undefined;
                this.scriptType = props.scriptType;
                this.dryRun = true;
                this.isCLI = true;
                this.runnerFlags = {
                    validateActionInput: props.validation,
                    validateActionOutput: props.validation,
                    validateSyncRecords: props.validation,
                    validateSyncMetadata: false
                };
                this.logger = { level: 'debug' };
                this.ActionError = ActionError;
            }

            proxy(config) {
                var req;
                try {
                    req = buildRequest(config);
                } catch (err) {
                    return Promise.reject(err);
                }
                // The call site's stack, so that an HTTP error points at the script's line rather
                // than at the promise callback that raises it.
                var site = new Error();
                return host.proxy(req).then(function (raw) {
                    var res = axiosResponse(raw, config);
                    if (raw.hasStatus && raw.status >= 400) {
                        var err = axiosError(res);
                        var at = typeof site.stack === 'string' ? site.stack.indexOf('\n') : -1;
                        if (at >= 0) {
                            err.stack = err.name + ': ' + err.message + site.stack.slice(at);
                        }
                        throw err;
                    }
                    return res;
                });
            }

            get(config) { return this.proxy(Object.assign({}, config, { method: 'GET' })); }
            post(config) { return this.proxy(Object.assign({}, config, { method: 'POST' })); }
            put(config) { return this.proxy(Object.assign({}, config, { method: 'PUT' })); }
            patch(config) { return this.proxy(Object.assign({}, config, { method: 'PATCH' })); }
            delete(config) { return this.proxy(Object.assign({}, config, { method: 'DELETE' })); }

            paginate(config) {
                var self = this;
                if (isObject(config)) {
                    // The reference adds its user agent to every page request (forwarded as
                    // Nango-Proxy-user-agent); recorded identities leave it out.
                    config.headers = Object.assign({}, config.headers || {}, { 'user-agent': props.userAgent });
                }
                return host.paginate(config, function (c) { return self.proxy(c); }, host.paginateDefaults, { replay: props.replay });
            }

            async getConnection(providerConfigKeyOverride, connectionIdOverride, options) {
                var opts = isObject(options) ? options : {};
                return host.getConnection(
                    providerConfigKeyOverride ? String(providerConfigKeyOverride) : props.providerConfigKey,
                    connectionIdOverride ? String(connectionIdOverride) : props.connectionId,
                    Boolean(opts.forceRefresh), Boolean(opts.refreshToken));
            }

            async getToken() {
                var conn = await host.getConnection(props.providerConfigKey, props.connectionId, false, false);
                var creds = isObject(conn) ? conn.credentials : undefined;
                if (!isObject(creds)) {
                    return creds;
                }
                if (creds.type === 'OAUTH2') {
                    return creds.access_token;
                }
                if (creds.type === 'OAUTH1') {
                    return { oAuthToken: creds.oauth_token, oAuthTokenSecret: creds.oauth_token_secret };
                }
                return creds;
            }

            async getMetadata() {
                return host.getMetadata();
            }

            async setMetadata(metadata) {
                return host.setMetadata(metadata, false);
            }

            async updateMetadata(metadata) {
                return host.setMetadata(metadata, true);
            }

            async getFieldMapping() {
                this.log('getFieldMapping is deprecated. Please use getMetadata instead.', { level: 'warn' });
                var metadata = await this.getMetadata();
                return (isObject(metadata) && metadata.fieldMapping) || {};
            }

            async setFieldMapping(fieldMapping) {
                this.log('setFieldMapping is deprecated. Please use setMetadata instead.', { level: 'warn' });
                return this.setMetadata(fieldMapping);
            }

            async getEnvironmentVariables() {
                return host.getEnvironmentVariables();
            }

            async getIntegration(queries) {
                var include = isObject(queries) && Array.isArray(queries.include) ? queries.include.map(String) : [];
                return host.getIntegration(include);
            }

            async getWebhookURL() {
                return host.getWebhookURL();
            }

            getFlowAttributes() {
                throw new Error('There is no current sync to get attributes from');
            }

            log() {
                var args = Array.prototype.slice.call(arguments);
                var level = 'info';
                var last = args[args.length - 1];
                if (args.length > 1 && isObject(last) && last.level) {
                    level = LEVELS[String(last.level)] || 'info';
                    args.pop();
                }
                if (LEVEL_ORDER[level] < LEVEL_ORDER[logLevel]) {
                    return;
                }
                host.log(level, args);
            }

            // setLogger changes the level below which nango.log prints nothing (default: debug,
            // everything); once 'off', it stays off.
            setLogger(options) {
                var level = isObject(options) ? String(options.level) : '';
                if (logLevel === 'off' || !(level in LEVEL_ORDER)) {
                    return;
                }
                logLevel = level;
            }

            // triggerAction runs the *deployed* action on the server (POST /action/trigger) and
            // returns its output; a failure is the axios error the reference's client throws.
            async triggerAction(providerConfigKey, connectionId, actionName, input) {
                var site = new Error();
                var body = input === undefined ? '' : JSON.stringify(input);
                var raw = await host.triggerAction(String(providerConfigKey), String(connectionId), String(actionName), body === undefined ? '' : body);
                return checkedData(raw, { method: 'POST', url: '/action/trigger' }, site);
            }

            // triggerSync dry-runs that sync locally (as the reference's CLI does) and resolves
            // with the text its dry run prints.
            async triggerSync(providerConfigKey, connectionId, sync, syncModeOrOpts) {
                var name = sync;
                var variant = '';
                if (isObject(sync)) {
                    name = sync.name;
                    variant = sync.variant ? String(sync.variant) : '';
                }
                if (typeof name !== 'string' || name === '') {
                    throw new TypeError('triggerSync expects (providerConfigKey, connectionId, syncName | { name, variant }, syncMode?)');
                }
                var full = syncModeOrOpts === true ||
                    (typeof syncModeOrOpts === 'string' && syncModeOrOpts.indexOf('full_refresh') === 0) ||
                    (isObject(syncModeOrOpts) && (syncModeOrOpts.reset === true || (typeof syncModeOrOpts.mode === 'string' && syncModeOrOpts.mode.indexOf('full_refresh') === 0)));
                return host.triggerSync(String(providerConfigKey), String(connectionId), name, variant, Boolean(full));
            }

            async startSync() {
                this.log('This has no effect but on a remote Nango instance would start a schedule');
            }

            async zodValidateInput(args) {
                var zodSchema = isObject(args) ? args.zodSchema : undefined;
                var input = isObject(args) ? args.input : undefined;
                if (props.replay) {
                    return { data: input };
                }
                if (!zodSchema || typeof zodSchema.safeParse !== 'function') {
                    throw new TypeError('zodValidateInput expects { zodSchema, input } with a zod schema');
                }
                var result = zodSchema.safeParse(input);
                if (result.success) {
                    return result;
                }
                var issues = (result.error && result.error.issues) || [];
                for (var i = 0; i < issues.length; i++) {
                    var path = Array.isArray(issues[i].path) ? issues[i].path.join('.') : '';
                    this.log('Invalid input provided: ' + issues[i].message + ' at path ' + path, { level: 'error' });
                }
                throw new ActionError({ message: 'Invalid input provided' });
            }

            async tryAcquireLock() { return true; }
            async releaseLock() { return true; }
            async releaseAllLocks() {}
            setMergingStrategy() { return Promise.resolve(); }

            // uncontrolledFetch is a plain HTTP request (no credentials injected, no retries)
            // resolving with a WHATWG Response-like object.
            async uncontrolledFetch(options) {
                if (!isObject(options) || options.url === undefined || options.url === null) {
                    throw new TypeError('uncontrolledFetch expects { url, method?, headers?, body? }');
                }
                var headers = [];
                var h = options.headers;
                if (Array.isArray(h)) {
                    for (var i = 0; i < h.length; i++) {
                        headers.push([String(h[i][0]), String(h[i][1])]);
                    }
                } else if (isObject(h) && typeof h.forEach === 'function' && typeof h.get === 'function') {
                    h.forEach(function (v, k) { headers.push([String(k), String(v)]); });
                } else if (isObject(h)) {
                    var keys = Object.keys(h);
                    for (var j = 0; j < keys.length; j++) {
                        if (h[keys[j]] !== undefined) {
                            headers.push([keys[j], String(h[keys[j]])]);
                        }
                    }
                }
                var body = options.body;
                var kind = 'none';
                if (typeof body === 'string') {
                    kind = 'string';
                } else if (body instanceof ArrayBuffer) {
                    kind = 'binary';
                    body = Buffer.from(body);
                } else if (ArrayBuffer.isView(body)) {
                    kind = 'binary';
                    body = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
                } else if (body !== undefined && body !== null) {
                    throw new TypeError('uncontrolledFetch: body must be a string or bytes (JSON.stringify an object first)');
                }
                var raw = await host.fetch({
                    url: String(options.url), method: options.method ? String(options.method) : 'GET',
                    headers: headers, bodyKind: kind, body: body
                });
                return fetchResponse(raw);
            }
        }

        class NangoSync extends NangoAction {
            constructor() {
                super();
                this.lastSyncDate = typeof props.lastSyncDate === 'number' ? new Date(props.lastSyncDate) : (props.replay ? null : undefined);
                this.variant = props.variant || 'base';
                this.track_deletes = false;
                // The checkpoint lives in memory for the run, seeded from --checkpoint; each
                // read gets a copy, so the script cannot change it without saveCheckpoint.
                var checkpoint = typeof props.checkpoint === 'string' ? JSON.parse(props.checkpoint) : null;
                this.getCheckpoint = async function () { return checkpoint === null ? null : Object.assign({}, checkpoint); };
                this.saveCheckpoint = async function (c) {
                    checkCheckpoint(c);
                    checkpoint = Object.assign({}, c);
                };
                this.clearCheckpoint = async function () { checkpoint = null; };
            }

            // listRecords iterates over the records the server stores for this connection and
            // model (GET /records, following next_cursor from options.cursor): for await (const
            // record of nango.listRecords('Contact')).
            listRecords(model, options) {
                if (typeof model !== 'string' || model === '') {
                    throw new TypeError('listRecords: the model name is required');
                }
                var fullName = this.modelFullName(model);
                var cursor = isObject(options) && typeof options.cursor === 'string' ? options.cursor : '';
                var page = [];
                var done = false;
                var iterator = {
                    next: async function () {
                        while (page.length === 0 && !done) {
                            var site = new Error();
                            var raw = await host.listRecords(fullName, [], cursor);
                            var body = checkedData(raw, { method: 'GET', url: '/records/' }, site);
                            page = isObject(body) && Array.isArray(body.records) ? body.records.slice() : [];
                            cursor = isObject(body) && typeof body.next_cursor === 'string' ? body.next_cursor : '';
                            done = cursor === '';
                        }
                        if (page.length === 0) {
                            return { value: undefined, done: true };
                        }
                        return { value: page.shift(), done: false };
                    },
                    return: async function () {
                        done = true;
                        page = [];
                        return { value: undefined, done: true };
                    }
                };
                iterator[Symbol.asyncIterator] = function () { return iterator; };
                return iterator;
            }

            modelFullName(model) {
                return this.variant === 'base' ? model : model + '::' + this.variant;
            }

            async batchSave(records, model) {
                return host.batch('save', String(model), records);
            }

            async batchSend(records, model) {
                return this.batchSave(records, model);
            }

            async batchUpdate(records, model) {
                return host.batch('update', String(model), records);
            }

            async batchDelete(records, model) {
                return host.batch('delete', String(model), records);
            }

            // getRecordsByIds reads the records the server stores for this connection (GET
            // /records, 100 ids per request, following next_cursor) and returns a Map from each
            // id as the script passed it (a number stays a number) to its record.
            async getRecordsByIds(ids, model) {
                var found = new Map();
                if (!Array.isArray(ids)) {
                    throw new TypeError('getRecordsByIds expects an array of ids and a model name');
                }
                if (typeof model !== 'string' || model === '') {
                    throw new TypeError('getRecordsByIds: the model name is required');
                }
                var original = new Map();
                var keys = [];
                for (var i = 0; i < ids.length; i++) {
                    var key = String(ids[i]).split('\x00').join('');
                    if (!original.has(key)) {
                        original.set(key, ids[i]);
                        keys.push(key);
                    }
                }
                var fullName = this.modelFullName(model);
                for (var start = 0; start < keys.length; start += RECORDS_BATCH) {
                    var batch = keys.slice(start, start + RECORDS_BATCH);
                    var cursor = '';
                    do {
                        var site = new Error();
                        var raw = await host.listRecords(fullName, batch, cursor);
                        var page = checkedData(raw, { method: 'GET', url: '/records/' }, site);
                        var recs = isObject(page) && Array.isArray(page.records) ? page.records : [];
                        for (var j = 0; j < recs.length; j++) {
                            if (!isObject(recs[j])) {
                                continue;
                            }
                            var id = String(recs[j].id);
                            if (original.has(id)) {
                                found.set(original.get(id), recs[j]);
                            }
                        }
                        cursor = isObject(page) && typeof page.next_cursor === 'string' ? page.next_cursor : '';
                    } while (cursor);
                }
                return found;
            }

            async deleteRecordsFromPreviousExecutions(model) {
                this.log('deleteRecordsFromPreviousExecutions(' + model + '): this has no effect locally; on a Nango instance it would delete the records the previous runs saved and this one did not');
                return { deletedKeys: [] };
            }

            async trackDeletesStart(model) {
                this.log('trackDeletesStart(' + model + '): this has no effect locally');
            }

            async trackDeletesEnd(model) {
                this.log('trackDeletesEnd(' + model + '): this has no effect locally; on a Nango instance it would delete the records this run did not save');
                return { deletedKeys: [] };
            }
        }

        var nango = props.scriptType === 'sync' ? new NangoSync() : new NangoAction();
        return { nango: nango, ActionError: ActionError, sdkError: sdkError };
    };
})();
