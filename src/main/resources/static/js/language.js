// A language page: draws its charts and keeps its figures up to date from the profile's live
// channel, counting only the XP of pulses in this language.
import * as echarts from '/webjars/echarts/dist/echarts.esm.min.js';
import { Socket } from '/js/phoenix-socket.js';
import { describe, heat, legend, progress, thousands } from '/js/levels.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PALETTE = ['#2b6cb0', '#ed8936', '#38a169', '#d53f8c', '#805ad5', '#d69e2e', '#319795', '#e53e3e', '#a0aec0'];

const data = JSON.parse(document.getElementById('language-data').textContent);
const state = {
  xp: data.xp,
  recentXp: data.recentXp,
  userTotalXp: data.userTotalXp,
  lastDay: data.lastDay,
  days: new Map(Object.entries(data.yearDays)),
  weeks: new Map(data.weeks.map(w => [w.week, w.xp])),
  machines: new Map(data.machines.map(m => [m.name, m.xp])),
  hours: data.hours.slice(),
};
window.codestatsLanguage = state;
const charts = {
  weeks: echarts.init(document.getElementById('weeks-chart')),
  machines: echarts.init(document.getElementById('machines-chart')),
  hours: echarts.init(document.getElementById('hours-chart')),
};
window.codestatsCharts = charts;

function formatDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  return MONTHS[m - 1] + ' ' + d + ', ' + y;
}

function monday(date) {
  const t = new Date(date + 'T00:00:00Z');
  t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7));
  return t.toISOString().slice(0, 10);
}

// the same rule as LanguagePage.share: one decimal
function share(xp, total) {
  if (total <= 0) { return '0 %'; }
  const tenths = Math.round(xp * 1000 / total);
  return Math.floor(tenths / 10) + '.' + (tenths % 10) + ' %';
}

function applyPulse(pulse) {
  const mine = pulse.xps.filter(e => e.language === data.language);
  // every pulse is part of the user's total, so the share moves with other languages too
  pulse.xps.forEach(e => { state.userTotalXp += e.amount; });
  if (mine.length === 0) { renderShare(); return; }
  const date = pulse.sent_at_local.slice(0, 10);
  const hour = Number(pulse.sent_at_local.slice(11, 13));
  mine.forEach(({ amount }) => {
    state.xp += amount;
    state.recentXp += amount;
    state.days.set(date, (state.days.get(date) || 0) + amount);
    const week = monday(date);
    state.weeks.set(week, (state.weeks.get(week) || 0) + amount);
    state.machines.set(pulse.machine, (state.machines.get(pulse.machine) || 0) + amount);
    state.hours[hour] += amount;
  });
  if (date > state.lastDay) { state.lastDay = date; }
  render();
}

function renderShare() {
  document.getElementById('language-share').textContent = share(state.xp, state.userTotalXp);
}

function renderHeader() {
  document.getElementById('language-level').textContent = describe(data.language, state.xp, state.recentXp);
  const p = progress(state.xp, state.recentXp);
  const [old, fresh] = document.getElementById('language-bar').querySelectorAll('rect');
  old.setAttribute('width', p.oldPercent);
  fresh.setAttribute('x', p.oldPercent);
  fresh.setAttribute('width', p.recentPercent);
  document.getElementById('language-xp').textContent = thousands(state.xp) + ' XP';
  document.getElementById('language-recent').textContent = thousands(state.recentXp) + ' XP';
  document.getElementById('language-last').textContent = formatDate(state.lastDay);
  renderShare();
}

function renderCalendar() {
  const cells = [...document.querySelectorAll('#calendar td[data-date]')];
  const max = Math.max(0, ...cells.map(c => state.days.get(c.dataset.date) || 0));
  cells.forEach(cell => {
    const xp = state.days.get(cell.dataset.date) || 0;
    cell.className = 'doy-heat-' + heat(xp, max);
    cell.title = formatDate(cell.dataset.date) + ': ' + thousands(xp) + ' XP';
    cell.querySelector('.visually-hidden').textContent = cell.title;
  });
  const labels = legend(max);
  document.querySelectorAll('#cal-legend .doy-legend-text').forEach((label, shade) => { label.textContent = labels[shade]; });
}

function renderWeeks() {
  const weeks = [...state.weeks.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  charts.weeks.setOption({
    color: PALETTE, animation: false, tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 10, top: 20, bottom: 30 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'XP', type: 'line', showSymbol: weeks.length < 60, data: weeks }],
  }, { notMerge: true });
  const most = weeks.reduce((best, w) => (w[1] > best[1] ? w : best), ['', 0]);
  document.getElementById('weeks-summary').textContent = weeks.length === 0 ? 'No XP yet.'
    : thousands(weeks.length) + ' weeks with XP; the most in the week of ' + formatDate(most[0]) + ' (' + thousands(most[1]) + ' XP).';
}

function renderMachines() {
  const machines = [...state.machines.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  charts.machines.setOption({
    color: PALETTE, animation: false, tooltip: { trigger: 'axis' },
    grid: { left: 90, right: 20, top: 10, bottom: 30 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: machines.map(m => m[0]) },
    series: [{ name: 'XP', type: 'bar', data: machines.map(m => m[1]) }],
  }, { notMerge: true });
  document.getElementById('machines-summary').textContent = machines.length === 0 ? 'No active machine has XP in it.'
    : machines.map(([name, xp]) => name + ' ' + thousands(xp) + ' XP').join(', ') + '.';
}

function renderHours() {
  charts.hours.setOption({
    color: PALETTE, animation: false, tooltip: { trigger: 'axis' },
    grid: { left: 50, right: 10, top: 20, bottom: 30 },
    xAxis: { type: 'category', data: state.hours.map((_, h) => String(h)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'XP', type: 'bar', data: state.hours }],
  }, { notMerge: true });
  const most = state.hours.indexOf(Math.max(...state.hours));
  document.getElementById('hours-summary').textContent = state.hours[most] === 0 ? 'No XP in any hour yet.'
    : 'The most XP in the hour from ' + most + ':00 (' + thousands(state.hours[most]) + ' XP), in the user\'s local time.';
}

function render() {
  renderHeader();
  renderCalendar();
  renderWeeks();
  renderMachines();
  renderHours();
}

window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
render();

// after a reconnect, pulses missed meanwhile come with a fresh read of the figures
async function refetch() {
  const query = `query($u: String!, $l: String!) { profile(username: $u) { totalXp
    language(name: $l) { xp newXp lastDate machines { name xp } dates { date xp } hourOfDayXps } } }`;
  const response = await fetch('/profile-graph', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ query, variables: { u: data.username, l: data.language } }),
  });
  const body = await response.json();
  const p = body.data && body.data.profile;
  if (!p || !p.language) { return; }
  const l = p.language;
  state.xp = l.xp;
  state.recentXp = l.newXp;
  state.userTotalXp = p.totalXp;
  state.lastDay = l.lastDate;
  state.days = new Map(l.dates.filter(d => d.date >= data.calendarStart).map(d => [d.date, d.xp]));
  state.weeks = new Map();
  l.dates.forEach(d => { const w = monday(d.date); state.weeks.set(w, (state.weeks.get(w) || 0) + d.xp); });
  state.machines = new Map(l.machines.map(m => [m.name, m.xp]));
  state.hours = state.hours.map((_, h) => l.hourOfDayXps[String(h)] || 0);
  render();
}

const status = document.getElementById('live-status');
// the profile page's channel: the owner's token lets them follow a private profile
const tokenMeta = document.querySelector('meta[name="channel_token"]');
let channelToken = tokenMeta ? tokenMeta.content : null;
async function refreshChannelToken() {
  try {
    const response = await fetch('/my/channel-token', { headers: { Accept: 'application/json' }, redirect: 'manual' });
    channelToken = response.ok ? (await response.json()).token : null;
  } catch (e) {
    // offline: keep the token we have
  }
}
const socket = new Socket('/live_update_socket', { params: () => (channelToken ? { token: channelToken } : {}) });
const channel = socket.channel('users:' + data.username, {});
window.codestatsSocket = socket;
channel.on('new_pulse', applyPulse);
socket.onOpen(({ reconnected }) => {
  if (reconnected) { refetch().catch(() => {}); }
});
socket.onClose(() => {
  status.dataset.state = 'disconnected';
  status.textContent = 'Live updates disconnected, reconnecting…';
  if (channelToken) { refreshChannelToken(); }
});
channel.join()
  .receive('ok', () => { status.dataset.state = 'live'; status.textContent = 'Live: updates as the user types in ' + data.language + '.'; })
  .receive('error', () => { status.dataset.state = 'error'; status.textContent = 'Live updates unavailable.'; });
socket.connect();
