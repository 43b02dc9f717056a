// Never finishes on its own: the runtime must interrupt it.
export default async function run() {
    let n = 0;
    while (true) {
        n++;
    }
    return n;
}
