// Generated from the OpenAPI document by packages/client/src/generate.ts; do not edit.

export interface paths {
    "/v1/leads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a lead
         * @description A lead enters the first stage of its pipeline (`default` unless named). A client-chosen `leadId` that exists is `409 lead_exists`; without one a UUIDv7 is generated. Answers 201 with `ETag: "1"`, `Location: /v1/leads/<leadId>` and `X-Dealflow-Position`. The same `Idempotency-Key` with the same request returns the first answer (`Idempotent-Replayed: true`) and writes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Repeat a POST safely: the same key and request return the first answer */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Client-chosen id; a UUIDv7 is generated when absent */
                        leadId?: string;
                        /**
                         * @description One of the configured pipelines; defaults to `default`
                         * @enum {string}
                         */
                        pipelineId?: "default" | "b2c";
                        /** @description The lead's name (personal data: sealed with the lead's key) */
                        name: string;
                        /** @description The lead's company (personal data: sealed with the lead's key) */
                        company?: string;
                        source?: string;
                        ownerId?: string;
                        /** @description Expected amount */
                        amount: {
                            /** @description Integer minor units (e.g. cents) */
                            value: number;
                            /** @description ISO 4217 currency code */
                            currency: string;
                        };
                        /**
                         * Format: date-time
                         * @description Business time (ISO 8601 UTC); defaults to now, may be in the past, never before the previous event
                         */
                        occurredAt?: string;
                    };
                };
            };
            responses: {
                /** @description The lead, created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                            leadId: string;
                            version: number;
                            /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_exists, lead_closed, lead_not_closed, already_erased or version_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description payload_too_large: the body exceeds 16 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unsupported_media_type: the body must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description invalid_transition or idempotency_key_reused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{leadId}/advance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Advance a lead to a later stage
         * @description Moves an open lead forward to a later open stage of its pipeline (skipping allowed). Backward, same-stage or unknown stages are `422 invalid_transition`. Answers 200 with `ETag: "<version>"` and `X-Dealflow-Position`. `If-Match: "<version>"` makes the write conditional (`409 version_conflict`); without it the command is decided against the lead as it is when written. The same `Idempotency-Key` with the same request returns the first answer (`Idempotent-Replayed: true`) and writes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Repeat a POST safely: the same key and request return the first answer */
                    "idempotency-key"?: string;
                    /** @description Write only if the lead is still at this version, else 409 version_conflict */
                    "if-match"?: string;
                };
                path: {
                    /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description A later open stage of the lead’s pipeline
                         * @enum {string}
                         */
                        toStage: "qualify" | "demo" | "proposal" | "negotiation" | "interested" | "checkout";
                        /**
                         * Format: date-time
                         * @description Business time (ISO 8601 UTC); defaults to now, may be in the past, never before the previous event
                         */
                        occurredAt?: string;
                    };
                };
            };
            responses: {
                /** @description Where the lead now is */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                            leadId: string;
                            version: number;
                            /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_exists, lead_closed, lead_not_closed, already_erased or version_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description payload_too_large: the body exceeds 16 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unsupported_media_type: the body must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description invalid_transition or idempotency_key_reused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{leadId}/win": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Win a deal
         * @description Closes an open lead as won, at `amount` or else its current amount (same currency). Answers 200 with `ETag: "<version>"` and `X-Dealflow-Position`. `If-Match: "<version>"` makes the write conditional (`409 version_conflict`); without it the command is decided against the lead as it is when written. The same `Idempotency-Key` with the same request returns the first answer (`Idempotent-Replayed: true`) and writes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Repeat a POST safely: the same key and request return the first answer */
                    "idempotency-key"?: string;
                    /** @description Write only if the lead is still at this version, else 409 version_conflict */
                    "if-match"?: string;
                };
                path: {
                    /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Final amount; the current amount when absent */
                        amount?: {
                            /** @description Integer minor units (e.g. cents) */
                            value: number;
                            /** @description ISO 4217 currency code */
                            currency: string;
                        };
                        reason?: string;
                        /**
                         * Format: date-time
                         * @description Business time (ISO 8601 UTC); defaults to now, may be in the past, never before the previous event
                         */
                        occurredAt?: string;
                    };
                };
            };
            responses: {
                /** @description Where the lead now is */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                            leadId: string;
                            version: number;
                            /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_exists, lead_closed, lead_not_closed, already_erased or version_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description payload_too_large: the body exceeds 16 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unsupported_media_type: the body must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description invalid_transition or idempotency_key_reused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{leadId}/lose": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lose a deal
         * @description Closes an open lead as lost, for one of its pipeline's lost reasons, at its current stage. Answers 200 with `ETag: "<version>"` and `X-Dealflow-Position`. `If-Match: "<version>"` makes the write conditional (`409 version_conflict`); without it the command is decided against the lead as it is when written. The same `Idempotency-Key` with the same request returns the first answer (`Idempotent-Replayed: true`) and writes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Repeat a POST safely: the same key and request return the first answer */
                    "idempotency-key"?: string;
                    /** @description Write only if the lead is still at this version, else 409 version_conflict */
                    "if-match"?: string;
                };
                path: {
                    /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description One of the lost reasons of the lead’s pipeline
                         * @enum {string}
                         */
                        reason: "price" | "competitor" | "no_budget" | "no_decision" | "timing" | "product_fit" | "unresponsive" | "other" | "shipping" | "payment_failed" | "changed_mind";
                        note?: string;
                        /**
                         * Format: date-time
                         * @description Business time (ISO 8601 UTC); defaults to now, may be in the past, never before the previous event
                         */
                        occurredAt?: string;
                    };
                };
            };
            responses: {
                /** @description Where the lead now is */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                            leadId: string;
                            version: number;
                            /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_exists, lead_closed, lead_not_closed, already_erased or version_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description payload_too_large: the body exceeds 16 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unsupported_media_type: the body must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description invalid_transition or idempotency_key_reused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{leadId}/move-back": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a lead back to an earlier stage
         * @description Moves an open lead back to an earlier open stage of its pipeline (the proposal was premature: back to demo). A later, the same or an unknown stage is `422 invalid_transition`; a won or lost lead is `409 lead_closed` (reopen it instead). Answers 200 with `ETag: "<version>"` and `X-Dealflow-Position`. `If-Match: "<version>"` makes the write conditional (`409 version_conflict`); without it the command is decided against the lead as it is when written. The same `Idempotency-Key` with the same request returns the first answer (`Idempotent-Replayed: true`) and writes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Repeat a POST safely: the same key and request return the first answer */
                    "idempotency-key"?: string;
                    /** @description Write only if the lead is still at this version, else 409 version_conflict */
                    "if-match"?: string;
                };
                path: {
                    /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description An earlier open stage of the lead’s pipeline
                         * @enum {string}
                         */
                        toStage: "qualify" | "demo" | "proposal" | "negotiation" | "interested" | "checkout";
                        /**
                         * Format: date-time
                         * @description Business time (ISO 8601 UTC); defaults to now, may be in the past, never before the previous event
                         */
                        occurredAt?: string;
                    };
                };
            };
            responses: {
                /** @description Where the lead now is */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                            leadId: string;
                            version: number;
                            /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_exists, lead_closed, lead_not_closed, already_erased or version_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description payload_too_large: the body exceeds 16 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unsupported_media_type: the body must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description invalid_transition or idempotency_key_reused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{leadId}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reopen a won or lost deal
         * @description Reopens a won or lost deal into the named open stage; its close stops counting and the next close is its outcome. An open lead is `409 lead_not_closed`; a stage that is not an open stage of its pipeline is `422 invalid_transition`. Answers 200 with `ETag: "<version>"` and `X-Dealflow-Position`. `If-Match: "<version>"` makes the write conditional (`409 version_conflict`); without it the command is decided against the lead as it is when written. The same `Idempotency-Key` with the same request returns the first answer (`Idempotent-Replayed: true`) and writes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Repeat a POST safely: the same key and request return the first answer */
                    "idempotency-key"?: string;
                    /** @description Write only if the lead is still at this version, else 409 version_conflict */
                    "if-match"?: string;
                };
                path: {
                    /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description The open stage of the lead’s pipeline the deal is reopened in
                         * @enum {string}
                         */
                        toStage: "qualify" | "demo" | "proposal" | "negotiation" | "interested" | "checkout";
                        /**
                         * Format: date-time
                         * @description Business time (ISO 8601 UTC); defaults to now, may be in the past, never before the previous event
                         */
                        occurredAt?: string;
                    };
                };
            };
            responses: {
                /** @description Where the lead now is */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                            leadId: string;
                            version: number;
                            /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_exists, lead_closed, lead_not_closed, already_erased or version_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description payload_too_large: the body exceeds 16 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unsupported_media_type: the body must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description invalid_transition or idempotency_key_reused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{leadId}/change-amount": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the expected amount of a lead
         * @description Sets an open lead's expected amount: value, currency or both. A negative, fractional or unsafe value is `400 validation_error`; the amount the lead already has is `422 invalid_transition`; a won or lost lead is `409 lead_closed`. Answers 200 with `ETag: "<version>"` and `X-Dealflow-Position`. `If-Match: "<version>"` makes the write conditional (`409 version_conflict`); without it the command is decided against the lead as it is when written. The same `Idempotency-Key` with the same request returns the first answer (`Idempotent-Replayed: true`) and writes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Repeat a POST safely: the same key and request return the first answer */
                    "idempotency-key"?: string;
                    /** @description Write only if the lead is still at this version, else 409 version_conflict */
                    "if-match"?: string;
                };
                path: {
                    /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The new expected amount (value and currency) */
                        amount: {
                            /** @description Integer minor units (e.g. cents) */
                            value: number;
                            /** @description ISO 4217 currency code */
                            currency: string;
                        };
                        /**
                         * Format: date-time
                         * @description Business time (ISO 8601 UTC); defaults to now, may be in the past, never before the previous event
                         */
                        occurredAt?: string;
                    };
                };
            };
            responses: {
                /** @description Where the lead now is */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                            leadId: string;
                            version: number;
                            /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_exists, lead_closed, lead_not_closed, already_erased or version_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description payload_too_large: the body exceeds 16 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unsupported_media_type: the body must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description invalid_transition or idempotency_key_reused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{leadId}/reassign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reassign a lead to another owner
         * @description Hands an open lead to another owner; metrics by owner credit the owner at the moment of each event. The owner it already has is `422 invalid_transition`; a won or lost lead is `409 lead_closed`. Answers 200 with `ETag: "<version>"` and `X-Dealflow-Position`. `If-Match: "<version>"` makes the write conditional (`409 version_conflict`); without it the command is decided against the lead as it is when written. The same `Idempotency-Key` with the same request returns the first answer (`Idempotent-Replayed: true`) and writes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Repeat a POST safely: the same key and request return the first answer */
                    "idempotency-key"?: string;
                    /** @description Write only if the lead is still at this version, else 409 version_conflict */
                    "if-match"?: string;
                };
                path: {
                    /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The new owner */
                        ownerId: string;
                        /**
                         * Format: date-time
                         * @description Business time (ISO 8601 UTC); defaults to now, may be in the past, never before the previous event
                         */
                        occurredAt?: string;
                    };
                };
            };
            responses: {
                /** @description Where the lead now is */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                            leadId: string;
                            version: number;
                            /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_exists, lead_closed, lead_not_closed, already_erased or version_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description payload_too_large: the body exceeds 16 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unsupported_media_type: the body must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description invalid_transition or idempotency_key_reused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{leadId}/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase a lead's personal data
         * @description Deletes the lead's key, so its name and company (sealed with it in every event, on Kafka and in the events table) can never be read again, and appends `LeadErased`. The lead reads as erased everywhere (name and company `null`); its stage, amount, owner and every metric stay, and later commands still apply. Scope `privacy`. Irreversible: a second erasure is `409 already_erased`. The body is `{}`. Answers 200 with `ETag: "<version>"` and `X-Dealflow-Position`. `If-Match: "<version>"` makes the write conditional (`409 version_conflict`); without it the command is decided against the lead as it is when written. The same `Idempotency-Key` with the same request returns the first answer (`Idempotent-Replayed: true`) and writes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Repeat a POST safely: the same key and request return the first answer */
                    "idempotency-key"?: string;
                    /** @description Write only if the lead is still at this version, else 409 version_conflict */
                    "if-match"?: string;
                };
                path: {
                    /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Where the lead now is */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                            leadId: string;
                            version: number;
                            /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (privacy) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_exists, lead_closed, lead_not_closed, already_erased or version_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description payload_too_large: the body exceeds 16 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unsupported_media_type: the body must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description invalid_transition or idempotency_key_reused */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{leadId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a lead
         * @description The lead as its events add up to, straight from the event store (always current). `ETag` carries its version for a later `If-Match`. Scope `leads:read` or `leads:write` (a lead is personal data, not a dashboard metric). Name and company are opened with the lead's key; once erased they are `null` and `erased` is true.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                            leadId: string;
                            /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                            pipelineId: string;
                            /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                            /** @description Money in integer minor units of one currency */
                            amount: {
                                /** @description Integer minor units (e.g. cents) */
                                value: number;
                                /** @description ISO 4217 currency code */
                                currency: string;
                            };
                            version: number;
                            /**
                             * Format: date-time
                             * @description occurredAt of LeadCreated
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description occurredAt of the last event
                             */
                            updatedAt: string;
                            /** @description occurredAt of DealWon / DealLost */
                            closedAt: string | null;
                            ownerId: string | null;
                            source: string | null;
                            /** @description `null` once the lead is erased */
                            name: string | null;
                            /** @description `null` when not given or once the lead is erased */
                            company: string | null;
                            /** @description The lead's personal data was erased (its key deleted) */
                            erased: boolean;
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:read or leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{leadId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A lead's events
         * @description Every event of the lead, as published on Kafka, in version order: personal fields sealed (`enc:v1:…`), as stored. Scope `leads:read` or `leads:write`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: ({
                                /**
                                 * Format: uuid
                                 * @description Event id (UUIDv7)
                                 */
                                id: string;
                                /** @enum {string} */
                                type: "LeadCreated";
                                /** @enum {number} */
                                schemaVersion: 1;
                                /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                                leadId: string;
                                /** @enum {number} */
                                version: 1;
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                pipelineId: string;
                                /**
                                 * Format: date-time
                                 * @description Business time; may be backdated for imports
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description Time the event was appended to the event store
                                 */
                                recordedAt: string;
                                data: {
                                    /** @description The lead's name: `enc:v1:` + base64url(AES-256-GCM iv ‖ tag ‖ ciphertext) under the lead's key; plaintext in events written before personal data was sealed */
                                    name: string;
                                    /** @description The lead's company: `enc:v1:` + base64url(AES-256-GCM iv ‖ tag ‖ ciphertext) under the lead's key; plaintext in events written before personal data was sealed */
                                    company?: string;
                                    source?: string;
                                    ownerId?: string;
                                    /** @description Expected amount */
                                    amount: {
                                        /** @description Integer minor units (e.g. cents) */
                                        value: number;
                                        /** @description ISO 4217 currency code */
                                        currency: string;
                                    };
                                    /** @description The pipeline's first stage */
                                    stage: string;
                                };
                                /** @description Request context; extra string-valued keys are allowed */
                                metadata: {
                                    correlationId?: string;
                                    causationId?: string;
                                    actor?: string;
                                    traceparent?: string;
                                } & {
                                    [key: string]: string;
                                };
                            } | {
                                /**
                                 * Format: uuid
                                 * @description Event id (UUIDv7)
                                 */
                                id: string;
                                /** @enum {string} */
                                type: "StageAdvanced";
                                /** @enum {number} */
                                schemaVersion: 1;
                                /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                                leadId: string;
                                /** @description Position in the lead's stream: 1, 2, 3 … */
                                version: number;
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                pipelineId: string;
                                /**
                                 * Format: date-time
                                 * @description Business time; may be backdated for imports
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description Time the event was appended to the event store
                                 */
                                recordedAt: string;
                                data: {
                                    /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                                    fromStage: string;
                                    /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                                    toStage: string;
                                };
                                /** @description Request context; extra string-valued keys are allowed */
                                metadata: {
                                    correlationId?: string;
                                    causationId?: string;
                                    actor?: string;
                                    traceparent?: string;
                                } & {
                                    [key: string]: string;
                                };
                            } | {
                                /**
                                 * Format: uuid
                                 * @description Event id (UUIDv7)
                                 */
                                id: string;
                                /** @enum {string} */
                                type: "DealWon";
                                /** @enum {number} */
                                schemaVersion: 1;
                                /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                                leadId: string;
                                /** @description Position in the lead's stream: 1, 2, 3 … */
                                version: number;
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                pipelineId: string;
                                /**
                                 * Format: date-time
                                 * @description Business time; may be backdated for imports
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description Time the event was appended to the event store
                                 */
                                recordedAt: string;
                                data: {
                                    /** @description Final amount */
                                    amount: {
                                        /** @description Integer minor units (e.g. cents) */
                                        value: number;
                                        /** @description ISO 4217 currency code */
                                        currency: string;
                                    };
                                    reason?: string;
                                    /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                                    fromStage: string;
                                };
                                /** @description Request context; extra string-valued keys are allowed */
                                metadata: {
                                    correlationId?: string;
                                    causationId?: string;
                                    actor?: string;
                                    traceparent?: string;
                                } & {
                                    [key: string]: string;
                                };
                            } | {
                                /**
                                 * Format: uuid
                                 * @description Event id (UUIDv7)
                                 */
                                id: string;
                                /** @enum {string} */
                                type: "DealLost";
                                /** @enum {number} */
                                schemaVersion: 1;
                                /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                                leadId: string;
                                /** @description Position in the lead's stream: 1, 2, 3 … */
                                version: number;
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                pipelineId: string;
                                /**
                                 * Format: date-time
                                 * @description Business time; may be backdated for imports
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description Time the event was appended to the event store
                                 */
                                recordedAt: string;
                                data: {
                                    /** @description One of the pipeline's lost reasons */
                                    reason: string;
                                    note?: string;
                                    /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                                    fromStage: string;
                                };
                                /** @description Request context; extra string-valued keys are allowed */
                                metadata: {
                                    correlationId?: string;
                                    causationId?: string;
                                    actor?: string;
                                    traceparent?: string;
                                } & {
                                    [key: string]: string;
                                };
                            } | {
                                /**
                                 * Format: uuid
                                 * @description Event id (UUIDv7)
                                 */
                                id: string;
                                /** @enum {string} */
                                type: "StageMovedBack";
                                /** @enum {number} */
                                schemaVersion: 1;
                                /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                                leadId: string;
                                /** @description Position in the lead's stream: 1, 2, 3 … */
                                version: number;
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                pipelineId: string;
                                /**
                                 * Format: date-time
                                 * @description Business time; may be backdated for imports
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description Time the event was appended to the event store
                                 */
                                recordedAt: string;
                                data: {
                                    /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                                    fromStage: string;
                                    /** @description An earlier open stage of the pipeline */
                                    toStage: string;
                                };
                                /** @description Request context; extra string-valued keys are allowed */
                                metadata: {
                                    correlationId?: string;
                                    causationId?: string;
                                    actor?: string;
                                    traceparent?: string;
                                } & {
                                    [key: string]: string;
                                };
                            } | {
                                /**
                                 * Format: uuid
                                 * @description Event id (UUIDv7)
                                 */
                                id: string;
                                /** @enum {string} */
                                type: "DealReopened";
                                /** @enum {number} */
                                schemaVersion: 1;
                                /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                                leadId: string;
                                /** @description Position in the lead's stream: 1, 2, 3 … */
                                version: number;
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                pipelineId: string;
                                /**
                                 * Format: date-time
                                 * @description Business time; may be backdated for imports
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description Time the event was appended to the event store
                                 */
                                recordedAt: string;
                                data: {
                                    /** @description The won or lost stage the deal was closed in */
                                    fromStage: string;
                                    /** @description The open stage the deal is reopened in */
                                    toStage: string;
                                };
                                /** @description Request context; extra string-valued keys are allowed */
                                metadata: {
                                    correlationId?: string;
                                    causationId?: string;
                                    actor?: string;
                                    traceparent?: string;
                                } & {
                                    [key: string]: string;
                                };
                            } | {
                                /**
                                 * Format: uuid
                                 * @description Event id (UUIDv7)
                                 */
                                id: string;
                                /** @enum {string} */
                                type: "AmountChanged";
                                /** @enum {number} */
                                schemaVersion: 1;
                                /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                                leadId: string;
                                /** @description Position in the lead's stream: 1, 2, 3 … */
                                version: number;
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                pipelineId: string;
                                /**
                                 * Format: date-time
                                 * @description Business time; may be backdated for imports
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description Time the event was appended to the event store
                                 */
                                recordedAt: string;
                                data: {
                                    /** @description New expected amount */
                                    amount: {
                                        /** @description Integer minor units (e.g. cents) */
                                        value: number;
                                        /** @description ISO 4217 currency code */
                                        currency: string;
                                    };
                                    /** @description The expected amount before the change */
                                    previousAmount: {
                                        /** @description Integer minor units (e.g. cents) */
                                        value: number;
                                        /** @description ISO 4217 currency code */
                                        currency: string;
                                    };
                                };
                                /** @description Request context; extra string-valued keys are allowed */
                                metadata: {
                                    correlationId?: string;
                                    causationId?: string;
                                    actor?: string;
                                    traceparent?: string;
                                } & {
                                    [key: string]: string;
                                };
                            } | {
                                /**
                                 * Format: uuid
                                 * @description Event id (UUIDv7)
                                 */
                                id: string;
                                /** @enum {string} */
                                type: "OwnerReassigned";
                                /** @enum {number} */
                                schemaVersion: 1;
                                /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                                leadId: string;
                                /** @description Position in the lead's stream: 1, 2, 3 … */
                                version: number;
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                pipelineId: string;
                                /**
                                 * Format: date-time
                                 * @description Business time; may be backdated for imports
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description Time the event was appended to the event store
                                 */
                                recordedAt: string;
                                data: {
                                    /** @description The new owner */
                                    ownerId: string;
                                    /** @description The owner before; absent when none */
                                    previousOwnerId?: string;
                                };
                                /** @description Request context; extra string-valued keys are allowed */
                                metadata: {
                                    correlationId?: string;
                                    causationId?: string;
                                    actor?: string;
                                    traceparent?: string;
                                } & {
                                    [key: string]: string;
                                };
                            } | {
                                /**
                                 * Format: uuid
                                 * @description Event id (UUIDv7)
                                 */
                                id: string;
                                /** @enum {string} */
                                type: "LeadErased";
                                /** @enum {number} */
                                schemaVersion: 1;
                                /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                                leadId: string;
                                /** @description Position in the lead's stream: 1, 2, 3 … */
                                version: number;
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                pipelineId: string;
                                /**
                                 * Format: date-time
                                 * @description Business time; may be backdated for imports
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description Time the event was appended to the event store
                                 */
                                recordedAt: string;
                                data: Record<string, never>;
                                /** @description Request context; extra string-valued keys are allowed */
                                metadata: {
                                    correlationId?: string;
                                    causationId?: string;
                                    actor?: string;
                                    traceparent?: string;
                                } & {
                                    [key: string]: string;
                                };
                            })[];
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:read or leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description lead_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness and readiness
         * @description 200 when Postgres answers; reports the outbox backlog and the relay state (Kafka outages show here without failing health, as commands are still accepted).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                            /** @enum {string} */
                            database: "up";
                            /** @description Events committed but not yet published to Kafka */
                            outboxBacklog: number;
                            /** @description This process's relay; null when it runs none */
                            relay: {
                                /** @enum {string} */
                                state: "stopped" | "standby" | "active";
                                publishedTotal: number;
                                batches: number;
                                lastPublishedAt: string | null;
                                lastError: string | null;
                                lastErrorAt: string | null;
                                consecutiveFailures: number;
                            } | null;
                        };
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/livez": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description 200 while the process answers; it checks no dependency.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The process answers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description 200 when database answer; 503 when one does not.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Each dependency this service needs to do its work, up or down */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks: {
                                [key: string]: "up" | "down";
                            };
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Each dependency this service needs to do its work, up or down */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks: {
                                [key: string]: "up" | "down";
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import leads with their whole history
         * @description NDJSON (`Content-Type: application/x-ndjson`): one lead a line, `{"leadId", "commands": [{"action": "create", …}, {"action": "advance", …}, …]}` with each command the body of its action, usually with a back-dated `occurredAt`. Answers 200 with NDJSON: one result per line in line order (`accepted` with the version, or `refused` with the contract code, `field` and `command` index), then `{"summary": …}`. A lead is imported whole or not at all; importing the same line again changes nothing. Limits: 65536 bytes a line, 500 commands a line, 100000 lines a request (the rest is refused, `payload_too_large`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description NDJSON: one result per line, then a summary */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description validation_error: params, headers or body do not match the schema */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unauthorized: missing, invalid or expired bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description forbidden: the token lacks the scope (leads:write) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unsupported_media_type: the body must be application/x-ndjson */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description rate_limited: too many requests; Retry-After says when to retry */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description internal_error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description unavailable: a dependency (Postgres) is down; Retry-After is set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            type: string;
                            title: string;
                            status: number;
                            code: string;
                            detail: string;
                            errors?: {
                                path: string;
                                message: string;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
