// The part of `kustomize build` that deploy/ uses, so the overlays can be checked offline
// (no kustomize or kubectl on these machines). Anything else in a kustomization.yaml is
// refused, so the check never passes over a feature it does not understand.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";

const understood = new Set(["apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches"]);

export function build(directory) {
  const kustomization = parse(readFileSync(path.join(directory, "kustomization.yaml"), "utf8"));
  const unknown = Object.keys(kustomization).filter((key) => !understood.has(key));
  if (unknown.length > 0) throw new Error(`${directory}: kustomization fields not understood: ${unknown.join(", ")}`);

  const objects = [];
  for (const resource of kustomization.resources ?? []) {
    const target = path.join(directory, resource);
    if (statSync(target).isDirectory()) objects.push(...build(target));
    else objects.push(...readObjects(target));
  }
  for (const patch of kustomization.patches ?? []) applyPatch(objects, patch, directory);
  for (const replica of kustomization.replicas ?? []) {
    for (const object of select(objects, { name: replica.name }, directory, "replicas")) {
      object.spec.replicas = replica.count;
    }
  }
  for (const image of kustomization.images ?? []) setImage(objects, image);
  if (kustomization.namespace) for (const object of objects) object.metadata.namespace = kustomization.namespace;
  return objects;
}

export function readObjects(file) {
  return parseAllDocuments(readFileSync(file, "utf8")).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
    return { ...document.toJS(), __file: file };
  }).filter((object) => object.kind);
}

function select(objects, target, directory, what) {
  const found = objects.filter((o) => (!target.kind || o.kind === target.kind) && o.metadata?.name === target.name);
  if (found.length === 0) {
    throw new Error(`${directory}: ${what} names ${target.kind ?? ""}/${target.name}, which base lacks`);
  }
  return found;
}

// JSON 6902 patches (replace, add, remove), the only kind deploy/ uses.
function applyPatch(objects, patch, directory) {
  const operations = parse(patch.patch);
  if (!Array.isArray(operations)) {
    throw new Error(`${directory}: only JSON 6902 patches (a list of operations) are understood`);
  }
  for (const object of select(objects, patch.target, directory, "a patch")) {
    for (const { op, path: pointer, value } of operations) {
      const keys = pointer.split("/").slice(1).map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
      const last = keys.pop();
      let parent = object;
      for (const key of keys) {
        parent = parent?.[key];
        if (parent === undefined) {
          throw new Error(`${directory}: ${pointer} does not exist in ${object.kind}/${object.metadata.name}`);
        }
      }
      if (op === "remove") delete parent[last];
      else if (op === "replace" && !(last in parent)) {
        throw new Error(`${directory}: ${pointer} does not exist to replace`);
      }
      else if (op === "replace" || op === "add") parent[last] = value;
      else throw new Error(`${directory}: patch operation ${op} is not understood`);
    }
  }
}

function setImage(objects, image) {
  let used = false;
  for (const object of objects) {
    for (const container of podSpec(object)?.containers ?? []) {
      const [name] = container.image.split(":");
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}${image.newTag ? `:${image.newTag}` : ""}`;
      used = true;
    }
  }
  if (!used) throw new Error(`images: no container uses ${image.name}`);
}

export function podSpec(object) {
  if (object.kind === "Deployment" || object.kind === "Job") return object.spec?.template?.spec;
  return undefined;
}
