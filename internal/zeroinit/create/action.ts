import { createAction } from 'nango';
import * as z from 'zod';

const action = createAction({
    description: 'TODO: what this action does',
    version: '0.0.1',
    endpoint: { method: 'POST', path: '/{{.Integration}}/{{.Name}}' },
    input: z.object({ id: z.string() }),
    output: z.object({ ok: z.boolean() }),
    exec: async (nango, input) => {
        // TODO: call the provider's API, e.g. await nango.post({ endpoint: '/...', data: input })
        await nango.log('{{.Name}}', { id: input.id });
        return { ok: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
