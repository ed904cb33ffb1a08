import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

const KIND_PATTERN = /^[a-zA-Z][a-zA-Z0-9]*$/;

/** Reads `{kind}/{namespace}/{name}` path parameters into a canonical entity ref, or explains which part is wrong. */
export function entityRefFromPath(params: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  const { kind, namespace, name } = params;
  if (!KIND_PATTERN.test(kind) || kind.length > 63) {
    throw new InputError(`kind "${kind}" is not a valid entity kind`);
  }
  if (!KubernetesValidatorFunctions.isValidNamespace(namespace)) {
    throw new InputError(
      `namespace "${namespace}" is not a valid entity namespace`,
    );
  }
  if (!KubernetesValidatorFunctions.isValidObjectName(name)) {
    throw new InputError(`name "${name}" is not a valid entity name`);
  }
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}
