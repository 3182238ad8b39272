// Generated from the OpenAPI document by packages/client/src/generate.ts; do not edit.

export interface paths {
    "/v1/funnel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Funnel of a pipeline: cohort or activity window, as of any instant
         * @description The leads of a pipeline created in `[from, to)` (the cohort; all time when absent), optionally of one owner and/or source, and what became of them. `totals` counts them by status; `winRate` = won ÷ leads, `closeRate` = won ÷ (won + lost). `stages` lists the open stages in funnel order: `reached` = leads ever at that stage or a later one (a won lead reached every open stage), `current` = open leads in it now, `lost` = leads lost while in it, `conversionToNext` = reached(next) ÷ reached(this) (last open stage: won ÷ reached), `cumulativeConversion` = reached ÷ reached(first). Rates are fractions in [0, 1], `null` when undefined (division by zero). Whole UTC days come from pre-aggregated daily counters and partial days at the window edges are counted exactly, so the cost does not grow with the number of leads. `window=activity`: the leads in play in [from, to) — open when it opened, or created in it — and what happened to them in it: `reached` = at that stage or later during the window, `current` = open at its end, `lost`/`won` = closed in it, so leads = open + won + lost. `asOf`: only events with occurredAt <= asOf count (backdated imports included from their occurredAt on). `mode=touched`: `reached` counts only leads actually in the stage (skipped stages do not count) and `conversionToNext` = leads that left it forward ÷ those in it. The activity window, `asOf` and `touched` are summed from the daily metric tables (partial days from the per-event rows). An unknown `pipelineId` is `404 not_found`. With `X-Dealflow-Min-Position` the answer waits (bounded) for that write and carries `X-Dealflow-Stale: true` if it did not arrive in time. Every answer carries an `ETag` derived from the read-model version and position it was computed at and the query (`Cache-Control: no-cache`); a request with `If-None-Match` naming it gets `304 Not Modified` with no body while the read models have not moved.
         */
        get: {
            parameters: {
                query?: {
                    /** @description One of the configured pipelines; `default` when absent */
                    pipelineId?: "default" | "b2c";
                    /** @description Only leads of this owner */
                    ownerId?: string;
                    /** @description Only leads from this source */
                    source?: string;
                    /** @description Window start (inclusive): creation time (cohort) or occurredAt (activity) */
                    from?: string & (unknown & unknown);
                    /** @description Window end (exclusive): creation time (cohort) or occurredAt (activity) */
                    to?: string & (unknown & unknown);
                    /** @description `cohort` (default): leads created in [from, to) and everything that happened to them (up to `asOf`). `activity`: the events that occurred in [from, to) (up to `asOf`), over the leads in play in the window: open when it opened, or created in it. */
                    window?: "cohort" | "activity";
                    /** @description The funnel as it stood at this instant: only events with occurredAt <= asOf count, whenever they were recorded (a backdated import counts from its occurredAt on) */
                    asOf?: string & (unknown & unknown);
                    /** @description `reached` (default): a lead counts at every open stage up to the furthest it got (skipped stages and, once won, all stages count). `touched`: only the stages it was actually in; `conversionToNext` is then the share of them that left the stage forward. */
                    mode?: "reached" | "touched";
                };
                header?: {
                    /** @description Read-your-writes: wait (bounded) until the read models have applied the event at this position of the event store; if they have not in time, the answer carries `X-Dealflow-Stale: true` */
                    "x-dealflow-min-position"?: string;
                    /** @description The `ETag` of an answer held already: `304 Not Modified` (no body) while the read models have not moved since */
                    "if-none-match"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cohort funnel of the pipeline */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "pipelineId": "default",
                         *       "totals": {
                         *         "leads": 5,
                         *         "open": 2,
                         *         "won": 1,
                         *         "lost": 2
                         *       },
                         *       "winRate": 0.2,
                         *       "closeRate": 0.3333333333333333,
                         *       "stages": [
                         *         {
                         *           "stage": "qualify",
                         *           "position": 1,
                         *           "probability": 0.1,
                         *           "reached": 5,
                         *           "current": 1,
                         *           "lost": 1,
                         *           "conversionToNext": 0.6,
                         *           "cumulativeConversion": 1
                         *         },
                         *         {
                         *           "stage": "demo",
                         *           "position": 2,
                         *           "probability": 0.35,
                         *           "reached": 3,
                         *           "current": 1,
                         *           "lost": 0,
                         *           "conversionToNext": 0.6666666666666666,
                         *           "cumulativeConversion": 0.6
                         *         },
                         *         {
                         *           "stage": "proposal",
                         *           "position": 3,
                         *           "probability": 0.65,
                         *           "reached": 2,
                         *           "current": 0,
                         *           "lost": 1,
                         *           "conversionToNext": 0.5,
                         *           "cumulativeConversion": 0.4
                         *         },
                         *         {
                         *           "stage": "negotiation",
                         *           "position": 4,
                         *           "probability": 0.75,
                         *           "reached": 1,
                         *           "current": 0,
                         *           "lost": 0,
                         *           "conversionToNext": 1,
                         *           "cumulativeConversion": 0.2
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                            pipelineId: string;
                            totals: {
                                /** @description Leads of the cohort (every lead starts in the first stage) */
                                leads: number;
                                /** @description Of them, still open */
                                open: number;
                                /** @description Of them, won (latest outcome) */
                                won: number;
                                /** @description Of them, lost (latest outcome) */
                                lost: number;
                            };
                            /** @description won ÷ leads; null for an empty cohort */
                            winRate: number | null;
                            /** @description won ÷ (won + lost); null while none is closed */
                            closeRate: number | null;
                            /** @description The open stages, in funnel order */
                            stages: {
                                /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                                stage: string;
                                /** @description 1-based position among the open stages */
                                position: number;
                                /** @description Win probability of the stage (configuration) */
                                probability: number;
                                /** @description Leads of the cohort that were ever at this stage or a later one; a won lead reached every open stage, a lead that skipped this stage reached it too */
                                reached: number;
                                /** @description Open leads of the cohort in this stage now */
                                current: number;
                                /** @description Leads of the cohort lost while in this stage (latest outcome) */
                                lost: number;
                                /** @description reached(next stage) ÷ reached(this stage); for the last open stage won ÷ reached(this stage); null when reached(this stage) is 0 */
                                conversionToNext: number | null;
                                /** @description reached(this stage) ÷ reached(first stage); null when the cohort is empty */
                                cumulativeConversion: number | null;
                            }[];
                        };
                    };
                };
                /** @description Not Modified: the answer named by `If-None-Match` is still current (no body) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description forbidden: the token lacks the scope (metrics:read) */
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
                /** @description not_found: no pipeline with this id */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
    "/v1/metrics/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Headline metrics: counts, rates, deal size, cycle, forecast, velocity
         * @description `leads`, `open` (at the end of the scope), `won`, `lost`; `winRate` = won ÷ leads; `closeRate` = won ÷ (won + lost); `averageDealSize` per currency = mean and median final amount of the won deals; `salesCycleDays` = days from LeadCreated to DealWon of the won deals (mean, median, p90 by linear interpolation); `weightedPipeline` per currency = Σ over open leads of expected amount × stage probability (not rounded); `salesVelocity.perDay` per currency = opportunities (open leads) × averageDealSize.mean × winRate ÷ salesCycleDays.mean, null when a part is null or the cycle is 0. Won deals of the scope: cohort = won by `asOf`; activity = won in the window. Filters: `pipelineId` (default `default`), `ownerId`, `source`. `window=cohort` (default): the leads created in [from, to), with everything that happened to them up to `asOf`. `window=activity`: the events that occurred in [from, to) and up to `asOf`, over the leads in play in the window (open when it opened, or created in it). `asOf`: only events with occurredAt <= asOf count, whenever they were recorded, so a backdated import counts from its occurredAt on. Rates are in [0, 1] and `null` when undefined (division by zero); days are fractional (ms ÷ 86 400 000); money is per currency in minor units, never mixed. An unknown `pipelineId` is `404 not_found`. With `X-Dealflow-Min-Position` the answer waits (bounded) for that write, else carries `X-Dealflow-Stale: true`. Every answer carries an `ETag` derived from the read-model version and position it was computed at and the query (`Cache-Control: no-cache`); a request with `If-None-Match` naming it gets `304 Not Modified` with no body while the read models have not moved.
         */
        get: {
            parameters: {
                query?: {
                    /** @description One of the configured pipelines; `default` when absent */
                    pipelineId?: "default" | "b2c";
                    /** @description Only leads of this owner */
                    ownerId?: string;
                    /** @description Only leads from this source */
                    source?: string;
                    /** @description Window start (inclusive) */
                    from?: string & (unknown & unknown);
                    /** @description Window end (exclusive) */
                    to?: string & (unknown & unknown);
                    /** @description `cohort` (default): the leads created in [from, to) and everything that happened to them (up to `asOf`). `activity`: the events that occurred in [from, to) (up to `asOf`), over the leads in play in the window — open when it opened, or created in it. */
                    window?: "cohort" | "activity";
                    /** @description The answer as it stood at this instant: only events with occurredAt <= asOf count, whenever they were recorded (a backdated import counts from its occurredAt on) */
                    asOf?: string & (unknown & unknown);
                };
                header?: {
                    /** @description Read-your-writes: wait (bounded) until the read models have applied the event at this position of the event store; if they have not in time, the answer carries `X-Dealflow-Stale: true` */
                    "x-dealflow-min-position"?: string;
                    /** @description The `ETag` of an answer held already: `304 Not Modified` (no body) while the read models have not moved since */
                    "if-none-match"?: string;
                };
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
                        /**
                         * @example {
                         *       "pipelineId": "default",
                         *       "leads": 6,
                         *       "open": 2,
                         *       "won": 2,
                         *       "lost": 2,
                         *       "winRate": 0.3333333333333333,
                         *       "closeRate": 0.5,
                         *       "averageDealSize": {
                         *         "EUR": {
                         *           "mean": 1100000,
                         *           "median": 1100000,
                         *           "count": 1
                         *         },
                         *         "USD": {
                         *           "mean": 500000,
                         *           "median": 500000,
                         *           "count": 1
                         *         }
                         *       },
                         *       "salesCycleDays": {
                         *         "mean": 8,
                         *         "median": 8,
                         *         "p90": 8.8,
                         *         "count": 2
                         *       },
                         *       "weightedPipeline": {
                         *         "EUR": 410000
                         *       },
                         *       "salesVelocity": {
                         *         "perDay": {
                         *           "EUR": 91666.66666666667,
                         *           "USD": 41666.666666666664
                         *         },
                         *         "opportunities": 2,
                         *         "averageDealSize": {
                         *           "EUR": 1100000,
                         *           "USD": 500000
                         *         },
                         *         "winRate": 0.3333333333333333,
                         *         "cycleDays": 8
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                            pipelineId: string;
                            /** @description Leads in scope (cohort: created in the window; activity: in play) */
                            leads: number;
                            /** @description Of them, open at the end of the scope */
                            open: number;
                            /** @description Won deals, by their latest outcome (net of reopenings in the scope) */
                            won: number;
                            /** @description Lost deals, by their latest outcome (net of reopenings in the scope) */
                            lost: number;
                            /** @description won ÷ leads */
                            winRate: number | null;
                            /** @description won ÷ (won + lost) */
                            closeRate: number | null;
                            /** @description Final amount of the won deals, per currency */
                            averageDealSize: {
                                [key: string]: {
                                    mean: number | null;
                                    median: number | null;
                                    count: number;
                                };
                            };
                            /** @description Days from LeadCreated to DealWon of the won deals (fractional) */
                            salesCycleDays: {
                                mean: number | null;
                                median: number | null;
                                p90: number | null;
                                count: number;
                            };
                            /** @description Σ expected amount × stage probability of the open leads */
                            weightedPipeline: {
                                [key: string]: number;
                            };
                            salesVelocity: {
                                perDay: {
                                    [key: string]: number | null;
                                };
                                opportunities: number;
                                averageDealSize: {
                                    [key: string]: number | null;
                                };
                                winRate: number | null;
                                cycleDays: number | null;
                            };
                        };
                    };
                };
                /** @description Not Modified: the answer named by `If-None-Match` is still current (no body) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description forbidden: the token lacks the scope (metrics:read) */
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
                /** @description not_found: no pipeline with this id */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
    "/v1/metrics/lost-reasons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Why deals are lost: counts, shares, amounts, stages
         * @description The deals lost in scope (cohort: lost by `asOf`; activity: lost in the window) per lost reason: `count`, `share` = count ÷ `total` lost, `amount` per currency = Σ expected amount when lost, `byStage` = count by the open stage it was lost at. Largest count first, then by reason. Filters: `pipelineId` (default `default`), `ownerId`, `source`. `window=cohort` (default): the leads created in [from, to), with everything that happened to them up to `asOf`. `window=activity`: the events that occurred in [from, to) and up to `asOf`, over the leads in play in the window (open when it opened, or created in it). `asOf`: only events with occurredAt <= asOf count, whenever they were recorded, so a backdated import counts from its occurredAt on. Rates are in [0, 1] and `null` when undefined (division by zero); days are fractional (ms ÷ 86 400 000); money is per currency in minor units, never mixed. An unknown `pipelineId` is `404 not_found`. With `X-Dealflow-Min-Position` the answer waits (bounded) for that write, else carries `X-Dealflow-Stale: true`. Every answer carries an `ETag` derived from the read-model version and position it was computed at and the query (`Cache-Control: no-cache`); a request with `If-None-Match` naming it gets `304 Not Modified` with no body while the read models have not moved.
         */
        get: {
            parameters: {
                query?: {
                    /** @description One of the configured pipelines; `default` when absent */
                    pipelineId?: "default" | "b2c";
                    /** @description Only leads of this owner */
                    ownerId?: string;
                    /** @description Only leads from this source */
                    source?: string;
                    /** @description Window start (inclusive) */
                    from?: string & (unknown & unknown);
                    /** @description Window end (exclusive) */
                    to?: string & (unknown & unknown);
                    /** @description `cohort` (default): the leads created in [from, to) and everything that happened to them (up to `asOf`). `activity`: the events that occurred in [from, to) (up to `asOf`), over the leads in play in the window — open when it opened, or created in it. */
                    window?: "cohort" | "activity";
                    /** @description The answer as it stood at this instant: only events with occurredAt <= asOf count, whenever they were recorded (a backdated import counts from its occurredAt on) */
                    asOf?: string & (unknown & unknown);
                };
                header?: {
                    /** @description Read-your-writes: wait (bounded) until the read models have applied the event at this position of the event store; if they have not in time, the answer carries `X-Dealflow-Stale: true` */
                    "x-dealflow-min-position"?: string;
                    /** @description The `ETag` of an answer held already: `304 Not Modified` (no body) while the read models have not moved since */
                    "if-none-match"?: string;
                };
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
                        /**
                         * @example {
                         *       "pipelineId": "default",
                         *       "total": 2,
                         *       "reasons": [
                         *         {
                         *           "reason": "no_budget",
                         *           "count": 1,
                         *           "share": 0.5,
                         *           "amount": {
                         *             "EUR": 300000
                         *           },
                         *           "byStage": {
                         *             "demo": 1
                         *           }
                         *         },
                         *         {
                         *           "reason": "price",
                         *           "count": 1,
                         *           "share": 0.5,
                         *           "amount": {
                         *             "EUR": 800000
                         *           },
                         *           "byStage": {
                         *             "proposal": 1
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                            pipelineId: string;
                            /** @description Deals closed this way in scope (net of reopenings) */
                            total: number;
                            /** @description Largest count first, then by reason */
                            reasons: {
                                reason: string;
                                count: number;
                                /** @description count ÷ all deals closed this way in scope */
                                share: number | null;
                                /** @description Per ISO 4217 currency, minor units */
                                amount: {
                                    [key: string]: number;
                                };
                                /** @description Deals by the open stage they were closed from */
                                byStage: {
                                    [key: string]: number;
                                };
                            }[];
                        };
                    };
                };
                /** @description Not Modified: the answer named by `If-None-Match` is still current (no body) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description forbidden: the token lacks the scope (metrics:read) */
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
                /** @description not_found: no pipeline with this id */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
    "/v1/metrics/won-reasons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Why deals are won: counts, shares, amounts, stages
         * @description The deals won in scope (cohort: won by `asOf`; activity: won in the window) per won reason (`unspecified` when none was given): `count`, `share` = count ÷ `total` won, `amount` per currency = Σ final amount, `byStage` = count by the open stage it was won from. Largest count first, then by reason. Filters: `pipelineId` (default `default`), `ownerId`, `source`. `window=cohort` (default): the leads created in [from, to), with everything that happened to them up to `asOf`. `window=activity`: the events that occurred in [from, to) and up to `asOf`, over the leads in play in the window (open when it opened, or created in it). `asOf`: only events with occurredAt <= asOf count, whenever they were recorded, so a backdated import counts from its occurredAt on. Rates are in [0, 1] and `null` when undefined (division by zero); days are fractional (ms ÷ 86 400 000); money is per currency in minor units, never mixed. An unknown `pipelineId` is `404 not_found`. With `X-Dealflow-Min-Position` the answer waits (bounded) for that write, else carries `X-Dealflow-Stale: true`. Every answer carries an `ETag` derived from the read-model version and position it was computed at and the query (`Cache-Control: no-cache`); a request with `If-None-Match` naming it gets `304 Not Modified` with no body while the read models have not moved.
         */
        get: {
            parameters: {
                query?: {
                    /** @description One of the configured pipelines; `default` when absent */
                    pipelineId?: "default" | "b2c";
                    /** @description Only leads of this owner */
                    ownerId?: string;
                    /** @description Only leads from this source */
                    source?: string;
                    /** @description Window start (inclusive) */
                    from?: string & (unknown & unknown);
                    /** @description Window end (exclusive) */
                    to?: string & (unknown & unknown);
                    /** @description `cohort` (default): the leads created in [from, to) and everything that happened to them (up to `asOf`). `activity`: the events that occurred in [from, to) (up to `asOf`), over the leads in play in the window — open when it opened, or created in it. */
                    window?: "cohort" | "activity";
                    /** @description The answer as it stood at this instant: only events with occurredAt <= asOf count, whenever they were recorded (a backdated import counts from its occurredAt on) */
                    asOf?: string & (unknown & unknown);
                };
                header?: {
                    /** @description Read-your-writes: wait (bounded) until the read models have applied the event at this position of the event store; if they have not in time, the answer carries `X-Dealflow-Stale: true` */
                    "x-dealflow-min-position"?: string;
                    /** @description The `ETag` of an answer held already: `304 Not Modified` (no body) while the read models have not moved since */
                    "if-none-match"?: string;
                };
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
                        /**
                         * @example {
                         *       "pipelineId": "default",
                         *       "total": 2,
                         *       "reasons": [
                         *         {
                         *           "reason": "best_fit",
                         *           "count": 1,
                         *           "share": 0.5,
                         *           "amount": {
                         *             "EUR": 1100000
                         *           },
                         *           "byStage": {
                         *             "negotiation": 1
                         *           }
                         *         },
                         *         {
                         *           "reason": "unspecified",
                         *           "count": 1,
                         *           "share": 0.5,
                         *           "amount": {
                         *             "USD": 500000
                         *           },
                         *           "byStage": {
                         *             "demo": 1
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                            pipelineId: string;
                            /** @description Deals closed this way in scope (net of reopenings) */
                            total: number;
                            /** @description Largest count first, then by reason */
                            reasons: {
                                reason: string;
                                count: number;
                                /** @description count ÷ all deals closed this way in scope */
                                share: number | null;
                                /** @description Per ISO 4217 currency, minor units */
                                amount: {
                                    [key: string]: number;
                                };
                                /** @description Deals by the open stage they were closed from */
                                byStage: {
                                    [key: string]: number;
                                };
                            }[];
                        };
                    };
                };
                /** @description Not Modified: the answer named by `If-None-Match` is still current (no body) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description forbidden: the token lacks the scope (metrics:read) */
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
                /** @description not_found: no pipeline with this id */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
    "/v1/metrics/stage-durations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Time in stage: completed visits and the age of open ones
         * @description Per open stage: `completedVisits` = times a lead left the stage (moved on, won or lost) in scope (cohort: by `asOf`; activity: in the window), with `meanDays` and `medianDays` spent in it; `openNow` = leads open in the stage at the end of the scope and `meanAgeDaysOpen` = their mean days in it so far, measured at `asOf` in the body (the `asOf` filter; for the activity window the earlier of `asOf` and `to`; else now). Filters: `pipelineId` (default `default`), `ownerId`, `source`. `window=cohort` (default): the leads created in [from, to), with everything that happened to them up to `asOf`. `window=activity`: the events that occurred in [from, to) and up to `asOf`, over the leads in play in the window (open when it opened, or created in it). `asOf`: only events with occurredAt <= asOf count, whenever they were recorded, so a backdated import counts from its occurredAt on. Rates are in [0, 1] and `null` when undefined (division by zero); days are fractional (ms ÷ 86 400 000); money is per currency in minor units, never mixed. An unknown `pipelineId` is `404 not_found`. With `X-Dealflow-Min-Position` the answer waits (bounded) for that write, else carries `X-Dealflow-Stale: true`. Every answer carries an `ETag` derived from the read-model version and position it was computed at and the query (`Cache-Control: no-cache`); a request with `If-None-Match` naming it gets `304 Not Modified` with no body while the read models have not moved.
         */
        get: {
            parameters: {
                query?: {
                    /** @description One of the configured pipelines; `default` when absent */
                    pipelineId?: "default" | "b2c";
                    /** @description Only leads of this owner */
                    ownerId?: string;
                    /** @description Only leads from this source */
                    source?: string;
                    /** @description Window start (inclusive) */
                    from?: string & (unknown & unknown);
                    /** @description Window end (exclusive) */
                    to?: string & (unknown & unknown);
                    /** @description `cohort` (default): the leads created in [from, to) and everything that happened to them (up to `asOf`). `activity`: the events that occurred in [from, to) (up to `asOf`), over the leads in play in the window — open when it opened, or created in it. */
                    window?: "cohort" | "activity";
                    /** @description The answer as it stood at this instant: only events with occurredAt <= asOf count, whenever they were recorded (a backdated import counts from its occurredAt on) */
                    asOf?: string & (unknown & unknown);
                };
                header?: {
                    /** @description Read-your-writes: wait (bounded) until the read models have applied the event at this position of the event store; if they have not in time, the answer carries `X-Dealflow-Stale: true` */
                    "x-dealflow-min-position"?: string;
                    /** @description The `ETag` of an answer held already: `304 Not Modified` (no body) while the read models have not moved since */
                    "if-none-match"?: string;
                };
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
                        /**
                         * @example {
                         *       "pipelineId": "default",
                         *       "asOf": "2025-03-15T00:00:00.000Z",
                         *       "stages": [
                         *         {
                         *           "stage": "qualify",
                         *           "completedVisits": 5,
                         *           "meanDays": 2,
                         *           "medianDays": 2,
                         *           "openNow": 1,
                         *           "meanAgeDaysOpen": 9.625
                         *         },
                         *         {
                         *           "stage": "demo",
                         *           "completedVisits": 4,
                         *           "meanDays": 4,
                         *           "medianDays": 3,
                         *           "openNow": 0,
                         *           "meanAgeDaysOpen": null
                         *         },
                         *         {
                         *           "stage": "proposal",
                         *           "completedVisits": 1,
                         *           "meanDays": 7,
                         *           "medianDays": 7,
                         *           "openNow": 1,
                         *           "meanAgeDaysOpen": 4.625
                         *         },
                         *         {
                         *           "stage": "negotiation",
                         *           "completedVisits": 1,
                         *           "meanDays": 2,
                         *           "medianDays": 2,
                         *           "openNow": 0,
                         *           "meanAgeDaysOpen": null
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                            pipelineId: string;
                            /** @description The instant open leads’ ages are measured at */
                            asOf: string;
                            stages: {
                                /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                                stage: string;
                                completedVisits: number;
                                meanDays: number | null;
                                medianDays: number | null;
                                openNow: number;
                                meanAgeDaysOpen: number | null;
                            }[];
                        };
                    };
                };
                /** @description Not Modified: the answer named by `If-None-Match` is still current (no body) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description forbidden: the token lacks the scope (metrics:read) */
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
                /** @description not_found: no pipeline with this id */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
    "/v1/metrics/timeseries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Leads created, advanced, won, lost and won amount per day, week or month
         * @description The events of the scope (cohort: every event up to `asOf` of the leads created in [from, to); activity: the events that occurred in [from, to) up to `asOf`) counted per UTC bucket of their occurredAt — `interval` = day, week (ISO, from Monday) or month: `created` LeadCreated, `advanced` StageAdvanced, `won` DealWon, `lost` DealLost, `wonAmount` Σ final amount per currency; all net of reopenings (a deal reopened counts −1 and −its amount where it was reopened), a currency listed where its wins or its amount do not net to zero. Only buckets with at least one event are listed, oldest first; `start` is the bucket’s first instant. Filters: `pipelineId` (default `default`), `ownerId`, `source`. `window=cohort` (default): the leads created in [from, to), with everything that happened to them up to `asOf`. `window=activity`: the events that occurred in [from, to) and up to `asOf`, over the leads in play in the window (open when it opened, or created in it). `asOf`: only events with occurredAt <= asOf count, whenever they were recorded, so a backdated import counts from its occurredAt on. Rates are in [0, 1] and `null` when undefined (division by zero); days are fractional (ms ÷ 86 400 000); money is per currency in minor units, never mixed. An unknown `pipelineId` is `404 not_found`. With `X-Dealflow-Min-Position` the answer waits (bounded) for that write, else carries `X-Dealflow-Stale: true`. Every answer carries an `ETag` derived from the read-model version and position it was computed at and the query (`Cache-Control: no-cache`); a request with `If-None-Match` naming it gets `304 Not Modified` with no body while the read models have not moved.
         */
        get: {
            parameters: {
                query?: {
                    /** @description One of the configured pipelines; `default` when absent */
                    pipelineId?: "default" | "b2c";
                    /** @description Only leads of this owner */
                    ownerId?: string;
                    /** @description Only leads from this source */
                    source?: string;
                    /** @description Window start (inclusive) */
                    from?: string & (unknown & unknown);
                    /** @description Window end (exclusive) */
                    to?: string & (unknown & unknown);
                    /** @description `cohort` (default): the leads created in [from, to) and everything that happened to them (up to `asOf`). `activity`: the events that occurred in [from, to) (up to `asOf`), over the leads in play in the window — open when it opened, or created in it. */
                    window?: "cohort" | "activity";
                    /** @description The answer as it stood at this instant: only events with occurredAt <= asOf count, whenever they were recorded (a backdated import counts from its occurredAt on) */
                    asOf?: string & (unknown & unknown);
                    /** @description Bucket of the events’ occurredAt, in UTC: day, ISO week (from Monday), month */
                    interval?: "day" | "week" | "month";
                };
                header?: {
                    /** @description Read-your-writes: wait (bounded) until the read models have applied the event at this position of the event store; if they have not in time, the answer carries `X-Dealflow-Stale: true` */
                    "x-dealflow-min-position"?: string;
                    /** @description The `ETag` of an answer held already: `304 Not Modified` (no body) while the read models have not moved since */
                    "if-none-match"?: string;
                };
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
                        /**
                         * @example {
                         *       "pipelineId": "default",
                         *       "interval": "week",
                         *       "points": [
                         *         {
                         *           "start": "2025-03-03T00:00:00.000Z",
                         *           "created": 6,
                         *           "advanced": 6,
                         *           "won": 0,
                         *           "lost": 1,
                         *           "wonAmount": {}
                         *         },
                         *         {
                         *           "start": "2025-03-10T00:00:00.000Z",
                         *           "created": 0,
                         *           "advanced": 1,
                         *           "won": 2,
                         *           "lost": 1,
                         *           "wonAmount": {
                         *             "EUR": 1100000,
                         *             "USD": 500000
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                            pipelineId: string;
                            /** @enum {string} */
                            interval: "day" | "week" | "month";
                            points: {
                                /** @description Bucket start (UTC midnight) */
                                start: string;
                                created: number;
                                advanced: number;
                                /** @description Wins minus reopenings of won deals in the bucket */
                                won: number;
                                /** @description Losses minus reopenings of lost deals in the bucket */
                                lost: number;
                                /** @description Per ISO 4217 currency, minor units */
                                wonAmount: {
                                    [key: string]: number;
                                };
                            }[];
                        };
                    };
                };
                /** @description Not Modified: the answer named by `If-None-Match` is still current (no body) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description forbidden: the token lacks the scope (metrics:read) */
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
                /** @description not_found: no pipeline with this id */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
    "/v1/pipelines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pipeline definitions
         * @description Every configured pipeline: its stages in order (the open stages of the funnel, then `won` and `lost`) with their 1-based position, win probability and kind, and the reasons a deal may be lost for. Events carry stage ids; positions are configuration.
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
                /** @description The configured pipelines */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            pipelines: {
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                id: string;
                                name: string;
                                /** @description In order: the open stages of the funnel, then won and lost */
                                stages: {
                                    /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                                    id: string;
                                    name: string;
                                    /** @description 1-based; open stages first, then won and lost */
                                    position: number;
                                    probability: number;
                                    /** @enum {string} */
                                    kind: "open" | "won" | "lost";
                                }[];
                                /** @description The reasons a deal of this pipeline may be lost for */
                                lostReasons: string[];
                            }[];
                        };
                    };
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description forbidden: the token lacks the scope (metrics:read) */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
    "/v1/leads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List leads: filters, sort, cursor pages, total
         * @description The leads of a pipeline that match every filter given, one page at a time, in a total order: the sort key, then the lead id. Pages are keyset pages: each costs the same wherever it is, and `nextCursor` continues exactly after the last lead of the page (a lead that changes meanwhile may move in the order). `q` matches name or company as a case-insensitive substring. An unknown `pipelineId` is `404 not_found`; a stage not in the pipeline, an amount range without `currency`, an empty range or a cursor of another list is `400 validation_error`. `total` is exact for filters on pipeline, stage, status, owner, source and currency, and for a `q` alone that the beginnings of words find (up to 5000 matches); with others it counts to 1000 and says `gte` beyond. With `X-Dealflow-Min-Position` the answer waits (bounded) for that write, else carries `X-Dealflow-Stale: true`. Every answer carries an `ETag` derived from the read-model version and position it was computed at and the query (`Cache-Control: no-cache`); a request with `If-None-Match` naming it gets `304 Not Modified` with no body while the read models have not moved.
         */
        get: {
            parameters: {
                query?: {
                    /** @description One of the configured pipelines; `default` when absent */
                    pipelineId?: "default" | "b2c";
                    /** @description Only leads now in this stage of the pipeline */
                    stage?: string;
                    /** @description Only leads of this status */
                    status?: "open" | "won" | "lost";
                    /** @description Only leads of this owner */
                    ownerId?: string;
                    /** @description Only leads from this source */
                    source?: string;
                    /** @description Only leads whose amount is in this currency (required with an amount range) */
                    currency?: string;
                    /** @description Amount at least this (minor units) */
                    amountMin?: number;
                    /** @description Amount at most this (minor units) */
                    amountMax?: number;
                    /** @description Created at or after this instant */
                    createdFrom?: string & (unknown & unknown);
                    /** @description Created before this instant */
                    createdTo?: string & (unknown & unknown);
                    /** @description Last activity at or after this instant */
                    activityFrom?: string & (unknown & unknown);
                    /** @description Last activity before this instant */
                    activityTo?: string & (unknown & unknown);
                    /** @description Case-insensitive text that the name or the company contains (3–100 chars: the text index works on three-letter groups) */
                    q?: string;
                    /** @description Order of the list, then the lead id: `lastActivityAt` (default), `createdAt` or `amount` (minor units, whatever the currency: filter on `currency` to compare like with like) */
                    sort?: "lastActivityAt" | "createdAt" | "amount";
                    /** @description Direction (default `desc`) */
                    order?: "asc" | "desc";
                    /** @description Page size, 1–200 */
                    limit?: number;
                    /** @description `nextCursor` of the previous page, with the same filters and order; anything else is `400 validation_error` */
                    cursor?: string;
                };
                header?: {
                    /** @description Read-your-writes: wait (bounded) until the read models have applied the event at this position of the event store; if they have not in time, the answer carries `X-Dealflow-Stale: true` */
                    "x-dealflow-min-position"?: string;
                    /** @description The `ETag` of an answer held already: `304 Not Modified` (no body) while the read models have not moved since */
                    "if-none-match"?: string;
                };
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
                            leads: {
                                /** @description Lead id: 1–64 characters of [A-Za-z0-9_.:-] */
                                leadId: string;
                                /** @description Pipeline id: 1–64 characters of [A-Za-z0-9_.:-] */
                                pipelineId: string;
                                /** @description `null` once the lead’s personal data is erased */
                                name: string | null;
                                /** @description `null` when never given or erased */
                                company: string | null;
                                /** @description Whether the lead’s personal data (name, company) was erased */
                                erased: boolean;
                                /** @description Current stage (`won`/`lost` once closed) */
                                stage: string;
                                /** @enum {string} */
                                status: "open" | "won" | "lost";
                                ownerId: string | null;
                                source: string | null;
                                /** @description Expected amount while open; final amount once won */
                                amount: {
                                    /** @description Integer minor units (e.g. cents) */
                                    value: number;
                                    /** @description ISO 4217 currency code */
                                    currency: string;
                                };
                                /** @description ISO 8601 UTC instant */
                                createdAt: string;
                                /** @description occurredAt of the lead’s latest event */
                                lastActivityAt: string;
                                /** @description When the lead entered its current stage */
                                stageEnteredAt: string;
                                /** @description When the lead was won or lost */
                                closedAt: string | null;
                                /** @description Won or lost reason */
                                reason: string | null;
                                /** @description The lead version the read models hold */
                                version: number;
                            }[];
                            /** @description Pass as `cursor` for the next page; `null` on the last page */
                            nextCursor: string | null;
                            /** @description How many leads match. Exact (`eq`) when every filter is one of pipelineId, stage, status, ownerId, source, currency (read from pre-counted cells, cheap at any size); with other filters counting stops at 1000: `{ value: 1000, relation: "gte" }` means "1000 or more"; a `q` that many names or companies contain (frequent in a sample of them, or found in more than 5000) is not counted through, its total is a lower bound (`gte`) */
                            total: {
                                value: number;
                                /** @enum {string} */
                                relation: "eq" | "gte";
                            };
                        };
                    };
                };
                /** @description Not Modified: the answer named by `If-None-Match` is still current (no body) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description not_found: no pipeline with this id */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
    "/v1/leads/{leadId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A lead with its stage timeline, from the read models
         * @description The lead as the live read models hold it, with every visit of a stage in order (a visit ends when the next begins). Unlike the command service’s `GET /v1/leads/{leadId}` (the event store, always current) it may lag the latest write: send `X-Dealflow-Min-Position`. A lead the read models do not hold is `404 lead_not_found`. With `X-Dealflow-Min-Position` the answer waits (bounded) for that write, else carries `X-Dealflow-Stale: true`. Every answer carries an `ETag` derived from the read-model version and position it was computed at and the query (`Cache-Control: no-cache`); a request with `If-None-Match` naming it gets `304 Not Modified` with no body while the read models have not moved.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Read-your-writes: wait (bounded) until the read models have applied the event at this position of the event store; if they have not in time, the answer carries `X-Dealflow-Stale: true` */
                    "x-dealflow-min-position"?: string;
                    /** @description The `ETag` of an answer held already: `304 Not Modified` (no body) while the read models have not moved since */
                    "if-none-match"?: string;
                };
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
                            /** @description `null` once the lead’s personal data is erased */
                            name: string | null;
                            /** @description `null` when never given or erased */
                            company: string | null;
                            /** @description Whether the lead’s personal data (name, company) was erased */
                            erased: boolean;
                            /** @description Current stage (`won`/`lost` once closed) */
                            stage: string;
                            /** @enum {string} */
                            status: "open" | "won" | "lost";
                            ownerId: string | null;
                            source: string | null;
                            /** @description Expected amount while open; final amount once won */
                            amount: {
                                /** @description Integer minor units (e.g. cents) */
                                value: number;
                                /** @description ISO 4217 currency code */
                                currency: string;
                            };
                            /** @description ISO 8601 UTC instant */
                            createdAt: string;
                            /** @description occurredAt of the lead’s latest event */
                            lastActivityAt: string;
                            /** @description When the lead entered its current stage */
                            stageEnteredAt: string;
                            /** @description When the lead was won or lost */
                            closedAt: string | null;
                            /** @description Won or lost reason */
                            reason: string | null;
                            /** @description The lead version the read models hold */
                            version: number;
                            /** @description Every visit of a stage, in order */
                            timeline: {
                                /** @description The lead version whose event began the visit */
                                seq: number;
                                /** @description Stage id: 1–64 characters of [A-Za-z0-9_.:-] */
                                stage: string;
                                /** @description ISO 8601 UTC instant */
                                enteredAt: string;
                                /** @description When the next visit began; `null` for the current one */
                                leftAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Not Modified: the answer named by `If-None-Match` is still current (no body) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description lead_not_found: the read models hold no such lead */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
         * @description 200 when Postgres answers a ping; 503 unavailable when it does not.
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
                /** @description Postgres answers */
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
                        };
                    };
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
    "/v1/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live updates: an event whenever the numbers may have changed
         * @description Server-Sent Events (`text/event-stream`). Event `changed` with data `{ version, position }` (the live read-model version and its applied position; the event id is `<version>-<position>`) at connection, unless `Last-Event-ID` names the current position, then whenever it moves — at most a few times a second. A comment line every 15 s keeps the connection alive. At most 4 open streams per caller; more are refused with `429 rate_limited`.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The id of the last event seen: a `changed` follows at once only if it is outdated */
                    "last-event-id"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An endless `text/event-stream` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description validation_error: query or headers do not match the schema */
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
                /** @description forbidden: the token lacks the scope (metrics:read) */
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
                /** @description unavailable: Postgres is down or no read-model version is live yet; Retry-After is set */
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
