import type { NangoAction, Flags } from '../../models';

export default async function runAction(nango: NangoAction, _input?: void): Promise<Flags> {
    // Integration code goes here
}
