// Headless-browser checks of the province's pages of the office web app
// (issue 13): Báo cáo, the report itself, Hội đồng.
//
//   node province_check.mjs APP_URL ARTIFACT_DIR
//
// APP_URL is the province's node app (run-province.sh starts it on the
// demo's Ban TĐKT copy, with one council session added). At 360 px and
// 1280 px wide, each page passes what webapp_check checks (lib/check.mjs: no
// request leaves the machine, no console or page error, no horizontal scroll
// at 360 px, no serious or critical axe violation, a screenshot). Then, with
// the keyboard alone, a session added with no title is refused with the
// reason next to the field and the place kept; with a title it is added.
//
// Prints one line per check, then "province_check: N passed, N failed";
// exits 1 if any check failed, 0 otherwise.

import path from "node:path";
import {
  PAGE_TIMEOUT_MS, WIDTHS, Reporter, Site, artifactDirFrom, checkLoadedPage, errorLine, launch,
  reportLog, withTimeout,
} from "./lib/check.mjs";

const [baseArg, artifactArg] = process.argv.slice(2);
if (!baseArg || !artifactArg) {
  console.error("usage: node province_check.mjs APP_URL ARTIFACT_DIR");
  process.exit(2);
}
const base = new URL(baseArg.endsWith("/") ? baseArg : baseArg + "/");
const artifactDir = artifactDirFrom(artifactArg);
const site = new Site([base]);
const r = new Reporter("province_check");

const asked = "loai=so-ket-6-thang&nam=2021";
const pages = [
  { name: "report-form", path: "bao-cao" },
  { name: "report-picked", path: `bao-cao?${asked}` },
  { name: "report", path: `bao-cao/xem?${asked}` },
  { name: "council", path: "hoi-dong?nam=2021" },
];

async function onPage(context, label, body, expected = []) {
  const { page, log } = await site.openPage(context);
  try {
    await withTimeout(body(page), PAGE_TIMEOUT_MS, label);
  } catch (err) {
    r.report(false, `${label} page`, errorLine(err));
  } finally {
    await page.close().catch(() => {});
  }
  reportLog(r, label, log, base.host, expected);
}

async function checkPage(context, spec, width) {
  const label = `${spec.name}@${width}`;
  await onPage(context, label, async (page) => {
    const url = new URL(spec.path, base).href;
    const res = await page.goto(url, { waitUntil: "load" });
    const status = res ? res.status() : 0;
    r.report(status === 200, `${label} load`, `${url} -> HTTP ${status}`);
    const lang = await page.getAttribute("html", "lang");
    r.report(lang === "vi", `${label} lang`, `<html lang="${lang}">`);
    await checkLoadedPage(r, page, label, width, path.join(artifactDir, `province-${spec.name}-${width}.png`));
  });
}

async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return i;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${selector} not reached with ${max} Tab presses`);
}

// The board adds a session with the keyboard alone.
async function keyboardSession(context, width) {
  const label = `keyboard session@${width}`;
  const council = "hoi-dong";
  await onPage(context, label, async (page) => {
    await page.goto(new URL(`${council}?nam=2021`, base).href, { waitUntil: "load" });
    await tabTo(page, "#place");
    await page.keyboard.type("Hội trường tỉnh");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    const refusal = (await page.locator("#title-loi").textContent().catch(() => "")) || "";
    r.report(/tên phiên họp/.test(refusal), `${label} no title refused next to the field`, refusal.trim());
    r.report((await page.inputValue("#place")) === "Hội trường tỉnh", `${label} the place kept`, await page.inputValue("#place"));
    await checkLoadedPage(r, page, `${label} refusal`, width, path.join(artifactDir, `province-council-refused-${width}.png`));
    await tabTo(page, "#title");
    await page.keyboard.type(`Phiên họp bổ sung ${width}`);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    const notice = (await page.locator(".notice").first().textContent().catch(() => "")) || "";
    r.report(/Đã thêm phiên họp/.test(notice), `${label} added`, notice.trim());
    const titles = await page.locator(".council-session h3").allTextContents();
    r.report(titles.includes(`Phiên họp bổ sung ${width}`), `${label} listed`, titles.join(" | "));
  }, [
    new RegExp(`^400 ${base.href}${council}/them$`),
    new RegExp(`status of 400 .*${council}/them`),
  ]);
}

async function main() {
  let browser;
  try {
    browser = await launch();
    console.log(`chromium ${browser.version()}, app ${base.href}, screenshots in ${artifactDir}`);
    for (const width of WIDTHS) {
      const context = await site.newContext(browser, width);
      try {
        for (const spec of pages) await checkPage(context, spec, width);
        await keyboardSession(context, width);
      } finally {
        await context.close().catch(() => {});
      }
    }
  } catch (err) {
    r.report(false, "browser", String(err && err.stack ? err.stack : err));
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
  r.finish();
}

await main();
