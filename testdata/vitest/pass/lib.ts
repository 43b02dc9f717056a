export function double(n: number): number {
    return n * 2;
}

async function* pages(): AsyncGenerator<number[]> {
    yield [1, 2];
    yield [3, 4];
}

export async function fetchAll(): Promise<number[]> {
    const out: number[] = [];
    for await (const p of pages()) {
        out.push(...p);
    }
    return out;
}
