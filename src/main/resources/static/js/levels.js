// The page's one copy of the server's number rules, for the profile page to redraw as live
// pulses arrive (the live push carries only the pulse, its wire format is fixed): levels and
// bars as xp/LevelMaths computes them (level L starts at 1600·L² XP), the day-of-year shades
// as profile/ProfilePage does. NumberScriptsBrowserTest runs both on the same table of cases.
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

// the shade 0..4 of a day with xp XP when the busiest day has max
export function heat(xp, max) {
  return xp <= 0 || max <= 0 ? 0 : Math.max(1, Math.ceil(4 * xp / max));
}

// the legend's label for each shade 0..4 when the busiest day has max XP
export function legend(max) {
  return [0, 1, 2, 3, 4].map(shade => {
    const upTo = Math.floor(max * shade / 4);
    return shade === 0 ? 'no XP' : upTo < 1 ? '–' : 'up to ' + thousands(upTo) + ' XP';
  });
}

export function describe(label, xp, recent) {
  let text = (label === null ? 'Level ' : label + ' level ') + level(xp) + ' (' + thousands(xp) + ' XP)';
  if (recent > 0) { text += ' (+' + thousands(recent) + ')'; }
  return text;
}
