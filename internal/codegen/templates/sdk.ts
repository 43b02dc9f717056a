/*
 * Types of the `nango` object that sync, action and on-event scripts receive, written for the
 * nango Go CLI from the documented behaviour of the Nango runtime (nango.yaml era). These are
 * declarations only: nothing below exists at run time except the members of the `nango`
 * object itself (use `new nango.ActionError(...)` to fail an action with a payload).
 * Self-contained on purpose: no axios, @nangohq or zod packages are needed to type-check.
 */

/** Any JSON-like object. Index signatures are spelled out so a model named `Record` cannot break them. */
export interface NangoObject {
    [key: string]: any;
}

/** HTTP methods accepted by the proxy (case-insensitive at run time). */
export type NangoHttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'get' | 'post' | 'patch' | 'put' | 'delete';

/** Log levels of `nango.log`; `http`, `verbose` and `silly` are older names kept for old scripts. */
export type NangoLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'http' | 'verbose' | 'silly';

export interface NangoLogOptions {
    level: NangoLogLevel;
}

/** The response of a proxied request (the shape of an axios response). */
export interface NangoResponse<T = any> {
    data: T;
    status: number;
    statusText: string;
    /** Header names are lower case. */
    headers: { [name: string]: string | string[] | undefined };
    config: any;
    request?: any;
}

/** What a failed proxied request throws (the shape of an axios error). */
export interface NangoHttpError<T = any> extends Error {
    isAxiosError: boolean;
    code?: string;
    status?: number;
    response?: NangoResponse<T>;
}

/** State passed to a pagination `on_page` callback after each page. */
export interface NangoPaginationPageState {
    nextPageParam?: string | number | undefined;
    response: NangoResponse;
}

interface PaginationCommon {
    /** Page size, sent as `limit_name_in_request`. */
    limit?: number | string;
    limit_name_in_request?: string;
    /** Where the list of records is in the response body (`a.b[0].c` paths); the body itself when empty. */
    response_path?: string;
    /** Send pagination parameters in the body instead of the query string. */
    in_body?: boolean;
    on_page?: (state: NangoPaginationPageState) => Promise<void>;
}

export interface CursorPagination extends PaginationCommon {
    type: 'cursor';
    cursor_path_in_response: string;
    cursor_name_in_request: string;
}

export interface LinkPagination extends PaginationCommon {
    type: 'link';
    link_rel_in_response_header?: string;
    link_path_in_response_body?: string;
}

export interface OffsetPagination extends PaginationCommon {
    type: 'offset';
    offset_name_in_request: string;
    offset_start_value?: number;
    offset_calculation_method?: 'per-page' | 'by-response-size';
}

/** A complete pagination configuration. */
export type Pagination = CursorPagination | LinkPagination | OffsetPagination;

/**
 * The `paginate` option of a request: any subset of a pagination configuration. What is left
 * out comes from the provider's defaults (providers.yaml).
 */
export interface PaginationOptions extends PaginationCommon {
    type?: 'cursor' | 'link' | 'offset';
    cursor_path_in_response?: string;
    cursor_name_in_request?: string;
    link_rel_in_response_header?: string;
    link_path_in_response_body?: string;
    offset_name_in_request?: string;
    offset_start_value?: number;
    offset_calculation_method?: 'per-page' | 'by-response-size';
}

/** A request sent through the Nango proxy, which adds the connection's credentials. */
export interface ProxyConfiguration {
    /** Path (and query string) appended to the provider's base URL. */
    endpoint: string;
    method?: NangoHttpMethod;
    headers?: { [name: string]: string };
    params?: string | { [name: string]: string | number | string[] | number[] };
    data?: unknown;
    /** Attempts after the first failure; 0 (the default) retries nothing. */
    retries?: number;
    /** Extra status codes worth a retry. */
    retryOn?: number[];
    /** Rate-limit header names of this API (override providers.yaml). */
    retryHeader?: { at?: string | string[]; after?: string | string[] };
    baseUrlOverride?: string;
    decompress?: boolean | 'true';
    responseType?: 'arraybuffer' | 'blob' | 'document' | 'json' | 'text' | 'stream';
    paginate?: PaginationOptions;
    /** Target another integration or connection than the script's own. */
    providerConfigKey?: string;
    connectionId?: string;
}

/** A proxy request whose method is chosen by the helper (`nango.get`, `nango.post`, …). */
export type NangoProxyRequest = Omit<ProxyConfiguration, 'method'>;

/** Options of `nango.uncontrolledFetch`: a plain fetch, without credentials or retries. */
export interface NangoFetchOptions {
    url: URL;
    method?: NangoHttpMethod;
    headers?: { [name: string]: string };
    body?: string | null;
}

export type AuthModeType =
    | 'OAUTH1'
    | 'OAUTH2'
    | 'OAUTH2_CC'
    | 'BASIC'
    | 'API_KEY'
    | 'APP'
    | 'CUSTOM'
    | 'APP_STORE'
    | 'TBA'
    | 'JWT'
    | 'TWO_STEP'
    | 'SIGNATURE'
    | 'BILL'
    | 'NONE';

/** OAuth 2 credentials. `refresh_token` is only present when the server was asked for it. */
export interface OAuth2Credentials {
    type: 'OAUTH2';
    access_token: string;
    refresh_token?: string;
    expires_at?: Date | string | undefined;
    config_override?: { client_id?: string; client_secret?: string };
    raw: NangoObject;
}

export interface OAuth2ClientCredentials {
    type: 'OAUTH2_CC';
    token: string;
    expires_at?: Date | string | undefined;
    client_id: string;
    client_secret: string;
    client_certificate?: string;
    client_private_key?: string;
    raw: NangoObject;
}

export interface OAuth1Credentials {
    type: 'OAUTH1';
    oauth_token: string;
    oauth_token_secret: string;
    raw: NangoObject;
}

/** What `getToken()` returns for an OAuth 1 connection. */
export interface OAuth1Token {
    oAuthToken: string;
    oAuthTokenSecret: string;
}

export interface ApiKeyCredentials {
    type: 'API_KEY';
    apiKey: string;
}

export interface BasicApiCredentials {
    type: 'BASIC';
    username: string;
    password: string;
}

/** GitHub App installation credentials. */
export interface AppCredentials {
    type: 'APP';
    access_token: string;
    expires_at?: Date | string | undefined;
    jwtToken?: string;
    raw: NangoObject;
}

/** GitHub App OAuth: the installation and, once authorised, the user. */
export interface CustomCredentials {
    type: 'CUSTOM';
    app: AppCredentials;
    user: OAuth2Credentials | null;
    raw: NangoObject;
}

export interface AppStoreCredentials {
    type: 'APP_STORE';
    access_token: string;
    expires_at?: Date | string | undefined;
    private_key: string;
    raw: NangoObject;
}

export interface TbaCredentials {
    type: 'TBA';
    token_id: string;
    token_secret: string;
    config_override?: { client_id?: string; client_secret?: string };
}

export interface JwtCredentials {
    type: 'JWT';
    token?: string;
    expires_at?: Date | string | undefined;
    [field: string]: any;
}

export interface TwoStepCredentials {
    type: 'TWO_STEP';
    token?: string;
    refresh_token?: string;
    expires_at?: Date | string | undefined;
    [field: string]: any;
}

export interface SignatureCredentials {
    type: 'SIGNATURE';
    username: string;
    password: string;
    token?: string;
    expires_at?: Date | string | undefined;
}

export interface BillCredentials {
    type: 'BILL';
    username: string;
    password: string;
    organization_id: string;
    dev_key: string;
    session_id?: string;
    user_id?: string;
    expires_at?: Date | string | undefined;
}

/** A connection without credentials (auth mode NONE). */
export interface UnauthCredentials {
    type?: 'NONE';
}

/** The credentials of a connection, told apart by `type`. */
export type AuthCredentials =
    | OAuth2Credentials
    | OAuth2ClientCredentials
    | OAuth1Credentials
    | ApiKeyCredentials
    | BasicApiCredentials
    | AppCredentials
    | CustomCredentials
    | AppStoreCredentials
    | TbaCredentials
    | JwtCredentials
    | TwoStepCredentials
    | SignatureCredentials
    | BillCredentials
    | UnauthCredentials;

/** What `getToken()` resolves to: the access token string for OAuth 2, else the credentials. */
export type NangoToken = string | OAuth1Token | Exclude<AuthCredentials, OAuth2Credentials | OAuth1Credentials>;

export interface NangoConnectionError {
    type: string;
    log_id: string;
}

export interface NangoEndUser {
    id: string;
    display_name?: string | null;
    email?: string | null;
    organization?: { id: string; display_name?: string | null } | null;
}

/** A connection as the Nango API returns it. Dates are ISO strings. */
export interface NangoConnection {
    id: number;
    connection_id: string;
    provider_config_key: string;
    provider: string;
    connection_config: NangoObject;
    metadata: NangoObject | null;
    credentials: AuthCredentials;
    created_at: string;
    updated_at: string;
    last_fetched_at: string | null;
    errors: NangoConnectionError[];
    end_user: NangoEndUser | null;
    tags?: { [key: string]: string };
    webhook_url_override?: string | null;
}

/** Options of `getConnection` that bypass the 60-second cache and refresh credentials. */
export interface NangoGetConnectionOptions {
    forceRefresh?: boolean;
    refreshToken?: boolean;
    refreshGithubAppJwtToken?: boolean;
}

/** An integration (provider configuration) as the Nango API returns it. */
export interface NangoIntegration {
    unique_key: string;
    provider: string;
    display_name?: string;
    logo?: string;
    created_at: string;
    updated_at: string;
    webhook_url?: string | null;
    credentials?: NangoObject | null;
    [field: string]: any;
}

export interface EnvironmentVariable {
    name: string;
    value: string;
}

/** A zod-compatible schema: any object with zod's `safeParse` (zod itself is not needed to type-check). */
export interface NangoValidationSchema<T> {
    safeParse(input: unknown): NangoValidationResult<T>;
}

export type NangoValidationResult<T> =
    | { success: true; data: T }
    | { success: false; error: { issues: { message: string; path: (string | number)[] }[] } };

/** Modes of `triggerSync`: `true` means a full refresh. */
export type NangoSyncMode = 'incremental' | 'full_refresh' | 'full_refresh_and_clear_cache';

/** How `batchSave` treats records changed in Nango after the last run. */
export interface NangoMergingStrategy {
    strategy: 'override' | 'ignore_if_modified_after';
}

export interface NangoLockOptions {
    key: string;
    ttlMs: number;
}

/**
 * Fails an action (or a sync) with a payload that the caller receives as the error body:
 * `throw new nango.ActionError({ message: 'not found', id })`.
 */
export declare class ActionError<T = NangoObject> extends Error {
    type: 'action_script_runtime_error';
    payload?: T;
    constructor(payload?: T);
}

/** The `nango` object of actions and on-event scripts. */
export declare class NangoAction {
    /** The connection the script runs for. */
    readonly connectionId: string;
    /** The integration's unique key in nango.yaml. */
    readonly providerConfigKey: string;
    /** The provider's name in providers.yaml, e.g. `github`. */
    readonly provider?: string;
    readonly activityLogId?: string;
    readonly environmentId?: number;
    readonly environmentName?: string;
    readonly syncId?: string;
    readonly syncJobId?: number;
    readonly nangoConnectionId?: number;
    readonly scriptType?: 'sync' | 'action' | 'webhook' | 'on-event';
    readonly dryRun?: boolean;
    /** Throw `new nango.ActionError(payload)` to fail with a payload. */
    readonly ActionError: typeof ActionError;

    /** Sends a request through the Nango proxy; GET unless `method` says otherwise. */
    proxy<T = any>(config: ProxyConfiguration): Promise<NangoResponse<T>>;
    get<T = any>(config: NangoProxyRequest): Promise<NangoResponse<T>>;
    post<T = any>(config: NangoProxyRequest): Promise<NangoResponse<T>>;
    put<T = any>(config: NangoProxyRequest): Promise<NangoResponse<T>>;
    patch<T = any>(config: NangoProxyRequest): Promise<NangoResponse<T>>;
    delete<T = any>(config: NangoProxyRequest): Promise<NangoResponse<T>>;
    /** A plain fetch: no credentials are added and nothing is retried. */
    uncontrolledFetch(options: NangoFetchOptions): Promise<Response>;
    /** Yields one page of records per request, following the provider's or the given pagination. */
    paginate<T = any>(config: ProxyConfiguration): AsyncGenerator<T[], undefined, void>;

    /** The access token (OAuth 2) or the credentials object of the connection. */
    getToken(): Promise<NangoToken>;
    getConnection(providerConfigKeyOverride?: string, connectionIdOverride?: string, options?: NangoGetConnectionOptions): Promise<NangoConnection>;
    getIntegration(queries?: { include?: ('webhook' | 'credentials')[] }): Promise<NangoIntegration>;
    getWebhookURL(): Promise<string | null | undefined>;
    getEnvironmentVariables(): Promise<EnvironmentVariable[] | null>;
    getFlowAttributes<A = NangoObject>(): A | null;

    getMetadata<M = NangoObject>(): Promise<M>;
    /** Replaces the connection's metadata. */
    setMetadata(metadata: NangoObject): Promise<NangoResponse<void>>;
    /** Merges into the connection's metadata. */
    updateMetadata(metadata: NangoObject): Promise<NangoResponse<void>>;
    /** @deprecated use getMetadata */
    getFieldMapping(): Promise<NangoObject>;
    /** @deprecated use setMetadata */
    setFieldMapping(fieldMapping: NangoObject): Promise<NangoResponse<void>>;

    /** Logs a line; a last argument `{ level }` sets the level (default info). */
    log(message: unknown, options: NangoLogOptions): Promise<void>;
    log(...args: unknown[]): Promise<void>;

    /** Runs a deployed action of another (or the same) connection and returns its output. */
    triggerAction<In = unknown, Out = any>(providerConfigKey: string, connectionId: string, actionName: string, input?: In): Promise<Out>;
    triggerSync(providerConfigKey: string, connectionId: string, sync: string | { name: string; variant: string }, syncMode?: NangoSyncMode | boolean): Promise<void | string>;
    startSync(providerConfigKey: string, syncs: (string | { name: string; variant: string })[], connectionId?: string): Promise<void>;
    /**
     * Validates an action's input with a zod schema: logs each issue and throws an ActionError
     * when it does not match, else returns the parsed data.
     */
    zodValidateInput<T = any>(args: { zodSchema: NangoValidationSchema<T>; input: unknown }): Promise<{ success: true; data: T }>;

    tryAcquireLock(options: NangoLockOptions): Promise<boolean>;
    releaseLock(options: { key: string }): Promise<boolean>;
    releaseAllLocks(): Promise<void>;
}

/** The `nango` object of syncs: an action's plus records and incremental state. */
export declare class NangoSync extends NangoAction {
    /** End of the last successful run (incremental syncs); undefined on the first run. */
    readonly lastSyncDate?: Date;
    /** The sync variant; `base` unless started as another one. */
    readonly variant: string;
    readonly track_deletes: boolean;

    /** Saves (creates or updates) records of a model. */
    batchSave<T = any>(records: T[], model: string): Promise<boolean | null>;
    /** @deprecated use batchSave */
    batchSend<T = any>(records: T[], model: string): Promise<boolean | null>;
    /** Applies partial records to existing ones. */
    batchUpdate<T = any>(records: Partial<T>[], model: string): Promise<boolean | null>;
    /** Marks records (at least `{ id }`) as deleted. */
    batchDelete<T = any>(records: T[], model: string): Promise<boolean | null>;
    /** Reads stored records by id; the map is keyed by the ids asked for. */
    getRecordsByIds<K = string | number, T = any>(ids: K[], model: string): Promise<Map<K, T>>;
    /** Call before any batch call to keep records changed in Nango since the run started. */
    setMergingStrategy(merging: NangoMergingStrategy, model: string): Promise<void>;
}
