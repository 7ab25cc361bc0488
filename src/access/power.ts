// How much a grant is worth, asked through the RBAC engine: the subject-side rules grade
// their findings by what the bound role allows, never by the role's name.

import { covers } from '../rbac/covers.js';
import type { PolicyRule } from '../rbac/types.js';
import type { Grant } from './grants.js';
import { firstHit, probeText, ruleAllowsProbe, type Probe, type ProbeHit } from './probes.js';

/**
 * What every identity may do anyway: the rules of the bootstrap ClusterRoles
 * system:discovery, system:basic-user, system:public-info-viewer and
 * system:service-account-issuer-discovery (API discovery, health and version, reviews of
 * one's own access, the OIDC issuer documents). Kept here as data so the answer does not
 * depend on --no-default-policy.
 */
export const DISCOVERY_RULES: readonly PolicyRule[] = [
  nonResource(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/']),
  nonResource(['get'], ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/']),
  resource(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
  resource(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
];

function nonResource(verbs: string[], urls: string[]): PolicyRule {
  return { verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: urls };
}

function resource(verbs: string[], apiGroups: string[], resources: string[]): PolicyRule {
  return { verbs, apiGroups, resources, resourceNames: [], nonResourceURLs: [] };
}

/** Verbs that change stored objects. */
export const WRITE_VERBS: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * Virtual resources that accept `create` but store nothing (access and token reviews):
 * creating one is a question, not a write.
 */
const REVIEW_RESOURCES: ReadonlySet<string> = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'authentication.k8s.io/selfsubjectreviews',
  'authentication.k8s.io/tokenreviews',
]);

/** Writes that name the usual targets, tried first so messages cite familiar requests. */
const PROMINENT_WRITES: readonly Probe[] = [
  { verb: 'create', group: '', resource: 'pods' },
  { verb: 'create', group: 'apps', resource: 'deployments' },
  { verb: 'create', group: 'apps', resource: 'daemonsets' },
  { verb: 'create', group: 'batch', resource: 'jobs' },
  { verb: 'create', group: '', resource: 'pods', subresource: 'exec' },
  { verb: 'patch', group: '', resource: 'pods' },
  { verb: 'create', group: '', resource: 'secrets' },
  { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
  { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
  { verb: 'delete', group: '', resource: 'namespaces' },
];

/** `list` and `watch` return whole objects, as good as `get` (no name: not limited by resourceNames). */
export const SECRETS_READ: readonly Probe[] = [
  { verb: 'get', group: '', resource: 'secrets' },
  { verb: 'list', group: '', resource: 'secrets' },
  { verb: 'watch', group: '', resource: 'secrets' },
];

/** Verbs that step around RBAC, or reach into nodes and pods, without being writes. */
const ESCALATION: readonly Probe[] = [
  { verb: 'impersonate', group: '', resource: 'users' },
  { verb: 'impersonate', group: '', resource: 'groups' },
  { verb: 'impersonate', group: '', resource: 'serviceaccounts' },
  { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'roles' },
  { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'roles' },
  { verb: 'get', group: '', resource: 'nodes', subresource: 'proxy' },
  { verb: 'get', group: '', resource: 'pods', subresource: 'exec' },
  { verb: 'approve', group: 'certificates.k8s.io', resource: 'signers' },
];

/** Why a grant goes beyond discovery: the first role rule with a permission outside DISCOVERY_RULES. */
export interface BeyondDiscovery {
  readonly grant: Grant;
  readonly ruleIndex: number;
  readonly rule: PolicyRule;
  /** One permission of that rule that discovery does not include ("get configmaps"). */
  readonly what: string;
}

export interface GrantPower {
  /** Undefined when the grant adds nothing to what every identity may do anyway. */
  readonly beyondDiscovery?: BeyondDiscovery;
  /** A write: create, update, patch, delete or deletecollection on some resource. */
  readonly write?: ProbeHit;
  /** get, list or watch on every Secret. */
  readonly secretsRead?: ProbeHit;
  /** impersonate, escalate, bind, nodes/proxy, pods/exec (get), approve signers. */
  readonly escalation?: ProbeHit;
}

/**
 * The rules that take effect in the grant's scope: a RoleBinding is evaluated with a
 * namespace, so non-resource rules bound through it never apply.
 */
function effectiveRules(grant: Grant): readonly PolicyRule[] {
  return grant.scope === '' ? grant.role.rules : grant.role.rules.map((r) => ({ ...r, nonResourceURLs: [] }));
}

function atomicText(rule: PolicyRule): string {
  const verb = rule.verbs[0] ?? '';
  const url = rule.nonResourceURLs[0];
  if (url !== undefined) return `${verb} ${url}`;
  const group = rule.apiGroups[0] ?? '';
  const res = rule.resources[0] ?? '';
  const name = rule.resourceNames[0];
  return `${verb} ${group === '' ? res : `${res}.${group}`}${name !== undefined ? ` "${name}"` : ''}`;
}

function beyondDiscovery(grant: Grant): BeyondDiscovery | undefined {
  const rules = effectiveRules(grant);
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
    const rule = rules[ruleIndex];
    if (!rule) continue;
    const first = covers(DISCOVERY_RULES, [rule]).uncovered[0];
    const original = grant.role.rules[ruleIndex];
    if (first && original) return { grant, ruleIndex, rule: original, what: atomicText(first) };
  }
  return undefined;
}

/** Write requests a rule could allow, built from the resources it names ('*' stays literal, which only '*' matches). */
function derivedWrites(rule: PolicyRule): Probe[] {
  const out: Probe[] = [];
  const name = rule.resourceNames[0];
  for (const group of rule.apiGroups) {
    for (const res of rule.resources) {
      const slash = res.indexOf('/');
      const resource = slash === -1 ? res : res.slice(0, slash);
      const subresource = slash === -1 ? undefined : res.slice(slash + 1);
      if (REVIEW_RESOURCES.has(`${group}/${resource}`)) continue;
      for (const verb of WRITE_VERBS) {
        // create, deletecollection and list never carry a name; the others may be limited to one.
        const named = name !== undefined && verb !== 'create' && verb !== 'deletecollection';
        out.push({ verb, group, resource, ...(subresource !== undefined ? { subresource } : {}), ...(named ? { name } : {}) });
      }
    }
  }
  return out;
}

function firstWrite(grant: Grant): ProbeHit | undefined {
  const prominent = firstHit([grant], PROMINENT_WRITES, grant.scope);
  if (prominent) return prominent;
  for (let ruleIndex = 0; ruleIndex < grant.role.rules.length; ruleIndex++) {
    const rule = grant.role.rules[ruleIndex];
    if (!rule) continue;
    for (const probe of derivedWrites(rule)) {
      if (ruleAllowsProbe(rule, probe, grant.scope)) return { grant, ruleIndex, rule, probe };
    }
  }
  return undefined;
}

/** What a grant allows, in the few classes the subject-side rules grade by. */
export function grantPower(grant: Grant): GrantPower {
  // A binding with a hundred subjects is a hundred grants of the same role in the same scope:
  // the rule walk is done once per (role, scope) and the hits re-pointed at each grant.
  let byScope = powerByRole.get(grant.role);
  if (byScope === undefined) {
    byScope = new Map();
    powerByRole.set(grant.role, byScope);
  }
  const known = byScope.get(grant.scope);
  if (known !== undefined) return known.beyondDiscovery?.grant === grant ? known : forGrant(known, grant);
  const power = computeGrantPower(grant);
  byScope.set(grant.scope, power);
  return power;
}

const powerByRole = new WeakMap<Grant['role'], Map<string, GrantPower>>();

function forGrant(power: GrantPower, grant: Grant): GrantPower {
  const { beyondDiscovery: beyond, write, secretsRead, escalation } = power;
  return {
    ...(beyond ? { beyondDiscovery: { ...beyond, grant } } : {}),
    ...(write ? { write: { ...write, grant } } : {}),
    ...(secretsRead ? { secretsRead: { ...secretsRead, grant } } : {}),
    ...(escalation ? { escalation: { ...escalation, grant } } : {}),
  };
}

function computeGrantPower(grant: Grant): GrantPower {
  const beyond = beyondDiscovery(grant);
  // Discovery covers nothing that the other classes need: without anything beyond it, done.
  if (!beyond) return {};
  const write = firstWrite(grant);
  const secretsRead = firstHit([grant], SECRETS_READ, grant.scope);
  const escalation = firstHit([grant], ESCALATION, grant.scope);
  return {
    beyondDiscovery: beyond,
    ...(write ? { write } : {}),
    ...(secretsRead ? { secretsRead } : {}),
    ...(escalation ? { escalation } : {}),
  };
}

/**
 * The reason a grant counts as powerful (a write, Secrets read or an escalation verb), or
 * undefined when it only reads ordinary objects or less.
 */
export function powerfulHit(power: GrantPower): ProbeHit | undefined {
  return power.write ?? power.secretsRead ?? power.escalation;
}

/** The request that shows a hit, as messages quote it ("create pods"). */
export function powerText(hit: ProbeHit): string {
  return probeText(hit.probe);
}
