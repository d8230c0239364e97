'use client';

import { useEffect } from 'react';
import { useHydrated } from '@/components/use-hydrated';
import { moderationKeys } from '@/lib/moderation';

const shortcuts: Record<string, string> = moderationKeys;

/**
 * j/k move between comments; the keys of lib/moderation.ts act on the one in focus by pressing its
 * button, so a key does nothing where the row does not offer that step. The hint appears only after
 * hydration, when the keys are listened to, so it never promises keys that do nothing yet.
 */
export function QueueKeyboard() {
  const hydrated = useHydrated();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
      const rows = [...document.querySelectorAll<HTMLElement>('[data-queue-row]')];
      const current = target.closest<HTMLElement>('[data-queue-row]');
      const index = current ? rows.indexOf(current) : -1;
      if (event.key === 'j' || event.key === 'k') {
        const next = rows[event.key === 'j' ? Math.min(rows.length - 1, index + 1) : Math.max(0, index - 1)];
        next?.focus();
        next?.scrollIntoView({ block: 'nearest' });
        event.preventDefault();
        return;
      }
      const intent = shortcuts[event.key];
      if (!intent || !current) return;
      current.querySelector<HTMLButtonElement>(`button[data-intent="${intent}"]`)?.click();
      event.preventDefault();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  if (!hydrated) return null;
  return (
    <p className="queue-keys" aria-label="Keyboard shortcuts">
      Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous
      {Object.entries(shortcuts).map(([key, intent]) => (
        <span key={key}>
          , <kbd>{key}</kbd> {intent}
        </span>
      ))}
    </p>
  );
}
