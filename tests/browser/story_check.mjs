// The office web app's whole story in a browser (issue 12): a district clerk
// works offline, the server starts, the province reviews, and the public site
// that the server rebuilds shows the result.
//
//   node story_check.mjs CONFIG_JSON ARTIFACT_DIR
//
// CONFIG_JSON (written by run-story.sh) names the district's app, the
// province's app and the static server of the site folder (all running), and
// how to start the sync server: {district, province, site, bin, centralDb,
// siteOut, nodeDbs: [..], tmp}. The sync server is NOT running at first: this
// check starts it half way, the way an office's link comes back.
//
// The clerk (360 px): reports progress on a task and writes a story with a
// 3000×2000 JPEG, sees the saving and "2 thay đổi chờ gửi"; the server
// starts; "Đồng bộ ngay". The province (1280 px): syncs, finds the story in
// "Chờ duyệt" with its photo (downscaled to ≤1600 px), rejects it with a
// note. The clerk syncs, sees the note, edits, resubmits. The province
// approves and publishes. The public site, rebuilt by the server without a
// person, shows the story and its photo. Every page visited on the way, and
// then every page of both apps at 360 and 1280 px, gets lib/check.mjs's
// checks (no outside request, no console error, no horizontal scroll at 360
// px, no serious axe violation, a screenshot).
//
// Prints one line per check, then "story_check: N passed, N failed"; exits 1
// if any check failed, 0 otherwise.

import { spawn, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  PAGE_TIMEOUT_MS, Reporter, Site, artifactDirFrom, checkLoadedPage, errorLine, launch, reportLog,
  withTimeout,
} from "./lib/check.mjs";

const [configArg, artifactArg] = process.argv.slice(2);
if (!configArg || !artifactArg) {
  console.error("usage: node story_check.mjs CONFIG_JSON ARTIFACT_DIR");
  process.exit(2);
}
const cfg = JSON.parse(readFileSync(configArg, "utf8"));
const district = new URL(cfg.district);
const province = new URL(cfg.province);
const siteBase = new URL(cfg.site);
const artifactDir = artifactDirFrom(artifactArg);
const site = new Site([district, province, siteBase]);
const r = new Reporter("story_check");

const TITLE = "Chị Giàng Thị Mai giữ rừng đầu nguồn";
const NOTE = "Cần ghi rõ diện tích rừng được bảo vệ (ha) và số hộ tham gia.";
const ADDED = "Năm 2021, tổ bảo vệ rừng của chị giữ **120 ha** rừng đầu nguồn, với 35 hộ tham gia.";

let server = null;  // the sync server, once started
let failedStep = false;

// One step of the story: runs `body(page)` on a fresh page within the page
// timeout and reports the page's log. A failed step stops the story (each
// step needs the one before), but the checks so far are still reported.
async function step(context, label, where, body, expected = []) {
  if (failedStep) {
    r.report(false, label, "skipped: an earlier step failed");
    return;
  }
  const { page, log } = await site.openPage(context);
  try {
    await withTimeout(body(page), PAGE_TIMEOUT_MS, label);
  } catch (err) {
    failedStep = true;
    r.report(false, label, errorLine(err));
    await page.screenshot({ path: path.join(artifactDir, `story-failed.png`), fullPage: true }).catch(() => {});
  } finally {
    await page.close().catch(() => {});
  }
  reportLog(r, label, log, where.host, expected);
}

async function shot(page, name, width) {
  await checkLoadedPage(r, page, `${name}@${width}`, width, path.join(artifactDir, `story-${name}-${width}.png`));
}

async function open(page, base, p) {
  const res = await page.goto(new URL(p, base).href, { waitUntil: "load" });
  const status = res ? res.status() : 0;
  if (status !== 200) throw new Error(`${new URL(p, base).href} -> HTTP ${status}`);
}

// Clicks the button with exactly `text` and waits for the page it leads to.
async function press(page, text) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.getByRole("button", { name: text, exact: true }).first().click(),
  ]);
}

async function pending(page, base) {
  await open(page, base, "/");
  return (await page.locator("dd strong").first().textContent()).trim();
}

async function syncNow(page, base, who) {
  await open(page, base, "/");
  await press(page, "Đồng bộ ngay");
  const msg = (await page.locator(".notice").first().textContent().catch(() => "")) || "";
  const failed = await page.locator(".notice-error").count();
  r.report(failed === 0, `${who} sync`, msg.trim().replace(/\s+/g, " "));
  if (failed) throw new Error(`${who}: sync failed: ${msg.trim()}`);
}

// A 3000×2000 JPEG, as a phone camera would give (made by the browser: no
// image tool needed on the machine).
async function cameraJpeg(browser) {
  const page = await browser.newPage({ viewport: { width: 3000, height: 2000 } });
  try {
    await page.setContent(
      '<body style="margin:0;background:linear-gradient(135deg,#2d6a4f,#95d5b2 40%,#ffd166 70%,#8d5524)"></body>',
    );
    return await page.screenshot({ type: "jpeg", quality: 92 });
  } finally {
    await page.close();
  }
}

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(cfg.bin, ["server", "run", "--db", cfg.centralDb, "--listen", "127.0.0.1:0", "--quiet",
      "--site-out", cfg.siteOut, "--site-every", "1"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server printed no address in 10 s: ${out}`)), 10_000);
    const onData = (d) => {
      out += d.toString();
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

function stopServer() {
  if (server && server.exitCode === null) server.kill("SIGTERM");
}
process.on("exit", stopServer);

// Polls the public site (served from the folder the server rebuilds) until
// `p`'s page holds `text`, up to `ms`.
async function waitForSite(page, p, text, ms) {
  const until = Date.now() + ms;
  for (;;) {
    const res = await page.goto(new URL(p, siteBase).href, { waitUntil: "load" }).catch(() => null);
    if (res && res.status() === 200 && (await page.content()).includes(text)) return;
    if (Date.now() > until) throw new Error(`${p} of the public site does not show "${text}" after ${ms / 1000} s`);
    await page.waitForTimeout(500);
  }
}

// A build writes a story's page before it copies the page's photos (at the
// end, Output::finish: docs/architecture.md, "The site kept current by the
// server"), so the home page can list a story whose photo lands a moment
// later. Waits, outside the page (no response of it counted), until every
// image the story's page shows is there.
async function waitForPhotos(page, p, ms) {
  const until = Date.now() + ms;
  const pageUrl = new URL(p, siteBase).href;
  for (;;) {
    const html = await (await page.request.get(pageUrl)).text();
    const srcs = [...html.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => new URL(m[1], pageUrl).href);
    let there = srcs.length > 0;
    for (const src of srcs) if (there) there = (await page.request.get(src)).status() === 200;
    if (there) return;
    if (Date.now() > until) throw new Error(`the photos of ${p} are not on the public site after ${ms / 1000} s`);
    await page.waitForTimeout(250);
  }
}

async function clerkOffline(context, jpeg) {
  await step(context, "clerk reports offline", district, async (page) => {
    await open(page, district, "/cong-viec");
    const href = await page.locator("ul.tasks li.task a").first().getAttribute("href");
    await open(page, district, href);
    await page.selectOption("#trang-thai", "in_progress");
    await page.fill("#phan-tram", "60");
    await page.fill("#ghi-chu", "Đã tổ chức 3 buổi tuyên truyền ở các thôn.");
    await press(page, "Lưu báo cáo");
    const saved = (await page.locator(".notice").first().textContent()) || "";
    r.report(/Đã lưu/.test(saved), "clerk report saved", saved.trim());
  });
  await step(context, "clerk writes a story offline", district, async (page) => {
    await open(page, district, "/bai-viet/moi");
    await shot(page, "story-editor", 360);
    await page.fill("[name=title]", TITLE);
    await page.fill("[name=subject]", "Giàng Thị Mai, thôn Lũng Hồ");
    await page.selectOption("[name=category]", "individual");
    await page.fill("[name=body]", "Chị Mai cùng tổ bảo vệ rừng **tuần tra mỗi tuần** và trồng lại rừng bị cháy.");
    await page.setInputFiles("[name=photos]", { name: "rung-dau-nguon.jpg", mimeType: "image/jpeg", buffer: jpeg });
    await press(page, "Lưu nháp");
    r.report(/\/bai-viet\/[^/]+$/.test(new URL(page.url()).pathname), "story saved as a draft", page.url());
    const text = await page.locator("main").textContent();
    r.report(/đã giảm từ/.test(text), "the photo's saving is shown", (text.match(/[^.\n]*đã giảm từ[^.\n]*/) || [""])[0].trim());
    await shot(page, "story-saved", 360);
    await press(page, "Gửi lên tỉnh");
    const count = await pending(page, district);
    r.report(/^2 thay đổi chờ gửi/.test(count), "home counts 2 changes waiting", count);
    await shot(page, "home-waiting", 360);
  });
}

async function provinceReview(context, action) {
  await step(context, `province ${action}`, province, async (page) => {
    await syncNow(page, province, "province");
    await open(page, province, "/cho-duyet");
    if (action === "rejects") await shot(page, "queue", 1280);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.getByRole("link", { name: TITLE }).first().click()]);
    if (action === "rejects") {
      const img = page.locator("main img[src^='/anh/']").first();
      await img.waitFor();
      const width = await img.evaluate(async (el) => {
        if (!el.complete) await new Promise((ok) => { el.onload = el.onerror = ok; });
        return el.naturalWidth;
      });
      r.report(width > 0 && width <= 1600, "the province sees the photo, downscaled", `naturalWidth ${width}`);
      await shot(page, "review", 1280);
      await page.fill("[name=note]", NOTE);
      await press(page, "Trả lại");
    } else {
      const body = await page.locator("main").textContent();
      r.report(body.includes("120 ha"), "the province sees the edit", "");
      await press(page, "Duyệt");
      await open(page, province, "/cho-duyet");
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.getByRole("link", { name: TITLE }).first().click()]);
      await press(page, "Đăng lên trang công khai");
    }
    await syncNow(page, province, "province");
  });
}

async function clerkResubmits(context) {
  await step(context, "clerk resubmits", district, async (page) => {
    await syncNow(page, district, "clerk");
    await open(page, district, "/bai-viet");
    const list = await page.locator("main").textContent();
    r.report(list.includes(NOTE), "the clerk sees the province's note in full", "");
    r.report(/bị trả lại/.test(list), "the story is marked bị trả lại", "");
    await shot(page, "stories-rejected", 360);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.getByRole("link", { name: TITLE }).first().click()]);
    const body = await page.inputValue("[name=body]");
    await page.fill("[name=body]", `${body}\n\n${ADDED}`);
    await press(page, "Lưu nháp");
    await press(page, "Gửi lên tỉnh");
    await syncNow(page, district, "clerk");
  });
}

async function publicSite(context) {
  await step(context, "public site shows the story", siteBase, async (page) => {
    await waitForSite(page, "/", TITLE, 30_000);
    await waitForPhotos(page, await page.getByRole("link", { name: TITLE }).first().getAttribute("href"), 30_000);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.getByRole("link", { name: TITLE }).first().click()]);
    const text = await page.locator("main").textContent();
    r.report(text.includes("120 ha"), "the story page shows the resubmitted text", page.url());
    const img = page.locator("main img").first();
    const width = await img.evaluate(async (el) => {
      el.loading = "eager";
      if (!el.complete) await new Promise((ok) => { el.onload = el.onerror = ok; });
      return el.naturalWidth;
    });
    r.report(width > 0, "the story's photo loads on the public site", `naturalWidth ${width}`);
    await shot(page, "public-story", 360);
  });
}

// Every page of the app at both widths, on the data the story left: the
// district's lists and forms, the province's queue and progress matrix.
const SWEEP = [
  { base: district, name: "d-stories", path: "/bai-viet" },
  { base: district, name: "d-story-new", path: "/bai-viet/moi" },
  { base: district, name: "d-noms", path: "/de-nghi" },
  { base: district, name: "d-nom-new", path: "/de-nghi/moi" },
  { base: district, name: "d-conflicts", path: "/xung-dot" },
  { base: province, name: "p-home", path: "/" },
  { base: province, name: "p-queue", path: "/cho-duyet" },
  { base: province, name: "p-progress", path: "/tien-do?nam=2021&quy=1" },
];

async function sweep(browser) {
  for (const width of [360, 1280]) {
    const context = await site.newContext(browser, width);
    try {
      for (const spec of SWEEP) {
        const label = `${spec.name}@${width}`;
        const { page, log } = await site.openPage(context);
        try {
          await withTimeout((async () => {
            await open(page, spec.base, spec.path);
            r.report((await page.getAttribute("html", "lang")) === "vi", `${label} lang`, "");
            await shot(page, spec.name, width);
          })(), PAGE_TIMEOUT_MS, label);
        } catch (err) {
          r.report(false, `${label} page`, errorLine(err));
        } finally {
          await page.close().catch(() => {});
        }
        reportLog(r, label, log, spec.base.host);
      }
    } finally {
      await context.close().catch(() => {});
    }
  }
}

async function main() {
  let browser;
  try {
    browser = await launch();
    console.log(`chromium ${browser.version()}; district ${district.href}, province ${province.href}, site ${siteBase.href}`);
    const jpeg = await cameraJpeg(browser);
    const clerk = await site.newContext(browser, 360);
    const board = await site.newContext(browser, 1280);
    try {
      await clerkOffline(clerk, jpeg);
      if (!failedStep) {
        const url = await startServer();
        for (const db of cfg.nodeDbs) execFileSync(cfg.bin, ["node", "set-server", "--db", db, "--url", url]);
        r.report(true, "sync server started", url);
      }
      await step(clerk, "clerk syncs", district, async (page) => {
        await syncNow(page, district, "clerk");
        const count = await pending(page, district);
        r.report(/^0 thay đổi chờ gửi/.test(count), "nothing left waiting", count);
      });
      await provinceReview(board, "rejects");
      await clerkResubmits(clerk);
      await provinceReview(board, "approves and publishes");
      await publicSite(clerk);
    } finally {
      await clerk.close().catch(() => {});
      await board.close().catch(() => {});
    }
    await sweep(browser);
  } catch (err) {
    r.report(false, "browser", String(err && err.stack ? err.stack : err));
  } finally {
    if (browser) await browser.close().catch(() => {});
    stopServer();
  }
  r.finish();
}

await main();
