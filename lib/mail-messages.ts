import { siteName } from './listings';

// What each email says, in plain text and HTML, from values the data layer gives. Every message
// names the site and ends with the link that manages (and stops) that address's email.

export type MailContent = { subject: string; text: string; html: string };

export type MailLinks = {
  /** The page where this address sees and stops its notifications (also its List-Unsubscribe). */
  manageUrl: string;
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function paragraphsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function quoted(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function compose(subject: string, parts: { text: string[]; html: string[] }, links: MailLinks, why: string): MailContent {
  const footerText = `${why}\nManage or stop these emails: ${links.manageUrl}\n\n${siteName}`;
  const footerHtml = `<p style="color:#555;font-size:0.9em">${escapeHtml(why)}<br><a href="${escapeHtml(links.manageUrl)}">Manage or stop these emails</a></p>\n<p>${escapeHtml(siteName)}</p>`;
  return {
    subject,
    text: `${parts.text.join('\n\n')}\n\n-- \n${footerText}\n`,
    html: `<!doctype html>\n<html><body style="font-family:sans-serif;line-height:1.5">\n${parts.html.join('\n')}\n<hr>\n${footerHtml}\n</body></html>\n`,
  };
}

function button(url: string, label: string): string {
  return `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a></p>`;
}

export function confirmationMessage(input: { confirmUrl: string; links: MailLinks }): MailContent {
  const intro = `Someone, we hope you, asked ${siteName} to email this address when someone replies to their comment.`;
  const ask = 'To confirm, open this link (it works for 48 hours):';
  const otherwise = 'If it was not you, ignore this email: nothing more will be sent to you.';
  return compose(
    `Confirm your email for reply notifications on ${siteName}`,
    {
      text: [intro, `${ask}\n${input.confirmUrl}`, otherwise],
      html: [`<p>${escapeHtml(intro)}</p>`, `<p>${escapeHtml(ask)}</p>`, button(input.confirmUrl, 'Confirm my email address'), `<p>${escapeHtml(otherwise)}</p>`],
    },
    input.links,
    `You receive this because this address was entered in a comment form on ${siteName}.`,
  );
}

export function replyMessage(input: {
  replyAuthor: string;
  replyText: string;
  headline: string;
  permalink: string;
  links: MailLinks;
}): MailContent {
  const intro = `${input.replyAuthor} replied to your comment on "${input.headline}":`;
  return compose(
    `${input.replyAuthor} replied to your comment on ${siteName}`,
    {
      text: [intro, quoted(input.replyText), `Read it in its thread: ${input.permalink}`],
      html: [
        `<p>${escapeHtml(intro)}</p>`,
        `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${paragraphsHtml(input.replyText)}</blockquote>`,
        button(input.permalink, 'Read it in its thread'),
      ],
    },
    input.links,
    `You receive this because you asked to hear of replies to your comment on ${siteName}.`,
  );
}

export function publishedMessage(input: { headline: string; commentText: string; permalink: string; links: MailLinks }): MailContent {
  const intro = `Your comment on "${input.headline}" was approved and is now published:`;
  return compose(
    `Your comment is published on ${siteName}`,
    {
      text: [intro, quoted(input.commentText), `See it on the page: ${input.permalink}`],
      html: [
        `<p>${escapeHtml(intro)}</p>`,
        `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${paragraphsHtml(input.commentText)}</blockquote>`,
        button(input.permalink, 'See it on the page'),
      ],
    },
    input.links,
    `You receive this because you asked ${siteName} to email you about your comment.`,
  );
}

/** One notification gathered into a digest: approved text only, with its permalink. */
export type DigestEntry = { kind: 'reply' | 'published'; authorName: string; text: string; headline: string; permalink: string };

export function digestMessage(input: { entries: DigestEntry[]; more?: number; links: MailLinks }): MailContent {
  const intro = `${input.entries.length + (input.more ?? 0)} more notifications from ${siteName} this hour, gathered in one email:`;
  const rest = input.more ? [`…and ${input.more} more, not shown here.`] : [];
  const title = (entry: DigestEntry) =>
    entry.kind === 'reply' ? `${entry.authorName} replied to your comment on "${entry.headline}":` : `Your comment on "${entry.headline}" is published:`;
  return compose(
    `${input.entries.length} more notifications from ${siteName}`,
    {
      text: [intro, ...input.entries.map((entry) => `${title(entry)}\n${quoted(entry.text)}\n${entry.permalink}`), ...rest],
      html: [
        `<p>${escapeHtml(intro)}</p>`,
        ...input.entries.map(
          (entry) =>
            `<h3>${escapeHtml(title(entry))}</h3>\n<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${paragraphsHtml(entry.text)}</blockquote>\n${button(entry.permalink, 'Read it in its thread')}`,
        ),
        ...rest.map((line) => `<p>${escapeHtml(line)}</p>`),
      ],
    },
    input.links,
    `You receive this because you asked to hear of replies to your comment on ${siteName}; past 5 an hour they come together.`,
  );
}

/** A held comment as a moderator's email shows it, with its one-press links (to /admin/confirm). */
export type HeldCommentEntry = {
  headline: string;
  authorName: string;
  /** Staff only: these messages go to moderators' own addresses. */
  authorEmail: string;
  text: string;
  approveUrl: string;
  spamUrl: string;
};

export function heldCommentsMessage(input: { entries: HeldCommentEntry[]; more?: number; queueUrl: string; links: MailLinks }): MailContent {
  const total = input.entries.length + (input.more ?? 0);
  const one = total === 1;
  const intro = one ? 'A comment is waiting for moderation:' : `${total} comments are waiting for moderation:`;
  const rest = input.more ? [`…and ${input.more} more in the queue.`] : [];
  const about = (entry: HeldCommentEntry) => `${entry.authorName} <${entry.authorEmail}> on "${entry.headline}":`;
  return compose(
    one ? `A comment is waiting for moderation on ${siteName}` : `${total} comments are waiting for moderation on ${siteName}`,
    {
      text: [
        intro,
        ...input.entries.map((entry) => `${about(entry)}\n${quoted(entry.text)}\nApprove: ${entry.approveUrl}\nSpam: ${entry.spamUrl}`),
        ...rest,
        `Each link opens a page with one button; it works for 72 hours, once. The queue: ${input.queueUrl}`,
      ],
      html: [
        `<p>${escapeHtml(intro)}</p>`,
        ...input.entries.map(
          (entry) =>
            `<h3>${escapeHtml(about(entry))}</h3>\n<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${paragraphsHtml(entry.text)}</blockquote>\n<p><a href="${escapeHtml(entry.approveUrl)}">Approve</a> · <a href="${escapeHtml(entry.spamUrl)}">Spam</a></p>`,
        ),
        ...rest.map((line) => `<p>${escapeHtml(line)}</p>`),
        `<p>Each link opens a page with one button; it works for 72 hours, once.</p>`,
        button(input.queueUrl, 'Open the queue'),
      ],
    },
    input.links,
    `You receive this because your account on ${siteName} asked for email about held comments.`,
  );
}

export function readerDataLinkMessage(input: { dataUrl: string; links: MailLinks }): MailContent {
  const intro = `Someone, we hope you, asked ${siteName} for the comments written with this email address.`;
  const ask = 'Open this link to see them, download them, anonymise or delete them (it works for 24 hours):';
  const otherwise = 'If it was not you, ignore this email: nothing changes, and no one else can open the link.';
  return compose(
    `Your comments on ${siteName}`,
    {
      text: [intro, `${ask}\n${input.dataUrl}`, otherwise],
      html: [`<p>${escapeHtml(intro)}</p>`, `<p>${escapeHtml(ask)}</p>`, button(input.dataUrl, 'See my comments'), `<p>${escapeHtml(otherwise)}</p>`],
    },
    input.links,
    `You receive this because this address was entered at ${siteName}'s “Your comments and data” page.`,
  );
}
