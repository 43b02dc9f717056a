import type { NangoAction, Anonymous_zendesk_action_ticket_output } from '../../models';

export default async function runAction(nango: NangoAction, _input?: void): Promise<Anonymous_zendesk_action_ticket_output> {
    // Integration code goes here
}
