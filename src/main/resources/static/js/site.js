// Behaviour shared by every page: Copy buttons and confirmations before destructive forms.

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  const text = field.value ?? field.textContent;
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    // Without clipboard access (plain http, old browsers): select it for Ctrl+C.
    field.select?.();
    copied = document.execCommand?.('copy') ?? false;
  }
  const label = button.textContent;
  button.textContent = copied ? 'Copied!' : 'Press Ctrl+C';
  button.dataset.copied = String(copied);
  setTimeout(() => { button.textContent = label; }, 2000);
});

document.addEventListener('submit', (event) => {
  const message = event.target.dataset?.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
