import type { Metadata } from 'next';
import { requireModerator } from '@/app/_lib/session';
import { SurgeList } from '@/app/admin/_components/surge-panel';
import { SurgeForm } from '@/app/admin/_components/surge-form';
import { getSiteSettings } from '@/db/queries/settings';
import { listSurgeArticleChoices, listSurges } from '@/db/queries/surges';

export const metadata: Metadata = { title: 'Surge' };

export default async function SurgePage() {
  const staff = await requireModerator('/admin/surge');
  const [surges, articles, { timeZone }] = await Promise.all([listSurges(staff, { recent: 30 }), listSurgeArticleChoices(staff), getSiteSettings()]);
  const inForce = surges.filter((surge) => surge.active);
  const recent = surges.filter((surge) => !surge.active);
  return (
    <div className="moderators surge">
      <h1>Surge</h1>
      <p>
        When a story draws a crowd: hold every comment for review, close comments at a time, or slow posting down, on one
        article or the whole site. Each ends by itself at its time (shown in {timeZone}); readers of the article see a notice
        until then.
      </p>
      <h2>In force</h2>
      <SurgeList surges={inForce} timeZone={timeZone} caption="Surges in force" />
      <h2>Start a surge</h2>
      <SurgeForm articles={articles} />
      <h2>Recent</h2>
      <SurgeList surges={recent} timeZone={timeZone} caption="Recent surges" />
    </div>
  );
}
