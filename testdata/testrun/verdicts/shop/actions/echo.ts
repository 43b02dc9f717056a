export default async function run(_nango: unknown, input: { a: number }) {
    return { a: input.a, seen: true };
}
