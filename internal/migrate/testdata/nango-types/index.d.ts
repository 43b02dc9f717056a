// Test-only declarations of the "nango" module for type-checking migrated projects: the
// shape of the zero-yaml SDK types as far as the checks need them (the sync models must be
// zod objects with a string id, batch calls are typed by the models, getMetadata by the
// metadata schema, exec of an action returns its output). Written for these tests.
import type * as z from 'zod';

export type ZodModel = z.ZodObject<{ id: z.ZodString }>;
type Models = Record<string, ZodModel>;

interface Endpoint {
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    path: string;
    group?: string;
}

interface ProxyConfiguration {
    endpoint: string;
    params?: Record<string, string | number>;
    data?: unknown;
    headers?: Record<string, string>;
    retries?: number;
    paginate?: Record<string, unknown>;
    baseUrlOverride?: string;
}

interface ProxyResponse<T> {
    data: T;
    status: number;
    headers: Record<string, string>;
}

interface NangoActionBase<Metadata> {
    getConnection(): Promise<{ connection_id: string; [key: string]: unknown }>;
    log(message: unknown, options?: { level: 'debug' | 'info' | 'warn' | 'error' }): Promise<void>;
    get<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
    post<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
    put<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
    patch<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
    delete<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
    proxy<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
    paginate<T = any>(config: ProxyConfiguration): AsyncGenerator<T[], undefined, void>;
    getMetadata(): Promise<Metadata>;
}

interface NangoSyncBase<M extends Models, Metadata> extends NangoActionBase<Metadata> {
    lastSyncDate?: Date;
    batchSave<K extends keyof M & string>(records: z.infer<M[K]>[], model: K): Promise<boolean>;
    batchUpdate<K extends keyof M & string>(records: Partial<z.infer<M[K]>>[], model: K): Promise<boolean>;
    batchDelete<K extends keyof M & string>(records: Pick<z.infer<M[K]>, 'id'>[], model: K): Promise<boolean>;
}

export type NangoSync = NangoSyncBase<Models, unknown>;
export type NangoAction = NangoActionBase<unknown>;

export interface SyncDefinition<M extends Models, Meta extends z.ZodType> {
    description: string;
    version?: string;
    frequency?: string;
    autoStart?: boolean;
    syncType?: 'full' | 'incremental';
    trackDeletes?: boolean;
    endpoints?: Endpoint[];
    webhookSubscriptions?: string[];
    scopes?: string[];
    models: M;
    metadata?: Meta;
    exec: (nango: NangoSyncBase<M, z.infer<Meta>>) => Promise<void>;
    onWebhook?: (nango: NangoSyncBase<M, z.infer<Meta>>, payload: any) => Promise<void>;
}

export interface ActionDefinition<I extends z.ZodType, O extends z.ZodType> {
    description: string;
    version?: string;
    endpoint?: Endpoint;
    input: I;
    output: O;
    scopes?: string[];
    exec: (nango: NangoActionBase<never>, input: z.infer<I>) => Promise<z.infer<O>>;
}

export interface OnEventDefinition {
    event: 'post-connection-creation' | 'pre-connection-deletion';
    description: string;
    exec: (nango: NangoActionBase<never>) => Promise<void>;
}

export function createSync<M extends Models, Meta extends z.ZodType = z.ZodVoid>(def: SyncDefinition<M, Meta>): SyncDefinition<M, Meta> & { type: 'sync' };
export function createAction<I extends z.ZodType, O extends z.ZodType>(def: ActionDefinition<I, O>): ActionDefinition<I, O> & { type: 'action' };
export function createOnEvent(def: OnEventDefinition): OnEventDefinition & { type: 'onEvent' };
