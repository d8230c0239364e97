import type { MailLinkCheck } from '@/lib/mail-links';

/** A link from an email that is not ours, is cut short, or has expired: said plainly, nothing changed. */
export function BrokenLink({ reason, expired, otherwise }: { reason: Extract<MailLinkCheck, { ok: false }>['reason'] | undefined; expired: string; otherwise: string }) {
  return (
    <div className="login">
      <h1>This link does not work</h1>
      <p>{reason === 'expired' ? expired : otherwise}</p>
    </div>
  );
}
