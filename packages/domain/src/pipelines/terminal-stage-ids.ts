/**
 * The ids of the two terminal stages, the same in every pipeline, so that a closed lead's stage
 * is known from its events alone (API.md answers `stage: "won"` / `"lost"`).
 */
export const TERMINAL_STAGE_IDS = { won: 'won', lost: 'lost' } as const;
