// API discovery for offline use: the bundled built-in resource table plus CRDs, with
// kubectl's type-name resolution (RESTMapper) and lookups for lint rules.
import { crdResourceInfos, type CustomResourceDefinitionData } from './crd.js';
import { readBundledJson } from './data-dir.js';
import type { GroupInfo, GroupVersionResource, ResourceInfo, SubresourceInfo } from './discovery-types.js';
import { sortKubeAwareVersions } from './kube-version-order.js';
import { RestMapper, type MapperGroup } from './rest-mapper.js';

export type { CustomResourceDefinitionData } from './crd.js';
export type { GroupInfo, GroupVersionResource, ResourceInfo, SubresourceInfo } from './discovery-types.js';

/** What `kubectl auth can-i` makes of its TYPE argument. */
export type ResolvedType =
  | {
      readonly known: true;
      readonly group: string;
      /** Resolved version; kubectl does not send it, but uses it for the scope check. '' for `*`. */
      readonly version: string;
      readonly resource: string;
      /** From discovery; undefined when discovery does not list the resource (`*`, `<kind>lists`). */
      readonly namespaced: boolean | undefined;
      /** Warnings kubectl prints while resolving (short-name clashes), messages as printed. */
      readonly warnings: readonly string[];
    }
  | {
      readonly known: false;
      readonly group: '';
      /** Exactly as typed (not lower-cased). */
      readonly resource: string;
      /** Includes "the server doesn't have a resource type ...\n" unless the type is users/groups. */
      readonly warnings: readonly string[];
    };

// Resource names the API server accepts without discovery (impersonation targets).
const NON_STANDARD_RESOURCE_NAMES = new Set(['users', 'groups']);

interface BundledDiscovery {
  groups: { group: string; preferredVersion: string; versions: string[] }[];
  resources: {
    group: string;
    version: string;
    resource: string;
    kind: string;
    singular: string;
    namespaced: boolean;
    verbs: string[];
    shortNames?: string[];
    categories?: string[];
    subresources?: SubresourceInfo[];
  }[];
}

/** Input of the Discovery constructor (the bundled table, or one taken from a cluster). */
export interface DiscoveryTable {
  readonly groups: readonly GroupInfo[];
  readonly resources: readonly ResourceInfo[];
}

let bundledTable: DiscoveryTable | undefined;

function loadBundledTable(): DiscoveryTable {
  if (bundledTable) return bundledTable;
  const raw = readBundledJson('discovery.json') as BundledDiscovery;
  bundledTable = {
    groups: raw.groups,
    resources: raw.resources.map((r) => ({
      ...r,
      shortNames: r.shortNames ?? [],
      categories: r.categories ?? [],
      subresources: r.subresources ?? [],
    })),
  };
  return bundledTable;
}

export class Discovery {
  private readonly builtinGroups: readonly GroupInfo[];
  private readonly builtinResources: readonly ResourceInfo[];
  /** CRD rows keyed by "group/plural", in insertion order. */
  private readonly crdRows = new Map<string, ResourceInfo[]>();
  private index: DiscoveryIndex | undefined;

  constructor(table: DiscoveryTable) {
    this.builtinGroups = table.groups;
    this.builtinResources = table.resources;
  }

  /** A fresh instance over the bundled built-in table (Kubernetes 1.37 discovery). */
  static builtin(): Discovery {
    return new Discovery(loadBundledTable());
  }

  /** Adds (or replaces) the resource a CRD defines, as the API server would publish it. */
  addCustomResourceDefinition(crd: CustomResourceDefinitionData): this {
    const rows = crdResourceInfos(crd);
    this.crdRows.set(`${crd.spec.group}/${crd.spec.names.plural.toLowerCase()}`, rows);
    this.index = undefined;
    return this;
  }

  addCustomResourceDefinitions(crds: Iterable<CustomResourceDefinitionData>): this {
    for (const crd of crds) this.addCustomResourceDefinition(crd);
    return this;
  }

  /** Groups in discovery priority order (core first, CRD groups after built-in ones). */
  groups(): readonly GroupInfo[] {
    return this.getIndex().groups;
  }

  /** All group/version/resource rows, in discovery order. */
  resources(): readonly ResourceInfo[] {
    return this.getIndex().resources;
  }

  /**
   * kubectl `auth can-i` TYPE resolution: `*` passes through; otherwise lower-cased, parsed as
   * resource.version.group or resource.group, and mapped through plural, singular and short
   * names (kind names resolve because they equal the singular). Unresolvable types are sent
   * as typed with group ''.
   */
  resolveType(typeArg: string): ResolvedType {
    if (typeArg === '*') return { known: true, group: '', version: '', resource: '*', namespaced: undefined, warnings: [] };
    const warnings: string[] = [];
    const warn = (m: string): void => void warnings.push(m);
    const mapper = this.getIndex().mapper;
    const lower = typeArg.toLowerCase();
    const dot = lower.indexOf('.');
    const groupResource = dot < 0 ? { group: '', resource: lower } : { group: lower.slice(dot + 1), resource: lower.slice(0, dot) };

    let gvr: GroupVersionResource | undefined;
    const parts = lower.split('.');
    if (parts.length >= 3) {
      const [resource = '', version = ''] = parts;
      gvr = mapper.resourceFor({ resource, version, group: parts.slice(2).join('.') }, warn);
    }
    gvr ??= mapper.resourceFor({ ...groupResource, version: '' }, warn);
    if (gvr) return { known: true, ...gvr, namespaced: this.namespacedAt(gvr), warnings };

    const asString = groupResource.group === '' ? groupResource.resource : `${groupResource.resource}.${groupResource.group}`;
    if (!NON_STANDARD_RESOURCE_NAMES.has(asString)) {
      warnings.push(
        groupResource.group === ''
          ? `the server doesn't have a resource type '${groupResource.resource}'\n`
          : `the server doesn't have a resource type '${groupResource.resource}' in group '${groupResource.group}'\n`,
      );
    }
    return { known: false, group: '', resource: typeArg, warnings };
  }

  /** The row of group/resource in its highest-priority version that has it. */
  findResource(group: string, resource: string): ResourceInfo | undefined {
    return this.getIndex().byGroupResource.get(`${group}/${resource}`);
  }

  /** Scope of a resource or "resource/subresource"; undefined if unknown. */
  isNamespaced(group: string, resource: string): boolean | undefined {
    const { parent, sub } = splitSubresource(resource);
    const row = this.findResource(group, parent);
    if (!row || (sub !== undefined && !row.subresources.some((s) => s.name === sub))) return undefined;
    return row.namespaced;
  }

  /** Kind of a (parent) resource, e.g. kindFor('apps', 'deployments') === 'Deployment'. */
  kindFor(group: string, resource: string): string | undefined {
    return this.findResource(group, resource)?.kind;
  }

  /** Plural resource of a kind in a group, e.g. resourceForKind('', 'Pod') === 'pods'. */
  resourceForKind(group: string, kind: string): string | undefined {
    return this.getIndex().resources.find((r) => r.group === group && r.kind === kind)?.resource;
  }

  /** Verbs discovery lists for a resource or "resource/subresource". */
  knownVerbs(group: string, resource: string): readonly string[] | undefined {
    const { parent, sub } = splitSubresource(resource);
    const row = this.findResource(group, parent);
    if (!row) return undefined;
    return sub === undefined ? row.verbs : row.subresources.find((s) => s.name === sub)?.verbs;
  }

  /** Subresources of a resource ([] if none or unknown). */
  subresources(group: string, resource: string): readonly SubresourceInfo[] {
    return this.findResource(group, resource)?.subresources ?? [];
  }

  /** Scope at an exact group/version, as kubectl's scope check reads it. */
  private namespacedAt(gvr: GroupVersionResource): boolean | undefined {
    return this.getIndex().byGroupVersionResource.get(`${gvr.group}/${gvr.version}/${gvr.resource}`)?.namespaced;
  }

  private getIndex(): DiscoveryIndex {
    this.index ??= buildIndex(this.builtinGroups, this.builtinResources, [...this.crdRows.values()].flat());
    return this.index;
  }
}

interface DiscoveryIndex {
  readonly groups: readonly GroupInfo[];
  readonly resources: readonly ResourceInfo[];
  readonly mapper: RestMapper;
  readonly byGroupResource: ReadonlyMap<string, ResourceInfo>;
  readonly byGroupVersionResource: ReadonlyMap<string, ResourceInfo>;
}

function buildIndex(builtinGroups: readonly GroupInfo[], builtinResources: readonly ResourceInfo[], crdRows: readonly ResourceInfo[]): DiscoveryIndex {
  // CRD groups rank below built-in groups (APIService group priority 1000) and are ordered by
  // name; a CRD in a built-in group joins that group.
  const builtinNames = new Set(builtinGroups.map((g) => g.group));
  const crdGroupNames = [...new Set(crdRows.map((r) => r.group))].filter((g) => !builtinNames.has(g)).sort(byteCompare);
  const allGroups = [...builtinGroups, ...crdGroupNames.map((group) => ({ group, preferredVersion: '', versions: [] }))];
  const groups: GroupInfo[] = allGroups.map((g) => {
    const crdVersions = new Set(crdRows.filter((r) => r.group === g.group && !g.versions.includes(r.version)).map((r) => r.version));
    if (crdVersions.size === 0) return g;
    const versions = [...g.versions, ...sortKubeAwareVersions(crdVersions)];
    return { group: g.group, preferredVersion: g.preferredVersion || versions[0] || '', versions };
  });

  const mapperGroups: MapperGroup[] = groups.map((g) => ({
    group: g.group,
    preferredVersion: g.preferredVersion,
    versions: g.versions.map((version) => ({
      version,
      resources: [
        ...builtinResources.filter((r) => r.group === g.group && r.version === version),
        ...crdRows.filter((r) => r.group === g.group && r.version === version).sort((a, b) => byteCompare(a.resource, b.resource)),
      ],
    })),
  }));
  const resources = mapperGroups.flatMap((g) => g.versions.flatMap((v) => v.resources));

  const byGroupResource = new Map<string, ResourceInfo>();
  const byGroupVersionResource = new Map<string, ResourceInfo>();
  for (const r of resources) {
    if (!byGroupResource.has(`${r.group}/${r.resource}`)) byGroupResource.set(`${r.group}/${r.resource}`, r);
    byGroupVersionResource.set(`${r.group}/${r.version}/${r.resource}`, r);
  }
  return { groups, resources, mapper: new RestMapper(mapperGroups), byGroupResource, byGroupVersionResource };
}

function splitSubresource(resource: string): { parent: string; sub: string | undefined } {
  const slash = resource.indexOf('/');
  return slash < 0 ? { parent: resource, sub: undefined } : { parent: resource.slice(0, slash), sub: resource.slice(slash + 1) };
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
