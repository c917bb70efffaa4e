// What VS Code's editor does as one types, per language: the auto-closing pairs (with the
// tokens they are not closed in), the characters before which they close, the brackets,
// the rules for Enter and the indentation rules. Data, transcribed from the language
// configuration files VS Code 1.100.3 ships with its built-in language extensions
// (extensions/*/language-configuration.json, MIT; test/unit/core/editing/languageRules.test.ts
// compares this table with the files of the code-server install the tests use), with the
// editor's defaults: editor.autoClosingBrackets / autoClosingQuotes "languageDefined",
// autoClosingOvertype "auto", autoIndent "full", trimAutoWhitespace on. A language not in
// the table gets PLAIN_TEXT: no auto-closing, Enter keeps the line's indentation (and
// indents after an open bracket, as VS Code's default brackets do).

export type IndentAction = 'none' | 'indent' | 'indentOutdent' | 'outdent';

export interface AutoClosingPair {
  open: string;
  close: string;
  /** Token types it is not closed in. */
  notIn?: readonly ('string' | 'comment')[];
}

export interface OnEnterRule {
  /** Regular expressions (sources): the line before the cursor, after it, and the line above. */
  beforeText: string;
  afterText?: string;
  previousLineText?: string;
  action: { indent: IndentAction; appendText?: string; removeText?: number };
}

export interface IndentationRules {
  increaseIndentPattern: string;
  decreaseIndentPattern: string;
  indentNextLinePattern?: string;
  unIndentedLinePattern?: string;
}

export interface LanguageConfiguration {
  comments?: { lineComment?: string; blockComment?: readonly [string, string] };
  brackets?: readonly (readonly [string, string])[];
  autoClosingPairs: readonly AutoClosingPair[];
  /** Characters before which a pair is closed (absent: VS Code's defaults, below). */
  autoCloseBefore?: string;
  indentationRules?: IndentationRules;
  onEnterRules?: readonly OnEnterRule[];
}

/** VS Code's autoCloseBefore when a language declares none (CharacterPairSupport). */
export const DEFAULT_CLOSE_BEFORE_QUOTES = ';:.,=}])> \n\t';
export const DEFAULT_CLOSE_BEFORE_BRACKETS = '\'"`;:.,=}])> \n\t';
/** The brackets Enter looks at when a language declares none (OnEnterSupport). */
export const DEFAULT_BRACKETS: readonly (readonly [string, string])[] = [
  ['(', ')'],
  ['{', '}'],
  ['[', ']'],
];

export const PLAIN_TEXT: LanguageConfiguration = { autoClosingPairs: [] };

/** What several languages' configurations share. */
const C_COMMENTS = { lineComment: '//', blockComment: ['/*', '*/'] } as const;
const CURLY_SQUARE_ROUND: readonly (readonly [string, string])[] = [
  ['{', '}'],
  ['[', ']'],
  ['(', ')'],
];
const CLOSE_BRACKETS: readonly AutoClosingPair[] = [
  { open: '{', close: '}' },
  { open: '[', close: ']' },
  { open: '(', close: ')' },
];
const CONTINUE_LINE_COMMENT: OnEnterRule = { beforeText: '//.*', afterText: '^(?!\\s*$).+', action: { indent: 'none', appendText: '// ' } };

/**
 * JavaScript's and TypeScript's configuration: the same but for a doc comment's continuation
 * line (` * text`), whose `*` JavaScript's rules want after at least one space and
 * TypeScript's after any indentation. `docCommentLine` is that line's pattern.
 */
function scriptConfiguration(docCommentLine: string): LanguageConfiguration {
  return {
    comments: C_COMMENTS,
    brackets: [
      ['${', '}'],
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ],
    autoClosingPairs: [
      ...CLOSE_BRACKETS,
      { open: "'", close: "'", notIn: ['string', 'comment'] },
      { open: '"', close: '"', notIn: ['string'] },
      { open: '`', close: '`', notIn: ['string', 'comment'] },
      { open: '/**', close: ' */', notIn: ['string'] },
    ],
    autoCloseBefore: ';:.,=}])>` \n\t',
    indentationRules: {
      decreaseIndentPattern: '^\\s*[\\}\\]\\)].*$',
      increaseIndentPattern: '^.*(\\{[^}]*|\\([^)]*|\\[[^\\]]*)$',
      unIndentedLinePattern: `^(\\t|[ ])*[ ]\\*[^/]*\\*/\\s*$|^(\\t|[ ])*[ ]\\*/\\s*$|${docCommentLine}`,
      indentNextLinePattern: '^((.*=>\\s*)|((.*[^\\w]+|\\s*)(if|while|for)\\s*\\(.*\\)\\s*))$',
    },
    onEnterRules: [
      { beforeText: '^\\s*/\\*\\*(?!/)([^\\*]|\\*(?!/))*$', afterText: '^\\s*\\*/$', action: { indent: 'indentOutdent', appendText: ' * ' } },
      { beforeText: '^\\s*/\\*\\*(?!/)([^\\*]|\\*(?!/))*$', action: { indent: 'none', appendText: ' * ' } },
      { beforeText: docCommentLine, previousLineText: '(?=^(\\s*(/\\*\\*|\\*)).*)(?=(?!(\\s*\\*/)))', action: { indent: 'none', appendText: '* ' } },
      { beforeText: '^(\\t|[ ])*[ ]\\*/\\s*$', action: { indent: 'none', removeText: 1 } },
      { beforeText: '^(\\t|[ ])*[ ]\\*[^/]*\\*/\\s*$', action: { indent: 'none', removeText: 1 } },
      { beforeText: '^\\s*(\\bcase\\s.+:|\\bdefault:)$', afterText: '^(?!\\s*(\\bcase\\b|\\bdefault\\b))', action: { indent: 'indent' } },
      { beforeText: '^\\s+([^{i\\s]|i(?!f\\b))', previousLineText: '^\\s*(((else ?)?if|for|while)\\s*\\(.*\\)\\s*|else\\s*)$', action: { indent: 'outdent' } },
      { beforeText: '^.*\\([^\\)]*$', afterText: '^\\s*\\).*$', action: { indent: 'indentOutdent', appendText: '\t' } },
      { beforeText: '^.*\\{[^\\}]*$', afterText: '^\\s*\\}.*$', action: { indent: 'indentOutdent', appendText: '\t' } },
      { beforeText: '^.*\\[[^\\]]*$', afterText: '^\\s*\\].*$', action: { indent: 'indentOutdent', appendText: '\t' } },
      { beforeText: '(?<!\\\\)(?<!\\w:)//.*', afterText: '^(?!\\s*$).+', action: { indent: 'none', appendText: '// ' } },
    ],
  };
}

export const LANGUAGE_CONFIGURATIONS: Readonly<Record<string, LanguageConfiguration>> = {
  javascript: scriptConfiguration('^(\\t|[ ])*[ ]\\*([ ]([^\\*]|\\*(?!/))*)?$'),
  typescript: scriptConfiguration('^(\\t|[ ])*\\*([ ]([^\\*]|\\*(?!/))*)?$'),
  python: {
    comments: { lineComment: '#', blockComment: ['"""', '"""'] },
    brackets: CURLY_SQUARE_ROUND,
    autoClosingPairs: [
      ...CLOSE_BRACKETS,
      { open: '"', close: '"', notIn: ['string'] },
      { open: 'r"', close: '"', notIn: ['string', 'comment'] },
      { open: 'R"', close: '"', notIn: ['string', 'comment'] },
      { open: 'u"', close: '"', notIn: ['string', 'comment'] },
      { open: 'U"', close: '"', notIn: ['string', 'comment'] },
      { open: 'f"', close: '"', notIn: ['string', 'comment'] },
      { open: 'F"', close: '"', notIn: ['string', 'comment'] },
      { open: 'b"', close: '"', notIn: ['string', 'comment'] },
      { open: 'B"', close: '"', notIn: ['string', 'comment'] },
      { open: "'", close: "'", notIn: ['string', 'comment'] },
      { open: "r'", close: "'", notIn: ['string', 'comment'] },
      { open: "R'", close: "'", notIn: ['string', 'comment'] },
      { open: "u'", close: "'", notIn: ['string', 'comment'] },
      { open: "U'", close: "'", notIn: ['string', 'comment'] },
      { open: "f'", close: "'", notIn: ['string', 'comment'] },
      { open: "F'", close: "'", notIn: ['string', 'comment'] },
      { open: "b'", close: "'", notIn: ['string', 'comment'] },
      { open: "B'", close: "'", notIn: ['string', 'comment'] },
      { open: '`', close: '`', notIn: ['string'] },
    ],
    onEnterRules: [{ beforeText: '^\\s*(?:def|class|for|if|elif|else|while|try|with|finally|except|async).*?:\\s*$', action: { indent: 'indent' } }],
  },
  go: {
    comments: C_COMMENTS,
    brackets: CURLY_SQUARE_ROUND,
    autoClosingPairs: [...CLOSE_BRACKETS, { open: '`', close: '`', notIn: ['string'] }, { open: '"', close: '"', notIn: ['string'] }, { open: "'", close: "'", notIn: ['string', 'comment'] }],
    indentationRules: {
      increaseIndentPattern: '^.*(\\bcase\\b.*:|\\bdefault\\b:|(\\b(func|if|else|switch|select|for|struct)\\b.*)?{[^}"\'`]*|\\([^)"\'`]*)$',
      decreaseIndentPattern: '^\\s*(\\bcase\\b.*:|\\bdefault\\b:|}[)}]*[),]?|\\)[,]?)$',
    },
    onEnterRules: [CONTINUE_LINE_COMMENT],
  },
  rust: {
    comments: C_COMMENTS,
    brackets: CURLY_SQUARE_ROUND,
    autoClosingPairs: [...CLOSE_BRACKETS, { open: '"', close: '"', notIn: ['string'] }],
    indentationRules: {
      increaseIndentPattern: '^.*\\{[^}"\']*$|^.*\\([^\\)"\']*$',
      decreaseIndentPattern: '^\\s*(\\s*\\/[*].*[*]\\/\\s*)*[})]',
    },
    onEnterRules: [CONTINUE_LINE_COMMENT],
  },
  json: {
    comments: C_COMMENTS,
    brackets: [
      ['{', '}'],
      ['[', ']'],
    ],
    autoClosingPairs: [
      { open: '{', close: '}', notIn: ['string'] },
      { open: '[', close: ']', notIn: ['string'] },
      { open: '(', close: ')', notIn: ['string'] },
      { open: "'", close: "'", notIn: ['string'] },
      { open: '"', close: '"', notIn: ['string', 'comment'] },
      { open: '`', close: '`', notIn: ['string', 'comment'] },
    ],
    indentationRules: {
      increaseIndentPattern: '({+(?=((\\\\.|[^"\\\\])*"(\\\\.|[^"\\\\])*")*[^"}]*)$)|(\\[+(?=((\\\\.|[^"\\\\])*"(\\\\.|[^"\\\\])*")*[^"\\]]*)$)',
      decreaseIndentPattern: '^\\s*[}\\]],?\\s*$',
    },
    onEnterRules: [CONTINUE_LINE_COMMENT],
  },
  markdown: {
    comments: { blockComment: ['<!--', '-->'] },
    brackets: CURLY_SQUARE_ROUND,
    autoClosingPairs: [...CLOSE_BRACKETS, { open: '<', close: '>', notIn: ['string'] }],
  },
};

/** VS Code's language id for a file name (its built-in extensions' file extensions), or 'plaintext'. */
export function languageIdForPath(filePath: string): string {
  const name = filePath.toLowerCase();
  for (const [id, endings] of LANGUAGE_ENDINGS) if (endings.some((e) => name.endsWith(e))) return id;
  return 'plaintext';
}

const LANGUAGE_ENDINGS: readonly (readonly [string, readonly string[]])[] = [
  ['javascript', ['.js', '.jsx', '.mjs', '.cjs', '.es6']],
  ['typescript', ['.ts', '.tsx', '.mts', '.cts']],
  ['python', ['.py', '.pyi', '.pyw']],
  ['go', ['.go']],
  ['rust', ['.rs']],
  ['json', ['.json', '.jsonc']],
  ['markdown', ['.md', '.markdown']],
];

/** The configuration VS Code uses for a language id (javascriptreact and typescriptreact share their base's). */
export function languageConfiguration(languageId: string): LanguageConfiguration {
  const base = languageId.replace(/react$/, '');
  return LANGUAGE_CONFIGURATIONS[base] ?? PLAIN_TEXT;
}
