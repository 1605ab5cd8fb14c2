// GraphiQL as a person uses it, in headless Chromium that can reach nothing
// but this machine: the page loads from the binary alone, the schema loads
// (the documentation explorer lists Organization), a token pasted in the
// Headers tab is sent, and a query typed in the editor shows its result.
//
// Usage: node .ci/graphiql-browser.mjs http://127.0.0.1:PORT
// (a `partnerdesk serve --demo`). The WebDriver helpers are in .ci/webdriver.mjs.

import { click, drive, find, go, noExternalRequests, run, step, waitFor } from "./webdriver.mjs";

const origin = process.argv[2];
if (!origin || origin.endsWith("/")) {
  console.error("usage: node .ci/graphiql-browser.mjs http://127.0.0.1:PORT");
  process.exit(2);
}

/// Sets the text of the CodeMirror editor at `selector` (CodeMirror 5 keeps
/// its instance on the element).
const setEditor = (selector, text) =>
  run(`const cm = document.querySelector(${JSON.stringify(selector)}).CodeMirror; cm.setValue(arguments[0]); return cm.getValue();`, text);
const QUERY_EDITOR = ".graphiql-query-editor .CodeMirror";
/// The headers editor (the page opens the editor tools on the Headers tab).
const HEADERS_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror";

/// GraphiQL takes edits into its tab state (which operation to run, which
/// headers to send) after a debounce, and saves that state in localStorage
/// when it does: waits until the active tab holds `query` and `token`, so
/// that the run button sends what the editors show.
const editsTaken = (query, token) =>
  waitFor(
    "GraphiQL to take the edits",
    `(() => {
      const state = JSON.parse(localStorage.getItem("graphiql:tabState") || "{}");
      const tab = (state.tabs || [])[state.activeTabIndex];
      return !!tab && tab.query === ${JSON.stringify(query)} && (tab.headers || "").includes(${JSON.stringify(token)});
    })()`,
  );

async function token() {
  const response = await fetch(`${origin}/graphql`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      query: "mutation { signIn(input: { email: \"admin@harborlane.example\", password: \"tidewater-lantern-42\" }) { token } }",
    }),
  });
  const body = await response.json();
  if (!body.data?.signIn?.token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.data.signIn.token;
}

async function steps() {
  await step("the page and its scripts come from the binary", async () => {
    await go(`${origin}/graphql`);
    await waitFor("the GraphiQL editor", `document.querySelector(${JSON.stringify(QUERY_EDITOR)})`, 20000);
    await noExternalRequests();
    return await run("return document.getElementById('hint').textContent.slice(0, 60);");
  });

  await step("the schema loads: the documentation explorer lists Organization", async () => {
    await click(await find('button[aria-label="Show Documentation Explorer"]'));
    await waitFor("the root types", `[...document.querySelectorAll('.graphiql-doc-explorer a')].some(a => a.textContent === 'Query')`, 20000);
    await click(await find(".graphiql-doc-explorer-root-type a, .graphiql-doc-explorer a.graphiql-doc-explorer-type-name"));
    await waitFor("Organization in Query's fields", `document.querySelector('.graphiql-doc-explorer').innerText.includes('Organization')`);
  });

  await step("a query typed in the editor, with the pasted token, shows its result", async () => {
    await waitFor("the Headers tab, open", `document.querySelector('.graphiql-editor-tools button[data-name="headers"].active')`);
    const bearer = await token();
    const query = "{ viewer { email } organization { legalName } }";
    await setEditor(HEADERS_EDITOR, `{\n  "Authorization": "Bearer ${bearer}"\n}`);
    await setEditor(QUERY_EDITOR, query);
    await editsTaken(query, bearer);
    await click(await find(".graphiql-execute-button"));
    const result = await waitFor(
      "the result pane",
      `(() => { const t = document.querySelector('.result-window')?.innerText || ''; return t.includes('admin@harborlane.example') && t; })()`,
      20000,
    );
    await noExternalRequests();
    return result.replace(/\s+/g, " ").slice(0, 80);
  });

  await step("an “Open in GraphiQL” link fills in the document and its variables", async () => {
    const query = "query Users($first: Int) { organization { users(first: $first) { totalCount } } }";
    await go(`${origin}/graphql#query=${encodeURIComponent(query)}&variables=${encodeURIComponent('{"first": 1}')}`);
    await run("location.reload();");
    await waitFor(
      "the linked document",
      `(() => { const cm = document.querySelector(${JSON.stringify(QUERY_EDITOR)}); return cm && cm.CodeMirror.getValue().includes('users(first: $first)'); })()`,
      20000,
    );
    const variables = await run("return document.querySelector('.graphiql-editor-tool .graphiql-editor.hidden .CodeMirror, .graphiql-editor-tool .CodeMirror').CodeMirror.getValue();");
    if (!variables.includes('"first": 1')) throw new Error(`variables not filled in: ${variables}`);
    // A new tab starts with the default headers: paste the token once more.
    const bearer = await token();
    await setEditor(HEADERS_EDITOR, `{\n  "Authorization": "Bearer ${bearer}"\n}`);
    await editsTaken(query, bearer);
    await click(await find(".graphiql-execute-button"));
    await waitFor("its result", `(document.querySelector('.result-window')?.innerText || '').includes('"totalCount"')`, 20000);
    return variables;
  });
}

drive("GraphiQL browser test", steps);
