import { tieredRiskRule } from './risk-tiers.js';
import { probes, probesNamed } from './probe-sets.js';

const CERTS_API = 'certificates.k8s.io';

/**
 * The approve and sign checks name the signer (resource signers, name = signerName) and
 * also try "<domain>/*", so a rule limited to kubernetes.io/kube-apiserver-client (the
 * signer that issues client certificates for any user and group, O=system:masters
 * included) is as dangerous as an unlimited one.
 */
const CLIENT_SIGNERS = ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/*'];

export default tieredRiskRule(
  {
    id: 'rbac/csr-approve',
    category: 'rbac',
    description: 'A subject can approve (or sign) CertificateSigningRequests for the API client signer, and so obtain a certificate as any user or group.',
    defaultSeverity: 'critical',
    recommended: true,
    remediation: 'Leave CSR approval to the controllers that need it, limit approve and sign to named signers that cannot issue API client certificates, and review who holds certificatesigningrequests/approval.',
    since: '0.1.0',
    sources: [
      { tool: 'checkov', id: 'CKV_K8S_156' },
      { tool: 'kubescape', id: 'C-0280' },
      { tool: 'rbac-police', id: 'approve_csrs' },
    ],
  },
  [
    {
      requires: [probes(['update', 'patch'], CERTS_API, ['certificatesigningrequests/approval']), probesNamed(['approve'], CERTS_API, ['signers'], CLIENT_SIGNERS)],
      what: 'approve client certificates for any identity, system:masters included (a credential that cannot be revoked)',
      severity: { cluster: 'critical', namespace: 'critical' },
      clusterScoped: true,
    },
    {
      requires: [probesNamed(['sign'], CERTS_API, ['signers'], CLIENT_SIGNERS), probes(['update', 'patch'], CERTS_API, ['certificatesigningrequests/status'])],
      what: 'issue certificates as the API client signer (sign plus writing certificatesigningrequests/status)',
      severity: { cluster: 'critical', namespace: 'critical' },
      clusterScoped: true,
    },
  ],
);
