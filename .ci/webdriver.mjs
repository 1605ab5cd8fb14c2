// WebDriver over plain HTTP (Node's fetch) with the chromedriver that Debian
// ships for its Chromium, so the two versions always match; no npm package.
// Shared by the browser tests in .ci/: start a headless session, drive it,
// and check that a page made no request off the machine.

import { spawn } from "node:child_process";
import { createServer } from "node:net";

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

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let driverUrl = "";
let session = "";

export async function wd(method, path, body) {
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
export const go = (url) => wd("POST", s("/url"), { url });
export const run = (script, ...args) => wd("POST", s("/execute/sync"), { script, args });
/// A Chrome DevTools Protocol command, through chromedriver.
export const cdp = (cmd, params) => wd("POST", s("/goog/cdp/execute"), { cmd, params });
/// Runs `script` until it calls its last argument (WebDriver's asynchronous script).
export const runAsync = (script, ...args) => wd("POST", s("/execute/async"), { script, args });
export async function find(css) {
  const found = await wd("POST", s("/element"), { using: "css selector", value: css });
  if (!found || !found[ELEMENT]) throw new Error(`no element ${css}: ${JSON.stringify(found)}`);
  return found[ELEMENT];
}
export const click = (id) => wd("POST", s(`/element/${id}/click`), {});
export const type = (id, text) => wd("POST", s(`/element/${id}/value`), { text });

/// Polls `expression` (evaluated in the page) until it is truthy.
export async function waitFor(what, expression, timeoutMs = 10000) {
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
export async function step(name, body) {
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
export async function noExternalRequests() {
  const outside = await run(
    "return performance.getEntriesByType('resource').map(e => e.name).filter(n => new URL(n).origin !== location.origin);",
  );
  if (outside.length) throw new Error(`external requests: ${outside.join(", ")}`);
}

/// Starts chromedriver and a headless Chromium that can resolve no host but
/// this machine, runs `body`, and exits with a PASS or FAIL line for `title`.
export function drive(title, body) {
  main(body).then(
    () => {
      console.log(`PASS ${title}: ${steps.length} step(s)`);
      process.exit(0);
    },
    (e) => {
      if (!steps.some((st) => !st.ok)) console.log(`  FAIL ${e.message}`);
      console.log(`FAIL ${title}: ${steps.filter((st) => st.ok).length} of ${steps.length} step(s) passed`);
      process.exit(1);
    },
  );
}

async function main(body) {
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
              // No host resolves but this machine: the outside network is cut off.
              "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
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
    await body();
  } finally {
    if (session) await wd("DELETE", s("")).catch(() => {});
    stop();
  }
}
