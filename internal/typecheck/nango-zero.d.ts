// Types of the `nango` module for type-checking zero-yaml functions (typecheck/zero.go passes
// this file to tsc/tsgo next to the function files). Written for this CLI from what functions
// do with the module: the checks that matter are the model names and records of batch calls,
// the metadata and checkpoint types, and an action's input and output against its zod
// schemas; the proxy calls are typed loosely. A project that installs the `nango` package
// gets that package's own types instead (a resolvable module wins over this declaration).
declare module 'nango' {
    // A zod 4 schema, by the type it parses to (zod 4 keeps it in `_zod.output`, what
    // z.infer reads): no import of zod here, whose types a file outside the project could
    // not resolve.
    type Schema = { _zod: { output: unknown } };
    type VoidSchema = { _zod: { output: void } };
    type AnySchema = { _zod: { output: any } };
    // A sync model: records with a string id, as the package's createSync requires (a
    // numeric id is its type error, the one upstream's migration leaves behind).
    type SyncModel = { _zod: { output: { id: string } } };
    type Infer<S> = S extends { _zod: { output: infer O } } ? O : never;

    type MaybePromise<T> = T | Promise<T>;
    type HTTPMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    type ModelName<Models> = keyof Models & string;

    export interface ProxyConfiguration {
        endpoint: string;
        method?: HTTPMethod | Lowercase<HTTPMethod>;
        baseUrlOverride?: string;
        headers?: Record<string, string | number | boolean | undefined>;
        params?: string | Record<string, string | number | boolean | string[] | number[] | undefined>;
        data?: unknown;
        retries?: number;
        retryOn?: number[] | null;
        paginate?: Pagination;
        responseType?: 'arraybuffer' | 'blob' | 'document' | 'json' | 'text' | 'stream';
        decompress?: boolean;
        connectionId?: string;
        providerConfigKey?: string;
        [option: string]: unknown;
    }

    export interface Pagination {
        type?: 'cursor' | 'link' | 'offset' | (string & {});
        on_page?: (page: { nextPageParam?: string | number | undefined; response: ProxyResponse<any> }) => MaybePromise<void>;
        [option: string]: unknown;
    }

    export interface ProxyResponse<T> {
        data: T;
        status: number;
        headers: Record<string, string>;
    }

    export interface Endpoint {
        method: HTTPMethod;
        path: string;
        group?: string;
    }

    interface NangoBase<Metadata, Checkpoint> {
        readonly connectionId: string;
        readonly providerConfigKey: string;
        readonly activityLogId?: string | undefined;
        readonly variant?: string | undefined;
        // generic as the package's class is: nango.yaml-era actions write
        // `new nango.ActionError<NangoActionError>({...})` (asana's create-task)
        ActionError: new <T = Record<string, unknown>>(payload?: T) => Error & { payload: T };
        log(...args: unknown[]): Promise<void>;
        proxy<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
        get<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
        post<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
        put<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
        patch<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
        delete<T = any>(config: ProxyConfiguration): Promise<ProxyResponse<T>>;
        paginate<T = any>(config: ProxyConfiguration): AsyncGenerator<T[], undefined, void>;
        uncontrolledFetch(options: Record<string, unknown>): Promise<Response>;
        getToken(): Promise<any>;
        getConnection(providerConfigKeyOverride?: string, connectionIdOverride?: string): Promise<any>;
        getIntegration(options?: Record<string, unknown>): Promise<any>;
        getMetadata<T = Metadata>(): Promise<T>;
        setMetadata(metadata: Record<string, any>): Promise<void>;
        updateMetadata(metadata: Record<string, any>): Promise<void>;
        getEnvironmentVariables(): Promise<{ name: string; value: string }[] | null>;
        getWebhookURL(): Promise<string | null | undefined>;
        triggerAction<T = any>(providerConfigKey: string, connectionId: string, actionName: string, input?: unknown): Promise<T>;
        triggerSync(providerConfigKey: string, connectionId: string, syncName: string, fullResync?: boolean): Promise<void>;
        startSync(providerConfigKey: string, syncs: string[], connectionId?: string): Promise<void>;
        zodValidateInput<T = any>(options: { zodSchema: Schema; input: unknown }): Promise<T>;
        getCheckpoint(): Promise<Checkpoint | null>;
        saveCheckpoint(checkpoint: Checkpoint): Promise<void>;
        clearCheckpoint(): Promise<void>;
    }

    export interface NangoAction<Metadata = any, Checkpoint = any> extends NangoBase<Metadata, Checkpoint> {}

    export interface NangoSync<Models = Record<string, Schema>, Metadata = any, Checkpoint = any> extends NangoBase<Metadata, Checkpoint> {
        readonly lastSyncDate?: Date | undefined;
        // The records are only required to be objects: real functions save objects whose
        // static type is looser than the model (an optional field the model requires, checked
        // at run time), which the reference's types accept.
        batchSave<K extends ModelName<Models>>(records: object[], model: K): Promise<boolean | null>;
        batchDelete<K extends ModelName<Models>>(records: object[], model: K): Promise<boolean | null>;
        batchUpdate<K extends ModelName<Models>>(records: object[], model: K): Promise<boolean | null>;
        getRecordsByIds<K extends ModelName<Models>>(ids: string[], model: K): Promise<Map<string, Infer<Models[K]>>>;
        setMergingStrategy(merging: { strategy: 'ignore_if_modified_after' | 'override' }, model: ModelName<Models>): Promise<void>;
        trackDeletesStart(model: ModelName<Models>): Promise<void>;
        trackDeletesEnd(model: ModelName<Models>): Promise<void>;
        deleteRecordsFromPreviousExecutions(model: ModelName<Models>): Promise<unknown>;
    }

    interface SyncProps<Models, Metadata, Checkpoint> {
        description?: string;
        version?: string;
        endpoints?: Endpoint[];
        frequency?: string;
        autoStart?: boolean;
        syncType?: 'full' | 'incremental';
        trackDeletes?: boolean;
        scopes?: string[];
        webhookSubscriptions?: string[];
        models: Models;
        metadata?: Metadata;
        checkpoint?: Checkpoint;
        exec: (nango: NangoSync<Models, Infer<Metadata>, Infer<Checkpoint>>) => MaybePromise<void>;
        onWebhook?: (nango: NangoSync<Models, Infer<Metadata>, Infer<Checkpoint>>, payload: any) => MaybePromise<void>;
    }

    interface ActionProps<Input, Output, Metadata, Checkpoint> {
        description?: string;
        version?: string;
        endpoint?: Endpoint;
        scopes?: string[];
        input?: Input;
        output: Output;
        metadata?: Metadata;
        checkpoint?: Checkpoint;
        exec: (nango: NangoAction<Infer<Metadata>, Infer<Checkpoint>>, input: Infer<Input>) => MaybePromise<Infer<Output>>;
    }

    interface OnEventProps<Metadata> {
        event: 'post-connection-creation' | 'pre-connection-deletion' | 'validate-connection';
        description?: string;
        version?: string;
        metadata?: Metadata;
        exec: (nango: NangoAction<Infer<Metadata>>) => MaybePromise<unknown>;
    }

    export function createSync<
        Models extends Record<string, SyncModel>,
        Metadata extends Schema = VoidSchema,
        Checkpoint extends Schema = AnySchema
    >(def: SyncProps<Models, Metadata, Checkpoint>): SyncProps<Models, Metadata, Checkpoint> & { type: 'sync' };

    export function createAction<
        Input extends Schema = VoidSchema,
        Output extends Schema = VoidSchema,
        Metadata extends Schema = AnySchema,
        Checkpoint extends Schema = AnySchema
    >(def: ActionProps<Input, Output, Metadata, Checkpoint>): ActionProps<Input, Output, Metadata, Checkpoint> & { type: 'action' };

    export function createOnEvent<Metadata extends Schema = AnySchema>(def: OnEventProps<Metadata>): OnEventProps<Metadata> & { type: 'onEvent' };
}

declare module 'nango/experimental' {
    export function createFunction(def: Record<string, unknown>): Record<string, unknown> & { type: 'function' };
}
