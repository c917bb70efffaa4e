// Boundaries the design depends on: src/core never imports vscode, and nothing the
// extension host loads imports tfjs (libtensorflow must stay out of the editor's process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|js|mjs)$/.test(name) ? [full] : [];
  });
}

/** Module specifiers imported or required by a source file. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)) {
    specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  }
  return specs;
}

test('nothing under src/core imports vscode', () => {
  const offenders = sourceFiles(path.join(ROOT, 'src', 'core'))
    .filter((f) => importsOf(f).some((s) => s === 'vscode' || s.startsWith('vscode/')))
    .map((f) => path.relative(ROOT, f));
  assert.deepEqual(offenders, []);
});

test('the import checker sees vscode imports (so the test above can fail)', () => {
  const probe = path.join(ROOT, 'src', 'settings.ts');
  assert.ok(importsOf(probe).includes('vscode'));
});

test('no module reachable from src/extension.ts imports tfjs', () => {
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (/^@tensorflow\//.test(spec)) offenders.push(`${path.relative(ROOT, file)} -> ${spec}`);
      if (!spec.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), spec);
      const resolved = [`${base}.ts`, path.join(base, 'index.ts'), base].find((c) => {
        try {
          return statSync(c).isFile();
        } catch {
          return false;
        }
      });
      if (resolved) visit(resolved);
    }
  };
  visit(path.join(ROOT, 'src', 'extension.ts'));
  assert.ok(seen.size > 3, 'the walk reached the extension modules');
  assert.deepEqual(offenders, []);
});
