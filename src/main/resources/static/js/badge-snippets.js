// Copy-paste snippets for the README badge and card, with a preview that follows the options.

const root = document.getElementById('badge-snippets');
if (root) {
  const profile = new URL(root.dataset.userPath, location.origin).href;
  const field = (id) => document.getElementById(id);
  const html = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

  const image = (file, options) => {
    const url = new URL(profile + '/' + file);
    for (const [name, value] of Object.entries(options)) {
      if (value !== '') url.searchParams.set(name, value);
    }
    return url.href;
  };

  const show = (kind, src) => {
    const preview = field(kind + '-preview'); // none while the profile is private: it would be a 404
    if (preview) preview.src = src;
    field(kind + '-markdown').value = `[![Code::Stats](${src})](${profile})`;
    field(kind + '-html').value = `<a href="${html(profile)}"><img src="${html(src)}" alt="Code::Stats"></a>`;
  };

  const badge = () => {
    const style = field('badge-style').value;
    show('badge', image('badge.svg', {
      language: field('badge-language').value.trim(),
      style: style === 'flat' ? '' : style,
    }));
  };

  const card = () => {
    const count = Math.min(10, Math.max(0, Number.parseInt(field('card-languages').value, 10) || 0));
    const theme = field('card-theme').value;
    show('card', image('card.svg', {
      languages: count === 5 ? '' : String(count),
      theme: theme === 'light' ? '' : theme,
    }));
  };

  // the language is typed: wait for a pause before asking for a new preview
  let typing;
  field('badge-language').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(badge, 300);
  });
  field('badge-style').addEventListener('change', badge);
  field('card-languages').addEventListener('input', card);
  field('card-theme').addEventListener('change', card);
  badge();
  card();
}
