import type { NangoSync } from '../../models';

export default async function fetchData(nango: NangoSync): Promise<void> {
    await nango.batchSave([{ id: '1' }], 'Item');
    // an undefined field vanishes in the JSON round trip the verdict compares after
    await nango.batchSave([{ id: '2', note: undefined }], 'Item');
    await nango.batchDelete([{ id: '9' }], 'Item');
}
