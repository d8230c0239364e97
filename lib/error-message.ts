/**
 * What a log line says of an error: its message alone. A PostgreSQL error's other fields (`detail`:
 * "Failing row contains (…)") and a logged object's fields can carry the row's values, emails
 * among them; the messages name the failure, not the values.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
