// deploy/ against the AppHost's model (Aspire's manifest, published in external mode): each
// project resource is a Deployment, each "<service>-migrate" resource a Job, with the same
// arguments and every environment variable the AppHost gives it, mapped to Kubernetes:
//   {p.connectionString}, {p.value} -> a Secret named p (key "value"), or a ConfigMap when the
//                                      parameter is not secret
//   {x.bindings.http.targetPort}     -> "8080", the port of the images (ContainerPort)
//   {x.bindings.http.url}            -> http://x, the Service in front of x
//   {x.bindings.https.*}             -> left out: TLS ends at the Ingress (docs/deploying.md)
//   anything else                    -> the same literal value
import { readFileSync } from "node:fs";
import path from "node:path";
import { podSpec } from "./kustomize.mjs";

const containerPort = "8080";

export function checkAgainstAppHost(objects, manifest, manifestDirectory) {
  const problems = [];
  const resources = manifest.resources;
  const projects = Object.entries(resources).filter(([, r]) => r.type === "project.v0");
  const expectedWorkloads = new Set(projects.map(([name]) => name));

  for (const workload of objects.filter((o) => podSpec(o))) {
    if (!expectedWorkloads.has(workload.metadata.name)) {
      problems.push(`${workload.kind}/${workload.metadata.name}: the AppHost has no such resource`);
    }
  }
  for (const [name, project] of projects) {
    const kind = name.endsWith("-migrate") ? "Job" : "Deployment";
    const workload = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!workload) {
      problems.push(`${name}: the AppHost's resource has no ${kind} in deploy/`);
      continue;
    }
    const container = podSpec(workload).containers[0];
    const where = `${kind}/${name}`;
    if (JSON.stringify(container.args ?? []) !== JSON.stringify(project.args ?? [])) {
      const [actual, expected] = [container.args ?? [], project.args ?? []].map((a) => JSON.stringify(a));
      problems.push(`${where}: args ${actual}, the AppHost passes ${expected}`);
    }
    const repository = containerRepository(path.resolve(manifestDirectory, project.path));
    const image = container.image.split(":")[0];
    if (!image.endsWith(repository)) {
      problems.push(`${where}: image ${image} is not the project's ContainerRepository ${repository}`);
    }
    problems.push(...compareEnvironment(where, container.env ?? [], project.env ?? {}, resources));

    const external = Object.values(project.bindings ?? {}).some((b) => b.external);
    const ingress = objects.some((o) => o.kind === "Ingress"
      && o.spec.rules?.some((r) => r.http?.paths?.some((p) => p.backend.service?.name === name)));
    if (external !== ingress) {
      problems.push(`${where}: external in the AppHost: ${external}, behind the Ingress: ${ingress}`);
    }
  }
  return problems;
}

function compareEnvironment(where, actual, expected, resources) {
  const problems = [];
  const byName = new Map(actual.map((v) => [v.name, v]));
  const wanted = new Set();
  for (const [name, value] of Object.entries(expected)) {
    if (/\.bindings\.https\./.test(value)) continue;
    wanted.add(name);
    const variable = byName.get(name);
    if (!variable) {
      problems.push(`${where}: ${name} is set by the AppHost and missing here`);
      continue;
    }
    const expectation = map(value, resources);
    if (expectation.problem) problems.push(`${where}: ${name}: ${expectation.problem}`);
    else if (JSON.stringify(describe(variable)) !== JSON.stringify(expectation)) {
      const [found, wantedValue] = [describe(variable), expectation].map((v) => JSON.stringify(v));
      problems.push(`${where}: ${name} is ${found}, expected ${wantedValue}`);
    }
  }
  for (const name of byName.keys()) {
    if (!wanted.has(name)) problems.push(`${where}: ${name} is not set by the AppHost (add it there first)`);
  }
  return problems;
}

function map(value, resources) {
  const reference = /^\{([^.}]+)\.(connectionString|value)\}$/.exec(value);
  if (reference) {
    const parameter = resources[reference[1]];
    if (parameter?.type !== "parameter.v0") return { problem: `${value} is not a parameter or connection string` };
    return parameter.inputs?.value?.secret
      ? { secret: reference[1], key: "value" }
      : { configMap: reference[1], key: "value" };
  }
  const binding = /^\{([^.}]+)\.bindings\.http\.(targetPort|url)\}$/.exec(value);
  if (binding) return { value: binding[2] === "targetPort" ? containerPort : `http://${binding[1]}` };
  if (value.includes("{")) return { problem: `the checker does not know how to map ${value}` };
  return { value };
}

function describe(variable) {
  const { secretKeyRef: secret, configMapKeyRef: configMap } = variable.valueFrom ?? {};
  if (secret) return { secret: secret.name, key: secret.key };
  if (configMap) return { configMap: configMap.name, key: configMap.key };
  return { value: variable.value };
}

function containerRepository(projectFile) {
  const match = /<ContainerRepository>([^<]+)<\/ContainerRepository>/.exec(readFileSync(projectFile, "utf8"));
  return match ? match[1] : `(no ContainerRepository in ${projectFile})`;
}
