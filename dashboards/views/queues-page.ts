// The work queues page: a tile per visible queue (open and urgent counts), the filters (queue,
// nature, channel, state, overdue, mine, search) as a plain GET form, and one page of the table
// with links to the others (views/pager.ts). Tiles and page 1 are live regions: the page's script
// re-fetches them (/files/tuiles, /files/lignes) when the server says a case of these queues
// arrived or changed (data-live-src, /static/app.js). A later page never moves under its reader:
// it says that new cases arrived, or that a case it shows changed, and offers the way there.
import { CHANNEL_LABELS, STATUS_LABELS, escapeHtml as h } from '../../core/i18n/format.ts';
import { CHANNELS, CASE_STATUSES } from '../../core/events/schemas.ts';
import type { QueueFilters, QueuePage } from '../queues/queue-query.ts';
import { layout, type PageCtx } from './layout.ts';
import { pageHref, pager, rangeVars, type PagerData } from './pager.ts';
import { queueRows, type RowsCtx } from './queue-rows.ts';

export function filterQuery(f: QueueFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v === true ? '1' : String(v));
  return p.toString();
}

function select(id: string, labelText: string, options: [string, string][], current: string | undefined, anyLabel: string): string {
  return `<div><label for="${id}">${h(labelText)}</label><select id="${id}" name="${id}"><option value="">${h(anyLabel)}</option>${options
    .map(([v, l]) => `<option value="${h(v)}"${v === current ? ' selected' : ''}>${h(l)}</option>`)
    .join('')}</select></div>`;
}

export function queueTiles(ctx: PageCtx, queues: string[], totals: Map<string, { open: number; urgent: number }>, current: string | undefined): string {
  const { t, profile: p, lang } = ctx;
  return queues
    .map((q) => {
      const n = totals.get(q) ?? { open: 0, urgent: 0 };
      const name = p.queues.find((x) => x.id === q)?.label[lang] ?? q;
      return `<li class="tile${current === q ? ' active' : ''}"><a href="/files?queue=${encodeURIComponent(q)}"${current === q ? ' aria-current="true"' : ''}><span class="lbl">${h(name)}</span>
        <span class="n">${n.open}</span><span class="small muted">${h(t('queues.openShort'))}</span>${n.urgent ? ` <span class="badge urgent">${h(t('queues.urgent', { n: n.urgent }))}</span>` : ''}</a></li>`;
    })
    .join('');
}

export function queueTable(ctx: PageCtx, rows: RowsCtx, page: QueuePage, f: QueueFilters): string {
  const { t, lang } = ctx;
  const query = filterQuery(f);
  const p: PagerData = {
    total: page.total,
    offset: page.offset,
    shown: page.cases.length,
    prevHref: pageHref('/files', query, 'before', page.prev),
    nextHref: pageHref('/files', query, 'after', page.next),
  };
  const paged = !!(p.prevHref || p.nextHref);
  const vars = rangeVars(p, lang);
  const count = paged ? t('queues.range', vars) : t('queues.count', { n: page.total });
  const live = page.offset === 0 ? ` · <span class="live-note">${h(t('queues.live'))}</span>` : '';
  return `<p id="queue-count" class="muted">${h(count)}${live}</p>
    <div class="table-wrap"><table aria-describedby="queue-count"><thead><tr>
      <th scope="col">${h(t('col.case'))}</th><th scope="col">${h(t('col.received'))}</th><th scope="col">${h(t('col.subject'))}</th>
      <th scope="col">${h(t('col.nature'))}</th><th scope="col">${h(t('col.urgency'))}</th><th scope="col">${h(t('col.state'))}</th>
      <th scope="col">${h(t('col.assignee'))}</th><th scope="col">${h(t('col.due'))}</th><th scope="col">${h(t('col.clocks'))}</th></tr></thead>
    <tbody id="queue-rows">${queueRows(rows, page.cases)}</tbody></table></div>
    ${pager(p, { label: t('queues.pages'), range: t('queues.range', vars), prev: t('pager.prev'), next: t('pager.next') })}`;
}

export function queuesPage(ctx: PageCtx, rows: RowsCtx, data: { queues: string[]; totals: Map<string, { open: number; urgent: number }>; page: QueuePage; filters: QueueFilters; standsInFor: string[]; here: string }): string {
  const { t, profile: p, lang } = ctx;
  const f = data.filters;
  const qLabel = (id: string) => p.queues.find((q) => q.id === id)?.label[lang] ?? id;
  const standIn = data.standsInFor.length ? `<p class="flash" role="status">${h(t('absences.standIn', { names: data.standsInFor.join(', ') }))}</p>` : '';
  const filters = `<form method="get" action="/files" class="card" role="search" aria-label="${h(t('queues.filters'))}"><div class="filters">
    ${select('queue', t('queues.queue'), data.queues.map((q) => [q, qLabel(q)]), f.queue, t('queues.all'))}
    ${select('nature', t('queues.nature'), p.natures.map((n) => [n.code, n.label[lang]]), f.nature, t('queues.any'))}
    ${select('channel', t('queues.channel'), CHANNELS.map((c) => [c, CHANNEL_LABELS[c]?.[lang] ?? c]), f.channel, t('queues.any'))}
    ${select('state', t('queues.state'), CASE_STATUSES.map((s) => [s, STATUS_LABELS[s]?.[lang] ?? s]), f.state, t('queues.stateOpen'))}
    <div><label for="q">${h(t('queues.search'))}</label><input type="search" id="q" name="q" value="${h(f.q ?? '')}" placeholder="${h(t('queues.searchHint'))}"></div>
    <div><label class="check"><input type="checkbox" name="overdue" value="1"${f.overdue ? ' checked' : ''}> ${h(t('queues.overdue'))}</label>
      <label class="check"><input type="checkbox" name="mine" value="1"${f.mine ? ' checked' : ''}> ${h(t('queues.mine'))}</label></div>
    <div class="actions"><button type="submit" class="primary">${h(t('queues.apply'))}</button><a href="/files">${h(t('queues.reset'))}</a></div></div></form>`;
  const query = filterQuery(f);
  const live = (path: string) => `${path}${query ? `?${h(query)}` : ''}`;
  const liveQueues = h(data.queues.join(' '));
  const first = `/files${query ? `?${query}` : ''}`;
  // Page 1 refreshes itself; a later page keeps its rows and says what changed (static/app.js).
  const region = data.page.offset === 0
    ? `<div id="queue-region" data-live-src="${live('/files/lignes')}" data-live-queues="${liveQueues}" data-live-announce="${h(t('queues.newCase'))}">${queueTable(ctx, rows, data.page, f)}</div>`
    : `<p id="queue-news" class="flash" role="status" hidden data-live-notice="opened" data-live-queues="${liveQueues}">${h(t('queues.news'))} <a href="${h(first)}">${h(t('queues.firstPage'))}</a></p>
       <p id="queue-changed" class="flash" role="status" hidden data-live-notice="shown">${h(t('queues.changed'))} <a href="${h(data.here)}">${h(t('queues.reload'))}</a></p>
       <div id="queue-region">${queueTable(ctx, rows, data.page, f)}</div>`;
  return layout(
    ctx,
    t('queues.title'),
    `<h1>${h(t('queues.title'))}</h1><p class="muted">${h(t('queues.intro'))}</p>${standIn}
     <ul class="tiles" id="queue-tiles" data-live-src="${live('/files/tuiles')}" data-live-queues="${liveQueues}">${queueTiles(ctx, data.queues, data.totals, f.queue)}</ul>${filters}
     ${region}`,
    { live: true },
  );
}
