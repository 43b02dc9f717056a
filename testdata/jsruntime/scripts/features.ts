// Exercises what integration scripts use: crypto, Buffer, URLSearchParams, zod and for await.
import crypto from 'crypto';
import { createHash } from 'node:crypto';
import { URLSearchParams as NodeURLSearchParams } from 'url';
import { z } from 'zod';

const Issue = z.object({
    id: z.string(),
    title: z.string().min(1),
    labels: z.array(z.string()).default([]),
    state: z.enum(['open', 'closed']),
});
type Issue = z.infer<typeof Issue>;

async function* pages(): AsyncGenerator<Issue[]> {
    for (let page = 1; page <= 3; page++) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield [{ id: String(page), title: `issue ${page}`, labels: [], state: page % 2 ? 'open' : 'closed' }];
    }
}

export default async function run(_nango: unknown, input: { secret: string; payload: string }) {
    const signature = crypto.createHmac('sha256', input.secret).update(input.payload).digest('hex');
    const sha1 = createHash('sha1').update(Buffer.from(input.payload)).digest('base64');
    const basic = Buffer.from(`user:${input.secret}`).toString('base64');

    const params = new URLSearchParams({ q: 'is:open label:"good first"', per_page: '100' });
    params.append('page', '2');
    const viaModule = new NodeURLSearchParams('a=1&b=2&a=3').getAll('a');

    const titles: string[] = [];
    for await (const page of pages()) {
        for (const raw of page) {
            titles.push(Issue.parse(raw).title);
        }
    }
    const invalid = Issue.safeParse({ id: 1, title: '', state: 'merged' });

    return {
        signature,
        sha1,
        basic,
        query: params.toString(),
        viaModule,
        titles,
        invalidPaths: invalid.success ? [] : invalid.error.issues.map((i) => i.path.join('.')),
        uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()),
    };
}
