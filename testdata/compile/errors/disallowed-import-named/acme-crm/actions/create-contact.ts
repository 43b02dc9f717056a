import { isEmpty } from 'lodash';
import type { NangoAction, CreateContactOutput, CreateContactInput } from '../../models';

export default async function runAction(nango: NangoAction, input: CreateContactInput): Promise<CreateContactOutput> {
    const conn = await nango.getConnection();
    await nango.log(`creating contact for connection ${conn.connection_id}`, { level: 'info' });
    const res = await nango.post<{ id: string; created_at: string }>({
        endpoint: '/v1/contacts',
        data: { first_name: input.first_name, last_name: input.last_name, email: input.email, tags: input.tags ?? [] },
        retries: 2
    });
    return { id: res.data.id, success: true, created_at: new Date(res.data.created_at), warnings: isEmpty(input.tags) ? null : [] };
}
