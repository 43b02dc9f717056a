import { z } from 'zod';
import type { NangoAction, Issue, CreateIssue, NangoResponse, AuthCredentials, ApiKeyCredentials, OAuth1Token } from '../../models';

const createIssueSchema = z.object({ title: z.string(), body: z.string().optional() });

// Uses every member of NangoAction; type-checked by TestSDKTypeChecks.
export default async function runAction(nango: NangoAction, input: CreateIssue): Promise<Issue> {
    const parsed = await nango.zodValidateInput({ zodSchema: createIssueSchema, input });
    const title: string = parsed.data.title;

    const ids: string[] = [nango.connectionId, nango.providerConfigKey, nango.provider ?? '', nango.activityLogId ?? '', nango.environmentName ?? '', nango.syncId ?? ''];
    const numbers: (number | undefined)[] = [nango.environmentId, nango.syncJobId, nango.nangoConnectionId];
    await nango.log(ids.join(','), numbers, nango.scriptType, nango.dryRun);

    const token = await nango.getToken();
    if (typeof token === 'string') {
        await nango.log(token.length);
    } else if ('oAuthToken' in token) {
        const oauth1 = token as OAuth1Token;
        await nango.log(oauth1.oAuthTokenSecret.length);
    } else if (token.type === 'API_KEY') {
        const key: ApiKeyCredentials = token;
        await nango.log(key.apiKey.length);
    }
    const other = await nango.getConnection('other-integration', 'other-connection', { forceRefresh: true });
    const creds: AuthCredentials = other.credentials;
    await nango.log(creds.type, other.connection_config['subdomain'], other.metadata);

    const integration = await nango.getIntegration({ include: ['webhook'] });
    const webhook: string | null | undefined = await nango.getWebhookURL();
    const env = await nango.getEnvironmentVariables();
    await nango.log(integration.unique_key, webhook, env?.map((v) => `${v.name}=${v.value}`), nango.getFlowAttributes<{ team: string }>());

    await nango.setMetadata({ lastRun: new Date().toISOString() });
    await nango.updateMetadata({ runs: 1 });
    await nango.setFieldMapping({ a: 'b' });
    await nango.log(await nango.getFieldMapping());

    const res: NangoResponse<{ id: number }> = await nango.post<{ id: number }>({ endpoint: '/issues', data: { title }, headers: { 'x-test': '1' } });
    await nango.get({ endpoint: `/issues/${res.data.id}` });
    await nango.put({ endpoint: '/issues/1', data: {} });
    await nango.patch({ endpoint: '/issues/1', data: {}, retries: 1 });
    await nango.delete({ endpoint: '/issues/1' });
    const proxied = await nango.proxy<string>({ method: 'GET', endpoint: '/raw', responseType: 'text', baseUrlOverride: 'https://example.com', decompress: true });
    const fetched: Response = await nango.uncontrolledFetch({ url: new URL('https://example.com'), method: 'GET', body: null });
    await nango.log(proxied.data.length, proxied.headers['content-type'], fetched.status);

    const out = await nango.triggerAction<{ id: string }, Issue>('github', 'conn', 'create-issue', { id: '1' });
    await nango.triggerSync('github', 'conn', 'issues', 'full_refresh');
    await nango.startSync('github', ['issues', { name: 'issues', variant: 'base' }], 'conn');
    if (await nango.tryAcquireLock({ key: 'k', ttlMs: 1000 })) {
        await nango.releaseLock({ key: 'k' });
    }
    await nango.releaseAllLocks();

    if (!out.id) {
        throw new nango.ActionError({ message: 'no id', input });
    }
    return out;
}
