import type { ListingKind } from './paths';

// What sections, tags and authors are called on their pages, in their feeds and in page heads.

export const siteName = 'Margin';

const kindLabels: Record<ListingKind, { kind: string; title: (name: string) => string; description: (name: string) => string }> = {
  sections: { kind: 'Section', title: (name) => name, description: (name) => `The latest ${name} stories on ${siteName}.` },
  tags: { kind: 'Tag', title: (name) => `Stories tagged ${name}`, description: (name) => `${siteName} stories tagged ${name}.` },
  authors: { kind: 'Author', title: (name) => name, description: (name) => `Stories by ${name} on ${siteName}.` },
};

export function listingKindName(kind: ListingKind): string {
  return kindLabels[kind].kind;
}

export function listingTitle(kind: ListingKind, name: string): string {
  return kindLabels[kind].title(name);
}

/** The listing's own description (a section's), else one made from its name. */
export function listingDescription(kind: ListingKind, name: string, description: string | null): string {
  return description || kindLabels[kind].description(name);
}
