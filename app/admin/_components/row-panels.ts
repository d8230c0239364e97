// The panels a queue row opens in place: read by the row (a client component) and by the queue
// page, which opens one when asked without JavaScript. A 'use client' module could not share them.
export const rowPanels = ['edit', 'reply', 'ban'] as const;
export type RowPanel = (typeof rowPanels)[number];
