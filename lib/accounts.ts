// Staff accounts: who may do what is decided from the role alone.

export const userRoles = ['admin', 'moderator'] as const;
export type UserRole = (typeof userRoles)[number];

/** A signed-in member of staff, as the data layer found them in a live session. */
export type Staff = { id: number; email: string; name: string; role: UserRole };

export type Permission = 'moderate' | 'administer';

const permissionsOf: Record<UserRole, readonly Permission[]> = {
  admin: ['moderate', 'administer'],
  moderator: ['moderate'],
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
