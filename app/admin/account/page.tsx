import type { Metadata } from 'next';
import { getHeldMailChoice } from '@/db/queries/held-mail';
import { requireModerator } from '@/app/_lib/session';
import { heldMailChoices, heldMailLabels } from '@/lib/held-mail';
import { saveHeldMailChoice } from './actions';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage({ searchParams }: PageProps<'/admin/account'>) {
  const staff = await requireModerator('/admin/account');
  const choice = await getHeldMailChoice(staff);
  const { saved, error } = await searchParams;
  return (
    <div className="settings">
      <h1>Your account</h1>
      <p>
        Signed in as {staff.name} ({staff.email}).
      </p>
      <form action={saveHeldMailChoice}>
        <fieldset aria-describedby={error ? 'held-mail-error' : undefined}>
          <legend>Email me about held comments</legend>
          {heldMailChoices.map((value) => (
            <div key={value} className="field">
              <input type="radio" id={`held-mail-${value}`} name="heldMail" value={value} defaultChecked={value === choice} required />{' '}
              <label htmlFor={`held-mail-${value}`}>{heldMailLabels[value]}</label>
            </div>
          ))}
          {error && (
            <p id="held-mail-error" className="field-error">
              Choose one of the three.
            </p>
          )}
        </fieldset>
        <p>Each email lists the held comments with links that open a page where one press approves or marks spam; a link works for 72 hours, once.</p>
        <button type="submit">Save</button>
        {saved === '1' && (
          <p role="status" className="notice">
            Saved.
          </p>
        )}
      </form>
    </div>
  );
}
