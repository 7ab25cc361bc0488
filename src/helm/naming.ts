import type { ChartName, HelmRelease, ValuesOrigin } from './types.js';
import { chartFullname, releaseNameProblems } from './release.js';
import type { ValuesReader } from './values.js';

/** What both charts derive from the release: its namespace and the chart "fullname". */
export interface ChartNaming {
  readonly namespace: string;
  readonly namespaceOrigin: ValuesOrigin;
  readonly fullname: string;
  readonly fullnameOrigin: ValuesOrigin;
  /** nameOverride as set in values (undefined = unset). */
  readonly nameOverride: string | undefined;
  /** Origin of a name built from the fullname with a fixed affix. */
  derived(what: string): ValuesOrigin;
}

/**
 * The charts' shared naming rules (_helpers.tpl): fullnameOverride, else the release name
 * when it already names the chart (gitlab-agent: contains it; gitlab-runner: starts with it),
 * else "<release>-<chart>", truncated to 63 characters.
 */
export function chartNaming(chart: ChartName, v: ValuesReader, release: HelmRelease, defaults: { readonly fullnameOverride: string; readonly nameOverride: string }): ChartNaming {
  for (const p of releaseNameProblems(release.name)) v.note(`Helm would refuse the install: ${p}.`);
  let namespace = release.namespace;
  if (namespace === '') {
    v.note('The release namespace is empty; Helm then uses the kubeconfig namespace, modelled as "default".');
    namespace = 'default';
  }
  const namespaceOrigin: ValuesOrigin = { kind: 'default', description: `Helm release namespace "${namespace}"`, release: ['namespace'] };
  const fullnameOverride = v.text(['fullnameOverride'], undefined, defaults.fullnameOverride);
  const nameOverride = v.text(['nameOverride'], undefined, defaults.nameOverride);
  const fn = chartFullname(chart, release.name, {
    ...(fullnameOverride.text !== undefined ? { fullnameOverride: fullnameOverride.text } : {}),
    ...(nameOverride.text !== undefined ? { nameOverride: nameOverride.text } : {}),
  });
  const fullname = fn.fullname;
  const relation = chart === 'gitlab-agent' ? 'contains' : 'starts with';
  const fullnameOrigin: ValuesOrigin =
    fn.rule === 'fullnameOverride'
      ? { kind: 'values', path: ['fullnameOverride'] }
      : {
          kind: 'default',
          description:
            fn.rule === 'release'
              ? `chart fullname "${fullname}": the release name "${release.name}" ${relation} "${fn.name}"`
              : `chart fullname "${fullname}": release name "${release.name}" + "-${fn.name}"`,
          release: ['name'],
          ...(nameOverride.text !== undefined ? { alsoFrom: [['nameOverride']] } : {}),
        };
  return {
    namespace,
    namespaceOrigin,
    fullname,
    fullnameOrigin,
    nameOverride: nameOverride.text,
    derived: (what) => (fullnameOrigin.kind === 'values' ? fullnameOrigin : { ...fullnameOrigin, description: `chart naming ${what} (fullname "${fullname}")` }),
  };
}
