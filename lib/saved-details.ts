// "Save my name, email, and website": a first-party cookie the browser keeps for its own reader.
// It is readable by the page's script so the cached page can fill the form; it is never rendered.

export const savedDetailsCookie = 'margin_details';

export type SavedDetails = { name: string; email: string; website: string };

/** A year, renewed by each comment that asks to save them. */
export const savedDetailsMaxAge = 365 * 86_400;

export function encodeSavedDetails(details: SavedDetails): string {
  return JSON.stringify(details); // cookies().set() percent-encodes the value itself
}

export function readSavedDetails(cookieHeader: string): Partial<SavedDetails> | null {
  const entry = cookieHeader.split(/;\s*/).find((part) => part.startsWith(`${savedDetailsCookie}=`));
  if (!entry) return null;
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(entry.slice(savedDetailsCookie.length + 1)));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { name, email, website } = parsed as Record<string, unknown>;
    return {
      name: typeof name === 'string' ? name : '',
      email: typeof email === 'string' ? email : '',
      website: typeof website === 'string' ? website : '',
    };
  } catch {
    return null;
  }
}
