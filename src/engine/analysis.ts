import type { Workspace, ValuesInput } from '../model/workspace.js';
import { scalarAt, isYaml11Ambiguous } from '../load/scalar-at.js';
import type { SourceRef } from '../model/path.js';
import { isRecord, type K8sObject } from '../model/k8s.js';
import { toRbacObjects, type RbacObjects } from '../model/rbac-objects.js';
import { chartModelObjects, modelChart } from '../helm/index.js';
import type { ChartModel } from '../helm/types.js';
import { buildRbacIndex, type RbacIndex } from '../rbac/index.js';
import { loadDefaultPolicy } from '../kube/default-policy.js';
import { Discovery, type CustomResourceDefinitionData } from '../kube/discovery.js';
import { schemaIssues, type LocatedSchemaIssue } from './schema-targets.js';
import { resolveGrants, subjectKey, type BoundSubject, type GrantResolution } from '../access/grants.js';
import { gitlabIdentityReason, type GitlabReach } from '../access/reach.js';
import { EscalationFinder, TakeoverCache, type KnownServiceAccount } from '../access/escalation.js';
import { agentViews, type AgentView } from './agents.js';

export interface AnalysisOptions {
  /** Include Kubernetes' built-in roles and bindings (off with --no-default-policy). */
  readonly includeDefaultPolicy?: boolean;
  /** Report every escalation path, not only the shortest per subject (check --paths). */
  readonly allPaths?: boolean;
}

export interface ModelledChart {
  readonly values: ValuesInput;
  readonly model: ChartModel;
  readonly objects: readonly K8sObject[];
}

/**
 * Derived views of a workspace that several rules and commands share, each computed
 * once on first use (a command that never asks for RBAC never builds the index, one that
 * never validates never loads ajv).
 */
export class Analysis {
  private readonly cache = new Map<string, unknown>();
  readonly includeDefaultPolicy: boolean;
  readonly allPaths: boolean;

  constructor(
    readonly workspace: Workspace,
    options: AnalysisOptions = {},
  ) {
    this.includeDefaultPolicy = options.includeDefaultPolicy ?? true;
    this.allPaths = options.allPaths ?? false;
  }

  /** Schema validation of agent configs, chart values and RBAC objects (validated once). */
  schemaIssues(): readonly LocatedSchemaIssue[] {
    return this.memo('schemaIssues', () => schemaIssues(this.workspace));
  }

  /** A plain scalar that YAML 1.1 reads as a boolean or number (`no`, `on`, `0755`). */
  isYaml11Ambiguous(ref: SourceRef): boolean {
    const doc = this.workspace.file(ref.file)?.docs[ref.docIndex];
    return doc ? isYaml11Ambiguous(scalarAt(doc.map, ref.path)) : false;
  }

  /** How a scalar was written in the source (for messages that quote it). */
  scalarSource(ref: SourceRef): string | undefined {
    const doc = this.workspace.file(ref.file)?.docs[ref.docIndex];
    return doc ? scalarAt(doc.map, ref.path)?.source : undefined;
  }

  /** What the gitlab-agent / gitlab-runner charts render from each values file. */
  charts(): readonly ModelledChart[] {
    return this.memo('charts', () =>
      this.workspace.values.map((values) => {
        const model = modelChart(values.chart, values.data, { name: values.release.name, namespace: values.release.namespace, from: values.release.from });
        const objects = chartModelObjects(model, { file: values.file.source.path, docIndex: values.docIndex, basePath: values.basePath });
        return { values, model, objects };
      }),
    );
  }

  /** Objects of the repository plus those the charts render (no built-ins). */
  objects(): readonly K8sObject[] {
    return this.memo('objects', () => [...this.workspace.objects, ...this.charts().flatMap((c) => c.objects)]);
  }

  /** RBAC objects of the repository and charts, after the built-in default policy when included. */
  rbacObjects(): RbacObjects {
    return this.memo('rbacObjects', () => {
      const own = toRbacObjects(this.objects());
      if (!this.includeDefaultPolicy) return own;
      const builtin = loadDefaultPolicy(this.workspace.kubernetesVersion);
      // Built-ins first: the index keeps the later of two objects with the same name, so
      // a repository object replaces the built-in one, as it would in a cluster.
      return {
        roles: [...builtin.roles, ...own.roles],
        clusterRoles: [...builtin.clusterRoles, ...own.clusterRoles],
        roleBindings: [...builtin.roleBindings, ...own.roleBindings],
        clusterRoleBindings: [...builtin.clusterRoleBindings, ...own.clusterRoleBindings],
      };
    });
  }

  /** The RBAC index every permission question goes through. */
  rbac(): RbacIndex {
    return this.memo('rbac', () => buildRbacIndex(this.rbacObjects()));
  }

  /** Bundled API discovery extended by the repository's CustomResourceDefinitions. */
  discovery(): Discovery {
    return this.memo('discovery', () => {
      const d = Discovery.builtin();
      for (const obj of this.workspace.objects) {
        if (obj.kind !== 'CustomResourceDefinition' || obj.group !== 'apiextensions.k8s.io') continue;
        const spec = obj.body['spec'];
        if (!isRecord(spec) || !isRecord(spec['names']) || !Array.isArray(spec['versions'])) continue;
        try {
          d.addCustomResourceDefinition(obj.body as unknown as CustomResourceDefinitionData);
        } catch {
          // An incomplete CRD adds nothing; schema rules report its shape.
        }
      }
      return d;
    });
  }

  /**
   * Grants made by the repository's own bindings (and the charts'), resolved through the
   * index. Built-in default bindings are left out: they are not the repository's doing.
   */
  ownGrants(): GrantResolution {
    return this.memo('ownGrants', () => {
      const o = this.rbacObjects();
      const own = [...o.clusterRoleBindings, ...o.roleBindings].filter((b) => !b.builtin);
      return resolveGrants(this.rbac(), own);
    });
  }

  /** Every agent config with the ServiceAccount its agentk runs as. */
  agents(): readonly AgentView[] {
    return this.memo('agents', () => agentViews(this.workspace, this.charts()));
  }

  /**
   * Identities the agents run as or impersonate: subject key → why it is reachable from
   * GitLab. Chart-installed agents count even without an agent config in the repository.
   */
  agentServiceAccounts(): ReadonlyMap<string, string> {
    return this.memo('agentServiceAccounts', () => {
      const out = new Map<string, string>();
      for (const c of this.charts()) {
        for (const id of c.model.identities) {
          if (id.role !== 'agent') continue;
          const subject: BoundSubject = { kind: 'ServiceAccount', namespace: id.namespace, name: id.serviceAccountName };
          const agent = c.values.agentName ? ` "${c.values.agentName}"` : '';
          out.set(subjectKey(subject), `the GitLab agent${agent} runs as this ServiceAccount (${c.values.file.source.path})`);
        }
      }
      for (const a of this.agents()) {
        const sa = a.serviceAccount;
        if (sa) out.set(subjectKey({ kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name }), `the GitLab agent "${a.name}" runs as this ServiceAccount (${sa.how})`);
        for (const e of [...(a.model.ciAccess?.projects?.entries ?? []), ...(a.model.ciAccess?.groups?.entries ?? [])]) {
          const imp = e.accessAs.impersonate;
          if (e.accessAs.mode !== 'impersonate' || !imp?.username) continue;
          const why = `CI jobs of ${e.id ?? '?'} act as it through agent "${a.name}" (access_as impersonate)`;
          out.set(subjectKey({ kind: 'User', name: imp.username }), why);
          const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(imp.username);
          if (m?.[1] && m[2]) out.set(subjectKey({ kind: 'ServiceAccount', namespace: m[1], name: m[2] }), why);
          for (const g of imp.groups) out.set(subjectKey({ kind: 'Group', name: g }), why);
        }
      }
      return out;
    });
  }

  /** Why a subject is reachable from GitLab (agent SA, CI job and user identities). */
  gitlabReach(): GitlabReach {
    return this.memo('gitlabReach', () => {
      const agents = this.agentServiceAccounts();
      return { reason: (s: BoundSubject) => agents.get(subjectKey(s)) ?? gitlabIdentityReason(s) };
    });
  }

  /**
   * Every ServiceAccount known to exist: declared (repository or charts), named as a
   * binding subject (the default policy's controllers included), and each namespace's
   * `default`.
   */
  knownServiceAccounts(): readonly KnownServiceAccount[] {
    return this.memo('knownServiceAccounts', () => {
      const seen = new Map<string, KnownServiceAccount>();
      const add = (namespace: string, name: string): void => {
        if (namespace !== '' && name !== '') seen.set(`${namespace}/${name}`, { namespace, name });
      };
      const namespaces = new Set<string>();
      for (const obj of this.objects()) {
        if (obj.kind === 'ServiceAccount' && obj.group === '') add(obj.namespace ?? 'default', obj.name);
        if (obj.kind === 'Namespace' && obj.group === '') namespaces.add(obj.name);
        if (obj.namespace) namespaces.add(obj.namespace);
      }
      const o = this.rbacObjects();
      for (const b of [...o.clusterRoleBindings, ...o.roleBindings]) {
        for (const s of b.subjects) {
          if (s.kind !== 'ServiceAccount') continue;
          const ns = s.namespace ?? (b.kind === 'RoleBinding' ? b.namespace : undefined);
          if (ns) add(ns, s.name);
        }
      }
      for (const sa of seen.values()) namespaces.add(sa.namespace);
      for (const ns of namespaces) add(ns, 'default');
      return [...seen.values()].sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1));
    });
  }

  /** Escalation search to cluster-admin power over the known ServiceAccounts (built once). */
  escalation(): EscalationFinder {
    return this.memo('escalation', () => new EscalationFinder(this.rbac(), this.knownServiceAccounts(), { tokenSecrets: this.tokenSecrets(), takeovers: this.takeovers() }));
  }

  /** Escalation search to reading every Secret of the cluster. */
  secretsEscalation(): EscalationFinder {
    return this.memo('secretsEscalation', () => new EscalationFinder(this.rbac(), this.knownServiceAccounts(), { goal: 'all-secrets', tokenSecrets: this.tokenSecrets(), takeovers: this.takeovers() }));
  }

  /** Who can take over which ServiceAccounts: the goal-independent part both escalation searches share. */
  private takeovers(): TakeoverCache {
    return this.memo('escalationTakeovers', () => new TakeoverCache(this.rbac()));
  }

  /** ServiceAccounts (ns/name) with a legacy token Secret in the input. */
  tokenSecrets(): ReadonlySet<string> {
    return this.memo('tokenSecrets', () => {
      const out = new Set<string>();
      for (const obj of this.workspace.objects) {
        if (obj.kind !== 'Secret' || obj.group !== '' || obj.body['type'] !== 'kubernetes.io/service-account-token') continue;
        const sa = obj.annotations['kubernetes.io/service-account.name'];
        if (sa) out.add(`${obj.namespace ?? 'default'}/${sa}`);
      }
      return out;
    });
  }

  /** Memoise a derived value under a key. */
  protected memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }
}
