// Drives headless Chromium through the help site, like a reader would: the
// root page sends them to their language, the switcher leads to the same page
// in French, a French search for "activer" finds a page that says "Activé",
// and links lead where they should. No external request may leave the site.
//
// Usage: node .ci/docs-browser.mjs http://127.0.0.1:PORT/help/
// The WebDriver helpers are in .ci/webdriver.mjs. Exits non-zero when any step fails.

import { click, drive, find, go, noExternalRequests, run, step, type, waitFor } from "./webdriver.mjs";

const base = process.argv[2];
if (!base || !base.endsWith("/")) {
  console.error("usage: node .ci/docs-browser.mjs http://127.0.0.1:PORT/help/");
  process.exit(2);
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

drive("browser test", runSteps);
