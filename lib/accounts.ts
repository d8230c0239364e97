// Staff accounts: who may do what is decided from the role alone.

export const userRoles = ['admin', 'editor', 'contributor', 'moderator'] as const;
export type UserRole = (typeof userRoles)[number];

/** A signed-in member of staff, as the data layer found them in a live session. */
export type Staff = { id: number; email: string; name: string; role: UserRole };

/**
 * moderate: decide on readers' comments. administer: accounts and settings. write: drafts of one's
 * own, submitted for review. edit: any article, in any state. publish: publish, schedule, unpublish.
 */
export type Permission = 'moderate' | 'administer' | 'write' | 'edit' | 'publish';

const permissionsOf: Record<UserRole, readonly Permission[]> = {
  admin: ['moderate', 'administer', 'write', 'edit', 'publish'],
  editor: ['moderate', 'write', 'edit', 'publish'],
  contributor: ['write'],
  moderator: ['moderate'],
};

export const roleLabels: Record<UserRole, string> = {
  admin: 'Admin: everything, accounts and settings',
  editor: 'Editor: writes, edits and publishes any article; moderates comments',
  contributor: 'Contributor: writes drafts and submits them for review',
  moderator: 'Moderator: comments only',
};

export function can(role: UserRole, permission: Permission): boolean {
  return permissionsOf[role].includes(permission);
}

export class NotAllowedError extends Error {
  constructor(permission: Permission) {
    super(`This account may not ${permission}.`);
    this.name = 'NotAllowedError';
  }
}

/** The data layer's own check, whatever the caller checked before. */
export function assertAllowed(staff: Staff, permission: Permission): void {
  if (!can(staff.role, permission)) throw new NotAllowedError(permission);
}
