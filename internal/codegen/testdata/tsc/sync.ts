import type { NangoSync, Issue, SyncMeta, ProxyConfiguration, Pagination, NangoConnection, OAuth2Credentials } from '../../models';

// Uses every member of NangoSync; type-checked by TestSDKTypeChecks with the reference
// compiler's strict options.
export default async function fetchData(nango: NangoSync): Promise<void> {
    await nango.setMergingStrategy({ strategy: 'ignore_if_modified_after' }, 'Issue');
    const meta = await nango.getMetadata<SyncMeta>();
    const since: Date | undefined = nango.lastSyncDate;
    const variant: string = nango.variant;
    const trackDeletes: boolean = nango.track_deletes;
    await nango.log('run', { since, variant, trackDeletes, repos: meta.repos }, { level: 'debug' });

    const pagination: Pagination = { type: 'cursor', cursor_path_in_response: 'next', cursor_name_in_request: 'cursor', limit: 50 };
    const config: ProxyConfiguration = {
        endpoint: '/issues',
        params: { state: 'all', per_page: 50 },
        retries: 3,
        retryOn: [429],
        paginate: { ...pagination, response_path: 'items', on_page: async ({ nextPageParam }) => { await nango.log(String(nextPageParam)); } }
    };
    for await (const page of nango.paginate<{ id: number; title: string }>(config)) {
        const issues: Issue[] = page.map((raw) => ({ id: String(raw.id), title: raw.title }));
        await nango.batchSave<Issue>(issues, 'Issue');
        await nango.batchSend<Issue>(issues, 'Issue');
        await nango.batchUpdate<Issue>([{ id: '1' }], 'Issue');
        await nango.batchDelete<Issue>(issues.filter((i) => i.title === ''), 'Issue');
    }
    const stored: Map<string, Issue> = await nango.getRecordsByIds<string, Issue>(['1', '2'], 'Issue');
    await nango.log(`${stored.size} stored`, { level: 'info' });

    const connection: NangoConnection = await nango.getConnection();
    if (connection.credentials.type === 'OAUTH2') {
        const creds: OAuth2Credentials = connection.credentials;
        await nango.log(creds.access_token.length);
    }
}

export async function onWebhookPayloadReceived(nango: NangoSync, payload: unknown): Promise<void> {
    await nango.log('webhook', payload, { level: 'warn' });
}
