import type { NangoAction, Holder } from '../../models';

export default async function runAction(nango: NangoAction, _input?: void): Promise<Holder> {
    // Integration code goes here
}
