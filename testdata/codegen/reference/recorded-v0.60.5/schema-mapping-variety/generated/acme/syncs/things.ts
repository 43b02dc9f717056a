import type { NangoSync, Thing, Other, Meta } from '../../models';

export default async function fetchData(nango: NangoSync): Promise<void> {
    // Integration code goes here
    // to save data use await nango.batchSave
    // to delete data use await nango.batchDelete
}

export async function onWebhookPayloadReceived(nango: NangoSync, payload: any): Promise<void> {
    // handle the subscription types you need
    // use nango.batchUpdate for object change events
}

