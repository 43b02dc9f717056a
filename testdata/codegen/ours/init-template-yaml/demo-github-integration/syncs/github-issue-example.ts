import type { NangoSync, GithubIssue } from '../../models';

// An example sync: the issues of every repository the connected GitHub user can see.
// Edit it or replace it; `nango dryrun github-issue-example <connection-id>` runs it locally.
export default async function fetchData(nango: NangoSync): Promise<void> {
    for await (const repos of nango.paginate<GithubRepository>({ endpoint: '/user/repos', paginate: { limit: 100 } })) {
        for (const repo of repos) {
            await saveIssues(nango, repo);
        }
    }
}

interface GithubRepository {
    name: string;
    owner: { login: string };
}

interface GithubApiIssue {
    id: number;
    number: number;
    title: string;
    state: string;
    user: { login: string; id: number };
    created_at: string;
    updated_at: string;
    pull_request?: unknown;
}

async function saveIssues(nango: NangoSync, repo: GithubRepository): Promise<void> {
    const owner = repo.owner.login;
    const config = { endpoint: `/repos/${owner}/${repo.name}/issues`, params: { state: 'all' }, paginate: { limit: 100 } };
    for await (const page of nango.paginate<GithubApiIssue>(config)) {
        // The issues API lists pull requests too; they carry a pull_request key.
        const issues: GithubIssue[] = page
            .filter((issue) => issue.pull_request === undefined)
            .map((issue) => ({
                id: issue.id,
                owner,
                repo: repo.name,
                issue_number: issue.number,
                title: issue.title,
                author: issue.user.login,
                author_id: String(issue.user.id),
                state: issue.state,
                date_created: new Date(issue.created_at),
                date_last_modified: new Date(issue.updated_at)
            }));
        if (issues.length > 0) {
            await nango.batchSave<GithubIssue>(issues, 'GithubIssue');
            await nango.log(`saved ${issues.length} issues of ${owner}/${repo.name}`);
        }
    }
}

