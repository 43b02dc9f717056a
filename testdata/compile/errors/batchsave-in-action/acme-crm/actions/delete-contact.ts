import type { NangoAction, IdEntity } from '../../models';

export default async function runAction(nango: NangoAction, input: IdEntity): Promise<boolean> {
    await nango.delete({ endpoint: `/v1/contacts/${input.id}` });
    await nango.batchSave([{ id: input.id }], 'IdEntity');
    return true;
}
