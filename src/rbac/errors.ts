// Resolution error texts exactly as the apiserver prints them, so `can-i` denials read
// like kubectl's.

import { goQuote } from './gostring.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** apierrors.NewNotFound(rbacv1.Resource("role"), name).Error() — what the Role lister returns. */
export function roleNotFound(name: string): string {
  return `role.${RBAC_GROUP} ${goQuote(name)} not found`;
}

/** apierrors.NewNotFound(rbacv1.Resource("clusterrole"), name).Error(). */
export function clusterRoleNotFound(name: string): string {
  return `clusterrole.${RBAC_GROUP} ${goQuote(name)} not found`;
}

/** GetRoleReferenceRules' error for a roleRef.kind other than Role/ClusterRole. */
export function unsupportedRoleRefKind(kind: string): string {
  return `unsupported role reference kind: ${goQuote(kind)}`;
}

/**
 * utilerrors.NewAggregate(errs).Error(): one error prints as itself; several print as
 * `[e1, e2]` with repeated messages dropped (and without brackets when only one
 * distinct message remains). '' for no errors.
 */
export function aggregateErrors(errors: readonly string[]): string {
  if (errors.length === 0) return '';
  if (errors.length === 1) return errors[0] ?? '';
  const distinct = [...new Set(errors)];
  return distinct.length === 1 ? (distinct[0] ?? '') : `[${distinct.join(', ')}]`;
}
