// Model of the gitlab-agent Helm chart (gitlab-agent.md §5), chart 2.6.2 by default.
//
// Modelled objects: the agent ServiceAccount, the agent ClusterRoleBinding, the operational
// container scanning (OCS) ServiceAccount / ClusterRole / ClusterRoleBinding / Role /
// RoleBinding, the token Secret and the CA ConfigMap. The Deployment is not modelled: it
// grants no permissions; its ServiceAccount is reported as the `agent` identity and its
// name in a note. Observability TLS Secret, ServiceMonitor and receptive-agent objects
// are not modelled either.
//
// Chart-version differences (from the doc): chart 1.x reads the CA from `config.caCert`
// (passed as `--ca-cert-file`, a flag agentk removed in 17.0) and renders the ConfigMap
// unconditionally; chart 2.x reads `config.kasCaCert` and renders the ConfigMap only when
// it is set. The Deployment is `<fullname truncated to 60>-v2` in 2.x and `<fullname>` in
// 1.11.1. OCS RBAC templates were read in 2.6.2 (on by default) and are absent from
// 1.11.1, so for 1.x they are modelled only when the values enable OCS explicitly.

import type { JsonPath } from '../model/path.js';
import {
  MASKED_SECRET_VALUE,
  RBAC_API_GROUP,
  RBAC_API_VERSION,
  modelledObject,
  parseChartVersion,
  stringMapFromValues,
  withRelease,
} from './objects.js';
import { chartShortName, releaseOrigins, truncName } from './release.js';
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
import { ValuesReader, goTruthy, valuesPathText } from './values.js';

export const GITLAB_AGENT_DEFAULT_CHART_VERSION = '2.6.2';

/** appVersion of the chart versions the doc names (used for the app.kubernetes.io/version label). */
const AGENT_APP_VERSIONS: Readonly<Record<string, string>> = {
  '2.6.2': 'v17.3.1',
  '2.1.0': 'v17.0.0',
  '1.11.1': 'v15.9.0',
};

/** Rules of the OCS ClusterRole, in the chart's order (§5.3). */
export const OCS_CLUSTER_ROLE_RULES: readonly { apiGroups: string[]; resources: string[]; verbs: string[] }[] = [
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: ['list', 'get'] },
  {
    apiGroups: [''],
    resources: [
      'pods',
      'replicationcontrollers',
      'serviceaccounts',
      'namespaces',
      'services',
      'configmaps',
      'resourcequotas',
      'limitranges',
      'nodes',
      'secrets',
    ],
    verbs: ['list', 'get'],
  },
  { apiGroups: ['apps'], resources: ['replicasets', 'daemonsets', 'statefulsets', 'deployments'], verbs: ['list', 'get'] },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
    verbs: ['list', 'get'],
  },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs: ['list', 'get'] },
];

/** Rules of the OCS Role in the release namespace. */
export const OCS_ROLE_RULES: readonly { apiGroups: string[]; resources: string[]; verbs: string[] }[] = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
];

function copyRules(rules: readonly { apiGroups: string[]; resources: string[]; verbs: string[] }[]): Record<string, unknown>[] {
  return rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] }));
}

/**
 * Models the objects the gitlab-agent chart renders for `values` (the user's values file
 * data; chart defaults are applied here) in `release`.
 */
export function modelGitlabAgentChart(values: unknown, release: HelmRelease, options: ChartModelOptions = {}): ChartModel {
  const notes: string[] = [];
  const version = parseChartVersion(options.chartVersion, GITLAB_AGENT_DEFAULT_CHART_VERSION, 'gitlab-agent', notes);
  const v1 = version.major < 2;
  const v = new ValuesReader(values, notes);

  const naming = chartNaming('gitlab-agent', v, release, { fullnameOverride: 'chart default fullnameOverride=""', nameOverride: 'chart default nameOverride=""' });
  const { namespace: ns, namespaceOrigin: nsOrigin, fullname, fullnameOrigin, derived } = naming;
  const nameOverride = { text: naming.nameOverride };

  const labels = (): Record<string, string> => {
    const out: Record<string, string> = {
      'helm.sh/chart': truncName(`gitlab-agent-${version.text}`.replace(/\+/g, '_')),
      'app.kubernetes.io/name': chartShortName('gitlab-agent', nameOverride.text),
      'app.kubernetes.io/instance': release.name,
    };
    const app = AGENT_APP_VERSIONS[version.text];
    if (app !== undefined) out['app.kubernetes.io/version'] = app;
    out['app.kubernetes.io/managed-by'] = 'Helm';
    return { ...out, ...additional.map };
  };
  const additional = stringMapFromValues(v, ['additionalLabels']);
  const labelOrigins = (): [JsonPath, ValuesOrigin][] => [
    [['metadata', 'labels'], { kind: 'default', description: 'chart common labels', release: ['name'] }],
    ...additional.origins.map(([k, o]): [JsonPath, ValuesOrigin] => [['metadata', 'labels', k], o]),
  ];

  // ---- ServiceAccount name (§5.2) -------------------------------------------------------
  const saCreate = v.flag(['serviceAccount', 'create'], true, 'chart default serviceAccount.create=true');
  const saNameIn = v.text(['serviceAccount', 'name'], undefined, 'chart default serviceAccount.name unset');
  let saName: string;
  let saNameOrigin: ValuesOrigin;
  if (saNameIn.text !== undefined) {
    saName = saNameIn.text;
    saNameOrigin = { kind: 'values', path: ['serviceAccount', 'name'] };
  } else if (saCreate.on) {
    saName = fullname;
    saNameOrigin =
      fullnameOrigin.kind === 'values'
        ? fullnameOrigin
        : {
            kind: 'default',
            description: `chart default: serviceAccount.name unset, the ServiceAccount is named after the fullname "${fullname}"`,
            release: ['name'],
            ...(saNameIn.present ? { near: ['serviceAccount', 'name'] } : {}),
          };
  } else {
    saName = 'default';
    saNameOrigin = saCreate.present
      ? { ...saCreate.origin, ...(saNameIn.present ? { alsoFrom: [['serviceAccount', 'name']] } : {}) }
      : { kind: 'default', description: 'chart: serviceAccount.create false and serviceAccount.name unset → "default"' };
    v.note(
      `serviceAccount.create is false and serviceAccount.name is unset: the agent runs as the "default" ServiceAccount of namespace "${ns}".`,
    );
  }

  const objects: ModelledObject[] = [];
  const identities: ChartIdentity[] = [];
  const tokens: TokenLocation[] = [];
  const saAnnotations = stringMapFromValues(v, ['serviceAccount', 'annotations']);
  const annotationOrigins = saAnnotations.origins.map(([k, o]): [JsonPath, ValuesOrigin] => [['metadata', 'annotations', k], o]);

  // ---- agent ServiceAccount -----------------------------------------------------------
  if (saCreate.on) {
    const metadata: Record<string, unknown> = { name: saName, namespace: ns, labels: labels() };
    if (Object.keys(saAnnotations.map).length > 0) metadata['annotations'] = { ...saAnnotations.map };
    objects.push(
      modelledObject({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        name: saName,
        namespace: ns,
        template: 'templates/serviceaccount.yaml',
        body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
        root: saCreate.origin,
        origins: [
          [['metadata', 'name'], saNameOrigin],
          [['metadata', 'namespace'], nsOrigin],
          ...labelOrigins(),
          ...annotationOrigins,
        ],
      }),
    );
  }
  identities.push({
    role: 'agent',
    namespace: ns,
    serviceAccountName: saName,
    username: serviceAccountUsername(ns, saName),
    origin: saNameOrigin,
  });

  // ---- agent ClusterRoleBinding (§5.3) ------------------------------------------------
  const rbacCreate = v.flag(['rbac', 'create'], true, 'chart default rbac.create=true');
  const existingRole = v.text(['rbac', 'useExistingRole'], undefined, 'chart default rbac.useExistingRole unset');
  const roleName = existingRole.text ?? 'cluster-admin';
  const roleOrigin: ValuesOrigin = existingRole.present
    ? existingRole.origin
    : { kind: 'default', description: 'chart default: rbac.useExistingRole unset → ClusterRole cluster-admin' };
  if (rbacCreate.on) {
    const crbName = `${ns}:${fullname}-${roleName}`;
    const alsoFrom: JsonPath[] = [];
    if (existingRole.present) alsoFrom.push(['rbac', 'useExistingRole']);
    if (fullnameOrigin.kind === 'values') alsoFrom.push(['fullnameOverride']);
    objects.push(
      modelledObject({
        apiVersion: RBAC_API_VERSION,
        kind: 'ClusterRoleBinding',
        name: crbName,
        template: 'templates/clusterrolebinding.yaml',
        body: {
          apiVersion: RBAC_API_VERSION,
          kind: 'ClusterRoleBinding',
          metadata: { name: crbName, labels: labels() },
          roleRef: { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: roleName },
          subjects: [{ kind: 'ServiceAccount', name: saName, namespace: ns }],
        },
        root: rbacCreate.origin,
        origins: [
          [
            ['metadata', 'name'],
            {
              kind: 'default',
              description: 'chart naming <release namespace>:<fullname>-<useExistingRole or cluster-admin>',
              release: ['namespace', 'name'],
              ...(alsoFrom.length > 0 ? { alsoFrom } : {}),
            },
          ],
          ...labelOrigins(),
          [['roleRef', 'name'], roleOrigin],
          [['subjects', 0, 'name'], saNameOrigin],
          [['subjects', 0, 'namespace'], nsOrigin],
        ],
      }),
    );
    if (!saCreate.on && saNameIn.text !== undefined) {
      v.note(
        `serviceAccount.create is false: the ClusterRoleBinding binds ServiceAccount "${ns}/${saName}", which the chart does not create.`,
      );
    }
  } else {
    v.note(
      `rbac.create is false: the chart renders no ClusterRoleBinding; ServiceAccount "${ns}/${saName}" has only the permissions other manifests grant (agentk also needs Lease and Event access in "${ns}").`,
    );
    if (existingRole.text !== undefined) v.note('rbac.useExistingRole has no effect because rbac.create is false.');
  }

  // ---- operational container scanning (§5.3) ------------------------------------------
  const ocsPath: JsonPath = ['config', 'operational_container_scanning', 'enabled'];
  const ocs = v.flag(
    ocsPath,
    v1 ? undefined : true,
    v1
      ? `chart ${version.text}: no OCS RBAC by default`
      : 'chart default config.operational_container_scanning.enabled=true',
  );
  if (v1 && ocs.on) {
    v.note(
      `OCS RBAC is modelled for chart ${version.text} because the values enable it; the templates were read for chart 2.6.2 and are absent from 1.11.1 (the first chart version with them is not known).`,
    );
  }
  if (ocs.on) {
    const ocsSa = `${fullname}-ocs-scanning-pod-sa`;
    const ocsSaOrigin = derived('<fullname>-ocs-scanning-pod-sa');
    const ocsClusterName = `${ns}:${fullname}:ocs`;
    const ocsClusterNameOrigin = withRelease(derived('<release namespace>:<fullname>:ocs'), ['namespace']);
    const ocsRoleName = `${fullname}:ocs`;
    const ocsRoleNameOrigin = derived('<fullname>:ocs');
    const subject = [{ kind: 'ServiceAccount', name: ocsSa, namespace: ns }];
    const subjectOrigins: [JsonPath, ValuesOrigin][] = [
      [['subjects', 0, 'name'], ocsSaOrigin],
      [['subjects', 0, 'namespace'], nsOrigin],
    ];

    const saMeta: Record<string, unknown> = { name: ocsSa, namespace: ns, labels: labels() };
    if (Object.keys(saAnnotations.map).length > 0) saMeta['annotations'] = { ...saAnnotations.map };
    objects.push(
      modelledObject({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        name: ocsSa,
        namespace: ns,
        template: 'templates/ocs/serviceaccount.yaml',
        body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: saMeta },
        root: ocs.origin,
        origins: [[['metadata', 'name'], ocsSaOrigin], [['metadata', 'namespace'], nsOrigin], ...labelOrigins(), ...annotationOrigins],
      }),
      modelledObject({
        apiVersion: RBAC_API_VERSION,
        kind: 'ClusterRole',
        name: ocsClusterName,
        template: 'templates/ocs/clusterrole.yaml',
        body: {
          apiVersion: RBAC_API_VERSION,
          kind: 'ClusterRole',
          metadata: { name: ocsClusterName, labels: labels() },
          rules: copyRules(OCS_CLUSTER_ROLE_RULES),
        },
        root: ocs.origin,
        origins: [[['metadata', 'name'], ocsClusterNameOrigin], ...labelOrigins()],
      }),
      modelledObject({
        apiVersion: RBAC_API_VERSION,
        kind: 'ClusterRoleBinding',
        name: ocsClusterName,
        template: 'templates/ocs/clusterrolebinding.yaml',
        body: {
          apiVersion: RBAC_API_VERSION,
          kind: 'ClusterRoleBinding',
          metadata: { name: ocsClusterName, labels: labels() },
          roleRef: { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: ocsClusterName },
          subjects: subject.map((s) => ({ ...s })),
        },
        root: ocs.origin,
        origins: [
          [['metadata', 'name'], ocsClusterNameOrigin],
          ...labelOrigins(),
          [['roleRef', 'name'], ocsClusterNameOrigin],
          ...subjectOrigins,
        ],
      }),
      modelledObject({
        apiVersion: RBAC_API_VERSION,
        kind: 'Role',
        name: ocsRoleName,
        namespace: ns,
        template: 'templates/ocs/role.yaml',
        body: {
          apiVersion: RBAC_API_VERSION,
          kind: 'Role',
          metadata: { name: ocsRoleName, namespace: ns, labels: labels() },
          rules: copyRules(OCS_ROLE_RULES),
        },
        root: ocs.origin,
        origins: [[['metadata', 'name'], ocsRoleNameOrigin], [['metadata', 'namespace'], nsOrigin], ...labelOrigins()],
      }),
      modelledObject({
        apiVersion: RBAC_API_VERSION,
        kind: 'RoleBinding',
        name: ocsRoleName,
        namespace: ns,
        template: 'templates/ocs/rolebinding.yaml',
        body: {
          apiVersion: RBAC_API_VERSION,
          kind: 'RoleBinding',
          metadata: { name: ocsRoleName, namespace: ns, labels: labels() },
          roleRef: { apiGroup: RBAC_API_GROUP, kind: 'Role', name: ocsRoleName },
          subjects: subject.map((s) => ({ ...s })),
        },
        root: ocs.origin,
        origins: [
          [['metadata', 'name'], ocsRoleNameOrigin],
          [['metadata', 'namespace'], nsOrigin],
          ...labelOrigins(),
          [['roleRef', 'name'], ocsRoleNameOrigin],
          ...subjectOrigins,
        ],
      }),
    );
    identities.push({
      role: 'ocs-scanner',
      namespace: ns,
      serviceAccountName: ocsSa,
      username: serviceAccountUsername(ns, ocsSa),
      origin: ocsSaOrigin,
    });
  }

  // ---- token Secret -------------------------------------------------------------------
  const token = v.get(['config', 'token']);
  const secretName = v.text(['config', 'secretName'], undefined, 'chart default config.secretName unset');
  if (token.present && goTruthy(token.value)) {
    tokens.push({ path: ['config', 'token'], kind: 'agent-token' });
    if (typeof token.value !== 'string') v.note('config.token is not a string; the chart base64-encodes its printed form.');
    const name = secretName.text ?? `${fullname}-token`;
    const nameOrigin: ValuesOrigin =
      secretName.text !== undefined ? { kind: 'values', path: ['config', 'secretName'] } : derived('<fullname>-token');
    objects.push(
      modelledObject({
        apiVersion: 'v1',
        kind: 'Secret',
        name,
        namespace: ns,
        template: 'templates/secret.yaml',
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name, namespace: ns, labels: labels() },
          type: 'Opaque',
          data: { token: MASKED_SECRET_VALUE },
        },
        root: { kind: 'values', path: ['config', 'token'] },
        origins: [[['metadata', 'name'], nameOrigin], [['metadata', 'namespace'], nsOrigin], ...labelOrigins()],
      }),
    );
  } else if (secretName.text === undefined) {
    v.note(
      `Neither config.token nor config.secretName is set: the agent Deployment reads Secret "${fullname}-token", which the chart does not create.`,
    );
  }

  // ---- CA ConfigMap ------------------------------------------------------------------
  const caPath: JsonPath = v1 ? ['config', 'caCert'] : ['config', 'kasCaCert'];
  const otherCaPath: JsonPath = v1 ? ['config', 'kasCaCert'] : ['config', 'caCert'];
  const ca = v.text(caPath, undefined, `chart default ${valuesPathText(caPath)} unset`);
  const otherCa = v.get(otherCaPath);
  if (otherCa.present && goTruthy(otherCa.value)) {
    v.note(
      v1
        ? `config.kasCaCert is the chart 2.x name; chart ${version.text} reads config.caCert (modelled as unset).`
        : `config.caCert is the chart 1.x name and is ignored by chart ${version.text}; use config.kasCaCert.`,
    );
  }
  if (v1 && ca.text !== undefined) {
    v.note(`Chart ${version.text} passes config.caCert to agentk as --ca-cert-file, a flag agentk removed in 17.0.`);
  }
  if (v1 || ca.text !== undefined) {
    const data: Record<string, string> = {};
    if (ca.text !== undefined) data['ca.crt'] = ca.text;
    objects.push(
      modelledObject({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: fullname,
        namespace: ns,
        template: 'templates/configmap.yaml',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: fullname, namespace: ns, labels: labels() }, data },
        root: ca.text !== undefined ? { kind: 'values', path: caPath } : { kind: 'default', description: `chart ${version.text} always renders the ConfigMap` },
        origins: [[['metadata', 'name'], derived('<fullname>')], [['metadata', 'namespace'], nsOrigin], ...labelOrigins()],
      }),
    );
  }

  // ---- Deployment (not modelled) --------------------------------------------------------
  const deployment = v1 ? fullname : `${fullname.slice(0, 60)}-v2`;
  v.note(
    `Deployment "${deployment}" (not modelled: it grants no permissions) runs agentk as ServiceAccount "${ns}/${saName}"${
      v1 ? `; chart ${version.text} names it "<fullname>" as 1.11.1 does (some later chart versions use "<fullname>-v1")` : ''
    }.`,
  );

  return {
    chart: 'gitlab-agent',
    chartVersion: version.text,
    release: { name: release.name, namespace: ns, ...releaseOrigins(release) },
    objects,
    identities,
    tokens,
    notes,
  };
}
