// Every part of the vitest API nango test implements, written as a team writes tests, with
// the test template's global.vitest mocks: it must type-check under strict mode with only
// .nango/vitest.d.ts (no vitest, no @types/node installed).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, test, vi } from 'vitest';
import type { Mock } from 'vitest';

interface Saver {
    batchSave(records: { id: string }[], model: string): Promise<boolean>;
    get(config: { endpoint: string }): Promise<{ data: unknown }>;
}

async function fetchData(nango: Saver): Promise<void> {
    const res = await nango.get({ endpoint: '/items' });
    await nango.batchSave([{ id: String(res.data) }], 'Item');
}

const clock = {
    now(): string {
        return new Date().toISOString();
    }
};

describe('demo items tests', () => {
    const nangoMock = new global.vitest.NangoSyncMock({
        dirname: __dirname,
        name: 'items',
        Model: 'Item'
    });
    const actionMock = new globalThis.vitest.NangoActionMock({ dirname: __dirname, name: 'create-item', Model: 'Item' });
    const models = 'Item'.split(',');
    const batchSaveSpy = vi.spyOn(nangoMock, 'batchSave');

    beforeAll(() => undefined);
    afterAll(async () => undefined);
    beforeEach(() => {
        vi.setSystemTime(new Date('2024-01-01T00:00:00Z'));
    });
    afterEach(() => {
        vi.clearAllMocks();
        vi.restoreAllMocks();
        vi.useRealTimers();
    });

    it('should get, map correctly the data and batchSave the result', async () => {
        await fetchData(nangoMock);
        for (const model of models) {
            const expected = await nangoMock.getBatchSaveData(model);
            const spiedData = batchSaveSpy.mock.calls.flatMap((call) => (call[1] === model ? call[0] : []));
            expect(JSON.parse(JSON.stringify(spiedData))).toStrictEqual(expected);
            expect(nangoMock.batchDelete).not.toHaveBeenCalled();
        }
    });

    test('action output', async () => {
        const input = await actionMock.getInput();
        expect(await actionMock.getOutput()).toEqual(input);
    });

    it('matchers and mocks', async () => {
        const f: Mock<(n: number) => Promise<string>> = vi.fn(async (n: number) => String(n));
        f.mockResolvedValueOnce('one').mockRejectedValueOnce(new Error('no')).mockImplementation(async () => 'x');
        await expect(f(1)).resolves.toBe('one');
        await expect(f(2)).rejects.toThrow('no');
        await expect(f(3)).resolves.not.toBe('y');
        expect(f).toHaveBeenCalledWith(1);
        expect(f).toHaveBeenCalledTimes(3);
        expect(f.mock.calls[0]?.[0]).toBe(1);
        const spy = vi.spyOn(clock, 'now').mockReturnValue('then');
        expect(vi.mocked(clock.now)).toBe(spy);
        expect([1, 2]).toHaveLength(2);
        expect('abc').toMatch(/b/);
        expect({ a: 1, b: 2 }).toMatchObject({ a: 1 });
        expect({ a: 1 }).toEqual(expect.objectContaining({ a: expect.any(Number) }));
        expect([1]).toContain(1);
        expect(null).toBeNull();
        expect(undefined).toBeUndefined();
        expect(0).toBeDefined();
        expect(() => {
            throw new TypeError('t');
        }).toThrow(TypeError);
    });
});
