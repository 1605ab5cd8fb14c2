// Drives headless Chromium through the help site, like a reader would: the
// root page sends them to their language, the switcher leads to the same page
// in French, a French search for "activer" finds a page that says "Activé",
// and links lead where they should. No external request may leave the site.
//
// Usage: node .ci/docs-browser.mjs http://127.0.0.1:PORT/help/
// WebDriver over plain HTTP (Node's fetch) with the chromedriver that Debian
// ships for its Chromium, so the two versions always match; no npm package.
// Exits non-zero when any step fails.

import { spawn } from "node:child_process";
import { createServer } from "node:net";

const base = process.argv[2];
if (!base || !base.endsWith("/")) {
  console.error("usage: node .ci/docs-browser.mjs http://127.0.0.1:PORT/help/");
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMEDRIVER = process.env.CHROMEDRIVER || "/usr/bin/chromedriver";
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let driverUrl = "";
let session = "";

async function wd(method, path, body) {
  const response = await fetch(`${driverUrl}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = json.value || {};
    throw new Error(`WebDriver ${method} ${path}: ${error.error || response.status}: ${(error.message || "").split("\n")[0]}`);
  }
  return json.value;
}

const s = (path) => `/session/${session}${path}`;
const go = (url) => wd("POST", s("/url"), { url });
const run = (script, ...args) => wd("POST", s("/execute/sync"), { script, args });
async function find(css) {
  const found = await wd("POST", s("/element"), { using: "css selector", value: css });
  if (!found || !found[ELEMENT]) throw new Error(`no element ${css}: ${JSON.stringify(found)}`);
  return found[ELEMENT];
}
const click = (id) => wd("POST", s(`/element/${id}/click`), {});
const type = (id, text) => wd("POST", s(`/element/${id}/value`), { text });

/// Polls `check` (a browser-side expression) until it is truthy.
async function waitFor(what, expression, timeoutMs = 10000) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    try {
      last = await run(`return (${expression});`);
      if (last) return last;
    } catch (e) {
      last = e.message; // navigating: the page is not ready yet
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what} (last value: ${JSON.stringify(last)})`);
}

const steps = [];
async function step(name, body) {
  try {
    const detail = await body();
    steps.push({ name, ok: true });
    console.log(`  ok   ${name}${detail ? ` (${detail})` : ""}`);
  } catch (e) {
    steps.push({ name, ok: false });
    console.log(`  FAIL ${name}: ${e.message}`);
    throw e;
  }
}

/// Every resource the page loaded comes from the site's own origin.
async function noExternalRequests() {
  const outside = await run(
    "return performance.getEntriesByType('resource').map(e => e.name).filter(n => new URL(n).origin !== location.origin);",
  );
  if (outside.length) throw new Error(`external requests: ${outside.join(", ")}`);
}

async function main() {
  const port = await freePort();
  driverUrl = `http://127.0.0.1:${port}`;
  const driver = spawn(CHROMEDRIVER, [`--port=${port}`], { stdio: ["ignore", "ignore", "inherit"] });
  const stop = () => driver.kill("SIGTERM");
  process.on("exit", stop);
  try {
    for (let i = 0; ; i++) {
      try {
        await wd("GET", "/status");
        break;
      } catch (e) {
        if (i > 100) throw new Error(`chromedriver did not start: ${e.message}`);
        await sleep(100);
      }
    }
    const created = await wd("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          browserName: "chrome",
          "goog:chromeOptions": {
            binary: CHROMIUM,
            args: [
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--disable-dev-shm-usage",
              "--lang=en-US",
              "--window-size=1200,900",
            ],
            prefs: { "intl.accept_languages": "en-US,en" },
          },
        },
      },
    });
    session = created.sessionId;
    await wd("POST", s("/timeouts"), { pageLoad: 20000, script: 10000, implicit: 2000 });
    await runSteps();
  } finally {
    if (session) await wd("DELETE", s("")).catch(() => {});
    stop();
  }
}

async function runSteps() {
  await step("the root page sends an English reader to /en/", async () => {
    await go(base);
    await waitFor("the English home page", `location.pathname.endsWith('/en/') && document.documentElement.lang === 'en'`);
    await noExternalRequests();
  });

  await step("the language switcher leads to the same page in French", async () => {
    await go(`${base}en/manage-benefits/`);
    await waitFor("the English page", `document.documentElement.lang === 'en' && document.querySelector('h1')`);
    await click(await find('nav.languages a[hreflang="fr"]'));
    await waitFor("the French page", `location.pathname.endsWith('/fr/manage-benefits/') && document.documentElement.lang === 'fr'`);
    return await run("return document.querySelector('h1').textContent;");
  });

  let hits = [];
  await step("a French search for “activer” finds pages", async () => {
    const input = await find("#search-input");
    await type(input, "activer\uE007"); // Enter submits the search form
    await waitFor("the search page", `location.pathname.endsWith('/fr/search/') && new URLSearchParams(location.search).get('q') === 'activer'`);
    await waitFor("results", `document.querySelectorAll('#search-results .search-hits a').length > 0`);
    hits = await run("return [...document.querySelectorAll('#search-results .search-hits a')].map(a => a.getAttribute('href'));");
    await noExternalRequests();
    // The how-to pages come first; the API reference, which names every field, may follow.
    hits = hits.filter((h) => !h.endsWith("/reference/")).concat(hits.filter((h) => h.endsWith("/reference/")));
    return `${hits.length} result(s), first ${hits[0]}`;
  });

  await step("following the first result opens a page that says “Activé” or “activer”", async () => {
    await click(await find(`#search-results .search-hits a[href="${hits[0]}"]`));
    await waitFor("the result page", `location.pathname === ${JSON.stringify(hits[0])}`);
    const found = await run("return (document.querySelector('main').innerText.match(/activ(é|er)/i) || [])[0] || '';");
    if (!found) throw new Error(`${hits[0]} contains neither “Activé” nor “activer”`);
    return `“${found}” on ${hits[0]}`;
  });

  await step("a link in the text and the previous/next link lead to other French pages", async () => {
    const before = await run("return location.pathname;");
    const href = await run(
      "const a = [...document.querySelectorAll('.content a')].find(a => a.pathname.includes('/fr/') && a.pathname !== location.pathname); return a ? a.getAttribute('href') : null;",
    );
    if (!href) throw new Error(`${before} has no link to another page`);
    await go(new URL(href, await run("return location.href;")).href);
    await waitFor("the linked page", `document.documentElement.lang === 'fr' && document.querySelector('h1') && location.pathname !== ${JSON.stringify(before)}`);
    const pathname = await run("return location.pathname;");
    if (!href.startsWith(pathname)) throw new Error(`followed ${href}, landed on ${pathname}`);
    await click(await find(".pager a"));
    await waitFor("the previous or next page", `location.pathname !== ${JSON.stringify(pathname)} && document.querySelector('h1')`);
    await noExternalRequests();
    return `${before} → ${href} → ${await run("return location.pathname;")}`;
  });

  await step("the API reference opens from the side menu", async () => {
    await click(await find(".sidebar-reference a"));
    await waitFor("the reference", `location.pathname.endsWith('/fr/reference/') && document.getElementById('Mutation-signIn')`);
  });
}

main().then(
  () => {
    console.log(`PASS browser test: ${steps.length} step(s)`);
    process.exit(0);
  },
  (e) => {
    if (!steps.some((st) => !st.ok)) console.log(`  FAIL ${e.message}`);
    console.log(`FAIL browser test: ${steps.filter((st) => st.ok).length} of ${steps.length} step(s) passed`);
    process.exit(1);
  },
);
