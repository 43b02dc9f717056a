// Reads one zero-yaml default export (what createSync/createAction/createOnEvent returned,
// jsruntime.NangoModule) into plain JSON for zerodefs.go. Schemas are converted here, with
// the zod instance the function itself required, because zod's own converter is the
// reference's: zod 4's toJSONSchema with target draft-7, unrepresentable types as {}, dates as
// date-time strings, and no per-model $schema; z.void() is {"type":"null"}.
module.exports = function (def) {
    var z = require('zod');
    if (typeof z.toJSONSchema !== 'function') {
        throw Object.assign(new Error('zod has no toJSONSchema: zero-yaml functions need zod 4'), { code: 'NANGO_ZOD3' });
    }
    function schema(s) {
        if (s instanceof z.ZodVoid) {
            return { type: 'null' };
        }
        if (!s || typeof s !== 'object' || !s._zod) {
            throw new Error('is not a zod schema');
        }
        var out = z.toJSONSchema(s, {
            target: 'draft-7',
            unrepresentable: 'any',
            override: function (ctx) {
                if (ctx.zodSchema._zod.def.type === 'date') {
                    ctx.jsonSchema.type = 'string';
                    ctx.jsonSchema.format = 'date-time';
                }
            }
        });
        delete out.$schema;
        return out;
    }
    var errors = [];
    function convert(prop, s, key) {
        try {
            return schema(s);
        } catch (err) {
            errors.push({ prop: prop, key: key || '', message: String(err && err.message) });
            return {};
        }
    }
    var out = { type: def.type, errors: errors };
    ['description', 'version', 'frequency', 'autoStart', 'syncType', 'trackDeletes', 'scopes', 'webhookSubscriptions', 'event', 'endpoints', 'endpoint'].forEach(function (k) {
        if (def[k] !== undefined) out[k] = def[k];
    });
    if (def.models && typeof def.models === 'object') {
        out.models = Object.keys(def.models).map(function (name) { return [name, convert('models', def.models[name], name)]; });
    }
    ['metadata', 'input', 'output'].forEach(function (k) {
        if (def[k] !== undefined) out[k] = convert(k, def[k]);
    });
    out.hasCheckpoint = def.checkpoint !== undefined;
    return JSON.stringify(out);
};
