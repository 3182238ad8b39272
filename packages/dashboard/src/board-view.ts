import { answer, query } from './api.js';
import type { Filters } from './filters.js';
import { count, el, money } from './format.js';
import type { LeadDetail, LeadPage, Pipeline } from './types.js';

/** Cards per page of a column. */
export const BOARD_PAGE = 20;

type Lead = LeadPage['leads'][number];

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const title = (lead: Lead) => lead.name ?? (lead.erased ? '(erased)' : lead.leadId);
const total = (t: LeadPage['total']) =>
  t.relation === 'eq' ? count(t.value) : `${count(t.value)}+`;

/** One lead as a card; a click opens its timeline. */
function card(lead: Lead, open: (id: string) => void): HTMLElement {
  const button = el(
    'button',
    { type: 'button', class: 'card', 'data-lead': lead.leadId },
    el('strong', {}, title(lead)),
    el('span', {}, lead.company ?? ''),
    el('span', { class: 'amount' }, money(lead.amount.value, lead.amount.currency)),
    el('span', { class: 'muted' }, lead.ownerId ?? 'no owner'),
  );
  button.addEventListener('click', () => open(lead.leadId));
  return button;
}

/** The dialog body of a lead: who, where, and every visit of a stage in order. */
function timeline(lead: LeadDetail, close: () => void): Node[] {
  const button = el('button', { type: 'button' }, 'Close');
  button.addEventListener('click', close);
  return [
    el('h2', { id: 'timeline-title' }, title(lead)),
    el(
      'p',
      {},
      [lead.company, lead.status, money(lead.amount.value, lead.amount.currency)]
        .filter((part) => part !== null && part !== '')
        .join(' · '),
    ),
    el(
      'ol',
      { 'data-testid': 'timeline', 'aria-label': 'Stage timeline' },
      ...lead.timeline.map((visit) =>
        el(
          'li',
          { 'data-stage': visit.stage },
          el('strong', {}, visit.stage),
          ` ${when(visit.enteredAt)}`,
          visit.leftAt === null ? ' (now)' : ` → ${when(visit.leftAt)}`,
        ),
      ),
    ),
    button,
  ];
}

/**
 * The pipeline board: one column per stage of the chosen pipeline, lead cards paged from
 * `GET /v1/leads` (most recent activity first; "More" follows the cursor), and a modal dialog
 * with the stage timeline of a clicked lead. Returns the function that (re)draws it.
 */
export function boardView(host: HTMLElement, onError: (err: unknown) => void) {
  const dialog = el('dialog', { class: 'timeline', 'aria-labelledby': 'timeline-title' });
  document.body.append(dialog);

  async function openLead(leadId: string): Promise<void> {
    try {
      const lead = await answer(
        query().GET('/v1/leads/{leadId}', { params: { path: { leadId } } }),
      );
      dialog.replaceChildren(...timeline(lead, () => dialog.close()));
      dialog.showModal();
    } catch (err) {
      onError(err);
    }
  }

  async function column(stage: Pipeline['stages'][number], scope: Filters): Promise<HTMLElement> {
    const list = el('div', { class: 'cards' });
    const heading = el('h3', {}, stage.id);
    const col = el(
      'section',
      { class: 'column', 'data-column': stage.id, 'aria-label': `Stage ${stage.id}` },
      heading,
      list,
    );
    const more = el(
      'button',
      { type: 'button', class: 'more', 'aria-label': `More leads in ${stage.id}` },
      'More',
    );
    let cursor: string | undefined;
    const load = async () => {
      const page = await answer(
        query().GET('/v1/leads', {
          params: {
            query: {
              ...scope,
              stage: stage.id,
              limit: BOARD_PAGE,
              ...(cursor !== undefined && { cursor }),
            },
          },
        }),
      );
      list.append(...page.leads.map((lead) => card(lead, (id) => void openLead(id))));
      if (page.leads.length === 0) list.append(el('p', { class: 'muted' }, 'No leads'));
      heading.textContent = `${stage.id} (${total(page.total)})`;
      cursor = page.nextCursor ?? undefined;
      if (cursor === undefined) more.remove();
      else if (!more.isConnected) col.append(more);
      col.dataset.pages = String(Number(col.dataset.pages ?? '0') + 1);
    };
    more.addEventListener('click', () => void load().catch(onError));
    await load();
    return col;
  }

  return async (pipeline: Pipeline, filters: Filters): Promise<void> => {
    const scope: Filters = { pipelineId: filters.pipelineId };
    if (filters.ownerId !== undefined) scope.ownerId = filters.ownerId;
    if (filters.source !== undefined) scope.source = filters.source;
    const columns = await Promise.all(pipeline.stages.map((s) => column(s, scope)));
    host.replaceChildren(...columns);
    host.dataset.loaded = String(Date.now());
  };
}
