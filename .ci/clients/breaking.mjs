// Fails when the schema breaks clients of the last release: a removed or
// renamed type, field, argument or enum value, or a type made stricter, as
// graphql-js's findBreakingChanges judges it. A removal is allowed when the
// released schema had already deprecated what goes.
//
// Usage: node .ci/clients/breaking.mjs releases/schema-0.1.0.graphql schema.graphql
import { readFileSync } from "node:fs";
import { buildSchema, findBreakingChanges, findDangerousChanges } from "graphql";

const [releasedFile, currentFile] = process.argv.slice(2);
const released = buildSchema(readFileSync(releasedFile, "utf8"));
const current = buildSchema(readFileSync(currentFile, "utf8"));

/// Whether the released schema deprecated the element a change names ("Type.field" or "Enum.VALUE").
function deprecatedBefore(description) {
  const [typeName, member] = (description.match(/^([A-Za-z_]\w*)\.([A-Za-z_]\w*)/) || []).slice(1);
  const type = typeName && released.getType(typeName);
  if (!type || !member) return false;
  const fields = type.getFields ? type.getFields() : {};
  if (fields[member]) return Boolean(fields[member].deprecationReason);
  const value = type.getValue ? type.getValue(member) : undefined;
  return Boolean(value && value.deprecationReason);
}

const breaking = findBreakingChanges(released, current);
const refused = breaking.filter((c) => !deprecatedBefore(c.description));
for (const c of breaking) console.log(`  ${refused.includes(c) ? "BREAKING" : "after deprecation"} ${c.type}: ${c.description}`);
for (const c of findDangerousChanges(released, current)) console.log(`  dangerous ${c.type}: ${c.description}`);
console.log(`schema: ${breaking.length} breaking change(s) since ${releasedFile}, ${refused.length} without a deprecation first`);
process.exit(refused.length ? 1 : 0);
