import type { Severity } from '../../model/finding.js';
import { defineRule } from '../types.js';
import { valueAt, valuesRef } from './shared.js';

const SKIP_TLS_FLAG = /^--?kas-insecure-skip-tls-verify(?:=(.*))?$/;

/** Go's strconv.ParseBool false values: `--flag=false` turns the flag off. */
function flagOff(value: string | undefined): boolean {
  return value !== undefined && ['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value);
}

interface AddressProblem {
  readonly severity: Severity;
  readonly message: string;
  readonly help: string;
}

/** What is wrong with a kasAddress (gitlab-agent.md §7.1); Go lowercases the scheme. */
export function kasAddressProblems(address: string): AddressProblem[] {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(address.trim());
  if (!m) {
    return [
      {
        severity: 'error',
        message: `config.kasAddress "${address}" has no scheme: agentk exits with "unsupported scheme in GitLab Kubernetes Agent Server address"`,
        help: 'Write the full KAS address: wss://kas.gitlab.com, grpcs://kas.<domain>, or wss://<gitlab host>/-/kubernetes-agent/ for a self-managed instance.',
      },
    ];
  }
  const scheme = (m[1] ?? '').toLowerCase();
  const path = m[3] ?? '';
  const out: AddressProblem[] = [];
  if (scheme === 'grpc' || scheme === 'ws') {
    out.push({
      severity: 'error',
      message: `config.kasAddress uses ${scheme}://, a plaintext connection: the agent token and every proxied Kubernetes request travel unencrypted`,
      help: `Use ${scheme === 'ws' ? 'wss' : 'grpcs'}:// and enable TLS on KAS (set config.kasCaCert for a private CA).`,
    });
  } else if (scheme !== 'grpcs' && scheme !== 'wss') {
    out.push({
      severity: 'error',
      message: `config.kasAddress uses the unsupported scheme "${m[1] ?? ''}": agentk exits with "unsupported scheme in GitLab Kubernetes Agent Server address" (only grpcs, wss, grpc and ws work)`,
      help: 'Use wss://<host>/-/kubernetes-agent/ (Omnibus), wss://kas.<domain> or grpcs://kas.<domain>; the https:// k8s-proxy URL is for kubectl, not for agentk.',
    });
  }
  if ((scheme === 'ws' || scheme === 'wss') && path !== '' && path !== '/' && !path.endsWith('/')) {
    out.push({
      severity: 'warning',
      message: `config.kasAddress has the path "${path}" without a trailing slash: the server answers 301 and the WebSocket handshake fails ("expected handshake response status code 101 but got 301")`,
      help: `Add the trailing slash: ${m[1] ?? scheme}://${m[2] ?? ''}${path}/`,
    });
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'gitlab/insecure-kas-address',
    category: 'gitlab',
    description:
      'The gitlab-agent chart\'s KAS address or flags weaken or break the agent\'s connection: plaintext grpc:// or ws://, an unsupported scheme, a ws(s) path without its trailing slash, or --kas-insecure-skip-tls-verify in extraArgs.',
    defaultSeverity: 'error',
    recommended: true,
    remediation:
      'Use wss:// or grpcs:// with TLS verification (config.kasCaCert for a private CA), keep the trailing slash of a /-/kubernetes-agent/ path, and remove --kas-insecure-skip-tls-verify from extraArgs.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const chart of ctx.analysis.charts()) {
      if (chart.values.chart !== 'gitlab-agent') continue;
      const data = chart.values.data;
      const address = valueAt(data, ['config', 'kasAddress']).value;
      if (typeof address === 'string' && address !== '') {
        for (const p of kasAddressProblems(address)) {
          ctx.report({ at: valuesRef(chart.values, ['config', 'kasAddress']), target: 'value', message: p.message, severity: p.severity, help: p.help });
        }
      }
      const args = valueAt(data, ['extraArgs']).value;
      if (!Array.isArray(args)) continue;
      args.forEach((arg: unknown, i: number) => {
        if (typeof arg !== 'string') return;
        const m = SKIP_TLS_FLAG.exec(arg.trim());
        if (!m || flagOff(m[1])) return;
        ctx.report({
          at: valuesRef(chart.values, ['extraArgs', i]),
          target: 'value',
          message: `extraArgs passes ${arg.trim()} to agentk: it accepts any certificate from KAS, so whoever can intercept the connection gets the agent token and every proxied Kubernetes request`,
          help: 'Remove --kas-insecure-skip-tls-verify; for a private CA set config.kasCaCert, and pass --kas-tls-server-name in extraArgs when the certificate names another host.',
        });
      });
    }
  },
});
