import type { NangoAction, IdEntity } from '../../models';

export default async function runAction(nango: NangoAction, input: IdEntity): Promise<boolean> {
    nango.delete({ endpoint: `/v1/contacts/${input.id}` });
    return true;
}
