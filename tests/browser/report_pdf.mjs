// The HTML report printed to PDF by headless Chromium (issue 13 §4): every
// page A4 (595 x 842 pt, as the report's @page asks), more than one page,
// and nothing requested but the file itself (the report is self-contained).
//   node report_pdf.mjs REPORT.html ARTIFACT_DIR
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Reporter, artifactDirFrom, errorLine, launch, withTimeout, PAGE_TIMEOUT_MS } from "./lib/check.mjs";

const [htmlPath, artifactArg] = process.argv.slice(2);
const artifacts = artifactDirFrom(artifactArg);
const r = new Reporter("report_pdf");
const fileUrl = pathToFileURL(path.resolve(htmlPath)).href;

// The size of every page of a PDF Chromium wrote, and how many pages its
// page tree says there are: its page objects are plain text, each with
// its /MediaBox.
function pageSizes(pdf) {
  const text = pdf.toString("latin1");
  const sizes = [];
  const re = /\/Type\s*\/Page\b(?!s)[\s\S]*?\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g;
  for (const m of text.matchAll(re)) sizes.push([Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])]);
  // The page tree's root counts every page; inner nodes count their own.
  let count = -1;
  for (const m of text.matchAll(/\/Type\s*\/Pages\b[\s\S]*?\/Count\s+(\d+)/g)) count = Math.max(count, Number(m[1]));
  return { sizes, count };
}

async function main() {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const requests = [];
    await page.route("**/*", (route) => {
      requests.push(route.request().url());
      return route.request().url() === fileUrl ? route.continue() : route.abort("blockedbyclient");
    });
    await withTimeout(page.goto(fileUrl), PAGE_TIMEOUT_MS, "open the report");
    const outside = requests.filter((u) => u !== fileUrl);
    r.report(outside.length === 0, "the report requests nothing but itself", outside.join(", "));
    const scripts = await page.locator("script").count();
    r.report(scripts === 0, "no script in the report", `${scripts}`);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    r.report(/Times New Roman/.test(font), "body in Times New Roman", font);
    const pdfPath = path.join(artifacts, "report.pdf");
    const pdf = await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    const { sizes, count } = pageSizes(pdf);
    r.note("pages", `${count} (${pdfPath})`);
    r.report(count >= 2 && sizes.length === count, "every page object found", `${sizes.length} of ${count}`);
    const notA4 = sizes.filter(([w, h]) => Math.abs(w - 595.28) > 2 || Math.abs(h - 841.89) > 2);
    r.report(sizes.length > 0 && notA4.length === 0, "every page is A4 (595 x 842 pt)",
             notA4.map(([w, h]) => `${w} x ${h}`).join(", "));
  } finally {
    await browser.close();
  }
}

main().catch((err) => r.report(false, "report_pdf", errorLine(err))).finally(() => r.finish());
