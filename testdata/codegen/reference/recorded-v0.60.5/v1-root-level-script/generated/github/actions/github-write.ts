import type { NangoAction, Anonymous_github_sync_githubwrite_output } from '../../models';

export default async function runAction(nango: NangoAction, _input?: void): Promise<Anonymous_github_sync_githubwrite_output> {
    // Integration code goes here
}
