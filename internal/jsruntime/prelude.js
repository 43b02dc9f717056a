// Runs once per runtime, before any script. Written for this project (no third-party code).
// `host` holds Go functions; nothing from it leaks into the global scope.
(function (host) {
  'use strict';

  // Well-known symbols goja lacks. esbuild's __knownSymbol helper falls back to
  // Symbol.for('Symbol.<name>'), so defining them the same way keeps lowered `for await`,
  // async generators and `using` consistent with host code that uses Symbol.asyncIterator.
  for (const name of ['asyncIterator', 'dispose', 'asyncDispose']) {
    if (Symbol[name] === undefined) {
      Object.defineProperty(Symbol, name, { value: Symbol.for('Symbol.' + name) });
    }
  }

  // No code generation from strings (as in Nango's sandbox: codeGeneration.strings = false):
  // eval, new Function and the async/generator function constructors all throw.
  const deny = function () {
    throw new EvalError('Code generation from strings disallowed for this context');
  };
  Object.defineProperty(globalThis, 'eval', { value: function () { deny(); }, writable: true, configurable: true });
  const fnProtos = [
    Function.prototype,
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(function* () {}),
  ];
  for (const proto of fnProtos) {
    const Ctor = function Function() { deny(); };
    Object.defineProperty(Ctor, 'prototype', { value: proto });
    Object.defineProperty(proto, 'constructor', { value: Ctor, writable: true, configurable: true });
  }
  Object.defineProperty(globalThis, 'Function', { value: Function.prototype.constructor, writable: true, configurable: true });

  // V8's Error.captureStackTrace, which custom error classes often call in their constructor.
  // The frames are the caller's; with a constructor argument, frames up to it are left out.
  if (typeof Error.captureStackTrace !== 'function') {
    Object.defineProperty(Error, 'captureStackTrace', {
      value: function captureStackTrace(target, constructorOpt) {
        if (target === null || (typeof target !== 'object' && typeof target !== 'function')) {
          throw new TypeError('Invalid argument');
        }
        let frames = String(new Error().stack || '').replace(/\s+$/, '').split('\n').slice(2);
        if (typeof constructorOpt === 'function') {
          // goja leaves class constructor frames unnamed: when the name is not found, drop the
          // frame of the constructor that made this call.
          const name = constructorOpt.name;
          const i = name ? frames.findIndex((l) => l.trim().startsWith('at ' + name + ' ')) : -1;
          frames = frames.slice(i >= 0 ? i + 1 : 1);
        }
        let header = 'Error';
        try {
          header = String(target.name === undefined ? 'Error' : target.name) + (target.message ? ': ' + target.message : '');
        } catch (e) {}
        Object.defineProperty(target, 'stack', { value: [header, ...frames].join('\n'), writable: true, configurable: true });
      },
      writable: true,
      configurable: true,
    });
    Error.stackTraceLimit = 10;
  }

  // goja has no Intl, and its Number#toLocaleString passes the locale to toString as a radix
  // (so `n.toLocaleString('en-US')` throws). Format as Node's default en-US locale does:
  // grouping, 0-3 fraction digits, honouring minimum/maximumFractionDigits and useGrouping.
  Object.defineProperty(Number.prototype, 'toLocaleString', {
    value: function toLocaleString(locales, options) {
      const n = Number.prototype.valueOf.call(this);
      if (Number.isNaN(n)) return 'NaN';
      if (!Number.isFinite(n)) return n < 0 ? '-∞' : '∞';
      const o = options || {};
      const clamp = (v, d) => (v === undefined ? d : Math.max(0, Math.min(20, Math.trunc(Number(v)) || 0)));
      const min = clamp(o.minimumFractionDigits, 0);
      const max = Math.max(min, clamp(o.maximumFractionDigits, Math.max(min, 3)));
      let [int, frac = ''] = Math.abs(n).toFixed(max).split('.');
      while (frac.length > min && frac.endsWith('0')) frac = frac.slice(0, -1);
      if (o.useGrouping !== false) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      return (n < 0 || Object.is(n, -0) ? '-' : '') + int + (frac ? '.' + frac : '');
    },
    writable: true,
    configurable: true,
  });

  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  define('queueMicrotask', function queueMicrotask(callback) {
    if (typeof callback !== 'function') {
      throw new TypeError('The "callback" argument must be of type function.');
    }
    Promise.resolve().then(() => callback());
  });

  // ---- console: objects as JSON, errors with their stack, never [object Object] ----

  const isError = (v) => v instanceof Error || Object.prototype.toString.call(v) === '[object Error]';
  const isBuffer = (v) => typeof Buffer === 'function' && Buffer.isBuffer(v);
  const fnName = (f) => {
    const src = Function.prototype.toString.call(f);
    return (src.startsWith('class') ? '[class ' : '[Function: ') + (f.name || '(anonymous)') + ']';
  };
  const bufferText = (b) => {
    const shown = Array.from(b.subarray(0, 50), (x) => x.toString(16).padStart(2, '0')).join(' ');
    return '<Buffer' + (shown ? ' ' + shown : '') + (b.length > 50 ? ` ... ${b.length - 50} more bytes` : '') + '>';
  };
  const errorFields = (e) => {
    const out = { name: e.name, message: e.message };
    for (const k of Object.keys(e)) if (k !== 'stack') out[k] = e[k];
    return out;
  };

  // toJSON prints any value as compact JSON: cycles become "[Circular]", Maps objects, Sets
  // arrays, errors {name, message, ...}, functions and symbols their names, BigInts "12n".
  function toJSON(value, indent) {
    const path = []; // {holder, orig}: the chain of objects being serialised
    const replacer = function (key, val) {
      const orig = this[key];
      while (path.length > 0 && path[path.length - 1].holder !== this) path.pop();
      switch (typeof orig) {
        case 'bigint': return orig.toString() + 'n';
        case 'function': return fnName(orig);
        case 'symbol': return orig.toString();
      }
      if (orig === null || typeof orig !== 'object') return val;
      if (path.some((p) => p.orig === orig)) return '[Circular]';
      if (isBuffer(orig)) return bufferText(orig);
      if (ArrayBuffer.isView(orig) && !(orig instanceof DataView)) val = Array.from(orig, (x) => (typeof x === 'bigint' ? x.toString() + 'n' : x));
      else if (orig instanceof ArrayBuffer) val = { byteLength: orig.byteLength };
      else if (isError(orig)) val = errorFields(orig);
      else if (orig instanceof Map) val = Object.fromEntries(Array.from(orig, ([k, v]) => [String(k), v]));
      else if (orig instanceof Set) val = Array.from(orig);
      if (val !== null && typeof val === 'object') path.push({ holder: val, orig });
      return val;
    };
    try {
      const s = JSON.stringify(value, replacer, indent);
      return s === undefined ? String(value) : s;
    } catch (e) {
      const kind = (value && value.constructor && value.constructor.name) || typeof value;
      return `[unprintable ${kind}: ${e && e.message}]`;
    }
  }

  // goja prints frames as "\tat fn (file:1:2(34))"; show them as Node does.
  const cleanStack = (stack) =>
    stack
      .replace(/\s+$/, '')
      .split('\n')
      .map((l) => (/^\s+at /.test(l) ? '    at ' + l.trim().slice(3).replace(/\(\d+\)(\)?)$/, '$1') : l))
      .join('\n');

  function formatError(e, depth) {
    let s = typeof e.stack === 'string' && e.stack !== '' ? cleanStack(e.stack) : `${e.name}: ${e.message}`;
    const extra = {};
    let hasExtra = false;
    for (const k of Object.keys(e)) {
      if (k !== 'stack' && k !== 'message' && k !== 'cause') {
        extra[k] = e[k];
        hasExtra = true;
      }
    }
    if (hasExtra) s += ' ' + toJSON(extra);
    if (e.cause !== undefined && depth < 3) s += '\n  [cause]: ' + inspect(e.cause, depth + 1);
    return s;
  }

  function inspect(v, depth) {
    switch (typeof v) {
      case 'string': return v;
      case 'undefined': return 'undefined';
      case 'function': return fnName(v);
      case 'symbol': return v.toString();
      case 'bigint': return v.toString() + 'n';
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'boolean': return String(v);
    }
    if (v === null) return 'null';
    if (isError(v)) return formatError(v, depth || 0);
    if (isBuffer(v)) return bufferText(v);
    if (v instanceof Date) return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    return toJSON(v);
  }

  function format(args) {
    let first = 0;
    let out = '';
    if (typeof args[0] === 'string' && args[0].includes('%') && args.length > 1) {
      let i = 1;
      out = args[0].replace(/%[sdifjoOc%]/g, (m) => {
        if (m === '%%') return '%';
        if (i >= args.length) return m;
        const a = args[i++];
        switch (m) {
          case '%s': return typeof a === 'object' && a !== null ? inspect(a) : typeof a === 'bigint' ? a + 'n' : String(a);
          case '%d': return typeof a === 'bigint' ? a + 'n' : typeof a === 'object' ? 'NaN' : String(Number(a));
          case '%i': return typeof a === 'bigint' ? a + 'n' : String(parseInt(a, 10));
          case '%f': return String(parseFloat(a));
          case '%j': return toJSON(a);
          case '%c': return '';
          default: return inspect(a);
        }
      });
      first = i;
    } else if (args.length > 0) {
      out = inspect(args[0]);
      first = 1;
    }
    for (let i = first; i < args.length; i++) out += ' ' + inspect(args[i]);
    return out;
  }

  const emit = (level) => function (...args) { host.log(level, format(args)); };
  const counts = new Map();
  const timers = new Map();
  const console = {
    log: emit('info'),
    info: emit('info'),
    debug: emit('debug'),
    warn: emit('warn'),
    error: emit('error'),
    trace(...args) {
      const stack = (new Error().stack || '').split('\n').slice(2).join('\n');
      host.log('debug', 'Trace' + (args.length ? ': ' + format(args) : '') + (stack ? '\n' + stack : ''));
    },
    dir(v) { host.log('info', inspect(v)); },
    table(...args) { host.log('info', format(args)); },
    assert(cond, ...args) {
      if (!cond) host.log('error', 'Assertion failed' + (args.length ? ': ' + format(args) : ''));
    },
    count(label = 'default') {
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      host.log('info', `${label}: ${n}`);
    },
    countReset(label = 'default') { counts.delete(label); },
    time(label = 'default') { timers.set(label, Date.now()); },
    timeLog(label = 'default', ...args) {
      if (timers.has(label)) host.log('info', `${label}: ${Date.now() - timers.get(label)}ms` + (args.length ? ' ' + format(args) : ''));
    },
    timeEnd(label = 'default') {
      if (timers.has(label)) {
        host.log('info', `${label}: ${Date.now() - timers.get(label)}ms`);
        timers.delete(label);
      }
    },
    group(...args) { if (args.length) host.log('info', format(args)); },
    groupEnd() {},
  };
  define('console', console);

  // ---- TextEncoder / TextDecoder (UTF-8, as in the WHATWG spec's default) ----

  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input = '') { return host.encodeUTF8(String(input)); }
    encodeInto(source, destination) {
      if (!(destination instanceof Uint8Array)) throw new TypeError('The "dest" argument must be an instance of Uint8Array.');
      const [read, written] = host.encodeInto(String(source), destination);
      return { read, written };
    }
  }
  const utf8Labels = ['utf-8', 'utf8', 'unicode-1-1-utf-8'];
  class TextDecoder {
    #fatal;
    #ignoreBOM;
    constructor(label = 'utf-8', options = {}) {
      const l = String(label).trim().toLowerCase();
      if (!utf8Labels.includes(l)) {
        const e = new RangeError(`The "${label}" encoding is not supported`);
        e.code = 'ERR_ENCODING_NOT_SUPPORTED';
        throw e;
      }
      this.#fatal = Boolean(options && options.fatal);
      this.#ignoreBOM = Boolean(options && options.ignoreBOM);
    }
    get encoding() { return 'utf-8'; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }
    decode(input, options) {
      if (input === undefined || input === null) return '';
      return host.decodeUTF8(input, this.#fatal, this.#ignoreBOM);
    }
  }
  define('TextEncoder', TextEncoder);
  define('TextDecoder', TextDecoder);

  // ---- structuredClone (the HTML structured clone algorithm for the types scripts meet) ----

  const dataCloneError = (what) => {
    const e = new Error(`${what} could not be cloned.`);
    e.name = 'DataCloneError';
    return e;
  };
  const errorCtors = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
  define('structuredClone', function structuredClone(value) {
    const seen = new Map();
    const clone = (v) => {
      if (typeof v === 'function') throw dataCloneError(fnName(v));
      if (typeof v === 'symbol') throw dataCloneError(v.toString());
      if (v === null || typeof v !== 'object') return v;
      if (seen.has(v)) return seen.get(v);
      let out;
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (v instanceof DataView) out = new DataView(clone(v.buffer), v.byteOffset, v.byteLength);
      else if (ArrayBuffer.isView(v)) {
        const tag = Object.prototype.toString.call(v).slice(8, -1);
        out = new globalThis[tag](clone(v.buffer), v.byteOffset, v.length);
      } else if (v instanceof Boolean || v instanceof Number || v instanceof String) out = Object(v.valueOf());
      else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) throw dataCloneError(Object.prototype.toString.call(v));
      else if (v instanceof Map) {
        out = new Map();
        seen.set(v, out);
        for (const [k, x] of v) out.set(clone(k), clone(x));
        return out;
      } else if (v instanceof Set) {
        out = new Set();
        seen.set(v, out);
        for (const x of v) out.add(clone(x));
        return out;
      } else if (isError(v)) {
        const Ctor = errorCtors[v.name] || Error;
        out = new Ctor(v.message);
        seen.set(v, out);
        if (typeof v.stack === 'string') out.stack = v.stack;
        if ('cause' in v) out.cause = clone(v.cause);
        return out;
      } else if (Array.isArray(v)) {
        out = new Array(v.length);
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      } else {
        out = {};
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      }
      seen.set(v, out);
      return out;
    };
    return clone(value);
  });

  return { inspect, format, toJSON };
})
