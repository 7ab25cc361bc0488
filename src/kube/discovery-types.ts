// Shapes of the API discovery table (data/kubernetes/discovery.json, plus CRDs).

export interface SubresourceInfo {
  /** e.g. "log" for pods/log. */
  readonly name: string;
  readonly verbs: readonly string[];
}

/** One group/version/resource, as discovery reports it. */
export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. "deployments". */
  readonly resource: string;
  readonly kind: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: readonly SubresourceInfo[];
}

export interface GroupInfo {
  readonly group: string;
  readonly preferredVersion: string;
  /** Highest priority first; the preferred version is first. */
  readonly versions: readonly string[];
}

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}
