import { expect, test } from '@playwright/test';
import { failCommentWritesFrom, seedArticle } from './support/db';
import { commentsByEmail } from './support/abuse';
import { errorSummary, expectHeld, unique, watchServerErrors } from './support/helpers';

// A write the database refuses (a full disk, a lock held too long, an I/O error): the reader is told
// plainly next to the form, keeps every word, and the article stays on the page; once the database
// takes writes again, pressing Post Comment once more stores the comment once.

const couldNotSave = 'Your comment could not be saved just now. Please try again in a moment: your text is still here.';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a comment the database refuses keeps its text next to a plain message; the next try stores it once', async ({ page }) => {
      const failures = watchServerErrors(page);
      const article = seedArticle({ label: 'write-failure' });
      const email = `${unique('fail-write')}@example.com`;
      const text = `${unique('Words that must survive')}\nwith a second line`;
      const name = unique('Unlucky Reader');
      const restore = failCommentWritesFrom(email);
      try {
        await page.goto(article.path);
        await page.getByLabel('Comment *').fill(text);
        await page.getByLabel('Name *').fill(name);
        await page.getByLabel('Email *').fill(email);
        await page.getByRole('button', { name: 'Post Comment' }).click();

        await expect(errorSummary(page)).toContainText(couldNotSave);
        await expect(page.getByRole('heading', { level: 1, name: article.headline })).toBeVisible();
        await expect(page.getByLabel('Comment *')).toHaveValue(text);
        await expect(page.getByLabel('Name *')).toHaveValue(name);
        await expect(page.getByLabel('Email *')).toHaveValue(email);
        expect(commentsByEmail(email)).toEqual([]);
      } finally {
        restore();
      }

      await page.getByRole('button', { name: 'Post Comment' }).click();
      await expectHeld(page, text.split('\n')[0]!);
      expect(commentsByEmail(email)).toHaveLength(1);
      expect(failures).toEqual([]);
    });
  });
}
