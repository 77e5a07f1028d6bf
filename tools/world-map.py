# Builds src/main/resources/static/map/world-110m.svg from world-atlas (npm, ISC licence),
# which packages the public-domain Natural Earth 1:110m country outlines as TopoJSON:
#   npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz && python3 tools/world-map.py
# Equirectangular projection, coordinates rounded to 0.1 degree.
import json
t = json.load(open('package/countries-110m.json'))
sx, sy = t['transform']['scale']; tx, ty = t['transform']['translate']
arcs = []
for arc in t['arcs']:
    x = y = 0; pts = []
    for dx, dy in arc:
        x += dx; y += dy
        pts.append((x*sx+tx, y*sy+ty))
    arcs.append(pts)
def ring(idx):
    pts = []
    for i in idx:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts
paths = []
for g in t['objects']['countries']['geometries']:
    polys = g['arcs'] if g['type'] == 'MultiPolygon' else [g['arcs']] if g['type'] == 'Polygon' else []
    d = []
    for poly in polys:
        for r in poly:
            pts = ring(r)
            # unwrap across the antimeridian; a ring that then leaves [-180, 180] is drawn
            # again shifted by 360 degrees, and the viewBox clips both copies
            un = []; shift = 0
            for i, (lon, lat) in enumerate(pts):
                if i and lon + shift - un[-1][0] > 180: shift -= 360
                elif i and lon + shift - un[-1][0] < -180: shift += 360
                un.append((lon + shift, lat))
            lo = min(p[0] for p in un); hi = max(p[0] for p in un)
            copies = [0] + ([360] if lo < -180 else []) + ([-360] if hi > 180 else [])
            for off in copies:
                s = []; last = None
                for lon, lat in un:
                    p = (round(lon + off + 180, 1), round(90 - lat, 1))
                    if p != last: s.append('%g %g' % p); last = p
                if len(s) > 2: d.append('M' + 'L'.join(s) + 'Z')
    if d: paths.append(''.join(d))
svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" preserveAspectRatio="none">\n'
       '<!-- Country outlines: Natural Earth 1:110m (public domain), via world-atlas 2.0.2 (ISC, Michael Bostock). Equirectangular: x = lon + 180, y = 90 - lat. -->\n'
       '<path fill="#3a4a5c" stroke="#22303d" stroke-width="0.2" d="' + ''.join(paths) + '"/>\n</svg>\n')
open('src/main/resources/static/map/world-110m.svg', 'w').write(svg)
print(len(svg))
