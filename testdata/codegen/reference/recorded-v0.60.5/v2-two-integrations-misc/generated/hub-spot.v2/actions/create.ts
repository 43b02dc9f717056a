import type { NangoAction, Contact, Contact } from '../../models';

export default async function runAction(nango: NangoAction, input: Contact): Promise<Contact> {
    // Integration code goes here
}
