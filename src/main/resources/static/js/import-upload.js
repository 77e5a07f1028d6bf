// Sends the chosen CSV file as the body of its own request, the CSRF token in a header: the
// server reads no upload before it knows who sends it. Shows the upload's progress; once the
// file is in, the page reloads and follows the import (import-progress.js).
const form = document.getElementById('import-form');

function show(text, failed) {
  const box = document.getElementById('import-status');
  let message = document.getElementById('import-upload-message');
  if (!message) {
    message = Object.assign(document.createElement('p'), { id: 'import-upload-message' });
    box.append(message);
  }
  message.textContent = text;
  message.className = failed ? 'flash flash-error' : '';
}

function upload(file) {
  const box = document.getElementById('import-status');
  let bar = document.getElementById('import-upload-progress');
  if (!bar) {
    bar = Object.assign(document.createElement('progress'), { id: 'import-upload-progress', max: 100, value: 0 });
    box.append(bar);
  }
  show('Uploading…', false);
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const request = new XMLHttpRequest();
  request.open('POST', form.action);
  request.setRequestHeader('Content-Type', 'text/csv');
  request.setRequestHeader('Accept', 'application/json');
  request.setRequestHeader(form.dataset.csrfHeader, form.querySelector('input[name=_csrf]').value);
  request.upload.addEventListener('progress', (event) => {
    if (event.lengthComputable) bar.value = Math.floor((100 * event.loaded) / event.total);
  });
  request.addEventListener('load', () => {
    if (request.status === 202) {
      window.location.reload();
      return;
    }
    let text = 'The upload failed (' + request.status + ').';
    try {
      text = JSON.parse(request.responseText).message || text;
    } catch (notJson) {
      if (request.status === 403) text = 'Your session has expired: reload the page and try again.';
    }
    bar.remove();
    show(text, true);
    button.disabled = false;
  });
  request.addEventListener('error', () => {
    bar.remove();
    show('The upload failed. Please check the file and try again.', true);
    button.disabled = false;
  });
  request.send(file);
}

if (form) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = form.querySelector('input[type=file]').files[0];
    if (file) upload(file);
  });
}
