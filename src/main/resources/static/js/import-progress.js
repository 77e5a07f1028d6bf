// Follows a running import on the preferences page until it has finished: a bar while it
// runs, then its result (green, or red with the error) with a button to dismiss it.
const box = document.getElementById('import-status');

async function poll() {
  const response = await fetch('/my/import/status', { headers: { Accept: 'application/json' } });
  if (response.status !== 200) return;
  const status = await response.json();
  let bar = document.getElementById('import-progress');
  let message = document.getElementById('import-message');
  if (!message) {
    message = Object.assign(document.createElement('p'), { id: 'import-message' });
    box.prepend(message);
  }
  if (status.running) {
    if (!bar) {
      bar = Object.assign(document.createElement('progress'), { id: 'import-progress', max: 100 });
      message.before(bar);
    }
    bar.value = status.percent;
    message.className = '';
  } else {
    if (bar) bar.remove();
    message.className = status.state === 'failed' ? 'flash flash-error' : 'flash flash-success';
    const dismiss = document.getElementById('import-dismiss-form');
    if (dismiss) dismiss.hidden = false;
  }
  box.dataset.state = status.state;
  message.textContent = status.message;
  if (status.running) setTimeout(poll, 1000);
}

if (box && box.dataset.running === 'true') {
  setTimeout(poll, 500);
}
