export default async function run() {
    // key order differs from output.json and `gone` is undefined: toEqual ignores both
    return { nested: { list: [1, 2] }, gone: undefined, b: 2, a: 1 };
}
