import type { Analysis } from '../../engine/analysis.js';
import { valuesPathText, type TokenKind } from '../../helm/index.js';
import { locateInDocument } from '../../load/locate.js';
import { findGitlabTokens, maskToken } from '../../model/secrets.js';
import type { FileRole } from '../../model/workspace.js';
import { defineRule } from '../types.js';
import { valueAt, valuesRef } from './shared.js';

const KIND_TEXT: Readonly<Record<TokenKind, { readonly what: string; readonly risk: string; readonly instead: string }>> = {
  'agent-token': {
    what: 'GitLab agent token',
    risk: 'anyone who can read the repository can connect to GitLab as this agent',
    instead: 'create its Secret out of band and set config.secretName',
  },
  'runner-token': {
    what: 'runner authentication token',
    risk: 'anyone who can read the repository can run a runner that picks up this runner\'s CI jobs, with their variables and job tokens',
    instead: 'create its Secret out of band and set runners.secret',
  },
  'runner-registration-token': {
    what: 'runner registration token',
    risk: 'anyone who can read the repository can register runners that pick up CI jobs, with their variables and job tokens',
    instead: 'switch to a runner authentication token kept in a Secret created out of band (runners.secret)',
  },
};

const ROLE_TEXT: Partial<Record<FileRole, string>> = {
  'agent-config': 'an agent config',
  'helm-values': 'Helm values',
  'gitlab-ci': 'a CI configuration',
  'project-config': 'the kaslint project config',
  'helm-template': 'a Helm template',
};

/** References and placeholders that are not the secret itself (envsubst, Helm, sops, vals, `<token>`). */
function isReference(text: string): boolean {
  const t = text.trim();
  if (t.includes('${') || t.includes('{{') || t.startsWith('$(') || t.startsWith('ENC[') || t.startsWith('ref+') || t.startsWith('vault:')) return true;
  if (/^<[^>]*>$/.test(t)) return true;
  return /^(?:change[-_ ]?me|replace[-_ ]?me|your[-_ ].*|x+|\*+|redacted|todo|token|secret|none|null)$/i.test(t);
}

/** What a plaintext token value is, as the template prints it (never logged as is). */
function tokenText(analysis: Analysis, ref: { file: string; docIndex: number; path: readonly (string | number)[] }, value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return analysis.scalarSource(ref) ?? String(value);
  return undefined;
}

/**
 * Plaintext token values of the analysed chart values, for masking output (a value without a
 * GitLab prefix is not found by the token patterns).
 */
export function chartTokenSecrets(analysis: Analysis): string[] {
  const out: string[] = [];
  for (const chart of analysis.charts()) {
    for (const t of chart.model.tokens) {
      const ref = valuesRef(chart.values, t.path);
      const text = tokenText(analysis, ref, valueAt(chart.values.data, t.path).value);
      if (text !== undefined && !isReference(text)) out.push(text);
    }
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'gitlab/plaintext-token',
    category: 'gitlab',
    description:
      'A GitLab token is committed in plaintext: the agent token (config.token) or runner tokens (runnerToken, runnerRegistrationToken) in chart values, or any string with a GitLab token prefix (glagent-, glrt-, glpat-, gldt- …) in any analysed file.',
    defaultSeverity: 'error',
    recommended: true,
    remediation:
      'Revoke the token in GitLab now (it stays in the repository history), create a new one and keep it out of the repository: a Secret created out of band (config.secretName for the agent chart, runners.secret for the runner chart) or a masked CI/CD variable.',
    since: '0.1.0',
    sources: [{ tool: 'gitleaks', id: 'gitlab-pat' }],
  },
  check(ctx) {
    const analysis = ctx.analysis;
    // Ranges already reported through the chart models, per file, so the scan does not repeat them.
    const covered = new Map<string, { start: number; end: number }[]>();
    for (const chart of analysis.charts()) {
      for (const t of chart.model.tokens) {
        const ref = valuesRef(chart.values, t.path);
        const text = tokenText(analysis, ref, valueAt(chart.values.data, t.path).value);
        if (text === undefined || isReference(text)) continue;
        const doc = chart.values.file.docs[chart.values.docIndex];
        if (doc) {
          const r = locateInDocument(doc.map, ref.path, 'value');
          const list = covered.get(ref.file) ?? [];
          list.push({ start: r.startOffset, end: r.endOffset });
          covered.set(ref.file, list);
        }
        const kind = KIND_TEXT[t.kind];
        const masked = maskToken(text);
        ctx.report({
          at: ref,
          target: 'value',
          message: `${valuesPathText(t.path)} holds a plaintext ${kind.what} (${masked}) in committed ${chart.values.chart} values: ${kind.risk}; the chart also copies it into a Secret and the Helm release history`,
          key: `${t.kind}:${valuesPathText(t.path)}`,
          help: `Revoke the token in GitLab now (it stays in the repository history), issue a new one, then ${kind.instead}.`,
        });
      }
    }
    for (const file of ctx.workspace.files) {
      const text = file.source.text;
      const done = covered.get(file.source.path) ?? [];
      for (const m of findGitlabTokens(text)) {
        if (done.some((r) => m.start < r.end && m.end > r.start)) continue;
        const where = ROLE_TEXT[file.role] ?? 'a committed file';
        ctx.report({
          at: { file: file.source.path, startOffset: m.start, endOffset: m.end },
          message: `plaintext ${m.format.description} (${maskToken(m.text)}) in ${where}: anyone who can read the repository can use it`,
          key: `${m.format.prefix}:${maskToken(m.text)}`,
        });
      }
    }
  },
});
