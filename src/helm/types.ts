// Types of the Helm chart models (gitlab-agent.md §5–§6).
//
// A chart model is what `helm template` would produce for the objects that matter for
// permissions and secrets, computed from the values data without running any template.
// Every modelled object carries a map from paths inside its body to the values entry (or
// the chart default) that caused that part of the object, so a finding about any field
// can point back at a line of the values file.

import type { JsonPath, SourceRef } from '../model/path.js';

export type ChartName = 'gitlab-agent' | 'gitlab-runner';

/** Which part of the Helm release a rendered field depends on. */
export type ReleaseDependency = 'name' | 'namespace';

/**
 * Why a rendered field has its value.
 *
 * - `values`: the entry at `path` of the values data set it (including an explicit `null`
 *   or empty value that made the chart fall back to something).
 * - `default`: the chart's own default or fixed template text; `description` says which,
 *   e.g. 'chart default rbac.create=true'.
 *
 * Optional extras, for messages and locations:
 * - `release`: the field also depends on the Helm release name and/or namespace, which
 *   findings must show (they come from `.kaslint.yaml`, the command line or a default).
 * - `near`: for a chart default that fills in a missing key, the values node where the key
 *   is missing (e.g. ['rbac', 'rules', 0] for a rule without `verbs`), so a finding can
 *   still be placed on a line.
 * - `alsoFrom`: further values entries that contributed (e.g. a name made of two values).
 */
export type ValuesOrigin =
  | {
      readonly kind: 'values';
      readonly path: JsonPath;
      readonly release?: readonly ReleaseDependency[];
      readonly alsoFrom?: readonly JsonPath[];
    }
  | {
      readonly kind: 'default';
      readonly description: string;
      readonly release?: readonly ReleaseDependency[];
      readonly near?: JsonPath;
      readonly alsoFrom?: readonly JsonPath[];
    };

/** A Kubernetes object the chart would render, as plain data, with per-field origins. */
export interface ModelledObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Set for namespaced kinds (the namespace Helm installs the object into). */
  readonly namespace?: string;
  /** The chart template that renders this object, e.g. 'templates/clusterrolebinding.yaml'. */
  readonly template: string;
  /**
   * The object as the chart renders it (apiVersion, kind, metadata with name, namespace,
   * labels, annotations; rules, roleRef, subjects, data …). Secret values are masked.
   */
  readonly body: Readonly<Record<string, unknown>>;
  /**
   * Origins keyed by the path inside `body`, each segment escaped as in RFC 6901
   * (`~` → `~0`, `/` → `~1`) and joined with '/': '' is the whole object, then e.g.
   * 'metadata/name', 'roleRef/name', 'subjects/0/name', 'rules/0/verbs',
   * 'metadata/labels/app.kubernetes.io~1name'. Always contains ''.
   * Use {@link originFor} to find the origin of any path (nearest keyed ancestor).
   */
  readonly origins: ReadonlyMap<string, ValuesOrigin>;
}

/** Where the release name or namespace given to the model came from. */
export type ReleaseSource = 'cli' | 'project-config' | 'manifest' | 'default';

export interface ReleaseOrigin {
  readonly source: ReleaseSource;
  /** Human text for findings, e.g. 'default: GitLab's generated install command'. */
  readonly description: string;
  /** The `.kaslint.yaml` entry, when known. */
  readonly ref?: SourceRef;
}

/** Release name and namespace handed to a chart model. */
export interface HelmRelease {
  readonly name: string;
  readonly namespace: string;
  readonly nameOrigin?: ReleaseOrigin;
  readonly namespaceOrigin?: ReleaseOrigin;
  /** Shorthand accepted as input (as the workspace's ReleaseInfo): used when no per-field origin is given. */
  readonly from?: ReleaseSource;
}

export type IdentityRole = 'agent' | 'ocs-scanner' | 'runner';

/** A ServiceAccount identity under which chart-installed pods reach the API server. */
export interface ChartIdentity {
  readonly role: IdentityRole;
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** `system:serviceaccount:<namespace>:<name>`. */
  readonly username: string;
  /** Origin of the ServiceAccount name. */
  readonly origin: ValuesOrigin;
}

export type TokenKind = 'agent-token' | 'runner-token' | 'runner-registration-token';

/** Where a plaintext token sits in the values data. The value itself is never copied. */
export interface TokenLocation {
  readonly path: JsonPath;
  readonly kind: TokenKind;
}

export interface ChartModel {
  readonly chart: ChartName;
  /** Chart version the model follows (given or the default the model was written for). */
  readonly chartVersion: string;
  readonly release: {
    readonly name: string;
    readonly namespace: string;
    readonly nameOrigin?: ReleaseOrigin;
    readonly namespaceOrigin?: ReleaseOrigin;
  };
  readonly objects: readonly ModelledObject[];
  readonly identities: readonly ChartIdentity[];
  readonly tokens: readonly TokenLocation[];
  /** Modelling remarks: type coercions, ignored or deprecated keys, version caveats. */
  readonly notes: readonly string[];
}

export interface ChartModelOptions {
  /** Chart version to follow, e.g. '2.6.2' or 'v1.11.1'. */
  readonly chartVersion?: string;
}

/** RFC 6901 escaping of one path segment. */
function escapeSegment(seg: string | number): string {
  return String(seg).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The key under which {@link ModelledObject.origins} stores the origin of `path`. */
export function originKey(path: JsonPath): string {
  return path.map(escapeSegment).join('/');
}

const FALLBACK_ORIGIN: ValuesOrigin = { kind: 'default', description: 'chart template' };

/**
 * Origin of the field at `path` of a modelled object: the origin keyed at `path` or, if
 * none, at its nearest ancestor ('' at the latest).
 */
export function originFor(obj: ModelledObject, path: JsonPath): ValuesOrigin {
  for (let n = path.length; n >= 0; n--) {
    const o = obj.origins.get(originKey(path.slice(0, n)));
    if (o !== undefined) return o;
  }
  return FALLBACK_ORIGIN;
}

/** `system:serviceaccount:<ns>:<name>`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}
