import type { NangoAction, Impossible } from '../../models';

export default async function runAction(nango: NangoAction, _input?: void): Promise<Impossible> {
    // Integration code goes here
}
