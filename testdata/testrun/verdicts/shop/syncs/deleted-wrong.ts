import type { NangoSync } from '../../models';

export default async function fetchData(nango: NangoSync): Promise<void> {
    await nango.batchSave([{ id: '1' }], 'Gone');
    await nango.batchDelete([{ id: '9' }], 'Gone');
}
