// The smallest action: what a dry run of a trivial script costs.
export default async function run(_nango: unknown, input: { name: string }) {
    return { greeting: `hello ${input.name}` };
}
