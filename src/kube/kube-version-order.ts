// Kubernetes "kube-aware" API version ordering (apimachinery version helpers): GA before beta
// before alpha, higher numbers first, then non-Kubernetes-style versions alphabetically.
// Discovery lists versions in this order when priorities tie, as they do for CRD versions.

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

interface KubeVersion {
  readonly major: number;
  readonly stability: number; // alpha 0, beta 1, GA 2
  readonly minor: number;
}

function parseKubeVersion(v: string): KubeVersion | undefined {
  const m = KUBE_VERSION.exec(v);
  if (!m) return undefined;
  const stability = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
  return { major: Number(m[1]), stability, minor: m[3] === undefined ? 0 : Number(m[3]) };
}

/** Positive when `a` has higher priority than `b`. */
export function compareKubeAwareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const va = parseKubeVersion(a);
  const vb = parseKubeVersion(b);
  if (!va && !vb) return a < b ? 1 : -1;
  if (!va) return -1;
  if (!vb) return 1;
  return va.stability - vb.stability || va.major - vb.major || va.minor - vb.minor;
}

/** Versions sorted highest priority first. */
export function sortKubeAwareVersions(versions: Iterable<string>): string[] {
  return [...versions].sort((a, b) => compareKubeAwareVersions(b, a));
}
