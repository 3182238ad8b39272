import { get, type Params } from './api.js';
import { count, el, money } from './format.js';
import type { LeadDetail, LeadPage, Pipeline } from './types.js';

const PAGE = 20;

/** One lead as a card; a click opens its timeline. */
function card(lead: LeadPage['leads'][number], open: (id: string) => void): HTMLElement {
  const button = el(
    'button',
    { type: 'button', class: 'card', 'data-lead': lead.leadId },
    el('strong', {}, lead.name ?? lead.leadId),
    el('span', {}, lead.company ?? ''),
    el('span', { class: 'amount' }, money(lead.amount.value, lead.amount.currency)),
    el('span', { class: 'muted' }, lead.ownerId ?? 'no owner'),
  );
  button.addEventListener('click', () => open(lead.leadId));
  return button;
}

/**
 * The pipeline board: one column per stage, lead cards paged from `GET /v1/leads` (a "more"
 * button follows the cursor), and a dialog with the stage timeline of a clicked lead.
 */
export function boardView(host: HTMLElement, onError: (err: unknown) => void) {
  const dialog = el('dialog', { class: 'timeline', 'aria-labelledby': 'timeline-title' });
  document.body.append(dialog);

  async function openLead(id: string): Promise<void> {
    try {
      const lead = await get<LeadDetail>(`/v1/leads/${encodeURIComponent(id)}`);
      const close = el('button', { type: 'button' }, 'Close');
      close.addEventListener('click', () => dialog.close());
      dialog.replaceChildren(
        el('h2', { id: 'timeline-title' }, lead.name ?? lead.leadId),
        el(
          'p',
          {},
          `${lead.company ?? ''} · ${lead.status} · ${money(lead.amount.value, lead.amount.currency)}`,
        ),
        el(
          'ol',
          { 'data-testid': 'timeline' },
          ...lead.timeline.map((t) =>
            el(
              'li',
              {},
              `${t.stage}: ${t.enteredAt.slice(0, 16).replace('T', ' ')}${t.leftAt ? ` → ${t.leftAt.slice(0, 16).replace('T', ' ')}` : ''}`,
            ),
          ),
        ),
        close,
      );
      dialog.showModal();
    } catch (err) {
      onError(err);
    }
  }

  async function column(stage: string, filters: Params): Promise<HTMLElement> {
    const list = el('div', { class: 'cards' });
    const heading = el('h3', {}, stage);
    const col = el(
      'section',
      { class: 'column', 'data-column': stage, 'aria-label': `Stage ${stage}` },
      heading,
      list,
    );
    const more = el('button', { type: 'button', class: 'more' }, 'More');
    let cursor: string | null = null;
    const load = async () => {
      const page = await get<LeadPage>('/v1/leads', {
        ...filters,
        stage,
        limit: PAGE,
        sort: 'lastActivityAt',
        cursor: cursor ?? undefined,
      });
      list.append(...page.leads.map((lead) => card(lead, (id) => void openLead(id))));
      heading.textContent = `${stage} (${count(page.total)})`;
      cursor = page.nextCursor;
      if (cursor === null) more.remove();
      else if (!more.isConnected) col.append(more);
    };
    more.addEventListener('click', () => void load().catch(onError));
    await load();
    return col;
  }

  return async (pipeline: Pipeline, filters: Params): Promise<void> => {
    const { pipelineId, ownerId, source } = filters;
    const columns = await Promise.all(
      pipeline.stages.map((s) => column(s.id, { pipelineId, ownerId, source })),
    );
    host.replaceChildren(...columns);
  };
}
