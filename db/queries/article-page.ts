import 'server-only';
import type { ArticleBlock } from '@/lib/article-body';
import type { ImageDto } from '@/lib/images';
import type { ArticleSharing } from './article-sharing';
import { getImages } from './images';
import { listStoriesIn, type StoryByline, type StorySection, type StoryTeaser } from './stories';

// What a public article page shows around the text: its section, linked bylines, lead image, the
// images in its body, and related stories (the newest others of its section). Public facts only.

export type ArticleSurroundings = {
  section: StorySection | null;
  bylines: StoryByline[];
  leadImage: ArticleSharing['image'];
  bodyImages: Record<number, ImageDto>;
  related: StoryTeaser[];
};

export const relatedStoryCount = 4;

/** `sharing`: the article's public facts (getArticleSharing), which the page has read already for its head. */
export async function getArticleSurroundings(
  article: { slug: string; blocks: readonly ArticleBlock[] },
  sharing: ArticleSharing | null,
): Promise<ArticleSurroundings> {
  const imageIds = article.blocks.flatMap((block) => (block.type === 'image' ? [block.imageId] : []));
  const bodyImages = Object.fromEntries(await getImages(imageIds));
  const section = sharing?.section ?? null;
  const related = section
    ? (await listStoriesIn('sections', section.slug, { limit: relatedStoryCount + 1 }))
        .filter((story) => story.slug !== article.slug)
        .slice(0, relatedStoryCount)
    : [];
  return { section, bylines: sharing?.bylines ?? [], leadImage: sharing?.image ?? null, bodyImages, related };
}
