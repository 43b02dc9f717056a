import { createSync } from 'nango';
import * as z from 'zod';

// What the sync stores; every model needs an id.
const {{.Model}} = z.object({
    id: z.string()
});

const sync = createSync({
    description: 'TODO: what this sync fetches',
    version: '0.0.1',
    endpoints: [{ method: 'GET', path: '/{{.Integration}}/{{.Name}}' }],
    frequency: 'every day',
    syncType: 'full',
    models: { {{.Model}} },
    exec: async (nango) => {
        // TODO: fetch records with nango.get or nango.paginate, then save them:
        await nango.batchSave([], '{{.Model}}');
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
