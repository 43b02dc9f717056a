import { describe, it, expect, vi } from 'vitest';

class Point {
    constructor(public x: number) {}
}

describe('wrong', () => {
    it('toBe', () => {
        expect(0).toBe(-0);
    });
    it('not.toBe', () => {
        expect(1).not.toBe(1);
    });
    it('toEqual', () => {
        expect({ user: { name: 'a', tags: ['x'] } }).toEqual({ user: { name: 'a', tags: ['y'] } });
    });
    it('toEqual array length', () => {
        expect([1, undefined]).toEqual([1]);
    });
    it('toStrictEqual undefined key', () => {
        expect({ a: 1, b: undefined }).toStrictEqual({ a: 1 });
    });
    it('toStrictEqual class', () => {
        expect(new Point(1)).toStrictEqual({ x: 1 });
    });
    it('toHaveLength', () => {
        expect([1, 2]).toHaveLength(3);
    });
    it('toHaveLength null', () => {
        expect(null).toHaveLength(0);
    });
    it('toContain', () => {
        expect([{ a: 1 }]).toContain({ a: 1 });
    });
    it('not.toContain', () => {
        expect('abc').not.toContain('b');
    });
    it('toBeDefined', () => {
        expect(undefined).toBeDefined();
    });
    it('toBeNull', () => {
        expect(undefined).toBeNull();
    });
    it('toBeUndefined', () => {
        expect(null).toBeUndefined();
    });
    it('toMatch', () => {
        expect('2024-01-01').toMatch(/^\d{2}-/);
    });
    it('toMatch non-string', () => {
        expect(5).toMatch(/5/);
    });
    it('toMatchObject', () => {
        expect({ a: 1, b: { c: 2 } }).toMatchObject({ b: { c: 3 } });
    });
    it('objectContaining', () => {
        expect({ a: 1 }).toEqual(expect.objectContaining({ a: 2 }));
    });
    it('any', () => {
        expect({ when: '2024-01-01' }).toEqual({ when: expect.any(Date) });
    });
    it('toHaveBeenCalledWith count', () => {
        const f = vi.fn();
        f(1, undefined);
        expect(f).toHaveBeenCalledWith(1);
    });
    it('toHaveBeenCalledTimes', () => {
        const f = vi.fn();
        f();
        expect(f).toHaveBeenCalledTimes(2);
    });
    it('not a spy', () => {
        expect(() => 1).toHaveBeenCalled();
    });
    it('rejects on a resolved promise', async () => {
        await expect(Promise.resolve(1)).rejects.toThrow('x');
    });
    it('rejects with another message', async () => {
        await expect(Promise.reject(new Error('abc'))).rejects.toThrow('xyz');
    });
    it('resolves on a rejected promise', async () => {
        await expect(Promise.reject(new Error('abc'))).resolves.toBe(1);
    });
    it('toThrow without a throw', () => {
        expect(() => 1).toThrow();
    });
    it('mockRejectedValueOnce', async () => {
        const f = vi.fn().mockRejectedValueOnce(new Error('boom'));
        await f();
    });
    it('unsupported matcher', () => {
        expect(1).toBeCloseTo(1);
    });
    it('unsupported vi API', () => {
        vi.stubEnv('A', 'b');
    });
    it('spyOn a missing key', () => {
        vi.spyOn({} as any, 'nope');
    });
    it('toBeLessThan a mock never called', () => {
        const a = vi.fn();
        const b = vi.fn();
        b();
        expect(a.mock.invocationCallOrder[0]).toBeLessThan(b.mock.invocationCallOrder[0]);
    });
    it('toHaveProperty value', () => {
        expect({ a: { b: 1 } }).toHaveProperty('a.b', 2);
    });
    it('toHaveBeenCalledOnce twice', () => {
        const f = vi.fn();
        f();
        f();
        expect(f).toHaveBeenCalledOnce();
    });
    it('toHaveBeenNthCalledWith other args', () => {
        const f = vi.fn();
        f(1);
        f(2);
        expect(f).toHaveBeenNthCalledWith(2, 1);
    });
    it('expect.fail', () => {
        expect.fail('not there yet');
    });
    it('timeout', async () => {
        await new Promise(() => {});
    }, 50);
});
