// The graphql-http audit (the GraphQL-over-HTTP specification's own test
// suite, from the npm package graphql-http) against a running server.
// Every MUST and every SHOULD has to pass: no failure, no warning.
//
// Usage: node .ci/clients/audit.mjs http://127.0.0.1:PORT/graphql
import { auditServer } from "graphql-http";

const url = process.argv[2];
const results = await auditServer({ url });
const failures = results.filter((r) => r.status === "error");
const warnings = results.filter((r) => r.status === "warn");
for (const r of [...failures, ...warnings]) {
  console.log(`  ${r.status.toUpperCase()} ${r.name}: ${r.reason}`);
}
const passed = results.length - failures.length - warnings.length;
console.log(`graphql-http audit: ${passed} ok, ${warnings.length} warnings, ${failures.length} failures`);
process.exit(failures.length || warnings.length ? 1 : 0);
