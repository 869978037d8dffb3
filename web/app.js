// The analyst's page: stories, a story's outlets side by side, the events
// timeline, the map and search, all over outpost's JSON API.
//
// Every string that comes from an article (titles, outlets, sentences, names)
// is put into the page as a text node or an attribute value, never parsed as
// HTML: there is no innerHTML anywhere, and the server's Content-Security-Policy
// refuses inline script besides.

import { drawMap } from "/assets/map.js";

/** Builds an element; string and number children become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An in-app link; only paths we build ourselves, never an article's URL. */
function link(path, ...children) {
  return el("a", { href: path }, ...children);
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try { message = (await response.json()).error || message; } catch { /* not JSON */ }
    throw new Error(message);
  }
  return response.json();
}

const main = () => document.getElementById("main");

function show(...nodes) {
  main().replaceChildren(...nodes.flat().filter(Boolean));
}

function range(r) {
  if (!r) return null;
  const n = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  if (r.high === null || r.high === undefined) return `${n(r.low)}+`;
  return r.high === r.low ? n(r.low) : `${n(r.low)}–${n(r.high)}`;
}

function dates(a, b) {
  if (a && b && a !== b) return `${a} – ${b}`;
  return a || b || "undated";
}

function verdictBadge(verdict) {
  const words = { contradicted: "sources contradict", corroborated: "corroborated", single: "single source" };
  return el("span", { class: `badge ${verdict}` }, words[verdict] || verdict);
}

function place(location) {
  if (!location) return "place unknown";
  return location.admin1 && location.admin1 !== location.name
    ? `${location.name}, ${location.admin1}` : location.name;
}

function actor(a) { return a ? a.name : "?"; }

const STATUS = { occurred: "", proposed: " (proposed)", denied: " (denied)", hypothetical: " (hypothetical)" };

function eventLine(e) {
  const kind = e.acled_sub_event_type || e.mode || "";
  const casualties = [
    e.fatalities ? `killed ${range(e.fatalities)}` : null,
    e.injured ? `injured ${range(e.injured)}` : null,
  ].filter(Boolean).join(", ");
  return el("div", { class: "event", "data-event": e.id },
    el("span", { class: "type" }, e.type), kind ? ` · ${kind}` : "", STATUS[e.status] || "",
    " — ", actor(e.actor1), e.actor2 ? ` → ${actor(e.actor2)}` : "",
    " @ ", place(e.location),
    casualties ? ` — ${casualties}` : "",
    el("span", { class: "meta" }, ` (${e.outlets} outlet${e.outlets === 1 ? "" : "s"})`),
    el("details", {},
      el("summary", {}, `${e.mentions.length} source sentence${e.mentions.length === 1 ? "" : "s"}`),
      e.mentions.map((m) => el("div", { class: "fact" },
        el("span", { class: "outlet" }, m.outlet || "unknown outlet"),
        m.speaker ? el("span", { class: "meta" }, ` according to ${m.speaker}`) : null,
        el("blockquote", {}, m.sentence)))));
}

function timeline(events) {
  if (!events.length) return el("p", { class: "muted" }, "No events.");
  const days = new Map();
  for (const e of events) {
    const key = e.date || "undated";
    if (!days.has(key)) days.set(key, []);
    days.get(key).push(e);
  }
  return el("div", { class: "timeline" },
    [...days].map(([day, list]) => el("div", { class: "day" },
      el("div", { class: "date" }, day), list.map(eventLine))));
}

// ---- Stories ----------------------------------------------------------------

async function storiesView() {
  const [stories, contradicted] = await Promise.all([
    api("/api/stories"), api("/api/claims?contradictions=true"),
  ]);
  const cards = stories.map((s) => {
    const contradicts = contradicted.some((c) => c.values.some((v) => s.article_ids.includes(v.article_id)));
    return el("div", { class: "card story-card", "data-story": s.id },
      el("h3", {}, link(`/stories/${encodeURIComponent(s.id)}`, s.title || "(untitled story)"),
        contradicts ? verdictBadge("contradicted") : null),
      el("div", { class: "meta" },
        dates(s.first_date, s.last_date), " · ",
        `${s.article_ids.length} article${s.article_ids.length === 1 ? "" : "s"}`, " · ",
        `${s.event_ids.length} event${s.event_ids.length === 1 ? "" : "s"}`),
      el("div", {}, s.outlets.length ? s.outlets.map((o) => el("span", { class: "outlet" }, o))
        : el("span", { class: "muted" }, "outlets unknown")));
  });
  show(el("h1", {}, "Stories"),
    el("p", { class: "muted" }, "Newest first. A red badge marks a story where outlets contradict each other."),
    cards.length ? cards : el("p", { class: "muted" }, "No stories yet: ingest some articles."));
}

// ---- One story ----------------------------------------------------------------

function claimCard(c) {
  return el("div", { class: `card claim ${c.verdict}`, "data-claim": c.id },
    el("h3", {}, `${c.attribute} of ${c.subject}`, verdictBadge(c.verdict)),
    el("div", { class: "values" }, c.values.map((v) => el("div", { class: "value" },
      el("div", { class: "number" }, v.text),
      el("span", { class: "outlet" }, v.outlet || "unknown outlet"),
      el("blockquote", {}, v.sentence)))));
}

async function storyView(id) {
  const data = await api(`/api/stories/${encodeURIComponent(id)}`);
  const { story, articles, events, claims } = data;
  document.title = `${story.title} — outpost`;
  const contradictions = claims.filter((c) => c.verdict === "contradicted");
  const agreements = claims.filter((c) => c.verdict === "corroborated");

  // Outlets side by side: each outlet's articles, then every fact it states.
  const outlets = [...new Set([
    ...articles.map((a) => a.outlet || "unknown outlet"),
  ])];
  const columns = outlets.map((outlet) => {
    const own = articles.filter((a) => (a.outlet || "unknown outlet") === outlet);
    const ids = new Set(own.map((a) => a.id));
    const claimFacts = claims.flatMap((c) => c.values.filter((v) => ids.has(v.article_id)).map((v) =>
      el("div", { class: `fact ${c.verdict}` },
        el("span", { class: "label" }, `${c.attribute} of ${c.subject}: ${v.text}`), verdictBadge(c.verdict),
        el("blockquote", {}, v.sentence))));
    const eventFacts = events.flatMap((e) => e.mentions.filter((m) => ids.has(m.article_id)).map((m) =>
      el("div", { class: "fact" },
        el("span", { class: "label" }, `${e.date || "undated"} ${e.type}`),
        ` ${actor(e.actor1)}${e.actor2 ? ` → ${actor(e.actor2)}` : ""} @ ${place(e.location)}`,
        e.fatalities ? ` — killed ${range(e.fatalities)}` : "",
        el("blockquote", {}, m.sentence))));
    return el("div", { class: "column", "data-outlet": outlet },
      el("h3", {}, outlet),
      own.map((a) => el("div", { class: "meta" },
        `${a.published || "undated"}${a.published_inferred ? " (inferred)" : ""} · `, a.title || "(untitled)",
        a.duplicate_of ? " · copy of another article" : "")),
      claimFacts, eventFacts.length ? el("details", {},
        el("summary", {}, `${eventFacts.length} event sentence${eventFacts.length === 1 ? "" : "s"}`), eventFacts) : null);
  });

  show(
    el("h1", {}, story.title || "(untitled story)", contradictions.length ? verdictBadge("contradicted") : null),
    el("div", { class: "meta" }, dates(story.first_date, story.last_date), " · ",
      `${articles.length} articles from `, story.outlets.join(", ") || "unknown outlets"),
    el("h2", {}, `Contradictions (${contradictions.length})`),
    contradictions.length ? contradictions.map(claimCard) : el("p", { class: "muted" }, "None found."),
    el("h2", {}, `Agreements (${agreements.length})`),
    agreements.length ? agreements.map(claimCard) : el("p", { class: "muted" }, "None found."),
    el("h2", {}, "Outlets side by side"),
    el("div", { class: "columns" }, columns),
    el("h2", {}, `Timeline (${events.length} events)`),
    timeline(events));
}

// ---- Events: filters, timeline, map ------------------------------------------------

const FILTERS = [["since", "Since", "date"], ["until", "Until", "date"], ["type", "Type"], ["actor", "Actor"], ["place", "Place"]];

function filterParams() {
  const given = new URLSearchParams(location.search);
  const params = new URLSearchParams();
  for (const [name] of FILTERS) {
    const v = given.get(name);
    if (v) params.set(name, v);
  }
  return params;
}

function filterForm(action, params) {
  return el("form", { class: "filters", method: "get", action },
    FILTERS.map(([name, label, type]) => el("label", {}, label,
      el("input", { name, type: type || "text", value: params.get(name) || "", placeholder: type ? "" : "any" }))),
    el("button", { type: "submit" }, "Filter"));
}

function exports(params) {
  const with_ = (format) => { const p = new URLSearchParams(params); p.set("format", format); return `/api/events?${p}`; };
  return el("div", { class: "exports" }, "Export: ",
    el("a", { href: with_("csv"), download: "events.csv" }, "CSV"),
    el("a", { href: with_("geojson"), download: "events.geojson" }, "GeoJSON"),
    el("a", { href: with_("json") }, "JSON"));
}

async function timelineView() {
  const params = filterParams();
  const events = await api(`/api/events?${params}`);
  show(el("h1", {}, "Events timeline"), filterForm("/timeline", params), exports(params),
    el("p", { class: "muted" }, `${events.length} canonical events, by date (undated last).`),
    timeline(events));
}

async function mapView() {
  const params = filterParams();
  const events = await api(`/api/events?${params}`);
  const box = el("div", { class: "mapbox" });
  const notes = el("div", {});
  show(el("h1", {}, "Events map"), filterForm("/map", params), exports(params), notes, box);
  const located = events.filter((e) => e.location && e.location.lat != null && e.location.lon != null);
  const places = new Map();
  for (const e of located) {
    const key = e.location.id || e.location.name;
    if (!places.has(key)) places.set(key, { location: e.location, events: [] });
    places.get(key).events.push(e);
  }
  const unlocated = events.length - located.length;
  notes.append(el("p", { class: "muted" },
    `${located.length} located events at ${places.size} places`,
    unlocated ? `; ${unlocated} events have no coordinates and are not drawn.` : "."));
  const drawn = await drawMap(box, [...places.values()]);
  if (!drawn.outlines) {
    notes.append(el("div", { class: "notice" },
      "Country outlines are not installed (run scripts/setup.sh and rebuild); points are drawn without them."));
  }
  const rows = [...places.values()].sort((a, b) => b.events.length - a.events.length);
  main().append(el("table", { class: "places" },
    el("tr", {}, el("th", {}, "Place"), el("th", {}, "Country"), el("th", {}, "Events"), el("th", {}, "Types")),
    rows.map((p) => el("tr", { "data-place": p.location.name },
      el("td", {}, link(`/timeline?place=${encodeURIComponent(p.location.name)}`, place(p.location))),
      el("td", {}, p.location.country || ""),
      el("td", {}, String(p.events.length)),
      el("td", {}, [...new Set(p.events.map((e) => e.type))].join(", "))))));
}

// ---- Search ----------------------------------------------------------------------

/** A snippet with `[term]` marks as text nodes and <mark> elements. */
function snippet(text) {
  const parts = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push(text.slice(last, m.index), el("mark", {}, m[1]));
    last = re.lastIndex;
  }
  parts.push(text.slice(last));
  return el("div", { class: "snippet" }, parts);
}

async function searchView() {
  const q = new URLSearchParams(location.search).get("q") || "";
  const form = el("form", { class: "filters", method: "get", action: "/search" },
    el("label", {}, "Words in titles and texts", el("input", { name: "q", value: q, type: "search", placeholder: "e.g. Voskepar" })),
    el("button", { type: "submit" }, "Search"));
  if (!q.trim()) { show(el("h1", {}, "Search articles"), form); return; }
  const [hits, articles] = await Promise.all([
    api(`/api/search?${new URLSearchParams({ q, limit: "50" })}`), api("/api/articles"),
  ]);
  const storyOf = new Map(articles.map((a) => [a.id, a]));
  show(el("h1", {}, "Search articles"), form,
    el("p", { class: "muted" }, `${hits.length} article${hits.length === 1 ? "" : "s"} match.`),
    hits.map((h) => {
      const a = storyOf.get(h.article_id);
      return el("div", { class: "hit" },
        el("div", {}, a && a.story_id ? link(`/stories/${encodeURIComponent(a.story_id)}`, h.title || "(untitled)")
          : el("strong", {}, h.title || "(untitled)"),
        a && a.outlet ? el("span", { class: "outlet" }, a.outlet) : null,
        el("span", { class: "meta" }, ` ${a && a.published ? a.published : ""} · ${h.source}`)),
        snippet(h.snippet));
    }));
}

// ---- Routing -----------------------------------------------------------------------

async function route() {
  const path = location.pathname;
  const view = path.startsWith("/stories/") ? "stories" : path.replace(/^\//, "") || "stories";
  for (const a of document.querySelectorAll("nav a")) {
    a.classList.toggle("current", a.dataset.view === view);
  }
  try {
    if (path.startsWith("/stories/")) await storyView(decodeURIComponent(path.slice("/stories/".length)));
    else if (path === "/timeline") await timelineView();
    else if (path === "/map") await mapView();
    else if (path === "/search") await searchView();
    else await storiesView();
  } catch (err) {
    show(el("h1", {}, "Something went wrong"), el("p", { class: "error" }, String(err.message || err)));
  }
  document.body.dataset.ready = "true";
}

route();
