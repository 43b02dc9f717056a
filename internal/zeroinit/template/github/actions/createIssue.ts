import { createAction } from 'nango';
import * as z from 'zod';

const action = createAction({
    description: 'Open an issue in a repository of the connected user',
    version: '1.0.0',
    endpoint: { method: 'POST', path: '/example/github/issues', group: 'Issues' },
    input: z.object({
        repository: z.string().describe('owner/name'),
        title: z.string().min(1),
        body: z.string().optional()
    }),
    output: z.object({ number: z.number().int(), url: z.string() }),
    exec: async (nango, input) => {
        const res = await nango.post<{ number: number; html_url: string }>({
            endpoint: `/repos/${input.repository}/issues`,
            data: { title: input.title, body: input.body ?? '' },
            retries: 3
        });
        return { number: res.data.number, url: res.data.html_url };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
