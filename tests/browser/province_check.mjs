// Headless-browser checks of the province's pages of the office web app
// (issue 13): Báo cáo, the report itself, Hội đồng.
//
//   node province_check.mjs APP_URL ARTIFACT_DIR
//
// APP_URL is the province's node app (run-province.sh starts it on the
// demo's Ban TĐKT copy, with a council session and a nomination the council
// approved on it; PROVINCE_NOMINEE names that nomination's nominee). At 360 px and 1280 px wide, each page (and the
// nomination's, reached from the session's agenda) passes what webapp_check
// checks (lib/check.mjs: no request leaves the machine, no console or page
// error, no horizontal scroll at 360 px, no serious or critical axe
// violation, a screenshot). Then, with the keyboard alone, a session added
// with no title is refused with the reason next to the field and the place
// kept; with a title it is added. Last, at 1280 px, the province's decision
// is recorded with the keyboard: refused without a date (the reason beside
// the field, the number kept), then saved.
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
    if (spec.name === "report" && width === 360) await reportFits(page, label);
  });
}

// The report at 360 px (i13-fixes): its tables reflow inside the viewport
// (report/templates/report.css, the same in the written file), so the
// document is no wider than the window and no table sticks out.
async function reportFits(page, label) {
  const dims = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    tables: Array.from(document.querySelectorAll("table.data"), (t) => Math.ceil(t.getBoundingClientRect().right)),
  }));
  r.report(dims.doc <= dims.viewport, `${label} document width ≤ viewport`, `${dims.doc} ≤ ${dims.viewport}`);
  const wide = dims.tables.filter((right) => right > dims.viewport);
  r.report(dims.tables.length > 0 && wide.length === 0, `${label} every table inside the viewport`,
    `${dims.tables.length} tables, right edges ${dims.tables.join(", ")}`);
}

async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return i;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${selector} not reached with ${max} Tab presses`);
}

// The nomination run-province.sh put on a session's agenda, picked by the
// nominee's name it gave (PROVINCE_NOMINEE), not by its place in the list:
// the demo's own sessions and nominations may come before it.
async function nominationPath(context) {
  const nominee = process.env.PROVINCE_NOMINEE;
  if (!nominee) throw new Error("PROVINCE_NOMINEE (the nominee run-province.sh added) is not set");
  const { page } = await site.openPage(context);
  try {
    return await withTimeout(
      (async () => {
        await page.goto(new URL("hoi-dong?nam=2021", base).href, { waitUntil: "load" });
        const links = page.locator(".council-session ul.agenda a").filter({ hasText: nominee });
        const named = [];
        for (const link of await links.all()) {
          if ((await link.textContent()).trim() === nominee) named.push(link);
        }
        if (named.length !== 1) {
          throw new Error(`${named.length} links named "${nominee}" on the sessions' agendas at /hoi-dong (want 1)`);
        }
        const href = await named[0].getAttribute("href");
        if (!href) throw new Error(`the agenda's link to "${nominee}" has no href`);
        return new URL(href, page.url()).pathname.replace(/^\//, "");
      })(),
      PAGE_TIMEOUT_MS,
      "agenda",
    );
  } finally {
    await page.close().catch(() => {});
  }
}

// The board records the province's decision with the keyboard alone.
async function keyboardDecision(context, nomPath, width) {
  const label = `keyboard decision@${width}`;
  await onPage(context, label, async (page) => {
    await page.goto(new URL(nomPath, base).href, { waitUntil: "load" });
    await tabTo(page, "#decision_no");
    await page.keyboard.type("15/QĐ-UBND");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    const refusal = (await page.locator("#decided_on-loi").textContent().catch(() => "")) || "";
    r.report(/ngày quyết định/.test(refusal), `${label} no date refused next to the field`, refusal.trim());
    r.report((await page.inputValue("#decision_no")) === "15/QĐ-UBND", `${label} the number kept`, await page.inputValue("#decision_no"));
    await checkLoadedPage(r, page, `${label} refusal`, width, path.join(artifactDir, `province-decision-refused-${width}.png`));
    await tabTo(page, "#decided_on");
    await page.keyboard.type("05/07/2021");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    const notice = (await page.locator(".notice").first().textContent().catch(() => "")) || "";
    r.report(/Đã ghi quyết định/.test(notice), `${label} saved`, notice.trim());
    const facts = (await page.locator("dl.facts").textContent().catch(() => "")) || "";
    r.report(/15\/QĐ-UBND/.test(facts) && /Chủ tịch UBND tỉnh/.test(facts), `${label} the page shows it`, facts.replace(/\s+/g, " ").trim().slice(0, 160));
  }, [
    new RegExp(`^400 ${base.href}${nomPath}/quyet-dinh$`),
    new RegExp(`status of 400 .*${nomPath}/quyet-dinh`),
  ]);
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
        let nomPath;
        try {
          nomPath = await nominationPath(context);
          r.report(true, `agenda links to a nomination@${width}`, "/" + nomPath);
        } catch (err) {
          r.report(false, `agenda links to a nomination@${width}`, errorLine(err));
        }
        const all = nomPath ? [...pages, { name: "nomination", path: nomPath }] : pages;
        for (const spec of all) await checkPage(context, spec, width);
        await keyboardSession(context, width);
        if (nomPath && width === WIDTHS[WIDTHS.length - 1]) await keyboardDecision(context, nomPath, width);
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
