// A script whose action fails two calls deep, after an await, in a helper file.
import { mustBePositive } from './lib/check';

interface Input {
    count: number;
}

export default async function run(_nango: unknown, input: Input): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const checked = mustBePositive(input.count);
    return checked * 2;
}
