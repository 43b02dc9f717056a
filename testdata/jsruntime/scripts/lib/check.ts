export function mustBePositive(n: number): number {
    if (n <= 0) {
        throw new RangeError(`count must be positive, got ${n}`);
    }
    return n;
}
