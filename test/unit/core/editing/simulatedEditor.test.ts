// The editor simulation on cases of VS Code 1.100's behaviour with default settings:
// auto-closing, overtyping, Enter, electric closers, and an inline item whose range covers
// the auto-closed closer. (test/ui/editing.test.ts types the same kind of text into real
// VS Code and compares.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedEditor } from '../../../../src/core/editing/simulatedEditor';
import { guessIndentStyle } from '../../../../src/core/editing/indentation';

const SPACES4 = { insertSpaces: true, tabSize: 4 };
const TABS = { insertSpaces: false, tabSize: 4 };

function typed(languageId: string, keys: string, before = '', after = '', style = SPACES4): SimulatedEditor {
  const editor = new SimulatedEditor(languageId, before, after, style);
  for (const key of keys) {
    if (key === '\n') editor.enter();
    else editor.type(key);
  }
  return editor;
}
const doc = (e: SimulatedEditor) => `${e.before}|${e.after}`;

test('a bracket closes before the end of the line, a closer or a space, and is typed over', () => {
  assert.equal(doc(typed('javascript', 'res.send(')), 'res.send(|)');
  assert.equal(doc(typed('javascript', 'res.send(false')), 'res.send(false|)');
  assert.equal(doc(typed('javascript', 'res.send(false)')), 'res.send(false)|');
  assert.equal(doc(typed('javascript', 'res.send(false);')), 'res.send(false);|');
  assert.equal(doc(typed('javascript', 'f(g(x))')), 'f(g(x))|');
  // Before a word it does not close; before `)` or `;` (autoCloseBefore) it does.
  assert.equal(doc(typed('javascript', '(', 'a = ', 'b')), 'a = (|b');
  assert.equal(doc(typed('javascript', '(', 'f(', ')')), 'f((|))');
  assert.equal(doc(typed('javascript', '[', 'x = ', ';')), 'x = [|];');
});

test('quotes: closed after an operator, not after a word character, not inside a string; typed over', () => {
  assert.equal(doc(typed('javascript', "'user ' + '")), "'user ' + '|'");
  assert.equal(doc(typed('javascript', "'user ' + 'x'")), "'user ' + 'x'|");
  assert.equal(doc(typed('javascript', "it'")), "it'|");
  assert.equal(doc(typed('javascript', "'", '"it')), `"it'|`);
  // In a comment: `"` (not in string only) closes, `'` (not in string or comment) does not.
  assert.equal(doc(typed('javascript', '"', '// say ')), '// say "|"');
  assert.equal(doc(typed('javascript', "'", '// say ')), "// say '|");
  // No overtype of a quote after a backslash.
  assert.equal(doc(typed('javascript', "'a\\'")), "'a\\'|'");
});

test('Python: prefixed strings close, a quote after a word character does not', () => {
  assert.equal(doc(typed('python', 'print(f"')), 'print(f"|")');
  assert.equal(doc(typed('python', "req.accepts('")), "req.accepts('|')");
  assert.equal(doc(typed('python', 'x"')), 'x"|');
  // Inside a triple-quoted string nothing closes.
  assert.equal(doc(typed('python', "'", '"""doc ')), `"""doc '|`);
});

test('Enter: between brackets the closer goes to its own line; after a colon in Python one level more', () => {
  assert.equal(doc(typed('javascript', 'function f() {\n')), 'function f() {\n    |\n}');
  assert.equal(doc(typed('javascript', 'if (a) {\nreturn 1;\n')), 'if (a) {\n    return 1;\n    |\n}');
  assert.equal(doc(typed('go', 'func f() {\n', '', '', TABS)), 'func f() {\n\t|\n}');
  assert.equal(doc(typed('python', 'def f(x):\n')), 'def f(x):\n    |');
  assert.equal(doc(typed('python', '    return x\n')), '    return x\n    |');
  // The typed closer of a block goes back to the opener's indentation (electric character).
  const e = typed('javascript', 'if (a) {\nb();\n}');
  assert.equal(e.before, 'if (a) {\n    b();\n}');
  // A bracket inside a string does not count for indentation (as VS Code's IndentationLineProcessor
  // reads a line): `it's);` is an unterminated string holding the `)`, so `g(` stays open.
  assert.equal(typed('javascript', "function f(b) {\nreturn g(b, it's);\n").before, "function f(b) {\n    return g(b, it's);\n        ");
  assert.equal(typed('javascript', "function f(b) {\nreturn g(b, 's');\n").before, "function f(b) {\n    return g(b, 's');\n    ");
  // A blank line keeps no indentation (trimAutoWhitespace).
  assert.equal(typed('javascript', 'f(a, {\nx: 1,\n\n').before, 'f(a, {\n    x: 1,\n\n    ');
});

test('an inline item whose range covers the auto-closed closer is applied without duplicating it', () => {
  const e = typed('javascript', 'res.send(');
  e.accept({ insertText: 'false);', replaceRight: 1 });
  assert.equal(doc(e), 'res.send(false);|');
  const q = typed('python', "req.accepts('");
  q.accept({ insertText: "html');", replaceRight: 2 });
  assert.equal(doc(q), "req.accepts('html');|");
  // The same text with an empty range duplicates it: what the benchmark counts.
  const d = typed('javascript', 'res.send(');
  d.accept({ insertText: 'false);', replaceRight: 0 });
  assert.equal(doc(d), 'res.send(false);|)');
  assert.throws(() => typed('javascript', 'f(', '', ')\nx').accept({ insertText: 'a)\nx', replaceRight: 3 }));
});

test('the indentation style is guessed from the file', () => {
  assert.deepEqual(guessIndentStyle('a {\n  b {\n    c\n  }\n}\n'), { insertSpaces: true, tabSize: 2 });
  assert.deepEqual(guessIndentStyle('func f() {\n\tx()\n\tif y {\n\t\tz()\n\t}\n}\n'), { insertSpaces: false, tabSize: 4 });
  assert.deepEqual(guessIndentStyle('def f():\n    return 1\n'), { insertSpaces: true, tabSize: 4 });
});
