// Awaits a promise nothing will ever settle.
export default async function run() {
    await new Promise<void>(() => {});
    return 'unreachable';
}
