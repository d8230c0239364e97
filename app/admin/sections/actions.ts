'use server';

import { revalidatePath } from 'next/cache';
import { createSection } from '@/db/queries/newsroom';
import { requireStaff } from '@/app/_lib/session';
import { revalidateSiteNavigation } from '@/app/_lib/revalidate';
import { SectionInput, type SectionFormState } from '@/lib/article-schemas';
import { fieldErrorsOf } from '@/lib/schemas';

export async function addSection(_previous: SectionFormState, formData: FormData): Promise<SectionFormState> {
  const staff = await requireStaff('edit', '/admin/sections');
  const values = { name: String(formData.get('name') ?? ''), description: String(formData.get('description') ?? '') };
  const parsed = SectionInput.safeParse(values);
  if (!parsed.success) return { status: 'error', message: 'Please correct the fields marked below.', fieldErrors: fieldErrorsOf(parsed.error), values };
  const result = await createSection(staff, parsed.data);
  if (!result.ok) return { status: 'error', message: 'Please correct the fields marked below.', fieldErrors: result.fieldErrors, values };
  // Every page's header names the sections.
  await revalidateSiteNavigation();
  revalidatePath('/admin/sections');
  return { status: 'done', message: `Added the section ${parsed.data.name}.` };
}
