import { describe, expect, it } from 'vitest';
import checkedIn from './emojiData.ts?raw';

// The generator is a plain Node script outside src/; imported by URL so TypeScript leaves it alone.
const GENERATOR = new URL('../../scripts/gen-emoji.mjs', import.meta.url).href;

describe('emojiData.ts', () => {
  it('is what scripts/gen-emoji.mjs makes from the installed emoji-datasource', async () => {
    const gen = (await import(/* @vite-ignore */ GENERATOR)) as { generateFromPackage: () => string };
    const fresh = gen.generateFromPackage().split('\n');
    const old = checkedIn.split('\n');
    const at = fresh.findIndex((line, i) => line !== old[i]);
    const same = at < 0 && fresh.length === old.length;
    const firstDifference = same ? null : { line: at + 1, expected: fresh[at], found: old[at] };
    // Stale: run `node scripts/gen-emoji.mjs` in webapp/ and check in src/lib/emojiData.ts.
    expect(firstDifference, 'src/lib/emojiData.ts is stale: run `node scripts/gen-emoji.mjs`').toBeNull();
  });
});
