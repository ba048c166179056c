// What every rollout relies on, beyond the schemas: probes, limits, a non-root user, budgets,
// autoscaling, network isolation and no secret values in the repository.
import { podSpec } from "./kustomize.mjs";

const autoscaled = ["gateway", "applications"];

export function checkRules(objects) {
  const problems = [];
  const named = (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const deployments = objects.filter((o) => o.kind === "Deployment");

  for (const secret of objects.filter((o) => o.kind === "Secret")) {
    problems.push(`Secret/${secret.metadata.name}: the platform team creates secrets; refer to them by name only`);
  }
  for (const workload of objects.filter((o) => podSpec(o))) {
    const where = `${workload.kind}/${workload.metadata.name}`;
    const pod = podSpec(workload);
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot must be true`);
    for (const container of pod.containers) {
      const { securityContext: security, resources } = container;
      if (security?.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation must be off`);
      if (security?.readOnlyRootFilesystem !== true) problems.push(`${where}: the root file system must be read-only`);
      const { cpu, memory } = resources?.requests ?? {};
      if (!cpu || !memory) problems.push(`${where}: a CPU or memory request is missing`);
      if (!resources?.limits?.memory) problems.push(`${where}: a memory limit is missing`);
      for (const variable of container.env ?? []) {
        if (/password|key|connectionstrings/i.test(variable.name) && variable.value !== undefined) {
          problems.push(`${where}: ${variable.name} must come from a Secret or ConfigMap, not a literal`);
        }
      }
    }
  }
  for (const deployment of deployments) {
    const name = deployment.metadata.name;
    const container = podSpec(deployment).containers[0];
    const where = `Deployment/${name}`;
    if (container.livenessProbe?.httpGet?.path !== "/alive") problems.push(`${where}: liveness must probe /alive`);
    if (container.readinessProbe?.httpGet?.path !== "/health") problems.push(`${where}: readiness must probe /health`);
    if (!named("PodDisruptionBudget", name)) problems.push(`Deployment/${name}: no PodDisruptionBudget`);
    if (!named("Service", name)) problems.push(`Deployment/${name}: no Service`);
    const env = Object.fromEntries((container.env ?? []).map((v) => [v.name, v.value]));
    if (name !== "gateway" && env.Migrations__ApplyAtStart !== "false") {
      problems.push(`Deployment/${name}: replicas must not migrate (Migrations__ApplyAtStart=false); the Job does`);
    }
  }
  for (const name of autoscaled) {
    const autoscaler = named("HorizontalPodAutoscaler", name);
    if (!autoscaler) problems.push(`${name}: no HorizontalPodAutoscaler`);
    else if (autoscaler.spec.scaleTargetRef.name !== name) {
      problems.push(`HorizontalPodAutoscaler/${name} scales something else`);
    }
  }
  problems.push(...checkNetwork(objects, deployments));
  return problems;
}

function checkNetwork(objects, deployments) {
  const problems = [];
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  const everyone = (p) => Object.keys(p.spec.podSelector ?? {}).length === 0;
  const deny = policies.find((p) => everyone(p) && !p.spec.ingress && !p.spec.egress
    && p.spec.policyTypes?.includes("Ingress") && p.spec.policyTypes?.includes("Egress"));
  if (!deny) problems.push("NetworkPolicy: no default deny of ingress and egress for every pod");
  const allowsDns = (rule) => rule.ports?.some((port) => port.port === 53);
  const dns = policies.find((p) => everyone(p) && p.spec.egress?.some(allowsDns));
  if (!dns) problems.push("NetworkPolicy: no DNS egress for every pod");

  // Only the gateway takes traffic from outside its namespace (the ingress controller).
  for (const policy of policies) {
    for (const rule of policy.spec.ingress ?? []) {
      const fromOutside = (rule.from ?? [{}])
        .some((peer) => peer.namespaceSelector || peer.ipBlock || Object.keys(peer).length === 0);
      if (fromOutside && policy.spec.podSelector?.matchLabels?.["app.kubernetes.io/name"] !== "gateway") {
        problems.push(`NetworkPolicy/${policy.metadata.name}: only the gateway may receive traffic from outside`);
      }
    }
  }
  for (const deployment of deployments) {
    const labels = deployment.spec.template.metadata.labels;
    const selects = (policy) => everyone(policy) || matches(policy.spec.podSelector, labels);
    if (!policies.some((p) => !everyone(p) && selects(p) && p.spec.egress)) {
      problems.push(`Deployment/${deployment.metadata.name}: no NetworkPolicy says what it may reach`);
    }
  }
  const ingresses = objects.filter((o) => o.kind === "Ingress");
  for (const ingress of ingresses) {
    for (const rule of ingress.spec.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        if (p.backend.service?.name !== "gateway") {
          problems.push(`Ingress/${ingress.metadata.name}: routes to ${p.backend.service?.name}, not the gateway`);
        }
      }
    }
  }
  return problems;
}

function matches(selector, labels) {
  const equal = Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const expressions = (selector?.matchExpressions ?? []).every((e) =>
    e.operator === "In" ? e.values.includes(labels[e.key]) : e.operator === "Exists" ? e.key in labels : false);
  return equal && expressions;
}
