// `.slugignore`, as Heroku reads it: one pattern per line, `#` comments, gitignore-style globs
// (`*`, `?`, `**`, a leading `/` anchors to the app's root, a trailing `/` matches folders only).
// Heroku has no negation (`!`), so neither do we.

export type PathFilter = (rel: string, isDir: boolean) => boolean;

export function parseSlugignore(text: string): PathFilter {
  const rules = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map(compile);
  if (rules.length === 0) return () => false;
  return (rel, isDir) => {
    // Matched with '/' separators whatever the platform; a folder ends in '/' so that `tmp/` matches it.
    const path = rel.split('\\').join('/') + (isDir ? '/' : '');
    return rules.some((re) => re.test(path));
  };
}

function compile(pattern: string): RegExp {
  const dirOnly = pattern.endsWith('/');
  let body = dirOnly ? pattern.slice(0, -1) : pattern;
  // A slash at the start or in the middle anchors the pattern to the root, as in .gitignore.
  const anchored = body.includes('/');
  body = body.replace(/^\//, '');
  let re = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '*' && body[i + 1] === '*') {
      // `**/` spans any number of folders (none included); a trailing `**` everything below.
      if (body[i + 2] === '/') { re += '(?:.*/)?'; i += 2; } else { re += '.*'; i += 1; }
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  // A match covers what lies below it; a folder-only pattern needs the folder's own '/'.
  return new RegExp(`${prefix}${re}${dirOnly ? '/' : '(?:/|$)'}`);
}
