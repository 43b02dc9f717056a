import { createOnEvent } from 'nango';

// event: post-connection-creation, pre-connection-deletion or validate-connection
export default createOnEvent({
    event: 'post-connection-creation',
    description: 'TODO: what happens on this event',
    exec: async (nango) => {
        await nango.log('{{.Name}} ran');
    }
});
