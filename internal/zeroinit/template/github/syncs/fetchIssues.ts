import { createSync } from 'nango';
import * as z from 'zod';

// An issue as this sync stores it: a few fields of GitHub's, renamed the way the app using
// them wants (the sync's model, returned by GET /example/github/issues).
const Issue = z.object({
    id: z.string(),
    number: z.number().int(),
    repository: z.string(),
    title: z.string(),
    state: z.enum(['open', 'closed']),
    author: z.string().nullable(),
    url: z.string(),
    updated_at: z.string()
});

interface GithubIssue {
    id: number;
    number: number;
    title: string;
    state: 'open' | 'closed';
    user: { login: string } | null;
    html_url: string;
    updated_at: string;
    repository?: { full_name: string };
}

const sync = createSync({
    description: 'The issues assigned to the connected user, in every repository they can see',
    version: '1.0.0',
    endpoints: [{ method: 'GET', path: '/example/github/issues', group: 'Issues' }],
    frequency: 'every hour',
    autoStart: true,
    syncType: 'full',
    models: { GithubIssue: Issue },
    exec: async (nango) => {
        // A full sync: every run saves all issues; those not seen again are marked deleted.
        await nango.trackDeletesStart('GithubIssue');
        for await (const page of nango.paginate<GithubIssue>({
            endpoint: '/issues',
            params: { filter: 'assigned', state: 'all' },
            paginate: { type: 'link', link_rel_in_response_header: 'next', limit_name_in_request: 'per_page', limit: 100 },
            retries: 3
        })) {
            await nango.batchSave(page.map(toIssue), 'GithubIssue');
        }
        await nango.trackDeletesEnd('GithubIssue');
    }
});

function toIssue(issue: GithubIssue) {
    return {
        id: String(issue.id),
        number: issue.number,
        repository: issue.repository?.full_name ?? '',
        title: issue.title,
        state: issue.state,
        author: issue.user ? issue.user.login : null,
        url: issue.html_url,
        updated_at: issue.updated_at
    };
}

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
