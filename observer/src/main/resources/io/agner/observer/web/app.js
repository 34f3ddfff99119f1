// agner observer: plain JavaScript, no build step. Every value from the node goes into the page as
// text (textContent), never as HTML. The token comes once in the URL (?token=); the server then sets
// an HttpOnly cookie for reads, and changes (POST) carry the token in the X-Agner-Token header.
'use strict';

const token = new URLSearchParams(location.search).get('token') || sessionStorage.getItem('agner-token') || '';
sessionStorage.setItem('agner-token', token);
// keep the token out of the address bar and history once read: the cookie and sessionStorage carry it on
if (new URLSearchParams(location.search).has('token')) window.history.replaceState(null, '', location.pathname + location.hash);

// ---- helpers ------------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const $ = (id) => document.getElementById(id);
const fmt = (n, digits = 0) => n === null || n === undefined ? '-' : Number(n).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pidLink = (pid) => pid ? h('a', { href: '#/process/' + encodeURIComponent(pid), class: 'pid' }, pid) : '-';
const q = (params) => new URLSearchParams(params).toString();

async function getJson(path) {
  const r = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  if (!r.ok) throw new Error(r.status + ' ' + await r.text());
  return r.json();
}
async function post(path, body, headers) {
  const r = await fetch(path, { method: 'POST', credentials: 'same-origin', body,
    headers: Object.assign({ 'X-Agner-Token': token }, headers || {}) });
  if (!r.ok) throw new Error(r.status + ' ' + await r.text());
  return r;
}
function duration(seconds) {
  const s = Math.floor(seconds), d = Math.floor(s / 86400), hh = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
  return (d ? d + 'd ' : '') + (d || hh ? hh + 'h ' : '') + m + 'm ' + (s % 60) + 's';
}

// ---- live data: one Server-Sent Events stream for every page --------------------------------------

const HISTORY = 300; // samples (seconds) kept for the charts
const history = { t: [], processes: [], messages: [], spawns: [], exits: [], heap: [], dash: {} };
let latest = null;
const listeners = new Set();

function connect() {
  const es = new EventSource('/api/events');
  es.addEventListener('overview', (e) => {
    latest = JSON.parse(e.data);
    record(latest);
    $('live').className = 'on';
    $('node-name').textContent = latest.node;
    renderDashboardLinks(latest.dashboards);
    for (const l of listeners) l(latest);
  });
  es.onerror = () => { $('live').className = ''; };
}
function push(arr, v) { arr.push(v); if (arr.length > HISTORY) arr.shift(); }
function record(o) {
  push(history.t, o.time); push(history.processes, o.processes); push(history.messages, o.messagesPerSecond);
  push(history.spawns, o.spawnsPerSecond); push(history.exits, o.exitsPerSecond); push(history.heap, o.heapUsedMB);
  for (const d of o.dashboards) {
    const hd = history.dash[d.name] || (history.dash[d.name] = { t: [], series: {} });
    push(hd.t, o.time);
    for (const [k, v] of Object.entries(d.values)) {
      const s = hd.series[k] || (hd.series[k] = new Array(hd.t.length - 1).fill(null));
      push(s, v);
    }
  }
}
function renderDashboardLinks(dashboards) {
  const nav = $('nav-dashboards');
  const names = dashboards.map(d => d.name).join('\n');
  if (nav.dataset.names === names) return;
  nav.dataset.names = names;
  nav.replaceChildren(...dashboards.map(d => h('a', { href: '#/dash/' + encodeURIComponent(d.name), id: 'nav-dash-' + d.name }, d.name)));
  markNav();
}

const COLORS = ['#4fa3ff', '#e8743b', '#19a979', '#945ecf', '#ed4a7b', '#13a4b4', '#bf399e', '#6c8893'];
function chart(title, labels, width) {
  const opts = { title, width: width || 520, height: 220, scales: { x: { time: true } },
    series: [{}].concat(labels.map((l, i) => ({ label: l, stroke: COLORS[i % COLORS.length], width: 2 }))),
    axes: [{}, { size: 60 }] };
  const el = h('div', { class: 'chart' });
  const u = new uPlot(opts, [[], ...labels.map(() => [])], el);
  return { el, set: (data) => u.setData(data) };
}

// ---- pages --------------------------------------------------------------------------------------

let leave = () => {};   // the current page's clean-up
const pages = {
  overview: overviewPage, processes: processesPage, process: processPage, tree: treePage, modules: modulesPage, dash: dashboardPage,
};

function route() {
  leave(); leave = () => {};
  const [, page, arg] = (location.hash || '#/overview').split('/');
  const render = pages[page] || overviewPage;
  $('page').replaceChildren();
  markNav();
  render(arg === undefined ? undefined : decodeURIComponent(arg));
}
function markNav() {
  const page = (location.hash || '#/overview').split('/').slice(0, 3).join('/');
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', page.startsWith(a.getAttribute('href')));
}
function every(ms, fn) { fn(); const id = setInterval(fn, ms); const prev = leave; leave = () => { prev(); clearInterval(id); }; }
function onLive(fn) { listeners.add(fn); if (latest) fn(latest); const prev = leave; leave = () => { prev(); listeners.delete(fn); }; }
function error(where, e) { where.replaceChildren(h('p', { class: 'bad' }, String(e.message || e))); }

function overviewPage() {
  const cards = h('div', { class: 'cards', id: 'overview-cards' });
  const c1 = chart('processes', ['processes']);
  const c2 = chart('per second', ['messages', 'spawns', 'exits']);
  const c3 = chart('heap (MB)', ['used']);
  const reports = h('ul', { class: 'reports', id: 'reports' });
  $('page').append(h('h1', {}, 'Overview'), cards, h('div', { class: 'charts' }, c1.el, c2.el, c3.el),
    h('h2', {}, 'Recent crash, supervisor and upgrade reports'), reports);
  onLive((o) => {
    const card = (label, value, id) => h('div', { class: 'card', id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
    cards.replaceChildren(
      card('node', o.node, 'card-node'), card('uptime', duration(o.uptimeSeconds), 'card-uptime'),
      card('processes', fmt(o.processes), 'card-processes'), card('spawns / s', fmt(o.spawnsPerSecond, 1)),
      card('exits / s', fmt(o.exitsPerSecond, 1)), card('messages / s', fmt(o.messagesPerSecond, 0), 'card-messages'),
      card('heap', fmt(o.heapUsedMB, 0) + ' / ' + fmt(o.heapMaxMB, 0) + ' MB'),
      card('scheduler', o.scheduler),
      card('carrier utilisation', o.carrierUtilisation.map(u => fmt(u * 100, 0) + '%').join('  ')));
    c1.set([history.t, history.processes]);
    c2.set([history.t, history.messages, history.spawns, history.exits]);
    c3.set([history.t, history.heap]);
    reports.replaceChildren(...(o.reports.length ? o.reports.slice(0, 20).map(r => h('li', {},
      h('span', { class: 'muted' }, new Date(r.time).toLocaleTimeString() + ' '), h('b', {}, r.kind + ': '), r.text))
      : [h('li', { class: 'muted' }, 'none since the observer started')]));
  });
}

function processesPage() {
  const state = { filter: '', sort: 'pid', dir: 'asc', offset: 0, limit: 50 };
  const filter = h('input', { type: 'text', id: 'process-filter', placeholder: 'filter: pid, name, behaviour, module, status', size: 40 });
  const info = h('span', { class: 'muted', id: 'process-count' });
  const prev = h('button', { id: 'page-prev', onclick: () => { state.offset = Math.max(0, state.offset - state.limit); load(); } }, '◀ previous');
  const next = h('button', { id: 'page-next', onclick: () => { state.offset += state.limit; load(); } }, 'next ▶');
  const cols = [['pid', 'pid'], ['name', 'name'], ['behaviour', 'behaviour'], ['module', 'module@version'], ['status', 'status'],
    ['mailbox', 'mailbox', 'num'], ['received', 'received', 'num']];
  const head = h('tr', {}, cols.map(([key, label, cls]) => h('th', { class: cls, 'data-sort': key, onclick: () => {
    state.dir = state.sort === key && state.dir === 'asc' ? 'desc' : 'asc'; state.sort = key; state.offset = 0; load();
  } }, label)));
  const body = h('tbody', { id: 'process-rows' });
  let typing;
  filter.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => { state.filter = filter.value; state.offset = 0; load(); }, 250); });
  $('page').append(h('h1', {}, 'Processes'), h('div', { class: 'toolbar' }, filter, prev, next, info), h('table', {}, h('thead', {}, head), body));
  async function load() {
    try {
      const page = await getJson('/api/processes?' + q(state));
      body.replaceChildren(...page.rows.map(p => h('tr', {}, h('td', {}, pidLink(p.pid)), h('td', {}, p.name || ''),
        h('td', {}, p.behaviour || ''), h('td', {}, p.module || ''), h('td', {}, p.status),
        h('td', { class: 'num' }, fmt(p.mailbox)), h('td', { class: 'num' }, fmt(p.received)))));
      const last = Math.min(page.matched, state.offset + page.rows.length);
      info.textContent = (page.matched ? fmt(state.offset + 1) + '–' + fmt(last) : '0') + ' of ' + fmt(page.matched)
        + (page.matched !== page.total ? ' matching (' + fmt(page.total) + ' processes)' : ' processes');
      prev.disabled = state.offset === 0; next.disabled = last >= page.matched;
      for (const th of head.children) th.className = (th.dataset.sort === state.sort ? 'sorted-' + state.dir : '') + (th.dataset.sort === 'mailbox' || th.dataset.sort === 'received' ? ' num' : '');
    } catch (e) { error(body, e); }
  }
  every(2000, load);
}

function processPage(pid) {
  const title = h('h1', { id: 'process-title' }, 'Process ' + pid);
  const info = h('dl', { class: 'info', id: 'process-info' });
  const stack = h('pre', { id: 'stack' });
  const stateEl = h('pre', { id: 'state' });
  const queued = h('pre', { id: 'queued' });
  const traceOut = h('pre', { id: 'trace' });
  const max = h('input', { type: 'number', id: 'trace-max', value: 50, min: 1, max: 10000, class: 'narrow' });
  const killBtn = h('button', { class: 'danger', id: 'kill', onclick: async () => {
    if (!confirm('Kill ' + pid + '? (exit reason kill; its supervisor, if any, restarts it)')) return;
    try { await post('/api/kill?' + q({ pid })); load(); } catch (e) { alert(e.message); }
  } }, 'Kill');
  let tracing = null;
  const traceBtn = h('button', { id: 'trace-start', onclick: () => tracing ? tracing.abort() : startTrace() }, 'Trace');
  $('page').append(title, h('div', { class: 'toolbar' }, killBtn, traceBtn, 'at most', max, 'events'),
    h('div', { class: 'row' }, h('div', {}, h('h2', {}, 'Info'), info, h('h2', {}, 'State (Sys.getState)'), stateEl),
      h('div', {}, h('h2', {}, 'Stack of its virtual thread'), stack)),
    h('div', { class: 'row' }, h('div', {}, h('h2', {}, 'First queued messages'), queued), h('div', {}, h('h2', {}, 'Trace'), traceOut)));
  const links = (pids) => pids.length ? pids.flatMap((p, i) => i ? [' ', pidLink(p)] : [pidLink(p)]) : ['-'];
  async function load() {
    let p;
    try {
      p = await getJson('/api/process?' + q({ pid }));
    } catch (e) {
      title.textContent = 'Process ' + pid + ' (exited)';
      title.className = 'bad';
      return;
    }
    const row = (k, ...v) => [h('dt', {}, k), h('dd', { id: 'info-' + k.replace(/ /g, '-') }, ...v)];
    info.replaceChildren(...row('pid', p.pid), ...row('registered name', p.name || '-'), ...row('status', p.status),
      ...row('behaviour', p.behaviour || '-'), ...row('module', p.module || '-'), ...(p.strategy ? row('strategy', p.strategy) : []),
      ...row('mailbox', fmt(p.mailbox)), ...row('received', fmt(p.received)), ...row('dropped', fmt(p.dropped)),
      ...row('trap exit', String(p.trapExit)), ...row('links', ...links(p.links)), ...row('monitors', ...links(p.monitors)),
      ...row('monitored by', ...links(p.monitoredBy)));
    stack.textContent = p.stack.join('\n') || '(not running)';
    stateEl.textContent = p.state === null ? '(a plain process: no behaviour state)' : p.state;
    queued.textContent = p.queued.length ? p.queued.join('\n') : '(empty)';
  }
  async function startTrace() {
    tracing = new AbortController();
    traceBtn.textContent = 'Stop trace';
    traceOut.textContent = '';
    try {
      const r = await fetch('/api/trace?' + q({ pid, max: max.value }), { method: 'POST', signal: tracing.signal,
        credentials: 'same-origin', headers: { 'X-Agner-Token': token } });
      if (!r.ok) throw new Error(r.status + ' ' + await r.text());
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let cut;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut); buf = buf.slice(cut + 2);
          const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trim()).join('\n');
          if (!data) continue;
          const ev = JSON.parse(data);
          const arrow = { in: '<<', out: '>>', exit: 'exit', tracing: 'tracing', stopped: 'stopped:' }[ev.kind] || ev.kind;
          traceOut.textContent += (ev.kind === 'tracing' || ev.kind === 'stopped' ? '' : '+' + ev.ms.toFixed(3) + 'ms ') + arrow + ' ' + ev.text + '\n';
          traceOut.scrollTop = traceOut.scrollHeight;
        }
      }
    } catch (e) {
      if (e.name !== 'AbortError') traceOut.textContent += String(e.message) + '\n';
    } finally {
      tracing = null; traceBtn.textContent = 'Trace';
    }
  }
  every(2000, load);
  const prev = leave; leave = () => { prev(); if (tracing) tracing.abort(); };
}

function treePage() {
  const root = h('ul', { class: 'tree', id: 'tree' });
  const collapsed = new Set();
  $('page').append(h('h1', {}, 'Supervision tree'), h('p', { class: 'muted' }, 'Click ▾ to fold a supervisor, a pid to open the process.'), root);
  function node(n, path) {
    const key = path + '/' + (n.id || n.pid);
    const kids = n.children || [];
    const isSup = n.type === 'supervisor';
    const li = h('li', { class: 'tnode' + (collapsed.has(key) ? ' collapsed' : ''), 'data-pid': n.pid || '', 'data-id': n.id || '' });
    const toggle = h('span', { class: 'toggle', onclick: () => {
      li.classList.toggle('collapsed'); collapsed[li.classList.contains('collapsed') ? 'add' : 'delete'](key);
      toggle.textContent = li.classList.contains('collapsed') ? '▸' : '▾';
    } }, isSup ? (collapsed.has(key) ? '▸' : '▾') : '');
    li.append(toggle, n.id ? h('b', {}, n.id + ' ') : '', pidLink(n.pid),
      h('span', { class: 'tag' }, [n.behaviour || n.type, n.module, n.name ? '(' + n.name + ')' : null].filter(Boolean).join(' ')),
      n.strategy ? h('span', { class: 'tag' }, '· ' + n.strategy) : '',
      n.restarts ? h('span', { class: 'restarts', 'data-restarts': n.restarts }, 'restarted ' + n.restarts + (n.restarts === 1 ? ' time' : ' times')) : '',
      n.error ? h('span', { class: 'bad' }, ' ' + n.error) : '');
    if (isSup) {
      const ul = h('ul', {}, kids.map(k => node(k, key)));
      if (n.more > 0) {
        let offset = kids.length;
        const more = h('li', { class: 'muted' });
        const btn = h('button', { class: 'show-more', onclick: async () => {
          const page = await getJson('/api/children?' + q({ sup: n.pid, offset, limit: 100 }));
          offset += page.length;
          more.before(...page.map(k => node(k, key)));
          n.more -= page.length;
          label.textContent = n.more > 0 ? '… and ' + fmt(n.more) + ' more ' : '';
          if (n.more <= 0 || page.length === 0) more.remove();
        } }, 'show 100 more');
        const label = h('span', {}, '… and ' + fmt(n.more) + ' more ');
        more.append(label, btn);
        ul.append(more);
      }
      li.append(ul);
    }
    return li;
  }
  let open = false;
  async function load() {
    if (open) return; // keep a tree the user is expanding ("show more") until they reload
    try {
      const roots = await getJson('/api/tree');
      root.replaceChildren(...(roots.length ? roots.map(r => node(r, '')) : [h('li', { class: 'muted' }, 'no supervisors on this node')]));
    } catch (e) { error(root, e); }
  }
  root.addEventListener('click', (e) => { if (e.target.classList.contains('show-more')) open = true; });
  every(2000, load);
}

function modulesPage() {
  const table = h('tbody', { id: 'module-rows' });
  const file = h('input', { type: 'file', id: 'jar', accept: '.jar' });
  const result = h('pre', { id: 'load-result' }, '');
  const upgrades = h('ul', { class: 'reports', id: 'upgrades' });
  const loadBtn = h('button', { id: 'load', onclick: async () => {
    const f = file.files[0];
    if (!f) { alert('Choose a module jar first.'); return; }
    if (!confirm('Load ' + f.name + '? Every process on its module is upgraded, or none.')) return;
    result.textContent = 'loading ' + f.name + ' …';
    try {
      const u = await (await post('/api/load', f, { 'Content-Type': 'application/octet-stream', 'X-Agner-Filename': f.name })).json();
      result.className = u.committed ? 'ok' : 'bad';
      result.textContent = (u.from ? u.module + ' ' + u.from + ' -> ' + u.to : 'first load of ' + u.module + (u.to ? '@' + u.to : ''))
        + ': ' + (u.committed ? 'committed' : 'rolled back') + (u.failure ? ' (' + u.failure + ')' : '')
        + (u.processes !== undefined ? '\n' + u.upgraded + ' of ' + u.processes + ' processes upgraded, longest pause ' + Number(u.longestPauseMs).toFixed(3) + ' ms' : '')
        + (u.diff ? '\nstate: ' + u.diff : '');
      load();
    } catch (e) { result.className = 'bad'; result.textContent = e.message; }
  } }, 'Load');
  $('page').append(h('h1', {}, 'Modules'),
    h('table', {}, h('thead', {}, h('tr', {}, ['module', 'current', 'processes on current', 'old', 'processes on old', ''].map(c => h('th', {}, c)))), table),
    h('h2', {}, 'Load a module jar'), h('div', { class: 'toolbar' }, file, loadBtn), result,
    h('h2', {}, 'Upgrades since the observer started'), upgrades);
  const pids = (list, n) => [fmt(n) + ' ', ...list.slice(0, 8).flatMap(p => [pidLink(p), ' ']), n > 8 ? '…' : ''];
  async function load() {
    try {
      const m = await getJson('/api/modules');
      if (!m.codeServer) { table.replaceChildren(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'no code server runs on this node'))); return; }
      table.replaceChildren(...m.modules.map(x => h('tr', { 'data-module': x.name }, h('td', {}, x.name), h('td', { class: 'current' }, x.current),
        h('td', {}, pids(x.currentPids, x.onCurrent)), h('td', { class: 'old' }, x.old || '-'), h('td', {}, x.old ? pids(x.oldPids, x.onOld) : '-'),
        h('td', {}, x.old ? h('button', { class: 'danger purge', onclick: async () => {
          if (!confirm('Purge ' + x.name + '@' + x.old + '? Processes still on it are killed.')) return;
          try { const r = await (await post('/api/purge?' + q({ module: x.name }))).json(); result.className = 'ok';
            result.textContent = 'purged ' + x.name + '@' + x.old + (r.killed.length ? '; killed ' + r.killed.join(' ') : '; no process was on it'); load(); }
          catch (e) { alert(e.message); }
        } }, 'Purge ' + x.old) : ''))));
      upgrades.replaceChildren(...(m.upgrades.length ? m.upgrades.map(r => h('li', {}, h('span', { class: 'muted' }, new Date(r.time).toLocaleTimeString() + ' '), r.text))
        : [h('li', { class: 'muted' }, 'none yet')]));
    } catch (e) { error(table, e); }
  }
  every(3000, load);
}

function dashboardPage(name) {
  const cards = h('div', { class: 'cards', id: 'dash-cards' });
  const holder = h('div', { class: 'charts' });
  $('page').append(h('h1', {}, name), cards, holder);
  let c = null, labels = '';
  onLive((o) => {
    const d = o.dashboards.find(x => x.name === name);
    if (!d) { cards.replaceChildren(h('p', { class: 'muted' }, 'no dashboard ' + name)); return; }
    cards.replaceChildren(...Object.entries(d.values).map(([k, v]) => h('div', { class: 'card' }, h('div', { class: 'label' }, k),
      h('div', { class: 'value' }, Number.isInteger(v) ? fmt(v) : fmt(v, 2)))));
    const hd = history.dash[name];
    // one chart per first word: "blocking measured %" and "blocking Erlang B %" share a chart
    const groups = {};
    for (const k of Object.keys(hd.series)) (groups[k.split(' ')[0]] = groups[k.split(' ')[0]] || []).push(k);
    const shape = JSON.stringify(groups);
    if (shape !== labels) {
      labels = shape;
      holder.replaceChildren(...Object.values(groups).map(keys => {
        const ch = chart(keys.length === 1 ? keys[0] : keys.join(' vs '), keys, 420);
        ch.el.keys = keys; ch.el.set = ch.set;
        return ch.el;
      }));
    }
    for (const el of holder.children) el.set([hd.t, ...el.keys.map(k => hd.series[k])]);
  });
}

window.addEventListener('hashchange', route);
connect();
route();
