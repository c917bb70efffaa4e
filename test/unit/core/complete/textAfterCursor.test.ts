// Fitting a suggestion to the text right of the cursor: covering the closers it closes,
// joining the rest of a line, not repeating the line below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitToRight, joinPoint, textAfterCursorOf, rightKind } from '../../../../src/core/complete/textAfterCursor';
import { SimulatedEditor } from '../../../../src/core/editing/simulatedEditor';

function fit(text: string, before: string, after: string, languageId = 'javascript') {
  const item = fitToRight(text, textAfterCursorOf(before, after, languageId));
  return item && { insertText: item.insertText, replaceRight: item.replaceRight };
}

/** The line after accepting `text` where the cursor is after `before`, as VS Code applies the item. */
function accepted(text: string, before: string, after: string, languageId = 'javascript'): string | undefined {
  const item = fit(text, before, after, languageId);
  if (!item) return undefined;
  const editor = new SimulatedEditor(languageId, before, after, { insertSpaces: true, tabSize: 4 });
  editor.accept(item);
  return editor.before + editor.after;
}

test('the kinds of text right of the cursor', () => {
  assert.equal(rightKind(''), 'empty');
  assert.equal(rightKind('   '), 'empty');
  assert.equal(rightKind(')'), 'closers');
  assert.equal(rightKind("');"), 'closers');
  assert.equal(rightKind(']),'), 'closers');
  assert.equal(rightKind(', b)'), 'code');
  assert.equal(rightKind(') {'), 'code');
});

test("closers the suggestion makes redundant are covered, bracket-aware; the issue's cases accept without duplicating", () => {
  assert.equal(accepted('false);', 'res.send(', ')'), 'res.send(false);');
  assert.equal(accepted("html');", "req.accepts('", "')", 'python'), "req.accepts('html');");
  // `')` over the auto-closed `')` adds nothing: not shown (it used to leave `'user ' + ')'`).
  assert.equal(accepted("')", "f('user ' + '", "')"), undefined);
  assert.equal(accepted("!')", "f('user ' + '", "')"), "f('user ' + '!')");
  assert.equal(accepted(');', 'express(', ')'), 'express();');
  assert.equal(accepted('c) ', 'Copyright(', ')'), 'Copyright(c) ');
  // A bracket the suggestion opens and closes itself is not the line's.
  assert.equal(accepted('a(b)', 'f(', ')'), 'f(a(b))');
  assert.equal(accepted('a(b));', 'f(', ')'), 'f(a(b));');
  // Nested auto-closed closers: the one the suggestion closes is redundant, the outer one kept.
  assert.equal(accepted('x)', 'f(g(', '))'), 'f(g(x))');
  assert.equal(accepted('x))', 'f(g(', '))'), 'f(g(x))');
  assert.equal(accepted('1]', 'f([', '])'), 'f([1])');
  // A closer the line still needs for an outer bracket of the line is not covered; one for a
  // block opened lines above is the auto-closed closer of this line's bracket.
  assert.equal(accepted('| x)', 'v.extend(g.flat_map(|(_, x)', ');', 'rust'), 'v.extend(g.flat_map(|(_, x)| x));');
  assert.equal(accepted(' return false; }', 'fn f() {\n    while x {\n        if a != b {', '}\n    }', 'rust'), 'fn f() {\n    while x {\n        if a != b { return false; }\n    }');
  assert.equal(accepted('x)', 'foo(\n    a, bar(', '))'), 'foo(\n    a, bar(x))');
  assert.equal(accepted('c)', 'foo(\n    a,\n    b, ', ')', 'python'), 'foo(\n    a,\n    b, c)');
  // Inside a block opened above, the text closing the inner of two brackets of this line: the
  // outer one's closer moves out, the line's last closer would close the block (gin's tests).
  assert.equal(accepted('", B: 1}, true', 'tests := []T{\n\t\t{"a", &s{A: "1', '"}}\n\t}', 'go'), 'tests := []T{\n\t\t{"a", &s{A: "1", B: 1}, true}\n\t}');
  assert.equal(accepted('x))', 'foo(\n    a, f(g(h(', ')))'), 'foo(\n    a, f(g(h(x)))');
  // An opener last, before a closer of the line: left for the person to type (VS Code then adds its closer).
  assert.deepEqual(fit(' => {', 'return new P((resolve, reject)', ')\n  }'), { insertText: ' => ', replaceRight: 0 });
  assert.deepEqual(fit(' => {', 'const f = (a)', ''), { insertText: ' => {', replaceRight: 0 });
  // Without that opener the text closes the line's bracket: its closer is covered (it was not while the opener seemed to own it).
  assert.equal(accepted(').baz(', 'foo(bar', ')'), 'foo(bar).baz');
  assert.equal(accepted(')?::%(', '    "(?:(?:%(hex)s:){0,5}%(hex)s', ')"', 'python'), '    "(?:(?:%(hex)s:){0,5}%(hex)s)?::%"');
  // Two closers for one bracket left: the second is the one the text made redundant.
  assert.equal(accepted(' reject) => {', 'new P((resolve,', '))'), 'new P((resolve, reject) => {)');
  // A suggestion that opens a string after closing: the closer is still redundant.
  assert.equal(accepted("} from '.", 'export { Subscription ', '}'), "export { Subscription } from '.");
  // Typing in a comment (with an apostrophe above): brackets of the comment's text count.
  assert.equal(accepted('00);', "/**\n * Don't forget:\n * const t = timer(0, 10", ')\n */'), "/**\n * Don't forget:\n * const t = timer(0, 1000);\n */");
  // Brackets inside a string (VS Code auto-closes them there too): the string's own count.
  assert.equal(accepted('0} has no name', '        raise E(\n            "Certificate for {', '}"\n        )', 'python'), '        raise E(\n            "Certificate for {0} has no name"\n        )');
  assert.equal(accepted('} done")', 'print(f"{x', '}")', 'python'), 'print(f"{x} done")');
  // A docstring above the lines looked at: the string at the cursor is still found.
  const doc = `"""Module.\n\n${'Lines of text.\n'.repeat(30)}"""\n\n\ndef f(name, value):\n    return u'%s="%s"`;
  assert.equal(accepted("' % (name, value)", doc, "'", 'python'), `${doc}' % (name, value)`);
  // In a comment VS Code auto-closes `"` and brackets: the quoted part and the bracket closed by the suggestion are redundant.
  assert.equal(accepted('" ) ls32', '    # [ *1( h16 ":" ) h16 ] "::" 3( h16 ":', '")', 'python'), '    # [ *1( h16 ":" ) h16 ] "::" 3( h16 ":" ) ls32');
  // A closer inside a string of the suggestion is not one either.
  assert.equal(accepted('"a)" + x)', 'f(', ')'), 'f("a)" + x)');
  // Closing something that is not open: the suggestion stops before it.
  assert.equal(accepted('a]', 'f(', ')'), 'f(a)');
  assert.equal(accepted('x))) && y', 'f(g(', ')) && y'), 'f(g(x)) && y');
  // A string open at the cursor: the suggestion that closes it ends the string's text as the line does.
  assert.equal(accepted('}", n)', 'println!("size: {:?', '}");', 'rust'), 'println!("size: {:?}", n);');
  assert.equal(accepted('done")', 'log("', '")'), 'log("done")');
  // In the middle of a string's text the suggestion must join it, like any text mid-line.
  assert.equal(accepted('x", y)', 'log("a', 'b")'), undefined);
  assert.equal(accepted('xb")', 'log("a', 'b")'), 'log("axb")');
});

test('in the middle of a line the suggestion is cut where it runs into the rest; text that only repeats it is dropped', () => {
  assert.equal(joinPoint('await compute(a);', 'compute(a);'), 6);
  assert.equal(joinPoint('a, b)', ', b)'), 1);
  assert.equal(joinPoint('await x', 'compute(a);'), -1);
  assert.equal(joinPoint('compute(a);', 'compute(a);'), 0);
  assert.deepEqual(fit('a, b)', 'f(', ', b)'), { insertText: 'a', replaceRight: 0 });
  assert.equal(fit('compute(a);', 'x = ', 'compute(a);'), undefined);
  assert.equal(fit('other()', 'x = ', 'compute(a);'), undefined);
  assert.deepEqual(fitToRight('other()', textAfterCursorOf('x = ', 'compute(a);'), 'any'), { insertText: 'other()', replaceRight: 0, used: 7 });
});

test('a suggestion that repeats the line below is dropped, or cut before it', () => {
  const below = '\n    return response.json();\n}';
  assert.equal(fit('return response.json();', '    ', below), undefined);
  assert.deepEqual(fit('const r = 1;\n    return response.json();', '    ', below), { insertText: 'const r = 1;', replaceRight: 0 });
  // Short lines (a brace, `pass`) repeat legitimately.
  assert.deepEqual(fit('}', '', '\n}'), { insertText: '}', replaceRight: 0 });
});

test('a suggestion of several lines stops before what the document below already holds, and is one line when the line goes on', () => {
  // The next line is there: a last line of indentation alone would add a second line break.
  assert.deepEqual(fit(' {\n      ', '    } catch (err)', '\n      // handled\n    }'), { insertText: ' {', replaceRight: 0 });
  // Cut before the next line it repeats: no empty line left in between.
  assert.deepEqual(fit('ssert_eq!(a, b);\n\n        for (k, v) in m {', '        a', '\n\n        for (k, v) in m {\n'), { insertText: 'ssert_eq!(a, b);', replaceRight: 0 });
  // The `}` Enter put below: not typed again.
  assert.deepEqual(fit('\n    x();\n}', 'if (a) {', '\n}'), { insertText: '\n    x();', replaceRight: 0 });
  // A line that the next one starts with.
  assert.deepEqual(fit("ubscriber';\nimport { ", "import { Subscriber } from '../S", "';\nimport { ObservableInput } from '../types';", 'typescript'), { insertText: "ubscriber';", replaceRight: 2 });
  // A longer line a few lines below (under the `}` Enter put there) is not typed again either.
  assert.deepEqual(fit('{\n\t\treturn ', 'func f() *T {\n\tif x != nil ', '\n}\n\t\treturn x.g\n\t}', 'go'), { insertText: '{', replaceRight: 0 });
  // Text left on the cursor's line: one line only.
  assert.deepEqual(fit('a,\n  b', 'f(', ', c)'), undefined);
  assert.deepEqual(fit('a)\nfoo();', 'f(', ');'), { insertText: 'a)', replaceRight: 1 });
  // At the end of the document nothing is cut.
  assert.deepEqual(fit('{\n    x();\n}', 'if (a) ', ''), { insertText: '{\n    x();\n}', replaceRight: 0 });
});

test('whitespace alone only as the indentation of an empty line', () => {
  assert.deepEqual(fit('    ', '', ''), { insertText: '    ', replaceRight: 0 });
  assert.equal(fit('  ', 'if x ', ''), undefined);
  assert.equal(fit(' ', 'f(', ')'), undefined);
});
