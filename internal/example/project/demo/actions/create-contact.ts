import type { NangoAction, Contact, CreateContact } from '../../models';

export default async function runAction(nango: NangoAction, input: CreateContact): Promise<Contact> {
    const res = await nango.post<{ id: number; full_name: string; email: string; company: { name: string } | null }>({
        endpoint: '/v1/contacts',
        data: { full_name: input.name, email: input.email, company: input.company ? { name: input.company } : null }
    });
    return {
        id: String(res.data.id),
        name: res.data.full_name,
        email: res.data.email,
        company: res.data.company?.name ?? null
    };
}
