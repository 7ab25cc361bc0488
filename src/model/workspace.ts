import type { ParsedDocument } from '../load/parse-yaml.js';
import type { SourceFile } from '../load/source-file.js';
import type { JsonPath } from './path.js';
import type { K8sObject } from './k8s.js';
import type { ChartName, ProjectConfig } from './project-config.js';

export type FileRole =
  | 'manifest'
  | 'agent-config'
  | 'helm-values'
  | 'gitlab-ci'
  | 'project-config'
  | 'chart-metadata'
  | 'helm-template'
  /** Unresolved merge-conflict markers: reported once, not parsed. */
  | 'conflicted'
  | 'other';

export interface InputFile {
  readonly source: SourceFile;
  readonly docs: readonly ParsedDocument[];
  readonly role: FileRole;
}

export interface AgentConfigInput {
  readonly file: InputFile;
  readonly docIndex: number;
  readonly agentName: string;
  /** Plain data of the config (null for an empty file, which KAS treats as {}). */
  readonly data: unknown;
}

export interface ReleaseInfo {
  readonly name: string;
  readonly namespace: string;
  /** Where the release name/namespace came from, shown in findings that depend on them. */
  readonly from: 'cli' | 'project-config' | 'manifest' | 'default';
}

export interface ValuesInput {
  readonly file: InputFile;
  readonly docIndex: number;
  readonly chart: ChartName;
  /** Where the chart's values start in the document ([] or [<dependency alias>]). */
  readonly basePath: JsonPath;
  readonly data: unknown;
  readonly release: ReleaseInfo;
  /** How the file was recognised. */
  readonly recognisedBy: 'cli' | 'project-config' | 'chart-yaml' | 'key-shape' | 'flux-helmrelease';
  /** Release name/namespace stated by the manifest itself (Flux HelmRelease). */
  readonly releaseHint?: { readonly name: string; readonly namespace: string };
  /** Agent (by name) this values file installs, when known. */
  readonly agentName?: string;
}

export type ReadProblemKind = 'unreadable' | 'too-large' | 'binary' | 'invalid-utf8' | 'missing';

export interface ReadProblem {
  readonly path: string;
  readonly kind: ReadProblemKind;
  readonly message: string;
}

export interface Workspace {
  readonly files: readonly InputFile[];
  readonly problems: readonly ReadProblem[];
  /** Kubernetes objects parsed from manifests (List items flattened). */
  readonly objects: readonly K8sObject[];
  readonly agentConfigs: readonly AgentConfigInput[];
  readonly values: readonly ValuesInput[];
  readonly ciFiles: readonly InputFile[];
  readonly templates: readonly InputFile[];
  readonly projectConfig: ProjectConfig;
  readonly kubernetesVersion: string;
  file(path: string): InputFile | undefined;
}
