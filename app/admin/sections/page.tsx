import type { Metadata } from 'next';
import { listSections } from '@/db/queries/newsroom';
import { requireStaff } from '@/app/_lib/session';
import { SectionForm } from '@/app/admin/_components/section-form';

export const metadata: Metadata = { title: 'Sections' };

export default async function SectionsPage() {
  const staff = await requireStaff('edit', '/admin/sections');
  const sections = await listSections(staff);
  return (
    <div className="sections">
      <h1>Sections</h1>
      {sections.length === 0 ? (
        <p>No sections yet.</p>
      ) : (
        <ul>
          {sections.map((section) => (
            <li key={section.id}>
              <strong>{section.name}</strong> <span className="quiet">/{section.slug}</span>
              {section.description && <> · {section.description}</>}
            </li>
          ))}
        </ul>
      )}
      <h2>Add a section</h2>
      <SectionForm />
    </div>
  );
}
