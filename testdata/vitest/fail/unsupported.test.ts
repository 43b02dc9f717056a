import { describe, it, expect } from 'vitest';

describe.each([1, 2])('each %i', (n) => {
    it('runs', () => {
        expect(n).toBe(n);
    });
});
