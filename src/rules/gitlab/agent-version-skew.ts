import type { ModelledChart } from '../../engine/analysis.js';
import { dirname } from '../../model/classify.js';
import { isRecord } from '../../model/k8s.js';
import type { SourceRef } from '../../model/path.js';
import type { Workspace } from '../../model/workspace.js';
import type { Analysis } from '../../engine/analysis.js';
import { defineRule } from '../types.js';
import { valueAt, valuesRef } from './shared.js';

/** appVersion of the gitlab-agent chart versions kaslint knows (gitlab-agent.md §5). */
const CHART_APP_VERSIONS: Readonly<Record<string, string>> = {
  '2.6.2': 'v17.3.1',
  '2.1.0': 'v17.0.0',
  '1.11.1': 'v15.9.0',
};

/** The last minor release of each GitLab major (14.10, 15.11 …); later majors are assumed to end at .11. */
const LAST_MINOR: Readonly<Record<number, number>> = { 11: 11, 12: 10, 13: 12, 14: 10, 15: 11, 16: 11, 17: 11 };

interface Version {
  readonly major: number;
  readonly minor: number;
}

export function parseMinorVersion(text: string): Version | undefined {
  const m = /^v?(\d{1,3})\.(\d{1,3})(?:[.\-+]|$)/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

function lastMinor(major: number): number {
  return LAST_MINOR[major] ?? 11;
}

/** Releases between two versions, counting across majors (17.11 → 18.0 is one step). */
export function minorDistance(a: Version, b: Version): number {
  const [lo, hi] = a.major < b.major || (a.major === b.major && a.minor <= b.minor) ? [a, b] : [b, a];
  if (lo.major === hi.major) return hi.minor - lo.minor;
  let steps = lastMinor(lo.major) - lo.minor + 1 + hi.minor;
  for (let m = lo.major + 1; m < hi.major; m++) steps += lastMinor(m) + 1;
  return steps;
}

function previous(v: Version): Version {
  return v.minor > 0 ? { major: v.major, minor: v.minor - 1 } : { major: v.major - 1, minor: lastMinor(v.major - 1) };
}

function next(v: Version): Version {
  return v.minor < lastMinor(v.major) || v.major > 17 ? { major: v.major, minor: v.minor + 1 } : { major: v.major + 1, minor: 0 };
}

function text(v: Version): string {
  return `${v.major}.${v.minor}`;
}

interface AgentkVersion {
  readonly version: Version;
  readonly raw: string;
  /** Where the version is decided, and how to say so. */
  readonly at: SourceRef;
  readonly target: 'key' | 'value';
  readonly how: string;
}

/** The chart version a values file is installed with, when the repository states one. */
function statedChartVersion(ws: Workspace, chart: ModelledChart): { version: string; at: SourceRef } | undefined {
  const v = chart.values;
  if (v.recognisedBy === 'flux-helmrelease') {
    const data = v.file.docs[v.docIndex]?.data;
    const version = valueAt(data, ['spec', 'chart', 'spec', 'version']).value;
    if (typeof version === 'string') return { version, at: { file: v.file.source.path, docIndex: v.docIndex, path: ['spec', 'chart', 'spec', 'version'] } };
    return undefined;
  }
  if (v.recognisedBy === 'chart-yaml' && v.basePath.length === 1) {
    const dir = dirname(v.file.source.path);
    const chartFile = ws.file(dir === '.' ? 'Chart.yaml' : `${dir}/Chart.yaml`);
    const deps = valueAt(chartFile?.docs[0]?.data, ['dependencies']).value;
    if (!chartFile || !Array.isArray(deps)) return undefined;
    const key = v.basePath[0];
    const i = deps.findIndex((d: unknown) => isRecord(d) && d['name'] === 'gitlab-agent' && (d['alias'] ?? d['name']) === key);
    const dep: unknown = deps[i];
    if (i === -1 || !isRecord(dep) || typeof dep['version'] !== 'string') return undefined;
    return { version: dep['version'], at: { file: chartFile.source.path, docIndex: 0, path: ['dependencies', i, 'version'] } };
  }
  return undefined;
}

/** agentk's version: image.tag, else a vendored chart's appVersion, else the appVersion of a known chart version. */
function agentkVersion(analysis: Analysis, ws: Workspace, chart: ModelledChart): AgentkVersion | undefined {
  const v = chart.values;
  const tag = valueAt(v.data, ['image', 'tag']).value;
  const tagRef = valuesRef(v, ['image', 'tag']);
  // An unquoted 17.10 is the number 17.1: read how it was written.
  const tagText = typeof tag === 'string' ? tag : typeof tag === 'number' ? analysis.scalarSource(tagRef) ?? String(tag) : undefined;
  if (tagText !== undefined && tagText !== '') {
    const version = parseMinorVersion(tagText);
    return version ? { version, raw: tagText, at: tagRef, target: 'value', how: `image.tag "${tagText}"` } : undefined;
  }
  if (v.recognisedBy === 'chart-yaml' && v.basePath.length === 0) {
    const dir = dirname(v.file.source.path);
    const chartFile = ws.file(dir === '.' ? 'Chart.yaml' : `${dir}/Chart.yaml`);
    const app = valueAt(chartFile?.docs[0]?.data, ['appVersion']).value;
    if (chartFile && (typeof app === 'string' || typeof app === 'number')) {
      const raw = String(app);
      const version = parseMinorVersion(raw);
      return version ? { version, raw, at: { file: chartFile.source.path, docIndex: 0, path: ['appVersion'] }, target: 'value', how: `the chart's appVersion "${raw}" (image.tag is not set)` } : undefined;
    }
  }
  const stated = statedChartVersion(ws, chart);
  const app = stated ? CHART_APP_VERSIONS[stated.version.replace(/^v/, '')] : undefined;
  if (stated && app) {
    const version = parseMinorVersion(app);
    return version ? { version, raw: app, at: stated.at, target: 'value', how: `chart ${stated.version}, whose appVersion is ${app} (image.tag is not set)` } : undefined;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'gitlab/agent-version-skew',
    category: 'gitlab',
    description:
      'agentk (image.tag, or the chart\'s appVersion) is more than one minor version away from the GitLab version given as gitlab.version in .kaslint.yaml; GitLab supports only the same minor and one either side.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation:
      'Upgrade agentk with GitLab: set image.tag to the GitLab version (for example "v18.2.0", quoted) or install the chart version whose appVersion matches.',
    since: '0.1.0',
  },
  check(ctx) {
    const gitlabText = ctx.workspace.projectConfig.gitlab.version;
    const gitlab = gitlabText !== undefined ? parseMinorVersion(gitlabText) : undefined;
    if (!gitlab || gitlabText === undefined) return;
    const configFile = ctx.workspace.files.find((f) => f.role === 'project-config');
    for (const chart of ctx.analysis.charts()) {
      if (chart.values.chart !== 'gitlab-agent') continue;
      const agentk = agentkVersion(ctx.analysis, ctx.workspace, chart);
      if (!agentk) continue;
      const distance = minorDistance(agentk.version, gitlab);
      if (distance <= 1) continue;
      const older = agentk.version.major < gitlab.major || (agentk.version.major === gitlab.major && agentk.version.minor < gitlab.minor);
      ctx.report({
        at: agentk.at,
        target: agentk.target,
        message: `agentk ${text(agentk.version)} (${agentk.how}) is ${distance} minor versions ${older ? 'behind' : 'ahead of'} GitLab ${gitlabText} (gitlab.version): GitLab supports agentk ${text(previous(gitlab))} to ${text(next(gitlab))} only; expect gRPC errors or failed agent registration`,
        key: `${chart.values.release.namespace}/${chart.values.release.name}`,
        related: configFile ? [{ message: `GitLab ${gitlabText}`, at: { file: configFile.source.path, docIndex: 0, path: ['gitlab', 'version'] }, target: 'value' }] : [],
      });
    }
  },
});
