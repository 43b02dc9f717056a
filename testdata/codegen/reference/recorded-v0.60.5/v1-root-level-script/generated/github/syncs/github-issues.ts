import type { NangoSync, Issue, Label } from '../../models';

export default async function fetchData(nango: NangoSync): Promise<void> {
    // Integration code goes here
    // to save data use await nango.batchSave
    // to delete data use await nango.batchDelete
}

