// What every headless-browser check shares: the result lines, a bounded
// wait, a browser context that never leaves this machine, a page that
// records its requests and errors, and the checks every page gets (no
// horizontal scroll at 360 px, axe-core, a screenshot, nothing outside,
// no failed response, no console or page error).
//
// Used by site_check.mjs (the public site) and webapp_check.mjs (the office
// web app). Drives Debian's chromium through playwright-core.

import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const PAGE_TIMEOUT_MS = 60_000;
export const WIDTHS = [360, 1280];
const VIEWPORT_HEIGHT = 800;
const CHROMIUM = "/usr/bin/chromium";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// Counts and prints one line per check.
export class Reporter {
  constructor(name) {
    this.name = name;
    this.passed = 0;
    this.failed = 0;
  }
  report(ok, label, detail = "", lines = []) {
    if (ok) this.passed++;
    else this.failed++;
    console.log(`${ok ? "PASS" : "FAIL"}  ${label}${detail ? ": " + detail : ""}`);
    for (const l of lines) console.log(`        ${l}`);
  }
  note(label, detail) {
    console.log(`note  ${label}: ${detail}`);
  }
  // Prints the summary and sets the exit code: 1 if any check failed.
  finish() {
    console.log(`${this.name}: ${this.passed} passed, ${this.failed} failed`);
    process.exitCode = this.failed === 0 ? 0 : 1;
  }
}

export function errorLine(err) {
  return String(err && err.message ? err.message : err).split("\n")[0];
}

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function artifactDirFrom(arg) {
  const dir = path.resolve(arg);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox"],
    headless: true,
    timeout: PAGE_TIMEOUT_MS,
  });
}

// One browser session against the hosts in `hosts` (URL objects or
// strings): requests to anything else are recorded and aborted, so a test
// never leaves this machine.
export class Site {
  constructor(hosts) {
    this.hosts = new Set(hosts.map((h) => new URL(h).host));
  }
  isLocal(url) {
    let u;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (u.protocol === "data:" || u.protocol === "blob:" || u.protocol === "about:") return true;
    return (u.protocol === "http:" || u.protocol === "https:") && this.hosts.has(u.host);
  }
  async newContext(browser, width) {
    const context = await browser.newContext({
      viewport: { width, height: VIEWPORT_HEIGHT },
      deviceScaleFactor: 1,
      locale: "vi-VN",
      serviceWorkers: "block",
    });
    context.setDefaultTimeout(PAGE_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
    await context.route("**/*", (route) => {
      if (this.isLocal(route.request().url())) return route.continue();
      return route.abort("blockedbyclient");
    });
    return context;
  }
  // Opens a page with listeners that record requests, bad responses,
  // console errors and page errors.
  async openPage(context) {
    const page = await context.newPage();
    const log = { requests: [], outside: [], badResponses: [], consoleErrors: [], pageErrors: [] };
    page.on("request", (req) => {
      log.requests.push(req.url());
      if (!this.isLocal(req.url())) log.outside.push(`${req.method()} ${req.url()} (${req.resourceType()})`);
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
}

export async function settle(page) {
  await page.evaluate(() => document.fonts.ready.then(() => true));
}

// Loads lazy images so that the full-page screenshot shows them.
export async function loadImages(page) {
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

// axe is evaluated through the DevTools protocol, not added as a <script>:
// a page whose Content-Security-Policy forbids inline scripts (the web app's)
// keeps that policy during the check.
export async function runAxe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
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

// The checks every loaded page gets, reported under `label`: no horizontal
// scroll at 360 px (naming what sticks out), no serious or critical axe
// violation, and a full-page screenshot at `shotFile`.
export async function checkLoadedPage(r, page, label, width, shotFile) {
  await settle(page);
  const dims = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  if (width === 360) {
    const wide = [];
    if (dims.scrollWidth > dims.clientWidth + 1) {
      wide.push(
        ...(await page.evaluate((cw) => {
          const out = [];
          for (const el of document.querySelectorAll("body *")) {
            const rect = el.getBoundingClientRect();
            if (rect.right > cw + 1 && out.length < 5) {
              const id = el.id ? "#" + el.id : "";
              const cls = el.classList.length ? "." + Array.from(el.classList).join(".") : "";
              out.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(rect.right)}px`);
            }
          }
          return out;
        }, dims.clientWidth)),
      );
    }
    r.report(
      dims.scrollWidth <= dims.clientWidth + 1,
      `${label} no horizontal scroll`,
      `scrollWidth ${dims.scrollWidth}, clientWidth ${dims.clientWidth}`,
      wide,
    );
  }

  const violations = await runAxe(page);
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const lines = [];
  for (const v of bad) {
    lines.push(`${v.id} [${v.impact}] ${v.help} (${v.targets.length} node${v.targets.length === 1 ? "" : "s"})`);
    for (const t of v.targets.slice(0, 4)) lines.push(`    ${t}`);
    if (v.summary) lines.push(`    ${v.summary}`);
  }
  r.report(
    bad.length === 0,
    `${label} axe`,
    bad.length === 0 ? `no serious/critical violations` : `${bad.length} serious/critical violation(s)`,
    lines,
  );
  const minor = violations.filter((v) => !bad.includes(v));
  if (minor.length) {
    r.note(`${label} axe`, minor.map((v) => `${v.id} [${v.impact}] ${v.targets[0] || ""}`).join("; "));
  }

  await loadImages(page);
  await page.screenshot({ path: shotFile, fullPage: true });
  r.report(true, `${label} screenshot`, shotFile);
}

// Reports what a page's log holds, after the page is closed so that late
// requests and errors count.
// Entries matching one of `expected` (regular expressions: a refusal the
// check provoked on purpose) are left out.
export function reportLog(r, label, log, where, expected = []) {
  const unexpected = (e) => !expected.some((re) => re.test(e));
  log = {
    ...log,
    badResponses: log.badResponses.filter(unexpected),
    consoleErrors: log.consoleErrors.filter(unexpected),
  };
  r.report(
    log.outside.length === 0,
    `${label} requests stay on ${where}`,
    `${log.requests.length} request(s), ${log.outside.length} outside`,
    log.outside.slice(0, 10),
  );
  r.report(
    log.badResponses.length === 0,
    `${label} no failed responses`,
    log.badResponses.length ? `${log.badResponses.length} response(s) >= 400` : "all responses < 400",
    log.badResponses.slice(0, 10),
  );
  const errors = [...log.consoleErrors.map((e) => `console: ${e}`), ...log.pageErrors.map((e) => `page error: ${e}`)];
  r.report(
    errors.length === 0,
    `${label} no console or page errors`,
    errors.length ? `${errors.length} error(s)` : "none",
    errors.slice(0, 10),
  );
}
