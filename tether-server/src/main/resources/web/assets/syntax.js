// A small syntax highlighter for code blocks: comments, strings, numbers and keywords of common languages. One
// pass with one sticky regular expression, so the time grows linearly with the code. Output is text nodes in
// spans; code never becomes HTML.

const C_LIKE = 'abstract async await break case catch class const continue default do else enum export extends '
  + 'final finally for from function if implements import in instanceof interface let new null package private '
  + 'protected public record return static super switch this throw throws true false try typeof var void while '
  + 'yield sealed permits struct fn impl mut pub use match mod trait type go func defer chan range map nil '
  + 'undefined goto sizeof int long char float double boolean bool string byte short unsigned';
const LANGUAGES = {
  c: { comments: ['//', '/*'], keywords: C_LIKE },
  python: { comments: ['#'], keywords: 'and as assert async await break class continue def del elif else except '
    + 'False finally for from global if import in is lambda None nonlocal not or pass raise return True try while '
    + 'with yield self print' },
  shell: { comments: ['#'], keywords: 'if then else elif fi for while do done case esac function in return '
    + 'export local echo cd set unset source exit sudo' },
  sql: { comments: ['--', '/*'], keywords: 'select from where insert into values update set delete create table '
    + 'index drop alter join left right inner outer on group by order having limit offset and or not null as '
    + 'distinct union primary key references default', ignoreCase: true },
  json: { comments: [], keywords: 'true false null' },
  yaml: { comments: ['#'], keywords: 'true false null yes no' },
};
const ALIASES = {
  js: 'c', javascript: 'c', mjs: 'c', ts: 'c', typescript: 'c', tsx: 'c', jsx: 'c', java: 'c', kotlin: 'c',
  kt: 'c', c: 'c', h: 'c', cpp: 'c', 'c++': 'c', cs: 'c', csharp: 'c', go: 'c', rust: 'c', rs: 'c', swift: 'c',
  scala: 'c', dart: 'c', php: 'c', py: 'python', python: 'python', sh: 'shell', bash: 'shell', shell: 'shell',
  zsh: 'shell', console: 'shell', sql: 'sql', sqlite: 'sql', json: 'json', yaml: 'yaml', yml: 'yaml',
  toml: 'yaml', ini: 'yaml', dockerfile: 'shell', ruby: 'python', rb: 'python',
};
const COMMENT = { '//': '//[^\\n]*', '#': '#[^\\n]*', '--': '--[^\\n]*', '/*': '/\\*[\\s\\S]*?(?:\\*/|$)' };
const STRING = '"(?:[^"\\\\\\n]|\\\\.)*"?|\'(?:[^\'\\\\\\n]|\\\\.)*\'?|`(?:[^`\\\\]|\\\\.)*`?';
const NUMBER = '\\b(?:0x[\\da-fA-F_]+|\\d[\\d_]*(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)[lLfFdDn]?\\b';
const compiled = new Map();

function grammar(language) {
  const name = ALIASES[language?.toLowerCase()];
  if (!name) return null;
  if (!compiled.has(name)) {
    const spec = LANGUAGES[name];
    const comments = spec.comments.map(c => COMMENT[c]).join('|') || '(?!)';
    const words = new Set(spec.keywords.split(' ').map(w => (spec.ignoreCase ? w.toLowerCase() : w)));
    const pattern = new RegExp(`(${comments})|(${STRING})|(${NUMBER})|([A-Za-z_$][\\w$]*)|[\\s\\S]`, 'y');
    compiled.set(name, { pattern, words, ignoreCase: Boolean(spec.ignoreCase) });
  }
  return compiled.get(name);
}

/** True when the language has a grammar here. */
export function knows(language) {
  return Boolean(ALIASES[language?.toLowerCase()]);
}

/** Fills `target` with the code as text nodes and highlighted spans; unknown languages stay plain text. */
export function highlight(target, code, language) {
  const g = grammar(language);
  if (!g) {
    target.textContent = code;
    return;
  }
  const out = document.createDocumentFragment();
  let plain = '';
  const span = (className, text) => {
    if (plain) out.append(plain);
    plain = '';
    const s = document.createElement('span');
    s.className = className;
    s.textContent = text;
    out.append(s);
  };
  g.pattern.lastIndex = 0;
  let m;
  while (g.pattern.lastIndex < code.length && (m = g.pattern.exec(code))) {
    const [token, comment, string, number, word] = m;
    if (comment) span('tok-comment', token);
    else if (string) span('tok-string', token);
    else if (number) span('tok-number', token);
    else if (word && g.words.has(g.ignoreCase ? word.toLowerCase() : word)) span('tok-keyword', token);
    else plain += token;
  }
  if (plain) out.append(plain);
  target.replaceChildren(out);
}
