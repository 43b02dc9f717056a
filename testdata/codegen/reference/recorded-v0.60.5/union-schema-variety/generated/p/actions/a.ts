import type { NangoAction, Thing, Thing } from '../../models';

export default async function runAction(nango: NangoAction, input: Thing): Promise<Thing> {
    // Integration code goes here
}
