// Checks deploy/ offline: every object of the base and of each overlay against the Kubernetes
// API schemas (kubernetes-models), the rules a rollout relies on, and the AppHost's model
// (Aspire's manifest: `--publisher manifest`), so a service or setting added to the AppHost
// and forgotten here fails the test command.
// usage: node check.mjs ASPIRE_MANIFEST KUSTOMIZATION_DIR...
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "./kustomize.mjs";
import { checkRules } from "./rules.mjs";
import { checkAgainstAppHost } from "./apphost.mjs";
import { validateSchema } from "./schema.mjs";

const [manifestFile, ...directories] = process.argv.slice(2);
if (!manifestFile || directories.length === 0) {
  console.error("usage: node check.mjs ASPIRE_MANIFEST KUSTOMIZATION_DIR...");
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
const manifestDirectory = path.dirname(path.resolve(manifestFile));

let failed = false;
for (const directory of directories) {
  const problems = [];
  let objects = [];
  try {
    objects = build(directory);
  } catch (error) {
    problems.push(error.message);
  }
  for (const object of objects) problems.push(...(await validateSchema(object)));
  problems.push(...checkRules(objects));
  problems.push(...checkAgainstAppHost(objects, manifest, manifestDirectory));

  if (problems.length === 0) {
    console.log(`ok ${directory}: ${objects.length} objects valid and in step with the AppHost`);
  } else {
    failed = true;
    console.log(`FAILED ${directory}:`);
    for (const problem of problems) console.log(`  - ${problem}`);
  }
}
process.exit(failed ? 1 : 0);
