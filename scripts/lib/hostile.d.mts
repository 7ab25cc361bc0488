// Types of hostile.mjs for the TypeScript tests.
import type { Rng } from './corpus.mjs';

export const AGENT_TOKEN: string;
export const RUNNER_TOKEN: string;
export const SECRETS: readonly string[];
export const KNOWN_SECRET_LEAK_FORMATS: readonly string[];
export function secretFiles(): Record<string, string>;

export const CANARY_DIR: string;
export const CANARY_FILES: Record<string, string>;
export const CANARY_FINDING: string;

export function hostileFiles(): Record<string, string | Buffer>;

export type Mutator = (bytes: Buffer, rng: Rng) => Buffer;
export const MUTATORS: Readonly<Record<string, Mutator>>;
export const MUTATOR_NAMES: readonly string[];
export function mutate(bytes: Buffer | string, rng: Rng, maxOps?: number): { bytes: Buffer; ops: string[] };

export function hostileBatchLine(rng: Rng): string;
export function hostileBatchLines(rng: Rng, n: number): string[];

export interface RunRecord {
  readonly code: number | string;
  readonly out: string;
  readonly err: string;
}
export function checkRunInvariants(run: RunRecord): string[];
export function leakedSecrets(texts: readonly string[], secrets?: readonly string[]): string[];
export function snapshotPrototypes(): () => string[];
export { toYaml } from './corpus.mjs';
