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

import path from "node:path";
import {
  PAGE_TIMEOUT_MS, WIDTHS, Reporter, Site, artifactDirFrom, checkLoadedPage, errorLine, launch,
  reportLog, withTimeout,
} from "./lib/check.mjs";

const [baseArg, artifactArg] = process.argv.slice(2);
if (!baseArg || !artifactArg) {
  console.error("usage: node site_check.mjs BASE_URL ARTIFACT_DIR");
  process.exit(2);
}
const base = new URL(baseArg.endsWith("/") ? baseArg : baseArg + "/");
const artifactDir = artifactDirFrom(artifactArg);
const site = new Site([base]);
const r = new Reporter("site_check");

// Checks one page at one width; every check on it reports a line.
async function checkPage(context, spec, width) {
  const label = `${spec.name}@${width}`;
  const url = new URL(spec.path, base).href;
  const { page, log } = await site.openPage(context);
  try {
    await withTimeout(
      (async () => {
        const res = await page.goto(url, { waitUntil: "load" });
        const status = res ? res.status() : 0;
        r.report(status === 200, `${label} load`, `${url} -> HTTP ${status}`);
        if (spec.ready) await spec.ready(page);
        await checkLoadedPage(r, page, label, width, path.join(artifactDir, `${spec.name}-${width}.png`));
      })(),
      PAGE_TIMEOUT_MS,
      label,
    );
  } catch (err) {
    r.report(false, `${label} page`, errorLine(err));
  } finally {
    await page.close().catch(() => {});
  }
  reportLog(r, label, log, base.host);
}

// Finds the first story's path from the story list (first link in ul.cards).
async function findStoryPath(context) {
  const { page } = await site.openPage(context);
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
    const { page, log } = await site.openPage(context);
    try {
      await withTimeout(
        (async () => {
          await page.goto(new URL("tim-kiem/?q=dong van", base).href, { waitUntil: "load" });
          await searchReady(page);
          const results = await searchResults(page);
          const hits = results.filter((r) => /Đồng Văn/i.test(r.text) || /dong-van/.test(r.href));
          r.report(
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
      r.report(false, `search "dong van"`, errorLine(err));
    } finally {
      await page.close().catch(() => {});
    }
    if (log.pageErrors.length || log.consoleErrors.length) {
      r.report(false, `search "dong van" errors`, [...log.consoleErrors, ...log.pageErrors].join("; "));
    }
  }

  // 2. Typing "nguoi giu rung" in the form finds the story, and its link opens it.
  {
    const { page, log } = await site.openPage(context);
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
          r.report(
            Boolean(hit),
            `search "nguoi giu rung"`,
            hit ? `finds "${want}" among ${results.length} result(s)` : `"${want}" not among ${results.length} result(s)`,
            hit ? [] : results.slice(0, 5).map((r) => `${r.title} -> ${r.href}`),
          );
          const q = new URL(page.url()).searchParams.get("q");
          r.report(q === "nguoi giu rung", `search form keeps the query in the URL`, `?q=${q}`);
          if (hit) {
            const res = await page.goto(hit.href, { waitUntil: "load" });
            const h1 = (await page.locator("h1").first().textContent()).trim();
            r.report(
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
      r.report(false, `search "nguoi giu rung"`, errorLine(err));
    } finally {
      await page.close().catch(() => {});
    }
    if (log.pageErrors.length || log.consoleErrors.length || log.outside.length) {
      r.report(false, `search "nguoi giu rung" errors`, [...log.consoleErrors, ...log.pageErrors, ...log.outside].join("; "));
    }
  }
}

async function main() {
  let browser;
  try {
    browser = await launch();
    console.log(`chromium ${browser.version()}, site ${base.href}, screenshots in ${artifactDir}`);

    const pages = [
      { name: "home", path: "" },
      { name: "quy-2", path: "ke-hoach/quy-2/" },
      { name: "story", path: null },
      { name: "don-vi-dong-van", path: "don-vi/dong-van/" },
      { name: "tim-kiem", path: "tim-kiem/?q=dong van", ready: searchReady },
      // The commendation record's five-column table reflows to one block per
      // award below 40em: no horizontal scrolling at 360 px (issue 13).
      { name: "khen-thuong-2021", path: "khen-thuong/2021/" },
    ];

    for (const width of WIDTHS) {
      const context = await site.newContext(browser, width);
      try {
        const story = pages.find((p) => p.name === "story");
        if (story.path === null) {
          try {
            story.path = await findStoryPath(context);
            r.report(true, "story list links to a story", "/" + story.path);
          } catch (err) {
            story.path = undefined;
            r.report(false, "story list links to a story", errorLine(err));
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
    r.report(false, "browser", String(err && err.stack ? err.stack : err));
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
  r.finish();
}

await main();
