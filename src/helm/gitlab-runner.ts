// Model of the gitlab-runner Helm chart (gitlab-agent.md §6), chart 0.86.0 by default.
//
// Modelled objects: the manager ServiceAccount, the Role/ClusterRole and its binding
// (rbac.create), the session-server Role and RoleBinding, and the token Secret. The
// Deployment and ConfigMap are not modelled (they grant no permissions); the manager's
// ServiceAccount is reported as the `runner` identity. Job pods run with the
// `service_account` of `runners.config`, which the chart's RBAC does not create.
//
// Not read by chart 0.86.0 and only noted when present: `rbac.resources` / `rbac.verbs`
// (removed from the role template in 2023), a top-level `serviceAccountName`, and keys of
// `rbac.rules` items other than apiGroups/resources/verbs.

import type { JsonPath } from '../model/path.js';
import {
  MASKED_SECRET_VALUE,
  RBAC_API_GROUP,
  RBAC_API_VERSION,
  modelledObject,
  parseChartVersion,
  stringMapFromValues,
} from './objects.js';
import { releaseOrigins, truncName } from './release.js';
import { chartNaming } from './naming.js';
import {
  serviceAccountUsername,
  type ChartIdentity,
  type ChartModel,
  type ChartModelOptions,
  type HelmRelease,
  type ModelledObject,
  type TokenLocation,
  type ValuesOrigin,
} from './types.js';
import { ValuesReader, goScalarText, goTruthy, isRecord, valuesPathText } from './values.js';

export const GITLAB_RUNNER_DEFAULT_CHART_VERSION = '0.86.0';

/** Rule rendered when `rbac.rules` is empty (the default). */
export const RUNNER_DEFAULT_RULE: Readonly<{ apiGroups: readonly string[]; resources: readonly string[]; verbs: readonly string[] }> = {
  apiGroups: [''],
  resources: ['*'],
  verbs: ['*'],
};

const RULE_KEYS = ['apiGroups', 'resources', 'verbs'] as const;
const RULE_DEFAULTS: Record<(typeof RULE_KEYS)[number], readonly string[]> = {
  apiGroups: [''],
  resources: ['*'],
  verbs: ['*'],
};

/** Helm's `int64` of a value (cast.ToInt64: numbers truncated, numeric strings parsed, else 0). */
function toInt64(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  return 0;
}

/**
 * Models the objects the gitlab-runner chart renders for `values` (the user's values file
 * data; chart defaults are applied here) in `release`.
 */
export function modelGitlabRunnerChart(values: unknown, release: HelmRelease, options: ChartModelOptions = {}): ChartModel {
  const notes: string[] = [];
  const version = parseChartVersion(options.chartVersion, GITLAB_RUNNER_DEFAULT_CHART_VERSION, 'gitlab-runner', notes);
  const v = new ValuesReader(values, notes);

  const naming = chartNaming('gitlab-runner', v, release, { fullnameOverride: 'chart default fullnameOverride unset', nameOverride: 'chart default nameOverride unset' });
  const { namespace: releaseNs, namespaceOrigin: releaseNsOrigin, fullname, fullnameOrigin, derived } = naming;

  const labels = (): Record<string, string> => ({
    app: fullname,
    chart: truncName(`gitlab-runner-${version.text}`.replace(/\+/g, '_')),
    release: release.name,
    heritage: 'Helm',
  });
  const labelOrigins: [JsonPath, ValuesOrigin][] = [
    [['metadata', 'labels'], { kind: 'default', description: 'chart labels', release: ['name'] }],
  ];

  // ---- namespaces --------------------------------------------------------------------
  const nsValue = v.text(['namespace'], undefined, 'chart default namespace unset');
  const managerNs = nsValue.text ?? releaseNs;
  const managerNsOrigin: ValuesOrigin = nsValue.text !== undefined ? { kind: 'values', path: ['namespace'] } : releaseNsOrigin;
  const jobNsValue = v.text(['runners', 'jobNamespace'], undefined, 'chart default runners.jobNamespace unset');
  const jobNs = jobNsValue.text ?? managerNs;
  const jobNsOrigin: ValuesOrigin = jobNsValue.text !== undefined ? { kind: 'values', path: ['runners', 'jobNamespace'] } : managerNsOrigin;

  // ---- flags -------------------------------------------------------------------------
  const rbacCreate = v.flag(['rbac', 'create'], false, 'chart default rbac.create=false');
  const saCreate = v.flag(['serviceAccount', 'create'], undefined, 'chart default serviceAccount.create unset');
  const saCreateUnset = saCreate.value === undefined;

  // ---- ServiceAccount name (§6.2 "Naming") ---------------------------------------------
  const saNameIn = v.text(['serviceAccount', 'name'], undefined, 'chart default serviceAccount.name=""');
  let saName: string;
  let saNameOrigin: ValuesOrigin;
  if (saCreate.on || saNameIn.text !== undefined) {
    if (saNameIn.text !== undefined) {
      saName = saNameIn.text;
      saNameOrigin = { kind: 'values', path: ['serviceAccount', 'name'] };
    } else {
      saName = fullname;
      saNameOrigin =
        fullnameOrigin.kind === 'values'
          ? fullnameOrigin
          : {
              kind: 'default',
              description: `chart default: serviceAccount.name unset, the ServiceAccount is named after the fullname "${fullname}"`,
              release: ['name'],
              near: ['serviceAccount', 'create'],
            };
    }
  } else if (rbacCreate.on) {
    const generated = v.text(['rbac', 'generatedServiceAccountName'], undefined, 'chart default rbac.generatedServiceAccountName=""');
    if (generated.text !== undefined) {
      saName = generated.text;
      saNameOrigin = { kind: 'values', path: ['rbac', 'generatedServiceAccountName'] };
      v.note('rbac.generatedServiceAccountName is deprecated; use serviceAccount.name.');
    } else {
      saName = fullname;
      saNameOrigin =
        fullnameOrigin.kind === 'values'
          ? fullnameOrigin
          : {
              kind: 'default',
              description: `chart default: rbac.create true and no ServiceAccount name set, the ServiceAccount is named after the fullname "${fullname}"`,
              release: ['name'],
              near: ['rbac', 'create'],
            };
    }
  } else {
    const legacy = v.text(['rbac', 'serviceAccountName'], undefined, 'chart default rbac.serviceAccountName unset');
    saName = legacy.text ?? '';
    saNameOrigin = legacy.present
      ? legacy.origin
      : { kind: 'default', description: 'chart default: rbac.create false and no ServiceAccount name set → serviceAccountName ""' };
    if (legacy.text !== undefined) v.note('rbac.serviceAccountName is deprecated; use serviceAccount.name with serviceAccount.create false.');
  }
  const effectiveSa = saName === '' ? 'default' : saName;
  if (saName === '') {
    v.note(
      `No ServiceAccount name is set (rbac.create false; serviceAccount.create, serviceAccount.name and rbac.serviceAccountName unset): the runner manager runs as the "default" ServiceAccount of namespace "${managerNs}".`,
    );
  }

  // Keys the chart (0.86.0) does not read.
  for (const [path, text] of [
    [['serviceAccountName'], 'top-level serviceAccountName is not read by the chart; use serviceAccount.name.'],
    [['rbac', 'resources'], 'rbac.resources is no longer read by the chart (removed in 2023); use rbac.rules.'],
    [['rbac', 'verbs'], 'rbac.verbs is no longer read by the chart (removed in 2023); use rbac.rules.'],
    [['rbac', 'serviceAccountAnnotations'], 'rbac.serviceAccountAnnotations is a deprecated alias; not modelled, use serviceAccount.annotations.'],
    [['rbac', 'imagePullSecrets'], 'rbac.imagePullSecrets is a deprecated alias; not modelled, use serviceAccount.imagePullSecrets.'],
  ] as const) {
    const at = v.get(path);
    if (at.present && at.value !== undefined) v.note(text);
  }

  const objects: ModelledObject[] = [];
  const identities: ChartIdentity[] = [];
  const tokens: TokenLocation[] = [];

  // ---- ServiceAccount ----------------------------------------------------------------
  const saRendered = saCreate.on || (rbacCreate.on && saCreateUnset);
  if (saRendered) {
    const annotations = stringMapFromValues(v, ['serviceAccount', 'annotations']);
    const metadata: Record<string, unknown> = { name: saName, namespace: managerNs, labels: labels() };
    if (Object.keys(annotations.map).length > 0) metadata['annotations'] = { ...annotations.map };
    const root: ValuesOrigin = saCreate.on
      ? saCreate.origin
      : { ...rbacCreate.origin, ...(saCreate.present ? { alsoFrom: [['serviceAccount', 'create']] } : {}) };
    objects.push(
      modelledObject({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        name: saName,
        namespace: managerNs,
        template: 'templates/service-account.yaml',
        body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
        root,
        origins: [
          [['metadata', 'name'], saNameOrigin],
          [['metadata', 'namespace'], managerNsOrigin],
          ...labelOrigins,
          ...annotations.origins.map(([k, o]): [JsonPath, ValuesOrigin] => [['metadata', 'annotations', k], o]),
        ],
      }),
    );
  }
  identities.push({
    role: 'runner',
    namespace: managerNs,
    serviceAccountName: effectiveSa,
    username: serviceAccountUsername(managerNs, effectiveSa),
    origin: saNameOrigin,
  });

  // ---- Role / ClusterRole and binding ------------------------------------------------
  if (rbacCreate.on) {
    const clusterWide = v.flag(['rbac', 'clusterWideAccess'], false, 'chart default rbac.clusterWideAccess=false');
    const roleKind = clusterWide.on ? 'ClusterRole' : 'Role';
    const bindingKind = clusterWide.on ? 'ClusterRoleBinding' : 'RoleBinding';
    const { rules, origins: ruleOrigins } = runnerRules(v);
    const roleMeta: Record<string, unknown> = { name: fullname, ...(clusterWide.on ? {} : { namespace: jobNs }), labels: labels() };
    const nameOrigin = derived('<fullname>');
    const nsEntries: [JsonPath, ValuesOrigin][] = clusterWide.on ? [] : [[['metadata', 'namespace'], jobNsOrigin]];
    objects.push(
      modelledObject({
        apiVersion: RBAC_API_VERSION,
        kind: roleKind,
        name: fullname,
        ...(clusterWide.on ? {} : { namespace: jobNs }),
        template: 'templates/role.yaml',
        body: { apiVersion: RBAC_API_VERSION, kind: roleKind, metadata: roleMeta, rules },
        root: rbacCreate.origin,
        origins: [
          [['metadata', 'name'], nameOrigin],
          ...nsEntries,
          ...labelOrigins,
          [['kind'], clusterWide.origin],
          ...ruleOrigins,
        ],
      }),
    );
    const bindingMeta: Record<string, unknown> = { name: fullname, ...(clusterWide.on ? {} : { namespace: jobNs }), labels: labels() };
    objects.push(
      modelledObject({
        apiVersion: RBAC_API_VERSION,
        kind: bindingKind,
        name: fullname,
        ...(clusterWide.on ? {} : { namespace: jobNs }),
        template: 'templates/role-binding.yaml',
        body: {
          apiVersion: RBAC_API_VERSION,
          kind: bindingKind,
          metadata: bindingMeta,
          roleRef: { apiGroup: RBAC_API_GROUP, kind: roleKind, name: fullname },
          subjects: [{ kind: 'ServiceAccount', name: saName, namespace: managerNs }],
        },
        root: rbacCreate.origin,
        origins: [
          [['metadata', 'name'], nameOrigin],
          ...nsEntries,
          ...labelOrigins,
          [['kind'], clusterWide.origin],
          [['roleRef', 'kind'], clusterWide.origin],
          [['roleRef', 'name'], nameOrigin],
          [['subjects', 0, 'name'], saNameOrigin],
          [['subjects', 0, 'namespace'], managerNsOrigin],
        ],
      }),
    );
    if (!saRendered) {
      v.note(
        `serviceAccount.create is false: the ${bindingKind} binds ServiceAccount "${managerNs}/${saName}", which the chart does not create.`,
      );
    }
    if (!clusterWide.on && jobNs !== managerNs) {
      v.note(`Job pods run in namespace "${jobNs}", where the Role is created; the runner manager runs in "${managerNs}".`);
    }
  } else {
    v.note(
      `rbac.create is false: the chart renders no Role or binding; ServiceAccount "${managerNs}/${effectiveSa}" has only the permissions other manifests grant.`,
    );
    for (const key of ['rules', 'clusterWideAccess', 'podSecurityPolicy'] as const) {
      const at = v.get(['rbac', key]);
      if (at.present && goTruthy(at.value)) v.note(`rbac.${key} has no effect because rbac.create is false.`);
    }
  }

  // ---- session server Role / RoleBinding ---------------------------------------------
  const session = v.flag(['sessionServer', 'enabled'], false, 'chart default sessionServer.enabled=false');
  const replicas = v.setting(['replicas'], 1, 'chart default replicas=1');
  const replicaCount = toInt64(replicas.value) || 1;
  if (session.on && replicaCount !== 1) {
    v.note(`sessionServer.enabled has no effect: the chart allows the session server only with 1 replica (replicas is ${replicaCount}).`);
  } else if (session.on) {
    const name = `${fullname}-session-server`;
    const nameOrigin = derived('<fullname>-session-server');
    objects.push(
      modelledObject({
        apiVersion: RBAC_API_VERSION,
        kind: 'Role',
        name,
        namespace: managerNs,
        template: 'templates/role-session-server.yaml',
        body: {
          apiVersion: RBAC_API_VERSION,
          kind: 'Role',
          metadata: { name, namespace: managerNs, labels: labels() },
          rules: [{ apiGroups: [''], resources: ['services'], verbs: ['get'] }],
        },
        root: session.origin,
        origins: [[['metadata', 'name'], nameOrigin], [['metadata', 'namespace'], managerNsOrigin], ...labelOrigins],
      }),
      modelledObject({
        apiVersion: RBAC_API_VERSION,
        kind: 'RoleBinding',
        name,
        namespace: managerNs,
        template: 'templates/role-binding-session-server.yaml',
        body: {
          apiVersion: RBAC_API_VERSION,
          kind: 'RoleBinding',
          metadata: { name, namespace: managerNs, labels: labels() },
          roleRef: { apiGroup: RBAC_API_GROUP, kind: 'Role', name },
          subjects: [{ kind: 'ServiceAccount', name: saName, namespace: managerNs }],
        },
        root: session.origin,
        origins: [
          [['metadata', 'name'], nameOrigin],
          [['metadata', 'namespace'], managerNsOrigin],
          ...labelOrigins,
          [['roleRef', 'name'], nameOrigin],
          [['subjects', 0, 'name'], saNameOrigin],
          [['subjects', 0, 'namespace'], managerNsOrigin],
        ],
      }),
    );
    if (saName === '') v.note('The session-server RoleBinding has an empty subject name; Kubernetes rejects it.');
  }

  // ---- token Secret ------------------------------------------------------------------
  const runnerToken = v.get(['runnerToken']);
  const registration = v.get(['runnerRegistrationToken']);
  const hasRunnerToken = runnerToken.present && goTruthy(runnerToken.value);
  const hasRegistration = registration.present && goTruthy(registration.value);
  if (hasRegistration) {
    const isAuth = typeof registration.value === 'string' && registration.value.startsWith('glrt-');
    tokens.push({ path: ['runnerRegistrationToken'], kind: isAuth ? 'runner-token' : 'runner-registration-token' });
    if (isAuth) v.note('runnerRegistrationToken holds a runner authentication token (glrt-); the chart treats it as one. Use runnerToken.');
  }
  if (hasRunnerToken) tokens.push({ path: ['runnerToken'], kind: 'runner-token' });
  if (hasRunnerToken || hasRegistration) {
    const secretValue = v.get(['runners', 'secret']);
    const secretText = goTruthy(secretValue.value) ? goScalarText(secretValue.value) : undefined;
    const name = secretText ?? fullname;
    if (secretText?.includes('{{')) v.note(`runners.secret "${secretText}" is a template (tpl); modelled literally.`);
    const nameOrigin: ValuesOrigin = secretText !== undefined ? { kind: 'values', path: ['runners', 'secret'] } : derived('<fullname>');
    const root: ValuesOrigin = hasRunnerToken
      ? { kind: 'values', path: ['runnerToken'], ...(hasRegistration ? { alsoFrom: [['runnerRegistrationToken']] } : {}) }
      : { kind: 'values', path: ['runnerRegistrationToken'] };
    objects.push(
      modelledObject({
        apiVersion: 'v1',
        kind: 'Secret',
        name,
        namespace: managerNs,
        template: 'templates/secrets.yaml',
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name, namespace: managerNs, labels: labels() },
          type: 'Opaque',
          data: {
            'runner-registration-token': hasRegistration ? MASKED_SECRET_VALUE : '',
            'runner-token': hasRunnerToken ? MASKED_SECRET_VALUE : '',
          },
        },
        root,
        origins: [
          [['metadata', 'name'], nameOrigin],
          [['metadata', 'namespace'], managerNsOrigin],
          ...labelOrigins,
          [['data', 'runner-registration-token'], hasRegistration ? { kind: 'values', path: ['runnerRegistrationToken'] } : undefined],
          [['data', 'runner-token'], hasRunnerToken ? { kind: 'values', path: ['runnerToken'] } : undefined],
        ],
      }),
    );
  }

  // ---- job pods and Deployment (not modelled) -----------------------------------------
  const config = v.get(['runners', 'config']);
  if (typeof config.value === 'string' && /\bservice_account\s*=/.test(config.value)) {
    v.note('runners.config sets service_account for job pods; that ServiceAccount and its permissions come from other manifests.');
  }
  v.note(`Deployment "${fullname}" (not modelled: it grants no permissions) runs the runner manager as ServiceAccount "${managerNs}/${effectiveSa}".`);

  return {
    chart: 'gitlab-runner',
    chartVersion: version.text,
    release: { name: release.name, namespace: releaseNs, ...releaseOrigins(release) },
    objects,
    identities,
    tokens,
    notes,
  };
}

/** The Role's rules (§6.2): the wildcard rule for empty `rbac.rules`, else each rule with defaults, plus PSP. */
function runnerRules(v: ValuesReader): { rules: Record<string, unknown>[]; origins: [JsonPath, ValuesOrigin][] } {
  const rules: Record<string, unknown>[] = [];
  const origins: [JsonPath, ValuesOrigin][] = [];
  const rulesSetting = v.setting(['rbac', 'rules'], [], 'chart default rbac.rules=[]');
  let list: unknown[] = [];
  if (Array.isArray(rulesSetting.value)) list = rulesSetting.value;
  else if (goTruthy(rulesSetting.value)) {
    v.note('rbac.rules is not a list; Helm fails to render the Role. Modelled as the default wildcard rule.');
  }

  if (list.length === 0) {
    rules.push({ apiGroups: [...RUNNER_DEFAULT_RULE.apiGroups], resources: [...RUNNER_DEFAULT_RULE.resources], verbs: [...RUNNER_DEFAULT_RULE.verbs] });
    const origin: ValuesOrigin = rulesSetting.present
      ? rulesSetting.origin
      : { kind: 'default', description: 'chart default rbac.rules=[] → apiGroups [""], resources ["*"], verbs ["*"]' };
    origins.push([['rules'], origin], [['rules', 0], origin]);
  } else {
    list.forEach((item, i) => {
      const itemPath: JsonPath = ['rbac', 'rules', i];
      if (!isRecord(item)) {
        v.note(`${valuesPathText(itemPath)} is not a map; Helm fails to render the Role. Skipped.`);
        return;
      }
      const out = rules.length;
      const rule: Record<string, unknown> = {};
      origins.push([['rules', out], { kind: 'values', path: itemPath }]);
      for (const key of RULE_KEYS) {
        const raw = item[key];
        if (goTruthy(raw)) {
          if (Array.isArray(raw)) {
            const strs = raw.map((x) => goScalarText(x) ?? String(x));
            if (raw.some((x) => typeof x !== 'string')) v.note(`${valuesPathText([...itemPath, key])} has non-string items; modelled as their printed form.`);
            rule[key] = strs;
          } else {
            const t = goScalarText(raw) ?? '';
            v.note(`${valuesPathText([...itemPath, key])} is not a list; the chart renders a scalar that Kubernetes rejects. Modelled as ["${t}"].`);
            rule[key] = [t];
          }
          origins.push([['rules', out, key], { kind: 'values', path: [...itemPath, key] }]);
        } else {
          rule[key] = [...RULE_DEFAULTS[key]];
          origins.push([
            ['rules', out, key],
            {
              kind: 'default',
              description: `chart default for a rule without ${key}: ${JSON.stringify(RULE_DEFAULTS[key])}`,
              near: key in item ? [...itemPath, key] : itemPath,
            },
          ]);
        }
      }
      for (const extra of Object.keys(item)) {
        if (!(RULE_KEYS as readonly string[]).includes(extra)) {
          v.note(`${valuesPathText([...itemPath, extra])} is not rendered by the chart (only apiGroups, resources and verbs are); the rule applies without it.`);
        }
      }
      rules.push(rule);
    });
    if (rules.length === 0) {
      v.note('No usable rule in rbac.rules; the Role has no rules from it.');
    }
  }

  const psp = v.flag(['rbac', 'podSecurityPolicy', 'enabled'], false, 'chart default rbac.podSecurityPolicy.enabled=false');
  if (psp.on) {
    const names = v.setting(['rbac', 'podSecurityPolicy', 'resourceNames'], ['gitlab-runner'], 'chart default rbac.podSecurityPolicy.resourceNames=[gitlab-runner]');
    const resourceNames = Array.isArray(names.value) ? names.value.map((x) => goScalarText(x) ?? String(x)) : [];
    if (!Array.isArray(names.value) && names.value !== undefined) v.note('rbac.podSecurityPolicy.resourceNames is not a list; modelled as empty.');
    const idx = rules.length;
    rules.push({ apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames });
    origins.push([['rules', idx], psp.origin], [['rules', idx, 'resourceNames'], names.origin]);
    v.note('rbac.podSecurityPolicy uses the policy/v1beta1 PodSecurityPolicy API, removed in Kubernetes 1.25.');
  }
  return { rules, origins };
}
