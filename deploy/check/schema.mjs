// Validates one object against the Kubernetes API schema of its apiVersion and kind, from the
// kubernetes-models package: "apps/v1" is kubernetes-models/apps/v1, the core "v1" is
// kubernetes-models/v1.
const modules = new Map();

export async function validateSchema(object) {
  const where = `${object.kind}/${object.metadata?.name} (${object.__file})`;
  const { __file, ...body } = object;
  let module = modules.get(body.apiVersion);
  if (!module) {
    try {
      module = await import(`kubernetes-models/${body.apiVersion}`);
    } catch {
      return [`${where}: unknown apiVersion ${body.apiVersion}`];
    }
    modules.set(body.apiVersion, module);
  }
  const Model = module[body.kind];
  if (!Model) return [`${where}: ${body.apiVersion} has no kind ${body.kind}`];
  try {
    new Model(body).validate();
    return [];
  } catch (error) {
    return [`${where}: ${error.message}`];
  }
}
