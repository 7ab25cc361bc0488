import type { Probe } from '../../access/probes.js';

export const RBAC_API = 'rbac.authorization.k8s.io';
export const WRITE: readonly string[] = ['create', 'update', 'patch'];
export const WRITE_OR_DELETE: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * Every verb × resource request, resources written as rules spell them ('pods/exec').
 * Without `name` a probe carries no name, so rules limited by resourceNames never match it
 * (a nameless request is what list, create and "any object" look like to the authorizer).
 */
export function probes(verbs: readonly string[], group: string, resources: readonly string[], name?: string): Probe[] {
  const out: Probe[] = [];
  for (const verb of verbs) {
    for (const spelled of resources) {
      const slash = spelled.indexOf('/');
      const resource = slash === -1 ? spelled : spelled.slice(0, slash);
      const subresource = slash === -1 ? undefined : spelled.slice(slash + 1);
      out.push({ verb, group, resource, ...(subresource ? { subresource } : {}), ...(name !== undefined ? { name } : {}) });
    }
  }
  return out;
}

/** The same probes once without a name and once per given name (for objects whose name is the risk). */
export function probesNamed(verbs: readonly string[], group: string, resources: readonly string[], names: readonly string[]): Probe[] {
  return [...probes(verbs, group, resources), ...names.flatMap((n) => probes(verbs, group, resources, n))];
}
