import './styles.css';
import { answer, ApiError, query, token } from './api.js';
import { boardView } from './board-view.js';
import { durationsView, reasonsView, timeseriesView } from './detail-views.js';
import { readFilters } from './filters.js';
import { el } from './format.js';
import { funnelView } from './funnel-view.js';
import { kpiView } from './kpi-view.js';
import { followStream, type StreamState } from './live-stream.js';
import type { Pipeline } from './types.js';

const $ = <T extends HTMLElement>(id: string) => {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`#${id} missing from index.html`);
  return node as T;
};

const form = $<HTMLFormElement>('filters');
const status = $('status');
const errorBox = $('error');
const streamBadge = $('stream-state');
const emptyNote = $('empty');
const showFunnel = funnelView($('funnel'));
const showKpis = kpiView($('kpis'));
const showWon = reasonsView($('won-reasons'), 'Won reasons by stage');
const showLost = reasonsView($('lost-reasons'), 'Lost reasons by stage');
const showDurations = durationsView($('durations'));
const showTimeseries = timeseriesView($('timeseries'));
const showBoard = boardView($('board'), report);
/** The board's scope when it was drawn: it is drawn again when that changes, not on every change. */
let boardScope: string | undefined;
let pipelines: Pipeline[] = [];

/** Shows a failed request: a token prompt for 401, otherwise the error with its code. */
function report(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) {
    $<HTMLDialogElement>('login').showModal();
    return;
  }
  const text = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
  errorBox.replaceChildren(el('p', {}, `Could not load the numbers (${text}).`));
  errorBox.hidden = false;
}

let refreshing: Promise<void> | undefined;
let again = false;

/** Loads every number for the current filters; calls that arrive meanwhile coalesce into one. */
async function refresh(): Promise<void> {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    const { filters, mode, interval } = readFilters(form);
    const api = query();
    status.textContent = 'Loading…';
    try {
      const [funnel, summary, won, lost, durations, series] = await Promise.all([
        answer(api.GET('/v1/funnel', { params: { query: { ...filters, mode } } })),
        answer(api.GET('/v1/metrics/summary', { params: { query: filters } })),
        answer(api.GET('/v1/metrics/won-reasons', { params: { query: filters } })),
        answer(api.GET('/v1/metrics/lost-reasons', { params: { query: filters } })),
        answer(api.GET('/v1/metrics/stage-durations', { params: { query: filters } })),
        answer(api.GET('/v1/metrics/timeseries', { params: { query: { ...filters, interval } } })),
      ]);
      showFunnel(funnel, mode);
      showKpis(summary);
      showWon(won);
      showLost(lost);
      showDurations(durations);
      showTimeseries(series);
      const scope = JSON.stringify([filters.pipelineId, filters.ownerId, filters.source]);
      const pipeline = pipelines.find((p) => p.id === (filters.pipelineId ?? 'default'));
      if (pipeline !== undefined && scope !== boardScope) {
        boardScope = scope;
        void showBoard(pipeline, filters).catch((err: unknown) => {
          boardScope = undefined;
          report(err);
        });
      }
      emptyNote.hidden = funnel.totals.leads > 0;
      errorBox.hidden = true;
      status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
      document.body.dataset.loaded = String(Date.now());
    } catch (err) {
      status.textContent = 'Not updated';
      report(err);
    }
  })();
  await refreshing;
  refreshing = undefined;
  if (again) {
    again = false;
    await refresh();
  }
}

function showStream(state: StreamState): void {
  const labels = {
    connecting: 'connecting…',
    live: 'live',
    stale: 'stale: no heartbeat',
    closed: 'disconnected: retrying',
  };
  streamBadge.textContent = labels[state];
  streamBadge.dataset.state = state;
}

async function start(): Promise<void> {
  $<HTMLFormElement>('login-form').addEventListener('submit', () => {
    token.set($<HTMLInputElement>('token').value);
    void init();
  });
  form.addEventListener('change', () => void refresh());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void refresh();
  });
  await init();
}

let stopStream: (() => void) | undefined;

async function init(): Promise<void> {
  try {
    pipelines = (await answer(query().GET('/v1/pipelines'))).pipelines;
  } catch (err) {
    report(err);
    return;
  }
  const select = $<HTMLSelectElement>('pipelineId');
  const chosen = select.value || 'default';
  select.replaceChildren(...pipelines.map((p) => el('option', { value: p.id }, p.name ?? p.id)));
  select.value = pipelines.some((p) => p.id === chosen) ? chosen : (pipelines[0]?.id ?? '');
  await refresh();
  stopStream?.();
  stopStream = followStream(() => void refresh(), showStream);
}

void start();
