// Consumes a host-provided async iterable (the shape nango.paginate has) with `for await`,
// which esbuild lowers for goja.
interface Nango {
    paginate<T>(config: { endpoint: string }): AsyncIterable<T[]>;
}

export default async function run(nango: Nango) {
    const ids: number[] = [];
    let pages = 0;
    for await (const page of nango.paginate<{ id: number }>({ endpoint: '/items' })) {
        pages++;
        for (const item of page) {
            ids.push(item.id);
        }
    }
    return { pages, ids };
}
