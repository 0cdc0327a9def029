/**
 * The documentation is a set of READMEs, one beside each part of the code, linked to one
 * another. These tests keep every relative link working: the file it names exists and an
 * anchor into a markdown file names one of its headings, slugged as GitHub slugs them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Installed, built or generated folders; results/ is run output apart from its README.
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', 'test-artifacts', '.vitest-tmp', join('wasm', 'build')]);

function markdownFiles(dir = ROOT): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(ROOT, path);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name) || SKIPPED_DIRS.has(rel)) continue;
      if (rel === 'results') {
        if (existsSync(join(path, 'README.md'))) found.push(join(path, 'README.md'));
        continue;
      }
      found.push(...markdownFiles(path));
    } else if (entry.name.endsWith('.md')) {
      found.push(path);
    }
  }
  return found.sort();
}

/** Blank out fenced code blocks, keeping line numbers: a heading or link there is text. */
function withoutFences(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === null && marker) {
        fence = marker;
        return '';
      }
      if (fence !== null) {
        if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
        return '';
      }
      return line;
    })
    .join('\n');
}

/** Also blank code spans: a link written in one is shown, not followed. */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));
}

/** GitHub's heading slug: lower case, punctuation and symbols dropped, each space a hyphen. */
function slugOf(headingText: string): string {
  const text = headingText
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link or image counts by its text
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Slugs of a file's headings in order; a repeated slug gets -1, -2 … as on GitHub. */
function headingSlugs(markdown: string): string[] {
  const taken = new Map<string, number>();
  const slugs: string[] = [];
  for (const line of withoutFences(markdown).split('\n')) {
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (!heading) continue;
    const base = slugOf(heading[1]);
    let slug = base;
    while (taken.has(slug)) {
      const n = taken.get(base)! + 1;
      taken.set(base, n);
      slug = `${base}-${n}`;
    }
    taken.set(slug, 0);
    slugs.push(slug);
  }
  return slugs;
}

/** Anchors a file offers: its heading slugs and any explicit `<a name=…>` or `id=…`. */
function anchorsOf(markdown: string): Set<string> {
  const explicit = [...markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)].map((m) => m[1]);
  return new Set([...headingSlugs(markdown), ...explicit]);
}

interface Link {
  line: number;
  target: string;
}

function relativeLinks(markdown: string): Link[] {
  const text = withoutCode(markdown);
  const inline = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;
  const reference = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm;
  const links: Link[] = [];
  for (const pattern of [inline, reference]) {
    for (const m of text.matchAll(pattern)) {
      const target = m[1];
      if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      links.push({ line: text.slice(0, m.index).split('\n').length, target });
    }
  }
  return links.sort((a, b) => a.line - b.line);
}

/** Every broken relative link of one markdown file, as `file:line: target: why`. */
function linkProblems(file: string, markdown: string): string[] {
  const problems: string[] = [];
  for (const { line, target } of relativeLinks(markdown)) {
    const at = `${relative(ROOT, file)}:${line}: ${target}`;
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
    const resolved = pathPart === '' ? file : pathPart.startsWith('/') ? join(ROOT, pathPart) : resolve(dirname(file), pathPart);
    if (resolved !== ROOT && !resolved.startsWith(ROOT + sep)) {
      problems.push(`${at}: outside the repository`);
      continue;
    }
    if (!existsSync(resolved)) {
      problems.push(`${at}: no such file`);
      continue;
    }
    if (anchor === null || anchor === '') continue;
    const page = statSync(resolved).isDirectory() ? join(resolved, 'README.md') : resolved;
    if (!page.endsWith('.md')) continue; // an anchor into code is a line number, not a heading
    const anchors = page === file ? anchorsOf(markdown) : existsSync(page) ? anchorsOf(readFileSync(page, 'utf8')) : new Set<string>();
    if (!anchors.has(anchor)) problems.push(`${at}: no heading with the anchor #${anchor} in ${relative(ROOT, page)}`);
  }
  return problems;
}

describe('markdown links', () => {
  it('finds the READMEs of the repository and none of installed or generated folders', () => {
    const files = markdownFiles().map((f) => relative(ROOT, f).split(sep).join('/'));
    expect(files).toContain('README.md');
    expect(files).toContain('results/README.md');
    expect(files).toContain('src/cache/README.md');
    expect(files.filter((f) => /(^|\/)(node_modules|dist)\//.test(f))).toEqual([]);
  });

  it('every relative link in every markdown file names a file that exists and a heading it has', () => {
    const problems = markdownFiles().flatMap((file) => linkProblems(file, readFileSync(file, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('reports a missing file, a missing heading and a link out of the repository, and ignores links in code', () => {
    const page = [
      '# Top',
      '## Quick start',
      'Fine: [here](#quick-start), [cache](src/cache/README.md), [site](https://example.org/x.md), [dir](src/engine).',
      'Broken: [gone](src/nowhere.md) and [no heading](#slow-start).',
      '[other](results/README.md#not-there) and [outside](../elsewhere/README.md)',
      '`[in code](nowhere.md)`',
      '```',
      '[in a fence](nowhere.md)',
      '```',
      '[ref]: ./also-gone.md',
    ].join('\n');
    expect(linkProblems(join(ROOT, 'README.md'), page)).toEqual([
      'README.md:4: src/nowhere.md: no such file',
      'README.md:4: #slow-start: no heading with the anchor #slow-start in README.md',
      'README.md:5: results/README.md#not-there: no heading with the anchor #not-there in results/README.md',
      'README.md:5: ../elsewhere/README.md: outside the repository',
      'README.md:10: ./also-gone.md: no such file',
    ]);
  });
});

describe('GitHub heading slugs', () => {
  it('match the anchors GitHub gives these headings', () => {
    expect(slugOf('Hello World')).toBe('hello-world');
    expect(slugOf('Results (`summary.json`)')).toBe('results-summaryjson');
    expect(slugOf('Appliances and sites (`applianceClasses:`, `sites:`, `ixps:`)')).toBe('appliances-and-sites-applianceclasses-sites-ixps');
    expect(slugOf('Comparing results: `cdnsim compare BASE NEW`')).toBe('comparing-results-cdnsim-compare-base-new');
    expect(slugOf('Cache — policies')).toBe('cache--policies');
    expect(slugOf('Привет non-latin 你好')).toBe('привет-non-latin-你好');
    expect(slugOf('snake_case and [a link](x.md)')).toBe('snake_case-and-a-link');
  });

  it('number repeated headings from 1, skipping slugs already taken', () => {
    expect(headingSlugs('# A\n## A\n### A-1\n## A\n')).toEqual(['a', 'a-1', 'a-1-1', 'a-2']);
    expect(headingSlugs('# Real\n```\n# not a heading\n```\n## Real\n')).toEqual(['real', 'real-1']);
  });

  it('give every heading of a file a distinct anchor made of lower-case words and hyphens', () => {
    const words = fc.constantFrom('A', 'a', 'B-1', 'b', '1', '(x)', '`code`', 'Ünï', '—', '-1', '_');
    const heading = fc.array(words, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(heading, { minLength: 1, maxLength: 12 }), (headings) => {
        const slugs = headingSlugs(headings.map((h) => `## ${h}`).join('\n'));
        expect(slugs).toHaveLength(headings.length);
        expect(new Set(slugs).size).toBe(slugs.length);
        for (const slug of slugs) expect(slug).toMatch(/^[\p{Ll}\p{M}\p{N}_-]*$/u);
      }),
    );
  });
});
