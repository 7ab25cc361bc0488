// Emulation of the RESTMapper kubectl builds from discovery (client-go restmapper:
// shortcut expander over a priority mapper over one DefaultRESTMapper per group/version).
// Facts reproduced, not code: exact names and singulars win over short names; short names
// are searched in discovery order and a clash with another resource is reported as a
// warning; a group may be given as a prefix ("deployments.app"); "<Kind>List" and "List"
// are mapped too; ties are broken by core/v1, then each group's versions in priority order.
import type { GroupVersionResource, ResourceInfo } from './discovery-types.js';

export interface MapperVersion {
  readonly version: string;
  readonly resources: readonly ResourceInfo[];
}

export interface MapperGroup {
  readonly group: string;
  readonly preferredVersion: string;
  /** Highest priority first. */
  readonly versions: readonly MapperVersion[];
}

interface ShortcutItem {
  readonly group: string;
  readonly shortName: string;
  readonly resource: string;
}

/** Plural/singular pairs one DefaultRESTMapper holds for a group/version. */
interface VersionMapper {
  readonly group: string;
  readonly version: string;
  readonly pluralToSingular: ReadonlyMap<string, string>;
}

export class RestMapper {
  private readonly shortcuts: readonly ShortcutItem[];
  private readonly versionMappers: readonly VersionMapper[];
  private readonly priority: readonly { readonly group: string; readonly version?: string }[];

  constructor(private readonly groups: readonly MapperGroup[]) {
    this.shortcuts = groups.flatMap((g) =>
      g.versions.flatMap((v) => v.resources.flatMap((r) => r.shortNames.map((s) => ({ group: g.group, shortName: s, resource: r.resource })))),
    );
    this.versionMappers = groups.flatMap((g) => g.versions.map((v) => buildVersionMapper(g.group, v)));
    this.priority = [
      { group: '', version: 'v1' },
      ...groups.flatMap((g) => g.versions.map((v) => ({ group: g.group, version: v.version }))),
      ...groups.map((g) => ({ group: g.group })),
    ];
  }

  /**
   * RESTMapper.ResourceFor through the shortcut expander. `warn` receives the expander's
   * "short name ... could also match" warnings. Undefined when nothing (or more than one
   * resource at the same priority) matches.
   */
  resourceFor(input: GroupVersionResource, warn: (message: string) => void): GroupVersionResource | undefined {
    return this.priorityResourceFor(this.expandShortcut(input, warn));
  }

  private expandShortcut(input: GroupVersionResource, warn: (message: string) => void): GroupVersionResource {
    // An exact plural or singular name is never treated as a short name.
    for (const g of this.groups) {
      if (input.group !== '' && input.group !== g.group) continue;
      for (const v of g.versions) {
        if (v.resources.some((r) => r.resource === input.resource || r.singular === input.resource)) return input;
      }
    }
    let found: { group: string; resource: string } | undefined;
    const warned = new Set<string>();
    for (const item of this.shortcuts) {
      if (input.group !== '' && input.group !== item.group) continue;
      if (item.shortName !== input.resource) continue;
      if (!found) {
        found = { group: item.group, resource: item.resource };
        continue;
      }
      // The same group/resource under another version is not a clash.
      if (item.group === found.group && item.resource === found.resource) continue;
      const longForm = item.group === '' ? item.resource : `${item.resource}.${item.group}`;
      if (!warned.has(longForm)) {
        warn(`short name "${input.resource}" could also match lower priority resource ${longForm}`);
        warned.add(longForm);
      }
    }
    // The expander drops the version here; the group alone selects the resource.
    if (found) return { group: found.group, version: '', resource: found.resource };
    if (input.group === '') return input;
    // A group prefix ("hpa.autoscal") may name a short name's group.
    const prefixed = this.shortcuts.find((item) => item.group.startsWith(input.group) && item.shortName === input.resource);
    return prefixed ? { group: prefixed.group, version: input.version, resource: prefixed.resource } : input;
  }

  private priorityResourceFor(input: GroupVersionResource): GroupVersionResource | undefined {
    if (input.resource === '') return undefined; // "a resource must be present"
    const candidates: GroupVersionResource[] = [];
    for (const mapper of this.versionMappers) {
      for (const plural of matchesIn(mapper, input)) {
        if (!candidates.some((c) => c.group === mapper.group && c.version === mapper.version && c.resource === plural)) {
          candidates.push({ group: mapper.group, version: mapper.version, resource: plural });
        }
      }
    }
    if (candidates.length <= 1) return candidates[0];
    let remaining = candidates;
    for (const pattern of this.priority) {
      const matched = remaining.filter((c) => c.group === pattern.group && (pattern.version === undefined || c.version === pattern.version));
      if (matched.length === 1) return matched[0];
      if (matched.length > 1) remaining = matched;
    }
    return undefined; // ambiguous
  }
}

/** Plurals one version mapper returns for a partial resource (DefaultRESTMapper.ResourcesFor). */
function matchesIn(mapper: VersionMapper, input: GroupVersionResource): string[] {
  const out: string[] = [];
  const pairs = [...mapper.pluralToSingular];
  const name = input.resource;
  if (input.group !== '' && input.version !== '') {
    if (mapper.group !== input.group || mapper.version !== input.version) return out;
    const hit = pairs.find(([plural, singular]) => singular === name || plural === name);
    if (hit) out.push(hit[0]);
    return out;
  }
  if (input.group !== '') {
    // Exact group first; a group prefix ("storage" for storage.k8s.io) only if that fails.
    const groupOk = mapper.group === input.group || mapper.group.startsWith(input.group);
    if (!groupOk) return out;
    for (const [plural, singular] of pairs) {
      if (singular === name) out.push(plural);
      if (plural === name) out.push(plural);
    }
    return out;
  }
  if (input.version !== '' && mapper.version !== input.version) return out;
  for (const [plural, singular] of pairs) {
    if (singular === name) out.push(plural);
    if (plural === name) out.push(plural);
  }
  return out;
}

function buildVersionMapper(group: string, v: MapperVersion): VersionMapper {
  const pluralToSingular = new Map<string, string>();
  for (const r of v.resources) {
    pluralToSingular.set(r.resource, r.singular || guessResourceForKind(r.kind).singular);
    // kubectl also maps "<Kind>List" by guessing, even though no such resource exists.
    const list = guessResourceForKind(`${r.kind}List`);
    pluralToSingular.set(list.plural, list.singular);
  }
  const list = guessResourceForKind('List');
  pluralToSingular.set(list.plural, list.singular);
  return { group, version: v.version, pluralToSingular };
}

/** apimachinery's UnsafeGuessKindToResource. */
export function guessResourceForKind(kind: string): { plural: string; singular: string } {
  const singular = kind.toLowerCase();
  if (singular === '') return { plural: '', singular: '' };
  if (singular.endsWith('endpoints')) return { plural: singular, singular };
  if (singular.endsWith('s')) return { plural: `${singular}es`, singular };
  if (singular.endsWith('y')) return { plural: `${singular.slice(0, -1)}ies`, singular };
  return { plural: `${singular}s`, singular };
}
