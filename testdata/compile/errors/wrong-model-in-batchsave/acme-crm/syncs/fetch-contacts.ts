import type { NangoSync, Contact, Company, ContactSyncMetadata } from '../../models';
import { toContact } from '../mappers/to-contact.js';

export default async function fetchData(nango: NangoSync): Promise<void> {
    const metadata = await nango.getMetadata<ContactSyncMetadata>();
    await nango.log(`lists: ${JSON.stringify(metadata?.lists ?? [])}`);

    for await (const page of nango.paginate<any>({
        endpoint: '/v1/contacts',
        params: { since: nango.lastSyncDate ? nango.lastSyncDate.toISOString() : '' },
        paginate: { type: 'cursor', cursor_path_in_response: 'next', cursor_name_in_request: 'cursor', response_path: 'items', limit: 2 },
        retries: 3
    })) {
        const contacts: Contact[] = page.map(toContact);
        await nango.batchSave<Contact>(contacts, 'Contact');
    }

    const res = await nango.get<{ companies: any[] }>({ endpoint: '/v1/companies', retries: 1 });
    const companies: Company[] = res.data.companies.map((c: any) => ({
        id: c.id,
        name: c.name,
        domains: c.domains ?? [],
        employees: c.employees ?? null,
        owner_ids: c.owner_ids ?? [],
        attributes: c.attributes ?? {},
        meta: { industry: c.industry ?? 'unknown' }
    }));
    await nango.batchSave<Company>(companies, 'Companies');
    await nango.batchDelete<Contact>([{ id: 'deleted-1' } as Contact], 'Contact');
}

export async function onWebhookPayloadReceived(nango: NangoSync, payload: any): Promise<void> {
    await nango.log(`webhook: ${JSON.stringify(payload)}`);
}
