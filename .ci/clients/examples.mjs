// A second, independent check of the help site: graphql-js fetches the
// schema from a running server with its standard introspection query (every
// option on), and every ```graphql block of every page, in both languages,
// must validate against it.
//
// Usage: node .ci/clients/examples.mjs http://127.0.0.1:PORT/graphql content
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildClientSchema, getIntrospectionQuery, parse, validate } from "graphql";

const [url, content] = process.argv.slice(2);
const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});
const response = await fetch(url, {
  method: "POST",
  headers: { "Content-Type": "application/json", Accept: "application/graphql-response+json" },
  body: JSON.stringify({ query }),
});
const body = await response.json();
if (!response.ok || body.errors) {
  console.log(`FAIL introspection: HTTP ${response.status} ${JSON.stringify(body.errors)}`);
  process.exit(1);
}
const schema = buildClientSchema(body.data);
console.log(`introspection: ${Object.keys(schema.getTypeMap()).length} types`);

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? pages(path) : name.endsWith(".md") ? [path] : [];
  });
}

let blocks = 0;
const problems = [];
for (const file of pages(content).sort()) {
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```graphql\b/.test(lines[i])) continue;
    const start = i + 1;
    const text = [];
    for (i++; i < lines.length && !lines[i].startsWith("```"); i++) text.push(lines[i]);
    blocks++;
    try {
      for (const error of validate(schema, parse(text.join("\n")))) {
        const line = error.locations?.[0] ? start + error.locations[0].line : start;
        problems.push(`${file}:${line}: ${error.message}`);
      }
    } catch (error) {
      problems.push(`${file}:${start}: ${error.message}`);
    }
  }
}
for (const p of problems) console.log(`  ${p}`);
console.log(`graphql-js: ${blocks} examples, ${problems.length} problems`);
process.exit(problems.length || blocks === 0 ? 1 : 0);
