// The same level maths as the server's LevelMaths: level L starts at 1600·L² XP.
export function level(xp) {
  if (xp <= 0) { return 0; }
  let l = Math.floor(0.025 * Math.sqrt(xp));
  while (1600 * l * l > xp) { l -= 1; }
  while (1600 * (l + 1) * (l + 1) <= xp) { l += 1; }
  return l;
}

export function thousands(n) {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function progress(total, recent) {
  total = Math.max(0, total);
  recent = Math.min(Math.max(0, recent), total);
  const l = level(total);
  const start = 1600 * l * l;
  const span = 1600 * (l + 1) * (l + 1) - start;
  const oldInLevel = Math.max(0, total - recent - start);
  const oldPercent = Math.floor(oldInLevel * 100 / span);
  const totalPercent = total <= 0 ? 0 : Math.floor((total - start) * 100 / span);
  return { level: l, oldPercent, recentPercent: totalPercent - oldPercent };
}

export function describe(label, xp, recent) {
  let text = (label === null ? 'Level ' : label + ' level ') + level(xp) + ' (' + thousands(xp) + ' XP)';
  if (recent > 0) { text += ' (+' + thousands(recent) + ')'; }
  return text;
}
