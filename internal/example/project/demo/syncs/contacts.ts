import type { NangoSync, Contact } from '../../models';

interface DemoContact {
    id: number;
    full_name: string;
    email: string;
    company?: { name: string } | null;
}

export default async function fetchData(nango: NangoSync): Promise<void> {
    // The demo API pages with a cursor: ?cursor=<next_cursor> until next_cursor is null.
    for await (const page of nango.paginate<DemoContact>({
        endpoint: '/v1/contacts',
        params: { limit: 2 },
        paginate: {
            type: 'cursor',
            cursor_name_in_request: 'cursor',
            cursor_path_in_response: 'next_cursor',
            response_path: 'contacts'
        }
    })) {
        await nango.batchSave<Contact>(page.map(toContact), 'Contact');
    }
}

export function toContact(c: DemoContact): Contact {
    return {
        id: String(c.id),
        name: c.full_name,
        email: c.email.toLowerCase(),
        company: c.company?.name ?? null
    };
}
