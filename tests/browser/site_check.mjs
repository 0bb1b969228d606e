// Headless-browser checks of the generated public site.
//
//   node site_check.mjs BASE_URL ARTIFACT_DIR
//
// Drives Debian's chromium (/usr/bin/chromium) through playwright-core.
// For a few representative pages, at 360 px and 1280 px wide, it checks:
// every request stays on the base URL's host, no console errors or page
// errors, no horizontal scrolling at 360 px, no axe-core violation of
// impact "serious" or "critical"; it saves a full-page screenshot of each
// to ARTIFACT_DIR/<name>-<width>.png. It also checks that the static search
// finds Đồng Văn content and works without diacritics.
//
// Prints one line per check, then "site_check: N passed, N failed"; exits
// 1 if any check failed (all checks run first), 0 otherwise.

import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const PAGE_TIMEOUT_MS = 60_000;
const WIDTHS = [360, 1280];
const VIEWPORT_HEIGHT = 800;
const CHROMIUM = "/usr/bin/chromium";

const [baseArg, artifactArg] = process.argv.slice(2);
if (!baseArg || !artifactArg) {
  console.error("usage: node site_check.mjs BASE_URL ARTIFACT_DIR");
  process.exit(2);
}
const base = new URL(baseArg.endsWith("/") ? baseArg : baseArg + "/");
const artifactDir = path.resolve(artifactArg);
mkdirSync(artifactDir, { recursive: true });

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let passed = 0;
let failed = 0;
function report(ok, label, detail = "", lines = []) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "PASS" : "FAIL"}  ${label}${detail ? ": " + detail : ""}`);
  for (const l of lines) console.log(`        ${l}`);
}
function note(label, detail) {
  console.log(`note  ${label}: ${detail}`);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Requests to anything but the base URL's host (and port) are recorded and
// aborted, so the test never leaves this machine.
function isLocal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === "data:" || u.protocol === "blob:" || u.protocol === "about:") return true;
  return (u.protocol === "http:" || u.protocol === "https:") && u.host === base.host;
}

async function newContext(browser, width) {
  const context = await browser.newContext({
    viewport: { width, height: VIEWPORT_HEIGHT },
    deviceScaleFactor: 1,
    locale: "vi-VN",
    serviceWorkers: "block",
  });
  context.setDefaultTimeout(PAGE_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    return route.abort("blockedbyclient");
  });
  return context;
}

// Opens a page with listeners that record requests, bad responses, console
// errors and page errors.
async function openPage(context) {
  const page = await context.newPage();
  const log = { requests: [], outside: [], badResponses: [], consoleErrors: [], pageErrors: [] };
  page.on("request", (req) => {
    log.requests.push(req.url());
    if (!isLocal(req.url())) log.outside.push(`${req.method()} ${req.url()} (${req.resourceType()})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) log.badResponses.push(`${res.status()} ${res.url()}`);
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      const loc = msg.location();
      log.consoleErrors.push(`${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`);
    }
  });
  page.on("pageerror", (err) => log.pageErrors.push(String(err && err.stack ? err.stack.split("\n")[0] : err)));
  return { page, log };
}

async function settle(page) {
  await page.evaluate(() => document.fonts.ready.then(() => true));
}

// Loads lazy images so that the full-page screenshot shows them.
async function loadImages(page) {
  await page.evaluate(async () => {
    const imgs = Array.from(document.images);
    for (const img of imgs) img.loading = "eager";
    await Promise.all(
      imgs.map((img) =>
        img.complete ? null : new Promise((resolve) => { img.onload = img.onerror = resolve; }),
      ),
    );
  });
}

async function runAxe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.join(" ")),
      summary: v.nodes.length ? (v.nodes[0].failureSummary || "").split("\n").slice(0, 2).join(" ") : "",
    }));
  });
}

// Checks one page at one width; every check on it reports a line.
async function checkPage(context, spec, width) {
  const label = `${spec.name}@${width}`;
  const url = new URL(spec.path, base).href;
  const { page, log } = await openPage(context);
  try {
    await withTimeout(
      (async () => {
        const res = await page.goto(url, { waitUntil: "load" });
        const status = res ? res.status() : 0;
        report(status === 200, `${label} load`, `${url} -> HTTP ${status}`);
        if (spec.ready) await spec.ready(page);
        await settle(page);

        // Horizontal scrolling on a phone.
        const dims = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        if (width === 360) {
          const wide = [];
          if (dims.scrollWidth > dims.clientWidth + 1) {
            // Name the elements that stick out, to help whoever fixes it.
            wide.push(
              ...(await page.evaluate((cw) => {
                const out = [];
                for (const el of document.querySelectorAll("body *")) {
                  const r = el.getBoundingClientRect();
                  if (r.right > cw + 1 && out.length < 5) {
                    const id = el.id ? "#" + el.id : "";
                    const cls = el.classList.length ? "." + Array.from(el.classList).join(".") : "";
                    out.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(r.right)}px`);
                  }
                }
                return out;
              }, dims.clientWidth)),
            );
          }
          report(
            dims.scrollWidth <= dims.clientWidth + 1,
            `${label} no horizontal scroll`,
            `scrollWidth ${dims.scrollWidth}, clientWidth ${dims.clientWidth}`,
            wide,
          );
        }

        // Accessibility.
        const violations = await runAxe(page);
        const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        const lines = [];
        for (const v of bad) {
          lines.push(`${v.id} [${v.impact}] ${v.help} (${v.targets.length} node${v.targets.length === 1 ? "" : "s"})`);
          for (const t of v.targets.slice(0, 4)) lines.push(`    ${t}`);
          if (v.summary) lines.push(`    ${v.summary}`);
        }
        report(
          bad.length === 0,
          `${label} axe`,
          bad.length === 0 ? `no serious/critical violations` : `${bad.length} serious/critical violation(s)`,
          lines,
        );
        const minor = violations.filter((v) => !bad.includes(v));
        if (minor.length) {
          note(`${label} axe`, minor.map((v) => `${v.id} [${v.impact}] ${v.targets[0] || ""}`).join("; "));
        }

        // Screenshot (after loading lazy images).
        await loadImages(page);
        const file = path.join(artifactDir, `${spec.name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        report(true, `${label} screenshot`, file);
      })(),
      PAGE_TIMEOUT_MS,
      label,
    );
  } catch (err) {
    report(false, `${label} page`, String(err && err.message ? err.message : err).split("\n")[0]);
  } finally {
    await page.close().catch(() => {});
  }
  // Reported after the page is closed, so late requests and errors count.
  report(
    log.outside.length === 0,
    `${label} requests stay on ${base.host}`,
    `${log.requests.length} request(s), ${log.outside.length} outside`,
    log.outside.slice(0, 10),
  );
  report(
    log.badResponses.length === 0,
    `${label} no failed responses`,
    log.badResponses.length ? `${log.badResponses.length} response(s) >= 400` : "all responses < 400",
    log.badResponses.slice(0, 10),
  );
  const errors = [...log.consoleErrors.map((e) => `console: ${e}`), ...log.pageErrors.map((e) => `page error: ${e}`)];
  report(
    errors.length === 0,
    `${label} no console or page errors`,
    errors.length ? `${errors.length} error(s)` : "none",
    errors.slice(0, 10),
  );
}

// Finds the first story's path from the story list (first link in ul.cards).
async function findStoryPath(context) {
  const { page } = await openPage(context);
  try {
    return await withTimeout(
      (async () => {
        await page.goto(new URL("guong-dien-hinh/", base).href, { waitUntil: "load" });
        const href = await page.locator("ul.cards a").first().getAttribute("href");
        if (!href) throw new Error("no link inside ul.cards on /guong-dien-hinh/");
        const abs = new URL(href, page.url());
        if (abs.host !== base.host) throw new Error(`story link goes off site: ${abs.href}`);
        return abs.pathname.replace(/^\//, "") + abs.search;
      })(),
      PAGE_TIMEOUT_MS,
      "story list",
    );
  } finally {
    await page.close().catch(() => {});
  }
}

// Waits until the search script has written its summary (results or none).
async function searchReady(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById("ket-qua-tom-tat");
    return s && s.textContent.trim().length > 0;
  });
}

async function searchResults(page) {
  return page.$$eval("#ket-qua li", (lis) =>
    lis.map((li) => {
      const a = li.querySelector("a");
      return { text: li.textContent.replace(/\s+/g, " ").trim(), title: a ? a.textContent.trim() : "", href: a ? a.href : "" };
    }),
  );
}

async function checkSearch(context) {
  // 1. "dong van" (no diacritics) from the URL finds Đồng Văn content.
  {
    const { page, log } = await openPage(context);
    try {
      await withTimeout(
        (async () => {
          await page.goto(new URL("tim-kiem/?q=dong van", base).href, { waitUntil: "load" });
          await searchReady(page);
          const results = await searchResults(page);
          const hits = results.filter((r) => /Đồng Văn/i.test(r.text) || /dong-van/.test(r.href));
          report(
            hits.length > 0,
            `search "dong van"`,
            `${results.length} result(s), ${hits.length} about Đồng Văn` + (hits.length ? ` (first: ${hits[0].title})` : ""),
            hits.length ? [] : results.slice(0, 5).map((r) => `${r.title} -> ${r.href}`),
          );
        })(),
        PAGE_TIMEOUT_MS,
        "search dong van",
      );
    } catch (err) {
      report(false, `search "dong van"`, String(err.message || err).split("\n")[0]);
    } finally {
      await page.close().catch(() => {});
    }
    if (log.pageErrors.length || log.consoleErrors.length) {
      report(false, `search "dong van" errors`, [...log.consoleErrors, ...log.pageErrors].join("; "));
    }
  }

  // 2. Typing "nguoi giu rung" in the form finds the story, and its link opens it.
  {
    const { page, log } = await openPage(context);
    const want = "Người giữ rừng ở Lũng Cú";
    try {
      await withTimeout(
        (async () => {
          await page.goto(new URL("tim-kiem/", base).href, { waitUntil: "load" });
          await page.fill("#q", "nguoi giu rung");
          await page.press("#q", "Enter");
          await searchReady(page);
          const results = await searchResults(page);
          const hit = results.find((r) => r.title === want);
          report(
            Boolean(hit),
            `search "nguoi giu rung"`,
            hit ? `finds "${want}" among ${results.length} result(s)` : `"${want}" not among ${results.length} result(s)`,
            hit ? [] : results.slice(0, 5).map((r) => `${r.title} -> ${r.href}`),
          );
          const q = new URL(page.url()).searchParams.get("q");
          report(q === "nguoi giu rung", `search form keeps the query in the URL`, `?q=${q}`);
          if (hit) {
            const res = await page.goto(hit.href, { waitUntil: "load" });
            const h1 = (await page.locator("h1").first().textContent()).trim();
            report(
              res && res.status() === 200 && h1 === want,
              `search result link opens the story`,
              `${hit.href} -> HTTP ${res ? res.status() : 0}, h1 "${h1}"`,
            );
          }
        })(),
        PAGE_TIMEOUT_MS,
        "search nguoi giu rung",
      );
    } catch (err) {
      report(false, `search "nguoi giu rung"`, String(err.message || err).split("\n")[0]);
    } finally {
      await page.close().catch(() => {});
    }
    if (log.pageErrors.length || log.consoleErrors.length || log.outside.length) {
      report(false, `search "nguoi giu rung" errors`, [...log.consoleErrors, ...log.pageErrors, ...log.outside].join("; "));
    }
  }
}

async function main() {
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox"],
      headless: true,
      timeout: PAGE_TIMEOUT_MS,
    });
    console.log(`chromium ${browser.version()}, site ${base.href}, screenshots in ${artifactDir}`);

    const pages = [
      { name: "home", path: "" },
      { name: "quy-2", path: "ke-hoach/quy-2/" },
      { name: "story", path: null },
      { name: "don-vi-dong-van", path: "don-vi/dong-van/" },
      { name: "tim-kiem", path: "tim-kiem/?q=dong van", ready: searchReady },
    ];

    for (const width of WIDTHS) {
      const context = await newContext(browser, width);
      try {
        const story = pages.find((p) => p.name === "story");
        if (story.path === null) {
          try {
            story.path = await findStoryPath(context);
            report(true, "story list links to a story", "/" + story.path);
          } catch (err) {
            story.path = undefined;
            report(false, "story list links to a story", String(err.message || err).split("\n")[0]);
          }
        }
        for (const spec of pages) {
          if (spec.path === undefined) continue; // story not found, already failed
          await checkPage(context, spec, width);
        }
        if (width === WIDTHS[WIDTHS.length - 1]) await checkSearch(context);
      } finally {
        await context.close().catch(() => {});
      }
    }
  } catch (err) {
    report(false, "browser", String(err && err.stack ? err.stack : err));
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
  console.log(`site_check: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
