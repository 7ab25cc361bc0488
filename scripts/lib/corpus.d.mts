// Types of corpus.mjs for the TypeScript tests.

export interface Rng {
  readonly seed: string;
  next(): number;
  int(n: number): number;
  range(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(arr: readonly T[]): T;
  sample<T>(arr: readonly T[], k: number): T[];
  fork(label: string): Rng;
}

export function createRng(seed: string | number): Rng;
export function toYaml(value: unknown): string;
export function toYamlStream(values: readonly unknown[]): string;

export interface CorpusOptions {
  objects?: number;
  seed?: string;
  variant?: 'base' | 'head';
  changeRate?: number;
}

export interface CorpusDoc {
  readonly kind: string;
  readonly scope: 'ns' | 'cluster' | 'crd';
  readonly ns?: string;
  readonly cluster?: string;
  readonly deleted?: boolean;
  readonly obj: { metadata: { name: string; namespace?: string }; [key: string]: unknown };
}

export interface Corpus {
  readonly seed: string;
  readonly objects: number;
  readonly variant: 'base' | 'head';
  readonly counts: Record<string, number>;
  readonly world: {
    readonly namespaces: readonly { name: string; team: string; env: string; cluster: string }[];
    readonly users: readonly string[];
    readonly groups: readonly string[];
    readonly serviceAccounts: readonly { name: string; namespace: string }[];
    readonly crdGroups: readonly { group: string; plural: string; kind: string; scope: string }[];
  };
  readonly docs: readonly CorpusDoc[];
  readonly fixed: Record<string, string>;
  readonly changes: readonly { change: string; kind: string; name: string }[];
}

export function kindCounts(objects: number): { total: number; counts: Record<string, number> };
export function generateCorpus(options?: CorpusOptions): Corpus;
export function corpusFiles(corpus: Corpus): Map<string, string>;
export function writeFiles(dir: string, files: Map<string, string | Buffer> | Record<string, string | Buffer>): { files: number; bytes: number };
export function writeCorpus(dir: string, options?: CorpusOptions): { corpus: Corpus; files: number; bytes: number };
export function generateQueries(corpus: Corpus, count: number, seed?: string): string[];
export function busyServiceAccount(corpus: Corpus): { namespace: string; name: string; user: string; bindings: number };
