// Follows a running import on the preferences page until it has finished.
const box = document.getElementById('import-status');

async function poll() {
  const response = await fetch('/my/import/status', { headers: { Accept: 'application/json' } });
  if (response.status !== 200) return;
  const status = await response.json();
  let bar = document.getElementById('import-progress');
  let message = document.getElementById('import-message');
  if (!bar) {
    bar = Object.assign(document.createElement('progress'), { id: 'import-progress', max: 100 });
    message = Object.assign(document.createElement('p'), { id: 'import-message' });
    box.append(bar, message);
  }
  bar.value = status.percent;
  message.textContent = status.message;
  message.className = status.state === 'failed' ? 'flash flash-error' : '';
  if (status.running) setTimeout(poll, 1000);
}

if (box && box.dataset.running === 'true') {
  setTimeout(poll, 500);
}
