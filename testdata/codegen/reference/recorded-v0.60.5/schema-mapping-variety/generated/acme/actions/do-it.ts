import type { NangoAction, Anonymous_acme_action_doit_output, Anonymous_acme_action_doit_input } from '../../models';

export default async function runAction(nango: NangoAction, input: Anonymous_acme_action_doit_input): Promise<Anonymous_acme_action_doit_output> {
    // Integration code goes here
}
