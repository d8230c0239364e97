// Moderators' email about held comments: each account's choice, and the one rule of what it means.

export const heldMailChoices = ['off', 'immediately', 'hourly'] as const;
export type HeldMailChoice = (typeof heldMailChoices)[number];

export const heldMailLabels: Record<HeldMailChoice, string> = {
  off: 'Off: no email about held comments',
  immediately: 'Immediately: one email per held comment (past 5 an hour, the rest in one email at the end of the hour)',
  hourly: 'Hourly digest: one email at the end of each hour that held comments',
};

/** The steps a moderation link may offer: one press on /admin/confirm. */
export const linkIntents = ['approve', 'spam'] as const;
export type LinkIntent = (typeof linkIntents)[number];
