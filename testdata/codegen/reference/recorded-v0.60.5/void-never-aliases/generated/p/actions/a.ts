import type { NangoAction, VoidNever } from '../../models';

export default async function runAction(nango: NangoAction, _input?: void): Promise<VoidNever> {
    // Integration code goes here
}
