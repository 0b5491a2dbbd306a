// app.js -- the dashboard of `dyad serve`: a dyad's timeline (events per period by quad class,
// and the Goldstein mean), the actor network of the period, the dyad's events (each opens its
// evidence sentence, mentions and the coder's explanation) and a box that codes pasted text.
// Everything from the server is put into the page as text nodes (never as HTML).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './app.css';

const QUADS = [
  { q: 1, name: 'Verbal cooperation', color: '#2f9e6e' },
  { q: 2, name: 'Material cooperation', color: '#1f6fb4' },
  { q: 3, name: 'Verbal conflict', color: '#e8912d' },
  { q: 4, name: 'Material conflict', color: '#d43d3d' },
];
const PAGE = 50;
// Cytoscape is most of the code: it is loaded beside the first requests, not before them.
const cytoscapeModule = import('cytoscape').then((m) => m.default);
const $ = (id) => document.getElementById(id);

// An element: h('td', {class: 'x', onclick: f}, 'text', child...).  Strings become text nodes.
function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

async function api(path, params, init) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  const url = '/api/' + path + (qs.toString() ? '?' + qs : '');
  const res = await fetch(url, init);
  let body;
  try { body = await res.json(); } catch { body = { error: res.statusText } }
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

const state = { a: '', b: '', from: '', to: '', period: 'auto', offset: 0 };
let chart = null, cy = null, lastSeries = null;

// ---- periods as times (seconds, UTC) ----
function periodTime(p) {
  let m;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p))) return Date.UTC(+m[1], +m[2] - 1, +m[3]) / 1000;
  if ((m = /^(\d{4})-(\d{2})$/.exec(p))) return Date.UTC(+m[1], +m[2] - 1, 1) / 1000;
  if ((m = /^(\d{4})-W(\d{2})$/.exec(p))) {
    const jan4 = Date.UTC(+m[1], 0, 4);
    const dow = (new Date(jan4).getUTCDay() + 6) % 7;
    return (jan4 - dow * 864e5 + (+m[2] - 1) * 7 * 864e5) / 1000;
  }
  return NaN;
}
const PERIOD_SECS = { day: 86400, week: 7 * 86400, month: 30 * 86400 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function fmtPeriod(t, period, withYear) {
  const d = new Date(t * 1000);
  const m = MONTHS[d.getUTCMonth()];
  if (period === 'month') return withYear ? `${m} ${d.getUTCFullYear()}` : m;
  return `${m} ${d.getUTCDate()}` + (withYear ? `\n${d.getUTCFullYear()}` : '');
}

// ---- evidence: byte spans (UTF-8) in the document, the sentence's own span first ----
const enc = new TextEncoder(), dec = new TextDecoder();
function evidence(ev) {
  const text = ev.text || '';
  const sp = (ev.evidence || {});
  const base = sp.sentence ? sp.sentence[0] : 0;
  const bytes = enc.encode(text);
  const marks = [['source', 'src', 'source'], ['verb', 'verb', 'verb'], ['target', 'tgt', 'target']]
    .filter(([k]) => Array.isArray(sp[k]))
    .map(([k, cls, label]) => ({ s: sp[k][0] - base, e: sp[k][1] - base, cls, label }))
    .filter((m) => m.s >= 0 && m.e <= bytes.length && m.s < m.e)
    .sort((x, y) => x.s - y.s);
  const out = h('div', { class: 'evidence' });
  let at = 0;
  for (const m of marks) {
    if (m.s < at) continue; // overlapping spans: keep the first
    out.append(dec.decode(bytes.slice(at, m.s)));
    out.append(h('mark', { class: m.cls, title: m.label }, dec.decode(bytes.slice(m.s, m.e))));
    at = m.e;
  }
  out.append(dec.decode(bytes.slice(at)));
  return out;
}
const markKey = () => h('div', { class: 'marks' },
  h('span', {}, h('mark', { class: 'src' }, 'source')), h('span', {}, h('mark', { class: 'verb' }, 'verb')),
  h('span', {}, h('mark', { class: 'tgt' }, 'target')));

const quadChip = (q, code, plover) => h('span', {},
  h('span', { class: 'q q' + q, title: (QUADS[q - 1] || {}).name }, plover || 'quad ' + q),
  h('span', { class: 'code' }, code));

function showError(where, e) {
  where.replaceChildren(h('div', { class: 'empty err' }, String(e.message || e)));
}

// ---- the header ----
async function loadStats() {
  const [s, net] = await Promise.all([api('stats'), api('network', { depth: 3, limit: 80 })]);
  $('stats').replaceChildren(h('b', {}, s.events.toLocaleString()), ' events · ',
    h('b', {}, s.mentions.toLocaleString()), ' mentions · ', h('b', {}, s.documents.toLocaleString()), ' documents');
  // the most active dyads, by country (first three letters), either direction
  const seen = new Set(), pairs = [];
  for (const r of net.rows.length ? net.rows : s.top_dyads.rows) {
    const a = r.source.slice(0, 3), b = r.target.slice(0, 3);
    const key = [a, b].sort().join(',');
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    pairs.push([a, b]);
  }
  return pairs;
}

async function loadActors() {
  const t = await api('top/actors', { limit: 200 });
  const seen = new Set();
  const opts = [];
  for (const r of t.rows) {
    for (const code of [r.actor.slice(0, 3), r.actor]) {
      if (seen.has(code)) continue;
      seen.add(code);
      opts.push(h('option', { value: code }, r.actor === code && r.name ? r.name : ''));
    }
  }
  $('actors').replaceChildren(...opts);
}

function renderChips(pairs) {
  $('top-dyads').replaceChildren(h('span', { class: 'hint' }, 'Most active:'), ...pairs.slice(0, 6).map(([a, b]) =>
    h('button', { type: 'button', class: 'chip' + (a === state.a && b === state.b ? ' on' : ''),
      onclick: () => pick(a, b) }, a + ' – ' + b)));
}

// ---- timeline ----
async function loadTimeline() {
  const base = { dyad: state.a + ',' + state.b, from: state.from, to: state.to };
  let period = state.period;
  let all = null;
  if (period === 'auto') {
    period = 'day';
    all = await api('series', { ...base, period });
    if (all.rows.length > 120) { period = 'week'; all = null; }
    if (!all) {
      all = await api('series', { ...base, period });
      if (all.rows.length > 156) { period = 'month'; all = await api('series', { ...base, period }); }
    }
  } else {
    all = await api('series', { ...base, period });
  }
  const quads = await Promise.all(QUADS.map((q) => api('series', { ...base, period, quad: q.q })));
  lastSeries = { period, all, quads };
  drawTimeline();
}

// sum of the two directions' column `what` ("events", "goldstein") of a series row
const both = (cols, row, what) => cols.filter((c) => c.endsWith(':' + what)).reduce((s, c) => s + (row[c] || 0), 0);

function drawTimeline() {
  const { period, all, quads } = lastSeries;
  const el = $('chart');
  const x = all.rows.map((r) => periodTime(r.period));
  const byQuad = quads.map((s) => {
    const m = new Map(s.rows.map((r) => [r.period, both(s.columns, r, 'events')]));
    return all.rows.map((r) => m.get(r.period) || 0);
  });
  const mean = all.rows.map((r) => {
    const n = both(all.columns, r, 'events');
    return n ? both(all.columns, r, 'goldstein') / n : null;
  });
  // stacked bars: the sum of quads 1..k drawn from k = 4 down, each over the one before
  const cum = [];
  for (let k = 0; k < 4; k++) cum.push(x.map((_, i) => byQuad.slice(0, k + 1).reduce((s, a) => s + a[i], 0)));
  const total = cum[3];
  $('tl-title').textContent = `${state.a} ↔ ${state.b} · events per ${period}`;
  if (chart) { chart.destroy(); chart = null; }
  if (!x.length) {
    el.replaceChildren(h('div', { class: 'empty' }, `No events between ${state.a} and ${state.b} in this period.`));
    return;
  }
  el.replaceChildren();
  const half = PERIOD_SECS[period] / 2;
  const bars = uPlot.paths.bars({ size: [0.72, 48], align: 0 });
  const raw = (k) => (u, v, si, i) => (i == null ? '–' : byQuad[k][i]);
  const series = [{ label: period }];
  for (let k = 3; k >= 0; k--) {
    series.push({ label: QUADS[k].name, scale: 'n', fill: QUADS[k].color, stroke: QUADS[k].color, width: 0,
      paths: bars, points: { show: false }, value: raw(k) });
  }
  series.push({ label: 'Goldstein mean', scale: 'g', stroke: '#3b3f4a', width: 2, spanGaps: false,
    points: { show: true, size: 5, fill: '#3b3f4a' }, value: (u, v) => (v == null ? '–' : v.toFixed(2)) });
  const opts = {
    width: el.clientWidth, height: el.clientHeight,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true, range: (u, lo, hi) => [lo - half, hi + half] },
      n: { range: (u, lo, hi) => [0, Math.max(1, hi * 1.1)] },
      g: { range: [-10, 10] },
    },
    axes: [
      { stroke: '#667085', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e3e6eb' },
        splits: x.length <= 16 ? () => x : undefined,
        values: (u, splits) => splits.map((t, i) => fmtPeriod(t, period, i === 0 ||
          new Date(t * 1000).getUTCFullYear() !== new Date(splits[i - 1] * 1000).getUTCFullYear())) },
      { scale: 'n', label: 'events', stroke: '#667085', grid: { stroke: '#eef0f3' }, ticks: { show: false },
        values: (u, vals) => vals.map((v) => (Number.isInteger(v) ? v : '')) },
      { scale: 'g', side: 1, label: 'Goldstein mean', stroke: '#667085', grid: { show: false }, ticks: { show: false } },
    ],
    series,
    hooks: { setCursor: [(u) => tip(u, x, byQuad, total, mean, period)] },
  };
  chart = new uPlot(opts, [x, cum[3], cum[2], cum[1], cum[0], mean], el);
  chart.root.querySelector('.u-over').append(h('div', { id: 'tip', class: 'tip', hidden: true }));
}

function tip(u, x, byQuad, total, mean, period) {
  const t = u.root.querySelector('#tip');
  const i = u.cursor.idx;
  if (!t) return;
  if (i == null) { t.hidden = true; return; }
  const d = new Date(x[i] * 1000).toISOString().slice(0, period === 'month' ? 7 : 10);
  t.replaceChildren(h('b', {}, (period === 'week' ? 'week of ' : '') + d), h('br'),
    ...QUADS.flatMap((q, k) => (byQuad[k][i] ? [h('i', { style: 'background:' + q.color }), `${q.name}: ${byQuad[k][i]}`, h('br')] : [])),
    `${total[i]} events`, mean[i] == null ? '' : ` · Goldstein ${mean[i].toFixed(2)}`);
  t.hidden = false;
  const left = u.valToPos(x[i], 'x');
  t.style.left = Math.min(left + 12, u.over.clientWidth - 190) + 'px';
  t.style.top = '6px';
}

// ---- network ----
const gsColor = (g) => {
  const t = Math.max(-1, Math.min(1, g / 6));
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const [r, gg, b] = t < 0 ? [mix(160, 212, -t), mix(166, 61, -t), mix(178, 61, -t)]
    : [mix(160, 47, t), mix(166, 158, t), mix(178, 110, t)];
  return `rgb(${r},${gg},${b})`;
};

// The network of the period; drawn once `after` (the timeline) is done and painted, since its
// layout takes the main thread for a while.
async function loadNetwork(after) {
  const el = $('net');
  const net = await api('network', { from: state.from, to: state.to, depth: 3, limit: 80 });
  const cytoscape = await cytoscapeModule;
  await after;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  if (cy) { cy.destroy(); cy = null; }
  if (!net.rows.length) { el.replaceChildren(h('div', { class: 'empty' }, 'No events in this period.')); return; }
  el.replaceChildren();
  const weight = new Map();
  for (const r of net.rows) {
    weight.set(r.source, (weight.get(r.source) || 0) + r.events);
    weight.set(r.target, (weight.get(r.target) || 0) + r.events);
  }
  const max = Math.max(...weight.values());
  const maxe = Math.max(...net.rows.map((r) => r.events));
  const elements = [...weight].map(([id, n]) => ({ data: { id, label: id, size: 22 + 30 * Math.sqrt(n / max) } }));
  net.rows.forEach((r, i) => elements.push({ data: { id: 'e' + i, source: r.source, target: r.target,
    w: 1 + 5 * Math.sqrt(r.events / maxe), color: gsColor(r.mean), events: r.events, mean: r.mean } }));
  cy = cytoscape({
    container: el, elements, wheelSensitivity: 0.3, minZoom: 0.3, maxZoom: 3,
    style: [
      { selector: 'node', style: { 'background-color': '#e9edf5', 'border-color': '#9aa6bd', 'border-width': 1.5,
        label: 'data(label)', 'font-size': 11, 'font-weight': 600, color: '#1d2330', 'text-valign': 'center',
        width: 'data(size)', height: 'data(size)' } },
      { selector: 'node.sel', style: { 'background-color': '#2f5bd3', 'border-color': '#1d3f9e', color: '#fff' } },
      { selector: 'edge', style: { width: 'data(w)', 'line-color': 'data(color)', 'target-arrow-color': 'data(color)',
        'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8, opacity: 0.85 } },
      { selector: 'edge.sel', style: { opacity: 1, 'z-index': 9, 'underlay-color': '#2f5bd3', 'underlay-opacity': 0.18,
        'underlay-padding': 3 } },
    ],
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 70,
      padding: 18, numIter: 300, coolingFactor: 0.97 },
  });
  cy.on('tap', 'edge', (e) => pick(e.target.data('source'), e.target.data('target')));
  cy.on('tap', 'node', (e) => { const id = e.target.id(); if (id !== state.a) pick(id, state.b === id ? state.a : state.b); });
  markNetwork();
}

function markNetwork() {
  if (!cy) return;
  cy.elements().removeClass('sel');
  cy.nodes().filter((n) => n.id() === state.a || n.id() === state.b).addClass('sel');
  cy.edges().filter((e) => [e.data('source'), e.data('target')].sort().join() === [state.a, state.b].sort().join())
    .addClass('sel');
}

// ---- events ----
async function loadEvents() {
  const tb = $('evtable').tBodies[0];
  const res = await api('events', { dyad: state.a + ',' + state.b, from: state.from, to: state.to,
    limit: PAGE, offset: state.offset });
  $('ev-title').textContent = `Events ${state.a} ↔ ${state.b}`;
  $('prev').disabled = state.offset === 0;
  $('next').disabled = !res.more;
  $('page').textContent = res.rows.length ? `${state.offset + 1}–${state.offset + res.rows.length}` : '';
  if (!res.rows.length) {
    tb.replaceChildren(h('tr', {}, h('td', { colspan: 8, class: 'empty' }, 'No events for this dyad and period.')));
    return;
  }
  tb.replaceChildren(...res.rows.map((r) => h('tr', {
    tabindex: 0, 'data-id': r.id, onclick: () => openEvent(r.id),
    onkeydown: (e) => { if (e.key === 'Enter') openEvent(r.id); } },
  h('td', { class: 'date' }, r.date), h('td', { class: 'actor' }, r.source), h('td', { class: 'arrow' }, '→'),
  h('td', { class: 'actor' }, r.target), h('td', { class: 'ev' }, quadChip(r.quad, r.code, r.plover)),
  h('td', { class: 'num' }, r.goldstein), h('td', { class: 'num' }, r.mentions),
  h('td', { class: 'sent', title: r.text }, r.text))));
}

function explainList(x) {
  if (!x) return h('p', { class: 'hint' }, 'No explanation stored.');
  const dl = h('dl', { class: 'kv' });
  const add = (k, v) => { if (v !== null && v !== undefined && v !== '') dl.append(h('dt', {}, k), h('dd', {}, v)); };
  add('rule', x.rule);
  add('verb entry', x.verb);
  add('pattern', x.pattern);
  add('source entry', x.source_entry);
  add('target entry', x.target_entry);
  if (Array.isArray(x.arcs) && x.arcs.length) dl.append(h('dt', {}, 'parse arcs'), h('dd', { class: 'arcs' }, x.arcs.join('  ')));
  for (const [k, v] of Object.entries(x)) {
    if (['rule', 'verb', 'pattern', 'source_entry', 'target_entry', 'arcs'].includes(k)) continue;
    add(k.replace(/_/g, ' '), typeof v === 'object' && v !== null ? JSON.stringify(v) : v);
  }
  return dl;
}

function eventBlock(m) {
  const who = m.attribution && m.attribution.length ? m.attribution.map((a) => a.text || a.code).join(' ← ') : '';
  return h('div', { class: 'mention' },
    evidence(m), markKey(),
    h('dl', { class: 'kv', style: 'margin-top:8px' },
      h('dt', {}, 'source'), h('dd', {}, `${m.source} `, h('span', { class: 'hint' }, m.source_name || '')),
      h('dt', {}, 'target'), h('dd', {}, `${m.target || '—'} `, h('span', { class: 'hint' }, m.target_name || '')),
      h('dt', {}, 'event'), h('dd', {}, quadChip(m.quad, m.code, m.plover), ` Goldstein ${m.goldstein}`),
      h('dt', {}, 'mode'), h('dd', {}, m.mode + (m.confidence !== undefined ? ` · confidence ${m.confidence}` : '')),
      h('dt', {}, 'date'), h('dd', {}, `${m.date} (${m.date_source || 'document'})`),
      m.location ? [h('dt', {}, 'location'), h('dd', {}, [m.location.name, m.location.country].filter(Boolean).join(', '))] : null,
      who ? [h('dt', {}, 'said by'), h('dd', {}, who)] : null,
      m.doc ? [h('dt', {}, 'document'), h('dd', {}, m.doc_title || m.doc, m.doc_source ? ` · ${m.doc_source}` : '')] : null),
    h('h3', {}, 'Why this coding'), explainList(m.explain));
}

async function openEvent(id) {
  const d = $('drawer'), body = $('d-body');
  d.hidden = false;
  $('d-title').textContent = 'Event ' + id;
  body.replaceChildren(h('p', { class: 'hint' }, 'Loading…'));
  try {
    const res = await api('event/' + encodeURIComponent(id));
    const e = res.event;
    $('d-title').textContent = `${e.source} → ${e.target} · ${e.date}`;
    body.replaceChildren(
      h('div', {}, quadChip(e.quad, e.code, e.plover), h('span', { class: 'hint' },
        `  ${e.mentions} mention${e.mentions === 1 ? '' : 's'} in ${e.articles} article${e.articles === 1 ? '' : 's'}`)),
      h('h3', {}, 'Evidence'),
      ...res.mentions.map(eventBlock));
  } catch (err) {
    showError(body, err);
  }
  $('d-close').focus();
}

// ---- coding pasted text ----
async function codeText(ev) {
  ev.preventDefault();
  const text = $('text').value;
  const out = $('coded');
  if (!text.trim()) { $('codestatus').textContent = 'Paste some text first.'; return; }
  $('codebtn').disabled = true;
  $('codestatus').textContent = 'Coding…';
  const t0 = performance.now();
  try {
    const res = await api('code', { date: $('cdate').value }, {
      method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text });
    $('codestatus').textContent = `${res.events.length} event${res.events.length === 1 ? '' : 's'} in ` +
      `${res.sentences} sentence${res.sentences === 1 ? '' : 's'} · ${Math.round(performance.now() - t0)} ms`;
    out.replaceChildren(...(res.events.length ? res.events.map((e) => h('div', { class: 'evcard q' + e.quad },
      h('div', { class: 'evline' }, `${e.source || '—'} → ${e.target || '—'}  `, quadChip(e.quad, e.code, e.plover),
        h('span', { class: 'mode' }, `${e.mode} · ${e.date || 'no date'}`)),
      evidence(e))) : [h('div', { class: 'empty' }, 'No events found in this text.')]));
  } catch (err) {
    $('codestatus').textContent = '';
    showError(out, err);
  } finally {
    $('codebtn').disabled = false;
  }
}

// ---- wiring ----
function readForm() {
  state.a = $('a').value.trim().toUpperCase();
  state.b = $('b').value.trim().toUpperCase();
  state.from = $('from').value;
  state.to = $('to').value;
  state.period = $('period').value;
}

let pairs = [];
async function refresh(withNetwork) {
  const timeline = loadTimeline().catch((e) => showError($('chart'), e));
  const jobs = [timeline, loadEvents().catch((e) => showError($('evtable').tBodies[0], e))];
  if (withNetwork) jobs.push(loadNetwork(timeline).catch((e) => showError($('net'), e)));
  else markNetwork();
  renderChips(pairs);
  await Promise.all(jobs);
  markNetwork();
  document.body.dataset.ready = '1';
}

function pick(a, b) {
  $('a').value = a;
  $('b').value = b;
  readForm();
  state.offset = 0;
  refresh(false);
}

async function main() {
  for (const q of QUADS) $('quad-legend').append(h('span', {}, h('i', { style: 'background:' + q.color }), q.name));
  $('quad-legend').append(h('span', {}, h('i', { class: 'gs' }), 'Goldstein mean'));
  $('picker').addEventListener('submit', (e) => { e.preventDefault(); readForm(); state.offset = 0; refresh(true); });
  $('swap').addEventListener('click', () => pick($('b').value, $('a').value));
  $('prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents(); });
  $('next').addEventListener('click', () => { state.offset += PAGE; loadEvents(); });
  $('d-close').addEventListener('click', () => { $('drawer').hidden = true; });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') $('drawer').hidden = true; });
  $('codeform').addEventListener('submit', codeText);
  let rt = 0;
  window.addEventListener('resize', () => {
    clearTimeout(rt);
    rt = setTimeout(() => { if (lastSeries) drawTimeline(); if (cy) cy.resize().fit(undefined, 18); }, 120);
  });
  try {
    pairs = await loadStats();
  } catch (e) {
    showError($('chart'), e);
    return;
  }
  const [a, b] = pairs[0] || ['', ''];
  $('a').value = a;
  $('b').value = b;
  readForm();
  if (!a) {
    $('chart').replaceChildren(h('div', { class: 'empty' }, 'The database has no events yet: store some with dyad ingest.'));
    document.body.dataset.ready = '1';
    return;
  }
  await refresh(true);
  loadActors().catch(() => {});
}

main();
