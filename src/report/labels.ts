import type { Finding, ObjectIdentity } from '../model/finding.js';

/** A suppressed finding stays in the data; formats decide whether to show it. */
export function isSuppressed(f: Finding): boolean {
  return f.suppressions.length > 0;
}

/** `Role apps/deployer`, `ClusterRoleBinding ci-admin`: the way every format names an object. */
export function objectLabel(o: ObjectIdentity): string {
  return `${o.kind} ${o.namespace !== undefined && o.namespace !== '' ? `${o.namespace}/` : ''}${o.name}`;
}

/**
 * Paths the loader gives to standard input. The CLI uses `<stdin>`; `-` is the spelling older
 * model comments use, so both are recognised.
 */
export function isStdinPath(file: string): boolean {
  return file === '<stdin>' || file === '-';
}

/** Code-unit order, the same order `check` sorts its file list in. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
