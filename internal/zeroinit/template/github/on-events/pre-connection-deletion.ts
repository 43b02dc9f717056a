import { createOnEvent } from 'nango';

// Runs when a connection is about to be deleted: undo here what the integration set up on
// the provider's side (webhooks, for example).
export default createOnEvent({
    event: 'pre-connection-deletion',
    description: 'Clean up before a connection is deleted',
    exec: async (nango) => {
        await nango.log('the connection is about to be deleted');
    }
});
