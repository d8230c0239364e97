// Initials on a colour drawn from the keyed hash: no request leaves the page, the colour says
// nothing of the email, and the markup stays small on a page of hundreds of comments.
export function Avatar({ avatarKey, name }: { avatarKey: string; name: string }) {
  const hue = parseInt(avatarKey.slice(0, 4), 16) % 360;
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('');
  return (
    <span className="avatar" aria-hidden="true" style={{ backgroundColor: `hsl(${hue} 45% 30%)` }}>
      {initials || '?'}
    </span>
  );
}
