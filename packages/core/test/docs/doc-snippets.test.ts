// Every code block in docs/ that is marked `<!-- snippet: file#region -->` must be the exact text
// of that `// #region` (or `# #region` in YAML) in a tested file, so the docs never show code that does not run.
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '../../../..');

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'api' ? [] : markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

function region(file: string, name: string): string | undefined {
  const lines = fs.readFileSync(path.join(repo, file), 'utf8').split('\n');
  // `// #region name` in code; `# #region name` in YAML kept inside a test file
  const marker = (line: string, word: string) =>
    /^(?:\/\/|#) #(\w+) ([\w-]+)$/.exec(line.trim())?.slice(1, 3).join(' ') === `${word} ${name}`;
  const start = lines.findIndex((line) => marker(line, 'region'));
  const end = lines.findIndex((line, i) => i > start && marker(line, 'endregion'));
  if (start < 0 || end < 0) return undefined;
  const body = lines.slice(start + 1, end);
  const indent = Math.min(
    ...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length),
  );
  return body
    .map((line) => line.slice(indent))
    .join('\n')
    .trim();
}

const snippets = [...markdownFiles(path.join(repo, 'docs')), path.join(repo, 'README.md')]
  .filter((file) => fs.existsSync(file))
  .flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const found: [string, string, string, string][] = [];
    const pattern = /<!-- snippet: ([^#\s]+)#([\w-]+) -->\s*\n```\w*\n([\s\S]*?)\n```/g;
    for (const match of text.matchAll(pattern)) {
      found.push([
        path.relative(repo, file),
        match[1] as string,
        match[2] as string,
        match[3] as string,
      ]);
    }
    return found;
  });

describe('documentation snippets', () => {
  it('finds snippets to check', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  it.each(snippets)('%s shows %s#%s exactly', (_doc, file, name, code) => {
    expect(fs.existsSync(path.join(repo, file))).toBe(true);
    expect(code.trim()).toBe(region(file, name));
  });
});
