import type { Workspace } from '../model/workspace.js';
import { scalarAt, isYaml11Ambiguous } from '../load/scalar-at.js';
import type { SourceRef } from '../model/path.js';
import { schemaIssues, type LocatedSchemaIssue } from './schema-targets.js';

/**
 * Derived views of a workspace that several rules and commands share, each computed
 * once on first use (a command that never asks for RBAC never builds the index).
 */
export class Analysis {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly workspace: Workspace) {}

  /** Schema validation of agent configs, chart values and RBAC objects (validated once). */
  schemaIssues(): readonly LocatedSchemaIssue[] {
    return this.memo('schemaIssues', () => schemaIssues(this.workspace));
  }

  /** A plain scalar that YAML 1.1 reads as a boolean or number (`no`, `on`, `0755`). */
  isYaml11Ambiguous(ref: SourceRef): boolean {
    const doc = this.workspace.file(ref.file)?.docs[ref.docIndex];
    return doc ? isYaml11Ambiguous(scalarAt(doc.node, ref.path)) : false;
  }

  /** How a scalar was written in the source (for messages that quote it). */
  scalarSource(ref: SourceRef): string | undefined {
    const doc = this.workspace.file(ref.file)?.docs[ref.docIndex];
    return doc ? scalarAt(doc.node, ref.path)?.source : undefined;
  }

  /** Memoise a derived value under a key. */
  protected memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }
}
