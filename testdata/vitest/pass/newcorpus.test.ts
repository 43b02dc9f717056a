// The vitest APIs the zero-yaml corpus uses that the yaml-era one did not
// (../shared/reference/vitest-harness.md §2.1, "new" column), each as that corpus uses it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const impl = vi.fn((x: number) => x * 2);

describe('new corpus', () => {
    beforeEach(() => {
        vi.useFakeTimers({ now: new Date('2025-01-02T03:04:05Z') });
    });

    afterEach(() => {
        vi.useRealTimers();
        vi.clearAllMocks();
        vi.restoreAllMocks();
    });

    it('expect.fail inside try reaches the test own catch', () => {
        let caught = '';
        try {
            expect.fail('should not be reached');
        } catch (e) {
            caught = (e as Error).message;
        }
        expect(caught).toBe('should not be reached');
    });

    it('orders calls with invocationCallOrder', () => {
        const a = vi.fn();
        const b = vi.fn();
        a();
        b();
        expect(a.mock.invocationCallOrder[0]).toBeLessThan(b.mock.invocationCallOrder[0]);
        expect(b.mock.invocationCallOrder[0]).toBeGreaterThan(a.mock.invocationCallOrder[0]);
    });

    it('has toBeTruthy and toHaveProperty', () => {
        expect({ a: { b: [1, { c: 2 }] } }).toHaveProperty('a.b[1].c', 2);
        expect({ a: 1 }).toHaveProperty('a');
        expect('x').toBeTruthy();
    });

    it('mockReset makes even vi.fn(impl) return undefined (2.1.9)', () => {
        expect(impl(2)).toBe(4);
        impl.mockReset();
        expect(impl(2)).toBeUndefined();
    });

    it('restoreAllMocks brings back vi.fn(impl) and the spied method', () => {
        expect(impl(3)).toBe(6);
        const o = { f: () => 'real' };
        vi.spyOn(o, 'f').mockReturnValue('mocked');
        expect(o.f()).toBe('mocked');
        vi.restoreAllMocks();
        expect(o.f()).toBe('real');
    });

    it('freezes the clock at now', () => {
        expect(new Date().toISOString()).toBe('2025-01-02T03:04:05.000Z');
        expect(Date.now()).toBe(new Date('2025-01-02T03:04:05Z').getTime());
    });

    it('queues once values, then nth and once matchers', async () => {
        const f = vi.fn().mockResolvedValue('default').mockResolvedValueOnce('first').mockRejectedValueOnce(new Error('second'));
        expect(await f('a')).toBe('first');
        await expect(f('b')).rejects.toThrow('second');
        expect(await f('c')).toBe('default');
        expect(f).toHaveBeenNthCalledWith(2, 'b');
        const g = vi.fn();
        g(expect.anything);
        expect(g).toHaveBeenCalledOnce();
        expect(g).toHaveBeenCalledWith(expect.any(Function));
    });
});
