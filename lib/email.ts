/**
 * One reader, one address: "Ann@Example.com " and "ann@example.com" are the same person to us.
 * Every stored, compared or hashed email goes through this.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
