import { expect, test } from '@playwright/test';
import { moderatorState } from './support/accounts';
import { newReader, openQueue, publicArticle, publicComment, queueRow, seedHeldComment } from './support/queue';

test.use({ storageState: moderatorState });

test('a stale tab cannot approve a comment another tab already trashed', async ({ page, context, browser }) => {
  const reader = newReader('Stale');
  seedHeldComment(reader);
  const tabB = await context.newPage();
  await openQueue(page, reader.name);
  await openQueue(tabB, reader.name);

  await queueRow(page, reader.name).getByRole('button', { name: 'Trash', exact: true }).click();
  await expect(queueRow(page, reader.name)).toHaveCount(0);

  // Tab B still shows the row as pending.
  const staleRow = queueRow(tabB, reader.name);
  await staleRow.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(staleRow.getByRole('status')).toContainText('Already handled: another moderator changed this comment.');
  await tabB.reload();
  await expect(staleRow).toHaveCount(0);

  await openQueue(page, reader.name, 'trash');
  await expect(queueRow(page, reader.name)).toBeVisible();
  await openQueue(page, reader.name, 'approved');
  await expect(queueRow(page, reader.name)).toHaveCount(0);
  const stranger = await publicArticle(browser);
  await expect(publicComment(stranger.page, reader.name)).toHaveCount(0);
  await stranger.close();
});
