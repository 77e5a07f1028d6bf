// The front page: a fading dot on the world map for each pulse, and everyone's XP per minute.
import * as echarts from '/webjars/echarts/dist/echarts.esm.min.js';
import { Socket } from '/js/phoenix-socket.js';
import { thousands } from '/js/levels.js';

const MINUTES = 240;
const ENTRY_CAP = 400;
const FADE_MS = 4000;
const SVG_NS = 'http://www.w3.org/2000/svg';

const history = new Map(); // minute (epoch ms) → XP
const chartElement = document.getElementById('xp-history-chart');
const chart = echarts.init(chartElement);
const summary = document.getElementById('xp-history-summary');
const dots = document.getElementById('world-dots'); // absent without a GeoIP database
const status = document.getElementById('live-status');
// the viewer's own clock and zone: the server's minutes are UTC instants
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const zone = timeFormat.resolvedOptions().timeZone;
let historyLoaded = false;
window.codestatsCharts = { history: chart };

document.getElementById('xp-history-zone').textContent = zone
  ? 'Times are in your local time (' + zone.replaceAll('_', ' ') + ').'
  : 'Times are in your local time.';

function minuteOf(ms) { return Math.floor(ms / 60000) * 60000; }

function describe(minutes, data, total) {
  if (!historyLoaded) { return; }
  summary.dataset.state = total > 0 ? 'xp' : 'empty';
  if (total === 0) {
    summary.textContent = 'Nobody has coded in the last 4 hours.';
    return;
  }
  const busiest = data.indexOf(Math.max(...data));
  const active = data.filter(xp => xp > 0).length;
  summary.textContent = thousands(total) + ' XP in the last 4 hours, in ' + active
    + (active === 1 ? ' minute' : ' minutes') + '; the most at ' + timeFormat.format(new Date(minutes[busiest]))
    + ' (' + thousands(data[busiest]) + ' XP).';
}

function render() {
  const now = minuteOf(Date.now());
  const minutes = [];
  for (let i = MINUTES - 1; i >= 0; i--) { minutes.push(now - i * 60000); }
  for (const key of history.keys()) { if (key < minutes[0]) { history.delete(key); } }
  const data = minutes.map(m => history.get(m) || 0);
  const total = data.reduce((a, b) => a + b, 0);
  chartElement.dataset.total = String(total);
  const empty = historyLoaded && total === 0;
  chart.setOption({
    animation: false,
    color: ['#2b6cb0'],
    tooltip: { trigger: 'axis' },
    grid: { left: 50, right: 10, top: 10, bottom: 30 },
    title: empty
      ? { text: 'Nobody has coded in the last 4 hours.', left: 'center', top: 'middle', textStyle: { fontSize: 14, fontWeight: 'normal', color: '#666' } }
      : { show: false },
    xAxis: { type: 'category', data: minutes.map(m => timeFormat.format(new Date(m))) },
    // whole XP only: an empty chart must not show a 0–1 fractional axis
    yAxis: { type: 'value', minInterval: 1, axisLabel: { show: !empty } },
    series: [{ name: 'XP', type: 'bar', data, barCategoryGap: '10%' }],
  }, { notMerge: true });
  describe(minutes, data, total);
}

function drawDot(coords, xp) {
  const dot = document.createElementNS(SVG_NS, 'circle');
  // equirectangular: the map's viewBox is 360 × 180 degrees
  dot.setAttribute('cx', String(coords.lon + 180));
  dot.setAttribute('cy', String(90 - coords.lat));
  // 10–20 px on the rendered map, growing with XP
  const px = 10 + Math.min(10, xp / 10);
  const scale = 360 / Math.max(1, dots.getBoundingClientRect().width);
  dot.setAttribute('r', String((px / 2) * scale));
  dot.setAttribute('class', 'dot');
  dot.dataset.lat = String(coords.lat);
  dot.dataset.lon = String(coords.lon);
  dots.appendChild(dot);
  setTimeout(() => dot.remove(), FADE_MS);
}

function onPulse(pulse) {
  const xp = pulse.xps.reduce((sum, e) => sum + Math.min(e.amount, ENTRY_CAP), 0);
  const minute = minuteOf(Date.now());
  history.set(minute, (history.get(minute) || 0) + xp);
  render();
  if (pulse.coords && dots) { drawDot(pulse.coords, pulse.xps.reduce((sum, e) => sum + e.amount, 0)); }
}

function loadHistory(rows) {
  history.clear();
  rows.forEach(([[[y, mo, d], [h, mi]], xp]) => history.set(Date.UTC(y, mo - 1, d, h, mi), xp));
  historyLoaded = true;
  render();
}

render();
setInterval(render, 15000);
window.addEventListener('resize', () => chart.resize());

const socket = new Socket('/live_update_socket', {});
const channel = socket.channel('frontpage', {});
channel.on('new_pulse', onPulse);
socket.onClose(() => { status.dataset.state = 'disconnected'; status.textContent = 'Live updates disconnected, reconnecting…'; });
channel.join()
  .receive('ok', (response) => {
    loadHistory(response.xp_history || []);
    status.dataset.state = 'live';
    status.textContent = dots
      ? 'Live: every dot is someone programming right now.'
      : 'Live: the chart grows as people code.';
  })
  .receive('error', () => { status.dataset.state = 'error'; status.textContent = 'Live updates unavailable.'; });
socket.connect();
