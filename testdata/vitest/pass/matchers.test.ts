import { describe, it, test, expect, vi, beforeEach, afterEach, beforeAll, afterAll } from 'vitest';
import { double, fetchAll } from './lib.js';

const order: string[] = [];
let counter = 0;

class Point {
    constructor(public x: number) {}
}

describe('matchers', () => {
    beforeAll(() => {
        order.push('beforeAll');
    });
    beforeEach(() => {
        counter++;
        order.push('beforeEach');
        return () => order.push('cleanup');
    });
    afterEach(() => {
        order.push('afterEach');
    });
    afterAll(() => {
        order.push('afterAll');
    });

    it('toBe', () => {
        expect(1).toBe(1);
        expect(NaN).toBe(NaN);
        expect(0).not.toBe(-0);
        expect({}).not.toBe({});
    });
    it('toEqual', () => {
        expect({ a: 1, b: undefined }).toEqual({ a: 1 });
        expect(new Point(1)).toEqual({ x: 1 });
        expect(new Date(5)).toEqual(new Date(5));
        expect(new TypeError('m')).toEqual(new Error('m'));
        expect([1, 2]).not.toEqual([1, 2, 3]);
        expect([1, undefined]).not.toEqual([1]);
        expect({ a: -0 }).not.toEqual({ a: 0 });
        expect({ when: new Date(), n: 1 }).toEqual({ when: expect.any(Date), n: expect.any(Number) });
    });
    it('toStrictEqual', () => {
        expect({ a: [1, { b: 'x' }] }).toStrictEqual({ a: [1, { b: 'x' }] });
        expect({ a: 1, b: undefined }).not.toStrictEqual({ a: 1 });
        expect(new Point(1)).not.toStrictEqual({ x: 1 });
    });
    it('toHaveLength, toContain, toMatch', () => {
        expect([1, 2, 3]).toHaveLength(3);
        expect('abc').toHaveLength(3);
        expect('a1').toContain(1);
        expect([1, 2]).toContain(2);
        expect([{ a: 1 }]).not.toContain({ a: 1 });
        expect('2024-01-01T00:00:00Z').toMatch(/^\d{4}-/);
        expect('hello world').toMatch('lo w');
    });
    it('toBeDefined, toBeNull, toBeUndefined', () => {
        expect(null).toBeDefined();
        expect(null).toBeNull();
        expect(undefined).toBeUndefined();
        expect(0).not.toBeUndefined();
    });
    it('toMatchObject and objectContaining', () => {
        expect({ a: 1, b: { c: 2, d: 3 } }).toMatchObject({ b: { c: 2 } });
        expect({ a: 1, b: 2 }).toEqual(expect.objectContaining({ a: 1 }));
        expect({ a: 1 }).not.toMatchObject({ a: 1, b: undefined });
    });
    it('mock functions', () => {
        const f = vi.fn((x: number) => x * 2);
        expect(f(2)).toBe(4);
        f(3, undefined);
        expect(f).toHaveBeenCalledWith(2);
        expect(f).not.toHaveBeenCalledWith(3);
        expect(f).toHaveBeenCalledTimes(2);
        const arg = [1];
        f(arg as any);
        arg.push(2);
        expect(f.mock.calls[2][0]).toEqual([1, 2]); // calls hold references
        f.mockReturnValueOnce(100);
        expect(f(1)).toBe(100);
        expect(f(1)).toBe(2);
        f.mockReset();
        expect(f(1)).toBeUndefined(); // 2.1.9: reset drops vi.fn(impl) too
        f.mockRestore();
        expect(f(1)).toBe(2);
    });
    it('spyOn, mocked, clearAllMocks, restoreAllMocks', () => {
        const obj = { hello: (n: string) => 'hello ' + n };
        const spy = vi.spyOn(obj, 'hello');
        expect(obj.hello('a')).toBe('hello a');
        spy.mockImplementation(() => 'mocked');
        expect(obj.hello('b')).toBe('mocked');
        expect(vi.mocked(obj.hello).mock.calls).toEqual([['a'], ['b']]);
        vi.clearAllMocks();
        expect(spy).toHaveBeenCalledTimes(0);
        vi.restoreAllMocks();
        expect(obj.hello('c')).toBe('hello c');
        expect(vi.isMockFunction(obj.hello)).toBe(false);
    });
    it('async mocks, resolves and rejects', async () => {
        const f = vi.fn();
        f.mockResolvedValue(1).mockResolvedValueOnce(0).mockRejectedValueOnce(new Error('nope'));
        await expect(f()).resolves.toBe(0);
        await expect(f()).rejects.toThrow('nope');
        await expect(f()).resolves.toBe(1);
        await expect(Promise.reject({ message: 'plain object' })).rejects.toThrow('plain');
        await expect(fetchAll()).resolves.toEqual([1, 2, 3, 4]);
        expect(() => {
            throw new Error('sync');
        }).toThrow(/sy/);
    });
    it('setSystemTime freezes the clock, in UTC', async () => {
        vi.setSystemTime(new Date('2024-12-05T01:00:00Z'));
        const a = Date.now();
        await new Promise((r) => setTimeout(r, 5));
        expect(Date.now()).toBe(a);
        expect(new Date().getHours()).toBe(1);
        expect(new Date().toISOString()).toBe('2024-12-05T01:00:00.000Z');
        vi.useRealTimers();
        expect(Date.now()).toBeGreaterThan(a);
    });
    test('helpers from the project, hooks and module state', () => {
        expect(double(2)).toBe(4);
        expect(counter).toBe(11);
        expect(order.slice(0, 4)).toEqual(['beforeAll', 'beforeEach', 'afterEach', 'cleanup']);
        expect(typeof __dirname).toBe('string');
        expect(global).toBe(globalThis);
    });
});
