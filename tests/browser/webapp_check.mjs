// Headless-browser checks of the office web app (`thidua node ui`).
//
//   node webapp_check.mjs APP_URL ARTIFACT_DIR
//
// APP_URL is a district node's app (run-webapp.sh starts it on the demo's
// Mèo Vạc copy, with no server running: the office is offline). At 360 px
// and 1280 px wide, for the home page, the task list and a task's report
// form, it checks what site_check checks for the public site (lib/check.mjs:
// no request leaves the machine, no console or page error, no horizontal
// scroll at 360 px, no serious or critical axe violation, a screenshot).
// Then a clerk reports with the keyboard alone: "hoàn thành" at 80 % is
// refused with the reason next to the field and nothing saved; at 100 % it
// is saved, the task list shows it and the home page counts it as waiting
// to be sent.
//
// Prints one line per check, then "webapp_check: N passed, N failed"; exits
// 1 if any check failed (all checks run first), 0 otherwise.

import path from "node:path";
import {
  PAGE_TIMEOUT_MS, WIDTHS, Reporter, Site, artifactDirFrom, checkLoadedPage, errorLine, launch,
  reportLog, withTimeout,
} from "./lib/check.mjs";

const [baseArg, artifactArg] = process.argv.slice(2);
if (!baseArg || !artifactArg) {
  console.error("usage: node webapp_check.mjs APP_URL ARTIFACT_DIR");
  process.exit(2);
}
const base = new URL(baseArg.endsWith("/") ? baseArg : baseArg + "/");
const artifactDir = artifactDirFrom(artifactArg);
const site = new Site([base]);
const r = new Reporter("webapp_check");

// Runs `body(page)` on a fresh page of `context` within the page timeout,
// then reports the page's log under `label` (less the `expected` entries).
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
    await checkLoadedPage(r, page, label, width, path.join(artifactDir, `app-${spec.name}-${width}.png`));
  });
}

// The index-th task from the task list (the unit's own come first).
async function taskPathAt(context, index) {
  const { page } = await site.openPage(context);
  try {
    return await withTimeout(
      (async () => {
        await page.goto(new URL("cong-viec", base).href, { waitUntil: "load" });
        const href = await page.locator("ul.tasks li.task a").nth(index).getAttribute("href");
        if (!href) throw new Error("no task link in ul.tasks on /cong-viec");
        return new URL(href, page.url()).pathname.replace(/^\//, "");
      })(),
      PAGE_TIMEOUT_MS,
      "task list",
    );
  } finally {
    await page.close().catch(() => {});
  }
}

// Presses Tab until the element matching `selector` has the focus (at most
// `max` presses): the way a keyboard user reaches a field.
async function tabTo(page, selector, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return i;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${selector} not reached with ${max} Tab presses`);
}

async function pendingText(page) {
  await page.goto(base.href, { waitUntil: "load" });
  return (await page.locator("dd strong").first().textContent()).trim();
}

// A clerk reports progress with the keyboard alone.
async function keyboardReport(context, taskPath, width) {
  const label = `keyboard report@${width}`;
  await onPage(context, label, async (page) => {
    const before = await pendingText(page);
    await page.goto(new URL(taskPath, base).href, { waitUntil: "load" });

    // Status: reach the select, move to "hoàn thành" with the arrow keys.
    await tabTo(page, "#trang-thai");
    for (let i = 0; i < 5 && (await page.inputValue("#trang-thai")) !== "done"; i++) {
      await page.keyboard.press("ArrowDown");
    }
    r.report((await page.inputValue("#trang-thai")) === "done", `${label} status chosen by keys`, await page.inputValue("#trang-thai"));

    // 80 % with "hoàn thành": refused, the reason next to the field.
    await tabTo(page, "#phan-tram");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("80");
    await tabTo(page, "#ghi-chu");
    await page.keyboard.type("Đã tổ chức **3 buổi** tuyên truyền ở các thôn.");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), tabTo(page, "#phan-tram").then(() => page.keyboard.press("Enter"))]);
    const refusal = (await page.locator("#phan-tram-loi").textContent().catch(() => "")) || "";
    r.report(/100/.test(refusal), `${label} done at 80 % refused next to the field`, refusal.trim());
    r.report((await page.inputValue("#phan-tram")) === "80", `${label} the clerk's input kept`, await page.inputValue("#phan-tram"));
    const note = await page.inputValue("#ghi-chu");
    r.report(note.includes("3 buổi"), `${label} the note kept`, note.slice(0, 40));
    await checkLoadedPage(r, page, `${label} refusal`, width, path.join(artifactDir, `app-task-refused-${width}.png`));

    // 100 %: saved.
    await tabTo(page, "#phan-tram");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("100");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    const saved = await page.locator(".notice").first().textContent().catch(() => "");
    r.report(/Đã lưu/.test(saved || ""), `${label} saved`, (saved || "").trim());

    await page.goto(new URL("cong-viec", base).href, { waitUntil: "load" });
    const taskMeta = await page.locator(`a[href$="${taskPath.split("/").pop()}"]`).first()
      .locator("xpath=ancestor::li[1]").locator(".task-meta").textContent();
    r.report(/hoàn thành/.test(taskMeta) && /100/.test(taskMeta), `${label} the list shows the report`, taskMeta.trim());

    const after = await pendingText(page);
    const n = (s) => parseInt(s, 10) || 0;
    r.report(n(after) > n(before), `${label} home counts it as waiting`, `"${before}" -> "${after}"`);
  }, [
    // The refused form comes back with its errors and status 400.
    new RegExp(`^400 ${base.href}${taskPath}$`),
    new RegExp(`status of 400 .*${taskPath}`),
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
        let taskPath;
        try {
          taskPath = await taskPathAt(context, WIDTHS.indexOf(width));  // a task not reported yet
          r.report(true, `task list links to a task@${width}`, "/" + taskPath);
        } catch (err) {
          r.report(false, `task list links to a task@${width}`, errorLine(err));
        }
        const pages = [
          { name: "home", path: "" },
          { name: "tasks", path: "cong-viec" },
          ...(taskPath ? [{ name: "task", path: taskPath }] : []),
        ];
        for (const spec of pages) await checkPage(context, spec, width);
        if (taskPath) await keyboardReport(context, taskPath, width);
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
