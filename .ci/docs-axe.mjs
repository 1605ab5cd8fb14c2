// axe-core in headless Chromium on every page of the help site, in both
// languages and both colour schemes (light, then dark through Chromium's
// media emulation): the pages of the sitemap, the home and search pages, and
// the 404 page. Any WCAG 2.0/2.1 A or AA violation fails, listed with the
// rule, its impact and the elements at fault.
//
// Usage: node .ci/docs-axe.mjs http://127.0.0.1:PORT/help/ path/to/axe.min.js
// Exits non-zero when a page has a violation or can't be checked.

import { readFileSync } from "node:fs";
import { cdp, drive, go, run, runAsync, step, waitFor } from "./webdriver.mjs";

const [base, axePath] = process.argv.slice(2);
if (!base || !base.endsWith("/") || !axePath) {
  console.error("usage: node .ci/docs-axe.mjs http://127.0.0.1:PORT/help/ axe.min.js");
  process.exit(2);
}
const axeSource = readFileSync(axePath, "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function pages() {
  const sitemap = await (await fetch(new URL("sitemap.xml", base))).text();
  const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(new URL(m[1], base).pathname, base).href);
  for (const lang of ["en", "fr"]) {
    urls.push(new URL(`${lang}/`, base).href, new URL(`${lang}/search/?q=renew`, base).href);
  }
  urls.push(new URL("no-such-page/", base).href);
  return [...new Set(urls)];
}

async function check(url) {
  await go(url);
  await waitFor("the page", "document.readyState === 'complete' && document.querySelector('main')");
  await run(`${axeSource}\nreturn true;`);
  const found = await runAsync(
    `const done = arguments[arguments.length - 1];
     axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(TAGS)} }, resultTypes: ["violations"] })
       .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }))))
       .catch((e) => done({ error: String(e) }));`,
  );
  if (found.error) throw new Error(`${url}: axe failed: ${found.error}`);
  return found;
}

/// Pages from now on see `prefers-color-scheme: colours`.
const emulate = (colours) => cdp("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: colours }] });

async function runSteps() {
  const list = await pages();
  for (const colours of ["light", "dark"]) {
    let failures = 0;
    await step(`axe-core (${TAGS.join(", ")}) on ${list.length} pages, ${colours} colours`, async () => {
      await emulate(colours);
      for (const url of list) {
        const violations = await check(url);
        for (const v of violations) {
          failures++;
          console.log(`  ${new URL(url).pathname} (${colours}): ${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.join("\n      ")}`);
        }
      }
      const seen = await run("return matchMedia('(prefers-color-scheme: dark)').matches;");
      if (seen !== (colours === "dark")) throw new Error(`the page did not see the ${colours} colour scheme`);
      if (failures) throw new Error(`${failures} violation(s)`);
      return `0 violations on ${list.length} pages`;
    });
  }
}

drive("axe-core", runSteps);
