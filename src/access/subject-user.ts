import { completeImpersonatedUser, serviceAccountUser } from '../rbac/identity.js';
import type { UserInfo } from '../rbac/types.js';
import type { BoundSubject } from './grants.js';

/** The identity a binding subject stands for, as the authorizer would see a member of it. */
export function userFor(s: BoundSubject): UserInfo {
  if (s.kind === 'ServiceAccount') return serviceAccountUser(s.namespace, s.name);
  if (s.kind === 'User') return completeImpersonatedUser(s.name, []);
  // A member of the group: a name no binding names, and the groups a member would carry.
  return completeImpersonatedUser(`kaslint:member-of:${s.name}`, [s.name]);
}
