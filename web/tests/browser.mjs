// Browser tests of `outpost serve` in Debian's headless chromium, driven by
// playwright-core: the stories page lists the seeds' stories, a story page
// shows every contradiction of the seeds, the map shows Voskepar, and hostile
// article text posted through the authenticated API runs nothing anywhere.
//
// Usage: OUTPOST_BIN=target/debug/outpost node web/tests/browser.mjs
//   SEEDS (default ../shared/seeds from the repository): seed checks are
//     skipped with a message when the folder is absent.
//   SHOTS: folder for screenshots (default: a fresh temp folder, printed).
//   CHROMIUM (default /usr/bin/chromium).
// Everything runs on loopback; the server and browser are stopped at the end.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const bin = resolve(process.env.OUTPOST_BIN || join(repo, "target/debug/outpost"));
const seeds = resolve(process.env.SEEDS || join(repo, "../shared/seeds"));
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const work = mkdtempSync(join(tmpdir(), "outpost-browser-"));
const shots = process.env.SHOTS ? resolve(process.env.SHOTS) : join(work, "shots");
mkdirSync(shots, { recursive: true });
const db = join(work, "outpost.db");
const token = "browser-test-token";

let failures = 0;
let passes = 0;
function check(name, ok, detail = "") {
  if (ok) { passes += 1; console.log(`ok   ${name}`); }
  else { failures += 1; console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`); }
}

if (!existsSync(bin)) { console.error(`no outpost binary at ${bin} (set OUTPOST_BIN)`); process.exit(1); }
const haveSeeds = existsSync(seeds);
if (haveSeeds) {
  const r = spawnSync(bin, ["--db", db, "ingest", seeds], { encoding: "utf8" });
  if (r.status !== 0) { console.error(`ingest failed: ${r.stderr}`); process.exit(1); }
} else {
  console.log(`skipping the seed checks: ${seeds} is not here`);
}

// Port 0: the server picks a free loopback port and prints its address.
const server = spawn(bin, ["--db", db, "serve", "--addr", "127.0.0.1:0"], {
  env: { ...process.env, OUTPOST_TOKEN: token }, stdio: ["ignore", "ignore", "pipe"],
});
const base = await new Promise((resolveBase, reject) => {
  let err = "";
  const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 30000);
  server.stderr.on("data", (chunk) => {
    err += chunk;
    const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
    if (m) { clearTimeout(timer); resolveBase(m[1]); }
  });
  server.on("exit", (code) => reject(new Error(`server exited (${code}): ${err}`)));
});

let browser;
try {
  // Hostile articles go in through the authenticated API.
  const body = readFileSync(join(here, "hostile.jsonl"), "utf8");
  const refused = await fetch(`${base}/api/ingest`, { method: "POST", body });
  check("POST /api/ingest without the token is refused", refused.status === 401, `got ${refused.status}`);
  const posted = await fetch(`${base}/api/ingest`, {
    method: "POST", body, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/x-ndjson" },
  });
  const summary = await posted.json();
  check("POST /api/ingest with the token stores the hostile records", posted.ok && summary.stored === 2, JSON.stringify(summary));

  // A fresh profile (--user-data-dir) in the temp folder.
  const context = await chromium.launchPersistentContext(join(work, "profile"), {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  browser = context;
  // Anything that tries to leave loopback fails the test: the page must be offline.
  const external = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:")) return route.continue();
    external.push(url);
    return route.abort();
  });
  const page = context.pages()[0] || await context.newPage();
  const dialogs = [];
  const errors = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("crash", () => errors.push("the page crashed"));

  async function visit(path, shot) {
    await page.goto(`${base}${path}`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
    // Hover over everything an attacker might have planted.
    await page.$$eval("main *", (nodes) => {
      for (const n of nodes) {
        for (const type of ["mouseover", "mouseenter", "focus"]) n.dispatchEvent(new Event(type, { bubbles: true }));
      }
    });
    if (shot) await page.screenshot({ path: join(shots, shot), fullPage: true });
    return page;
  }
  const text = () => page.evaluate(() => document.querySelector("main").textContent);

  // Stories list.
  await visit("/", "stories.png");
  const stories = await (await fetch(`${base}/api/stories`)).json();
  const shown = await page.$$eval("[data-story] h3 a", (as) => as.map((a) => a.textContent));
  check("the stories page lists every story, newest first",
    JSON.stringify(shown) === JSON.stringify(stories.map((s) => s.title)), `${JSON.stringify(shown)}`);
  const contradicted = await (await fetch(`${base}/api/claims?contradictions=true`)).json();
  if (haveSeeds) {
    const articles = await (await fetch(`${base}/api/articles`)).json();
    const seedIds = new Set(articles.filter((a) => !a.source.startsWith("api#")).map((a) => a.id));
    const seedStories = stories.filter((s) => s.article_ids.some((id) => seedIds.has(id)));
    check("the seeds' stories are listed", seedStories.length >= 2 && seedStories.every((s) => shown.includes(s.title)),
      `${seedStories.length} seed stories`);
    const badges = await page.$$eval("[data-story] .badge.contradicted", (b) => b.length);
    check("stories whose sources contradict carry a badge", badges >= 1, `${badges} badges`);

    // The story page that holds the seeds' contradictions shows both.
    const seedContradictions = contradicted.filter((c) => c.values.some((v) => seedIds.has(v.article_id)));
    check("the seeds have two contradictions", seedContradictions.length >= 2, `${seedContradictions.length}`);
    const best = seedStories
      .map((s) => ({ s, n: seedContradictions.filter((c) => c.values.some((v) => s.article_ids.includes(v.article_id))).length }))
      .sort((a, b) => b.n - a.n)[0];
    await visit(`/stories/${best.s.id}`, "story.png");
    await page.screenshot({ path: join(shots, "story-top.png") });
    const claimIds = await page.$$eval(".claim.contradicted", (cs) => cs.map((c) => c.dataset.claim));
    check("a story page shows both contradictions of the seeds",
      seedContradictions.every((c) => claimIds.includes(c.id)), `page has ${JSON.stringify(claimIds)}`);
    const body = await text();
    const sentencesShown = seedContradictions.every((c) => c.values.every((v) => body.includes(v.sentence) && body.includes(v.text)));
    check("each contradicted value is shown with its source sentence", sentencesShown);
    const columns = await page.$$eval(".column", (cs) => cs.length);
    check("the story page puts the outlets side by side", columns === new Set(best.s.outlets).size || columns >= 2, `${columns} columns`);

    await visit("/map", "map.png");
    const labels = await page.$$eval("svg.map text.place-label", (ts) => ts.map((t) => t.textContent));
    check("the map shows Voskepar", labels.includes("Voskepar"), JSON.stringify(labels));
    const land = await page.$$eval("svg.map path.land", (p) => p.length);
    const provinces = await page.$$eval("svg.map path.province", (p) => p.length);
    check("the map draws country and province outlines", land > 0 && provinces > 0, `${land} countries, ${provinces} provinces`);

    await visit("/timeline?place=Voskepar", "timeline.png");
    const events = await page.$$eval(".event", (e) => e.length);
    const api = await (await fetch(`${base}/api/events?place=Voskepar`)).json();
    check("the timeline applies the CLI's filters", events === api.length && events > 0, `${events} vs ${api.length}`);
    const csv = await (await fetch(`${base}/api/events?place=Voskepar&format=csv`)).text();
    check("the CSV export has one row per filtered event", csv.trim().split("\n").length === api.length + 1 || csv.includes("\"\n"));

    await visit("/search?q=Voskepar", "search.png");
    const marks = await page.$$eval(".hit mark", (m) => m.map((x) => x.textContent));
    check("search marks the matched word", marks.some((m) => /voskepar/i.test(m)), JSON.stringify(marks));
  }

  // Hostile text: shown literally everywhere, never run.
  const hostileStory = stories.find((s) => s.title.includes("<img"));
  check("the hostile article became a story", Boolean(hostileStory));
  for (const path of ["/", hostileStory ? `/stories/${hostileStory.id}` : "/", "/timeline", "/map",
    "/search?q=soldiers", "/search?q=script"]) {
    await visit(path, path === "/" ? null : (hostileStory && path.startsWith("/stories/") ? "hostile-story.png" : null));
    const pwned = await page.evaluate(() => window.__pwned);
    check(`hostile text runs nothing on ${path}`, pwned === undefined && dialogs.length === 0, `pwned=${pwned} dialogs=${dialogs}`);
    const planted = await page.$$eval("main script, main img, main iframe, main svg:not(.map), main [onerror], main [onload], main [onmouseover], main style, main form[action^=javascript]",
      (n) => n.map((x) => x.outerHTML.slice(0, 80)));
    check(`no hostile element is created on ${path}`, planted.length === 0, JSON.stringify(planted));
    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")).filter((h) => /^\s*javascript:/i.test(h)));
    check(`no javascript: link on ${path}`, links.length === 0, JSON.stringify(links));
  }
  if (hostileStory) {
    await visit(`/stories/${hostileStory.id}`);
    const body = await text();
    check("hostile strings are shown as text", body.includes("<img src=x onerror=") && body.includes("<svg onload="), body.slice(0, 200));
  }
  check("the page fetched nothing beyond this server", external.length === 0, JSON.stringify(external));
  check("no script errors", errors.length === 0, JSON.stringify(errors));
} catch (err) {
  failures += 1;
  console.log(`FAIL ${err.stack || err}`);
} finally {
  if (browser) await browser.close();
  server.kill("SIGINT");
  await new Promise((r) => { server.on("exit", r); setTimeout(r, 3000); });
  if (!process.env.SHOTS) console.log(`screenshots in ${shots}`);
  rmSync(join(work, "profile"), { recursive: true, force: true });
}
console.log(`browser: ${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
