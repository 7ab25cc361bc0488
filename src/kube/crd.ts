// CustomResourceDefinition -> discovery rows, as apiextensions-apiserver publishes them.
import type { ResourceInfo, SubresourceInfo } from './discovery-types.js';
import { sortKubeAwareVersions } from './kube-version-order.js';

/** The parts of an apiextensions.k8s.io/v1 CustomResourceDefinition that discovery uses. */
export interface CustomResourceDefinitionData {
  readonly spec: {
    readonly group: string;
    readonly names: {
      readonly plural: string;
      readonly singular?: string;
      readonly kind: string;
      readonly shortNames?: readonly string[];
      readonly categories?: readonly string[];
    };
    /** "Namespaced" or "Cluster". */
    readonly scope: string;
    readonly versions: readonly {
      readonly name: string;
      readonly served?: boolean;
      readonly storage?: boolean;
      readonly subresources?: { readonly status?: unknown; readonly scale?: unknown } | null;
    }[];
  };
}

// Fixed lists served for every custom resource (apiextensions-apiserver discovery).
const CR_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'] as const;
const CR_SUBRESOURCE_VERBS = ['get', 'patch', 'update'] as const;

/** Discovery rows of a CRD's served versions, highest-priority version first. */
export function crdResourceInfos(crd: CustomResourceDefinitionData): ResourceInfo[] {
  const { group, names, scope, versions } = crd.spec;
  if (!group || !names.plural || !names.kind) throw new Error('CustomResourceDefinition needs spec.group, spec.names.plural and spec.names.kind');
  const served = versions.filter((v) => v.served !== false);
  const order = sortKubeAwareVersions(served.map((v) => v.name));
  return order.map((version) => {
    const v = served.find((s) => s.name === version);
    const subresources: SubresourceInfo[] = [];
    if (v?.subresources?.status != null) subresources.push({ name: 'status', verbs: CR_SUBRESOURCE_VERBS });
    if (v?.subresources?.scale != null) subresources.push({ name: 'scale', verbs: CR_SUBRESOURCE_VERBS });
    return {
      group,
      version,
      resource: names.plural.toLowerCase(),
      kind: names.kind,
      // The API server defaults the singular name to the lower-cased kind.
      singular: (names.singular || names.kind).toLowerCase(),
      namespaced: scope !== 'Cluster',
      verbs: CR_VERBS,
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      subresources,
    };
  });
}
