export default async function run() {
    return { a: 1, nested: { list: [1, 3] } };
}
