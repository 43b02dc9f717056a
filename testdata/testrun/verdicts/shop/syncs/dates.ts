import type { NangoSync } from '../../models';

export default async function fetchData(nango: NangoSync): Promise<void> {
    await nango.batchSave([{ id: '1', at: new Date(0) }], 'Dated');
}
