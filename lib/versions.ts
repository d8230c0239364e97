// Semantic versions, compared as npm does, and the lowest framework versions Margin accepts.

// Older lines carry published remote-code-execution and auth-bypass advisories.
export const advisoryFloors = { next: '16.4.0', react: '19.3.0', 'react-dom': '19.3.0' } as const;

type Version = { numbers: [number, number, number]; prerelease: string | null };

function parseVersion(value: string): Version {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a version`);
  return { numbers: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease: match[4] ?? null };
}

/** Negative when a < b. A prerelease sorts before its release (16.4.0-canary.1 < 16.4.0). */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < 3; i++) {
    const diff = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (x.prerelease === y.prerelease) return 0;
  if (x.prerelease === null) return 1;
  if (y.prerelease === null) return -1;
  return x.prerelease < y.prerelease ? -1 : 1;
}
