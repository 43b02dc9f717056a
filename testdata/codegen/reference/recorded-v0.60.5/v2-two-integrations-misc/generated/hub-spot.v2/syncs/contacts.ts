import type { NangoSync, Contact } from '../../models';

export default async function fetchData(nango: NangoSync): Promise<void> {
    // Integration code goes here
    // to save data use await nango.batchSave
    // to delete data use await nango.batchDelete
}

