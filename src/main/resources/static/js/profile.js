// The profile page: draws the charts and keeps every panel up to date from the live socket.
import * as echarts from '/webjars/echarts/dist/echarts.esm.min.js';
import { Socket } from '/js/phoenix-socket.js';
import { describe, heat, legend, progress, thousands } from '/js/levels.js';

const CHART_DAYS = 14;
const TOP_LANGUAGES = 10;
const CHART_LANGUAGES = 8;
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PALETTE = ['#2b6cb0', '#ed8936', '#38a169', '#d53f8c', '#805ad5', '#d69e2e', '#319795', '#e53e3e', '#a0aec0'];

const data = JSON.parse(document.getElementById('profile-data').textContent);
const state = fromData(data);
const charts = {
  days: echarts.init(document.getElementById('days-chart')),
  hours: echarts.init(document.getElementById('hours-chart')),
};
// in the viewer's locale: "Nov 18", "18. Nov."; the dates are the coder's, so no zone shift
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const hourFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', timeZone: 'UTC' });
let hourStyle = localStorage.getItem('codestats.hourChart') === 'clock' ? 'clock' : 'bars';
window.codestatsProfile = state;
window.codestatsCharts = charts;

function fromData(d) {
  const days = new Map();
  d.dayLanguageXps.forEach(({ date, language, xp }) => {
    if (!days.has(date)) { days.set(date, new Map()); }
    days.get(date).set(language, (days.get(date).get(language) || 0) + xp);
  });
  const byName = (rows) => new Map(rows.map(r => [r.name, { xp: r.xp, recentXp: r.recentXp }]));
  return {
    username: d.username,
    today: d.today,
    totalXp: d.totalXp,
    recentXp: d.recentXp,
    languages: byName(d.languages),
    machines: byName(d.machines),
    days,
    doy: Object.assign({}, d.dayOfYearXps),
    hours: Object.assign({}, d.hourOfDayXps),
    lastProgrammed: null,
  };
}

function addDays(date, n) {
  const t = new Date(date + 'T00:00:00Z');
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

function dayOfLeapYear(month, day) {
  let n = day;
  for (let m = 0; m < month - 1; m++) { n += MONTH_DAYS[m]; }
  return n;
}

// "MM-DD" (the 14-day chart's categories) or "YYYY-MM-DD"; 2000 is a leap year, for 02-29
function dayLabel(date) {
  return dayFormat.format(new Date((date.length === 5 ? '2000-' + date : date) + 'T00:00:00Z'));
}

function hourLabel(hour) {
  return hourFormat.format(new Date(Date.UTC(2000, 0, 1, hour)));
}

// links: the first cell of each row links there when given (the owner's "explain a day")
function fillTable(table, rows, links = null) {
  table.tBodies[0].replaceChildren(...rows.map((cells, row) => {
    const tr = document.createElement('tr');
    cells.forEach((text, i) => {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) { cell.scope = 'row'; }
      if (i === 0 && links) {
        cell.appendChild(Object.assign(document.createElement('a'), { href: links[row], textContent: text }));
      } else {
        cell.textContent = text;
      }
      tr.appendChild(cell);
    });
    return tr;
  }));
}

function formatDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  return MONTHS[m - 1] + ' ' + d + ', ' + y;
}

function applyPulse(pulse) {
  const local = pulse.sent_at_local;
  const date = local.slice(0, 10);
  const hour = Number(local.slice(11, 13));
  const [, month, day] = date.split('-').map(Number);
  const doy = String(dayOfLeapYear(month, day));
  if (date > state.today) { state.today = date; }
  state.lastProgrammed = date > (state.lastProgrammed || '') ? date : state.lastProgrammed;
  if (!state.days.has(date)) { state.days.set(date, new Map()); }
  pulse.xps.forEach(({ language, amount }) => {
    state.totalXp += amount;
    state.recentXp += amount;
    const lang = state.languages.get(language) || { xp: 0, recentXp: 0 };
    lang.xp += amount; lang.recentXp += amount;
    state.languages.set(language, lang);
    const machine = state.machines.get(pulse.machine) || { xp: 0, recentXp: 0 };
    machine.xp += amount; machine.recentXp += amount;
    state.machines.set(pulse.machine, machine);
    const dayLangs = state.days.get(date);
    dayLangs.set(language, (dayLangs.get(language) || 0) + amount);
    state.doy[doy] = (state.doy[doy] || 0) + amount;
    state.hours[String(hour)] = (state.hours[String(hour)] || 0) + amount;
  });
  render();
}

function setBar(svg, total, recent) {
  const p = progress(total, recent);
  const [old, fresh] = svg.querySelectorAll('rect');
  old.setAttribute('width', p.oldPercent);
  fresh.setAttribute('x', p.oldPercent);
  fresh.setAttribute('width', p.recentPercent);
}

function sorted(map) {
  return [...map.entries()].sort((a, b) => b[1].xp - a[1].xp || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

// The owner's own view marks what others do not see (absent for everyone else).
const hiddenNames = { languages: new Set(data.hiddenLanguages || []), machines: new Set(data.hiddenMachines || []) };

// a language row links to its language page, as the server renders it
function languagePath(name) {
  return '/users/' + encodeURIComponent(state.username).replace(/%20/g, '+') + '/languages/'
    + encodeURIComponent(name).replace(/%20/g, '+');
}

function renderList(list, rows, linked = false, hidden = hiddenNames.languages) {
  list.replaceChildren(...rows.map(([name, xp]) => {
    const li = document.createElement('li');
    li.className = 'xp-row';
    li.dataset.name = name;
    const text = document.createElement('span');
    text.className = 'xp-text';
    if (linked) {
      text.appendChild(Object.assign(document.createElement('a'), { href: languagePath(name), textContent: describe(name, xp.xp, xp.recentXp) }));
    } else {
      text.textContent = describe(name, xp.xp, xp.recentXp);
    }
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'bar');
    svg.setAttribute('viewBox', '0 0 100 2');
    svg.setAttribute('preserveAspectRatio', 'none');
    ['old', 'recent'].forEach(cls => {
      const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('class', cls);
      rect.setAttribute('y', '0');
      rect.setAttribute('height', '2');
      svg.appendChild(rect);
    });
    setBar(svg, xp.xp, xp.recentXp);
    li.append(text);
    if (hidden.has(name)) {
      const marker = document.createElement('span');
      marker.className = 'hidden-marker';
      marker.textContent = 'hidden from your public profile';
      li.append(' ', marker);
    }
    li.append(svg);
    return li;
  }));
}

function renderDayOfYear() {
  const values = Object.values(state.doy);
  const max = Math.max(0, ...values);
  const [, tm, td] = state.today.split('-').map(Number);
  const today = dayOfLeapYear(tm, td);
  let busiest = null;
  document.querySelectorAll('#day-of-year td[data-day]').forEach(cell => {
    const day = Number(cell.dataset.day);
    if (day === 0) { return; }
    const xp = state.doy[String(day)] || 0;
    cell.className = 'doy-heat-' + heat(xp, max) + (day === today ? ' doy-today' : '');
    cell.title = cell.dataset.label + ': ' + thousands(xp) + ' XP';
    cell.firstElementChild.textContent = thousands(xp) + ' XP';
    if (busiest === null && max > 0 && xp === max) { busiest = cell; }
  });
  // the same words as ProfilePage.dayOfYearSummary and legend
  document.getElementById('doy-summary').textContent = busiest
    ? 'All years together; the busiest day is ' + busiest.title + '.'
    : 'No XP on any day yet.';
  const labels = legend(max);
  document.querySelectorAll('#doy-legend .doy-legend-text').forEach((label, shade) => { label.textContent = labels[shade]; });
  const focused = document.querySelector('#day-of-year td:focus');
  if (focused) { showDay(focused); }
}

// Values without hover: a tapped or focused day shows its XP below the table, and the
// table is one stop in the tab order whose days the arrow keys walk through.
const doyReadout = document.getElementById('doy-readout');
const doyCells = [...document.querySelectorAll('#day-of-year tbody tr')]
  .map(row => [...row.querySelectorAll('td[data-day]')]);

function showDay(cell) { doyReadout.textContent = cell.title + (cell.classList.contains('doy-today') ? ' (today)' : ''); }

function setUpDayOfYearKeys() {
  const start = document.querySelector('#day-of-year td.doy-today') || document.querySelector('#day-of-year td[data-label]');
  doyCells.flat().forEach(cell => { if (cell.dataset.label) { cell.tabIndex = cell === start ? 0 : -1; } });
  const table = document.getElementById('day-of-year');
  table.addEventListener('focusin', (event) => {
    const cell = event.target.closest('td[data-label]');
    if (!cell) { return; }
    doyCells.flat().forEach(c => { if (c.dataset.label) { c.tabIndex = c === cell ? 0 : -1; } });
    showDay(cell);
  });
  table.addEventListener('keydown', (event) => {
    const cell = event.target.closest('td[data-label]');
    if (!cell) { return; }
    const row = doyCells.findIndex(r => r.includes(cell));
    const col = doyCells[row].indexOf(cell);
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const move = moves[event.key];
    if (!move) { return; }
    event.preventDefault();
    // walk on past dates that do not exist (30 February), wrapping into the next month
    let [r, c] = [row, col];
    do {
      if (move[1] !== 0) {
        c += move[1];
        if (c < 0) { r -= 1; c = 30; } else if (c > 30) { r += 1; c = 0; }
      } else {
        r += move[0];
      }
      if (r < 0 || r > 11) { return; }
    } while (!doyCells[r][c].dataset.label);
    doyCells[r][c].focus();
  });
}

function renderDays() {
  const dates = [];
  for (let i = CHART_DAYS - 1; i >= 0; i--) { dates.push(addDays(state.today, -i)); }
  const totals = new Map();
  dates.forEach(date => (state.days.get(date) || new Map()).forEach((xp, lang) => totals.set(lang, (totals.get(lang) || 0) + xp)));
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, CHART_LANGUAGES).map(e => e[0]);
  const series = top.map(lang => ({
    name: lang, type: 'bar', stack: 'xp',
    data: dates.map(date => (state.days.get(date) || new Map()).get(lang) || 0),
  }));
  const others = dates.map(date => {
    let sum = 0;
    (state.days.get(date) || new Map()).forEach((xp, lang) => { if (!top.includes(lang)) { sum += xp; } });
    return sum;
  });
  if (others.some(x => x > 0)) { series.push({ name: 'Others', type: 'bar', stack: 'xp', data: others }); }
  charts.days.setOption({
    color: PALETTE,
    animation: false,
    legend: { type: 'scroll', top: 0 },
    grid: { left: 50, right: 10, top: 40, bottom: 30 },
    tooltip: { trigger: 'axis', formatter: tooltip(dayLabel) },
    xAxis: { type: 'category', data: dates.map(d => d.slice(5)), axisLabel: { formatter: dayLabel } },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  }, { notMerge: true });
  // the text alternative: a sentence and a table of the same figures
  const dayTotals = dates.map(date => [...(state.days.get(date) || new Map()).values()].reduce((a, b) => a + b, 0));
  const total = dayTotals.reduce((a, b) => a + b, 0);
  const most = dayTotals.indexOf(Math.max(...dayTotals));
  document.getElementById('days-summary').textContent = total === 0
    ? 'No XP in the last 14 days.'
    : thousands(total) + ' XP in the last 14 days; the most on ' + dayLabel(dates[most]) + ' (' + thousands(dayTotals[most]) + ' XP).';
  fillTable(document.getElementById('days-table'), dates.map((date, i) => [
    dayLabel(date),
    thousands(dayTotals[i]),
    [...(state.days.get(date) || new Map()).entries()].filter(e => e[1] > 0).sort((a, b) => b[1] - a[1])
      .map(([lang, xp]) => lang + ' ' + thousands(xp)).join(', '),
  ]).reverse(), document.getElementById('explain-days') ? dates.map(date => '/my/days/' + date).reverse() : null);
}

// an axis tooltip with the category as a label and only the series that have XP there
function tooltip(label) {
  return (params) => {
    const lines = params.filter(p => p.value > 0).map(p => p.marker + p.seriesName + ': ' + thousands(p.value));
    return [label(params[0].name), ...lines].join('<br>');
  };
}

function renderHours() {
  // a missing hour has no XP (the GraphQL answer lists only hours with XP)
  const xp = [];
  for (let h = 0; h < 24; h++) { xp.push(state.hours[String(h)] || 0); }
  let option;
  if (hourStyle === 'clock') {
    const hours = ['12', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'];
    option = {
      color: PALETTE, animation: false, tooltip: {}, legend: { top: 0 },
      // below the legend, each hour's sector centred on its mark (12 at the top), the hour
      // labels outside the ring and the XP scale (drawn across the bars) left to the tooltip
      // and the table
      polar: { center: ['50%', '55%'], radius: ['8%', '72%'] },
      angleAxis: { type: 'category', data: hours, startAngle: 105, axisTick: { show: false }, axisLabel: { margin: 6 } },
      radiusAxis: { type: 'value', minInterval: 1, axisLabel: { show: false }, axisLine: { show: false }, axisTick: { show: false } },
      series: [
        { name: 'AM', type: 'bar', coordinateSystem: 'polar', data: xp.slice(0, 12) },
        { name: 'PM', type: 'bar', coordinateSystem: 'polar', data: xp.slice(12) },
      ],
    };
  } else {
    option = {
      color: PALETTE, animation: false, tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 10, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: xp.map((_, h) => String(h)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: 'XP', type: 'bar', data: xp }],
    };
  }
  charts.hours.setOption(option, { notMerge: true });
  const most = xp.indexOf(Math.max(...xp));
  document.getElementById('hours-summary').textContent = xp[most] === 0
    ? 'No XP in any hour yet.'
    : 'The most XP in the hour from ' + hourLabel(most) + ' (' + thousands(xp[most]) + ' XP), in the user\'s local time.';
  fillTable(document.getElementById('hours-table'), xp.map((amount, h) => [hourLabel(h), thousands(amount)]));
}

function render() {
  document.getElementById('total-level').textContent = describe(null, state.totalXp, state.recentXp);
  setBar(document.getElementById('total-bar'), state.totalXp, state.recentXp);
  if (state.lastProgrammed) {
    const last = document.getElementById('last-programmed');
    last.replaceChildren('Last programmed on ', Object.assign(document.createElement('span'), { textContent: formatDate(state.lastProgrammed) }), '.');
  }
  const hasXp = state.totalXp > 0;
  const zero = document.getElementById('zero-xp');
  if (zero) { zero.hidden = hasXp; }
  document.getElementById('panels').hidden = !hasXp;
  // a language left with 0 XP (its XP aliased away) is not listed
  const languages = sorted(state.languages).filter(([, xp]) => xp.xp > 0);
  renderList(document.getElementById('top-languages'), languages.slice(0, TOP_LANGUAGES), true);
  const others = languages.slice(TOP_LANGUAGES);
  document.getElementById('other-languages-panel').hidden = others.length === 0;
  renderList(document.getElementById('other-languages'), others.slice(0, TOP_LANGUAGES), true);
  const more = others.slice(TOP_LANGUAGES);
  document.getElementById('more-languages').hidden = more.length === 0;
  renderList(document.getElementById('more-other-languages'), more, true);
  renderList(document.getElementById('machines'), sorted(state.machines), false, hiddenNames.machines);
  document.getElementById('no-machines').hidden = state.machines.size > 0;
  renderDayOfYear();
  if (hasXp) {
    charts.days.resize();
    charts.hours.resize();
  }
  renderDays();
  renderHours();
}

async function refetch() {
  const since = new Date(Date.now() - 12 * 3600 * 1000).toISOString();
  const query = `query($u: String!, $since: Datetime!, $from: Date!) { profile(username: $u) {
    totalXp languages { name xp } recentLanguages: languages(since: $since) { name xp }
    machines { name xp } recentMachines: machines(since: $since) { name xp }
    dayLanguageXps(since: $from) { date language xp } dayOfYearXps hourOfDayXps } }`;
  const response = await fetch('/profile-graph', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ query, variables: { u: state.username, since, from: addDays(state.today, -(CHART_DAYS + 1)) } }),
  });
  const body = await response.json();
  const p = body.data && body.data.profile;
  if (!p) { return; }
  const recent = (rows) => new Map(rows.map(r => [r.name, r.xp]));
  const withRecent = (rows, recentRows) => rows.map(r => ({ name: r.name, xp: r.xp, recentXp: recentRows.get(r.name) || 0 }));
  const recentLanguages = recent(p.recentLanguages);
  const fresh = fromData({
    username: state.username,
    today: state.today,
    totalXp: p.totalXp,
    recentXp: [...recentLanguages.values()].reduce((a, b) => a + b, 0),
    languages: withRecent(p.languages, recentLanguages),
    machines: withRecent(p.machines, recent(p.recentMachines)),
    dayLanguageXps: p.dayLanguageXps,
    dayOfYearXps: p.dayOfYearXps,
    hourOfDayXps: p.hourOfDayXps,
  });
  fresh.lastProgrammed = state.lastProgrammed;
  Object.assign(state, fresh);
  render();
}

setUpDayOfYearKeys();
['bars', 'clock'].forEach(style => {
  document.getElementById('hours-as-' + style).addEventListener('click', () => {
    hourStyle = style;
    localStorage.setItem('codestats.hourChart', style);
    renderHours();
  });
});
window.addEventListener('resize', () => { charts.days.resize(); charts.hours.resize(); });

render();

const status = document.getElementById('live-status');
// The owner's channel token is short-lived and ends with the log-in: each reconnect asks for a
// fresh one; without one (logged out meanwhile) the socket connects as a visitor.
const tokenMeta = document.querySelector('meta[name="channel_token"]');
let channelToken = tokenMeta ? tokenMeta.content : null;
async function refreshChannelToken() {
  try {
    const response = await fetch('/my/channel-token', { headers: { Accept: 'application/json' }, redirect: 'manual' });
    channelToken = response.ok ? (await response.json()).token : null;
  } catch (e) {
    // offline: keep the token we have, the server refuses it if it no longer counts
  }
}
const socket = new Socket('/live_update_socket', { params: () => (channelToken ? { token: channelToken } : {}) });
const channel = socket.channel('users:' + state.username, {});
window.codestatsSocket = socket;
channel.on('new_pulse', applyPulse);
// the user's figures were recomputed (XP removed or restored, a machine deleted): fetch them again
channel.on('refetch', () => { refetch().catch(() => {}); });
socket.onOpen(({ reconnected }) => {
  if (reconnected) { refetch().catch(() => {}); }
});
socket.onClose(() => {
  status.dataset.state = 'disconnected';
  status.textContent = 'Live updates disconnected, reconnecting…';
  if (channelToken) { refreshChannelToken(); }
});
channel.join()
  .receive('ok', () => { status.dataset.state = 'live'; status.textContent = 'Live: updates as the user types.'; })
  .receive('error', () => { status.dataset.state = 'error'; status.textContent = 'Live updates unavailable.'; });
socket.connect();
