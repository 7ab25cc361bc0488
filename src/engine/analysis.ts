import type { Workspace } from '../model/workspace.js';

/**
 * Derived views of a workspace that several rules and commands share, each computed
 * once on first use (a command that never asks for RBAC never builds the index).
 */
export class Analysis {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly workspace: Workspace) {}

  /** Memoise a derived value under a key. */
  protected memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }
}
