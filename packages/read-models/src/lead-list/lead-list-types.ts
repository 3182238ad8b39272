/** The orders a lead list can be read in (each ends with the lead id, so it is total). */
export type LeadSortKey = 'lastActivityAt' | 'createdAt' | 'amount';

/** Filters of a lead list; each one given narrows it (AND). Ranges are half-open [from, to). */
export interface LeadListFilters {
  pipelineId: string;
  stage?: string | undefined;
  status?: 'open' | 'won' | 'lost' | undefined;
  ownerId?: string | undefined;
  source?: string | undefined;
  currency?: string | undefined;
  /** Minor units, inclusive. */
  amountMin?: number | undefined;
  /** Minor units, inclusive. */
  amountMax?: number | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  activityFrom?: Date | undefined;
  activityTo?: Date | undefined;
  /** Case-insensitive substring of name or company. */
  q?: string | undefined;
}

/** Where a page ends: the sort value (as text, exact) and the lead id of its last lead. */
export interface LeadListPosition {
  value: string;
  leadId: string;
}

/** One page's request. */
export interface LeadListRequest {
  filters: LeadListFilters;
  sort: LeadSortKey;
  order: 'asc' | 'desc';
  limit: number;
  /** Continue after this lead (from the previous page's `next`). */
  after?: LeadListPosition | undefined;
}

/** A lead as the list shows it. */
export interface LeadListItem {
  leadId: string;
  pipelineId: string;
  /** `null` once erased (or, for `company`, never given). */
  name: string | null;
  company: string | null;
  erased: boolean;
  stage: string;
  status: 'open' | 'won' | 'lost';
  ownerId: string | null;
  source: string | null;
  amount: { value: number; currency: string };
  createdAt: string;
  lastActivityAt: string;
  stageEnteredAt: string;
  closedAt: string | null;
  reason: string | null;
  version: number;
}

/** How many leads match: exact (`eq`) or at least (`gte`, counting stopped at a cap). */
export interface LeadListTotal {
  value: number;
  relation: 'eq' | 'gte';
}

/** One page of a lead list. */
export interface LeadListPage {
  leads: LeadListItem[];
  /** Where the next page starts; absent on the last page. */
  next?: LeadListPosition | undefined;
  total: LeadListTotal;
}

/** One visit of a stage; `leftAt` is `null` while the lead is still in it. */
export interface StageVisit {
  seq: number;
  stage: string;
  enteredAt: string;
  leftAt: string | null;
}

/** A lead with its stage timeline (visits in order). */
export interface LeadDetail extends LeadListItem {
  timeline: StageVisit[];
}
