import type { NangoAction, Anonymous_p_action_b_output, Anonymous_p_action_b_input } from '../../models';

export default async function runAction(nango: NangoAction, input: Anonymous_p_action_b_input): Promise<Anonymous_p_action_b_output> {
    // Integration code goes here
}
