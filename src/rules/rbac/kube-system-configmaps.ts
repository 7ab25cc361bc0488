import { riskRule } from './risk-rule.js';
import { probes, probesNamed } from './probe-sets.js';

/** ConfigMaps whose content decides who is admin or where traffic goes. `create` cannot be limited by name. */
const CRITICAL_CONFIGMAPS = ['aws-auth', 'coredns', 'kube-proxy', 'kubeadm-config'];

export default riskRule(
  {
    id: 'rbac/kube-system-configmaps',
    category: 'rbac',
    description: 'A subject can create, change or delete ConfigMaps in kube-system (aws-auth, coredns, kube-proxy, kubeadm-config).',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Keep ConfigMap writes in kube-system to cluster administrators; on EKS, manage access with access entries instead of the aws-auth ConfigMap.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV049' },
      { tool: 'trivy', id: 'KSV115' },
      { tool: 'rbac-police', id: 'eks_modify_aws_auth' },
      { tool: 'kubescape', id: 'C-0037' },
    ],
  },
  {
    requires: [[...probes(['create'], '', ['configmaps']), ...probesNamed(['update', 'patch', 'delete'], '', ['configmaps'], CRITICAL_CONFIGMAPS)]],
    what: 'write ConfigMaps of kube-system (aws-auth maps cloud identities to system:masters; coredns steers name resolution)',
    severity: { cluster: 'error', namespace: 'escalation' },
    onlyNamespaces: ['kube-system'],
  },
);
