import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 3057:
/***/ ((module) => {

function isBuffer(value) {
  return Buffer.isBuffer(value) || value instanceof Uint8Array
}

function isEncoding(encoding) {
  return Buffer.isEncoding(encoding)
}

function alloc(size, fill, encoding) {
  return Buffer.alloc(size, fill, encoding)
}

function allocUnsafe(size) {
  return Buffer.allocUnsafe(size)
}

function allocUnsafeSlow(size) {
  return Buffer.allocUnsafeSlow(size)
}

function byteLength(string, encoding) {
  return Buffer.byteLength(string, encoding)
}

function compare(a, b) {
  return Buffer.compare(a, b)
}

function concat(buffers, totalLength) {
  return Buffer.concat(buffers, totalLength)
}

function copy(source, target, targetStart, start, end) {
  return toBuffer(source).copy(target, targetStart, start, end)
}

function equals(a, b) {
  return toBuffer(a).equals(b)
}

function fill(buffer, value, offset, end, encoding) {
  return toBuffer(buffer).fill(value, offset, end, encoding)
}

function from(value, encodingOrOffset, length) {
  return Buffer.from(value, encodingOrOffset, length)
}

function includes(buffer, value, byteOffset, encoding) {
  return toBuffer(buffer).includes(value, byteOffset, encoding)
}

function indexOf(buffer, value, byfeOffset, encoding) {
  return toBuffer(buffer).indexOf(value, byfeOffset, encoding)
}

function lastIndexOf(buffer, value, byteOffset, encoding) {
  return toBuffer(buffer).lastIndexOf(value, byteOffset, encoding)
}

function swap16(buffer) {
  return toBuffer(buffer).swap16()
}

function swap32(buffer) {
  return toBuffer(buffer).swap32()
}

function swap64(buffer) {
  return toBuffer(buffer).swap64()
}

function toBuffer(buffer) {
  if (Buffer.isBuffer(buffer)) return buffer
  return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

function toString(buffer, encoding, start, end) {
  return toBuffer(buffer).toString(encoding, start, end)
}

function toHex(buffer, start, end) {
  return toBuffer(buffer).toString('hex', start, end)
}

function write(buffer, string, offset, length, encoding) {
  return toBuffer(buffer).write(string, offset, length, encoding)
}

function readDoubleBE(buffer, offset) {
  return toBuffer(buffer).readDoubleBE(offset)
}

function readDoubleLE(buffer, offset) {
  return toBuffer(buffer).readDoubleLE(offset)
}

function readFloatBE(buffer, offset) {
  return toBuffer(buffer).readFloatBE(offset)
}

function readFloatLE(buffer, offset) {
  return toBuffer(buffer).readFloatLE(offset)
}

function readInt32BE(buffer, offset) {
  return toBuffer(buffer).readInt32BE(offset)
}

function readInt32LE(buffer, offset) {
  return toBuffer(buffer).readInt32LE(offset)
}

function readUInt32BE(buffer, offset) {
  return toBuffer(buffer).readUInt32BE(offset)
}

function readUInt32LE(buffer, offset) {
  return toBuffer(buffer).readUInt32LE(offset)
}

function writeDoubleBE(buffer, value, offset) {
  return toBuffer(buffer).writeDoubleBE(value, offset)
}

function writeDoubleLE(buffer, value, offset) {
  return toBuffer(buffer).writeDoubleLE(value, offset)
}

function writeFloatBE(buffer, value, offset) {
  return toBuffer(buffer).writeFloatBE(value, offset)
}

function writeFloatLE(buffer, value, offset) {
  return toBuffer(buffer).writeFloatLE(value, offset)
}

function writeInt32BE(buffer, value, offset) {
  return toBuffer(buffer).writeInt32BE(value, offset)
}

function writeInt32LE(buffer, value, offset) {
  return toBuffer(buffer).writeInt32LE(value, offset)
}

function writeUInt32BE(buffer, value, offset) {
  return toBuffer(buffer).writeUInt32BE(value, offset)
}

function writeUInt32LE(buffer, value, offset) {
  return toBuffer(buffer).writeUInt32LE(value, offset)
}

module.exports = {
  isBuffer,
  isEncoding,
  alloc,
  allocUnsafe,
  allocUnsafeSlow,
  byteLength,
  compare,
  concat,
  copy,
  equals,
  fill,
  from,
  includes,
  indexOf,
  lastIndexOf,
  swap16,
  swap32,
  swap64,
  toBuffer,
  toString,
  toHex,
  write,
  readDoubleBE,
  readDoubleLE,
  readFloatBE,
  readFloatLE,
  readInt32BE,
  readInt32LE,
  readUInt32BE,
  readUInt32LE,
  writeDoubleBE,
  writeDoubleLE,
  writeFloatBE,
  writeFloatLE,
  writeInt32BE,
  writeInt32LE,
  writeUInt32BE,
  writeUInt32LE
}


/***/ }),

/***/ 9580:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(4434)


/***/ }),

/***/ 3587:
/***/ ((module) => {

module.exports = class FixedFIFO {
  constructor (hwm) {
    if (!(hwm > 0) || ((hwm - 1) & hwm) !== 0) throw new Error('Max size for a FixedFIFO should be a power of two')
    this.buffer = new Array(hwm)
    this.mask = hwm - 1
    this.top = 0
    this.btm = 0
    this.next = null
  }

  clear () {
    this.top = this.btm = 0
    this.next = null
    this.buffer.fill(undefined)
  }

  push (data) {
    if (this.buffer[this.top] !== undefined) return false
    this.buffer[this.top] = data
    this.top = (this.top + 1) & this.mask
    return true
  }

  shift () {
    const last = this.buffer[this.btm]
    if (last === undefined) return undefined
    this.buffer[this.btm] = undefined
    this.btm = (this.btm + 1) & this.mask
    return last
  }

  peek () {
    return this.buffer[this.btm]
  }

  isEmpty () {
    return this.buffer[this.btm] === undefined
  }
}


/***/ }),

/***/ 3867:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const FixedFIFO = __nccwpck_require__(3587)

module.exports = class FastFIFO {
  constructor (hwm) {
    this.hwm = hwm || 16
    this.head = new FixedFIFO(this.hwm)
    this.tail = this.head
    this.length = 0
  }

  clear () {
    this.head = this.tail
    this.head.clear()
    this.length = 0
  }

  push (val) {
    this.length++
    if (!this.head.push(val)) {
      const prev = this.head
      this.head = prev.next = new FixedFIFO(2 * this.head.buffer.length)
      this.head.push(val)
    }
  }

  shift () {
    if (this.length !== 0) this.length--
    const val = this.tail.shift()
    if (val === undefined && this.tail.next) {
      const next = this.tail.next
      this.tail.next = null
      this.tail = next
      return this.tail.shift()
    }

    return val
  }

  peek () {
    const val = this.tail.peek()
    if (val === undefined && this.tail.next) return this.tail.next.peek()
    return val
  }

  isEmpty () {
    return this.length === 0
  }
}


/***/ }),

/***/ 3313:
/***/ ((module) => {

module.exports = Pend;

function Pend() {
  this.pending = 0;
  this.max = Infinity;
  this.listeners = [];
  this.waiting = [];
  this.error = null;
}

Pend.prototype.go = function(fn) {
  if (this.pending < this.max) {
    pendGo(this, fn);
  } else {
    this.waiting.push(fn);
  }
};

Pend.prototype.wait = function(cb) {
  if (this.pending === 0) {
    cb(this.error);
  } else {
    this.listeners.push(cb);
  }
};

Pend.prototype.hold = function() {
  return pendHold(this);
};

function pendHold(self) {
  self.pending += 1;
  var called = false;
  return onCb;
  function onCb(err) {
    if (called) throw new Error("callback called twice");
    called = true;
    self.error = self.error || err;
    self.pending -= 1;
    if (self.waiting.length > 0 && self.pending < self.max) {
      pendGo(self, self.waiting.shift());
    } else if (self.pending === 0) {
      var listeners = self.listeners;
      self.listeners = [];
      listeners.forEach(cbListener);
    }
  }
  function cbListener(listener) {
    listener(self.error);
  }
}

function pendGo(self, fn) {
  fn(pendHold(self));
}


/***/ }),

/***/ 4006:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(8016);
const utils = __nccwpck_require__(4059);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 5595:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  __proto__: null,
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  DEFAULT_MAX_EXTGLOB_RECURSION,
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 8265:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(5595);
const utils = __nccwpck_require__(4059);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

const splitTopLevel = input => {
  const parts = [];
  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let value = '';
  let escaped = false;

  for (const ch of input) {
    if (escaped === true) {
      value += ch;
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      value += ch;
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      value += ch;
      continue;
    }

    if (quote === 0) {
      if (ch === '[') {
        bracket++;
      } else if (ch === ']' && bracket > 0) {
        bracket--;
      } else if (bracket === 0) {
        if (ch === '(') {
          paren++;
        } else if (ch === ')' && paren > 0) {
          paren--;
        } else if (ch === '|' && paren === 0) {
          parts.push(value);
          value = '';
          continue;
        }
      }
    }

    value += ch;
  }

  parts.push(value);
  return parts;
};

const isPlainBranch = branch => {
  let escaped = false;

  for (const ch of branch) {
    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (/[?*+@!()[\]{}]/.test(ch)) {
      return false;
    }
  }

  return true;
};

const normalizeSimpleBranch = branch => {
  let value = branch.trim();
  let changed = true;

  while (changed === true) {
    changed = false;

    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
      value = value.slice(2, -1);
      changed = true;
    }
  }

  if (!isPlainBranch(value)) {
    return;
  }

  return value.replace(/\\(.)/g, '$1');
};

const hasRepeatedCharPrefixOverlap = branches => {
  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      const char = a[0];

      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
        continue;
      }

      if (a === b || a.startsWith(b) || b.startsWith(a)) {
        return true;
      }
    }
  }

  return false;
};

const parseRepeatedExtglob = (pattern, requireEnd = true) => {
  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
    return;
  }

  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let escaped = false;

  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i];

    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      continue;
    }

    if (quote === 1) {
      continue;
    }

    if (ch === '[') {
      bracket++;
      continue;
    }

    if (ch === ']' && bracket > 0) {
      bracket--;
      continue;
    }

    if (bracket > 0) {
      continue;
    }

    if (ch === '(') {
      paren++;
      continue;
    }

    if (ch === ')') {
      paren--;

      if (paren === 0) {
        if (requireEnd === true && i !== pattern.length - 1) {
          return;
        }

        return {
          type: pattern[0],
          body: pattern.slice(2, i),
          end: i
        };
      }
    }
  }
};

const buildCharClassStar = chars => {
  const source = chars.length === 1
    ? utils.escapeRegex(chars[0])
    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

  return `${source}*`;
};

const getStarExtglobSequenceChars = pattern => {
  let index = 0;
  const chars = [];

  while (index < pattern.length) {
    const match = parseRepeatedExtglob(pattern.slice(index), false);

    if (!match || match.type !== '*') {
      return;
    }

    const branches = splitTopLevel(match.body).map(branch => branch.trim());
    if (branches.length !== 1) {
      return;
    }

    const branch = normalizeSimpleBranch(branches[0]);
    if (!branch || branch.length !== 1) {
      return;
    }

    chars.push(branch);
    index += match.end + 1;
  }

  if (chars.length < 1) {
    return;
  }

  return chars;
};

const repeatedExtglobRecursion = pattern => {
  let depth = 0;
  let value = pattern.trim();
  let match = parseRepeatedExtglob(value);

  while (match) {
    depth++;
    value = match.body.trim();
    match = parseRepeatedExtglob(value);
  }

  return depth;
};

const analyzeRepeatedExtglob = (body, options) => {
  if (options.maxExtglobRecursion === false) {
    return { risky: false };
  }

  const max =
    typeof options.maxExtglobRecursion === 'number'
      ? options.maxExtglobRecursion
      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

  const branches = splitTopLevel(body).map(branch => branch.trim());

  if (branches.length > 1) {
    if (
      branches.some(branch => branch === '') ||
      branches.some(branch => /^[*?]+$/.test(branch)) ||
      hasRepeatedCharPrefixOverlap(branches)
    ) {
      return { risky: true };
    }
  }

  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
  // characters we can emit one flat, ReDoS-safe character class that preserves the
  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
  // every branch but the first.
  const safeChars = [];
  let sawStarSequence = false;
  let combinable = true;

  for (const branch of branches) {
    const chars = getStarExtglobSequenceChars(branch);
    if (chars) {
      sawStarSequence = true;
      safeChars.push(...chars);
      continue;
    }

    const literal = normalizeSimpleBranch(branch);
    if (literal && literal.length === 1) {
      safeChars.push(literal);
      continue;
    }

    combinable = false;

    if (repeatedExtglobRecursion(branch) > max) {
      return { risky: true };
    }
  }

  if (sawStarSequence) {
    return combinable
      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
      : { risky: true };
  }

  return { risky: false };
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    token.startIndex = state.index;
    token.tokensIndex = tokens.length;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    const literal = input.slice(token.startIndex, state.index + 1);
    const body = input.slice(token.startIndex + 2, state.index);
    const analysis = analyzeRepeatedExtglob(body, opts);

    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
      const safeOutput = analysis.safeOutput
        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
        : undefined;
      const open = tokens[token.tokensIndex];

      open.type = 'text';
      open.value = literal;
      open.output = safeOutput || utils.escapeRegex(literal);

      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
        tokens[i].value = '';
        tokens[i].output = '';
        delete tokens[i].suffix;
      }

      state.output = token.output + open.output;
      state.backtrack = true;

      push({ type: 'paren', extglob: true, value, output: '' });
      decrement('parens');
      return;
    }

    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      // A globstar followed only by balanced closing parens is at the logical end of patterns like
      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
      // parent path, except in negated extglobs where that would change the exclusion semantics.
      const isEnd = eos() || (
        state.parens > 0
        && rest === ')'.repeat(state.parens)
        && !extglobs.some(extglob => extglob.type === 'negate')
      );

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 8016:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(1781);
const parse = __nccwpck_require__(8265);
const utils = __nccwpck_require__(4059);
const constants = __nccwpck_require__(5595);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 *
 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
 * const picomatch = require('picomatch/posix');
 * // the same API, defaulting to posix paths
 * const isMatch = picomatch('a/*');
 * console.log(isMatch('a\\b')); //=> false
 * console.log(isMatch('a/b')); //=> true
 *
 * // you can still configure the matcher function to accept windows paths
 * const isMatch = picomatch('a/*', { options: windows });
 * console.log(isMatch('a\\b')); //=> true
 * console.log(isMatch('a/b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input, { windows: posix }));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.makeRe(state[, options]);
 *
 * const result = picomatch.makeRe('*.js');
 * console.log(result);
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 1781:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(4059);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(5595);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          let parens = 0;

          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }

            if (code === CHAR_LEFT_PARENTHESES) {
              parens++;
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        let parens = 1;

        while (eos() !== true && (code = advance())) {
          if (code === CHAR_BACKWARD_SLASH) {
            backslashes = token.backslashes = true;
            advance();
            continue;
          }

          if (code === CHAR_LEFT_PARENTHESES) {
            parens++;
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex !== undefined ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (i >= start) {
        parts.push(value);
        prevIndex = i;
      }
    }

    const n = prevIndex !== undefined ? prevIndex + 1 : start;
    const value = input.slice(n);
    parts.push(value);

    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
      tokens[tokens.length - 1].value = value;
      depth(tokens[tokens.length - 1]);
      state.maxDepth += tokens[tokens.length - 1].depth;
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 4059:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(5595);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
};


/***/ }),

/***/ 6204:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { EventEmitter } = __nccwpck_require__(9580)
const FIFO = __nccwpck_require__(3867)
const TextDecoder = __nccwpck_require__(7934)

const StreamError = __nccwpck_require__(5657)

// if we do a future major, expect queue microtask to be there always, for now a bit defensive
const qmt =
  typeof queueMicrotask === 'undefined' ? (fn) => global.process.nextTick(fn) : queueMicrotask

// 29 bits used total (4 from shared, 14 from read, and 11 from write)
const MAX = (1 << 29) - 1

// Shared state
const OPENING = 0b0001
const PREDESTROYING = 0b0010
const DESTROYING = 0b0100
const DESTROYED = 0b1000

const NOT_OPENING = MAX ^ OPENING
const NOT_PREDESTROYING = MAX ^ PREDESTROYING

// Read state (4 bit offset from shared state)
const READ_ACTIVE = 0b00000000000001 << 4
const READ_UPDATING = 0b00000000000010 << 4
const READ_PRIMARY = 0b00000000000100 << 4
const READ_QUEUED = 0b00000000001000 << 4
const READ_RESUMED = 0b00000000010000 << 4
const READ_PIPE_DRAINED = 0b00000000100000 << 4
const READ_ENDING = 0b00000001000000 << 4
const READ_EMIT_DATA = 0b00000010000000 << 4
const READ_EMIT_READABLE = 0b00000100000000 << 4
const READ_EMITTED_READABLE = 0b00001000000000 << 4
const READ_DONE = 0b00010000000000 << 4
const READ_NEXT_TICK = 0b00100000000000 << 4
const READ_NEEDS_PUSH = 0b01000000000000 << 4
const READ_READ_AHEAD = 0b10000000000000 << 4

// Combined read state
const READ_FLOWING = READ_RESUMED | READ_PIPE_DRAINED
const READ_ACTIVE_AND_NEEDS_PUSH = READ_ACTIVE | READ_NEEDS_PUSH
const READ_PRIMARY_AND_ACTIVE = READ_PRIMARY | READ_ACTIVE
const READ_EMIT_READABLE_AND_QUEUED = READ_EMIT_READABLE | READ_QUEUED
const READ_RESUMED_READ_AHEAD = READ_RESUMED | READ_READ_AHEAD

const READ_NOT_ACTIVE = MAX ^ READ_ACTIVE
const READ_NON_PRIMARY = MAX ^ READ_PRIMARY
const READ_NON_PRIMARY_AND_PUSHED = MAX ^ (READ_PRIMARY | READ_NEEDS_PUSH)
const READ_PUSHED = MAX ^ READ_NEEDS_PUSH
const READ_PAUSED = MAX ^ READ_RESUMED
const READ_NOT_QUEUED = MAX ^ (READ_QUEUED | READ_EMITTED_READABLE)
const READ_NOT_ENDING = MAX ^ READ_ENDING
const READ_PIPE_NOT_DRAINED = MAX ^ READ_FLOWING
const READ_NOT_NEXT_TICK = MAX ^ READ_NEXT_TICK
const READ_NOT_UPDATING = MAX ^ READ_UPDATING
const READ_NO_READ_AHEAD = MAX ^ READ_READ_AHEAD
const READ_PAUSED_NO_READ_AHEAD = MAX ^ READ_RESUMED_READ_AHEAD

// Write state (18 bit offset, 4 bit offset from shared state and 14 from read state)
const WRITE_ACTIVE = 0b00000000001 << 18
const WRITE_UPDATING = 0b00000000010 << 18
const WRITE_PRIMARY = 0b00000000100 << 18
const WRITE_QUEUED = 0b00000001000 << 18
const WRITE_UNDRAINED = 0b00000010000 << 18
const WRITE_DONE = 0b00000100000 << 18
const WRITE_EMIT_DRAIN = 0b00001000000 << 18
const WRITE_NEXT_TICK = 0b00010000000 << 18
const WRITE_WRITING = 0b00100000000 << 18
const WRITE_FINISHING = 0b01000000000 << 18
const WRITE_CORKED = 0b10000000000 << 18

const WRITE_NOT_ACTIVE = MAX ^ (WRITE_ACTIVE | WRITE_WRITING)
const WRITE_NON_PRIMARY = MAX ^ WRITE_PRIMARY
const WRITE_NOT_FINISHING = MAX ^ (WRITE_ACTIVE | WRITE_FINISHING)
const WRITE_DRAINED = MAX ^ WRITE_UNDRAINED
const WRITE_NOT_QUEUED = MAX ^ WRITE_QUEUED
const WRITE_NOT_NEXT_TICK = MAX ^ WRITE_NEXT_TICK
const WRITE_NOT_UPDATING = MAX ^ WRITE_UPDATING
const WRITE_NOT_CORKED = MAX ^ WRITE_CORKED

// Combined shared state
const ACTIVE = READ_ACTIVE | WRITE_ACTIVE
const NOT_ACTIVE = MAX ^ ACTIVE
const DONE = READ_DONE | WRITE_DONE
const DESTROY_STATUS = DESTROYING | DESTROYED | PREDESTROYING
const OPEN_STATUS = DESTROY_STATUS | OPENING
const AUTO_DESTROY = DESTROY_STATUS | DONE
const NON_PRIMARY = WRITE_NON_PRIMARY & READ_NON_PRIMARY
const ACTIVE_OR_TICKING = WRITE_NEXT_TICK | READ_NEXT_TICK
const TICKING = ACTIVE_OR_TICKING & NOT_ACTIVE
const IS_OPENING = OPEN_STATUS | TICKING

// Combined shared state and read state
const READ_PRIMARY_STATUS = OPEN_STATUS | READ_ENDING | READ_DONE
const READ_STATUS = OPEN_STATUS | READ_DONE | READ_QUEUED
const READ_ENDING_STATUS = OPEN_STATUS | READ_ENDING | READ_QUEUED
const READ_READABLE_STATUS = OPEN_STATUS | READ_EMIT_READABLE | READ_QUEUED | READ_EMITTED_READABLE
const SHOULD_NOT_READ =
  OPEN_STATUS | READ_ACTIVE | READ_ENDING | READ_DONE | READ_NEEDS_PUSH | READ_READ_AHEAD
const READ_BACKPRESSURE_STATUS = DESTROY_STATUS | READ_ENDING | READ_DONE
const READ_UPDATE_SYNC_STATUS = READ_UPDATING | OPEN_STATUS | READ_NEXT_TICK | READ_PRIMARY
const READ_NEXT_TICK_OR_OPENING = READ_NEXT_TICK | OPENING

// Combined write state
const WRITE_PRIMARY_STATUS = OPEN_STATUS | WRITE_FINISHING | WRITE_DONE
const WRITE_QUEUED_AND_UNDRAINED = WRITE_QUEUED | WRITE_UNDRAINED
const WRITE_QUEUED_AND_ACTIVE = WRITE_QUEUED | WRITE_ACTIVE
const WRITE_DRAIN_STATUS = WRITE_QUEUED | WRITE_UNDRAINED | OPEN_STATUS | WRITE_ACTIVE
const WRITE_STATUS = OPEN_STATUS | WRITE_ACTIVE | WRITE_QUEUED | WRITE_CORKED
const WRITE_PRIMARY_AND_ACTIVE = WRITE_PRIMARY | WRITE_ACTIVE
const WRITE_ACTIVE_AND_WRITING = WRITE_ACTIVE | WRITE_WRITING
const WRITE_FINISHING_STATUS = OPEN_STATUS | WRITE_FINISHING | WRITE_QUEUED_AND_ACTIVE | WRITE_DONE
const WRITE_BACKPRESSURE_STATUS = WRITE_UNDRAINED | DESTROY_STATUS | WRITE_FINISHING | WRITE_DONE
const WRITE_UPDATE_SYNC_STATUS = WRITE_UPDATING | OPEN_STATUS | WRITE_NEXT_TICK | WRITE_PRIMARY
const WRITE_DROP_DATA = WRITE_FINISHING | WRITE_DONE | DESTROY_STATUS

const asyncIterator = Symbol.asyncIterator || Symbol('asyncIterator')

class WritableState {
  constructor(
    stream,
    { highWaterMark = 16384, map = null, mapWritable, byteLength, byteLengthWritable } = {}
  ) {
    this.stream = stream
    this.queue = new FIFO()
    this.highWaterMark = highWaterMark
    this.buffered = 0
    this.error = null
    this.pipeline = null
    this.drains = null // if we add more seldomly used helpers we might them into a subobject so its a single ptr
    this.byteLength = byteLengthWritable || byteLength || defaultByteLength
    this.map = mapWritable || map
    this.afterWrite = afterWrite.bind(this)
    this.afterUpdateNextTick = updateWriteNT.bind(this)
  }

  get ending() {
    return (this.stream._duplexState & WRITE_FINISHING) !== 0
  }

  get ended() {
    return (this.stream._duplexState & WRITE_DONE) !== 0
  }

  push(data) {
    if ((this.stream._duplexState & WRITE_DROP_DATA) !== 0) return false
    if (this.map !== null) data = this.map(data)

    this.buffered += this.byteLength(data)
    this.queue.push(data)

    if (this.buffered < this.highWaterMark) {
      this.stream._duplexState |= WRITE_QUEUED
      return true
    }

    this.stream._duplexState |= WRITE_QUEUED_AND_UNDRAINED
    return false
  }

  shift() {
    const data = this.queue.shift()

    this.buffered -= this.byteLength(data)
    if (this.buffered === 0) this.stream._duplexState &= WRITE_NOT_QUEUED

    return data
  }

  end(data) {
    if (typeof data === 'function') {
      this.stream.once('finish', data)
    } else if (data !== undefined && data !== null) {
      this.push(data)
    }

    this.stream._duplexState = (this.stream._duplexState | WRITE_FINISHING) & WRITE_NON_PRIMARY
  }

  autoBatch(data, cb) {
    const buffer = []
    const stream = this.stream

    buffer.push(data)
    while ((stream._duplexState & WRITE_STATUS) === WRITE_QUEUED_AND_ACTIVE) {
      buffer.push(stream._writableState.shift())
    }

    if ((stream._duplexState & OPEN_STATUS) !== 0) return cb(null)
    stream._writev(buffer, cb)
  }

  update() {
    const stream = this.stream

    stream._duplexState |= WRITE_UPDATING

    do {
      while ((stream._duplexState & WRITE_STATUS) === WRITE_QUEUED) {
        const data = this.shift()
        stream._duplexState |= WRITE_ACTIVE_AND_WRITING
        stream._write(data, this.afterWrite)
      }

      if ((stream._duplexState & WRITE_PRIMARY_AND_ACTIVE) === 0) this.updateNonPrimary()
    } while (this.continueUpdate() === true)

    stream._duplexState &= WRITE_NOT_UPDATING
  }

  updateNonPrimary() {
    const stream = this.stream

    if ((stream._duplexState & WRITE_FINISHING_STATUS) === WRITE_FINISHING) {
      stream._duplexState = stream._duplexState | WRITE_ACTIVE
      stream._final(afterFinal.bind(this))
      return
    }

    if ((stream._duplexState & DESTROY_STATUS) === DESTROYING) {
      if ((stream._duplexState & ACTIVE_OR_TICKING) === 0) {
        stream._duplexState |= ACTIVE
        stream._destroy(afterDestroy.bind(this))
      }
      return
    }

    if ((stream._duplexState & IS_OPENING) === OPENING) {
      stream._duplexState = (stream._duplexState | ACTIVE) & NOT_OPENING
      stream._open(afterOpen.bind(this))
    }
  }

  continueUpdate() {
    if ((this.stream._duplexState & WRITE_NEXT_TICK) === 0) return false
    this.stream._duplexState &= WRITE_NOT_NEXT_TICK
    return true
  }

  updateCallback() {
    if ((this.stream._duplexState & WRITE_UPDATE_SYNC_STATUS) === WRITE_PRIMARY) {
      this.update()
    } else {
      this.updateNextTick()
    }
  }

  updateNextTick() {
    if ((this.stream._duplexState & WRITE_NEXT_TICK) !== 0) return
    this.stream._duplexState |= WRITE_NEXT_TICK
    if ((this.stream._duplexState & WRITE_UPDATING) === 0) qmt(this.afterUpdateNextTick)
  }
}

class ReadableState {
  constructor(
    stream,
    { highWaterMark = 16384, map = null, mapReadable, byteLength, byteLengthReadable } = {}
  ) {
    this.stream = stream
    this.queue = new FIFO()
    this.highWaterMark = highWaterMark === 0 ? 1 : highWaterMark
    this.buffered = 0
    this.readAhead = highWaterMark > 0
    this.error = null
    this.pipeline = null
    this.byteLength = byteLengthReadable || byteLength || defaultByteLength
    this.map = mapReadable || map
    this.pipeTo = null
    this.afterRead = afterRead.bind(this)
    this.afterUpdateNextTick = updateReadNT.bind(this)
  }

  get ending() {
    return (this.stream._duplexState & READ_ENDING) !== 0
  }

  get ended() {
    return (this.stream._duplexState & READ_DONE) !== 0
  }

  pipe(pipeTo, cb) {
    if (this.pipeTo !== null) throw StreamError.BAD_ARGUMENT('Can only pipe to one destination')
    if (typeof cb !== 'function') cb = null

    this.stream._duplexState |= READ_PIPE_DRAINED
    this.pipeTo = pipeTo
    this.pipeline = new Pipeline(this.stream, pipeTo, cb)

    if (cb) this.stream.on('error', noop) // We already error handle this so supress crashes

    if (isStreamx(pipeTo)) {
      pipeTo._writableState.pipeline = this.pipeline
      if (cb) pipeTo.on('error', noop) // We already error handle this so supress crashes
      pipeTo.on('finish', this.pipeline.finished.bind(this.pipeline)) // TODO: just call finished from pipeTo itself
    } else {
      const onerror = this.pipeline.done.bind(this.pipeline, pipeTo)
      const onclose = this.pipeline.done.bind(this.pipeline, pipeTo, null) // onclose has a weird bool arg
      pipeTo.on('error', onerror)
      pipeTo.on('close', onclose)
      pipeTo.on('finish', this.pipeline.finished.bind(this.pipeline))
    }

    pipeTo.on('drain', afterDrain.bind(this))
    this.stream.emit('piping', pipeTo)
    pipeTo.emit('pipe', this.stream)
  }

  push(data) {
    const stream = this.stream

    if (data === null) {
      this.highWaterMark = 0
      stream._duplexState = (stream._duplexState | READ_ENDING) & READ_NON_PRIMARY_AND_PUSHED
      return false
    }

    if (this.map !== null) {
      data = this.map(data)
      if (data === null) {
        stream._duplexState &= READ_PUSHED
        return this.buffered < this.highWaterMark
      }
    }

    this.buffered += this.byteLength(data)
    this.queue.push(data)

    stream._duplexState = (stream._duplexState | READ_QUEUED) & READ_PUSHED

    return this.buffered < this.highWaterMark
  }

  shift() {
    const data = this.queue.shift()

    this.buffered -= this.byteLength(data)
    if (this.buffered === 0) {
      this.stream._duplexState &= READ_NOT_QUEUED
    }

    return data
  }

  unshift(data) {
    const pending = [this.map !== null ? this.map(data) : data]
    while (this.buffered > 0) pending.push(this.shift())

    for (let i = 0; i < pending.length - 1; i++) {
      const data = pending[i]
      this.buffered += this.byteLength(data)
      this.queue.push(data)
    }

    this.push(pending[pending.length - 1])
  }

  read() {
    const stream = this.stream

    if ((stream._duplexState & READ_STATUS) === READ_QUEUED) {
      const data = this.shift()

      if (this.pipeTo !== null && this.pipeTo.write(data) === false) {
        stream._duplexState &= READ_PIPE_NOT_DRAINED
      }

      if ((stream._duplexState & READ_EMIT_DATA) !== 0) {
        stream.emit('data', data)
      }

      return data
    }

    if (this.readAhead === false) {
      stream._duplexState |= READ_READ_AHEAD
      this.updateNextTick()
    }

    return null
  }

  drain() {
    const stream = this.stream

    while (
      (stream._duplexState & READ_STATUS) === READ_QUEUED &&
      (stream._duplexState & READ_FLOWING) !== 0
    ) {
      const data = this.shift()

      if (this.pipeTo !== null && this.pipeTo.write(data) === false) {
        stream._duplexState &= READ_PIPE_NOT_DRAINED
      }

      if ((stream._duplexState & READ_EMIT_DATA) !== 0) {
        stream.emit('data', data)
      }
    }
  }

  update() {
    const stream = this.stream

    stream._duplexState |= READ_UPDATING

    do {
      this.drain()

      while (
        this.buffered < this.highWaterMark &&
        (stream._duplexState & SHOULD_NOT_READ) === READ_READ_AHEAD
      ) {
        stream._duplexState |= READ_ACTIVE_AND_NEEDS_PUSH
        stream._read(this.afterRead)
        this.drain()
      }

      if ((stream._duplexState & READ_READABLE_STATUS) === READ_EMIT_READABLE_AND_QUEUED) {
        stream._duplexState |= READ_EMITTED_READABLE
        stream.emit('readable')
      }

      if ((stream._duplexState & READ_PRIMARY_AND_ACTIVE) === 0) {
        this.updateNonPrimary()
      }
    } while (this.continueUpdate() === true)

    stream._duplexState &= READ_NOT_UPDATING
  }

  updateNonPrimary() {
    const stream = this.stream

    if ((stream._duplexState & READ_ENDING_STATUS) === READ_ENDING) {
      stream._duplexState = (stream._duplexState | READ_DONE) & READ_NOT_ENDING
      stream.emit('end')

      if ((stream._duplexState & AUTO_DESTROY) === DONE) {
        stream._duplexState |= DESTROYING
      }

      if (this.pipeTo !== null) {
        this.pipeTo.end()
      }
    }

    if ((stream._duplexState & DESTROY_STATUS) === DESTROYING) {
      if ((stream._duplexState & ACTIVE_OR_TICKING) === 0) {
        stream._duplexState |= ACTIVE
        stream._destroy(afterDestroy.bind(this))
      }
      return
    }

    if ((stream._duplexState & IS_OPENING) === OPENING) {
      stream._duplexState = (stream._duplexState | ACTIVE) & NOT_OPENING
      stream._open(afterOpen.bind(this))
    }
  }

  continueUpdate() {
    if ((this.stream._duplexState & READ_NEXT_TICK) === 0) return false
    this.stream._duplexState &= READ_NOT_NEXT_TICK
    return true
  }

  updateCallback() {
    if ((this.stream._duplexState & READ_UPDATE_SYNC_STATUS) === READ_PRIMARY) {
      this.update()
    } else {
      this.updateNextTick()
    }
  }

  updateNextTickIfOpen() {
    if ((this.stream._duplexState & READ_NEXT_TICK_OR_OPENING) !== 0) return
    this.stream._duplexState |= READ_NEXT_TICK
    if ((this.stream._duplexState & READ_UPDATING) === 0) qmt(this.afterUpdateNextTick)
  }

  updateNextTick() {
    if ((this.stream._duplexState & READ_NEXT_TICK) !== 0) return
    this.stream._duplexState |= READ_NEXT_TICK
    if ((this.stream._duplexState & READ_UPDATING) === 0) qmt(this.afterUpdateNextTick)
  }
}

class TransformState {
  constructor(stream) {
    this.data = null
    this.afterTransform = afterTransform.bind(stream)
    this.afterFinal = null
  }
}

class Pipeline {
  constructor(src, dst, cb) {
    this.from = src
    this.to = dst
    this.afterPipe = cb
    this.error = null
    this.pipeToFinished = false
  }

  finished() {
    this.pipeToFinished = true
  }

  done(stream, err) {
    if (err) this.error = err

    if (stream === this.to) {
      this.to = null

      if (this.from !== null) {
        if ((this.from._duplexState & READ_DONE) === 0 || !this.pipeToFinished) {
          this.from.destroy(this.error || StreamError.PREMATURE_CLOSE('Writable stream closed'))
        }
        return
      }
    }

    if (stream === this.from) {
      this.from = null

      if (this.to !== null) {
        if ((stream._duplexState & READ_DONE) === 0) {
          this.to.destroy(this.error || StreamError.PREMATURE_CLOSE('Readable stream closed'))
        }
        return
      }
    }

    if (this.afterPipe !== null) this.afterPipe(this.error)
    this.to = this.from = this.afterPipe = null
  }
}

function afterDrain() {
  this.stream._duplexState |= READ_PIPE_DRAINED
  this.updateCallback()
}

function afterFinal(err) {
  const stream = this.stream
  if (err) stream.destroy(err)

  if ((stream._duplexState & DESTROY_STATUS) === 0) {
    stream._duplexState |= WRITE_DONE
    stream.emit('finish')
  }

  if ((stream._duplexState & AUTO_DESTROY) === DONE) {
    stream._duplexState |= DESTROYING
  }

  stream._duplexState &= WRITE_NOT_FINISHING

  // no need to wait the extra tick here, so we short circuit that
  if ((stream._duplexState & WRITE_UPDATING) === 0) {
    this.update()
  } else {
    this.updateNextTick()
  }
}

function afterDestroy(err) {
  const stream = this.stream

  if (!err && !StreamError.isStreamDestroyed(this.error)) err = this.error
  if (err) stream.emit('error', err)

  stream._duplexState |= DESTROYED
  stream.emit('close')

  const rs = stream._readableState
  const ws = stream._writableState

  if (rs !== null && rs.pipeline !== null) {
    rs.pipeline.done(stream, err)
  }

  if (ws !== null) {
    while (ws.drains !== null && ws.drains.length > 0) {
      ws.drains.shift().resolve(false)
    }

    if (ws.pipeline !== null) {
      ws.pipeline.done(stream, err)
    }
  }
}

function afterWrite(err) {
  const stream = this.stream

  if (err) stream.destroy(err)
  stream._duplexState &= WRITE_NOT_ACTIVE

  if (this.drains !== null) tickDrains(this.drains)

  if ((stream._duplexState & WRITE_DRAIN_STATUS) === WRITE_UNDRAINED) {
    stream._duplexState &= WRITE_DRAINED

    if ((stream._duplexState & WRITE_EMIT_DRAIN) === WRITE_EMIT_DRAIN) {
      stream.emit('drain')
    }
  }

  this.updateCallback()
}

function afterRead(err) {
  if (err) this.stream.destroy(err)
  this.stream._duplexState &= READ_NOT_ACTIVE

  if (this.readAhead === false && (this.stream._duplexState & READ_RESUMED) === 0) {
    this.stream._duplexState &= READ_NO_READ_AHEAD
  }

  this.updateCallback()
}

function updateReadNT() {
  if ((this.stream._duplexState & READ_UPDATING) === 0) {
    this.stream._duplexState &= READ_NOT_NEXT_TICK
    this.update()
  }
}

function updateWriteNT() {
  if ((this.stream._duplexState & WRITE_UPDATING) === 0) {
    this.stream._duplexState &= WRITE_NOT_NEXT_TICK
    this.update()
  }
}

function tickDrains(drains) {
  for (let i = 0; i < drains.length; i++) {
    // drains.writes are monotonic, so if one is 0 its always the first one
    if (--drains[i].writes === 0) {
      drains.shift().resolve(true)
      i--
    }
  }
}

function afterOpen(err) {
  const stream = this.stream

  if (err) stream.destroy(err)

  if ((stream._duplexState & DESTROYING) === 0) {
    if ((stream._duplexState & READ_PRIMARY_STATUS) === 0) {
      stream._duplexState |= READ_PRIMARY
    }

    if ((stream._duplexState & WRITE_PRIMARY_STATUS) === 0) {
      stream._duplexState |= WRITE_PRIMARY
    }

    stream.emit('open')
  }

  stream._duplexState &= NOT_ACTIVE

  if (stream._writableState !== null) {
    stream._writableState.updateCallback()
  }

  if (stream._readableState !== null) {
    stream._readableState.updateCallback()
  }
}

function afterTransform(err, data) {
  if (data !== undefined && data !== null) this.push(data)
  this._writableState.afterWrite(err)
}

function newListener(name) {
  if (this._readableState !== null) {
    if (name === 'data') {
      this._duplexState |= READ_EMIT_DATA | READ_RESUMED_READ_AHEAD
      this._readableState.updateNextTick()
    }
    if (name === 'readable') {
      this._duplexState |= READ_EMIT_READABLE
      this._readableState.updateNextTick()
    }
  }

  if (this._writableState !== null) {
    if (name === 'drain') {
      this._duplexState |= WRITE_EMIT_DRAIN
      this._writableState.updateNextTick()
    }
  }
}

class Stream extends EventEmitter {
  constructor(opts) {
    super()

    this._duplexState = 0
    this._readableState = null
    this._writableState = null

    if (opts) {
      if (opts.open) this._open = opts.open
      if (opts.destroy) this._destroy = opts.destroy
      if (opts.predestroy) this._predestroy = opts.predestroy
      if (opts.signal) opts.signal.addEventListener('abort', abort.bind(this))
    }

    this.on('newListener', newListener)
  }

  _open(cb) {
    cb(null)
  }

  _destroy(cb) {
    cb(null)
  }

  _predestroy() {
    // does nothing
  }

  get readable() {
    return this._readableState !== null ? true : undefined
  }

  get writable() {
    return this._writableState !== null ? true : undefined
  }

  get destroyed() {
    return (this._duplexState & DESTROYED) !== 0
  }

  get destroying() {
    return (this._duplexState & DESTROY_STATUS) !== 0
  }

  destroy(err) {
    if ((this._duplexState & DESTROY_STATUS) === 0) {
      if (!err) err = StreamError.STREAM_DESTROYED()
      this._duplexState = (this._duplexState | DESTROYING) & NON_PRIMARY

      if (this._readableState !== null) {
        this._readableState.highWaterMark = 0
        this._readableState.error = err
      }

      if (this._writableState !== null) {
        this._writableState.highWaterMark = 0
        this._writableState.error = err
      }

      this._duplexState |= PREDESTROYING
      this._predestroy()
      this._duplexState &= NOT_PREDESTROYING

      if (this._readableState !== null) {
        this._readableState.updateNextTick()
      }

      if (this._writableState !== null) {
        this._writableState.updateNextTick()
      }
    }
  }
}

class Readable extends Stream {
  constructor(opts) {
    super(opts)

    this._duplexState |= OPENING | WRITE_DONE | READ_READ_AHEAD
    this._readableState = new ReadableState(this, opts)

    if (opts) {
      if (this._readableState.readAhead === false) this._duplexState &= READ_NO_READ_AHEAD
      if (opts.read) this._read = opts.read
      if (opts.eagerOpen) this._readableState.updateNextTick()
      if (opts.encoding) this.setEncoding(opts.encoding)
    }
  }

  static deferred(fn, opts) {
    const out = new PassThrough(opts)

    fn()
      .then((src) => {
        if (src === null) return out.end()
        if (out.destroying) return
        pipeline(src, out, noop)
      })
      .catch((err) => out.destroy(err))

    return out
  }

  setEncoding(encoding) {
    const dec = new TextDecoder(encoding)
    const map = this._readableState.map || echo
    this._readableState.map = mapOrSkip
    return this

    function mapOrSkip(data) {
      const next = dec.push(data)
      return next === '' && (data.byteLength !== 0 || dec.remaining > 0) ? null : map(next)
    }
  }

  _read(cb) {
    cb(null)
  }

  pipe(dest, cb) {
    this._readableState.updateNextTick()
    this._readableState.pipe(dest, cb)
    return dest
  }

  read() {
    this._readableState.updateNextTick()
    return this._readableState.read()
  }

  push(data) {
    this._readableState.updateNextTickIfOpen()
    return this._readableState.push(data)
  }

  unshift(data) {
    this._readableState.updateNextTickIfOpen()
    return this._readableState.unshift(data)
  }

  resume() {
    this._duplexState |= READ_RESUMED_READ_AHEAD
    this._readableState.updateNextTick()
    return this
  }

  pause() {
    this._duplexState &=
      this._readableState.readAhead === false ? READ_PAUSED_NO_READ_AHEAD : READ_PAUSED
    return this
  }

  static _fromAsyncIterator(ite, opts) {
    let destroy

    const rs = new Readable({
      ...opts,
      read(cb) {
        ite.next().then(push).then(cb.bind(null, null)).catch(cb)
      },
      predestroy() {
        destroy = ite.return()
      },
      destroy(cb) {
        if (!destroy) return cb(null)
        destroy.then(cb.bind(null, null)).catch(cb)
      }
    })

    return rs

    function push(data) {
      if (data.done) rs.push(null)
      else rs.push(data.value)
    }
  }

  static from(data, opts) {
    if (isReadStreamx(data)) return data
    if (data[asyncIterator]) return this._fromAsyncIterator(data[asyncIterator](), opts)
    if (!Array.isArray(data)) data = data === undefined ? [] : [data]

    let i = 0
    return new Readable({
      ...opts,
      read(cb) {
        this.push(i === data.length ? null : data[i++])
        cb(null)
      }
    })
  }

  static isBackpressured(rs) {
    return (
      (rs._duplexState & READ_BACKPRESSURE_STATUS) !== 0 ||
      rs._readableState.buffered >= rs._readableState.highWaterMark
    )
  }

  static isPaused(rs) {
    return (rs._duplexState & READ_RESUMED) === 0
  }

  [asyncIterator]() {
    const stream = this

    let error = null
    let promiseResolve = null
    let promiseReject = null

    this.on('error', (err) => {
      error = err
    })
    this.on('readable', onreadable)
    this.on('close', onclose)

    return {
      [asyncIterator]() {
        return this
      },
      next() {
        return new Promise(function (resolve, reject) {
          promiseResolve = resolve
          promiseReject = reject
          const data = stream.read()
          if (data !== null) ondata(data)
          else if ((stream._duplexState & DESTROYED) !== 0) ondata(null)
        })
      },
      return() {
        return destroy(null)
      },
      throw(err) {
        return destroy(err)
      }
    }

    function onreadable() {
      if (promiseResolve !== null) ondata(stream.read())
    }

    function onclose() {
      if (promiseResolve !== null) ondata(null)
    }

    function ondata(data) {
      if (promiseReject === null) return
      if (error) {
        promiseReject(error)
      } else if (data === null && (stream._duplexState & READ_DONE) === 0) {
        promiseReject(StreamError.STREAM_DESTROYED())
      } else {
        promiseResolve({ value: data, done: data === null })
      }
      promiseReject = promiseResolve = null
    }

    function destroy(err) {
      stream.destroy(err)
      return new Promise((resolve, reject) => {
        if (stream._duplexState & DESTROYED) return resolve({ value: undefined, done: true })
        stream.once('close', function () {
          if (err) reject(err)
          else resolve({ value: undefined, done: true })
        })
      })
    }
  }
}

class Writable extends Stream {
  constructor(opts) {
    super(opts)

    this._duplexState |= OPENING | READ_DONE
    this._writableState = new WritableState(this, opts)

    if (opts) {
      if (opts.writev) this._writev = opts.writev
      if (opts.write) this._write = opts.write
      if (opts.final) this._final = opts.final
      if (opts.eagerOpen) this._writableState.updateNextTick()
    }
  }

  cork() {
    this._duplexState |= WRITE_CORKED
  }

  uncork() {
    this._duplexState &= WRITE_NOT_CORKED
    this._writableState.updateNextTick()
  }

  _writev(batch, cb) {
    cb(null)
  }

  _write(data, cb) {
    this._writableState.autoBatch(data, cb)
  }

  _final(cb) {
    cb(null)
  }

  static isBackpressured(ws) {
    return (ws._duplexState & WRITE_BACKPRESSURE_STATUS) !== 0
  }

  static drained(ws) {
    if (ws.destroyed) return Promise.resolve(false)

    const state = ws._writableState
    const pending = isWritev(ws) ? Math.min(1, state.queue.length) : state.queue.length
    const writes = pending + (ws._duplexState & WRITE_WRITING ? 1 : 0)
    if (writes === 0) return Promise.resolve(true)

    if (state.drains === null) state.drains = []
    return new Promise((resolve) => {
      state.drains.push({ writes, resolve })
    })
  }

  write(data) {
    this._writableState.updateNextTick()
    return this._writableState.push(data)
  }

  end(data) {
    this._writableState.updateNextTick()
    this._writableState.end(data)
    return this
  }
}

class Duplex extends Readable {
  // and Writable
  constructor(opts) {
    super(opts)

    this._duplexState = OPENING | (this._duplexState & READ_READ_AHEAD)
    this._writableState = new WritableState(this, opts)

    if (opts) {
      if (opts.writev) this._writev = opts.writev
      if (opts.write) this._write = opts.write
      if (opts.final) this._final = opts.final
    }
  }

  cork() {
    this._duplexState |= WRITE_CORKED
  }

  uncork() {
    this._duplexState &= WRITE_NOT_CORKED
    this._writableState.updateNextTick()
  }

  _writev(batch, cb) {
    cb(null)
  }

  _write(data, cb) {
    this._writableState.autoBatch(data, cb)
  }

  _final(cb) {
    cb(null)
  }

  write(data) {
    this._writableState.updateNextTick()
    return this._writableState.push(data)
  }

  end(data) {
    this._writableState.updateNextTick()
    this._writableState.end(data)
    return this
  }
}

class Transform extends Duplex {
  constructor(opts) {
    super(opts)
    this._transformState = new TransformState(this)

    if (opts) {
      if (opts.transform) this._transform = opts.transform
      if (opts.flush) this._flush = opts.flush
    }
  }

  _write(data, cb) {
    if (this._readableState.buffered >= this._readableState.highWaterMark) {
      this._transformState.data = data
    } else {
      this._transform(data, this._transformState.afterTransform)
    }
  }

  _read(cb) {
    if (this._transformState.data !== null) {
      const data = this._transformState.data
      this._transformState.data = null
      cb(null)
      this._transform(data, this._transformState.afterTransform)
    } else {
      cb(null)
    }
  }

  destroy(err) {
    super.destroy(err)
    if (this._transformState.data !== null) {
      this._transformState.data = null
      this._transformState.afterTransform()
    }
  }

  _transform(data, cb) {
    cb(null, data)
  }

  _flush(cb) {
    cb(null)
  }

  _final(cb) {
    this._transformState.afterFinal = cb
    this._flush(transformAfterFlush.bind(this))
  }
}

class PassThrough extends Transform {}

function transformAfterFlush(err, data) {
  const cb = this._transformState.afterFinal
  if (err) return cb(err)

  if (data !== null && data !== undefined) this.push(data)
  this.push(null)
  cb(null)
}

function pipelinePromise(...streams) {
  return new Promise((resolve, reject) => {
    return pipeline(...streams, (err) => {
      if (err) return reject(err)
      resolve()
    })
  })
}

function pipeline(stream, ...streams) {
  const all = Array.isArray(stream) ? [...stream, ...streams] : [stream, ...streams]
  const done = all.length && typeof all[all.length - 1] === 'function' ? all.pop() : null

  if (all.length < 2) throw StreamError.BAD_ARGUMENT('Pipeline requires at least 2 streams')

  let src = all[0]
  let dest = null
  let error = null

  for (let i = 1; i < all.length; i++) {
    dest = all[i]

    if (isStreamx(src)) {
      src.pipe(dest, onerror)
    } else {
      errorHandle(src, true, i > 1, onerror)
      src.pipe(dest)
    }

    src = dest
  }

  if (done) {
    let fin = false

    const autoDestroy =
      isStreamx(dest) || !!(dest._writableState && dest._writableState.autoDestroy)

    dest.on('error', (err) => {
      if (error === null) error = err
    })

    dest.on('finish', () => {
      fin = true
      if (!autoDestroy) done(error)
    })

    if (autoDestroy) {
      dest.on('close', () => done(error || (fin ? null : StreamError.PREMATURE_CLOSE())))
    }
  }

  return dest

  function errorHandle(s, rd, wr, onerror) {
    s.on('error', onerror)
    s.on('close', onclose)

    function onclose() {
      if (rd && s._readableState && !s._readableState.ended) {
        return onerror(StreamError.PREMATURE_CLOSE())
      }
      if (wr && s._writableState && !s._writableState.ended) {
        return onerror(StreamError.PREMATURE_CLOSE())
      }
    }
  }

  function onerror(err) {
    if (!err || error) return
    error = err

    for (const s of all) {
      s.destroy(err)
    }
  }
}

function echo(s) {
  return s
}

function isStream(stream) {
  return !!stream._readableState || !!stream._writableState
}

function isStreamx(stream) {
  return typeof stream._duplexState === 'number' && isStream(stream)
}

function isEnding(stream) {
  return !!stream._readableState && stream._readableState.ending
}

function isEnded(stream) {
  return !!stream._readableState && stream._readableState.ended
}

function isFinishing(stream) {
  return !!stream._writableState && stream._writableState.ending
}

function isFinished(stream) {
  return !!stream._writableState && stream._writableState.ended
}

function getStreamError(stream, opts = {}) {
  const err =
    (stream._readableState && stream._readableState.error) ||
    (stream._writableState && stream._writableState.error)

  // avoid implicit errors by default
  return !opts.all && StreamError.isStreamDestroyed(err) ? null : err
}

function isReadStreamx(stream) {
  return isStreamx(stream) && stream.readable
}

function isDisturbed(stream) {
  return (
    (stream._duplexState & OPENING) !== OPENING ||
    (stream._duplexState & DESTROYING) === DESTROYING ||
    (stream._duplexState & ACTIVE_OR_TICKING) !== 0
  )
}

function isTypedArray(data) {
  return typeof data === 'object' && data !== null && typeof data.byteLength === 'number'
}

function defaultByteLength(data) {
  return isTypedArray(data) ? data.byteLength : 1024
}

function noop() {}

function abort() {
  this.destroy(StreamError.ABORTED())
}

function isWritev(s) {
  return s._writev !== Writable.prototype._writev && s._writev !== Duplex.prototype._writev
}

module.exports = {
  pipeline,
  pipelinePromise,
  isStream,
  isStreamx,
  isEnding,
  isEnded,
  isFinishing,
  isFinished,
  isDisturbed,
  getStreamError,
  Stream,
  Writable,
  Readable,
  Duplex,
  Transform,
  // Export PassThrough for compatibility with Node.js core's stream module
  PassThrough
}


/***/ }),

/***/ 5657:
/***/ ((module) => {

module.exports = class StreamError extends Error {
  constructor(msg, code, fn = StreamError) {
    super(msg)

    this.code = code

    if (Error.captureStackTrace) {
      Error.captureStackTrace(this, fn)
    }
  }

  static isStreamDestroyed(err) {
    return err && err.code === 'STREAM_DESTROYED'
  }

  static isPrematureClose(err) {
    return err && err.code === 'PREMATURE_CLOSE'
  }

  static isAborted(err) {
    return err && err.code === 'ABORTED'
  }

  static isBadArgument(err) {
    return err && err.code === 'BAD_ARGUMENT'
  }

  get name() {
    return 'StreamError'
  }

  static STREAM_DESTROYED() {
    return new StreamError('Stream was destroyed', 'STREAM_DESTROYED', StreamError.STREAM_DESTROYED)
  }

  static PREMATURE_CLOSE(msg = 'Premature close') {
    return new StreamError(msg, 'PREMATURE_CLOSE', StreamError.PREMATURE_CLOSE)
  }

  static ABORTED() {
    return new StreamError('Stream aborted', 'ABORTED', StreamError.ABORTED)
  }

  static BAD_ARGUMENT(msg = 'Bad argument') {
    return new StreamError(msg, 'BAD_ARGUMENT', StreamError.BAD_ARGUMENT)
  }
}


/***/ }),

/***/ 775:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const constants = { // just for envs without fs
  S_IFMT: 61440,
  S_IFDIR: 16384,
  S_IFCHR: 8192,
  S_IFBLK: 24576,
  S_IFIFO: 4096,
  S_IFLNK: 40960
}

try {
  module.exports = (__nccwpck_require__(9896).constants) || constants
} catch {
  module.exports = constants
}


/***/ }),

/***/ 5763:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { Writable, Readable, getStreamError } = __nccwpck_require__(6204)
const FIFO = __nccwpck_require__(3867)
const b4a = __nccwpck_require__(3057)
const headers = __nccwpck_require__(8428)

const EMPTY = b4a.alloc(0)
const MAX_HEADER_SIZE = 4 * 1024 * 1024 // arbitrary big number

class BufferList {
  constructor () {
    this.buffered = 0
    this.shifted = 0
    this.queue = new FIFO()

    this._offset = 0
  }

  push (buffer) {
    this.buffered += buffer.byteLength
    this.queue.push(buffer)
  }

  shiftFirst (size) {
    return this.buffered === 0 ? null : this._next(size)
  }

  shift (size) {
    if (size > this.buffered) return null
    if (size === 0) return EMPTY

    let chunk = this._next(size)

    if (size === chunk.byteLength) return chunk // likely case

    const chunks = [chunk]

    while ((size -= chunk.byteLength) > 0) {
      chunk = this._next(size)
      chunks.push(chunk)
    }

    return b4a.concat(chunks)
  }

  _next (size) {
    const buf = this.queue.peek()
    const rem = buf.byteLength - this._offset

    if (size >= rem) {
      const sub = this._offset ? buf.subarray(this._offset, buf.byteLength) : buf
      this.queue.shift()
      this._offset = 0
      this.buffered -= rem
      this.shifted += rem
      return sub
    }

    this.buffered -= size
    this.shifted += size

    return buf.subarray(this._offset, (this._offset += size))
  }
}

class Source extends Readable {
  constructor (self, header, offset) {
    super()

    this.header = header
    this.offset = offset

    this._parent = self
  }

  _read (cb) {
    if (this.header.size === 0) {
      this.push(null)
    }
    if (this._parent._stream === this) {
      this._parent._update()
    }
    cb(null)
  }

  _predestroy () {
    this._parent.destroy(getStreamError(this))
  }

  _detach () {
    if (this._parent._stream === this) {
      this._parent._stream = null
      this._parent._missing = overflow(this.header.size)
      this._parent._update()
    }
  }

  _destroy (cb) {
    this._detach()
    cb(null)
  }
}

class Extract extends Writable {
  constructor (opts) {
    super(opts)

    if (!opts) opts = {}

    this._buffer = new BufferList()
    this._offset = 0
    this._header = null
    this._stream = null
    this._missing = 0
    this._longHeader = false
    this._callback = noop
    this._locked = false
    this._finished = false
    this._pax = null
    this._paxGlobal = null
    this._gnuLongPath = null
    this._gnuLongLinkPath = null
    this._filenameEncoding = opts.filenameEncoding || 'utf-8'
    this._allowUnknownFormat = !!opts.allowUnknownFormat
    this._unlockBound = this._unlock.bind(this)
  }

  _unlock (err) {
    this._locked = false

    if (err) {
      this.destroy(err)
      this._continueWrite(err)
      return
    }

    this._update()
  }

  _consumeHeader () {
    if (this._locked) return false

    this._offset = this._buffer.shifted

    try {
      this._header = headers.decode(this._buffer.shift(512), this._filenameEncoding, this._allowUnknownFormat)
    } catch (err) {
      this._continueWrite(err)
      return false
    }

    if (!this._header) return true

    this._header.byteOffset = this._buffer.shifted

    switch (this._header.type) {
      case 'gnu-long-path':
      case 'gnu-long-link-path':
      case 'pax-global-header':
      case 'pax-header':
        this._longHeader = true
        this._missing = this._header.size
        if (this._missing > MAX_HEADER_SIZE) {
          this._continueWrite(new Error('Header exceeds max size'))
          return false
        }
        return true
    }

    this._locked = true
    this._applyLongHeaders()

    if (!(this._header.size >= 0)) {
      this._continueWrite(new Error('Invalid header'))
      return false
    }

    if (this._header.size === 0 || this._header.type === 'directory') {
      this.emit('entry', this._header, this._createStream(), this._unlockBound)
      return true
    }

    this._stream = this._createStream()
    this._missing = this._header.size

    this.emit('entry', this._header, this._stream, this._unlockBound)
    return true
  }

  _applyLongHeaders () {
    if (this._gnuLongPath) {
      this._header.name = this._gnuLongPath
      this._gnuLongPath = null
    }

    if (this._gnuLongLinkPath) {
      this._header.linkname = this._gnuLongLinkPath
      this._gnuLongLinkPath = null
    }

    if (this._pax) {
      if (this._pax.path) this._header.name = this._pax.path
      if (this._pax.linkpath) this._header.linkname = this._pax.linkpath
      if (this._pax.size) this._header.size = parseInt(this._pax.size, 10)
      this._header.pax = this._pax
      this._pax = null
    }
  }

  _decodeLongHeader (buf) {
    switch (this._header.type) {
      case 'gnu-long-path':
        this._gnuLongPath = headers.decodeLongPath(buf, this._filenameEncoding)
        break
      case 'gnu-long-link-path':
        this._gnuLongLinkPath = headers.decodeLongPath(buf, this._filenameEncoding)
        break
      case 'pax-global-header':
        this._paxGlobal = headers.decodePax(buf)
        break
      case 'pax-header':
        this._pax = this._paxGlobal === null
          ? headers.decodePax(buf)
          : Object.assign({}, this._paxGlobal, headers.decodePax(buf))
        break
    }
  }

  _consumeLongHeader () {
    this._longHeader = false
    this._missing = overflow(this._header.size)

    const buf = this._buffer.shift(this._header.size)

    try {
      this._decodeLongHeader(buf)
    } catch (err) {
      this._continueWrite(err)
      return false
    }

    return true
  }

  _consumeStream () {
    const buf = this._buffer.shiftFirst(this._missing)
    if (buf === null) return false

    this._missing -= buf.byteLength
    const drained = this._stream.push(buf)

    if (this._missing === 0) {
      this._stream.push(null)
      if (drained) this._stream._detach()
      return drained && this._locked === false
    }

    return drained
  }

  _createStream () {
    return new Source(this, this._header, this._offset)
  }

  _update () {
    while (this._buffer.buffered > 0 && !this.destroying) {
      if (this._missing > 0) {
        if (this._stream !== null) {
          if (this._consumeStream() === false) return
          continue
        }

        if (this._longHeader === true) {
          if (this._missing > this._buffer.buffered) break
          if (this._consumeLongHeader() === false) return false
          continue
        }

        const ignore = this._buffer.shiftFirst(this._missing)
        if (ignore !== null) this._missing -= ignore.byteLength
        continue
      }

      if (this._buffer.buffered < 512) break
      if (this._stream !== null || this._consumeHeader() === false) return
    }

    this._continueWrite(null)
  }

  _continueWrite (err) {
    const cb = this._callback
    this._callback = noop
    cb(err)
  }

  _write (data, cb) {
    this._callback = cb
    this._buffer.push(data)
    this._update()
  }

  _final (cb) {
    this._finished = this._missing === 0 && this._buffer.buffered === 0
    cb(this._finished ? null : new Error('Unexpected end of data'))
  }

  _predestroy () {
    this._continueWrite(null)
  }

  _destroy (cb) {
    if (this._stream) this._stream.destroy(getStreamError(this))
    cb(null)
  }

  [Symbol.asyncIterator] () {
    let error = null

    let promiseResolve = null
    let promiseReject = null

    let entryStream = null
    let entryCallback = null

    const extract = this

    this.on('entry', onentry)
    this.on('error', (err) => { error = err })
    this.on('close', onclose)

    return {
      [Symbol.asyncIterator] () {
        return this
      },
      next () {
        return new Promise(onnext)
      },
      return () {
        return destroy(null)
      },
      throw (err) {
        return destroy(err)
      }
    }

    function consumeCallback (err) {
      if (!entryCallback) return
      const cb = entryCallback
      entryCallback = null
      cb(err)
    }

    function onnext (resolve, reject) {
      if (error) {
        return reject(error)
      }

      if (entryStream) {
        resolve({ value: entryStream, done: false })
        entryStream = null
        return
      }

      promiseResolve = resolve
      promiseReject = reject

      consumeCallback(null)

      if (extract._finished && promiseResolve) {
        promiseResolve({ value: undefined, done: true })
        promiseResolve = promiseReject = null
      }
    }

    function onentry (header, stream, callback) {
      entryCallback = callback
      stream.on('error', noop) // no way around this due to tick sillyness

      if (promiseResolve) {
        promiseResolve({ value: stream, done: false })
        promiseResolve = promiseReject = null
      } else {
        entryStream = stream
      }
    }

    function onclose () {
      consumeCallback(error)
      if (!promiseResolve) return
      if (error) promiseReject(error)
      else promiseResolve({ value: undefined, done: true })
      promiseResolve = promiseReject = null
    }

    function destroy (err) {
      extract.destroy(err)
      consumeCallback(err)
      return new Promise((resolve, reject) => {
        if (extract.destroyed) return resolve({ value: undefined, done: true })
        extract.once('close', function () {
          if (err) reject(err)
          else resolve({ value: undefined, done: true })
        })
      })
    }
  }
}

module.exports = function extract (opts) {
  return new Extract(opts)
}

function noop () {}

function overflow (size) {
  size &= 511
  return size && 512 - size
}


/***/ }),

/***/ 8428:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

const b4a = __nccwpck_require__(3057)

const ZEROS = '0000000000000000000'
const SEVENS = '7777777777777777777'
const ZERO_OFFSET = '0'.charCodeAt(0)
const USTAR_MAGIC = b4a.from([0x75, 0x73, 0x74, 0x61, 0x72, 0x00]) // ustar\x00
const USTAR_VER = b4a.from([ZERO_OFFSET, ZERO_OFFSET])
const GNU_MAGIC = b4a.from([0x75, 0x73, 0x74, 0x61, 0x72, 0x20]) // ustar\x20
const GNU_VER = b4a.from([0x20, 0x00])
const MASK = 0o7777
const MAGIC_OFFSET = 257
const VERSION_OFFSET = 263

exports.decodeLongPath = function decodeLongPath (buf, encoding) {
  return decodeStr(buf, 0, buf.length, encoding)
}

exports.encodePax = function encodePax (opts) { // TODO: encode more stuff in pax
  let result = ''
  if (opts.name) result += addLength(' path=' + opts.name + '\n')
  if (opts.linkname) result += addLength(' linkpath=' + opts.linkname + '\n')
  const pax = opts.pax
  if (pax) {
    for (const key in pax) {
      result += addLength(' ' + key + '=' + pax[key] + '\n')
    }
  }
  return b4a.from(result)
}

exports.decodePax = function decodePax (buf) {
  const result = {}

  while (buf.length) {
    let i = 0
    while (i < buf.length && buf[i] !== 32) i++
    const len = parseInt(b4a.toString(buf.subarray(0, i)), 10)
    if (!len) return result

    const b = b4a.toString(buf.subarray(i + 1, len - 1))
    const keyIndex = b.indexOf('=')
    if (keyIndex === -1) return result
    result[b.slice(0, keyIndex)] = b.slice(keyIndex + 1)

    buf = buf.subarray(len)
  }

  return result
}

exports.encode = function encode (opts) {
  const buf = b4a.alloc(512)
  let name = opts.name
  let prefix = ''

  if (opts.typeflag === 5 && name[name.length - 1] !== '/') name += '/'
  if (b4a.byteLength(name) !== name.length) return null // utf-8

  while (b4a.byteLength(name) > 100) {
    const i = name.indexOf('/')
    if (i === -1) return null
    prefix += prefix ? '/' + name.slice(0, i) : name.slice(0, i)
    name = name.slice(i + 1)
  }

  if (b4a.byteLength(name) > 100 || b4a.byteLength(prefix) > 155) return null
  if (opts.linkname && b4a.byteLength(opts.linkname) > 100) return null

  b4a.write(buf, name)
  b4a.write(buf, encodeOct(opts.mode & MASK, 6), 100)
  b4a.write(buf, encodeOct(opts.uid, 6), 108)
  b4a.write(buf, encodeOct(opts.gid, 6), 116)
  encodeSize(opts.size, buf, 124)
  b4a.write(buf, encodeOct((opts.mtime.getTime() / 1000) | 0, 11), 136)

  buf[156] = ZERO_OFFSET + toTypeflag(opts.type)

  if (opts.linkname) b4a.write(buf, opts.linkname, 157)

  b4a.copy(USTAR_MAGIC, buf, MAGIC_OFFSET)
  b4a.copy(USTAR_VER, buf, VERSION_OFFSET)
  if (opts.uname) b4a.write(buf, opts.uname, 265)
  if (opts.gname) b4a.write(buf, opts.gname, 297)
  b4a.write(buf, encodeOct(opts.devmajor || 0, 6), 329)
  b4a.write(buf, encodeOct(opts.devminor || 0, 6), 337)

  if (prefix) b4a.write(buf, prefix, 345)

  b4a.write(buf, encodeOct(cksum(buf), 6), 148)

  return buf
}

exports.decode = function decode (buf, filenameEncoding, allowUnknownFormat) {
  let typeflag = buf[156] === 0 ? 0 : buf[156] - ZERO_OFFSET

  let name = decodeStr(buf, 0, 100, filenameEncoding)
  const mode = decodeOct(buf, 100, 8)
  const uid = decodeOct(buf, 108, 8)
  const gid = decodeOct(buf, 116, 8)
  const size = decodeOct(buf, 124, 12)
  const mtime = decodeOct(buf, 136, 12)
  const type = toType(typeflag)
  const linkname = buf[157] === 0 ? null : decodeStr(buf, 157, 100, filenameEncoding)
  const uname = decodeStr(buf, 265, 32)
  const gname = decodeStr(buf, 297, 32)
  const devmajor = decodeOct(buf, 329, 8)
  const devminor = decodeOct(buf, 337, 8)

  const c = cksum(buf)

  // checksum is still initial value if header was null.
  if (c === 8 * 32) return null

  // valid checksum
  if (c !== decodeOct(buf, 148, 8)) throw new Error('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?')

  if (isUSTAR(buf)) {
    // ustar (posix) format.
    // prepend prefix, if present.
    if (buf[345]) name = decodeStr(buf, 345, 155, filenameEncoding) + '/' + name
  } else if (isGNU(buf)) {
    // 'gnu'/'oldgnu' format. Similar to ustar, but has support for incremental and
    // multi-volume tarballs.
  } else {
    if (!allowUnknownFormat) {
      throw new Error('Invalid tar header: unknown format.')
    }
  }

  // to support old tar versions that use trailing / to indicate dirs
  if (typeflag === 0 && name && name[name.length - 1] === '/') typeflag = 5

  return {
    name,
    mode,
    uid,
    gid,
    size,
    byteOffset: 0,
    mtime: new Date(1000 * mtime),
    type,
    linkname,
    uname,
    gname,
    devmajor,
    devminor,
    pax: null
  }
}

function isUSTAR (buf) {
  return b4a.equals(USTAR_MAGIC, buf.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 6))
}

function isGNU (buf) {
  return b4a.equals(GNU_MAGIC, buf.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 6)) &&
    b4a.equals(GNU_VER, buf.subarray(VERSION_OFFSET, VERSION_OFFSET + 2))
}

function clamp (index, len, defaultValue) {
  if (typeof index !== 'number') return defaultValue
  index = ~~index // Coerce to integer.
  if (index >= len) return len
  if (index >= 0) return index
  index += len
  if (index >= 0) return index
  return 0
}

function toType (flag) {
  switch (flag) {
    case 0:
      return 'file'
    case 1:
      return 'link'
    case 2:
      return 'symlink'
    case 3:
      return 'character-device'
    case 4:
      return 'block-device'
    case 5:
      return 'directory'
    case 6:
      return 'fifo'
    case 7:
      return 'contiguous-file'
    case 72:
      return 'pax-header'
    case 55:
      return 'pax-global-header'
    case 27:
      return 'gnu-long-link-path'
    case 28:
    case 30:
      return 'gnu-long-path'
  }

  return null
}

function toTypeflag (flag) {
  switch (flag) {
    case 'file':
      return 0
    case 'link':
      return 1
    case 'symlink':
      return 2
    case 'character-device':
      return 3
    case 'block-device':
      return 4
    case 'directory':
      return 5
    case 'fifo':
      return 6
    case 'contiguous-file':
      return 7
    case 'pax-header':
      return 72
  }

  return 0
}

function indexOf (block, num, offset, end) {
  for (; offset < end; offset++) {
    if (block[offset] === num) return offset
  }
  return end
}

function cksum (block) {
  let sum = 8 * 32
  for (let i = 0; i < 148; i++) sum += block[i]
  for (let j = 156; j < 512; j++) sum += block[j]
  return sum
}

function encodeOct (val, n) {
  val = val.toString(8)
  if (val.length > n) return SEVENS.slice(0, n) + ' '
  return ZEROS.slice(0, n - val.length) + val + ' '
}

function encodeSizeBin (num, buf, off) {
  buf[off] = 0x80
  for (let i = 11; i > 0; i--) {
    buf[off + i] = num & 0xff
    num = Math.floor(num / 0x100)
  }
}

function encodeSize (num, buf, off) {
  if (num.toString(8).length > 11) {
    encodeSizeBin(num, buf, off)
  } else {
    b4a.write(buf, encodeOct(num, 11), off)
  }
}

/* Copied from the node-tar repo and modified to meet
 * tar-stream coding standard.
 *
 * Source: https://github.com/npm/node-tar/blob/51b6627a1f357d2eb433e7378e5f05e83b7aa6cd/lib/header.js#L349
 */
function parse256 (buf) {
  // first byte MUST be either 80 or FF
  // 80 for positive, FF for 2's comp
  let positive
  if (buf[0] === 0x80) positive = true
  else if (buf[0] === 0xFF) positive = false
  else return null

  // build up a base-256 tuple from the least sig to the highest
  const tuple = []
  let i
  for (i = buf.length - 1; i > 0; i--) {
    const byte = buf[i]
    if (positive) tuple.push(byte)
    else tuple.push(0xFF - byte)
  }

  let sum = 0
  const l = tuple.length
  for (i = 0; i < l; i++) {
    sum += tuple[i] * Math.pow(256, i)
  }

  return positive ? sum : -1 * sum
}

function decodeOct (val, offset, length) {
  val = val.subarray(offset, offset + length)
  offset = 0

  // If prefixed with 0x80 then parse as a base-256 integer
  if (val[offset] & 0x80) {
    return parse256(val)
  } else {
    // Older versions of tar can prefix with spaces
    while (offset < val.length && val[offset] === 32) offset++
    const end = clamp(indexOf(val, 32, offset, val.length), val.length, val.length)
    while (offset < end && val[offset] === 0) offset++
    if (end === offset) return 0
    return parseInt(b4a.toString(val.subarray(offset, end)), 8)
  }
}

function decodeStr (val, offset, length, encoding) {
  return b4a.toString(val.subarray(offset, indexOf(val, 0, offset, offset + length)), encoding)
}

function addLength (str) {
  const len = b4a.byteLength(str)
  let digits = Math.floor(Math.log(len) / Math.log(10)) + 1
  if (len + digits >= Math.pow(10, digits)) digits++

  return (len + digits) + str
}


/***/ }),

/***/ 6118:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

exports.extract = __nccwpck_require__(5763)
/* unused reexport */ __nccwpck_require__(861)


/***/ }),

/***/ 861:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { Readable, Writable, getStreamError } = __nccwpck_require__(6204)
const b4a = __nccwpck_require__(3057)

const constants = __nccwpck_require__(775)
const headers = __nccwpck_require__(8428)

const DMODE = 0o755
const FMODE = 0o644

const END_OF_TAR = b4a.alloc(1024)

class Sink extends Writable {
  constructor (pack, header, callback) {
    super({ mapWritable, eagerOpen: true })

    this.written = 0
    this.header = header

    this._callback = callback
    this._linkname = null
    this._isLinkname = header.type === 'symlink' && !header.linkname
    this._isVoid = header.type !== 'file' && header.type !== 'contiguous-file'
    this._finished = false
    this._pack = pack
    this._openCallback = null

    if (this._pack._stream === null) this._pack._stream = this
    else this._pack._pending.push(this)
  }

  _open (cb) {
    this._openCallback = cb
    if (this._pack._stream === this) this._continueOpen()
  }

  _continuePack (err) {
    if (this._callback === null) return

    const callback = this._callback
    this._callback = null

    callback(err)
  }

  _continueOpen () {
    if (this._pack._stream === null) this._pack._stream = this

    const cb = this._openCallback
    this._openCallback = null
    if (cb === null) return

    if (this._pack.destroying) return cb(new Error('pack stream destroyed'))
    if (this._pack._finalized) return cb(new Error('pack stream is already finalized'))

    this._pack._stream = this

    if (!this._isLinkname) {
      this._pack._encode(this.header)
    }

    if (this._isVoid) {
      this._finish()
      this._continuePack(null)
    }

    cb(null)
  }

  _write (data, cb) {
    if (this._isLinkname) {
      this._linkname = this._linkname ? b4a.concat([this._linkname, data]) : data
      return cb(null)
    }

    if (this._isVoid) {
      if (data.byteLength > 0) {
        return cb(new Error('No body allowed for this entry'))
      }
      return cb()
    }

    this.written += data.byteLength
    if (this._pack.push(data)) return cb()
    this._pack._drain = cb
  }

  _finish () {
    if (this._finished) return
    this._finished = true

    if (this._isLinkname) {
      this.header.linkname = this._linkname ? b4a.toString(this._linkname, 'utf-8') : ''
      this._pack._encode(this.header)
    }

    overflow(this._pack, this.header.size)

    this._pack._done(this)
  }

  _final (cb) {
    if (this.written !== this.header.size) { // corrupting tar
      return cb(new Error('Size mismatch'))
    }

    this._finish()
    cb(null)
  }

  _getError () {
    return getStreamError(this) || new Error('tar entry destroyed')
  }

  _predestroy () {
    this._pack.destroy(this._getError())
  }

  _destroy (cb) {
    this._pack._done(this)

    this._continuePack(this._finished ? null : this._getError())

    cb()
  }
}

class Pack extends Readable {
  constructor (opts) {
    super(opts)
    this._drain = noop
    this._finalized = false
    this._finalizing = false
    this._pending = []
    this._stream = null
  }

  entry (header, buffer, callback) {
    if (this._finalized || this.destroying) throw new Error('already finalized or destroyed')

    if (typeof buffer === 'function') {
      callback = buffer
      buffer = null
    }

    if (!callback) callback = noop

    if (!header.size || header.type === 'symlink') header.size = 0
    if (!header.type) header.type = modeToType(header.mode)
    if (!header.mode) header.mode = header.type === 'directory' ? DMODE : FMODE
    if (!header.uid) header.uid = 0
    if (!header.gid) header.gid = 0
    if (!header.mtime) header.mtime = new Date()

    if (typeof buffer === 'string') buffer = b4a.from(buffer)

    const sink = new Sink(this, header, callback)

    if (b4a.isBuffer(buffer)) {
      header.size = buffer.byteLength
      sink.write(buffer)
      sink.end()
      return sink
    }

    if (sink._isVoid) {
      return sink
    }

    return sink
  }

  finalize () {
    if (this._stream || this._pending.length > 0) {
      this._finalizing = true
      return
    }

    if (this._finalized) return
    this._finalized = true

    this.push(END_OF_TAR)
    this.push(null)
  }

  _done (stream) {
    if (stream !== this._stream) return

    this._stream = null

    if (this._finalizing) this.finalize()
    if (this._pending.length) this._pending.shift()._continueOpen()
  }

  _encode (header) {
    if (!header.pax) {
      const buf = headers.encode(header)
      if (buf) {
        this.push(buf)
        return
      }
    }
    this._encodePax(header)
  }

  _encodePax (header) {
    const paxHeader = headers.encodePax({
      name: header.name,
      linkname: header.linkname,
      pax: header.pax
    })

    const newHeader = {
      name: 'PaxHeader',
      mode: header.mode,
      uid: header.uid,
      gid: header.gid,
      size: paxHeader.byteLength,
      mtime: header.mtime,
      type: 'pax-header',
      linkname: header.linkname && 'PaxHeader',
      uname: header.uname,
      gname: header.gname,
      devmajor: header.devmajor,
      devminor: header.devminor
    }

    this.push(headers.encode(newHeader))
    this.push(paxHeader)
    overflow(this, paxHeader.byteLength)

    newHeader.size = header.size
    newHeader.type = header.type
    this.push(headers.encode(newHeader))
  }

  _doDrain () {
    const drain = this._drain
    this._drain = noop
    drain()
  }

  _predestroy () {
    const err = getStreamError(this)

    if (this._stream) this._stream.destroy(err)

    while (this._pending.length) {
      const stream = this._pending.shift()
      stream.destroy(err)
      stream._continueOpen()
    }

    this._doDrain()
  }

  _read (cb) {
    this._doDrain()
    cb()
  }
}

module.exports = function pack (opts) {
  return new Pack(opts)
}

function modeToType (mode) {
  switch (mode & constants.S_IFMT) {
    case constants.S_IFBLK: return 'block-device'
    case constants.S_IFCHR: return 'character-device'
    case constants.S_IFDIR: return 'directory'
    case constants.S_IFIFO: return 'fifo'
    case constants.S_IFLNK: return 'symlink'
  }

  return 'file'
}

function noop () {}

function overflow (self, size) {
  size &= 511
  if (size) self.push(END_OF_TAR.subarray(0, 512 - size))
}

function mapWritable (buf) {
  return b4a.isBuffer(buf) ? buf : b4a.from(buf)
}


/***/ }),

/***/ 7934:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const PassThroughDecoder = __nccwpck_require__(7256)
const UTF8Decoder = __nccwpck_require__(6414)

module.exports = class TextDecoder {
  constructor(encoding = 'utf8') {
    this.encoding = normalizeEncoding(encoding)

    switch (this.encoding) {
      case 'utf8':
        this.decoder = new UTF8Decoder()
        break
      case 'utf16le':
      case 'base64':
        throw new Error('Unsupported encoding: ' + this.encoding)
      default:
        this.decoder = new PassThroughDecoder(this.encoding)
    }
  }

  get remaining() {
    return this.decoder.remaining
  }

  push(data) {
    if (typeof data === 'string') return data
    return this.decoder.decode(data)
  }

  // For Node.js compatibility
  write(data) {
    return this.push(data)
  }

  end(data) {
    let result = ''
    if (data) result = this.push(data)
    result += this.decoder.flush()
    return result
  }
}

function normalizeEncoding(encoding) {
  encoding = encoding.toLowerCase()

  switch (encoding) {
    case 'utf8':
    case 'utf-8':
      return 'utf8'
    case 'ucs2':
    case 'ucs-2':
    case 'utf16le':
    case 'utf-16le':
      return 'utf16le'
    case 'latin1':
    case 'binary':
      return 'latin1'
    case 'base64':
    case 'ascii':
    case 'hex':
      return encoding
    default:
      throw new Error('Unknown encoding: ' + encoding)
  }
}


/***/ }),

/***/ 7256:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const b4a = __nccwpck_require__(3057)

module.exports = class PassThroughDecoder {
  constructor(encoding) {
    this.encoding = encoding
  }

  get remaining() {
    return 0
  }

  decode(data) {
    return b4a.toString(data, this.encoding)
  }

  flush() {
    return ''
  }
}


/***/ }),

/***/ 6414:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const b4a = __nccwpck_require__(3057)

/**
 * https://encoding.spec.whatwg.org/#utf-8-decoder
 */
module.exports = class UTF8Decoder {
  constructor() {
    this._reset()
  }

  get remaining() {
    return this.bytesSeen
  }

  decode(data) {
    if (data.byteLength === 0) return ''

    if (this.bytesNeeded === 0 && trailingIncomplete(data, 0) === 0) {
      this.bytesSeen = trailingBytesSeen(data)
      return b4a.toString(data, 'utf8')
    }

    let result = ''
    let start = 0

    if (this.bytesNeeded > 0) {
      while (start < data.byteLength) {
        const byte = data[start]

        if (byte < this.lowerBoundary || byte > this.upperBoundary) {
          result += '\ufffd'
          this._reset()
          break
        }

        this.lowerBoundary = 0x80
        this.upperBoundary = 0xbf
        this.codePoint = (this.codePoint << 6) | (byte & 0x3f)
        this.bytesSeen++
        start++

        if (this.bytesSeen === this.bytesNeeded) {
          result += String.fromCodePoint(this.codePoint)
          this._reset()
          break
        }
      }

      if (this.bytesNeeded > 0) return result
    }

    const trailing = trailingIncomplete(data, start)
    const end = data.byteLength - trailing

    if (end > start) result += b4a.toString(data, 'utf8', start, end)

    for (let i = end; i < data.byteLength; i++) {
      const byte = data[i]

      if (this.bytesNeeded === 0) {
        if (byte <= 0x7f) {
          this.bytesSeen = 0
          result += String.fromCharCode(byte)
        } else if (byte >= 0xc2 && byte <= 0xdf) {
          this.bytesNeeded = 2
          this.bytesSeen = 1
          this.codePoint = byte & 0x1f
        } else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) this.lowerBoundary = 0xa0
          else if (byte === 0xed) this.upperBoundary = 0x9f
          this.bytesNeeded = 3
          this.bytesSeen = 1
          this.codePoint = byte & 0xf
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) this.lowerBoundary = 0x90
          else if (byte === 0xf4) this.upperBoundary = 0x8f
          this.bytesNeeded = 4
          this.bytesSeen = 1
          this.codePoint = byte & 0x7
        } else {
          this.bytesSeen = 1
          result += '\ufffd'
        }

        continue
      }

      if (byte < this.lowerBoundary || byte > this.upperBoundary) {
        result += '\ufffd'
        i--
        this._reset()

        continue
      }

      this.lowerBoundary = 0x80
      this.upperBoundary = 0xbf

      this.codePoint = (this.codePoint << 6) | (byte & 0x3f)
      this.bytesSeen++

      if (this.bytesSeen === this.bytesNeeded) {
        result += String.fromCodePoint(this.codePoint)
        this._reset()
      }
    }

    return result
  }

  flush() {
    const result = this.bytesNeeded > 0 ? '\ufffd' : ''
    this._reset()
    return result
  }

  _reset() {
    this.codePoint = 0
    this.bytesNeeded = 0
    this.bytesSeen = 0
    this.lowerBoundary = 0x80
    this.upperBoundary = 0xbf
  }
}

function trailingIncomplete(data, start) {
  const len = data.byteLength
  if (len <= start) return 0

  const limit = Math.max(start, len - 4)

  let i = len - 1
  while (i > limit && (data[i] & 0xc0) === 0x80) i--

  if (i < start) return 0

  const byte = data[i]

  let needed
  if (byte <= 0x7f) return 0
  if (byte >= 0xc2 && byte <= 0xdf) needed = 2
  else if (byte >= 0xe0 && byte <= 0xef) needed = 3
  else if (byte >= 0xf0 && byte <= 0xf4) needed = 4
  else return 0

  const available = len - i
  return available < needed ? available : 0
}

function trailingBytesSeen(data) {
  const len = data.byteLength
  if (len === 0) return 0

  const last = data[len - 1]

  if (last <= 0x7f) return 0
  if ((last & 0xc0) !== 0x80) return 1

  const limit = Math.max(0, len - 4)

  let i = len - 2
  while (i >= limit && (data[i] & 0xc0) === 0x80) i--

  if (i < 0) return 1

  const first = data[i]

  let needed
  if (first >= 0xc2 && first <= 0xdf) needed = 2
  else if (first >= 0xe0 && first <= 0xef) needed = 3
  else if (first >= 0xf0 && first <= 0xf4) needed = 4
  else return 1

  if (len - i !== needed) return 1

  if (needed >= 3) {
    const second = data[i + 1]
    if (first === 0xe0 && second < 0xa0) return 1
    if (first === 0xed && second > 0x9f) return 1
    if (first === 0xf0 && second < 0x90) return 1
    if (first === 0xf4 && second > 0x8f) return 1
  }

  return 0
}


/***/ }),

/***/ 4248:
/***/ ((module) => {

// Adapted from https://github.com/brianloveswords/buffer-crc32/blob/v0.2.13/index.js
const CRC_TABLE = new Int32Array([
  0x00000000, 0x77073096, 0xee0e612c, 0x990951ba, 0x076dc419, 0x706af48f, 0xe963a535, 0x9e6495a3,
  0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988, 0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91,
  0x1db71064, 0x6ab020f2, 0xf3b97148, 0x84be41de, 0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
  0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec, 0x14015c4f, 0x63066cd9, 0xfa0f3d63, 0x8d080df5,
  0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172, 0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b,
  0x35b5a8fa, 0x42b2986c, 0xdbbbc9d6, 0xacbcf940, 0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
  0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116, 0x21b4f4b5, 0x56b3c423, 0xcfba9599, 0xb8bda50f,
  0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924, 0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d,
  0x76dc4190, 0x01db7106, 0x98d220bc, 0xefd5102a, 0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
  0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818, 0x7f6a0dbb, 0x086d3d2d, 0x91646c97, 0xe6635c01,
  0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e, 0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457,
  0x65b0d9c6, 0x12b7e950, 0x8bbeb8ea, 0xfcb9887c, 0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
  0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2, 0x4adfa541, 0x3dd895d7, 0xa4d1c46d, 0xd3d6f4fb,
  0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0, 0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9,
  0x5005713c, 0x270241aa, 0xbe0b1010, 0xc90c2086, 0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
  0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4, 0x59b33d17, 0x2eb40d81, 0xb7bd5c3b, 0xc0ba6cad,
  0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a, 0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683,
  0xe3630b12, 0x94643b84, 0x0d6d6a3e, 0x7a6a5aa8, 0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
  0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe, 0xf762575d, 0x806567cb, 0x196c3671, 0x6e6b06e7,
  0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc, 0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5,
  0xd6d6a3e8, 0xa1d1937e, 0x38d8c2c4, 0x4fdff252, 0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
  0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60, 0xdf60efc3, 0xa867df55, 0x316e8eef, 0x4669be79,
  0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236, 0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f,
  0xc5ba3bbe, 0xb2bd0b28, 0x2bb45a92, 0x5cb36a04, 0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
  0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a, 0x9c0906a9, 0xeb0e363f, 0x72076785, 0x05005713,
  0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38, 0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21,
  0x86d3d2d4, 0xf1d4e242, 0x68ddb3f8, 0x1fda836e, 0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
  0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c, 0x8f659eff, 0xf862ae69, 0x616bffd3, 0x166ccf45,
  0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2, 0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db,
  0xaed16a4a, 0xd9d65adc, 0x40df0b66, 0x37d83bf0, 0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
  0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6, 0xbad03605, 0xcdd70693, 0x54de5729, 0x23d967bf,
  0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94, 0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d,
]);

function crc32(buf) {
  let crc = -1;
  for (let x of buf) {
    crc = CRC_TABLE[(crc ^ x) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ -1) >>> 0;
}

module.exports = crc32;


/***/ }),

/***/ 3502:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

// This was adapted from https://github.com/andrewrk/node-fd-slicer by Andrew Kelley under the MIT License.
var fs = __nccwpck_require__(9896);
var util = __nccwpck_require__(9023);
var stream = __nccwpck_require__(2203);
var Readable = stream.Readable;
var PassThrough = stream.PassThrough;
var Pend = __nccwpck_require__(3313);
var EventEmitter = (__nccwpck_require__(4434).EventEmitter);

exports.BufferSlicer = BufferSlicer;
exports.FdSlicer = FdSlicer;

util.inherits(FdSlicer, EventEmitter);
function FdSlicer(fd) {
  EventEmitter.call(this);

  this.fd = fd;
  this.pend = new Pend();
  this.pend.max = 1;
  this.refCount = 0;
}

FdSlicer.prototype.read = function(buffer, offset, length, position, callback) {
  var self = this;
  self.pend.go(function(cb) {
    fs.read(self.fd, buffer, offset, length, position, function(err, bytesRead, buffer) {
      cb();
      callback(err, bytesRead, buffer);
    });
  });
};

FdSlicer.prototype.createReadStream = function(options) {
  return new ReadStream(this, options);
};

FdSlicer.prototype.ref = function() {
  this.refCount += 1;
};

FdSlicer.prototype.unref = function() {
  var self = this;
  self.refCount -= 1;
  if (self.refCount < 0) throw new Error("invalid unref");
  if (self.refCount > 0) return;

  fs.close(self.fd, onCloseDone);

  function onCloseDone(err) {
    if (err) {
      self.emit('error', err);
    } else {
      self.emit('close');
    }
  }
};

util.inherits(ReadStream, Readable);
function ReadStream(context, options) {
  options = options || {};
  Readable.call(this, options);

  this.context = context;
  this.context.ref();

  this.start = options.start || 0;
  this.endOffset = options.end;
  this.pos = this.start;
}

ReadStream.prototype._read = function(n) {
  var self = this;

  var toRead = Math.min(self._readableState.highWaterMark, n);
  if (self.endOffset != null) {
    toRead = Math.min(toRead, self.endOffset - self.pos);
  }
  if (toRead <= 0) {
    self.push(null);
    this._cleanup();
    return;
  }
  self.context.pend.go(function(cb) {
    var buffer = Buffer.allocUnsafe(toRead);
    fs.read(self.context.fd, buffer, 0, toRead, self.pos, function(err, bytesRead) {
      if (err) {
        self.destroy(err);
      } else if (bytesRead === 0) {
        self.push(null);
        self._cleanup();
      } else {
        self.pos += bytesRead;
        self.push(buffer.slice(0, bytesRead));
      }
      cb();
    });
  });
};

ReadStream.prototype._destroy = function(err, cb) {
  // Node 14+ calls this automatically at EOF.
  this._cleanup();
  cb(err);
};

ReadStream.prototype._cleanup = function() {
  if (this.context != null) {
    this.context.unref();
    this.context = null;
  }
};

util.inherits(BufferSlicer, EventEmitter);
function BufferSlicer(buffer) {
  EventEmitter.call(this);

  this.refCount = 0;
  this.buffer = buffer;
}

BufferSlicer.prototype.read = function(buffer, offset, length, position, callback) {
  if (!(0 <= offset && offset <= buffer.length)) throw new RangeError("offset outside buffer: 0 <= " + offset + " <= " + buffer.length);
  if (position < 0) throw new RangeError("position is negative: " + position);
  if (offset + length > buffer.length) {
    // The caller's buffer can't hold all the bytes they're trying to read.
    // Clamp the length instead of giving an error.
    // The callback will be informed of fewer than expected bytes written.
    length = buffer.length - offset;
  }
  if (position + length > this.buffer.length) {
    // Clamp any attempt to read past the end of the source buffer.
    length = this.buffer.length - position;
  }
  if (length <= 0) {
    // After any clamping, we're fully out of bounds or otherwise have nothing to do.
    // This isn't an error; it's just zero bytes written.
    setImmediate(function() {
      callback(null, 0);
    });
    return;
  }
  this.buffer.copy(buffer, offset, position, position + length);
  setImmediate(function() {
    callback(null, length);
  });
};

BufferSlicer.prototype.createReadStream = function(options) {
  options = options || {};
  var readStream = new PassThrough(options);
  readStream.start = options.start || 0;
  readStream.endOffset = options.end;
  // by the time this function returns, we'll be done.
  readStream.pos = readStream.endOffset || this.buffer.length;

  var entireSlice = this.buffer.slice(readStream.start, readStream.pos);
  // Cut the buffer into smaller slices for better memory usage when streaming into a zlib inflate stream.
  // See https://github.com/thejoshwolfe/yauzl/issues/87
  var maxChunkSize = 0x10000;
  var offset = 0;
  while (true) {
    var nextOffset = offset + maxChunkSize;
    if (nextOffset >= entireSlice.length) {
      // last chunk
      if (offset < entireSlice.length) {
        readStream.write(entireSlice.slice(offset, entireSlice.length));
      }
      break;
    }
    readStream.write(entireSlice.slice(offset, nextOffset));
    offset = nextOffset;
  }

  readStream.end();
  return readStream;
};

BufferSlicer.prototype.ref = function() {
  this.refCount += 1;
};

BufferSlicer.prototype.unref = function() {
  this.refCount -= 1;

  if (this.refCount < 0) {
    throw new Error("invalid unref");
  }
};


/***/ }),

/***/ 663:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var fs = __nccwpck_require__(9896);
var zlib = __nccwpck_require__(3106);
var fd_slicer = __nccwpck_require__(3502);
var util = __nccwpck_require__(9023);
var EventEmitter = (__nccwpck_require__(4434).EventEmitter);
var Transform = (__nccwpck_require__(2203).Transform);
var PassThrough = (__nccwpck_require__(2203).PassThrough);
var Writable = (__nccwpck_require__(2203).Writable);

// Node 20 added zlib.crc32.
const crc32 = typeof zlib.crc32 === "function" ? zlib.crc32 : __nccwpck_require__(4248);

exports.open = open;
exports.fromFd = fromFd;
exports.fromBuffer = fromBuffer;
exports.fromRandomAccessReader = fromRandomAccessReader;
exports.openPromise = openPromise;
exports.fromFdPromise = fromFdPromise;
exports.fromBufferPromise = fromBufferPromise;
exports.fromRandomAccessReaderPromise = fromRandomAccessReaderPromise;

exports.dosDateTimeToDate = dosDateTimeToDate;
exports.getFileNameLowLevel = getFileNameLowLevel;
exports.validateFileName = validateFileName;
exports.parseExtraFields = parseExtraFields;
exports.ZipFile = ZipFile;
exports.Entry = Entry;
exports.LocalFileHeader = LocalFileHeader;
exports.RandomAccessReader = RandomAccessReader;

function openPromise(path, options) {
  return new Promise((resolve, reject) => {
    open(path, {...options, lazyEntries: true}, function(err, zipfile) {
      if (err) return reject(err);
      resolve(zipfile);
    });
  });
}
function fromFdPromise(fd, options) {
  return new Promise((resolve, reject) => {
    fromFd(fd, {...options, lazyEntries: true}, function(err, zipfile) {
      if (err) return reject(err);
      resolve(zipfile);
    });
  });
}
function fromBufferPromise(buffer, options) {
  return new Promise((resolve, reject) => {
    fromBuffer(buffer, {...options, lazyEntries: true}, function(err, zipfile) {
      if (err) return reject(err);
      resolve(zipfile);
    });
  });
}
function fromRandomAccessReaderPromise(reader, totalSize, options) {
  return new Promise((resolve, reject) => {
    fromRandomAccessReader(reader, totalSize, {...options, lazyEntries: true}, function(err, zipfile) {
      if (err) return reject(err);
      resolve(zipfile);
    });
  });
}

function open(path, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = null;
  }
  if (options == null) options = {};
  if (options.autoClose == null) options.autoClose = true;
  if (options.lazyEntries == null) options.lazyEntries = false;
  if (options.decodeStrings == null) options.decodeStrings = true;
  if (options.validateEntrySizes == null) options.validateEntrySizes = true;
  if (options.strictFileNames == null) options.strictFileNames = false;
  if (callback == null) callback = defaultCallback;
  fs.open(path, "r", function(err, fd) {
    if (err) return callback(err);
    fromFd(fd, options, function(err, zipfile) {
      if (err) fs.close(fd, defaultCallback);
      callback(err, zipfile);
    });
  });
}

function fromFd(fd, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = null;
  }
  if (options == null) options = {};
  if (options.autoClose == null) options.autoClose = false;
  if (options.lazyEntries == null) options.lazyEntries = false;
  if (options.decodeStrings == null) options.decodeStrings = true;
  if (options.validateEntrySizes == null) options.validateEntrySizes = true;
  if (options.strictFileNames == null) options.strictFileNames = false;
  if (callback == null) callback = defaultCallback;
  fs.fstat(fd, function(err, stats) {
    if (err) return callback(err);
    var reader = new fd_slicer.FdSlicer(fd);
    fromRandomAccessReader(reader, stats.size, options, callback);
  });
}

function fromBuffer(buffer, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = null;
  }
  if (options == null) options = {};
  options.autoClose = false;
  if (options.lazyEntries == null) options.lazyEntries = false;
  if (options.decodeStrings == null) options.decodeStrings = true;
  if (options.validateEntrySizes == null) options.validateEntrySizes = true;
  if (options.strictFileNames == null) options.strictFileNames = false;
  var reader = new fd_slicer.BufferSlicer(buffer);
  fromRandomAccessReader(reader, buffer.length, options, callback);
}

function fromRandomAccessReader(reader, totalSize, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = null;
  }
  if (options == null) options = {};
  if (options.autoClose == null) options.autoClose = true;
  if (options.lazyEntries == null) options.lazyEntries = false;
  if (options.decodeStrings == null) options.decodeStrings = true;
  var decodeStrings = !!options.decodeStrings;
  if (options.validateEntrySizes == null) options.validateEntrySizes = true;
  if (options.strictFileNames == null) options.strictFileNames = false;
  if (callback == null) callback = defaultCallback;
  if (typeof totalSize !== "number") throw new Error("expected totalSize parameter to be a number");
  if (totalSize > Number.MAX_SAFE_INTEGER) {
    throw new Error("zip file too large. only file sizes up to 2^52 are supported due to JavaScript's Number type being an IEEE 754 double.");
  }

  // the matching unref() call is in zipfile.close()
  reader.ref();

  // eocdr means End of Central Directory Record.
  // search backwards for the eocdr signature.
  // the last field of the eocdr is a variable-length comment.
  // the comment size is encoded in a 2-byte field in the eocdr, which we can't find without trudging backwards through the comment to find it.
  // as a consequence of this design decision, it's possible to have ambiguous zip file metadata if a coherent eocdr was in the comment.
  // we search backwards for a eocdr signature, and hope that whoever made the zip file was smart enough to forbid the eocdr signature in the comment.
  var eocdrWithoutCommentSize = 22;
  var zip64EocdlSize = 20; // Zip64 end of central directory locator
  var maxCommentSize = 0xffff; // 2-byte size
  var bufferSize = Math.min(zip64EocdlSize + eocdrWithoutCommentSize + maxCommentSize, totalSize);
  var buffer = newBuffer(bufferSize);
  var bufferReadStart = totalSize - buffer.length;
  readAndAssertNoEof(reader, buffer, 0, bufferSize, bufferReadStart, function(err) {
    if (err) return callback(err);
    for (var i = bufferSize - eocdrWithoutCommentSize; i >= 0; i -= 1) {
      if (buffer.readUInt32LE(i) !== 0x06054b50) continue;
      // found eocdr
      var eocdrBuffer = buffer.subarray(i);

      // 0 - End of central directory signature = 0x06054b50
      // 4 - Number of this disk
      var diskNumber = eocdrBuffer.readUInt16LE(4);
      // 6 - Disk where central directory starts
      // 8 - Number of central directory records on this disk
      // 10 - Total number of central directory records
      var entryCount = eocdrBuffer.readUInt16LE(10);
      // 12 - Size of central directory (bytes)
      // 16 - Offset of start of central directory, relative to start of archive
      var centralDirectoryOffset = eocdrBuffer.readUInt32LE(16);
      // 20 - Comment length
      var commentLength = eocdrBuffer.readUInt16LE(20);
      var expectedCommentLength = eocdrBuffer.length - eocdrWithoutCommentSize;
      if (commentLength !== expectedCommentLength) {
        return callback(new Error("Invalid comment length. Expected: " + expectedCommentLength + ". Found: " + commentLength + ". Are there extra bytes at the end of the file? Or is the end of central dir signature `PK☺☻` in the comment?"));
      }
      // 22 - Comment
      // the encoding is always cp437.
      var comment = decodeStrings ? decodeBuffer(eocdrBuffer.subarray(22), false)
                                  : eocdrBuffer.subarray(22);

      // Look for a Zip64 end of central directory locator
      if (i - zip64EocdlSize >= 0 && buffer.readUInt32LE(i - zip64EocdlSize) === 0x07064b50) {
        // ZIP64 format
        var zip64EocdlBuffer = buffer.subarray(i - zip64EocdlSize, i - zip64EocdlSize + zip64EocdlSize);
        // 0 - zip64 end of central dir locator signature = 0x07064b50
        // 4 - number of the disk with the start of the zip64 end of central directory
        // 8 - relative offset of the zip64 end of central directory record
        var zip64EocdrOffset = readUInt64LE(zip64EocdlBuffer, 8);
        // 16 - total number of disks

        // ZIP64 end of central directory record
        var zip64EocdrBuffer = newBuffer(56);
        return readAndAssertNoEof(reader, zip64EocdrBuffer, 0, zip64EocdrBuffer.length, zip64EocdrOffset, function(err) {
          if (err) return callback(err);

          // 0 - zip64 end of central dir signature                           4 bytes  (0x06064b50)
          if (zip64EocdrBuffer.readUInt32LE(0) !== 0x06064b50) {
            return callback(new Error("invalid zip64 end of central directory record signature"));
          }
          // 4 - size of zip64 end of central directory record                8 bytes
          // 12 - version made by                                             2 bytes
          // 14 - version needed to extract                                   2 bytes
          // 16 - number of this disk                                         4 bytes
          diskNumber = zip64EocdrBuffer.readUInt32LE(16);
          if (diskNumber !== 0) {
            // Check this only after zip64 overrides. See #118.
            return callback(new Error("multi-disk zip files are not supported: found disk number: " + diskNumber));
          }
          // 20 - number of the disk with the start of the central directory  4 bytes
          // 24 - total number of entries in the central directory on this disk         8 bytes
          // 32 - total number of entries in the central directory            8 bytes
          entryCount = readUInt64LE(zip64EocdrBuffer, 32);
          // 40 - size of the central directory                               8 bytes
          // 48 - offset of start of central directory with respect to the starting disk number     8 bytes
          centralDirectoryOffset = readUInt64LE(zip64EocdrBuffer, 48);
          // 56 - zip64 extensible data sector                                (variable size)
          return callback(null, new ZipFile(reader, centralDirectoryOffset, totalSize, entryCount, comment, options.autoClose, options.lazyEntries, decodeStrings, options.validateEntrySizes, options.strictFileNames));
        });
      }

      // Not ZIP64 format
      if (diskNumber !== 0) {
        return callback(new Error("multi-disk zip files are not supported: found disk number: " + diskNumber));
      }
      return callback(null, new ZipFile(reader, centralDirectoryOffset, totalSize, entryCount, comment, options.autoClose, options.lazyEntries, decodeStrings, options.validateEntrySizes, options.strictFileNames));

    }

    // Not a zip file.
    callback(new Error("End of central directory record signature not found. Either not a zip file, or file is truncated."));
  });
}

util.inherits(ZipFile, EventEmitter);
function ZipFile(reader, centralDirectoryOffset, fileSize, entryCount, comment, autoClose, lazyEntries, decodeStrings, validateEntrySizes, strictFileNames) {
  var self = this;
  EventEmitter.call(self);
  self.reader = reader;
  // forward close events
  self.reader.on("error", function(err) {
    // error closing the fd
    emitError(self, err);
  });
  self.reader.once("close", function() {
    self.emit("close");
  });
  self.readEntryCursor = centralDirectoryOffset;
  self.fileSize = fileSize;
  self.entryCount = entryCount;
  self.comment = comment;
  self.entriesRead = 0;
  self.autoClose = !!autoClose;
  self.lazyEntries = !!lazyEntries;
  self.decodeStrings = !!decodeStrings;
  self.validateEntrySizes = !!validateEntrySizes;
  self.strictFileNames = !!strictFileNames;
  self.isOpen = true;
  self.emittedError = false;
  self.hasEachEntryBeenCalled = false;

  if (!self.lazyEntries) self._readEntry();
}
ZipFile.prototype.close = function() {
  if (!this.isOpen) return;
  this.isOpen = false;
  this.reader.unref();
};

function emitErrorAndAutoClose(self, err) {
  if (self.autoClose) self.close();
  emitError(self, err);
}
function emitError(self, err) {
  if (self.emittedError) return;
  self.emittedError = true;
  self.emit("error", err);
}

ZipFile.prototype.readEntry = function() {
  if (!this.lazyEntries) throw new Error("readEntry() called without lazyEntries:true");
  this._readEntry();
};
ZipFile.prototype._readEntry = function() {
  var self = this;
  if (self.entryCount === self.entriesRead) {
    // done with metadata
    setImmediate(function() {
      if (self.autoClose) self.close();
      if (self.emittedError) return;
      self.emit("end");
    });
    return;
  }
  if (self.emittedError) return;
  var buffer = newBuffer(46);
  readAndAssertNoEof(self.reader, buffer, 0, buffer.length, self.readEntryCursor, function(err) {
    if (err) return emitErrorAndAutoClose(self, err);
    if (self.emittedError) return;
    var entry = new Entry();
    // 0 - Central directory file header signature
    var signature = buffer.readUInt32LE(0);
    if (signature !== 0x02014b50) return emitErrorAndAutoClose(self, new Error("invalid central directory file header signature: 0x" + signature.toString(16)));
    // 4 - Version made by
    entry.versionMadeBy = buffer.readUInt16LE(4);
    // 6 - Version needed to extract (minimum)
    entry.versionNeededToExtract = buffer.readUInt16LE(6);
    // 8 - General purpose bit flag
    entry.generalPurposeBitFlag = buffer.readUInt16LE(8);
    // 10 - Compression method
    entry.compressionMethod = buffer.readUInt16LE(10);
    // 12 - File last modification time
    entry.lastModFileTime = buffer.readUInt16LE(12);
    // 14 - File last modification date
    entry.lastModFileDate = buffer.readUInt16LE(14);
    // 16 - CRC-32
    entry.crc32 = buffer.readUInt32LE(16);
    // 20 - Compressed size
    entry.compressedSize = buffer.readUInt32LE(20);
    // 24 - Uncompressed size
    entry.uncompressedSize = buffer.readUInt32LE(24);
    // 28 - File name length (n)
    entry.fileNameLength = buffer.readUInt16LE(28);
    // 30 - Extra field length (m)
    entry.extraFieldLength = buffer.readUInt16LE(30);
    // 32 - File comment length (k)
    entry.fileCommentLength = buffer.readUInt16LE(32);
    // 34 - Disk number where file starts
    // 36 - Internal file attributes
    entry.internalFileAttributes = buffer.readUInt16LE(36);
    // 38 - External file attributes
    entry.externalFileAttributes = buffer.readUInt32LE(38);
    // 42 - Relative offset of local file header
    entry.relativeOffsetOfLocalHeader = buffer.readUInt32LE(42);

    if (entry.generalPurposeBitFlag & 0x40) return emitErrorAndAutoClose(self, new Error("strong encryption is not supported"));

    self.readEntryCursor += 46;

    buffer = newBuffer(entry.fileNameLength + entry.extraFieldLength + entry.fileCommentLength);
    readAndAssertNoEof(self.reader, buffer, 0, buffer.length, self.readEntryCursor, function(err) {
      if (err) return emitErrorAndAutoClose(self, err);
      if (self.emittedError) return;
      // 46 - File name
      entry.fileNameRaw = buffer.subarray(0, entry.fileNameLength);
      // 46+n - Extra field
      var fileCommentStart = entry.fileNameLength + entry.extraFieldLength;
      entry.extraFieldRaw = buffer.subarray(entry.fileNameLength, fileCommentStart);
      // 46+n+m - File comment
      entry.fileCommentRaw = buffer.subarray(fileCommentStart, fileCommentStart + entry.fileCommentLength);

      // Parse the extra fields, which we need for processing other fields.
      try {
        entry.extraFields = parseExtraFields(entry.extraFieldRaw);
      } catch (err) {
        return emitErrorAndAutoClose(self, err);
      }

      // Interpret strings according to bit flags, extra fields, and options.
      if (self.decodeStrings) {
        var isUtf8 = (entry.generalPurposeBitFlag & 0x800) !== 0;
        entry.fileComment = decodeBuffer(entry.fileCommentRaw, isUtf8);
        entry.fileName = getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, self.strictFileNames);
        var errorMessage = validateFileName(entry.fileName);
        if (errorMessage != null) return emitErrorAndAutoClose(self, new Error(errorMessage));
      } else {
        entry.fileComment = entry.fileCommentRaw;
        entry.fileName = entry.fileNameRaw;
      }
      // Maintain API compatibility. See https://github.com/thejoshwolfe/yauzl/issues/47
      entry.comment = entry.fileComment;

      self.readEntryCursor += buffer.length;
      self.entriesRead += 1;

      // Check for the Zip64 Extended Information Extra Field.
      for (var i = 0; i < entry.extraFields.length; i++) {
        var extraField = entry.extraFields[i];
        if (extraField.id !== 0x0001) continue;
        // Found it.

        var zip64EiefBuffer = extraField.data;
        var index = 0;
        // 0 - Original Size          8 bytes
        if (entry.uncompressedSize === 0xffffffff) {
          if (index + 8 > zip64EiefBuffer.length) {
            return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include uncompressed size"));
          }
          entry.uncompressedSize = readUInt64LE(zip64EiefBuffer, index);
          index += 8;
        }
        // 8 - Compressed Size        8 bytes
        if (entry.compressedSize === 0xffffffff) {
          if (index + 8 > zip64EiefBuffer.length) {
            return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include compressed size"));
          }
          entry.compressedSize = readUInt64LE(zip64EiefBuffer, index);
          index += 8;
        }
        // 16 - Relative Header Offset 8 bytes
        if (entry.relativeOffsetOfLocalHeader === 0xffffffff) {
          if (index + 8 > zip64EiefBuffer.length) {
            return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include relative header offset"));
          }
          entry.relativeOffsetOfLocalHeader = readUInt64LE(zip64EiefBuffer, index);
          index += 8;
        }
        // 24 - Disk Start Number      4 bytes

        break;
      }

      // validate file size
      if (self.validateEntrySizes && entry.compressionMethod === 0) {
        var expectedCompressedSize = entry.uncompressedSize;
        if (entry.isEncrypted()) {
          // traditional encryption prefixes the file data with a header
          expectedCompressedSize += 12;
        }
        if (entry.compressedSize !== expectedCompressedSize) {
          var msg = "compressed/uncompressed size mismatch for stored file: " + entry.compressedSize + " != " + entry.uncompressedSize;
          return emitErrorAndAutoClose(self, new Error(msg));
        }
      }

      self.emit("entry", entry);

      if (!self.lazyEntries) self._readEntry();
    });
  });
};

ZipFile.prototype.eachEntry = function() {
  const self = this;
  if (!self.lazyEntries) throw new Error("eachEntry() requires lazyEntries: true");
  if (self.hasEachEntryBeenCalled) throw new Error("eachEntry() must only be called once per ZipFile");
  self.hasEachEntryBeenCalled = true;

  let pendingResolveReject = null;
  self.on("entry", onEntry);
  self.on("end", onEnd);
  self.on("error", onError);
  function cleanup() {
    self.removeListener("entry", onEntry);
    self.removeListener("end", onEnd);
    self.removeListener("error", onError);
    if (self.autoClose) self.close();
  }

  function onEntry(entry) {
    let {resolve} = pendingResolveReject;
    pendingResolveReject = null;
    resolve({value: entry});
  }
  function onEnd() {
    let {resolve} = pendingResolveReject;
    pendingResolveReject = null;
    cleanup();
    resolve({done: true});
  }
  function onError(err) {
    let {reject} = pendingResolveReject;
    pendingResolveReject = null;
    cleanup();
    reject(err);
  }

  return {
    [Symbol.asyncIterator]() {
      // Called once by `for await...of`.
      return this;
    },
    next() {
      // Called on each iteration in a `for await...of`.
      const promise = new Promise((resolve, reject) => {
        if (pendingResolveReject != null) throw new Error("next() called before previous Promise was resolved.");
        pendingResolveReject = {resolve, reject};
      });
      self.readEntry();
      return promise;
    },
    return(value) {
      // Called when breaking, returning, throwing out of a `for await...of`.
      cleanup();
      return Promise.resolve({done: true, value});
    },
    throw(value) {
      // Almost never called. Something about `yield*` maybe?
      cleanup();
      return Promise.reject(value);
    },
  };
};

ZipFile.prototype.openReadStream = function(entry, options, callback) {
  var self = this;
  // parameter validation
  var relativeStart = 0;
  var relativeEnd = entry.compressedSize;
  if (callback == null) {
    callback = options;
    options = null;
  }
  if (options == null) {
    options = {};
  } else {
    if (options.decodeFileData === false) {
      // new, simple option
      if (options.decrypt != null) {
        throw new Error("cannot use options.decrypt when options.decodeFileData === false");
      }
      if (options.decompress != null) {
        throw new Error("cannot use options.decompress when options.decodeFileData === false");
      }
      // start and end are allowed
    } else {
      // old, complicated options
      if (options.decrypt != null) {
        if (!entry.isEncrypted()) {
          throw new Error("options.decrypt can only be specified for encrypted entries. See also option decodeFileData.");
        }
        if (options.decrypt !== false) throw new Error("invalid options.decrypt value: " + options.decrypt);
        if (entry.isCompressed()) {
          if (options.decompress !== false) throw new Error("entry is encrypted and compressed, and options.decompress !== false. See also option decodeFileData.");
        }
      }
      if (options.decompress != null) {
        if (!entry.isCompressed()) {
          throw new Error("options.decompress can only be specified for compressed entries. See also option decodeFileData.");
        }
        if (!(options.decompress === false || options.decompress === true)) {
          throw new Error("invalid options.decompress value: " + options.decompress);
        }
        decompress = options.decompress;
      }
    }
    if (options.start != null) {
      relativeStart = options.start;
      if (relativeStart < 0) throw new Error("options.start < 0");
      if (relativeStart > entry.compressedSize) throw new Error("options.start > entry.compressedSize");
    }
    if (options.end != null) {
      relativeEnd = options.end;
      if (relativeEnd < 0) throw new Error("options.end < 0");
      if (relativeEnd > entry.compressedSize) throw new Error("options.end > entry.compressedSize");
      if (relativeEnd < relativeStart) throw new Error("options.end < options.start");
    }
  }
  var rawMode = (
    options.decodeFileData === false || // Explicitly requested raw.
    (
      (entry.compressionMethod === 0 || // Naturally without compression.
        (entry.compressionMethod === 8 && options.decompress === false) // Deprecated compression bypass option.
      ) &&
      (!entry.isEncrypted() || // Naturally without encryption.
        options.decrypt === false // Deprecated encryption bypass option.
      )
    )
  );
  if (options.start != null || options.end != null) {
    // Ensure slicing deals with raw data.
    if (!rawMode) throw new Error("start/end range require options.decodeFileData === false for non-trivial encoded entries.");
  }

  // any further errors can either be caused by the zipfile,
  // or were introduced in a minor version of yauzl,
  // so should be passed to the client rather than thrown.
  if (!self.isOpen) return callback(new Error("closed"));
  if (entry.isEncrypted() && !rawMode) {
    if (options.decrypt !== false) return callback(new Error("entry is encrypted, and options.decodeFileData !== false"));
  }
  var decompress;
  if (rawMode) {
    decompress = false;
  } else if (entry.compressionMethod === 8) {
    // 8 - The file is Deflated
    decompress = options.decodeFileData !== true;
  } else {
    return callback(new Error("unsupported compression method: " + entry.compressionMethod));
  }

  self.readLocalFileHeader(entry, {minimal: true}, function(err, localFileHeader) {
    if (err) return callback(err);
    self.openReadStreamLowLevel(
      localFileHeader.fileDataStart, entry.compressedSize,
      relativeStart, relativeEnd,
      decompress, entry.uncompressedSize,
      callback);
  });
};

ZipFile.prototype.openReadStreamLowLevel = function(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize, callback) {
  var self = this;

  var fileDataEnd = fileDataStart + compressedSize;
  var readStream = self.reader.createReadStream({
    start: fileDataStart + relativeStart,
    end: fileDataStart + relativeEnd,
  });
  var endpointStream = readStream;
  if (decompress) {
    var destroyed = false;
    var inflateFilter = zlib.createInflateRaw();
    readStream.on("error", function(err) {
      // setImmediate here because errors can be emitted during the first call to pipe()
      setImmediate(function() {
        if (!destroyed) inflateFilter.emit("error", err);
      });
    });
    readStream.pipe(inflateFilter);

    if (self.validateEntrySizes) {
      endpointStream = new AssertByteCountStream(uncompressedSize);
      inflateFilter.on("error", function(err) {
        // forward zlib errors to the client-visible stream
        setImmediate(function() {
          if (!destroyed) endpointStream.emit("error", err);
        });
      });
      inflateFilter.pipe(endpointStream);
    } else {
      // the zlib filter is the client-visible stream
      endpointStream = inflateFilter;
    }
    // this is part of yauzl's API, so implement this function on the client-visible stream
    installDestroyFn(endpointStream, function() {
      destroyed = true;
      if (inflateFilter !== endpointStream) inflateFilter.unpipe(endpointStream);
      readStream.unpipe(inflateFilter);
      // TODO: the inflateFilter may cause a memory leak. see Issue #27.
      readStream.destroy();
    });
  }
  callback(null, endpointStream);
};

ZipFile.prototype.readLocalFileHeader = function(entry, options, callback) {
  var self = this;
  if (callback == null) {
    callback = options;
    options = null;
  }
  if (options == null) options = {};

  self.reader.ref();
  var buffer = newBuffer(30);
  readAndAssertNoEof(self.reader, buffer, 0, buffer.length, entry.relativeOffsetOfLocalHeader, function(err) {
    try {
      if (err) return callback(err);
      // 0 - Local file header signature = 0x04034b50
      var signature = buffer.readUInt32LE(0);
      if (signature !== 0x04034b50) {
        return callback(new Error("invalid local file header signature: 0x" + signature.toString(16)));
      }

      var fileNameLength = buffer.readUInt16LE(26);
      var extraFieldLength = buffer.readUInt16LE(28);
      var fileDataStart = entry.relativeOffsetOfLocalHeader + 30 + fileNameLength + extraFieldLength;
      // We now have enough information to do this bounds check.
      if (fileDataStart + entry.compressedSize > self.fileSize) {
        return callback(new Error("file data overflows file bounds: " +
            fileDataStart + " + " + entry.compressedSize + " > " + self.fileSize));
      }

      if (options.minimal) {
        return callback(null, {fileDataStart: fileDataStart});
      }

      var localFileHeader = new LocalFileHeader();
      localFileHeader.fileDataStart = fileDataStart;

      // 4 - Version needed to extract (minimum)
      localFileHeader.versionNeededToExtract = buffer.readUInt16LE(4);
      // 6 - General purpose bit flag
      localFileHeader.generalPurposeBitFlag = buffer.readUInt16LE(6);
      // 8 - Compression method
      localFileHeader.compressionMethod = buffer.readUInt16LE(8);
      // 10 - File last modification time
      localFileHeader.lastModFileTime = buffer.readUInt16LE(10);
      // 12 - File last modification date
      localFileHeader.lastModFileDate = buffer.readUInt16LE(12);
      // 14 - CRC-32
      localFileHeader.crc32 = buffer.readUInt32LE(14);
      // 18 - Compressed size
      localFileHeader.compressedSize = buffer.readUInt32LE(18);
      // 22 - Uncompressed size
      localFileHeader.uncompressedSize = buffer.readUInt32LE(22);
      // 26 - File name length (n)
      localFileHeader.fileNameLength = fileNameLength;
      // 28 - Extra field length (m)
      localFileHeader.extraFieldLength = extraFieldLength;
      // 30 - File name
      // 30+n - Extra field

      buffer = newBuffer(fileNameLength + extraFieldLength);
      self.reader.ref();
      readAndAssertNoEof(self.reader, buffer, 0, buffer.length, entry.relativeOffsetOfLocalHeader + 30, function(err) {
        try {
          if (err) return callback(err);
          localFileHeader.fileName = buffer.subarray(0, fileNameLength);
          localFileHeader.extraField = buffer.subarray(fileNameLength);
          return callback(null, localFileHeader);
        } finally {
          self.reader.unref();
        }
      });
    } finally {
      self.reader.unref();
    }
  });
};

ZipFile.prototype.openReadStreamPromise = function(entry, options) {
  return new Promise((resolve, reject) => {
    this.openReadStream(entry, options, function(err, readStream) {
      if (err) return reject(err);
      resolve(readStream);
    });
  });
};
ZipFile.prototype.openReadStreamLowLevelPromise = function(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize) {
  return new Promise((resolve, reject) => {
    this.openReadStream(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize, function(err, readStream) {
      if (err) return reject(err);
      resolve(readStream);
    });
  });
};
ZipFile.prototype.readLocalFileHeaderPromise = function(entry, options) {
  return new Promise((resolve, reject) => {
    this.readLocalFileHeader(entry, options, function(err, localFileHeader) {
      if (err) return reject(err);
      resolve(localFileHeader);
    });
  });
};

function Entry() {
}
Entry.prototype.getLastModDate = function(options) {
  if (options == null) options = {};

  if (!options.forceDosFormat) {
    // Check extended fields.
    for (var i = 0; i < this.extraFields.length; i++) {
      var extraField = this.extraFields[i];
      if (extraField.id === 0x5455) {
        // Info-ZIP "universal timestamp" extended field (`0x5455` aka `"UT"`).
        // See the Info-ZIP source code unix/unix.c:set_extra_field() and zipfile.c:ef_scan_ut_time().
        var data = extraField.data;
        if (data.length < 5) continue; // Too short.
        // The flags define which of the three fields are present: mtime, atime, ctime.
        // We only care about mtime.
        // Also, ctime is never included in practice.
        // And also, atime is only included in the local file header for some reason
        // despite the flags lying about its inclusion in the central header.
        var flags = data[0];
        var HAS_MTIME = 1;
        if (!(flags & HAS_MTIME)) continue; // This will realistically never happen.
        // Although the positions of all of the fields shift around depending on the presence of other fields,
        // mtime is always first if present, and that's the only one we care about.
        var posixTimestamp = data.readInt32LE(1);
        return new Date(posixTimestamp * 1000);
      } else if (extraField.id === 0x000a) {
        var data = extraField.data;
        if (data.length !== 32) continue; // The length is always the same.
        // 4 bytes reserved
        // 2 bytes Tag
        if (data.readUInt16LE(4) !== 1) continue; // Tag1 is actually the only defined Tag.
        // 2 bytes Size
        if (data.readUInt16LE(6) !== 24) continue; // Size is always 24.
        // 8 bytes Mtime
        var hundredNanoSecondsSince1601 = data.readUInt32LE(8) + 4294967296 * data.readInt32LE(12);
        // Convert from NTFS to POSIX milliseconds.
        // The big number below is the milliseconds between year 1601 and year 1970
        // (i.e. the negative POSIX timestamp of 1601-01-01 00:00:00Z)
        var millisecondsSince1970 = hundredNanoSecondsSince1601 / 10000 - 11644473600000;
        // Note on numeric precision: JavaScript Number objects lose precision above Number.MAX_SAFE_INTEGER,
        // and NTFS timestamps are typically much bigger than that limit.
        // (MAX_SAFE_INTEGER would represent 1629-07-17T23:58:45.475Z.)
        // However, we're losing precision in the conversion from 100nanosecond units to millisecond units anyway,
        // and the time at which we also lose 1-millisecond precision is year 275760, the JavaScript Date limit (by design).
        // Up through the year 2057, this conversion only drops 4 bits of precision,
        // which is well under the 13-14 bits ratio between the milliseconds and 100nanoseconds.
        return new Date(millisecondsSince1970);
      }
    }
  }

  // Fallback to non-extended encoding.
  return dosDateTimeToDate(this.lastModFileDate, this.lastModFileTime, options.timezone);
};

Entry.prototype.canDecodeFileData = function() {
  return (
    !this.isEncrypted() &&
    (this.compressionMethod === 0 || this.compressionMethod === 8)
  );
};
Entry.prototype.isEncrypted = function() {
  return (this.generalPurposeBitFlag & 0x1) !== 0;
};
Entry.prototype.isCompressed = function() {
  return this.compressionMethod === 8;
};

function LocalFileHeader() {
}

function dosDateTimeToDate(date, time, timezone) {
  var day = date & 0x1f; // 1-31
  var month = (date >> 5 & 0xf) - 1; // 1-12, 0-11
  var year = (date >> 9 & 0x7f) + 1980; // 0-128, 1980-2108

  var millisecond = 0;
  var second = (time & 0x1f) * 2; // 0-29, 0-58 (even numbers)
  var minute = time >> 5 & 0x3f; // 0-59
  var hour = time >> 11 & 0x1f; // 0-23

  if (timezone == null || timezone === "local") {
    return new Date(year, month, day, hour, minute, second, millisecond);
  } else if (timezone === "UTC") {
    return new Date(Date.UTC(year, month, day, hour, minute, second, millisecond));
  } else {
    throw new Error("unrecognized options.timezone: " + options.timezone);
  }
}

function getFileNameLowLevel(generalPurposeBitFlag, fileNameBuffer, extraFields, strictFileNames) {
  var fileName = null;

  // check for Info-ZIP Unicode Path Extra Field (0x7075)
  // see https://github.com/thejoshwolfe/yauzl/issues/33
  for (var i = 0; i < extraFields.length; i++) {
    var extraField = extraFields[i];
    if (extraField.id === 0x7075) {
      if (extraField.data.length < 6) {
        // too short to be meaningful
        continue;
      }
      // Version       1 byte      version of this extra field, currently 1
      if (extraField.data.readUInt8(0) !== 1) {
        // > Changes may not be backward compatible so this extra
        // > field should not be used if the version is not recognized.
        continue;
      }
      // NameCRC32     4 bytes     File Name Field CRC32 Checksum
      var oldNameCrc32 = extraField.data.readUInt32LE(1);
      if (crc32(fileNameBuffer) !== oldNameCrc32) {
        // > If the CRC check fails, this UTF-8 Path Extra Field should be
        // > ignored and the File Name field in the header should be used instead.
        continue;
      }
      // UnicodeName   Variable    UTF-8 version of the entry File Name
      fileName = decodeBuffer(extraField.data.subarray(5), true);
      break;
    }
  }

  if (fileName == null) {
    // The typical case.
    var isUtf8 = (generalPurposeBitFlag & 0x800) !== 0;
    fileName = decodeBuffer(fileNameBuffer, isUtf8);
  }

  if (!strictFileNames) {
    // Allow backslash.
    fileName = fileName.replace(/\\/g, "/");
  }
  return fileName;
}

function validateFileName(fileName) {
  if (fileName.indexOf("\\") !== -1) {
    return "invalid characters in fileName: " + fileName;
  }
  if (/^[a-zA-Z]:/.test(fileName) || /^\//.test(fileName)) {
    return "absolute path: " + fileName;
  }
  if (fileName.split("/").indexOf("..") !== -1) {
    return "invalid relative path: " + fileName;
  }
  // all good
  return null;
}

function parseExtraFields(extraFieldBuffer) {
  var extraFields = [];
  var i = 0;
  while (i < extraFieldBuffer.length - 3) {
    var headerId = extraFieldBuffer.readUInt16LE(i + 0);
    var dataSize = extraFieldBuffer.readUInt16LE(i + 2);
    var dataStart = i + 4;
    var dataEnd = dataStart + dataSize;
    if (dataEnd > extraFieldBuffer.length) throw new Error("extra field length exceeds extra field buffer size");
    var dataBuffer = extraFieldBuffer.subarray(dataStart, dataEnd);
    extraFields.push({
      id: headerId,
      data: dataBuffer,
    });
    i = dataEnd;
  }
  return extraFields;
}

function readAndAssertNoEof(reader, buffer, offset, length, position, callback) {
  if (length === 0) {
    // fs.read will throw an out-of-bounds error if you try to read 0 bytes from a 0 byte file
    return setImmediate(function() { callback(null, newBuffer(0)); });
  }
  reader.read(buffer, offset, length, position, function(err, bytesRead) {
    if (err) return callback(err);
    if (bytesRead < length) {
      return callback(new Error("unexpected EOF"));
    }
    callback();
  });
}

util.inherits(AssertByteCountStream, Transform);
function AssertByteCountStream(byteCount) {
  Transform.call(this);
  this.actualByteCount = 0;
  this.expectedByteCount = byteCount;
}
AssertByteCountStream.prototype._transform = function(chunk, encoding, cb) {
  this.actualByteCount += chunk.length;
  if (this.actualByteCount > this.expectedByteCount) {
    var msg = "too many bytes in the stream. expected " + this.expectedByteCount + ". got at least " + this.actualByteCount;
    return cb(new Error(msg));
  }
  cb(null, chunk);
};
AssertByteCountStream.prototype._flush = function(cb) {
  if (this.actualByteCount < this.expectedByteCount) {
    var msg = "not enough bytes in the stream. expected " + this.expectedByteCount + ". got only " + this.actualByteCount;
    return cb(new Error(msg));
  }
  cb();
};

util.inherits(RandomAccessReader, EventEmitter);
function RandomAccessReader() {
  EventEmitter.call(this);
  this.refCount = 0;
}
RandomAccessReader.prototype.ref = function() {
  this.refCount += 1;
};
RandomAccessReader.prototype.unref = function() {
  var self = this;
  self.refCount -= 1;

  if (self.refCount > 0) return;
  if (self.refCount < 0) throw new Error("invalid unref");

  self.close(onCloseDone);

  function onCloseDone(err) {
    if (err) return self.emit('error', err);
    self.emit('close');
  }
};
RandomAccessReader.prototype.createReadStream = function(options) {
  if (options == null) options = {};
  var start = options.start;
  var end = options.end;
  if (start === end) {
    var emptyStream = new PassThrough();
    setImmediate(function() {
      emptyStream.end();
    });
    return emptyStream;
  }
  var stream = this._readStreamForRange(start, end);

  var destroyed = false;
  var refUnrefFilter = new RefUnrefFilter(this);
  stream.on("error", function(err) {
    setImmediate(function() {
      if (!destroyed) refUnrefFilter.emit("error", err);
    });
  });
  installDestroyFn(refUnrefFilter, function() {
    stream.unpipe(refUnrefFilter);
    refUnrefFilter.unref();
    stream.destroy();
  });

  var byteCounter = new AssertByteCountStream(end - start);
  refUnrefFilter.on("error", function(err) {
    setImmediate(function() {
      if (!destroyed) byteCounter.emit("error", err);
    });
  });
  installDestroyFn(byteCounter, function() {
    destroyed = true;
    refUnrefFilter.unpipe(byteCounter);
    refUnrefFilter.destroy();
  });

  return stream.pipe(refUnrefFilter).pipe(byteCounter);
};
RandomAccessReader.prototype._readStreamForRange = function(start, end) {
  throw new Error("not implemented");
};
RandomAccessReader.prototype.read = function(buffer, offset, length, position, callback) {
  var readStream = this.createReadStream({start: position, end: position + length});
  var writeStream = new Writable();
  var written = 0;
  writeStream._write = function(chunk, encoding, cb) {
    chunk.copy(buffer, offset + written, 0, chunk.length);
    written += chunk.length;
    cb();
  };
  writeStream.on("finish", callback);
  readStream.on("error", function(error) {
    callback(error);
  });
  readStream.pipe(writeStream);
};
RandomAccessReader.prototype.close = function(callback) {
  setImmediate(callback);
};

util.inherits(RefUnrefFilter, PassThrough);
function RefUnrefFilter(context) {
  PassThrough.call(this);
  this.context = context;
  this.context.ref();
  this.unreffedYet = false;
}
RefUnrefFilter.prototype._flush = function(cb) {
  this.unref();
  cb();
};
RefUnrefFilter.prototype.unref = function(cb) {
  if (this.unreffedYet) return;
  this.unreffedYet = true;
  this.context.unref();
};

var cp437 = '\u0000☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼ !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~⌂ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■ ';
function decodeBuffer(buffer, isUtf8) {
  if (isUtf8) {
    return buffer.toString("utf8");
  } else {
    var result = "";
    for (var i = 0; i < buffer.length; i++) {
      result += cp437[buffer[i]];
    }
    return result;
  }
}

function readUInt64LE(buffer, offset) {
  // There is no native function for this, because we can't actually store 64-bit integers precisely.
  // after 53 bits, JavaScript's Number type (IEEE 754 double) can't store individual integers anymore.
  // but since 53 bits is a whole lot more than 32 bits, we do our best anyway.
  // As of 2020, Node has added support for BigInt, which obviates this whole function,
  // but yauzl hasn't been updated to depend on BigInt (yet?).
  var lower32 = buffer.readUInt32LE(offset);
  var upper32 = buffer.readUInt32LE(offset + 4);
  // we can't use bitshifting here, because JavaScript bitshifting only works on 32-bit integers.
  return upper32 * 0x100000000 + lower32;
  // as long as we're bounds checking the result of this function against the total file size,
  // we'll catch any overflow errors, because we already made sure the total file size was within reason.
}

// Node 10 deprecated new Buffer().
var newBuffer;
if (typeof Buffer.allocUnsafe === "function") {
  newBuffer = function(len) {
    return Buffer.allocUnsafe(len);
  };
} else {
  newBuffer = function(len) {
    return new Buffer(len);
  };
}

// Node 8 introduced a proper destroy() implementation on writable streams.
function installDestroyFn(stream, fn) {
  if (typeof stream.destroy === "function") {
    // New API.
    stream._destroy = function(err, cb) {
      fn();
      if (cb != null) cb(err);
    };
  } else {
    // Old API.
    stream.destroy = fn;
  }
}

function defaultCallback(err) {
  if (err) throw err;
}


/***/ }),

/***/ 1622:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _host_actions_host_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3543);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7064);


await (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .e)((0,_host_actions_host_js__WEBPACK_IMPORTED_MODULE_0__/* .actionsHost */ .q)());

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Wk: () => (/* binding */ formatError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   lZ: () => (/* binding */ ActionError),
/* harmony export */   w0: () => (/* binding */ ConfigValueError),
/* harmony export */   wc: () => (/* binding */ MetadataError)
/* harmony export */ });
/**
 * One error type for every problem the user can fix. Each carries where it happened and what to do,
 * so that the top level can print one clear line without a stack trace.
 */
class ActionError extends Error {
    advice;
    /** @param message what was wrong, naming the file, field or input
     *  @param advice what the user should do about it */
    constructor(message, advice) {
        super(message);
        this.advice = advice;
        this.name = 'ActionError';
    }
}
/** A problem with an input of the action (or the environment variable standing in for one). */
class InputError extends ActionError {
    name = 'InputError';
}
/** A problem with the project's metadata or the files it comes from. */
class MetadataError extends ActionError {
    name = 'MetadataError';
}
/** A value that Python's configparser could not read back exactly as written. */
class ConfigValueError extends ActionError {
    name = 'ConfigValueError';
}
/** The single place that turns an error into the one line shown to the user. */
function formatError(error) {
    if (error instanceof ActionError) {
        return error.advice ? `${error.message} ${error.advice}` : error.message;
    }
    const detail = error instanceof Error ? error.message : String(error);
    return `Unexpected error: ${detail}. This is a bug in pypi-register; please report it with the log of this step.`;
}


/***/ }),

/***/ 3543:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  q: () => (/* binding */ actionsHost)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_namespaceObject.EOL);
}
function issue(name, message = '') {
    issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
;// CONCATENATED MODULE: external "crypto"
const external_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${toCommandValue(message)}${external_os_namespaceObject.EOL}`, {
        encoding: 'utf8'
    });
}
function prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_namespaceObject.randomUUID()}`;
    const convertedValue = toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_namespaceObject.EOL}${convertedValue}${external_os_namespaceObject.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return __awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return __awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_namespaceObject.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./src/host/actions-host.ts
/**
 * The host on a GitHub runner, built from @actions/core's own command writers (the `::command::`
 * escaping, the GITHUB_OUTPUT / GITHUB_STATE file format, the job summary). They are imported one
 * by one rather than through the package's index, which also loads its OIDC client and with it an
 * HTTP stack: over 100 ms of every start, for a feature this action never uses.
 */





/** Reads inputs and state from the variables the runner sets, as @actions/core does. */
function actionsHost() {
    const env = process.env;
    const annotate = (kind, message, place) => issueCommand(kind, toCommandProperties(annotation(place)), message);
    return {
        // Hyphens stay: the runner names the variable of input `dry-run` INPUT_DRY-RUN.
        getInput: name => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
        setOutput: (name, value) => writeKeyValue(env, 'GITHUB_OUTPUT', 'OUTPUT', name, value),
        saveState: (name, value) => writeKeyValue(env, 'GITHUB_STATE', 'STATE', name, value),
        getState: name => env[`STATE_${name}`] ?? '',
        setSecret: secret => issueCommand('add-mask', {}, secret),
        info: message => process.stdout.write(message + external_node_os_.EOL),
        debug: message => issueCommand('debug', {}, message),
        notice: (message, place) => annotate('notice', message, place),
        warning: (message, place) => annotate('warning', message, place),
        error: (message, place) => annotate('error', message, place),
        group: (title, lines) => {
            issue('group', title);
            for (const line of lines)
                process.stdout.write(line + external_node_os_.EOL);
            issue('endgroup');
        },
        setFailed: message => {
            process.exitCode = 1;
            annotate('error', message);
        },
        writeSummary: async (markdown) => {
            // Outside a runner (a local run of the bundle) there is no summary file to write to.
            if (!env.GITHUB_STEP_SUMMARY)
                return;
            await summary.addRaw(markdown).write();
            summary.emptyBuffer();
        }
    };
}
function annotation(place) {
    if (place === undefined)
        return {};
    return {
        ...(place.file !== undefined ? { file: place.file } : {}),
        ...(place.line !== undefined ? { startLine: place.line } : {}),
        ...(place.title !== undefined ? { title: place.title } : {})
    };
}
/** Outputs and state go to the runner's files; without them, the older stdout commands. */
function writeKeyValue(env, fileVariable, command, name, value) {
    if (env[fileVariable]) {
        issueFileCommand(command, prepareKeyValueMessage(name, value));
        return;
    }
    process.stdout.write(external_node_os_.EOL);
    issueCommand(command === 'OUTPUT' ? 'set-output' : 'save-state', { name }, value);
}


/***/ }),

/***/ 7064:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/constants.ts
/** Names the action shares with its workflow file and between its main and post steps, spelled once. */
const Inputs = {
    repository: 'repository',
    username: 'username',
    password: 'password',
    pypirc: 'pypirc',
    configFile: 'config-file',
    allowInsecureHttp: 'allow-insecure-http',
    onUnsupported: 'on-unsupported',
    retries: 'retries',
    timeout: 'timeout',
    caCert: 'ca-cert',
    clientCert: 'client-cert',
    projectDir: 'project-dir',
    metadataSource: 'metadata-source',
    distDir: 'dist-dir',
    dryRun: 'dry-run'
};
const Outputs = {
    name: 'name',
    version: 'version',
    status: 'status',
    pypircPath: 'pypirc-path',
    results: 'results',
    metadataSource: 'metadata-source'
};
const State = {
    pypircPath: 'pypirc-path'
};
/** The user name PyPI-style indexes expect with an API token. */
const TOKEN_USERNAME = '__token__';
/** Kept equal to package.json's version by a test; sent in the User-Agent. */
const ACTION_VERSION = '0.1.0';
const USER_AGENT = `pypi-register/${ACTION_VERSION} node/${process.versions.node}`;

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
;// CONCATENATED MODULE: ./src/metadata/fields.ts
/**
 * The core metadata fields (packaging.python.org, "Core metadata specifications") with the form
 * field each is sent as in the legacy `:action=submit` request. One table serves the form encoder,
 * the metadata-version choice and every metadata source.
 */
const METADATA_VERSIONS = ['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5'];
const CORE_METADATA_FIELDS = [
    { header: 'Metadata-Version', form: 'metadata_version', multiple: false, since: '1.0' },
    { header: 'Name', form: 'name', multiple: false, since: '1.0' },
    { header: 'Version', form: 'version', multiple: false, since: '1.0' },
    { header: 'Dynamic', form: 'dynamic', multiple: true, since: '2.2' },
    { header: 'Platform', form: 'platform', multiple: true, since: '1.0' },
    { header: 'Supported-Platform', form: 'supported_platform', multiple: true, since: '1.1' },
    { header: 'Summary', form: 'summary', multiple: false, since: '1.0' },
    { header: 'Description', form: 'description', multiple: false, since: '1.0' },
    {
        header: 'Description-Content-Type',
        form: 'description_content_type',
        multiple: false,
        since: '2.1'
    },
    { header: 'Keywords', form: 'keywords', multiple: false, since: '1.0' },
    { header: 'Home-page', form: 'home_page', multiple: false, since: '1.0' },
    { header: 'Download-URL', form: 'download_url', multiple: false, since: '1.1' },
    { header: 'Author', form: 'author', multiple: false, since: '1.0' },
    { header: 'Author-email', form: 'author_email', multiple: false, since: '1.0' },
    { header: 'Maintainer', form: 'maintainer', multiple: false, since: '1.2' },
    { header: 'Maintainer-email', form: 'maintainer_email', multiple: false, since: '1.2' },
    { header: 'License', form: 'license', multiple: false, since: '1.0' },
    { header: 'License-Expression', form: 'license_expression', multiple: false, since: '2.4' },
    { header: 'License-File', form: 'license_file', multiple: true, since: '2.4' },
    { header: 'Classifier', form: 'classifiers', multiple: true, since: '1.1' },
    { header: 'Requires-Dist', form: 'requires_dist', multiple: true, since: '1.2' },
    { header: 'Requires-Python', form: 'requires_python', multiple: false, since: '1.2' },
    { header: 'Requires-External', form: 'requires_external', multiple: true, since: '1.2' },
    { header: 'Project-URL', form: 'project_urls', multiple: true, since: '1.2' },
    { header: 'Provides-Extra', form: 'provides_extra', multiple: true, since: '2.1' },
    { header: 'Provides-Dist', form: 'provides_dist', multiple: true, since: '1.2' },
    { header: 'Obsoletes-Dist', form: 'obsoletes_dist', multiple: true, since: '1.2' },
    { header: 'Requires', form: 'requires', multiple: true, since: '1.1' },
    { header: 'Provides', form: 'provides', multiple: true, since: '1.1' },
    { header: 'Obsoletes', form: 'obsoletes', multiple: true, since: '1.1' },
    { header: 'Import-Name', form: 'import_name', multiple: true, since: '2.5' },
    { header: 'Import-Namespace', form: 'import_namespace', multiple: true, since: '2.5' }
];
/** The baseline for metadata generated from a source tree: what current build backends write. */
const GENERATED_BASELINE = '2.1';
/**
 * The lowest metadata version that can carry every field present, and never below 2.1 (the
 * version that introduced Description-Content-Type and Provides-Extra). Used when metadata is
 * generated from a source tree rather than read from a built distribution.
 */
function minimumMetadataVersion(metadata) {
    let chosen = METADATA_VERSIONS.indexOf(GENERATED_BASELINE);
    for (const spec of CORE_METADATA_FIELDS) {
        const value = metadata[spec.form];
        const present = Array.isArray(value) ? value.length > 0 : value !== undefined;
        if (present)
            chosen = Math.max(chosen, METADATA_VERSIONS.indexOf(spec.since));
    }
    return METADATA_VERSIONS[chosen];
}

;// CONCATENATED MODULE: ./src/form.ts
/** The fields of a legacy `:action=submit` request, built from core metadata. Pure. */

/**
 * The ordered form fields for registering `metadata`: the protocol fields first, then each metadata
 * field in the order of the core metadata specification, one part per value of a repeated field.
 * Absent and empty fields are left out: servers would store an empty string as if it were a value.
 */
function registrationFields(metadata) {
    const fields = [
        [':action', 'submit'],
        ['protocol_version', '1']
    ];
    for (const spec of CORE_METADATA_FIELDS) {
        const value = metadata[spec.form];
        const values = typeof value === 'string' ? [value] : (value ?? []);
        for (const item of values) {
            if (item !== '')
                fields.push([spec.form, item]);
        }
        // devpi (and twine) name the extras `provides_extras`; send both so that every server keeps them.
        if (spec.form === 'provides_extra') {
            for (const item of values)
                fields.push(['provides_extras', item]);
        }
    }
    return fields;
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(8522);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __nccwpck_require__(6118);
// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var yauzl = __nccwpck_require__(663);
;// CONCATENATED MODULE: ./src/metadata/archive.ts
/**
 * Reads the core metadata file out of a built distribution: `*.dist-info/METADATA` from a wheel,
 * `<top>/PKG-INFO` from an sdist. Only that one member is ever decompressed: zip archives are read
 * through their central directory, and a tar.gz is streamed and abandoned at the first match, so
 * neither time nor memory depends on how big the rest of the archive is (beyond the tar.gz
 * entries that come before PKG-INFO, which a stream cannot skip).
 */






const MiB = 1024 * 1024;
/**
 * The limits used unless a caller passes others. 8 MiB is far beyond any real METADATA (even a
 * long README embedded as the description is tens of KiB), yet small enough to hold in memory. Real text compresses 3-10x; a ratio over 100 in a file larger than 1 MiB
 * means padding or a bomb. Hatchling, flit and pdm write PKG-INFO as the *last* tar entry, so the
 * tar bounds must exceed the file count and size of the largest genuine sdist; they only stop a
 * gzip bomb of zeros (which tar treats as padding and skips forever).
 */
const DIST_LIMITS = {
    maxMetadataBytes: 8 * MiB,
    maxCompressionRatio: 100,
    ratioFloorBytes: 1 * MiB,
    maxTarEntries: 100_000,
    maxTarBytes: 4 * 1024 * MiB
};
/**
 * The kind of distribution a file name denotes, or undefined for anything else (signatures,
 * checksums, attestations, eggs, other compressions), so callers can skip those files quietly.
 */
function distKindOf(fileName) {
    const lower = fileName.toLowerCase();
    if (lower.endsWith('.whl'))
        return 'wheel';
    if (lower.endsWith('.tar.gz'))
        return 'sdist-tar';
    if (lower.endsWith('.zip'))
        return 'sdist-zip';
    return undefined;
}
/**
 * Reads the metadata member of the wheel or sdist at `filePath` without reading the rest of the
 * archive. Throws MetadataError, naming the file, when the name is not a distribution, the archive
 * is corrupt, the member is missing, ambiguous, encrypted or beyond `limits`.
 */
async function readDistMetadata(filePath, limits = DIST_LIMITS) {
    const fileName = external_node_path_default().basename(filePath);
    const kind = distKindOf(fileName);
    if (kind === undefined) {
        throw new errors/* MetadataError */.wc(`${fileName} is not a wheel (.whl) or source distribution (.tar.gz, .zip).`, 'Pass only the .whl, .tar.gz or .zip files that the build produced.');
    }
    const found = kind === 'sdist-tar'
        ? await readTarGzPkgInfo(filePath, fileName, limits)
        : await readZipMember(filePath, fileName, kind, limits);
    return { kind, ...found };
}
// ---------------------------------------------------------------------------------------------
// Zip (wheels and legacy zip sdists)
const WHEEL_METADATA = /^([^/]+)\.dist-info\/METADATA$/;
const SDIST_PKG_INFO = /^([^/]+)\/PKG-INFO$/;
/** Stored and deflate are the only methods wheels may use (PEP 427) and all zip sdists use. */
const STORED = 0;
const DEFLATED = 8;
async function readZipMember(filePath, fileName, kind, limits) {
    const zip = await openZip(filePath, fileName, kind);
    try {
        const entry = kind === 'wheel'
            ? await findWheelMetadata(zip, fileName)
            : await findZipPkgInfo(zip, fileName);
        return { member: entry.fileName, bytes: await readZipEntry(zip, entry, fileName, kind, limits) };
    }
    finally {
        // autoClose is off because we stop listing early; closing releases the file descriptor once
        // any read stream on it is gone too.
        zip.close();
    }
}
function openZip(filePath, fileName, kind) {
    return new Promise((resolve, reject) => {
        // lazyEntries: the central directory is read one record at a time, only as far as we ask.
        yauzl.open(filePath, { lazyEntries: true, autoClose: false }, (error, zip) => {
            if (error)
                reject(ioOrInvalid(error, fileName, kind));
            else
                resolve(zip);
        });
    });
}
/**
 * Walks the central directory until `visit` returns true or the records run out. Only the
 * directory is read here, never file data, so a huge member costs nothing.
 */
function walkZip(zip, fileName, kind, visit) {
    return new Promise((resolve, reject) => {
        zip.on('entry', (entry) => {
            if (visit(entry))
                resolve();
            else
                zip.readEntry();
        });
        zip.on('end', () => resolve());
        zip.on('error', (error) => reject(invalidArchive(fileName, kind, error)));
        zip.readEntry();
    });
}
async function findWheelMetadata(zip, fileName) {
    const candidates = [];
    // The whole directory is walked: a second .dist-info must be noticed, not silently ignored.
    await walkZip(zip, fileName, 'wheel', entry => {
        if (WHEEL_METADATA.test(stripDotSlash(entry.fileName)))
            candidates.push(entry);
        return false;
    });
    const [only] = candidates;
    if (only === undefined) {
        throw new errors/* MetadataError */.wc(`${fileName} has no {name}-{version}.dist-info/METADATA file at its top level.`, 'Rebuild the wheel with a standard build backend (for example `python -m build`).');
    }
    if (candidates.length === 1)
        return only;
    // Several: the wheel's own name and version pick the right one (PEP 427 names the directory
    // after the distribution, exactly as the file name's first two parts).
    const expected = wheelNameVersion(fileName);
    const matching = candidates.filter(entry => {
        const folder = WHEEL_METADATA.exec(stripDotSlash(entry.fileName))?.[1];
        return expected !== undefined && folder !== undefined && sameNameVersion(folder, expected);
    });
    const [match] = matching;
    if (match !== undefined && matching.length === 1)
        return match;
    const folders = candidates.map(entry => external_node_path_default().posix.dirname(entry.fileName)).join(', ');
    throw new errors/* MetadataError */.wc(`${fileName} has ${candidates.length} .dist-info/METADATA files (${folders}) and ` +
        `${matching.length === 0 ? 'none' : 'more than one'} matches the wheel's file name.`, 'Rebuild the wheel from a clean build folder so that it holds a single .dist-info directory.');
}
async function findZipPkgInfo(zip, fileName) {
    let found;
    // The first match wins and ends the walk, the same rule as for tar.gz sdists.
    await walkZip(zip, fileName, 'sdist-zip', entry => {
        if (SDIST_PKG_INFO.test(stripDotSlash(entry.fileName)))
            found = entry;
        return found !== undefined;
    });
    if (found === undefined)
        throw pkgInfoMissing(fileName);
    return found;
}
async function readZipEntry(zip, entry, fileName, kind, limits) {
    const member = entry.fileName;
    if (entry.isEncrypted()) {
        throw new errors/* MetadataError */.wc(`${fileName}: ${member} is encrypted.`, 'Build the distribution without encryption; installers and indexes cannot read it either.');
    }
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
        throw new errors/* MetadataError */.wc(`${fileName}: ${member} uses zip compression method ${entry.compressionMethod}; only ` +
            'stored (0) and deflate (8) can be read.', 'Rebuild the distribution with a standard build backend, which uses deflate.');
    }
    checkDeclaredSize(entry.uncompressedSize, entry.compressedSize, member, fileName, limits);
    // Raw mode: yauzl hands over exactly the member's compressed bytes and we inflate them here,
    // so the byte count below is ours and the inflater is ours to destroy.
    const raw = await new Promise((resolve, reject) => {
        zip.openReadStream(entry, { decodeFileData: false }, (error, stream) => {
            if (error)
                reject(invalidArchive(fileName, kind, error));
            else
                resolve(stream);
        });
    });
    const inflater = entry.compressionMethod === DEFLATED ? (0,external_node_zlib_.createInflateRaw)() : undefined;
    const decoded = inflater ?? raw;
    if (inflater !== undefined) {
        raw.on('error', error => inflater.destroy(error));
        raw.pipe(inflater);
    }
    try {
        // The declared size is already within the limit, so stopping at it bounds memory even when
        // the header lies about a bomb.
        const bytes = await readBounded(decoded, entry.uncompressedSize, () => invalidArchive(fileName, kind, `${member} decompresses to more than the ${entry.uncompressedSize} bytes its header declares`), error => invalidArchive(fileName, kind, error));
        if (bytes.length !== entry.uncompressedSize) {
            throw invalidArchive(fileName, kind, `${member} has ${bytes.length} bytes but its header declares ${entry.uncompressedSize}`);
        }
        if ((0,external_node_zlib_.crc32)(bytes) >>> 0 !== entry.crc32 >>> 0) {
            throw invalidArchive(fileName, kind, `${member} fails its CRC-32 check`);
        }
        return bytes;
    }
    finally {
        inflater?.destroy();
        raw.destroy();
    }
}
// ---------------------------------------------------------------------------------------------
// tar.gz sdists
function readTarGzPkgInfo(filePath, fileName, limits) {
    return new Promise((resolve, reject) => {
        const source = (0,external_node_fs_namespaceObject.createReadStream)(filePath);
        const gunzip = (0,external_node_zlib_.createGunzip)();
        const tar = (0,tar_stream.extract)();
        let settled = false;
        let entries = 0;
        let scanned = 0;
        // Every way out goes through here, so the three streams are always torn down and an
        // abandoned archive is not read any further.
        const settle = (error, found) => {
            if (settled)
                return;
            settled = true;
            source.unpipe(gunzip);
            gunzip.unpipe();
            source.destroy();
            gunzip.destroy();
            tar.destroy();
            if (error !== undefined)
                reject(error);
            else if (found !== undefined)
                resolve(found);
        };
        const corrupt = (error) => settle(invalidArchive(fileName, 'sdist-tar', error));
        source.on('error', error => settle(ioOrInvalid(error, fileName, 'sdist-tar')));
        gunzip.on('error', corrupt);
        tar.on('error', corrupt);
        gunzip.on('data', (chunk) => {
            scanned += chunk.length;
            if (scanned > limits.maxTarBytes) {
                settle(tarGaveUp(fileName, `the first ${formatBytes(limits.maxTarBytes)}`));
            }
        });
        tar.on('entry', (header, stream, next) => {
            if (settled)
                return;
            entries += 1;
            const member = stripDotSlash(header.name);
            if (isRegularFile(header) && SDIST_PKG_INFO.test(member)) {
                try {
                    checkDeclaredSize(header.size ?? 0, undefined, member, fileName, limits);
                }
                catch (error) {
                    settle(error);
                    return;
                }
                readBounded(stream, limits.maxMetadataBytes, () => tooLarge(member, fileName, limits), error => invalidArchive(fileName, 'sdist-tar', error)).then(bytes => settle(undefined, { member: header.name, bytes }), (error) => settle(error));
                return;
            }
            if (entries >= limits.maxTarEntries) {
                settle(tarGaveUp(fileName, `the first ${limits.maxTarEntries} entries`));
                return;
            }
            stream.on('end', () => next());
            stream.resume();
        });
        // The end of the archive without a match.
        tar.on('finish', () => settle(pkgInfoMissing(fileName)));
        source.pipe(gunzip).pipe(tar);
    });
}
function isRegularFile(header) {
    return header.type === 'file' || header.type === 'contiguous-file' || header.type == null;
}
function tarGaveUp(fileName, extent) {
    return new errors/* MetadataError */.wc(`${fileName}: no <folder>/PKG-INFO in ${extent} of the archive; stopped looking.`, 'Check that this is the sdist the build produced; a genuine sdist has PKG-INFO in its ' +
        'top-level folder.');
}
// ---------------------------------------------------------------------------------------------
// Shared helpers
/**
 * Collects a stream into one buffer, failing as soon as more than `limit` bytes arrive rather
 * than after, so a bomb never gets to allocate beyond the limit.
 */
async function readBounded(stream, limit, overLimit, streamFailed) {
    const chunks = [];
    let total = 0;
    try {
        for await (const chunk of stream) {
            const buffer = chunk;
            total += buffer.length;
            if (total > limit)
                throw new OverLimit();
            chunks.push(buffer);
        }
    }
    catch (error) {
        if (error instanceof OverLimit)
            throw overLimit();
        throw streamFailed(error);
    }
    finally {
        stream.destroy();
    }
    return Buffer.concat(chunks, total);
}
class OverLimit extends Error {
}
function checkDeclaredSize(uncompressed, compressed, member, fileName, limits) {
    if (uncompressed > limits.maxMetadataBytes)
        throw tooLarge(member, fileName, limits, uncompressed);
    if (compressed !== undefined &&
        uncompressed > limits.ratioFloorBytes &&
        uncompressed > compressed * limits.maxCompressionRatio) {
        const ratio = compressed === 0 ? 'without bound' : `${Math.round(uncompressed / compressed)}x`;
        throw new errors/* MetadataError */.wc(`${fileName}: ${member} expands ${ratio} when decompressed (${formatBytes(uncompressed)} ` +
            `from ${compressed} bytes), more than the ${limits.maxCompressionRatio}x that real ` +
            'metadata reaches; the archive looks like a zip bomb.', 'Rebuild the distribution with a standard build backend and check where this file came from.');
    }
}
function tooLarge(member, fileName, limits, size) {
    const actual = size === undefined ? 'more than' : `${formatBytes(size)}, more than`;
    return new errors/* MetadataError */.wc(`${fileName}: ${member} is ${actual} the ${formatBytes(limits.maxMetadataBytes)} allowed ` +
        'for a metadata file.', 'Shorten the long description (readme) or check that the archive is not corrupt, then ' +
        'rebuild it.');
}
function pkgInfoMissing(fileName) {
    return new errors/* MetadataError */.wc(`${fileName} has no PKG-INFO in its top-level folder (looked for <folder>/PKG-INFO; deeper ` +
        'ones such as *.egg-info/PKG-INFO do not count).', 'Rebuild the sdist with a standard build backend (for example `python -m build --sdist`).');
}
const ARCHIVE_LABEL = {
    wheel: 'wheel',
    'sdist-zip': 'zip',
    'sdist-tar': 'tar.gz'
};
function invalidArchive(fileName, kind, reason) {
    const detail = reason instanceof Error ? reason.message : String(reason);
    return new errors/* MetadataError */.wc(`${fileName} is not a valid ${ARCHIVE_LABEL[kind]} archive (${detail}).`, 'Rebuild the distribution and make sure the file was copied or downloaded completely.');
}
/** Failing to open the file at all is a path problem, not a corrupt archive. */
function ioOrInvalid(error, fileName, kind) {
    const code = error?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
        return new errors/* MetadataError */.wc(`Cannot read ${fileName} (${error.message}).`, 'Check that the path points to a readable distribution file.');
    }
    return invalidArchive(fileName, kind, error);
}
/** Some tar and zip writers prefix members with "./"; the layout rules ignore it. */
function stripDotSlash(name) {
    return name.startsWith('./') ? name.slice(2) : name;
}
/** `{name}-{version}` from a wheel file name `{name}-{version}(-{build})?-{py}-{abi}-{plat}.whl`. */
function wheelNameVersion(fileName) {
    const [name, version] = fileName.slice(0, -'.whl'.length).split('-');
    if (name === undefined || version === undefined)
        return undefined;
    return { name, version };
}
/** Compares a dist-info folder stem to the wheel's name and version, the name normalised (PEP 503). */
function sameNameVersion(folder, expected) {
    const dash = folder.lastIndexOf('-');
    if (dash < 0)
        return false;
    const normalize = (name) => name.replace(/[-_.]+/g, '-').toLowerCase();
    return (normalize(folder.slice(0, dash)) === normalize(expected.name) &&
        folder.slice(dash + 1).toLowerCase() === expected.version.toLowerCase());
}
function formatBytes(bytes) {
    if (bytes >= MiB && bytes % MiB === 0)
        return `${bytes / MiB} MiB`;
    if (bytes >= MiB)
        return `${(bytes / MiB).toFixed(1)} MiB`;
    return `${bytes} bytes`;
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./src/metadata/git.ts
/** What git says about the checkout: the tags on HEAD and whether tracked files changed. I/O only. */

/** Asks git about HEAD in `directory`; undefined when it is not a git checkout or git is missing. */
function readHeadState(directory) {
    const git = (...args) => (0,external_node_child_process_namespaceObject.execFileSync)('git', ['-C', directory, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 10_000
    });
    try {
        const commit = git('rev-parse', 'HEAD').trim();
        const tags = git('tag', '--points-at', 'HEAD')
            .split('\n')
            .map(tag => tag.trim())
            .filter(Boolean);
        const dirty = git('status', '--porcelain', '--untracked-files=no').trim() !== '';
        return { tags, dirty, commit };
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/metadata/toml-shape.ts
/**
 * Type checks for values read from a TOML document. Each names the offending key by its dotted path
 * (for example `project.authors[1].email`), so that a message points straight at the line to fix.
 */

function isTable(value) {
    return (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date));
}
function describe(value) {
    if (Array.isArray(value))
        return 'an array';
    if (value instanceof Date)
        return 'a date';
    if (isTable(value))
        return 'a table';
    return `a ${typeof value}`;
}
/** Throws a MetadataError saying `key` in `file` should be `expected` but is something else. */
function wrongType(file, key, expected, value) {
    throw new errors/* MetadataError */.wc(`${file}: ${key} must be ${expected}, not ${describe(value)}.`, 'See https://packaging.python.org/en/latest/specifications/pyproject-toml/ for the expected form.');
}
function expectString(file, key, value) {
    if (typeof value !== 'string')
        wrongType(file, key, 'a string', value);
    return value;
}
function expectTable(file, key, value) {
    if (!isTable(value))
        wrongType(file, key, 'a table', value);
    return value;
}
function expectStringArray(file, key, value) {
    if (!Array.isArray(value))
        wrongType(file, key, 'an array of strings', value);
    return value.map((item, index) => expectString(file, `${key}[${index}]`, item));
}
/** Reads an optional key of `table` with `check`, or undefined when the key is absent. */
function optional(table, key, check, file, prefix) {
    return table[key] === undefined ? undefined : check(file, `${prefix}.${key}`, table[key]);
}

;// CONCATENATED MODULE: ./src/metadata/backends.ts
/**
 * What differs between build backends when they turn the same `[project]` table into METADATA.
 * Facts read from setuptools, hatchling, flit_core and poetry-core and checked against the fixture
 * corpus (`__tests__/data/projects`). One table, so that the mapping itself stays backend-neutral.
 */

const LICENSE_GLOBS = ['LICEN[CS]E*', 'COPYING*', 'NOTICE*', 'AUTHORS*'];
const NEUTRAL = {
    defaultLicenseFiles: [],
    sortKeywords: false,
    normalizeRequirementNames: false,
    extraFirst: false,
    licenseFile: 'text',
    descriptionEnding: 'as-is'
};
const DIALECTS = {
    setuptools: {
        ...NEUTRAL,
        defaultLicenseFiles: LICENSE_GLOBS,
        descriptionEnding: 'ensure-newline'
    },
    // hatchling writes License line by line (splitlines), which drops a final newline.
    hatchling: {
        ...NEUTRAL,
        defaultLicenseFiles: LICENSE_GLOBS,
        sortKeywords: true,
        normalizeRequirementNames: true,
        licenseFile: 'text-without-final-newline'
    },
    // flit_core 3.x records nothing from `license = {file}` (it waits for PEP 639).
    flit: { ...NEUTRAL, extraFirst: true, licenseFile: 'omitted', descriptionEnding: 'add-newline' },
    pdm: NEUTRAL,
    poetry: { ...NEUTRAL, descriptionEnding: 'add-newline' },
    other: NEUTRAL
};
const PREFIXES = [
    ['setuptools', 'setuptools'],
    ['hatchling', 'hatchling'],
    ['flit_core', 'flit'],
    ['pdm.backend', 'pdm'],
    ['poetry.core', 'poetry'],
    ['poetry.masonry', 'poetry']
];
/** The dialect of the backend `pyproject.toml` names; setuptools when it names none (PEP 517). */
function backendDialect(document) {
    const buildSystem = isTable(document['build-system']) ? document['build-system'] : {};
    const name = typeof buildSystem['build-backend'] === 'string'
        ? buildSystem['build-backend']
        : 'setuptools.build_meta:__legacy__';
    const family = PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1] ?? 'other';
    return { family, name, ...DIALECTS[family] };
}

;// CONCATENATED MODULE: ./src/metadata/python-source.ts
/**
 * Reads values out of Python source without running it, as setuptools (`attr:`), flit and pdm try
 * first: the module docstring, and a top-level `NAME = <literal>` assignment. Only literals count
 * (strings, numbers, and tuples or lists of them); anything computed is reported as not found. Pure.
 */
/** The value of the last top-level `name = <literal>` (also `a = name = ...` and `name: str = ...`). */
function readAssignedLiteral(source, name) {
    const text = source.replace(/\r\n?/g, '\n');
    const assignment = new RegExp(`^(?:[A-Za-z_]\\w*\\s*=\\s*)*${name}\\s*(?::[^=\\n]*)?=(?!=)\\s*`, 'gm');
    let found;
    for (const match of text.matchAll(assignment)) {
        let start = match.index + match[0].length;
        // `name = OTHER = "1.0"`: skip the further targets to reach the value.
        for (;;) {
            const target = /^[A-Za-z_]\w*\s*=(?!=)\s*/.exec(text.slice(start));
            if (target === null)
                break;
            start += target[0].length;
        }
        const literal = parseLiteral(text, start);
        if (literal !== undefined && /^[ \t]*(#.*)?(\n|$)/.test(text.slice(literal.end)))
            found = literal.value;
        else
            found = undefined;
    }
    return found;
}
/**
 * The module docstring cleaned as `inspect.cleandoc` does (what `ast.get_docstring` returns), or
 * undefined when the first statement is not a string.
 */
function readModuleDocstring(source) {
    const text = source.replace(/\r\n?/g, '\n');
    const start = /^(?:[ \t]*(?:#.*)?\n)*/.exec(text)?.[0].length ?? 0;
    const literal = parseLiteral(text, start);
    if (literal === undefined || typeof literal.value !== 'string')
        return undefined;
    return cleandoc(literal.value);
}
/** `inspect.cleandoc`: tabs expanded, common indent of lines after the first removed, blank edges dropped. */
function cleandoc(doc) {
    const lines = doc.split('\n').map(expandTabs);
    const rest = lines.slice(1);
    const indents = rest
        .filter(line => line.trim() !== '')
        .map(line => line.length - line.trimStart().length);
    const margin = indents.length > 0 ? Math.min(...indents) : 0;
    const cleaned = [(lines[0] ?? '').trimStart(), ...rest.map(line => line.slice(margin))];
    while (cleaned.length > 0 && (cleaned[0] ?? '').trim() === '')
        cleaned.shift();
    while (cleaned.length > 0 && (cleaned[cleaned.length - 1] ?? '').trim() === '')
        cleaned.pop();
    return cleaned.join('\n');
}
/** `str.expandtabs()`: a tab moves to the next multiple of 8 columns. */
function expandTabs(line) {
    let out = '';
    let column = 0; // in code points, as Python counts
    for (const char of line) {
        const width = char === '\t' ? 8 - (column % 8) : 1;
        out += char === '\t' ? ' '.repeat(width) : char;
        column += width;
    }
    return out;
}
function parseLiteral(text, start) {
    const first = text[start];
    if (first === '(' || first === '[')
        return parseSequence(text, start, first === '(' ? ')' : ']');
    const number = /^-?\d+(?:\.\d+)?/.exec(text.slice(start));
    if (number !== null && !/^[\w.]/.test(text.slice(start + number[0].length))) {
        return { value: Number(number[0]), end: start + number[0].length };
    }
    // Adjacent string literals are one string, as in Python: "1." "0".
    let value;
    let end = start;
    for (;;) {
        const piece = parseString(text, end);
        if (piece === undefined)
            break;
        value = (value ?? '') + piece.value;
        end = piece.end;
        const gap = /^[ \t]*/.exec(text.slice(end))?.[0].length ?? 0;
        if (parseString(text, end + gap) === undefined)
            break;
        end += gap;
    }
    return value === undefined ? undefined : { value, end };
}
function parseSequence(text, start, close) {
    const items = [];
    let position = start + 1;
    for (;;) {
        position = skipSpace(text, position);
        if (text[position] === close)
            return { value: items, end: position + 1 };
        const item = parseLiteral(text, position);
        if (item === undefined)
            return undefined;
        items.push(item.value);
        position = skipSpace(text, item.end);
        if (text[position] === ',')
            position++;
        else if (text[position] !== close)
            return undefined;
    }
}
function skipSpace(text, position) {
    return position + (/^(?:\s|#.*)*/.exec(text.slice(position))?.[0].length ?? 0);
}
/** A Python string literal with an optional r/u prefix; byte and f-strings are not literals here. */
function parseString(text, start) {
    const opening = /^([rRuU]?)('''|"""|'|")/.exec(text.slice(start));
    if (opening === null)
        return undefined;
    const raw = opening[1]?.toLowerCase() === 'r';
    const quote = opening[2];
    let position = start + opening[0].length;
    let value = '';
    while (position < text.length) {
        if (text.startsWith(quote, position))
            return { value, end: position + quote.length };
        const char = text[position];
        if (char === '\n' && quote.length === 1)
            return undefined;
        if (char === '\\' && !raw) {
            const escape = decodeEscape(text, position);
            value += escape.text;
            position = escape.end;
            continue;
        }
        if (char === '\\' && raw) {
            value += text.slice(position, position + 2);
            position += 2;
            continue;
        }
        value += char;
        position++;
    }
    return undefined;
}
const SIMPLE_ESCAPES = {
    '\n': '',
    '\\': '\\',
    "'": "'",
    '"': '"',
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v'
};
function decodeEscape(text, position) {
    const next = text[position + 1] ?? '';
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined)
        return { text: simple, end: position + 2 };
    const hex = /^(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{1,3}))/.exec(text.slice(position + 1));
    if (hex !== null) {
        const code = hex[4] !== undefined
            ? parseInt(hex[4], 8)
            : parseInt((hex[1] ?? hex[2] ?? hex[3]), 16);
        return { text: String.fromCodePoint(code), end: position + 1 + hex[0].length };
    }
    // Python keeps an unknown escape as written.
    return { text: `\\${next}`, end: position + 2 };
}

// EXTERNAL MODULE: ./node_modules/@renovatebot/pep440/index.js
var pep440 = __nccwpck_require__(8898);
;// CONCATENATED MODULE: ./src/metadata/version.ts
/** PEP 440 versions in their normal form, which build backends write into metadata. Pure. */

/**
 * The normal form of a PEP 440 version (`1.0.0-RC1` → `1.0.0rc1`, `v2` → `2`), or undefined when
 * the text is not a valid version. Built from the parsed parts rather than the library's `clean()`,
 * which mangles local versions (`1.0+local.1` → `1.0+local,1`).
 */
function normalizeVersion(version) {
    const parsed = (0,pep440.explain)(version.trim());
    if (parsed === null)
        return undefined;
    return parsed.local ? `${parsed.public}+${parsed.local}` : parsed.public;
}

;// CONCATENATED MODULE: ./src/metadata/dynamic.ts
/**
 * Resolves `[project].dynamic` fields the way each build backend would, without running a build:
 * setuptools (`[tool.setuptools.dynamic]`, setuptools_scm), hatchling (`[tool.hatch.version]`,
 * hatch-vcs), flit (module `__version__` and docstring) and pdm-backend (`[tool.pdm.version]`).
 * The result is a copy of the `[project]` table with the resolved values filled in and removed from
 * `dynamic`, so that the PEP 621 mapping treats them like static ones. Pure apart from `context`.
 */





const FILE = 'pyproject.toml';
/** Fills in the dynamic fields of `document.project` that its backend's configuration determines. */
function resolveDynamic(document, context) {
    const project = { ...expectTable(FILE, 'project', document.project) };
    const dynamic = new Set(Array.isArray(project.dynamic) ? project.dynamic.filter(k => typeof k === 'string') : []);
    const notes = [];
    if (dynamic.size === 0)
        return { project, notes };
    const tool = isTable(document.tool) ? document.tool : {};
    const { family, name } = backendDialect(document);
    const resolver = RESOLVERS[family];
    const resolved = resolver({ project, dynamic, tool, context, backend: name, document });
    for (const [key, value] of Object.entries(resolved.values)) {
        project[key] = value;
        dynamic.delete(key);
    }
    project.dynamic = [...dynamic];
    return { project, notes: resolved.notes };
}
const RESOLVERS = {
    setuptools: resolveSetuptools,
    hatchling: resolveHatchling,
    flit: resolveFlit,
    pdm: resolvePdm,
    poetry: () => ({ values: {}, notes: [] }),
    other: () => ({ values: {}, notes: [] })
};
function resolveSetuptools({ dynamic, tool, context, document }) {
    const setuptools = isTable(tool.setuptools) ? tool.setuptools : {};
    const config = isTable(setuptools.dynamic) ? setuptools.dynamic : {};
    const values = {};
    const notes = [];
    const where = 'tool.setuptools.dynamic';
    if (dynamic.has('version')) {
        if (config.version !== undefined) {
            const spec = expectTable(FILE, `${where}.version`, config.version);
            values.version =
                spec.attr !== undefined
                    ? versionFromAttr(expectString(FILE, `${where}.version.attr`, spec.attr), packageDirs(setuptools), context, `${where}.version`)
                    : checkedVersion(readFileList(spec, `${where}.version`, context).trim(), `${where}.version.file`);
            notes.push(`version ${String(values.version)} from ${where}.version`);
        }
        else if (usesSetuptoolsScm(document, tool)) {
            values.version = context.versionFromGitTag('setuptools_scm');
            notes.push(`version ${String(values.version)} from the git tag (setuptools_scm)`);
        }
    }
    if (dynamic.has('readme') && config.readme !== undefined) {
        const spec = expectTable(FILE, `${where}.readme`, config.readme);
        const contentType = spec['content-type'] === undefined
            ? 'text/x-rst'
            : expectString(FILE, `${where}.readme.content-type`, spec['content-type']);
        values.readme = {
            text: readFileList(spec, `${where}.readme`, context),
            'content-type': contentType
        };
    }
    for (const key of ['description', 'classifiers', 'dependencies']) {
        if (!dynamic.has(key) || config[key] === undefined)
            continue;
        const text = readFileList(expectTable(FILE, `${where}.${key}`, config[key]), `${where}.${key}`, context);
        values[key] = key === 'description' ? text.trim() : requirementLines(text);
    }
    if (dynamic.has('optional-dependencies') && config['optional-dependencies'] !== undefined) {
        const extras = expectTable(FILE, `${where}.optional-dependencies`, config['optional-dependencies']);
        values['optional-dependencies'] = Object.fromEntries(Object.entries(extras).map(([extra, spec]) => [
            extra,
            requirementLines(readFileList(expectTable(FILE, `${where}.optional-dependencies.${extra}`, spec), `${where}.optional-dependencies.${extra}`, context))
        ]));
    }
    return { values, notes };
}
function usesSetuptoolsScm(document, tool) {
    if (tool.setuptools_scm !== undefined)
        return true;
    const buildSystem = isTable(document['build-system']) ? document['build-system'] : {};
    const requires = Array.isArray(buildSystem.requires) ? buildSystem.requires : [];
    return requires.some(requirement => typeof requirement === 'string' && /^setuptools[-_]scm\b/i.test(requirement.trim()));
}
function resolveHatchling({ dynamic, tool, context }) {
    if (!dynamic.has('version'))
        return { values: {}, notes: [] };
    const hatch = isTable(tool.hatch) ? tool.hatch : {};
    const config = isTable(hatch.version) ? hatch.version : {};
    const source = config.source === undefined
        ? 'regex'
        : expectString(FILE, 'tool.hatch.version.source', config.source);
    if (source === 'vcs') {
        const version = context.versionFromGitTag('hatch-vcs');
        return { values: { version }, notes: [`version ${version} from the git tag (hatch-vcs)`] };
    }
    if (source !== 'regex' || config.path === undefined) {
        throw unresolvable('version', 'hatchling', source === 'regex'
            ? 'tool.hatch.version has no path'
            : `tool.hatch.version.source "${source}" needs hatchling itself`);
    }
    const path = expectString(FILE, 'tool.hatch.version.path', config.path);
    const pattern = config.pattern === undefined ? true : config.pattern;
    const text = decode(context.files.readBytes(path, 'tool.hatch.version.path'));
    const version = versionByPattern(text, pattern === true
        ? HATCH_DEFAULT_PATTERN
        : expectString(FILE, 'tool.hatch.version.pattern', pattern), path);
    return {
        values: { version: checkedVersion(version, `tool.hatch.version (${path})`) },
        notes: [`version ${version} from ${path}`]
    };
}
/** hatchling's default: `__version__` or `VERSION` assigned a quoted string, an optional `v` dropped. */
const HATCH_DEFAULT_PATTERN = `(?i)^(__version__|VERSION) *= *(['"])v?(?P<version>.+?)\\2`;
/**
 * Applies a Python regular expression with a `version` group, as hatchling does (`re.search` with
 * MULTILINE). Python's `(?P<name>` and a leading `(?i)` are translated for JavaScript.
 */
function versionByPattern(text, pattern, file) {
    let flags = 'm';
    let source = pattern;
    const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
    if (inline !== null) {
        if (inline[1]?.includes('i'))
            flags += 'i';
        if (inline[1]?.includes('s'))
            flags += 's';
        source = source.slice(inline[0].length);
    }
    source = source.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
    let regex;
    try {
        regex = new RegExp(source, flags);
    }
    catch (error) {
        throw new errors/* MetadataError */.wc(`${FILE}: tool.hatch.version.pattern is not a usable regular expression (${error.message}).`, 'Simplify the pattern.');
    }
    const match = regex.exec(text);
    if (match === null) {
        throw new errors/* MetadataError */.wc(`${FILE}: the version pattern finds no version in ${file}.`, 'Check tool.hatch.version.path and pattern.');
    }
    const version = match.groups?.version;
    if (version === undefined) {
        throw new errors/* MetadataError */.wc(`${FILE}: tool.hatch.version.pattern has no group named "version".`, 'Name the group: (?P<version>...).');
    }
    return version;
}
function resolveFlit({ project, dynamic, tool, context }) {
    if (!dynamic.has('version') && !dynamic.has('description'))
        return { values: {}, notes: [] };
    const flit = isTable(tool.flit) ? tool.flit : {};
    const moduleTable = isTable(flit.module) ? flit.module : {};
    const moduleName = typeof moduleTable.name === 'string'
        ? moduleTable.name
        : String(project.name ?? '').replace(/[-.]/g, '_');
    const file = findModuleFile(moduleName.split('.'), ['src', ''], context);
    if (file === undefined) {
        throw unresolvable('version', 'flit', `its module "${moduleName}" was not found (looked for ${moduleName}.py and ${moduleName}/__init__.py, also under src/)`);
    }
    const text = decode(context.files.readBytes(file, `the module of ${moduleName}`));
    const values = {};
    const notes = [];
    if (dynamic.has('version')) {
        const version = readAssignedLiteral(text, '__version__');
        if (typeof version !== 'string') {
            throw unresolvable('version', 'flit', `${file} has no __version__ = "..." string that can be read without importing the module`);
        }
        values.version = checkedVersion(version, `__version__ in ${file}`);
        notes.push(`version ${String(values.version)} from ${file}`);
    }
    if (dynamic.has('description')) {
        const docstring = readModuleDocstring(text);
        if (docstring === undefined || docstring.trim() === '') {
            throw unresolvable('description', 'flit', `${file} has no module docstring`);
        }
        values.description = docstring.trimStart().split('\n')[0];
        notes.push(`summary from the docstring of ${file}`);
    }
    return { values, notes };
}
function resolvePdm({ dynamic, tool, context }) {
    if (!dynamic.has('version'))
        return { values: {}, notes: [] };
    const pdm = isTable(tool.pdm) ? tool.pdm : {};
    const config = isTable(pdm.version) ? pdm.version : {};
    const source = typeof config.source === 'string' ? config.source : undefined;
    if (source === 'scm') {
        const version = context.versionFromGitTag('pdm-backend');
        return { values: { version }, notes: [`version ${version} from the git tag (pdm-backend)`] };
    }
    if (source !== 'file' || config.path === undefined) {
        throw unresolvable('version', 'pdm-backend', source === undefined
            ? 'tool.pdm.version has no source'
            : `tool.pdm.version.source "${source}" needs pdm-backend itself`);
    }
    const path = expectString(FILE, 'tool.pdm.version.path', config.path);
    const version = readAssignedLiteral(decode(context.files.readBytes(path, 'tool.pdm.version.path')), '__version__');
    if (typeof version !== 'string')
        throw unresolvable('version', 'pdm-backend', `${path} has no __version__ = "..." string`);
    return {
        values: { version: checkedVersion(version, `__version__ in ${path}`) },
        notes: [`version ${version} from ${path}`]
    };
}
/** `package-dir` of `[tool.setuptools]`, defaulting to the src layout and the flat layout. */
function packageDirs(setuptools) {
    const table = isTable(setuptools['package-dir']) ? setuptools['package-dir'] : undefined;
    if (table === undefined)
        return packageDirsFrom(undefined);
    return packageDirsFrom(Object.fromEntries(Object.entries(table).map(([name, dir]) => [
        name,
        expectString(FILE, `tool.setuptools.package-dir.${name}`, dir)
    ])));
}
function packageDirsFrom(mapping) {
    if (mapping === undefined)
        return { root: ['src', ''], packages: {} };
    const packages = {};
    for (const [name, dir] of Object.entries(mapping))
        packages[name] = dir.replace(/\/+$/, '');
    return { root: [packages[''] ?? ''], packages };
}
/** setuptools' `attr = "pkg.module.NAME"`, read statically from the module as setuptools tries first. */
function versionFromAttr(attr, dirs, context, key, file = FILE) {
    const parts = attr.trim().split('.');
    const name = parts.pop();
    const modulePath = parts.length === 0 ? ['__init__'] : parts;
    const topPackage = modulePath[0];
    const roots = dirs.packages[topPackage] !== undefined
        ? [{ base: dirs.packages[topPackage], path: modulePath.slice(1) }]
        : dirs.root.map(base => ({ base, path: modulePath }));
    let module;
    for (const root of roots) {
        module = findModuleFile(root.path, [root.base], context, root.path.length === 0);
        if (module !== undefined)
            break;
    }
    if (module === undefined) {
        throw unresolvable('version', 'setuptools', `${key}.attr names the module ${modulePath.join('.')}, which was not found in the project`, file);
    }
    const value = readAssignedLiteral(decode(context.files.readBytes(module, `${key}.attr`)), name);
    if (value === undefined) {
        throw unresolvable('version', 'setuptools', `${module} has no literal ${name} = ... that can be read without importing the module`, file);
    }
    return checkedVersion(literalVersion(value), `${name} in ${module}`);
}
/** setuptools turns a tuple such as (1, 2, 3) into "1.2.3". */
function literalVersion(value) {
    return Array.isArray(value) ? value.map(String).join('.') : String(value);
}
/** The module file for a dotted path under one of `bases`: `x/y.py` or `x/y/__init__.py`. */
function findModuleFile(path, bases, context, packageOnly = false) {
    for (const base of bases) {
        const prefix = [base, ...path].filter(Boolean).join('/');
        const candidates = packageOnly
            ? [`${prefix}/__init__.py`]
            : [`${prefix}.py`, `${prefix}/__init__.py`];
        const found = candidates.find(candidate => context.isFile(candidate));
        if (found !== undefined)
            return found;
    }
    return undefined;
}
/** `{file = "x"}` or `{file = ["a", "b"]}`: the files' text, joined with newlines as setuptools does. */
function readFileList(spec, key, context) {
    if (spec.file === undefined)
        throw new errors/* MetadataError */.wc(`${FILE}: ${key} needs "file" (or "attr" for the version).`, `Write ${key} = {file = "NAME"}.`);
    const names = typeof spec.file === 'string' ? [spec.file] : expectStringArray(FILE, `${key}.file`, spec.file);
    return names
        .map(name => decode(context.files.readBytes(name, `${key}.file`)).replace(/\r\n?/g, '\n'))
        .join('\n');
}
/** Requirement files: one requirement per line, `#` comments and blank lines dropped. */
function requirementLines(text) {
    return text
        .split('\n')
        .map(line => line.replace(/(^|\s)#.*$/, '').trim())
        .filter(line => line !== '');
}
function checkedVersion(version, where) {
    const normal = normalizeVersion(version);
    if (normal === undefined) {
        throw new errors/* MetadataError */.wc(`The version "${version}" from ${where} is not a valid PEP 440 version.`, 'Fix it to a version such as 1.2.0.');
    }
    return normal;
}
function decode(bytes) {
    return Buffer.from(bytes).toString('utf8');
}
function unresolvable(field, backend, why, file = FILE) {
    const what = file === FILE ? `project.${field} is dynamic and` : `the ${field}`;
    return new errors/* MetadataError */.wc(`${file}: ${what} cannot be resolved for ${backend}: ${why}.`, 'Build the distribution first (python -m build) and register from dist/, or set the value statically.');
}

;// CONCATENATED MODULE: ./src/configparser.ts
/**
 * Rendering of INI files the way Python's `configparser.RawConfigParser` reads them back, which is how
 * twine, distutils and flit read `.pypirc`, and reading them the same way (`parseConfig`). Pure: no I/O here.
 *
 * Python's rules that matter for writing (CPython Lib/configparser.py):
 * - a value is stripped of surrounding whitespace (Python's `str.strip`, i.e. Unicode whitespace),
 * - a line break ends the value, and an indented next line would continue it,
 * - `RawConfigParser` does no `%` interpolation, so values are written raw, never `%%`-escaped,
 * - comments are whole lines only (no inline comment prefixes), so `;` and `#` inside a value are safe.
 */

/** The characters Python's `str.isspace()` accepts: `str.strip()` removes these from both ends. */
const PYTHON_WHITESPACE = new Set('\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000');
/** Line ends as Python's text files see them (universal newlines): each would cut the value short. */
const LINE_BREAK = /[\r\n]/;
/**
 * Refuses a value that Python's configparser would not read back exactly as given.
 * The message names the value by `label` and never includes the value itself, which may be a secret.
 */
function assertRepresentableValue(value, label) {
    if (LINE_BREAK.test(value)) {
        throw new errors/* ConfigValueError */.w0(`${label} contains a line break, which cannot be written to .pypirc: Python's configparser would end the value there.`, 'Remove the line break (a secret pasted with a trailing newline is the usual cause).');
    }
    const first = value.charAt(0);
    const last = value.charAt(value.length - 1);
    if (value.length > 0 && (PYTHON_WHITESPACE.has(first) || PYTHON_WHITESPACE.has(last))) {
        throw new errors/* ConfigValueError */.w0(`${label} starts or ends with whitespace, which Python's configparser strips when it reads .pypirc.`, 'Remove the surrounding whitespace from the value (check the secret for stray spaces or tabs).');
    }
}
/** A section name must survive `[name]` and, for .pypirc, twine's whitespace split of index-servers. */
function assertValidSectionName(name) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
        throw new errors/* ConfigValueError */.w0(`"${name}" cannot be used as a .pypirc section name.`, 'Use letters, digits, ".", "_" and "-" only, starting with a letter or digit.');
    }
}
/**
 * Renders sections as INI text that `RawConfigParser` reads back exactly.
 * Every value is checked first; keys are written as given (configparser lower-cases them on reading).
 */
function renderConfig(sections) {
    const blocks = sections.map(section => {
        assertValidSectionName(section.name);
        const lines = [`[${section.name}]`];
        for (const [key, value] of section.entries) {
            if (typeof value === 'string') {
                assertRepresentableValue(value, `The value of "${key}" in section [${section.name}]`);
                lines.push(value === '' ? `${key} =` : `${key} = ${value}`);
            }
            else {
                for (const item of value) {
                    assertRepresentableValue(item, `An item of "${key}" in section [${section.name}]`);
                }
                lines.push(`${key} =`, ...value.map(item => `    ${item}`));
            }
        }
        return lines.join('\n');
    });
    return blocks.join('\n\n') + '\n';
}
// ---------------------------------------------------------------------------------------------------
// Reading: the semantics of Python 3.11's `configparser.RawConfigParser()` with default arguments
// (delimiters `=` and `:`, full-line comments `#` and `;`, no inline comments, strict, no valueless
// keys, empty lines kept inside values, `optionxform` = `str.lower`, no interpolation), applied to a
// file read in text mode as twine (`open(path)`) and setuptools (`open(path, encoding='utf-8')`) do:
// - universal newlines: `\r\n` and a lone `\r` both end a line; no other character does,
// - no BOM stripping: a UTF-8 BOM stays as U+FEFF at the start of the first line, which is then
//   neither blank, a comment nor a section header, so Python raises MissingSectionHeaderError there.
//   Node's `readFile(path, 'utf8')` keeps the BOM too, so pass the decoded text unchanged.
// ---------------------------------------------------------------------------------------------------
/** Python's name for the section whose keys apply to every other section. Case-sensitive. */
const DEFAULT_SECTION = 'DEFAULT';
/**
 * A file that Python's configparser refuses. The message names the file, the line and the kind of
 * problem, and never any text of the line, which in a .pypirc may be a password.
 */
class ConfigSyntaxError extends errors/* ActionError */.lZ {
    fileName;
    kind;
    line;
    lines;
    name = 'ConfigSyntaxError';
    /**
     * @param line the 1-based line Python reports (for a ParsingError, the first bad line)
     * @param lines every bad line Python lists (a ParsingError collects them all; otherwise just `line`)
     */
    constructor(message, advice, fileName, kind, line, lines = [line]) {
        super(message, advice);
        this.fileName = fileName;
        this.kind = kind;
        this.line = line;
        this.lines = lines;
    }
}
function isPythonSpace(char) {
    return PYTHON_WHITESPACE.has(char);
}
/** Python's `str.rstrip()`. */
function pythonRstrip(text) {
    let end = text.length;
    while (end > 0 && isPythonSpace(text.charAt(end - 1)))
        end--;
    return text.slice(0, end);
}
/** The index of the first character that is not whitespace (Python's `\S`), or -1. */
function firstNonSpace(text) {
    for (let index = 0; index < text.length; index++) {
        if (!isPythonSpace(text.charAt(index)))
            return index;
    }
    return -1;
}
/** Python's `str.strip()`. */
function pythonStrip(text) {
    const start = firstNonSpace(text);
    return start === -1 ? '' : pythonRstrip(text.slice(start));
}
/** The lines Python's text-mode file iteration yields (without their line ends). */
function splitLines(text) {
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    // A final line end does not start another line.
    if (lines[lines.length - 1] === '')
        lines.pop();
    return lines;
}
function finish(entries) {
    const done = new Map();
    for (const [key, entry] of entries) {
        done.set(key, { key, value: pythonRstrip(entry.parts.join('\n')), line: entry.line });
    }
    return done;
}
/**
 * Reads INI text as Python 3.11's `configparser.RawConfigParser().read(path)` does.
 * @param text the file's content, decoded as UTF-8 without removing a BOM
 * @param fileName how error messages name the file, e.g. ".pypirc" or "setup.cfg"
 * @throws ConfigSyntaxError where Python raises, naming the same line
 */
function parseConfig(text, fileName) {
    const at = (line) => `${fileName}, line ${line}:`;
    const sections = new Map();
    const defaults = new Map();
    /** Lines of keys already set, by section name then key (Python's `elements_added`). */
    const keyLines = new Map();
    const invalid = [];
    let current;
    let sectionName = '';
    /** The key that an indented line would continue; '' when there is none (Python's falsy optname). */
    let key = '';
    let indentLevel = 0;
    splitLines(text).forEach((raw, index) => {
        const lineNo = index + 1;
        const stripped = pythonStrip(raw);
        if (stripped.startsWith('#') || stripped.startsWith(';'))
            return;
        if (stripped === '') {
            // A blank line belongs to the value above if more continuation follows; trailing ones go.
            if (current !== undefined && key !== '')
                current.get(key)?.parts.push('');
            return;
        }
        const indent = firstNonSpace(raw);
        if (current !== undefined && key !== '' && indent > indentLevel) {
            current.get(key)?.parts.push(stripped);
            return;
        }
        indentLevel = indent;
        // `\[(?P<header>.+)\]` matched at the start: the name runs to the LAST `]`, text after it is ignored.
        const close = stripped.lastIndexOf(']');
        if (stripped.startsWith('[') && close >= 2) {
            sectionName = stripped.slice(1, close);
            if (sectionName === DEFAULT_SECTION) {
                current = defaults;
            }
            else {
                const earlier = sections.get(sectionName);
                if (earlier !== undefined) {
                    throw new ConfigSyntaxError(`${at(lineNo)} this section header repeats a section that already starts on line ${earlier.line}.`, "Merge the two sections into one: Python's configparser refuses a section that appears twice in a file (section names are case-sensitive).", fileName, 'duplicate-section', lineNo);
                }
                const section = { name: sectionName, line: lineNo, entries: new Map() };
                sections.set(sectionName, section);
                current = section.entries;
            }
            key = '';
            return;
        }
        if (current === undefined) {
            if (lineNo === 1 && raw.startsWith('\ufeff')) {
                throw new ConfigSyntaxError(`${at(lineNo)} the file starts with a byte order mark (BOM), which Python's configparser reads as text before the first [section] header.`, 'Save the file as UTF-8 without a BOM.', fileName, 'missing-section-header', lineNo);
            }
            throw new ConfigSyntaxError(`${at(lineNo)} a line that is not blank or a comment comes before the first [section] header.`, "Put a section header such as [pypi] above it, or remove the line: Python's configparser requires every setting to be inside a section.", fileName, 'missing-section-header', lineNo);
        }
        // A key ends at the first `=` or `:`, whichever comes first.
        const delimiter = stripped.search(/[=:]/);
        if (delimiter === -1) {
            // Python records the line and reads on, keeping the key above open for continuation lines.
            invalid.push({ line: lineNo, kind: 'invalid-line' });
            return;
        }
        if (delimiter === 0)
            invalid.push({ line: lineNo, kind: 'missing-key' });
        key = pythonRstrip(stripped.slice(0, delimiter)).toLowerCase();
        let seen = keyLines.get(sectionName);
        if (seen === undefined) {
            seen = new Map();
            keyLines.set(sectionName, seen);
        }
        const earlier = seen.get(key);
        if (earlier !== undefined) {
            throw new ConfigSyntaxError(`${at(lineNo)} this key is already set on line ${earlier} in the same section.`, "Keep only one of the two lines: Python's configparser refuses a key set twice in one section (keys are case-insensitive).", fileName, 'duplicate-key', lineNo);
        }
        seen.set(key, lineNo);
        current.set(key, { key, parts: [pythonStrip(stripped.slice(delimiter + 1))], line: lineNo });
    });
    const [first, ...others] = invalid;
    if (first !== undefined) {
        const more = others.length === 0
            ? ''
            : ` Python also refuses line${others.length === 1 ? '' : 's'} ${others.map(bad => bad.line).join(', ')}.`;
        const problem = first.kind === 'missing-key'
            ? 'a line starts with "=" or ":", so it has a value but no key.'
            : 'a line that is neither a section header, a key = value pair, a comment, nor an indented continuation of a value.';
        throw new ConfigSyntaxError(`${at(first.line)} ${problem}${more}`, first.kind === 'missing-key'
            ? 'Write the key before the "=" or ":".'
            : 'Write it as "key = value", indent it further than the key above to continue that value, or start it with "#" to make it a comment.', fileName, first.kind, first.line, invalid.map(bad => bad.line));
    }
    const parsed = new Map();
    for (const section of sections.values()) {
        parsed.set(section.name, {
            name: section.name,
            line: section.line,
            entries: finish(section.entries)
        });
    }
    return { fileName, sections: parsed, defaults: finish(defaults) };
}
/**
 * The entry Python's `parser.get(section, key)` returns: the section's own key, else DEFAULT's.
 * `key` is lower-cased as Python does. Undefined where Python raises NoSectionError or NoOptionError.
 */
function getConfigEntry(config, section, key) {
    const option = key.toLowerCase();
    if (section === DEFAULT_SECTION)
        return config.defaults.get(option);
    const own = config.sections.get(section);
    if (own === undefined)
        return undefined;
    return own.entries.get(option) ?? config.defaults.get(option);
}
/** The value Python's `parser.get(section, key)` returns, or undefined where it raises. */
function getConfigValue(config, section, key) {
    return getConfigEntry(config, section, key)?.value;
}
/**
 * Python's `parser.items(section)`: DEFAULT's keys first (with the section's value where it sets the
 * same key), then the section's other keys, each in file order. Undefined where Python raises
 * NoSectionError.
 */
function configItems(config, section) {
    if (section === DEFAULT_SECTION)
        return [...config.defaults.values()];
    const own = config.sections.get(section);
    if (own === undefined)
        return undefined;
    const items = new Map(config.defaults);
    for (const [key, entry] of own.entries)
        items.set(key, entry);
    return [...items.values()];
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(7975);
;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/error.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/primitive.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function primitive_parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/date.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/extract.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return primitive_parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/util.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/struct.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(primitive_parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/parse.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/stringify.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let BARE_KEY = /^[a-z0-9-_]+$/i;
let HAS_WELLFORMED = !!(''.isWellFormed);
function extendedTypeOf(obj) {
    let type = typeof obj;
    if (type === 'object') {
        if (Array.isArray(obj))
            return 'array';
        if (typeof obj.getUTCDate === 'function' && obj instanceof Date)
            return 'date';
        if (globalThis.Temporal) {
            if (obj.until) {
                if (obj instanceof Temporal.ZonedDateTime)
                    return 'temporal/tz+uc';
                if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
                    return 'temporal/uc';
                if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
                    return 'temporal';
                if (obj instanceof Temporal.PlainYearMonth)
                    return 'temporal/x';
            }
            else if ((obj.toPlainDate && obj instanceof Temporal.PlainMonthDay) ||
                (obj.negated && obj instanceof Temporal.Duration)) {
                return 'temporal/x';
            }
        }
    }
    return type;
}
function isArrayOfTables(obj) {
    for (let i = 0; i < obj.length; i++) {
        if (extendedTypeOf(obj[i]) !== 'object')
            return false;
    }
    return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
    return JSON.stringify(s).replaceAll('\x7f', '\\u007f');
}
function formatString(s) {
    return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
    if (BARE_KEY.test(s))
        return s;
    if (HAS_WELLFORMED && !s.isWellFormed())
        throw new RangeError('key contains illegal lone surrogates');
    return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    switch (type) {
        // @ts-expect-error -- intentional fallthrough case
        case 'number':
            if (isNaN(val))
                return 'nan';
            if (val === Infinity)
                return 'inf';
            if (val === -Infinity)
                return '-inf';
            if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
                return val.toFixed(1);
        case 'bigint':
        case 'boolean':
        case 'temporal':
            return val.toString();
        case 'string':
            return formatString(val);
        case 'date':
            if (isNaN(val.getTime()))
                throw new TypeError('cannot serialize invalid date');
            return val.toISOString();
        case 'object':
            return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
        case 'array':
            return stringifyArray(val, depth, numberAsFloat, strictTemporal);
        // @ts-expect-error -- intentional fallthrough case
        case 'temporal/tz+uc':
            if (strictTemporal) {
                let tz = val.timeZoneId;
                let tzc = tz.charCodeAt(0);
                if (
                // Classic offset
                tzc !== 0x2b /* + */ && tzc !== 0x2d /* - */ &&
                    (
                    // Fast pre-check pass; see below for the actually accepted values
                    (tzc !== 0x55 /* U */ && tzc !== 0x47 /* G */ && tzc !== 0x5a /* Z */ && tzc !== 0x45 /* E */) ||
                        (
                        // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
                        tz !== 'UTC' && tz !== 'UCT' && tz !== 'Universal' && tz !== 'Zulu' &&
                            // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
                            !tz.startsWith('GMT') && tz !== 'Greenwich' &&
                            // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
                            !tz.startsWith('Etc/')))) {
                    throw new TypeError('Temporal objects with an IANA timezone are not allowed in Temporal strict mode');
                }
            }
        case 'temporal/uc':
            if (strictTemporal && val.calendarId !== 'iso8601')
                throw new TypeError('Temporal objects with a non-default calendar are not allowed in Temporal strict mode');
            return val.toString({
                calendarName: 'never',
                timeZoneName: 'never',
            });
        case 'temporal/x':
            throw new TypeError('Unsupported ' + val[Symbol.toStringTag]);
    }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
    let keys = Object.keys(obj);
    if (keys.length === 0)
        return '{}';
    let res = '{ ';
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (i)
            res += ', ';
        res += formatKey(k) + ' = ' + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' }';
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
    if (array.length === 0)
        return '[]';
    let res = '[ ';
    for (let i = 0; i < array.length; i++) {
        if (i)
            res += ', ';
        if (array[i] === null || array[i] === void 0) {
            throw new TypeError('arrays cannot contain null or undefined values');
        }
        res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' ]';
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let res = '';
    for (let i = 0; i < array.length; i++) {
        res += `${res && '\n'}[[${key}]]\n`;
        res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
    }
    return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let preamble = '';
    let tables = '';
    let keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (obj[k] !== null && obj[k] !== void 0) {
            let type = extendedTypeOf(obj[k]);
            if (type === 'symbol' || type === 'function') {
                throw new TypeError(`cannot serialize values of type '${type}'`);
            }
            let key = formatKey(k);
            if (type === 'array' && isArrayOfTables(obj[k])) {
                tables += (tables && '\n') + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
            }
            else if (type === 'object') {
                let tblKey = prefix ? `${prefix}.${key}` : key;
                tables += (tables && '\n') + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
            }
            else {
                preamble += key;
                preamble += ' = ';
                preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
                preamble += '\n';
            }
        }
    }
    if (tableKey && (preamble || !tables)) // Create table only if necessary
        preamble = preamble ? `[${tableKey}]\n${preamble}` : `[${tableKey}]`;
    return preamble && tables
        ? `${preamble}\n${tables}`
        : preamble || tables;
}
function stringify(obj, { maxDepth = 1000, numbersAsFloat = false, strictTemporal = false } = {}) {
    if (extendedTypeOf(obj) !== 'object') {
        throw new TypeError('stringify can only be called with an object');
    }
    let str = stringifyTable(0, obj, '', maxDepth, numbersAsFloat, strictTemporal);
    if (str[str.length - 1] !== '\n')
        return str + '\n';
    return str;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/index.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */





/** @deprecated use `import * as ... from 'smol-toml'` instead */
/* harmony default export */ const dist = ({ parse: parse, stringify: stringify, TomlDate: TomlDate, TomlError: TomlError });

;// CONCATENATED MODULE: ./src/metadata/pyproject.ts
/**
 * Core metadata from the `[project]` table of `pyproject.toml` (PEP 621), mapped the way the build
 * backends write it into PKG-INFO/METADATA. Pure apart from the injected {@link ProjectFiles}.
 */






const pyproject_FILE = 'pyproject.toml';
/** The keys PEP 621 defines for `[project]`; anything else is reported and ignored. */
const PROJECT_KEYS = new Set([
    'name',
    'version',
    'description',
    'readme',
    'requires-python',
    'license',
    'license-files',
    'authors',
    'maintainers',
    'keywords',
    'classifiers',
    'urls',
    'dependencies',
    'optional-dependencies',
    'scripts',
    'gui-scripts',
    'entry-points',
    'dynamic',
    'import-names',
    'import-namespaces'
]);
/** Dynamic fields that do not reach core metadata, so leaving them unresolved loses nothing. */
const NOT_METADATA = new Set(['scripts', 'gui-scripts', 'entry-points']);
const PEP508_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
/** Parses TOML text, turning syntax errors into a message with the line and column. */
function parsePyprojectToml(text, file = pyproject_FILE) {
    try {
        return parse(text);
    }
    catch (error) {
        if (error instanceof TomlError) {
            const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '');
            throw new errors/* MetadataError */.wc(`${file} is not valid TOML: ${reason} at line ${error.line}, column ${error.column}.`, 'Fix the syntax there; `python3 -c "import tomllib,sys; tomllib.load(open(sys.argv[1],\'rb\'))" pyproject.toml` shows the same error.');
        }
        throw error;
    }
}
/**
 * Maps a parsed `pyproject.toml` to core metadata.
 * @param document the whole parsed file
 * @param files reads the readme, license and license files it names
 */
function metadataFromPyproject(document, files) {
    if (document.project === undefined) {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE} has no [project] table, so it does not declare the project's metadata.`, 'Add a [project] table with at least name and version (PEP 621), or set project-dir to the folder of the project to register.');
    }
    const project = expectTable(pyproject_FILE, 'project', document.project);
    const dialect = backendDialect(document);
    const warnings = [];
    const dynamic = readDynamic(project, warnings, dialect.name);
    for (const key of Object.keys(project)) {
        if (!PROJECT_KEYS.has(key))
            warnings.push(`${pyproject_FILE}: project.${key} is not a PEP 621 key; it is ignored.`);
    }
    const name = readName(project);
    const version = readRequired(project, 'version', dynamic, dialect.name);
    const fields = { name, version };
    const put = (key, value) => {
        if (value !== undefined && value.length > 0)
            fields[key] = value;
    };
    put('summary', optional(project, 'description', expectString, pyproject_FILE, 'project'));
    const readme = readReadme(project, files);
    put('description', readme === undefined ? undefined : endDescription(readme.text, dialect));
    put('description_content_type', readme?.contentType);
    put('requires_python', optional(project, 'requires-python', expectString, pyproject_FILE, 'project'));
    Object.assign(fields, readLicense(project, files, dialect));
    Object.assign(fields, readPeople(project, 'authors', 'author', 'author_email'));
    Object.assign(fields, readPeople(project, 'maintainers', 'maintainer', 'maintainer_email'));
    put('keywords', readKeywords(project, dialect));
    put('classifiers', optional(project, 'classifiers', expectStringArray, pyproject_FILE, 'project'));
    put('project_urls', readUrls(project));
    const extras = readOptionalDependencies(project, dialect);
    put('requires_dist', [
        ...(optional(project, 'dependencies', expectStringArray, pyproject_FILE, 'project') ?? []).map(requirement => spellRequirement(requirement, dialect)),
        ...extras.requirements
    ]);
    put('provides_extra', extras.names);
    put('import_name', optional(project, 'import-names', expectStringArray, pyproject_FILE, 'project'));
    put('import_namespace', optional(project, 'import-namespaces', expectStringArray, pyproject_FILE, 'project'));
    const partial = fields;
    return { metadata: { metadata_version: minimumMetadataVersion(partial), ...partial }, warnings };
}
/** The description as the backend writes it into the message body. */
function endDescription(text, dialect) {
    if (dialect.descriptionEnding === 'add-newline')
        return `${text}\n`;
    if (dialect.descriptionEnding === 'ensure-newline' && !text.endsWith('\n'))
        return `${text}\n`;
    return text;
}
function readKeywords(project, dialect) {
    const keywords = optional(project, 'keywords', expectStringArray, pyproject_FILE, 'project');
    if (keywords === undefined)
        return undefined;
    // Python's sorted(): code point order, which a plain comparison gives for these strings.
    const ordered = dialect.sortKeywords
        ? [...new Set(keywords)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        : keywords;
    return ordered.join(',');
}
/** Reads `project.dynamic`, refusing what PEP 621 forbids and warning about what will not be sent. */
function readDynamic(project, warnings, backend) {
    const listed = optional(project, 'dynamic', expectStringArray, pyproject_FILE, 'project') ?? [];
    const dynamic = new Set(listed);
    if (dynamic.has('name')) {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: project.dynamic lists "name", which PEP 621 does not allow.`, 'Set name statically in [project] and remove it from dynamic.');
    }
    for (const key of dynamic) {
        if (project[key] !== undefined) {
            throw new errors/* MetadataError */.wc(`${pyproject_FILE}: project.${key} is set and also listed in project.dynamic; PEP 621 allows one or the other.`, `Remove "${key}" from project.dynamic, or remove its static value.`);
        }
    }
    const unsent = listed.filter(key => key !== 'version' && !NOT_METADATA.has(key));
    if (unsent.length > 0) {
        warnings.push(`${pyproject_FILE}: project.dynamic lists ${unsent.join(', ')}; ${backend ?? 'the build backend'} fills ${unsent.length === 1 ? 'it' : 'them'} in at build time, so ${unsent.length === 1 ? 'it is' : 'they are'} not sent. Register from a built distribution to include ${unsent.length === 1 ? 'it' : 'them'}.`);
    }
    return dynamic;
}
function readName(project) {
    if (project.name === undefined) {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: project.name is missing.`, 'Add name = "your-project" to the [project] table.');
    }
    const name = expectString(pyproject_FILE, 'project.name', project.name);
    if (!PEP508_NAME.test(name)) {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: project.name "${name}" is not a valid project name.`, 'Use letters, digits, ".", "_" and "-", starting and ending with a letter or digit (PEP 508).');
    }
    return name;
}
function readRequired(project, key, dynamic, backend) {
    if (dynamic.has(key)) {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: project.${key} is dynamic: ${backend ?? 'the build backend'} computes it at build time, and pypi-register cannot resolve it from this source tree.`, `Set ${key} statically in [project], or build the distribution first and register from it.`);
    }
    if (project[key] === undefined) {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: project.${key} is missing.`, `Add ${key} = "1.0.0" (your release's ${key}) to [project], or list "${key}" in project.dynamic if the build backend sets it.`);
    }
    const value = expectString(pyproject_FILE, `project.${key}`, project[key]);
    if (value.trim() === '') {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: project.${key} is empty.`, `Set project.${key} to a value.`);
    }
    return value;
}
const README_TYPES = {
    '.md': 'text/markdown',
    '.rst': 'text/x-rst',
    '.txt': 'text/plain'
};
function readReadme(project, files) {
    const readme = project.readme;
    if (readme === undefined)
        return undefined;
    if (typeof readme === 'string') {
        const suffix = /\.[^./\\]*$/.exec(readme)?.[0]?.toLowerCase() ?? '';
        const contentType = README_TYPES[suffix];
        if (contentType === undefined) {
            throw new errors/* MetadataError */.wc(`${pyproject_FILE}: the content type of project.readme "${readme}" cannot be told from its extension.`, `Name a .md, .rst or .txt file, or write readme = {file = "${readme}", content-type = "text/plain"}.`);
        }
        return {
            text: decodeText(files.readBytes(readme, 'project.readme'), 'utf-8', 'project.readme'),
            contentType
        };
    }
    if (!isTable(readme))
        wrongType(pyproject_FILE, 'project.readme', 'a file name or a table', readme);
    const contentType = readme['content-type'];
    if (contentType === undefined) {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: project.readme is a table without "content-type".`, 'Add content-type = "text/markdown" (or "text/x-rst", "text/plain") to it.');
    }
    const type = expectString(pyproject_FILE, 'project.readme.content-type', contentType);
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1] ?? 'utf-8';
    return { text: readFileOrText(readme, 'project.readme', files, charset), contentType: type };
}
/** A `{file = ...}` or `{text = ...}` table (readme, license): exactly one of the two. */
function readFileOrText(table, key, files, charset = 'utf-8') {
    if ((table.file === undefined) === (table.text === undefined)) {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: ${key} must have exactly one of "file" and "text".`, `Write ${key} = {file = "NAME"} or ${key} = {text = "..."}.`);
    }
    if (table.text !== undefined)
        return expectString(pyproject_FILE, `${key}.text`, table.text);
    const file = expectString(pyproject_FILE, `${key}.file`, table.file);
    return decodeText(files.readBytes(file, `${key}.file`), charset, `${key}.file`);
}
/** Python's names for ISO-8859-1, which WHATWG decoders would read as windows-1252 instead. */
const ISO_8859_1 = new Set([
    'latin-1',
    'latin1',
    'iso-8859-1',
    'iso8859-1',
    'iso-8859-1:1987',
    'l1'
]);
/**
 * Decodes a text file the way Python's `open(..., encoding=charset)` reads it for the backends:
 * universal newlines (CRLF and CR become LF), and a byte order mark is kept as a character.
 */
function decodeText(bytes, charset, key) {
    const label = charset.toLowerCase().replace(/_/g, '-');
    return decodeWith(bytes, label, key).replace(/\r\n?/g, '\n');
}
function decodeWith(bytes, label, key) {
    if (ISO_8859_1.has(label))
        return Buffer.from(bytes).toString('latin1');
    let decoder;
    try {
        decoder = new external_node_util_.TextDecoder(label, { fatal: true, ignoreBOM: true });
    }
    catch {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: ${key} names the unknown charset "${label}".`, 'Use charset=UTF-8.');
    }
    try {
        return decoder.decode(bytes);
    }
    catch {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: the file named by ${key} is not valid ${label} text.`, 'Save it as UTF-8, or give its charset in content-type.');
    }
}
function readLicense(project, files, dialect) {
    const result = {};
    const license = project.license;
    const patterns = optional(project, 'license-files', expectStringArray, pyproject_FILE, 'project');
    if (typeof license === 'string') {
        if (license.trim() === '') {
            throw new errors/* MetadataError */.wc(`${pyproject_FILE}: project.license is empty.`, 'Give an SPDX license expression such as "MIT".');
        }
        result.license_expression = license;
    }
    else if (license !== undefined) {
        if (!isTable(license))
            wrongType(pyproject_FILE, 'project.license', 'an SPDX expression or a table', license);
        if (patterns !== undefined) {
            throw new errors/* MetadataError */.wc(`${pyproject_FILE}: project.license is a table while project.license-files is set; PEP 639 allows license-files only with a license expression.`, 'Write the license as an SPDX expression, e.g. license = "MIT".');
        }
        const fromFile = license.file !== undefined;
        const text = readFileOrText(license, 'project.license', files);
        if (!fromFile || dialect.licenseFile === 'text')
            result.license = text;
        else if (dialect.licenseFile === 'text-without-final-newline')
            result.license = text.replace(/\n$/, '');
    }
    if (patterns !== undefined) {
        const found = patterns.flatMap((pattern, index) => matchLicenseFiles(pattern, index, files));
        if (found.length > 0)
            result.license_file = [...new Set(found)];
    }
    else if (dialect.defaultLicenseFiles.length > 0) {
        // Without license-files, setuptools and hatchling still record the usual license files.
        const found = [
            ...new Set(dialect.defaultLicenseFiles.flatMap(pattern => files.glob(pattern)))
        ].sort();
        if (found.length > 0)
            result.license_file = found;
    }
    return result;
}
/** PEP 639: patterns are relative, stay inside the project, and each must match at least one file. */
function matchLicenseFiles(pattern, index, files) {
    const key = `project.license-files[${index}]`;
    if (pattern.startsWith('/') || pattern.includes('\\') || pattern.split('/').includes('..')) {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: ${key} "${pattern}" must be a relative path inside the project, with "/" separators and no "..".`, 'Write patterns such as "LICENSE*" or "licenses/*.txt".');
    }
    const matches = files.glob(pattern);
    if (matches.length === 0) {
        throw new errors/* MetadataError */.wc(`${pyproject_FILE}: ${key} "${pattern}" matches no file.`, 'PEP 639 requires every pattern to match at least one file: fix the pattern or add the file.');
    }
    return matches;
}
/** RFC 5322 "specials": a display name containing one is quoted, as Python's email.headerregistry does. */
const ADDRESS_SPECIALS = /[()<>@,:;."[\]]/;
function formatAddress(name, email) {
    const display = ADDRESS_SPECIALS.test(name) ? `"${name.replace(/[\\"]/g, '\\$&')}"` : name;
    return `${display} <${email}>`;
}
/**
 * authors/maintainers: people with a name only go to Author/Maintainer; people with an email go to
 * Author-email/Maintainer-email as `Name <email>`; each list is joined with ", ".
 */
function readPeople(project, key, nameField, emailField) {
    const people = project[key];
    if (people === undefined)
        return {};
    if (!Array.isArray(people))
        wrongType(pyproject_FILE, `project.${key}`, 'an array of tables', people);
    const names = [];
    const emails = [];
    people.forEach((person, index) => {
        const where = `project.${key}[${index}]`;
        const table = expectTable(pyproject_FILE, where, person);
        const name = optional(table, 'name', expectString, pyproject_FILE, where);
        const email = optional(table, 'email', expectString, pyproject_FILE, where);
        if (name === undefined && email === undefined) {
            throw new errors/* MetadataError */.wc(`${pyproject_FILE}: ${where} has neither name nor email.`, 'Give at least one of them.');
        }
        if (email === undefined)
            names.push(name);
        else
            emails.push(name === undefined ? email : formatAddress(name, email));
    });
    const result = {};
    if (names.length > 0)
        result[nameField] = names.join(', ');
    if (emails.length > 0)
        result[emailField] = emails.join(', ');
    return result;
}
function readUrls(project) {
    const urls = optional(project, 'urls', expectTable, pyproject_FILE, 'project');
    if (urls === undefined)
        return undefined;
    return Object.entries(urls).map(([label, url]) => `${label}, ${expectString(pyproject_FILE, `project.urls.${quoteKey(label)}`, url)}`);
}
/** PEP 685 normal form of an extra name, as the backends write it into Provides-Extra. */
function normalizeExtraName(extra) {
    return extra.toLowerCase().replace(/[-_.]+/g, '-');
}
function readOptionalDependencies(project, dialect) {
    const table = optional(project, 'optional-dependencies', expectTable, pyproject_FILE, 'project');
    const names = [];
    const requirements = [];
    for (const [extra, list] of Object.entries(table ?? {})) {
        const key = `project.optional-dependencies.${quoteKey(extra)}`;
        if (!PEP508_NAME.test(extra)) {
            throw new errors/* MetadataError */.wc(`${pyproject_FILE}: ${key}: "${extra}" is not a valid extra name.`, 'Use letters, digits, ".", "_" and "-", starting and ending with a letter or digit.');
        }
        const name = normalizeExtraName(extra);
        names.push(name);
        for (const requirement of expectStringArray(pyproject_FILE, key, list)) {
            requirements.push(withExtraMarker(spellRequirement(requirement, dialect), name, dialect.extraFirst));
        }
    }
    return { names, requirements };
}
/** A requirement as the backend writes it: trimmed, and with hatchling the name normalised. */
function spellRequirement(requirement, dialect) {
    const trimmed = requirement.trim();
    if (!dialect.normalizeRequirementNames)
        return trimmed;
    return trimmed.replace(/^[A-Za-z0-9][A-Za-z0-9._-]*/, name => name.toLowerCase().replace(/[-_.]+/g, '-'));
}
/**
 * Adds `extra == "name"` to a requirement's environment marker, wrapping an existing marker in
 * parentheses so that an `or` inside it keeps its meaning. flit puts the extra first.
 */
function withExtraMarker(requirement, extra, extraFirst = false) {
    const { spec, marker } = splitMarker(requirement);
    const condition = `extra == "${extra}"`;
    if (marker === undefined)
        return `${spec}; ${condition}`;
    return extraFirst
        ? `${spec}; ${condition} and (${marker})`
        : `${spec}; (${marker}) and ${condition}`;
}
/**
 * Splits a PEP 508 requirement at its `;`. In a URL requirement (`name @ url ; marker`) the `;` must
 * follow whitespace, because a URL may itself contain `;`.
 */
function splitMarker(requirement) {
    const separator = requirement.includes('@') ? /\s;/ : /;/;
    const match = separator.exec(requirement);
    if (match === null)
        return { spec: requirement };
    const at = match.index + match[0].length - 1;
    return { spec: requirement.slice(0, at).trim(), marker: requirement.slice(at + 1).trim() };
}
function quoteKey(key) {
    return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

;// CONCATENATED MODULE: ./src/metadata/setup-cfg.ts
/**
 * Core metadata from setuptools' declarative `setup.cfg` ([metadata], [options],
 * [options.extras_require]), read with Python's configparser rules and setuptools' value rules:
 * lists split by lines or by commas, requirement lists by lines or by semicolons, `file:` and
 * `attr:` directives. Pure apart from the injected project files.
 */






const setup_cfg_FILE = 'setup.cfg';
/** [metadata] keys setuptools accepts under a second name. */
const ALIASES = {
    home_page: 'url',
    summary: 'description',
    classifier: 'classifiers',
    platform: 'platforms'
};
/** True when the text has a [metadata] section naming the project: the sign of a declarative setup. */
function declaresMetadata(text) {
    try {
        return getConfigValue(parseConfig(text, setup_cfg_FILE), 'metadata', 'name') !== undefined;
    }
    catch {
        return true; // A malformed file is worth reading, so that its error is shown.
    }
}
/** Maps setup.cfg text to core metadata as setuptools would write it. */
function metadataFromSetupCfg(text, context) {
    const config = parseConfig(text, setup_cfg_FILE);
    const get = (key) => metadataValue(config, key);
    const name = get('name');
    if (name === undefined || name === '') {
        throw new errors/* MetadataError */.wc(`${setup_cfg_FILE}: [metadata] has no name.`, 'Add name = your-project to [metadata].');
    }
    const version = readVersion(get('version'), config, context);
    // setuptools' defaults when no backend is named: the setuptools dialect.
    const dialect = backendDialect({});
    const fields = { name, version };
    const put = (key, value) => {
        if (value !== undefined && value.length > 0)
            fields[key] = value;
    };
    put('summary', withFile(get('description'), context, 'description'));
    const longDescription = withFile(get('long_description'), context, 'long_description');
    if (longDescription !== undefined && longDescription !== '') {
        put('description', longDescription.endsWith('\n') ? longDescription : `${longDescription}\n`);
    }
    put('description_content_type', get('long_description_content_type'));
    put('home_page', get('url'));
    put('download_url', get('download_url'));
    put('author', get('author'));
    put('author_email', get('author_email'));
    put('maintainer', get('maintainer'));
    put('maintainer_email', get('maintainer_email'));
    put('license', get('license'));
    put('keywords', splitList(get('keywords'))?.join(','));
    put('platform', splitList(get('platforms')));
    put('classifiers', splitList(withFile(get('classifiers'), context, 'classifiers')));
    put('project_urls', setup_cfg_readUrls(get('project_urls')));
    put('provides', splitList(get('provides')));
    put('requires', splitList(get('requires')));
    put('obsoletes', splitList(get('obsoletes')));
    // Explicit license_files are globs too; without them setuptools uses its default globs.
    const patterns = splitList(get('license_files')) ?? dialect.defaultLicenseFiles;
    put('license_file', [...new Set(patterns.flatMap(pattern => context.files.glob(pattern)))].sort());
    const options = (key) => getConfigValue(config, 'options', key);
    put('requires_python', sortSpecifiers(options('python_requires')));
    const extras = config.sections.get('options.extras_require');
    const extraRequirements = [];
    const extraNames = [];
    for (const [extra, entry] of extras?.entries ?? []) {
        const normalized = normalizeExtraName(extra);
        extraNames.push(normalized);
        for (const requirement of requirementList(entry.value, context)) {
            extraRequirements.push(withExtraMarker(requirement, normalized));
        }
    }
    put('requires_dist', [
        ...requirementList(options('install_requires'), context),
        ...extraRequirements
    ]);
    put('provides_extra', extraNames);
    const partial = fields;
    return {
        metadata: { metadata_version: minimumMetadataVersion(partial), ...partial },
        warnings: []
    };
    function readVersion(value, parsed, files) {
        if (value === undefined || value.trim() === '') {
            throw new errors/* MetadataError */.wc(`${setup_cfg_FILE}: [metadata] has no version.`, 'Add version = 1.0.0, or version = attr: your_package.__version__.');
        }
        if (value.startsWith('attr:')) {
            const packageDir = getConfigValue(parsed, 'options', 'package_dir');
            return versionFromAttr(value.slice('attr:'.length), packageDirsFrom(parseDict(packageDir)), files, 'metadata.version', setup_cfg_FILE);
        }
        if (value.startsWith('file:'))
            return checkedVersion((withFile(value, files, 'version') ?? '').trim(), `${setup_cfg_FILE} [metadata] version`);
        return checkedVersion(value, `${setup_cfg_FILE} [metadata] version`);
    }
}
function metadataValue(config, key) {
    const direct = getConfigValue(config, 'metadata', key);
    if (direct !== undefined)
        return direct;
    const alias = Object.entries(ALIASES).find(([, target]) => target === key)?.[0];
    return alias === undefined ? undefined : getConfigValue(config, 'metadata', alias);
}
/** `file: a.md, b.md`: the files' text joined with newlines, read as Python reads text. */
function withFile(value, context, key) {
    if (value === undefined || !value.startsWith('file:'))
        return value;
    return value
        .slice('file:'.length)
        .split(',')
        .map(name => name.trim())
        .filter(Boolean)
        .map(name => Buffer.from(context.files.readBytes(name, `[metadata] ${key}`))
        .toString('utf8')
        .replace(/\r\n?/g, '\n'))
        .join('\n');
}
/** setuptools' list: one item per line when the value has several lines, else comma-separated. */
function splitList(value, separator = ',') {
    if (value === undefined)
        return undefined;
    const chunks = value.includes('\n') ? value.split('\n') : value.split(separator);
    return chunks.map(chunk => chunk.trim()).filter(Boolean);
}
function parseDict(value) {
    if (value === undefined)
        return undefined;
    const result = {};
    for (const line of splitList(value) ?? []) {
        const at = line.indexOf('=');
        if (at === -1)
            throw new errors/* MetadataError */.wc(`${setup_cfg_FILE}: "${line}" is not a "key = value" pair.`, 'Write one key = value per line.');
        result[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    return result;
}
function setup_cfg_readUrls(value) {
    const urls = parseDict(value);
    return urls === undefined
        ? undefined
        : Object.entries(urls).map(([label, url]) => `${label}, ${url}`);
}
/** Requirement lists are split by lines, or by `;` on one line, and `#` comment lines dropped. */
function requirementList(value, context) {
    return (splitList(withFile(value, context, 'install_requires'), ';') ?? []).filter(line => !line.startsWith('#'));
}
/** setuptools stores python_requires as a SpecifierSet, which writes its parts sorted. */
function sortSpecifiers(value) {
    if (value === undefined)
        return undefined;
    return value
        .split(',')
        .map(part => part.replace(/\s+/g, ''))
        .filter(Boolean)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .join(',');
}

;// CONCATENATED MODULE: ./src/metadata/pkginfo.ts
/**
 * Core metadata from PKG-INFO / METADATA files: RFC 822-style headers, then, since metadata 2.1,
 * the description as the message body. Pure.
 *
 * Values are kept as the file writes them, with two exceptions that undo an encoding, not change a
 * value: a folded header line is unfolded (RFC 5322), and the `Description` and `License` headers lose
 * the eight-space continuation indent that distutils and setuptools add (`rfc822_escape`), as
 * setuptools and pkginfo (twine's reader) remove it when they read the file back.
 */



const BY_HEADER = new Map(CORE_METADATA_FIELDS.map(spec => [spec.header.toLowerCase(), spec]));
/** Headers whose continuation lines carry the `rfc822_escape` indent rather than folding. */
const ESCAPED_MULTILINE = new Set(['description', 'license']);
/**
 * Parses a PKG-INFO or METADATA file.
 * @param source the file's bytes (must be UTF-8) or text
 * @param fileName how to name the file in messages, e.g. `dist/x.whl (x.dist-info/METADATA)`
 */
function parsePkgInfo(source, fileName) {
    const text = typeof source === 'string' ? source : decodeUtf8(source, fileName);
    const { headers, body } = splitMessage(text, fileName);
    const warnings = [];
    const values = new Map();
    const firstLine = new Map();
    for (const header of headers) {
        const key = header.name.toLowerCase();
        const spec = BY_HEADER.get(key);
        if (spec === undefined)
            continue; // Unknown headers (tool-specific, future fields) are not sent.
        const value = headerValue(key, header.lines);
        const list = values.get(spec.form) ?? [];
        if (list.length > 0 && !spec.multiple) {
            throw new errors/* MetadataError */.wc(`${fileName}, line ${header.line}: ${spec.header} appears a second time (first on line ${firstLine.get(spec.form)}), but it may appear only once.`, 'Rebuild the distribution with a current build backend.');
        }
        firstLine.set(spec.form, header.line);
        values.set(spec.form, [...list, value]);
    }
    if (body.length > 0) {
        if (values.has('description')) {
            warnings.push(`${fileName} has a Description header and a message body; the body is the description since metadata 2.1, so it is used.`);
        }
        values.set('description', [body]);
    }
    for (const required of ['metadata_version', 'name', 'version']) {
        if ((values.get(required)?.[0] ?? '').trim() === '') {
            const header = CORE_METADATA_FIELDS.find(spec => spec.form === required)?.header;
            throw new errors/* MetadataError */.wc(`${fileName} has no ${header} header, so it is not a valid metadata file.`, 'Rebuild the distribution with a current build backend.');
        }
    }
    const metadata = {};
    for (const spec of CORE_METADATA_FIELDS) {
        const list = values.get(spec.form);
        if (list !== undefined)
            metadata[spec.form] = spec.multiple ? list : list[0];
    }
    return { metadata: metadata, warnings };
}
function decodeUtf8(bytes, fileName) {
    try {
        return new external_node_util_.TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    }
    catch {
        throw new errors/* MetadataError */.wc(`${fileName} is not valid UTF-8, as core metadata must be.`, 'Rebuild the distribution with a current build backend, which writes UTF-8.');
    }
}
/** Splits headers from the body at the first empty line; line ends may be LF or CRLF. */
function splitMessage(text, fileName) {
    const headers = [];
    let offset = 0;
    let lineNumber = 0;
    while (offset < text.length) {
        const end = text.indexOf('\n', offset);
        const next = end === -1 ? text.length : end + 1;
        const line = text.slice(offset, end === -1 ? text.length : end).replace(/\r$/, '');
        lineNumber++;
        if (line === '')
            return { headers, body: text.slice(next) };
        if (/^[ \t]/.test(line)) {
            const current = headers[headers.length - 1];
            if (current === undefined) {
                throw new errors/* MetadataError */.wc(`${fileName}, line ${lineNumber}: a continuation line comes before any header.`, 'The file is damaged: rebuild the distribution.');
            }
            current.lines.push(line);
        }
        else {
            const colon = line.indexOf(':');
            if (colon <= 0 || !/^[\x21-\x39\x3b-\x7e]+$/.test(line.slice(0, colon))) {
                throw new errors/* MetadataError */.wc(`${fileName}, line ${lineNumber}: not a "Name: value" header.`, 'The file is damaged: rebuild the distribution.');
            }
            headers.push({
                name: line.slice(0, colon),
                lines: [line.slice(colon + 1).replace(/^[ \t]+/, '')],
                line: lineNumber
            });
        }
        offset = next;
    }
    return { headers, body: '' };
}
function headerValue(key, lines) {
    const [first = '', ...rest] = lines;
    if (rest.length === 0)
        return first;
    if (ESCAPED_MULTILINE.has(key))
        return [first, ...rest.map(unescapeContinuation)].join('\n');
    // RFC 5322 unfolding: the line break goes, the whitespace that began the next line stays.
    return [first, ...rest].join('');
}
/** Undoes `rfc822_escape`: 8 spaces, or setuptools' older 7 spaces and a `|`, begin each line. */
function unescapeContinuation(line) {
    if (line.startsWith('        ') || line.startsWith('       |'))
        return line.slice(8);
    return line.replace(/^[ \t]+/, '');
}

// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
var external_fs_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_fs_, 2);
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
;// CONCATENATED MODULE: external "url"
const external_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");
;// CONCATENATED MODULE: external "module"
const external_module_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("module");
;// CONCATENATED MODULE: ./node_modules/fdir/dist/index.mjs




//#region rolldown:runtime
var __require = /* @__PURE__ */ (0,external_module_namespaceObject.createRequire)(import.meta.url);

//#endregion
//#region src/utils.ts
function cleanPath(path) {
	let normalized = (0,external_path_namespaceObject.normalize)(path);
	if (normalized.length > 1 && normalized[normalized.length - 1] === external_path_namespaceObject.sep) normalized = normalized.substring(0, normalized.length - 1);
	return normalized;
}
const SLASHES_REGEX = /[\\/]/g;
function convertSlashes(path, separator) {
	return path.replace(SLASHES_REGEX, separator);
}
const WINDOWS_ROOT_DIR_REGEX = /^[a-z]:[\\/]$/i;
function isRootDirectory(path) {
	return path === "/" || WINDOWS_ROOT_DIR_REGEX.test(path);
}
function normalizePath(path, options) {
	const { resolvePaths, normalizePath: normalizePath$1, pathSeparator } = options;
	const pathNeedsCleaning = process.platform === "win32" && path.includes("/") || path.startsWith(".");
	if (resolvePaths) path = (0,external_path_namespaceObject.resolve)(path);
	if (normalizePath$1 || pathNeedsCleaning) path = cleanPath(path);
	if (path === ".") return "";
	const needsSeperator = path[path.length - 1] !== pathSeparator;
	return convertSlashes(needsSeperator ? path + pathSeparator : path, pathSeparator);
}

//#endregion
//#region src/api/functions/join-path.ts
function joinPathWithBasePath(filename, directoryPath) {
	return directoryPath + filename;
}
function joinPathWithRelativePath(root, options) {
	return function(filename, directoryPath) {
		const sameRoot = directoryPath.startsWith(root);
		if (sameRoot) return directoryPath.slice(root.length) + filename;
		else return convertSlashes((0,external_path_namespaceObject.relative)(root, directoryPath), options.pathSeparator) + options.pathSeparator + filename;
	};
}
function joinPath(filename) {
	return filename;
}
function joinDirectoryPath(filename, directoryPath, separator) {
	return directoryPath + filename + separator;
}
function build$7(root, options) {
	const { relativePaths, includeBasePath } = options;
	return relativePaths && root ? joinPathWithRelativePath(root, options) : includeBasePath ? joinPathWithBasePath : joinPath;
}

//#endregion
//#region src/api/functions/push-directory.ts
function pushDirectoryWithRelativePath(root) {
	return function(directoryPath, paths) {
		paths.push(directoryPath.substring(root.length) || ".");
	};
}
function pushDirectoryFilterWithRelativePath(root) {
	return function(directoryPath, paths, filters) {
		const relativePath = directoryPath.substring(root.length) || ".";
		if (filters.every((filter) => filter(relativePath, true))) paths.push(relativePath);
	};
}
const pushDirectory = (directoryPath, paths) => {
	paths.push(directoryPath || ".");
};
const pushDirectoryFilter = (directoryPath, paths, filters) => {
	const path = directoryPath || ".";
	if (filters.every((filter) => filter(path, true))) paths.push(path);
};
const empty$2 = () => {};
function build$6(root, options) {
	const { includeDirs, filters, relativePaths } = options;
	if (!includeDirs) return empty$2;
	if (relativePaths) return filters && filters.length ? pushDirectoryFilterWithRelativePath(root) : pushDirectoryWithRelativePath(root);
	return filters && filters.length ? pushDirectoryFilter : pushDirectory;
}

//#endregion
//#region src/api/functions/push-file.ts
const pushFileFilterAndCount = (filename, _paths, counts, filters) => {
	if (filters.every((filter) => filter(filename, false))) counts.files++;
};
const pushFileFilter = (filename, paths, _counts, filters) => {
	if (filters.every((filter) => filter(filename, false))) paths.push(filename);
};
const pushFileCount = (_filename, _paths, counts, _filters) => {
	counts.files++;
};
const pushFile = (filename, paths) => {
	paths.push(filename);
};
const empty$1 = () => {};
function build$5(options) {
	const { excludeFiles, filters, onlyCounts } = options;
	if (excludeFiles) return empty$1;
	if (filters && filters.length) return onlyCounts ? pushFileFilterAndCount : pushFileFilter;
	else if (onlyCounts) return pushFileCount;
	else return pushFile;
}

//#endregion
//#region src/api/functions/get-array.ts
const getArray = (paths) => {
	return paths;
};
const getArrayGroup = () => {
	return [""].slice(0, 0);
};
function build$4(options) {
	return options.group ? getArrayGroup : getArray;
}

//#endregion
//#region src/api/functions/group-files.ts
const groupFiles = (groups, directory, files) => {
	groups.push({
		directory,
		files,
		dir: directory
	});
};
const empty = () => {};
function build$3(options) {
	return options.group ? groupFiles : empty;
}

//#endregion
//#region src/api/functions/resolve-symlink.ts
const resolveSymlinksAsync = function(path, state, callback$1) {
	const { queue, fs, options: { suppressErrors } } = state;
	queue.enqueue();
	fs.realpath(path, (error, resolvedPath) => {
		if (error) return queue.dequeue(suppressErrors ? null : error, state);
		fs.stat(resolvedPath, (error$1, stat) => {
			if (error$1) return queue.dequeue(suppressErrors ? null : error$1, state);
			if (stat.isDirectory() && isRecursive(path, resolvedPath, state)) return queue.dequeue(null, state);
			callback$1(stat, resolvedPath);
			queue.dequeue(null, state);
		});
	});
};
const resolveSymlinks = function(path, state, callback$1) {
	const { queue, fs, options: { suppressErrors } } = state;
	queue.enqueue();
	try {
		const resolvedPath = fs.realpathSync(path);
		const stat = fs.statSync(resolvedPath);
		if (stat.isDirectory() && isRecursive(path, resolvedPath, state)) return;
		callback$1(stat, resolvedPath);
	} catch (e) {
		if (!suppressErrors) throw e;
	}
};
function build$2(options, isSynchronous) {
	if (!options.resolveSymlinks || options.excludeSymlinks) return null;
	return isSynchronous ? resolveSymlinks : resolveSymlinksAsync;
}
function isRecursive(path, resolved, state) {
	if (state.options.useRealPaths) return isRecursiveUsingRealPaths(resolved, state);
	let parent = (0,external_path_namespaceObject.dirname)(path);
	let depth = 1;
	while (parent !== state.root && depth < 2) {
		const resolvedPath = state.symlinks.get(parent);
		const isSameRoot = !!resolvedPath && (resolvedPath === resolved || resolvedPath.startsWith(resolved) || resolved.startsWith(resolvedPath));
		if (isSameRoot) depth++;
		else parent = (0,external_path_namespaceObject.dirname)(parent);
	}
	state.symlinks.set(path, resolved);
	return depth > 1;
}
function isRecursiveUsingRealPaths(resolved, state) {
	return state.visited.includes(resolved + state.options.pathSeparator);
}

//#endregion
//#region src/api/functions/invoke-callback.ts
const onlyCountsSync = (state) => {
	return state.counts;
};
const groupsSync = (state) => {
	return state.groups;
};
const defaultSync = (state) => {
	return state.paths;
};
const limitFilesSync = (state) => {
	return state.paths.slice(0, state.options.maxFiles);
};
const onlyCountsAsync = (state, error, callback$1) => {
	report(error, callback$1, state.counts, state.options.suppressErrors);
	return null;
};
const defaultAsync = (state, error, callback$1) => {
	report(error, callback$1, state.paths, state.options.suppressErrors);
	return null;
};
const limitFilesAsync = (state, error, callback$1) => {
	report(error, callback$1, state.paths.slice(0, state.options.maxFiles), state.options.suppressErrors);
	return null;
};
const groupsAsync = (state, error, callback$1) => {
	report(error, callback$1, state.groups, state.options.suppressErrors);
	return null;
};
function report(error, callback$1, output, suppressErrors) {
	if (error && !suppressErrors) callback$1(error, output);
	else callback$1(null, output);
}
function build$1(options, isSynchronous) {
	const { onlyCounts, group, maxFiles } = options;
	if (onlyCounts) return isSynchronous ? onlyCountsSync : onlyCountsAsync;
	else if (group) return isSynchronous ? groupsSync : groupsAsync;
	else if (maxFiles) return isSynchronous ? limitFilesSync : limitFilesAsync;
	else return isSynchronous ? defaultSync : defaultAsync;
}

//#endregion
//#region src/api/functions/walk-directory.ts
const readdirOpts = { withFileTypes: true };
const walkAsync = (state, crawlPath, directoryPath, currentDepth, callback$1) => {
	state.queue.enqueue();
	if (currentDepth < 0) return state.queue.dequeue(null, state);
	const { fs } = state;
	state.visited.push(crawlPath);
	state.counts.directories++;
	fs.readdir(crawlPath || ".", readdirOpts, (error, entries = []) => {
		callback$1(entries, directoryPath, currentDepth);
		state.queue.dequeue(state.options.suppressErrors ? null : error, state);
	});
};
const walkSync = (state, crawlPath, directoryPath, currentDepth, callback$1) => {
	const { fs } = state;
	if (currentDepth < 0) return;
	state.visited.push(crawlPath);
	state.counts.directories++;
	let entries = [];
	try {
		entries = fs.readdirSync(crawlPath || ".", readdirOpts);
	} catch (e) {
		if (!state.options.suppressErrors) throw e;
	}
	callback$1(entries, directoryPath, currentDepth);
};
function build(isSynchronous) {
	return isSynchronous ? walkSync : walkAsync;
}

//#endregion
//#region src/api/queue.ts
/**
* This is a custom stateless queue to track concurrent async fs calls.
* It increments a counter whenever a call is queued and decrements it
* as soon as it completes. When the counter hits 0, it calls onQueueEmpty.
*/
var Queue = class {
	count = 0;
	constructor(onQueueEmpty) {
		this.onQueueEmpty = onQueueEmpty;
	}
	enqueue() {
		this.count++;
		return this.count;
	}
	dequeue(error, output) {
		if (this.onQueueEmpty && (--this.count <= 0 || error)) {
			this.onQueueEmpty(error, output);
			if (error) {
				output.controller.abort();
				this.onQueueEmpty = void 0;
			}
		}
	}
};

//#endregion
//#region src/api/counter.ts
var Counter = class {
	_files = 0;
	_directories = 0;
	set files(num) {
		this._files = num;
	}
	get files() {
		return this._files;
	}
	set directories(num) {
		this._directories = num;
	}
	get directories() {
		return this._directories;
	}
	/**
	* @deprecated use `directories` instead
	*/
	/* c8 ignore next 3 */
	get dirs() {
		return this._directories;
	}
};

//#endregion
//#region src/api/aborter.ts
/**
* AbortController is not supported on Node 14 so we use this until we can drop
* support for Node 14.
*/
var Aborter = class {
	aborted = false;
	abort() {
		this.aborted = true;
	}
};

//#endregion
//#region src/api/walker.ts
var Walker = class {
	root;
	isSynchronous;
	state;
	joinPath;
	pushDirectory;
	pushFile;
	getArray;
	groupFiles;
	resolveSymlink;
	walkDirectory;
	callbackInvoker;
	constructor(root, options, callback$1) {
		this.isSynchronous = !callback$1;
		this.callbackInvoker = build$1(options, this.isSynchronous);
		this.root = normalizePath(root, options);
		this.state = {
			root: isRootDirectory(this.root) ? this.root : this.root.slice(0, -1),
			paths: [""].slice(0, 0),
			groups: [],
			counts: new Counter(),
			options,
			queue: new Queue((error, state) => this.callbackInvoker(state, error, callback$1)),
			symlinks: /* @__PURE__ */ new Map(),
			visited: [""].slice(0, 0),
			controller: new Aborter(),
			fs: options.fs || external_fs_namespaceObject
		};
		this.joinPath = build$7(this.root, options);
		this.pushDirectory = build$6(this.root, options);
		this.pushFile = build$5(options);
		this.getArray = build$4(options);
		this.groupFiles = build$3(options);
		this.resolveSymlink = build$2(options, this.isSynchronous);
		this.walkDirectory = build(this.isSynchronous);
	}
	start() {
		this.pushDirectory(this.root, this.state.paths, this.state.options.filters);
		this.walkDirectory(this.state, this.root, this.root, this.state.options.maxDepth, this.walk);
		return this.isSynchronous ? this.callbackInvoker(this.state, null) : null;
	}
	walk = (entries, directoryPath, depth) => {
		const { paths, options: { filters, resolveSymlinks: resolveSymlinks$1, excludeSymlinks, exclude, maxFiles, signal, useRealPaths, pathSeparator }, controller } = this.state;
		if (controller.aborted || signal && signal.aborted || maxFiles && paths.length > maxFiles) return;
		const files = this.getArray(this.state.paths);
		for (let i = 0; i < entries.length; ++i) {
			const entry = entries[i];
			if (entry.isFile() || entry.isSymbolicLink() && !resolveSymlinks$1 && !excludeSymlinks) {
				const filename = this.joinPath(entry.name, directoryPath);
				this.pushFile(filename, files, this.state.counts, filters);
			} else if (entry.isDirectory()) {
				let path = joinDirectoryPath(entry.name, directoryPath, this.state.options.pathSeparator);
				if (exclude && exclude(entry.name, path)) continue;
				this.pushDirectory(path, paths, filters);
				this.walkDirectory(this.state, path, path, depth - 1, this.walk);
			} else if (this.resolveSymlink && entry.isSymbolicLink()) {
				let path = joinPathWithBasePath(entry.name, directoryPath);
				this.resolveSymlink(path, this.state, (stat, resolvedPath) => {
					if (stat.isDirectory()) {
						resolvedPath = normalizePath(resolvedPath, this.state.options);
						if (exclude && exclude(entry.name, useRealPaths ? resolvedPath : path + pathSeparator)) return;
						this.walkDirectory(this.state, resolvedPath, useRealPaths ? resolvedPath : path + pathSeparator, depth - 1, this.walk);
					} else {
						resolvedPath = useRealPaths ? resolvedPath : path;
						const filename = (0,external_path_namespaceObject.basename)(resolvedPath);
						const directoryPath$1 = normalizePath((0,external_path_namespaceObject.dirname)(resolvedPath), this.state.options);
						resolvedPath = this.joinPath(filename, directoryPath$1);
						this.pushFile(resolvedPath, files, this.state.counts, filters);
					}
				});
			}
		}
		this.groupFiles(this.state.groups, directoryPath, files);
	};
};

//#endregion
//#region src/api/async.ts
function promise(root, options) {
	return new Promise((resolve$1, reject) => {
		callback(root, options, (err, output) => {
			if (err) return reject(err);
			resolve$1(output);
		});
	});
}
function callback(root, options, callback$1) {
	let walker = new Walker(root, options, callback$1);
	walker.start();
}

//#endregion
//#region src/api/sync.ts
function sync(root, options) {
	const walker = new Walker(root, options);
	return walker.start();
}

//#endregion
//#region src/builder/api-builder.ts
var APIBuilder = class {
	constructor(root, options) {
		this.root = root;
		this.options = options;
	}
	withPromise() {
		return promise(this.root, this.options);
	}
	withCallback(cb) {
		callback(this.root, this.options, cb);
	}
	sync() {
		return sync(this.root, this.options);
	}
};

//#endregion
//#region src/builder/index.ts
let pm = null;
/* c8 ignore next 6 */
try {
	__require.resolve("picomatch");
	pm = __require("picomatch");
} catch {}
var Builder = class {
	globCache = {};
	options = {
		maxDepth: Infinity,
		suppressErrors: true,
		pathSeparator: external_path_namespaceObject.sep,
		filters: []
	};
	globFunction;
	constructor(options) {
		this.options = {
			...this.options,
			...options
		};
		this.globFunction = this.options.globFunction;
	}
	group() {
		this.options.group = true;
		return this;
	}
	withPathSeparator(separator) {
		this.options.pathSeparator = separator;
		return this;
	}
	withBasePath() {
		this.options.includeBasePath = true;
		return this;
	}
	withRelativePaths() {
		this.options.relativePaths = true;
		return this;
	}
	withDirs() {
		this.options.includeDirs = true;
		return this;
	}
	withMaxDepth(depth) {
		this.options.maxDepth = depth;
		return this;
	}
	withMaxFiles(limit) {
		this.options.maxFiles = limit;
		return this;
	}
	withFullPaths() {
		this.options.resolvePaths = true;
		this.options.includeBasePath = true;
		return this;
	}
	withErrors() {
		this.options.suppressErrors = false;
		return this;
	}
	withSymlinks({ resolvePaths = true } = {}) {
		this.options.resolveSymlinks = true;
		this.options.useRealPaths = resolvePaths;
		return this.withFullPaths();
	}
	withAbortSignal(signal) {
		this.options.signal = signal;
		return this;
	}
	normalize() {
		this.options.normalizePath = true;
		return this;
	}
	filter(predicate) {
		this.options.filters.push(predicate);
		return this;
	}
	onlyDirs() {
		this.options.excludeFiles = true;
		this.options.includeDirs = true;
		return this;
	}
	exclude(predicate) {
		this.options.exclude = predicate;
		return this;
	}
	onlyCounts() {
		this.options.onlyCounts = true;
		return this;
	}
	crawl(root) {
		return new APIBuilder(root || ".", this.options);
	}
	withGlobFunction(fn) {
		this.globFunction = fn;
		return this;
	}
	/**
	* @deprecated Pass options using the constructor instead:
	* ```ts
	* new fdir(options).crawl("/path/to/root");
	* ```
	* This method will be removed in v7.0
	*/
	/* c8 ignore next 4 */
	crawlWithOptions(root, options) {
		this.options = {
			...this.options,
			...options
		};
		return new APIBuilder(root || ".", this.options);
	}
	glob(...patterns) {
		if (this.globFunction) return this.globWithOptions(patterns);
		return this.globWithOptions(patterns, ...[{ dot: true }]);
	}
	globWithOptions(patterns, ...options) {
		const globFn = this.globFunction || pm;
		/* c8 ignore next 5 */
		if (!globFn) throw new Error("Please specify a glob function to use glob matching.");
		var isMatch = this.globCache[patterns.join("\0")];
		if (!isMatch) {
			isMatch = globFn(patterns, ...options);
			this.globCache[patterns.join("\0")] = isMatch;
		}
		this.options.filters.push((path) => isMatch(path));
		return this;
	}
};

//#endregion

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __nccwpck_require__(4006);
;// CONCATENATED MODULE: ./node_modules/tinyglobby/dist/index.mjs





//#region src/utils.ts
const isReadonlyArray = Array.isArray;
const BACKSLASHES = /\\/g;
const DRIVE_RELATIVE_PATH = /^[A-Za-z]:$/;
const isWin = process.platform === "win32";
const ONLY_PARENT_DIRECTORIES = /^(\/?\.\.)+$/;
function getPartialMatcher(patterns, options = {}) {
	const patternsCount = patterns.length;
	const patternsParts = Array(patternsCount);
	const matchers = Array(patternsCount);
	let i, j;
	for (i = 0; i < patternsCount; i++) {
		const parts = splitPattern(patterns[i]);
		patternsParts[i] = parts;
		const partsCount = parts.length;
		const partMatchers = Array(partsCount);
		for (j = 0; j < partsCount; j++) partMatchers[j] = picomatch(parts[j], options);
		matchers[i] = partMatchers;
	}
	return (input) => {
		const inputParts = input.split("/");
		if (inputParts[0] === ".." && ONLY_PARENT_DIRECTORIES.test(input)) return true;
		for (i = 0; i < patternsCount; i++) {
			const patternParts = patternsParts[i];
			const matcher = matchers[i];
			const inputPatternCount = inputParts.length;
			const minParts = Math.min(inputPatternCount, patternParts.length);
			j = 0;
			while (j < minParts) {
				const part = patternParts[j];
				if (part.includes("/")) return true;
				if (!matcher[j](inputParts[j])) break;
				if (!options.noglobstar && part === "**") return true;
				j++;
			}
			if (j === inputPatternCount) return true;
		}
		return false;
	};
}
/* node:coverage ignore next 2 */
const WIN32_ROOT_DIR = /^[A-Z]:\/$/i;
const isRoot = isWin ? (p) => WIN32_ROOT_DIR.test(p) : (p) => p === "/";
function buildFormat(cwd, root, absolute) {
	if (cwd === root || root.startsWith(`${cwd}/`)) {
		if (absolute) {
			const start = cwd.length + +!isRoot(cwd);
			return (p, isDir) => p.slice(start, isDir ? -1 : void 0) || ".";
		}
		const prefix = root.slice(cwd.length + 1);
		if (prefix) return (p, isDir) => {
			if (p === ".") return prefix;
			const result = `${prefix}/${p}`;
			return isDir ? result.slice(0, -1) : result;
		};
		return (p, isDir) => isDir && p !== "." ? p.slice(0, -1) : p;
	}
	if (absolute) return (p) => external_path_namespaceObject.posix.relative(cwd, p) || ".";
	return (p) => external_path_namespaceObject.posix.relative(cwd, `${root}/${p}`) || ".";
}
function buildRelative(cwd, root) {
	if (root.startsWith(`${cwd}/`)) {
		const prefix = root.slice(cwd.length + 1);
		return (p) => `${prefix}/${p}`;
	}
	return (p) => {
		const result = external_path_namespaceObject.posix.relative(cwd, `${root}/${p}`);
		return p[p.length - 1] === "/" && result !== "" ? `${result}/` : result || ".";
	};
}
function ensureNonDriveRelativePath(path) {
	return path.replace(DRIVE_RELATIVE_PATH, (match) => `${match}/`);
}
const splitPatternOptions = { parts: true };
function splitPattern(path) {
	var _result$parts;
	const result = picomatch.scan(path, splitPatternOptions);
	return ((_result$parts = result.parts) === null || _result$parts === void 0 ? void 0 : _result$parts.length) ? result.parts : [path];
}
const ESCAPED_WIN32_BACKSLASHES = /\\(?![()[\]{}!+@])/g;
function convertPosixPathToPattern(path) {
	return escapePosixPath(path);
}
function convertWin32PathToPattern(path) {
	return escapeWin32Path(path).replace(ESCAPED_WIN32_BACKSLASHES, "/");
}
/**
* Converts a path to a pattern depending on the platform.
* Identical to {@link escapePath} on POSIX systems.
* @see {@link https://superchupu.dev/tinyglobby/documentation#convertPathToPattern}
*/
/* node:coverage ignore next 3 */
const convertPathToPattern = (/* unused pure expression or super */ null && (isWin ? convertWin32PathToPattern : convertPosixPathToPattern));
const POSIX_UNESCAPED_GLOB_SYMBOLS = /(?<!\\)([()[\]{}*?|]|^!|[!+@](?=\()|\\(?![()[\]{}!*+?@|]))/g;
const WIN32_UNESCAPED_GLOB_SYMBOLS = /(?<!\\)([()[\]{}]|^!|[!+@](?=\())/g;
const escapePosixPath = (path) => path.replace(POSIX_UNESCAPED_GLOB_SYMBOLS, "\\$&");
const escapeWin32Path = (path) => path.replace(WIN32_UNESCAPED_GLOB_SYMBOLS, "\\$&");
/**
* Escapes a path's special characters depending on the platform.
* @see {@link https://superchupu.dev/tinyglobby/documentation#escapePath}
*/
/* node:coverage ignore next */
const escapePath = isWin ? escapeWin32Path : escapePosixPath;
/**
* Checks if a pattern has dynamic parts.
*
* Has a few minor differences with [`fast-glob`](https://github.com/mrmlnc/fast-glob) for better accuracy:
*
* - Doesn't necessarily return `false` on patterns that include `\`.
* - Returns `true` if the pattern includes parentheses, regardless of them representing one single pattern or not.
* - Returns `true` for unfinished glob extensions i.e. `(h`, `+(h`.
* - Returns `true` for unfinished brace expansions as long as they include `,` or `..`.
*
* @see {@link https://superchupu.dev/tinyglobby/documentation#isDynamicPattern}
*/
function isDynamicPattern(pattern, options) {
	if ((options === null || options === void 0 ? void 0 : options.caseSensitiveMatch) === false) return true;
	const scan = picomatch.scan(pattern);
	return scan.isGlob || scan.negated;
}
function log(...tasks) {
	console.log(`[tinyglobby ${(/* @__PURE__ */ new Date()).toLocaleTimeString("es")}]`, ...tasks);
}
function ensureStringArray(value) {
	return typeof value === "string" ? [value] : value !== null && value !== void 0 ? value : [];
}
//#endregion
//#region src/patterns.ts
const PARENT_DIRECTORY = /^(\/?\.\.)+/;
const ESCAPING_BACKSLASHES = /\\(?=[()[\]{}!*+?@|])/g;
function normalizePattern(pattern, opts, props, isIgnore) {
	var _PARENT_DIRECTORY$exe;
	const cwd = opts.cwd;
	let result = pattern;
	if (pattern[pattern.length - 1] === "/") result = pattern.slice(0, -1);
	if (result[result.length - 1] !== "*" && opts.expandDirectories) result += "/**";
	const escapedCwd = escapePath(cwd);
	result = (0,external_path_namespaceObject.isAbsolute)(result.replace(ESCAPING_BACKSLASHES, "")) ? external_path_namespaceObject.posix.relative(escapedCwd, result) : external_path_namespaceObject.posix.normalize(result);
	const parentDir = (_PARENT_DIRECTORY$exe = PARENT_DIRECTORY.exec(result)) === null || _PARENT_DIRECTORY$exe === void 0 ? void 0 : _PARENT_DIRECTORY$exe[0];
	const parts = splitPattern(result);
	if (parentDir) {
		const n = (parentDir.length + 1) / 3;
		let i = 0;
		const cwdParts = escapedCwd.split("/");
		while (i < n && parts[i + n] === cwdParts[cwdParts.length + i - n]) {
			result = result.slice(0, (n - i - 1) * 3) + result.slice((n - i) * 3 + parts[i + n].length + 1) || ".";
			i++;
		}
		const potentialRoot = external_path_namespaceObject.posix.join(cwd, parentDir.slice(i * 3));
		if (potentialRoot[0] !== "." && props.root.length > potentialRoot.length) {
			props.root = ensureNonDriveRelativePath(potentialRoot);
			props.depthOffset = -n + i;
		}
	}
	if (!isIgnore && props.depthOffset >= 0) {
		var _props$commonPath;
		(_props$commonPath = props.commonPath) !== null && _props$commonPath !== void 0 || (props.commonPath = parts);
		const newCommonPath = [];
		const length = Math.min(props.commonPath.length, parts.length);
		for (let i = 0; i < length; i++) {
			const part = parts[i];
			if (part === "**" && !parts[i + 1]) {
				newCommonPath.pop();
				break;
			}
			if (i === parts.length - 1 || part !== props.commonPath[i] || isDynamicPattern(part)) break;
			newCommonPath.push(part);
		}
		props.depthOffset = newCommonPath.length;
		props.commonPath = newCommonPath;
		props.root = ensureNonDriveRelativePath(newCommonPath.length > 0 ? external_path_namespaceObject.posix.join(cwd, ...newCommonPath) : cwd);
	}
	return result;
}
function processPatterns(options, patterns, props) {
	const matchPatterns = [];
	const ignorePatterns = [];
	for (const pattern of options.ignore) {
		if (!pattern) continue;
		if (pattern[0] !== "!" || pattern[1] === "(") ignorePatterns.push(normalizePattern(pattern, options, props, true));
	}
	for (const pattern of patterns) {
		if (!pattern) continue;
		if (pattern[0] !== "!" || pattern[1] === "(") matchPatterns.push(normalizePattern(pattern, options, props, false));
		else if (pattern[1] !== "!" || pattern[2] === "(") ignorePatterns.push(normalizePattern(pattern.slice(1), options, props, true));
	}
	return {
		match: matchPatterns,
		ignore: ignorePatterns
	};
}
//#endregion
//#region src/crawler.ts
function buildCrawler(options, patterns) {
	const cwd = options.cwd;
	const props = {
		root: cwd,
		depthOffset: 0
	};
	const processed = processPatterns(options, patterns, props);
	if (options.debug) log("internal processing patterns:", processed);
	const { absolute, caseSensitiveMatch, debug, dot, followSymbolicLinks, onlyDirectories } = options;
	const root = props.root.replace(BACKSLASHES, "");
	const matchOptions = {
		dot,
		nobrace: options.braceExpansion === false,
		nocase: !caseSensitiveMatch,
		noextglob: options.extglob === false,
		noglobstar: options.globstar === false,
		posix: true
	};
	const matcher = picomatch(processed.match, matchOptions);
	const ignore = picomatch(processed.ignore, matchOptions);
	const partialMatcher = getPartialMatcher(processed.match, matchOptions);
	const format = buildFormat(cwd, root, absolute);
	const excludeFormatter = absolute ? format : buildFormat(cwd, root, true);
	const excludePredicate = (_, p) => {
		const relativePath = excludeFormatter(p, true);
		return relativePath !== "." && !partialMatcher(relativePath) || ignore(relativePath);
	};
	let maxDepth;
	if (options.deep !== void 0) maxDepth = Math.round(options.deep - props.depthOffset);
	const crawler = new Builder({
		filters: [debug ? (p, isDirectory) => {
			const path = format(p, isDirectory);
			const matches = matcher(path) && !ignore(path);
			if (matches) log(`matched ${path}`);
			return matches;
		} : (p, isDirectory) => {
			const path = format(p, isDirectory);
			return matcher(path) && !ignore(path);
		}],
		exclude: debug ? (_, p) => {
			const skipped = excludePredicate(_, p);
			log(`${skipped ? "skipped" : "crawling"} ${p}`);
			return skipped;
		} : excludePredicate,
		fs: options.fs,
		pathSeparator: "/",
		relativePaths: !absolute,
		resolvePaths: absolute,
		includeBasePath: absolute,
		resolveSymlinks: followSymbolicLinks,
		excludeSymlinks: !followSymbolicLinks,
		excludeFiles: onlyDirectories,
		includeDirs: onlyDirectories || !options.onlyFiles,
		maxDepth,
		signal: options.signal
	}).crawl(root);
	if (options.debug) log("internal properties:", {
		...props,
		root
	});
	return [crawler, cwd !== root && !absolute && buildRelative(cwd, root)];
}
//#endregion
//#region src/index.ts
function formatPaths(paths, mapper) {
	if (mapper) for (let i = paths.length - 1; i >= 0; i--) paths[i] = mapper(paths[i]);
	return paths;
}
const defaultOptions = {
	caseSensitiveMatch: true,
	debug: !!process.env.TINYGLOBBY_DEBUG,
	expandDirectories: true,
	followSymbolicLinks: true,
	onlyFiles: true
};
function getOptions(options) {
	const opts = Object.assign({}, options);
	for (const key in defaultOptions) if (opts[key] === void 0) Object.assign(opts, { [key]: defaultOptions[key] });
	opts.cwd = (opts.cwd instanceof URL ? (0,external_url_namespaceObject.fileURLToPath)(opts.cwd) : (0,external_path_namespaceObject.resolve)(opts.cwd || process.cwd())).replace(BACKSLASHES, "/");
	opts.ignore = ensureStringArray(opts.ignore);
	opts.fs && (opts.fs = {
		readdir: opts.fs.readdir || external_fs_.readdir,
		readdirSync: opts.fs.readdirSync || external_fs_.readdirSync,
		realpath: opts.fs.realpath || external_fs_.realpath,
		realpathSync: opts.fs.realpathSync || external_fs_.realpathSync,
		stat: opts.fs.stat || external_fs_.stat,
		statSync: opts.fs.statSync || external_fs_.statSync
	});
	if (opts.debug) log("globbing with options:", opts);
	return opts;
}
function getCrawler(globInput, inputOptions = {}) {
	var _ref;
	if (globInput && (inputOptions === null || inputOptions === void 0 ? void 0 : inputOptions.patterns)) throw new Error("Cannot pass patterns as both an argument and an option");
	const isModern = isReadonlyArray(globInput) || typeof globInput === "string";
	const patterns = ensureStringArray((_ref = isModern ? globInput : globInput.patterns) !== null && _ref !== void 0 ? _ref : "**/*");
	const options = getOptions(isModern ? inputOptions : globInput);
	return patterns.length > 0 ? buildCrawler(options, patterns) : [];
}
async function glob(globInput, options) {
	const [crawler, relative] = getCrawler(globInput, options);
	return crawler ? formatPaths(await crawler.withPromise(), relative) : [];
}
function globSync(globInput, options) {
	const [crawler, relative] = getCrawler(globInput, options);
	return crawler ? formatPaths(crawler.sync(), relative) : [];
}
//#endregion


;// CONCATENATED MODULE: ./src/metadata/project-files.ts
/** {@link ProjectFiles} backed by the file system, rooted at a project folder. */




function projectFilesAt(projectDir, describedIn) {
    return {
        readBytes(relativePath, key) {
            const absolute = external_node_path_default().resolve(projectDir, relativePath);
            try {
                return (0,external_node_fs_namespaceObject.readFileSync)(absolute);
            }
            catch (error) {
                const code = error.code;
                const problem = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`;
                throw new errors/* MetadataError */.wc(`${describedIn}: ${key} names "${relativePath}", which ${problem} (looked for ${absolute}).`, 'Fix the path in the file, or check out the file before this step.');
            }
        },
        glob(pattern) {
            return globSync(pattern, {
                cwd: projectDir,
                onlyFiles: true,
                dot: true,
                expandDirectories: false
            })
                .map(file => file.split((external_node_path_default()).sep).join('/'))
                .sort();
        }
    };
}

;// CONCATENATED MODULE: ./src/metadata/scm.ts
/**
 * The version setuptools_scm (and hatch-vcs, pdm-backend's scm source, which use the same rules)
 * derives when HEAD is exactly at a release tag, the common case in a tag-triggered workflow. Any
 * other state would give a development version that only a real build can compute. Pure.
 */


/** setuptools_scm's default tag pattern: an optional `name-` prefix, an optional `v`, then the version. */
const TAG_PATTERN = /^(?:[\w-]+-)?[vV]?(\d+(?:\.\d+){0,2}[^+]*)(?:\+.*)?$/;
/** The version a tag names, in PEP 440 normal form, or undefined when it names none. */
function versionFromTag(tag) {
    const match = TAG_PATTERN.exec(tag);
    return match?.[1] === undefined ? undefined : normalizeVersion(match[1]);
}
/** The release version at HEAD, or a MetadataError explaining why there is none. */
function releaseVersionAtHead(source, tool) {
    const { head } = source;
    if (head === undefined) {
        throw new errors/* MetadataError */.wc(`The version comes from a git tag (${tool}), but ${source.projectDir} is not a git checkout, or git is not installed.`, 'Check out the repository with actions/checkout before this step, or build the distribution first and register from dist/.');
    }
    const tags = [...head.tags];
    // A shallow checkout of a tag push may lack the tag itself; the runner still names it.
    if (tags.length === 0 &&
        source.runnerTag !== undefined &&
        source.runnerTag.commit === head.commit)
        tags.push(source.runnerTag.name);
    const versions = tags
        .map(versionFromTag)
        .filter((version) => version !== undefined);
    if (versions.length === 0) {
        throw new errors/* MetadataError */.wc(`The version comes from a git tag (${tool}), but HEAD (${head.commit.slice(0, 12)}) has no release tag${tags.length > 0 ? ` (only ${tags.join(', ')})` : ''}, so ${tool} would compute a development version that only a build can know.`, 'Register from a tag-triggered workflow (on: push: tags: ["v*"]), or build the distribution and register from dist/.');
    }
    if (head.dirty) {
        throw new errors/* MetadataError */.wc(`The version comes from a git tag (${tool}), but tracked files in ${source.projectDir} differ from HEAD, so ${tool} would add a local version to ${versions[0]}.`, 'Register from a clean checkout, or build the distribution and register from dist/.');
    }
    if (new Set(versions).size > 1) {
        throw new errors/* MetadataError */.wc(`HEAD carries several release tags (${tags.join(', ')}) naming different versions, so the version is ambiguous.`, 'Keep one release tag on the commit, or build the distribution and register from dist/.');
    }
    return versions[0];
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: ./src/metadata/setup-py.ts
/**
 * Metadata of a project that only a `setup.py` describes: the project's own setup.py is run by the
 * runner's Python up to the point where setup() has read its arguments and config files (no command
 * runs, nothing is built), and the metadata is written as PKG-INFO into a temporary folder.
 */







/** How long setup.py may take before it is stopped. */
const SETUP_PY_TIMEOUT_MS = 60_000;
/**
 * Runs setup() with `stop_after="config"`, the stage after which setuptools and distutils have the
 * complete metadata but have not run any command, then writes PKG-INFO with the project's own
 * setuptools or distutils. Errors go to stderr, prefixed so they can be told from setup.py's output.
 */
const DRIVER = `
import os, sys
project, target = sys.argv[1], sys.argv[2]
os.chdir(project)
sys.path.insert(0, project)
try:
    import setuptools  # noqa: F401  (makes run_setup use setuptools' Distribution when present)
except ImportError:
    pass
try:
    from distutils.core import run_setup
except ImportError:
    sys.stderr.write("PYPI-REGISTER: neither setuptools nor distutils is installed\\n")
    sys.exit(3)
sys.argv = ["setup.py"]
dist = run_setup(os.path.join(project, "setup.py"), stop_after="config")
with open(target, "w", encoding="utf-8") as stream:
    dist.metadata.write_pkg_file(stream)
import json
def as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(item) for item in value]
extras = getattr(dist, "extras_require", None) or {}
with open(target + ".json", "w", encoding="utf-8") as stream:
    json.dump({
        "install_requires": [line for item in as_list(getattr(dist, "install_requires", None)) for line in item.splitlines()],
        "extras_require": {key: [line for item in as_list(value) for line in item.splitlines()] for key, value in extras.items()},
    }, stream)
`;
/** Reads a setup.py project's metadata by running its setup.py with `python`. */
async function metadataFromSetupPy(projectDir, python = 'python3') {
    const scratch = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'pypi-register-setup-py-'));
    const target = external_node_path_default().join(scratch, 'PKG-INFO');
    try {
        await runPython(python, [projectDir, target], projectDir);
        const parsed = parsePkgInfo(await (0,promises_.readFile)(target), 'PKG-INFO written by setup.py');
        const requirements = JSON.parse(await (0,promises_.readFile)(`${target}.json`, 'utf8'));
        return { ...parsed, metadata: withRequirements(parsed.metadata, requirements) };
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
}
/**
 * setuptools writes Requires-Dist into a wheel's METADATA but, before version 68 or so, not into
 * PKG-INFO; the wheel's entries come from install_requires and extras_require, converted here the
 * same way (an extra's requirements get `extra == "name"`, with its marker).
 */
function withRequirements(metadata, requirements) {
    if ((metadata.requires_dist ?? []).length > 0)
        return metadata;
    const lines = (list) => list.map(line => line.replace(/(^|\s)#.*$/, '').trim()).filter(Boolean);
    const requiresDist = [...lines(requirements.install_requires)];
    for (const [key, list] of Object.entries(requirements.extras_require)) {
        const [extra = '', keyMarker] = key.split(':', 2);
        for (const requirement of lines(list)) {
            const withKeyMarker = keyMarker === undefined ? requirement : addMarker(requirement, keyMarker.trim());
            // setuptools files a marked install_requires entry under ":marker", an extra with no name.
            requiresDist.push(extra.trim() === ''
                ? withKeyMarker
                : withExtraMarker(withKeyMarker, normalizeExtraName(extra.trim())));
        }
    }
    return requiresDist.length === 0 ? metadata : { ...metadata, requires_dist: requiresDist };
}
function addMarker(requirement, marker) {
    const at = requirement.indexOf(';');
    return at === -1
        ? `${requirement}; ${marker}`
        : `${requirement.slice(0, at).trim()}; (${requirement.slice(at + 1).trim()}) and (${marker})`;
}
function runPython(python, args, cwd) {
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_namespaceObject.execFile)(python, ['-c', DRIVER, ...args], {
            cwd,
            timeout: SETUP_PY_TIMEOUT_MS,
            maxBuffer: 4 * 1024 * 1024,
            env: { ...process.env, PYTHONIOENCODING: 'utf-8' }
        }, (error, _stdout, stderr) => {
            if (error === null)
                return resolve();
            reject(setupPyError(error, stderr, python));
        });
    });
}
function setupPyError(error, stderr, python) {
    if (error.code === 'ENOENT') {
        return new errors/* MetadataError */.wc(`Reading setup.py needs Python, but "${python}" is not installed on this runner.`, 'Add an actions/setup-python step before this one, or build the distribution first and register from dist/.');
    }
    if (error.killed) {
        return new errors/* MetadataError */.wc(`setup.py did not finish within ${SETUP_PY_TIMEOUT_MS / 1000} s, so it was stopped.`, 'Build the distribution first and register from dist/.');
    }
    if (stderr.includes('PYPI-REGISTER: neither setuptools nor distutils')) {
        return new errors/* MetadataError */.wc('Reading setup.py needs setuptools, which is not installed for this runner’s Python (distutils left Python in 3.12).', 'Run `pip install setuptools` in a step before this one, or build the distribution first and register from dist/.');
    }
    const lastLine = stderr.trim().split('\n').pop() ?? '';
    return new errors/* MetadataError */.wc(`setup.py failed${lastLine ? `: ${lastLine}` : ''}.`, 'Run `python setup.py --name` locally to see the full error, or build the distribution first and register from dist/.');
}

;// CONCATENATED MODULE: ./src/metadata/load.ts
/**
 * Where the metadata comes from. One function per source; `auto` takes the first that applies:
 * built distributions in dist-dir, then PKG-INFO at the project root (an unpacked sdist), then
 * pyproject.toml with a [project] table, then setup.py. The result says which source was used and why.
 */














const SOURCE_KINDS = ['dist', 'pkg-info', 'pyproject', 'setup-cfg', 'setup-py'];
/** Each loader returns undefined when its source is absent, so `auto` can try the next. */
const LOADERS = {
    dist: loadFromDists,
    'pkg-info': loadFromPkgInfo,
    pyproject: loadFromPyproject,
    'setup-cfg': loadFromSetupCfg,
    'setup-py': loadFromSetupPy
};
const ABSENT = {
    dist: o => `no built distribution (.whl, .tar.gz, .zip) in ${o.distDir}`,
    'pkg-info': o => `no PKG-INFO in ${o.projectDir}`,
    pyproject: o => `no pyproject.toml with a [project] table in ${o.projectDir}`,
    'setup-cfg': o => `no setup.cfg with a [metadata] name in ${o.projectDir}`,
    'setup-py': o => `no setup.py in ${o.projectDir}`
};
/** Reads the project's metadata from the source `options.source` names, or the first that applies. */
async function loadProjectMetadata(options) {
    if (!isDirectory(options.projectDir)) {
        throw new errors/* MetadataError */.wc(`The project folder ${options.projectDir} does not exist.`, 'Check the project-dir input, and that actions/checkout runs before this step.');
    }
    if (options.source !== 'auto') {
        const loaded = await LOADERS[options.source](options);
        if (loaded === undefined) {
            throw new errors/* MetadataError */.wc(`metadata-source is ${options.source}, but there is ${ABSENT[options.source](options)}.`, options.source === 'dist'
                ? 'Build the distributions in an earlier step (python -m build), or set dist-dir to where they are.'
                : 'Set project-dir to the project folder, or choose another metadata-source.');
        }
        return { ...loaded, kind: options.source, reason: 'chosen by the metadata-source input' };
    }
    const passedOver = [];
    for (const kind of SOURCE_KINDS) {
        const loaded = await LOADERS[kind](options);
        if (loaded !== undefined) {
            const reason = passedOver.length === 0 ? 'the first source found' : `found after ${passedOver.join('; ')}`;
            return { ...loaded, kind, reason };
        }
        passedOver.push(ABSENT[kind](options));
    }
    throw new errors/* MetadataError */.wc(`No project metadata found: ${passedOver.join('; ')}.`, 'Set project-dir to the folder of your Python project (with pyproject.toml), and make sure actions/checkout runs before this step.');
}
/**
 * All built distributions in dist-dir must name the same project and version. The metadata of a
 * wheel is preferred: its METADATA is complete, while older setuptools left Requires-Dist out of an
 * sdist's PKG-INFO. Among several wheels, the one with the highest metadata version, then by name.
 */
async function loadFromDists(options) {
    if (!isDirectory(options.distDir))
        return undefined;
    const entries = (await (0,promises_.readdir)(options.distDir, { withFileTypes: true })).sort((a, b) => byCodePoint(a.name, b.name));
    const notices = [];
    const dists = [];
    for (const entry of entries) {
        const kind = entry.isFile() ? distKindOf(entry.name) : undefined;
        if (kind === undefined)
            notices.push(`Skipped ${entry.name}${entry.isDirectory() ? '/' : ''} in ${options.distDir}: not a wheel or sdist.`);
        else
            dists.push({ file: external_node_path_default().join(options.distDir, entry.name), wheel: kind === 'wheel' });
    }
    if (dists.length === 0)
        return undefined;
    const warnings = [];
    const read = [];
    for (const dist of dists) {
        const { member, bytes } = await readDistMetadata(dist.file);
        const parsed = parsePkgInfo(bytes, `${external_node_path_default().basename(dist.file)} (${member})`);
        warnings.push(...parsed.warnings);
        read.push({ ...dist, metadata: parsed.metadata });
    }
    const identities = new Set(read.map(({ metadata }) => `${normalizeName(metadata.name)} ${metadata.version}`));
    if (identities.size > 1) {
        const listing = read
            .map(({ file, metadata }) => `${external_node_path_default().basename(file)}: ${metadata.name} ${metadata.version}`)
            .join('; ');
        throw new errors/* MetadataError */.wc(`The distributions in ${options.distDir} disagree on the project name or version: ${listing}.`, 'Remove stale files from dist-dir (build into an empty folder), so that only one release is there.');
    }
    const chosen = read.sort(preferredDist)[0];
    return {
        metadata: chosen.metadata,
        source: chosen.file,
        warnings,
        notices: [
            ...notices,
            ...(read.length > 1
                ? [
                    `Using the metadata of ${external_node_path_default().basename(chosen.file)} (${read.length} distributions agree on name and version).`
                ]
                : [])
        ]
    };
}
function preferredDist(a, b) {
    if (a.wheel !== b.wheel)
        return a.wheel ? -1 : 1;
    const versions = Number(b.metadata.metadata_version) - Number(a.metadata.metadata_version);
    return versions !== 0 && !Number.isNaN(versions) ? versions : byCodePoint(a.file, b.file);
}
async function loadFromPkgInfo(options) {
    const file = external_node_path_default().join(options.projectDir, 'PKG-INFO');
    if (!(0,external_node_fs_namespaceObject.existsSync)(file))
        return undefined;
    const { metadata, warnings } = parsePkgInfo(await (0,promises_.readFile)(file), 'PKG-INFO');
    return { metadata, source: file, warnings, notices: [] };
}
async function loadFromPyproject(options) {
    const file = external_node_path_default().join(options.projectDir, 'pyproject.toml');
    if (!(0,external_node_fs_namespaceObject.existsSync)(file))
        return undefined;
    const document = parsePyprojectToml(await (0,promises_.readFile)(file, 'utf8'));
    if (!isTable(document.project)) {
        const tool = isTable(document.tool) ? document.tool : {};
        if (isTable(tool.poetry) && tool.poetry.name !== undefined) {
            throw new errors/* MetadataError */.wc(`pyproject.toml keeps its metadata in [tool.poetry] (poetry-core 1.x), which pypi-register cannot read from the source tree yet.`, 'Build first (`poetry build`) and register from dist/ (metadata-source: dist), or move the metadata to a PEP 621 [project] table (poetry-core 2 reads it).');
        }
        const legacy = ['setup.cfg', 'setup.py'].some(name => (0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(options.projectDir, name)));
        if (options.source === 'pyproject' || !legacy) {
            // Let the mapping explain what is missing.
            metadataFromPyproject(document, projectFilesAt(options.projectDir, 'pyproject.toml'));
        }
        return undefined;
    }
    const context = dynamicContext(options, 'pyproject.toml');
    const { project, notes } = resolveDynamic(document, context);
    const { metadata, warnings } = metadataFromPyproject({ ...document, project }, context.files);
    return { metadata, source: file, warnings, notices: notes.map(note => `Resolved ${note}.`) };
}
async function loadFromSetupCfg(options) {
    const file = external_node_path_default().join(options.projectDir, 'setup.cfg');
    if (!(0,external_node_fs_namespaceObject.existsSync)(file))
        return undefined;
    const text = await (0,promises_.readFile)(file, 'utf8');
    if (!declaresMetadata(text))
        return undefined;
    const { metadata, warnings } = metadataFromSetupCfg(text, dynamicContext(options, 'setup.cfg'));
    const notices = (0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(options.projectDir, 'setup.py'))
        ? [
            'Read setup.cfg statically; if setup.py also passes metadata to setup(), set metadata-source: setup-py.'
        ]
        : [];
    return { metadata, source: file, warnings, notices };
}
async function loadFromSetupPy(options) {
    if (!(0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(options.projectDir, 'setup.py')))
        return undefined;
    const { metadata, warnings } = await metadataFromSetupPy(options.projectDir);
    return { metadata, source: external_node_path_default().join(options.projectDir, 'setup.py'), warnings, notices: [] };
}
/** File access and the git tag lookup, for the resolvers of dynamic values. */
function dynamicContext(options, describedIn) {
    return {
        files: projectFilesAt(options.projectDir, describedIn),
        isFile: relative => isFile(external_node_path_default().join(options.projectDir, relative)),
        versionFromGitTag: tool => releaseVersionAtHead({
            head: readHeadState(options.projectDir),
            projectDir: options.projectDir,
            ...(options.runnerTag ? { runnerTag: options.runnerTag } : {})
        }, tool)
    };
}
/** Locale-independent order, so that listings read the same on every runner. */
function byCodePoint(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** PEP 503 normal form, for comparing names across distributions. */
function normalizeName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}
function isDirectory(folder) {
    try {
        return (0,external_node_fs_namespaceObject.statSync)(folder).isDirectory();
    }
    catch {
        return false;
    }
}
function isFile(file) {
    try {
        return (0,external_node_fs_namespaceObject.statSync)(file).isFile();
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./src/outcome.ts
var src_outcome = __nccwpck_require__(4671);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/pypirc.ts
/**
 * The temporary `.pypirc` this action writes for its own run and for later steps
 * (`twine upload --config-file <path> -r <section>`).
 */





/**
 * Renders a `.pypirc` that twine, distutils and flit all read back exactly.
 * `index-servers` has one name per line: twine splits it on whitespace and distutils on line breaks,
 * and this form satisfies both.
 */
function renderPypirc(servers) {
    const sections = [
        { name: 'distutils', entries: [['index-servers', servers.map(server => server.section)]] }
    ];
    for (const server of servers) {
        const entries = [['repository', server.repository]];
        if (server.username !== undefined)
            entries.push(['username', server.username]);
        if (server.password !== undefined)
            entries.push(['password', server.password]);
        if (server.caCert !== undefined)
            entries.push(['ca_cert', server.caCert]);
        if (server.clientCert !== undefined)
            entries.push(['client_cert', server.clientCert]);
        sections.push({ name: server.section, entries });
    }
    return renderConfig(sections);
}
/**
 * Writes `content` to a new file with a random name in `directory`, readable by its owner only.
 * The file is created exclusively with mode 0600 from the start, so the secret is never readable by
 * others, not even for a moment.
 * @returns the absolute path of the new file
 */
async function writePypirc(content, directory) {
    const filePath = external_node_path_default().join(external_node_path_default().resolve(directory), `pypi-register-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}.pypirc`);
    const handle = await (0,promises_.open)(filePath, 'wx', 0o600);
    try {
        await handle.writeFile(content, 'utf8');
    }
    finally {
        await handle.close();
    }
    return filePath;
}
/**
 * Deletes a `.pypirc` written by {@link writePypirc}, but only when it lies inside `scratchDirectory`:
 * the path comes from saved state, and a post step must never delete anything else.
 */
async function removePypirc(filePath, scratchDirectory) {
    const scratch = await realpath(scratchDirectory);
    let resolved;
    try {
        resolved = path.join(await realpath(path.dirname(filePath)), path.basename(filePath));
    }
    catch (error) {
        if (isFileNotFound(error))
            return 'already-gone';
        throw error;
    }
    if (!isInsideDirectory(resolved, scratch))
        return 'outside-scratch-directory';
    try {
        await unlink(resolved);
        return 'removed';
    }
    catch (error) {
        if (isFileNotFound(error))
            return 'already-gone';
        throw error;
    }
}
/** True when `candidate` is strictly below `directory` (both absolute, already resolved). */
function isInsideDirectory(candidate, directory) {
    const relative = path.relative(directory, candidate);
    return (relative !== '' &&
        relative !== '..' &&
        !relative.startsWith(`..${path.sep}`) &&
        !path.isAbsolute(relative));
}
function isFileNotFound(error) {
    return error?.code === 'ENOENT';
}
/** The job's scratch folder: RUNNER_TEMP on a runner, the system's temp folder elsewhere. */
function scratchDirectory(env) {
    return env.RUNNER_TEMP?.trim() || (0,external_node_os_.tmpdir)();
}

// EXTERNAL MODULE: ./src/repository.ts
var repository = __nccwpck_require__(3627);
;// CONCATENATED MODULE: ./src/pypirc-config.ts
/**
 * Reading a user's `.pypirc` the way twine does: the sections `[distutils] index-servers` lists
 * (split on whitespace; `pypi testpypi` when there is no such list), `[server-login]` values as
 * defaults, and the built-in `pypi` and `testpypi` URLs. A section is found by its name (twine) or by
 * its `repository` URL (distutils). Pure.
 */



const KEYS = [
    ['repository', 'repository'],
    ['username', 'username'],
    ['password', 'password'],
    ['ca_cert', 'caCert'],
    ['client_cert', 'clientCert'],
    ['realm', 'realm']
];
/** Parses `.pypirc` text; syntax errors name the line, never its content. */
function parsePypirc(text, origin) {
    const config = parseConfig(text, origin);
    const defaults = {
        username: getConfigValue(config, 'server-login', 'username'),
        password: getConfigValue(config, 'server-login', 'password')
    };
    const listed = (getConfigValue(config, 'distutils', 'index-servers') ?? 'pypi testpypi')
        .split(/\s+/)
        .filter(Boolean);
    const repositories = new Map();
    for (const section of new Set(['pypi', 'testpypi', ...listed])) {
        const entry = { section };
        if (defaults.username !== undefined)
            entry.username = defaults.username;
        if (defaults.password !== undefined)
            entry.password = defaults.password;
        // twine gives testpypi its URL only when it is listed; pypi always.
        if (section === 'pypi' || (section === 'testpypi' && listed.includes('testpypi'))) {
            entry.repository = repository/* PUBLIC_INDEXES */.dz[section];
        }
        if (listed.includes(section)) {
            if (!config.sections.has(section) && section !== 'pypi' && section !== 'testpypi') {
                throw new errors/* InputError */.dz(`${origin}: index-servers lists "${section}", but there is no [${section}] section.`, `Add a [${section}] section with repository, username and password, or remove it from index-servers.`);
            }
            for (const [key, field] of KEYS) {
                const value = getConfigValue(config, section, key);
                if (value !== undefined)
                    entry[field] = value;
            }
        }
        if (entry.repository !== undefined)
            repositories.set(section, entry);
        else if (listed.includes(section)) {
            throw new errors/* InputError */.dz(`${origin}: section [${section}] has no repository URL.`, `Add "repository = https://..." to [${section}].`);
        }
    }
    return { origin, repositories };
}
/** Finds a section by name, or by its repository URL as distutils did. */
function findRepository(config, nameOrUrl) {
    const byName = config.repositories.get(nameOrUrl);
    if (byName !== undefined)
        return { repository: byName, matchedBy: 'name' };
    const trimmed = nameOrUrl.replace(/\/+$/, '');
    for (const repository of config.repositories.values()) {
        if (repository.repository === nameOrUrl)
            return { repository, matchedBy: 'url' };
    }
    for (const repository of config.repositories.values()) {
        if (repository.repository?.replace(/\/+$/, '') === trimmed)
            return { repository, matchedBy: 'url-but-slash' };
    }
    return undefined;
}
/**
 * Every password-like value in `.pypirc` text, found leniently so that secrets can be masked before
 * the file is parsed, even when parsing then fails.
 */
function pypircSecrets(text) {
    const secrets = [];
    for (const line of text.split(/\r\n?|\n/)) {
        const match = /^\s*password\s*[=:](.*)$/i.exec(line);
        const value = match?.[1]?.trim();
        if (value)
            secrets.push(value);
    }
    return secrets;
}

;// CONCATENATED MODULE: ./src/credentials.ts
/**
 * Which index, and with which credentials. Precedence, highest first:
 * 1. the inputs (`repository`, `username`, `password`), credentials written in the repository URL
 *    counting as given with it;
 * 2. the variables twine users already set: TWINE_REPOSITORY_URL, TWINE_REPOSITORY, TWINE_USERNAME,
 *    TWINE_PASSWORD;
 * 3. the `.pypirc` section of that repository (found by name, or by its URL);
 * and `__token__` as the user name when nothing gives one. Pure.
 */




const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Resolves the index and its credentials from every source, by the precedence above. */
function resolveIndex(sources) {
    const { env } = sources;
    const [spec, specOrigin] = firstGiven([
        [sources.repository, "input 'repository'"],
        [env.TWINE_REPOSITORY_URL, 'TWINE_REPOSITORY_URL'],
        [env.TWINE_REPOSITORY, 'TWINE_REPOSITORY'],
        ['pypi', 'the default']
    ]);
    const notices = [];
    const { target, section } = locate(spec, specOrigin, sources.pypirc, notices);
    const fromSection = section !== undefined ? `[${section.section}] in ${sources.pypirc?.origin}` : '';
    const [username, usernameOrigin] = firstGiven([
        [sources.username, "input 'username'"],
        [target.urlCredentials?.username, `the URL in ${specOrigin}`],
        [env.TWINE_USERNAME, 'TWINE_USERNAME'],
        [section?.username, fromSection],
        [TOKEN_USERNAME, 'the default']
    ]);
    const [password, passwordOrigin] = firstGiven([
        [sources.password, "input 'password'"],
        [target.urlCredentials?.password, `the URL in ${specOrigin}`],
        [env.TWINE_PASSWORD, 'TWINE_PASSWORD'],
        [section?.password, fromSection]
    ]);
    const resolved = {
        target,
        username,
        origins: {
            repository: section ? `${specOrigin}, ${fromSection}` : specOrigin,
            username: usernameOrigin
        },
        tls: tlsFiles(sources, section, fromSection),
        notices
    };
    if (password !== undefined) {
        resolved.password = password;
        resolved.origins.password = passwordOrigin;
    }
    return resolved;
}
/** Each TLS file from its input, else from the section; paths as given. */
function tlsFiles(sources, section, fromSection) {
    const files = {};
    const [caCert, caOrigin] = firstGiven([
        [sources.caCert, "input 'ca-cert'"],
        [section?.caCert, `ca_cert of ${fromSection}`]
    ]);
    if (caCert !== undefined)
        files.caCert = { path: caCert, origin: caOrigin };
    const [clientCert, clientOrigin] = firstGiven([
        [sources.clientCert, "input 'client-cert'"],
        [section?.clientCert, `client_cert of ${fromSection}`]
    ]);
    if (clientCert !== undefined)
        files.clientCert = { path: clientCert, origin: clientOrigin };
    return files;
}
function firstGiven(candidates) {
    for (const [value, origin] of candidates) {
        if (value !== undefined && value !== '')
            return [value, origin];
    }
    return [undefined, undefined];
}
/** The target for a URL or a name, and the .pypirc section it corresponds to, if any. */
function locate(spec, origin, pypirc, notices) {
    const value = spec.trim();
    if (URL_LIKE.test(value)) {
        const target = (0,repository/* resolveRepository */.BN)(value, origin);
        const found = pypirc === undefined ? undefined : findRepository(pypirc, target.url);
        if (found === undefined)
            return { target };
        if (found.matchedBy === 'url-but-slash') {
            notices.push(`${origin} matches [${found.repository.section}] in ${pypirc?.origin} only when a trailing slash is set aside; its credentials are used.`);
        }
        return { target: { ...target, section: found.repository.section }, section: found.repository };
    }
    const found = pypirc === undefined ? undefined : findRepository(pypirc, value);
    if (found !== undefined) {
        const section = found.repository;
        const target = (0,repository/* resolveRepository */.BN)(section.repository, `repository of [${section.section}] in ${pypirc?.origin}`);
        return { target: { ...target, section: section.section }, section };
    }
    if (repository/* PUBLIC_INDEXES */.dz[value] !== undefined)
        return { target: (0,repository/* resolveRepository */.BN)(value, origin) };
    const shown = /^[\w.-]+$/.test(value) ? `"${value}"` : 'a value';
    if (pypirc === undefined) {
        throw new errors/* InputError */.dz(`${origin} is ${shown}, which is neither a URL nor one of ${Object.keys(repository/* PUBLIC_INDEXES */.dz).join(', ')}.`, 'Give the full URL of the index (e.g. https://devpi.example.com/alice/dev/), or pass a .pypirc with the pypirc or config-file input to use its section names.');
    }
    throw new errors/* InputError */.dz(`${origin} is ${shown}, which is neither a URL nor a section of ${pypirc.origin}; its sections are ${[...pypirc.repositories.keys()].join(', ')}.`, 'Use one of those section names (listed in [distutils] index-servers), or the full URL of the index.');
}

// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __nccwpck_require__(1692);
;// CONCATENATED MODULE: ./src/transport.ts
/**
 * What shapes the connection to an index: the proxy the environment names (HTTPS_PROXY,
 * HTTP_PROXY, NO_PROXY, as curl and pip read them), extra CAs to trust, and a client certificate.
 * The TLS files are read and checked before anything is sent, so that a wrong path fails at once
 * with the input that named it, and never half-way through a registration. The HTTP client itself
 * lives in index-client.ts, loaded only when something is sent.
 */



const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;
/** Reads and checks the files; the error names the file and where it was given, never its content. */
async function loadTlsMaterial(files) {
    const material = {};
    if (files.caCert !== undefined) {
        const text = await readPem(files.caCert);
        const certificates = text.match(CERTIFICATE);
        if (certificates === null) {
            throw new errors/* InputError */.dz(`${files.caCert.path} (${files.caCert.origin}) holds no PEM certificate.`, 'Give a PEM file with one or more "-----BEGIN CERTIFICATE-----" blocks: the CA that signed the index\'s certificate.');
        }
        assertUsable({ ca: certificates }, files.caCert);
        // Added to the system's roots, so that other indexes in the same run keep working.
        material.ca = [...external_node_tls_.rootCertificates, ...certificates];
    }
    if (files.clientCert !== undefined) {
        const text = await readPem(files.clientCert);
        const certificate = text.match(CERTIFICATE)?.[0];
        const key = PRIVATE_KEY.exec(text);
        if (certificate === undefined || key === null) {
            throw new errors/* InputError */.dz(`${files.clientCert.path} (${files.clientCert.origin}) must hold both a PEM certificate and its private key; it has ${certificate === undefined ? 'no certificate' : 'no private key'}.`, 'Concatenate the client certificate and its unencrypted private key into one PEM file (as twine expects for client_cert).');
        }
        if (key[1] === 'ENCRYPTED PRIVATE KEY') {
            throw new errors/* InputError */.dz(`The private key in ${files.clientCert.path} (${files.clientCert.origin}) is encrypted.`, 'Decrypt it (openssl pkey -in key.pem -out plain.pem) and keep the file in a secret.');
        }
        assertUsable({ cert: certificate, key: key[0] }, files.clientCert);
        material.cert = certificate;
        material.key = key[0];
    }
    return material;
}
/**
 * The proxy settings in effect, for the log: which variable names which proxy (without its
 * credentials), and the NO_PROXY list. Undefined when no proxy is set.
 */
function describeProxies(env) {
    const parts = [];
    for (const name of ['HTTPS_PROXY', 'HTTP_PROXY']) {
        const [variable, value] = proxyVariable(env, name);
        if (value)
            parts.push(`${variable}=${withoutUserinfo(value)}`);
    }
    if (parts.length === 0)
        return undefined;
    const [noProxyVariable, noProxy] = proxyVariable(env, 'NO_PROXY');
    if (noProxy)
        parts.push(`${noProxyVariable}=${noProxy}`);
    return parts.join(', ');
}
/** The password in a proxy URL of the environment, to be masked. */
function proxyPasswords(env) {
    const passwords = [];
    for (const name of ['HTTPS_PROXY', 'HTTP_PROXY']) {
        const value = proxyVariable(env, name)[1];
        const password = value ? safeUrl(value)?.password : undefined;
        if (password)
            passwords.push(password, decodeURIComponent(password));
    }
    return passwords;
}
/** undici, like curl, prefers the lower-case variable. */
function proxyVariable(env, name) {
    const lower = name.toLowerCase();
    return env[lower] ? [lower, env[lower]] : [name, env[name]];
}
function withoutUserinfo(value) {
    const url = safeUrl(value);
    if (url === undefined)
        return value.replace(/\/\/[^/@]*@/, '//***@');
    url.username = '';
    url.password = '';
    return url.href;
}
function safeUrl(value) {
    try {
        return new URL(value);
    }
    catch {
        return undefined;
    }
}
async function readPem(file) {
    try {
        return await (0,promises_.readFile)(file.path, 'utf8');
    }
    catch (error) {
        const code = error.code;
        throw new errors/* InputError */.dz(`${file.path} (${file.origin}) ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}.`, 'Check the path: it is relative to the workspace. A certificate kept in a secret must be written to a file by an earlier step.');
    }
}
/** Node's own check of the PEM content, so that a damaged file fails here, not at connect time. */
function assertUsable(material, file) {
    try {
        (0,external_node_tls_.createSecureContext)(material);
    }
    catch (error) {
        throw new errors/* InputError */.dz(`${file.path} (${file.origin}) cannot be used for TLS: ${error.message}.`, 'Check that each certificate and key is a complete PEM block, and that the key belongs to the certificate.');
    }
}

;// CONCATENATED MODULE: ./src/settings.ts
/**
 * The only reader of the action's inputs and environment. Everything is read once, validated here,
 * and handed on as one typed object; secrets are masked before anything else can print them.
 */










/** Reads and validates every input, masking secrets first. */
function readSettings(host) {
    const raw = Object.fromEntries(Object.values(Inputs).map(name => [name, host.getInput(name)]));
    const maskSecret = (secret) => maskEveryForm(secret, host);
    // Masked before validation, so that not even an error about a secret can show it.
    const env = process.env;
    const configText = readConfigFile(raw[Inputs.configFile], process.cwd());
    for (const secret of [
        raw[Inputs.password],
        userinfoPassword(raw[Inputs.repository]),
        env.TWINE_PASSWORD,
        userinfoPassword(env.TWINE_REPOSITORY_URL ?? ''),
        ...pypircSecrets(raw[Inputs.pypirc]),
        ...pypircSecrets(configText ?? ''),
        ...proxyPasswords(env)
    ]) {
        maskSecret(secret);
    }
    const settings = parseSettings(raw, env, process.cwd(), configText);
    for (const index of settings.indexes) {
        const credentials = credentialsOf(index);
        if (credentials === undefined)
            continue;
        maskSecret(credentials.password);
        maskSecret((0,repository/* basicAuthorization */.aR)(credentials));
        // The header's base64 part on its own, in case a server echoes it back.
        maskSecret((0,repository/* basicAuthorization */.aR)(credentials).slice('Basic '.length));
    }
    return settings;
}
/**
 * Validates raw inputs. Pure: the environment, the working folder and the text of the config-file
 * input's file are passed in.
 */
function parseSettings(raw, env, cwd, configFileText) {
    const dryRun = parseBoolean(raw[Inputs.dryRun], Inputs.dryRun, false);
    const allowInsecureHttp = parseBoolean(raw[Inputs.allowInsecureHttp], Inputs.allowInsecureHttp, false);
    const sources = {
        username: raw[Inputs.username].trim(),
        password: raw[Inputs.password],
        caCert: raw[Inputs.caCert].trim(),
        clientCert: raw[Inputs.clientCert].trim(),
        env: {
            TWINE_REPOSITORY: env.TWINE_REPOSITORY?.trim(),
            TWINE_REPOSITORY_URL: env.TWINE_REPOSITORY_URL?.trim(),
            TWINE_USERNAME: env.TWINE_USERNAME?.trim(),
            TWINE_PASSWORD: env.TWINE_PASSWORD
        }
    };
    const pypirc = pypircFrom(raw, configFileText);
    const specs = splitRepositories(raw[Inputs.repository]);
    const indexes = uniqueSections((specs.length > 0 ? specs : ['']).map(repository => resolveIndex({ ...sources, repository, ...(pypirc ? { pypirc } : {}) }))).map(index => ({ ...index, tls: absoluteTlsPaths(index.tls, cwd) }));
    for (const { target, password } of indexes) {
        if (password === undefined && !dryRun && !target.warehouse) {
            throw new errors/* InputError */.dz(`No password for ${target.url}: input '${Inputs.password}', TWINE_PASSWORD and the .pypirc section are all empty.`, `Pass it from a secret: \`${Inputs.password}: \${{ secrets.INDEX_PASSWORD }}\` (a secret that does not exist, or is not available to this workflow, arrives empty).`);
        }
        if (password !== undefined && !dryRun && !allowInsecureHttp)
            assertEncrypted(target.url);
    }
    const projectDir = external_node_path_default().resolve(cwd, raw[Inputs.projectDir].trim() || '.');
    const settings = {
        indexes,
        projectDir,
        distDir: external_node_path_default().resolve(projectDir, raw[Inputs.distDir].trim() || 'dist'),
        metadataSource: parseChoice(raw[Inputs.metadataSource], Inputs.metadataSource, ['auto', ...SOURCE_KINDS], 'auto'),
        onUnsupported: parseChoice(raw[Inputs.onUnsupported], Inputs.onUnsupported, ['warn', 'skip', 'fail'], 'warn'),
        retries: parseWholeNumber(raw[Inputs.retries], Inputs.retries, 3, 0, 10),
        timeoutMs: parseWholeNumber(raw[Inputs.timeout], Inputs.timeout, 30, 1, 600) * 1000,
        dryRun,
        scratchDir: scratchDirectory(env)
    };
    if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME && env.GITHUB_SHA) {
        settings.runnerTag = { name: env.GITHUB_REF_NAME, commit: env.GITHUB_SHA };
    }
    return settings;
}
function credentialsOf(index) {
    return index.password === undefined
        ? undefined
        : { username: index.username, password: index.password };
}
/** The repository input may list several indexes, one per line or separated by commas. */
function splitRepositories(value) {
    return value
        .split(/[\n,]/)
        .map(item => item.trim())
        .filter(Boolean);
}
/**
 * Refuses an index listed twice, and keeps the written .pypirc's section names distinct: two URLs
 * could make the same name.
 */
function uniqueSections(indexes) {
    const urls = new Set();
    const sections = new Set();
    return indexes.map(index => {
        if (urls.has(index.target.url)) {
            throw new errors/* InputError */.dz(`Input '${Inputs.repository}' lists ${index.target.url} more than once.`, 'List each index once.');
        }
        urls.add(index.target.url);
        let section = index.target.section;
        for (let n = 2; sections.has(section); n++)
            section = `${index.target.section}-${n}`;
        sections.add(section);
        return section === index.target.section
            ? index
            : { ...index, target: { ...index.target, section } };
    });
}
/** TLS paths are relative to the workspace; absolute, they also work in the .pypirc written. */
function absoluteTlsPaths(tls, cwd) {
    const resolved = {};
    if (tls.caCert)
        resolved.caCert = { ...tls.caCert, path: external_node_path_default().resolve(cwd, tls.caCert.path) };
    if (tls.clientCert)
        resolved.clientCert = { ...tls.clientCert, path: external_node_path_default().resolve(cwd, tls.clientCert.path) };
    return resolved;
}
/** The .pypirc given by the pypirc input (its text) or the config-file input (a path), if any. */
function pypircFrom(raw, configFileText) {
    const inline = raw[Inputs.pypirc];
    if (inline.trim() !== '' && raw[Inputs.configFile].trim() !== '') {
        throw new errors/* InputError */.dz(`Inputs '${Inputs.pypirc}' and '${Inputs.configFile}' are both set.`, 'Give the .pypirc one way: its content in pypirc (from a secret), or its path in config-file.');
    }
    if (inline.trim() !== '')
        return parsePypirc(inline, `the '${Inputs.pypirc}' input`);
    if (configFileText !== undefined)
        return parsePypirc(configFileText, raw[Inputs.configFile].trim());
    return undefined;
}
/** Reads the file the config-file input names; never ~/.pypirc unless it is named. */
function readConfigFile(configFile, cwd) {
    const given = configFile.trim();
    if (given === '')
        return undefined;
    const file = external_node_path_default().resolve(cwd, given);
    try {
        return (0,external_node_fs_namespaceObject.readFileSync)(file, 'utf8');
    }
    catch (error) {
        const code = error.code;
        throw new errors/* InputError */.dz(`Input '${Inputs.configFile}' names ${file}, which ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}.`, 'Give the path of an existing .pypirc (relative to the workspace), or pass its content in the pypirc input.');
    }
}
/** Loopback hosts, where plain http never leaves the machine. */
function isLoopback(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return (host === 'localhost' ||
        host.endsWith('.localhost') ||
        host === '::1' ||
        /^127\.\d+\.\d+\.\d+$/.test(host));
}
/** A password over plain http to another machine could be read on the way: refused unless allowed. */
function assertEncrypted(url) {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'http:' && !isLoopback(hostname)) {
        throw new errors/* InputError */.dz(`${url} is plain http, so the password would cross the network unencrypted.`, `Use the https:// URL of the index, or set ${Inputs.allowInsecureHttp}: true if the network between the runner and the index is trusted.`);
    }
}
/** One of a fixed set of words; the message lists them. */
function parseChoice(value, input, choices, fallback) {
    const text = value.trim();
    if (text === '')
        return fallback;
    if (choices.includes(text))
        return text;
    throw new errors/* InputError */.dz(`Input '${input}' is "${text}", which is not one of ${choices.join(', ')}.`, `Use one of ${choices.join(', ')}.`);
}
/** A whole number within bounds, such as retries or a timeout in seconds. */
function parseWholeNumber(value, input, fallback, min, max) {
    const text = value.trim();
    if (text === '')
        return fallback;
    const number = Number(text);
    if (!/^\d+$/.test(text) || number < min || number > max) {
        throw new errors/* InputError */.dz(`Input '${input}' is "${text}", which is not a whole number from ${min} to ${max}.`, `Give a whole number from ${min} to ${max} (default ${fallback}).`);
    }
    return number;
}
/** YAML 1.2 booleans, as the runner's own inputs accept them. */
function parseBoolean(value, input, fallback) {
    const text = value.trim();
    if (text === '')
        return fallback;
    if (['true', 'True', 'TRUE'].includes(text))
        return true;
    if (['false', 'False', 'FALSE'].includes(text))
        return false;
    throw new errors/* InputError */.dz(`Input '${input}' is "${text}", which is not a boolean.`, 'Use true or false.');
}
/** The password written into a URL (`scheme://user:password@host`), raw as typed. */
function userinfoPassword(url) {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:([^/@]*)@/i.exec(url.trim())?.[1];
}
/** Values already registered with the runner, so that each is masked once. */
const masked = new Set();
/**
 * Replaces every masked value in `text` with `***`. For text from outside (a server's status line
 * or body): a hostile or careless index may echo the credentials back, and the job summary and our
 * own messages must not carry them even where the runner's log masking does not reach.
 */
function redactSecrets(text) {
    let redacted = text;
    // Longest first, so that a secret containing another is replaced whole.
    for (const secret of [...masked].sort((a, b) => b.length - a.length)) {
        redacted = redacted.split(secret).join('***');
    }
    return redacted;
}
/**
 * Masks a secret in every form it could be printed in: as given, percent-decoded (as a URL carries
 * it), and line by line, because the runner masks within one log line at a time.
 */
function maskEveryForm(secret, host) {
    if (secret === undefined || secret === '')
        return;
    const forms = new Set([secret, ...secret.split(/\r?\n|\r/)]);
    try {
        forms.add(decodeURIComponent(secret));
    }
    catch {
        // Not percent-encoded: the raw form is already masked.
    }
    for (const form of forms) {
        if (form.trim() === '' || masked.has(form))
            continue;
        masked.add(form);
        host.setSecret(form);
    }
}

// EXTERNAL MODULE: ./src/retry.ts
var retry = __nccwpck_require__(9809);
;// CONCATENATED MODULE: ./src/summary.ts
const STATUS_ICONS = {
    registered: '✅',
    unsupported: 'ℹ️',
    'dry-run': '📝'
};
/** Renders the job summary for one release on every index. */
function renderSummary(report) {
    const lines = [
        '## pypi-register',
        '',
        '| | |',
        '| --- | --- |',
        `| Project | ${cell(code(report.name))} |`,
        `| Version | ${cell(code(report.version))} |`,
        `| Metadata from | ${cell(code(report.source))} |`,
        '',
        '| Index | Outcome | HTTP | Attempts | Seconds | Details |',
        '| --- | --- | --- | --- | --- | --- |'
    ];
    for (const { index, outcome, attempts, seconds } of report.results) {
        const icon = outcome.ok ? (STATUS_ICONS[outcome.status] ?? '✅') : '❌';
        const details = [outcome.message, outcome.advice].filter(Boolean).join(' ');
        const row = [
            `${index.url} [${index.section}]`,
            `${icon} ${outcome.status}`,
            outcome.httpStatus === undefined ? '' : String(outcome.httpStatus),
            String(attempts),
            seconds.toFixed(2),
            details
        ];
        lines.push(`| ${row.map(cell).join(' | ')} |`);
    }
    if (report.fields !== undefined) {
        lines.push('', '<details><summary>Fields that would be sent</summary>', '', '| Field | Value |', '| --- | --- |');
        for (const [name, value] of report.fields) {
            lines.push(`| ${cell(code(name))} | ${cell(code(JSON.stringify(value)))} |`);
        }
        lines.push('', '</details>');
    }
    return lines.join('\n') + '\n';
}
/** Table cells cannot hold line breaks or bare pipes. */
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
/** An inline code span; text holding a backtick gets a double-backtick fence, as CommonMark allows. */
function code(text) {
    return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * The main step: settings → metadata → .pypirc → register on every index at once → outputs and
 * summary. Every failure ends here as one line per failed index through the host's `setFailed`, never as
 * a stack trace; indexes that succeeded stay registered.
 */











/** Runs the main step. Never throws: failures are reported through the host. */
async function run(host) {
    try {
        await register(readSettings(host), host);
    }
    catch (error) {
        host.setOutput(Outputs.status, 'error');
        host.debug(error instanceof Error && error.stack ? error.stack : String(error));
        host.setFailed((0,errors/* formatError */.Wk)(error));
    }
}
async function register(settings, host) {
    // Rendered before anything else so that a password .pypirc cannot hold fails first.
    const pypirc = renderPypirc(settings.indexes.map(index => ({
        section: index.target.section,
        repository: index.target.url,
        username: index.username,
        password: index.password,
        caCert: index.tls.caCert?.path,
        clientCert: index.tls.clientCert?.path
    })));
    for (const { target, username, origins, notices } of settings.indexes) {
        host.info(`Index ${target.url} (from ${origins.repository}); user ${username} (from ${origins.username}); ${origins.password ? `password from ${origins.password}` : 'no password'}`);
        for (const notice of notices)
            host.notice(notice);
    }
    // Read before the metadata, so that a wrong certificate path fails before any other work.
    const tls = await Promise.all(settings.indexes.map(index => loadTlsMaterial(index.tls)));
    const proxies = describeProxies(process.env);
    if (proxies !== undefined)
        host.info(`Proxy settings: ${proxies}`);
    host.info(`Reading project metadata in ${settings.projectDir} (metadata-source: ${settings.metadataSource})`);
    const loaded = await loadProjectMetadata({
        projectDir: settings.projectDir,
        distDir: settings.distDir,
        source: settings.metadataSource,
        ...(settings.runnerTag ? { runnerTag: settings.runnerTag } : {})
    });
    const { metadata } = loaded;
    for (const notice of loaded.notices)
        host.info(notice);
    for (const warning of loaded.warnings)
        host.warning(warning);
    const sourceName = external_node_path_default().relative(process.cwd(), loaded.source) || loaded.source;
    host.info(`Found ${metadata.name} ${metadata.version} in ${sourceName} (${loaded.kind}, ${loaded.reason}; metadata version ${metadata.metadata_version})`);
    host.setOutput(Outputs.name, metadata.name);
    host.setOutput(Outputs.version, metadata.version);
    host.setOutput(Outputs.metadataSource, loaded.kind);
    const pypircPath = await writePypirc(pypirc, settings.scratchDir);
    // Saved at once, so that the post step removes the file even if a later step of main fails.
    host.saveState(State.pypircPath, pypircPath);
    host.setOutput(Outputs.pypircPath, pypircPath);
    const sections = settings.indexes.map(index => `[${index.target.section}]`).join(', ');
    host.info(`Wrote ${pypircPath} with ${sections} (readable by this user only; removed after the job)`);
    const fields = registrationFields(metadata);
    const release = `${metadata.name} ${metadata.version}`;
    if (settings.dryRun)
        showFields(fields, settings.indexes, host);
    else
        logTimeBound(settings, host);
    const results = settings.dryRun
        ? settings.indexes.map(index => notSent(index, release))
        : await registerEverywhere(settings, tls, fields, release, host);
    host.setOutput(Outputs.status, (0,src_outcome/* overallStatus */.gX)(results));
    host.setOutput(Outputs.results, JSON.stringify(results.map(resultRecord)));
    await host.writeSummary(renderSummary({
        name: metadata.name,
        version: metadata.version,
        source: `${sourceName} (${loaded.kind}, ${loaded.reason})`,
        results,
        ...(settings.dryRun ? { fields } : {})
    }));
    main_report(results, host);
}
/** The result for an index in a dry run: nothing was sent. */
function notSent(index, release) {
    const { target } = index;
    return {
        index: target,
        outcome: {
            status: 'dry-run',
            ok: true,
            message: `Dry run: ${release} was not sent to ${target.url}.`
        },
        attempts: 0,
        seconds: 0
    };
}
/**
 * Registers on every index at once. The HTTP client is loaded here, only when something is to be
 * sent: a dry run never pays for it.
 */
async function registerEverywhere(settings, tls, fields, release, host) {
    const { createDispatcher, submitRegistration } = await Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(173)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3173));
    return Promise.all(settings.indexes.map(async (index, i) => {
        const started = performance.now();
        const { target } = index;
        let outcome;
        if (target.warehouse)
            outcome = (0,src_outcome/* warehouseOutcome */.uY)(target.url);
        else {
            host.info(`Registering ${release} on ${target.url} as ${index.username}`);
            const dispatcher = createDispatcher(tls[i] ?? {});
            const credentials = credentialsOf(index);
            outcome = await submitRegistration({
                url: target.url,
                fields,
                userAgent: USER_AGENT,
                timeoutMs: settings.timeoutMs,
                retries: settings.retries,
                redact: redactSecrets,
                dispatcher,
                onRetry: message => host.warning(message),
                ...(credentials !== undefined ? { credentials } : {})
            }).finally(() => dispatcher.close());
        }
        outcome = (0,src_outcome/* applyUnsupportedPolicy */.C4)(outcome, settings.onUnsupported);
        return {
            index: target,
            outcome,
            attempts: outcome.attempts ?? 0,
            seconds: (performance.now() - started) / 1000
        };
    }));
}
/** Every attempt is cut off at the timeout and every wait is capped, so the step's time is bounded. */
function logTimeBound(settings, host) {
    const attempts = settings.retries + 1;
    const bound = (attempts * settings.timeoutMs + settings.retries * retry/* MAX_DELAY_MS */.Mg) / 1000;
    const count = settings.indexes.length;
    host.info(`Registering on ${count === 1 ? 'one index' : `${count} indexes at once`}; at most ${bound} s in all (${attempts} attempt${attempts === 1 ? '' : 's'} of up to ${settings.timeoutMs / 1000} s, and waits of up to ${retry/* MAX_DELAY_MS */.Mg / 1000} s between them).`);
}
function showFields(fields, indexes, host) {
    const urls = indexes.map(index => index.target.url).join(', ');
    host.group(`Dry run: the ${fields.length} fields that would be sent to ${urls}`, fields.map(([name, value]) => `${name} = ${JSON.stringify(value)}`));
}
/** One line per index; the step fails with one line per index that failed. */
function main_report(results, host) {
    const failures = [];
    for (const { outcome } of results) {
        const line = [outcome.message, outcome.advice].filter(Boolean).join(' ');
        if (!outcome.ok)
            failures.push(line);
        else if (outcome.status === 'unsupported' && !outcome.quiet)
            host.notice(line);
        else
            host.info(line);
    }
    if (failures.length > 0)
        host.setFailed(failures.join('\n'));
}
/** The `results` output: one object per index, in the order they were listed. */
function resultRecord({ index, outcome, attempts, seconds }) {
    return {
        repository: index.section,
        url: index.url,
        outcome: outcome.status,
        http_status: outcome.httpStatus ?? null,
        message: outcome.message,
        attempts,
        seconds: Math.round(seconds * 1000) / 1000
    };
}


/***/ }),

/***/ 4671:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BO: () => (/* binding */ classifyAnswer),
/* harmony export */   C4: () => (/* binding */ applyUnsupportedPolicy),
/* harmony export */   LW: () => (/* binding */ classifyNetworkError),
/* harmony export */   a0: () => (/* binding */ networkErrorCode),
/* harmony export */   gX: () => (/* binding */ overallStatus),
/* harmony export */   uY: () => (/* binding */ warehouseOutcome)
/* harmony export */ });
/**
 * What an index's answer means for the user. Pure: turns an HTTP answer or a network failure into an
 * outcome with a message and advice. Servers put their reasons in the status line (devpi, Warehouse),
 * so the reason phrase is part of every message.
 */
/**
 * What an index without registration support means, as the on-unsupported input says: a notice
 * (warn), a line in the log (skip), or a failure (fail).
 */
function applyUnsupportedPolicy(outcome, policy) {
    if (outcome.status !== 'unsupported' || policy === 'warn')
        return outcome;
    if (policy === 'skip')
        return { ...outcome, quiet: true };
    return {
        ...outcome,
        ok: false,
        advice: 'on-unsupported is fail; set it to warn or skip, or remove this index from repository.'
    };
}
/**
 * The status output: the outcome itself for one index; with several, the first failure, else
 * registered if any index registered, else the outcome they share (see the results output).
 */
function overallStatus(results) {
    const failed = results.find(({ outcome }) => !outcome.ok);
    if (failed !== undefined)
        return failed.outcome.status;
    if (results.some(({ outcome }) => outcome.status === 'registered'))
        return 'registered';
    return results[0]?.outcome.status ?? 'dry-run';
}
const UNSUPPORTED_ADVICE = 'Nothing to do: upload your distributions with `twine upload`, which creates the project on first upload. The .pypirc written by this step works for that.';
/** The outcome of sending nothing to pypi.org or test.pypi.org, which dropped pre-registration. */
function warehouseOutcome(url) {
    return {
        status: 'unsupported',
        ok: true,
        message: `${url} (pypi.org) does not support pre-registration, so no request was sent.`,
        advice: UNSUPPORTED_ADVICE,
        attempts: 0
    };
}
/** Classifies an index's answer to `:action=submit` sent to `url`. */
function classifyAnswer(answer, url) {
    const { status } = answer;
    const statusLine = `${status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
    const base = { httpStatus: status };
    if (status >= 200 && status < 300) {
        return {
            ...base,
            status: 'registered',
            ok: true,
            message: `Registered on ${url} (${statusLine}).`
        };
    }
    if (status >= 300 && status < 400)
        return { ...base, ...redirectOutcome(answer, url, statusLine) };
    if (status === 410 || (status === 400 && /duplicate keys/i.test(answer.statusText))) {
        return {
            ...base,
            status: 'unsupported',
            ok: true,
            message: `${url} does not support pre-registration (it answered ${statusLine}).`,
            advice: UNSUPPORTED_ADVICE
        };
    }
    const detail = serverDetail(answer);
    if ((status === 400 || status === 422) && demandsFile(answer)) {
        return {
            ...base,
            status: 'unsupported',
            ok: true,
            message: `${url} does not support pre-registration: it takes uploads only, and asked for the file (${statusLine}${detail}).`,
            advice: UNSUPPORTED_ADVICE
        };
    }
    switch (status) {
        case 400:
            return {
                ...base,
                status: 'invalid',
                ok: false,
                message: `${url} rejected the metadata: ${statusLine}${detail}.`,
                advice: 'Fix the field the index names in your project metadata and run again.'
            };
        case 401:
            return {
                ...base,
                status: 'unauthorized',
                ok: false,
                message: `${url} did not accept the credentials: ${statusLine}${detail}.`,
                advice: 'Check the username and password inputs (their secrets may be empty or stale). With an API token, the username is __token__.'
            };
        case 403:
            if (/ssl is required/i.test(answer.statusText)) {
                return {
                    ...base,
                    status: 'forbidden',
                    ok: false,
                    message: `${url} requires HTTPS: ${statusLine}.`,
                    advice: `Use ${url.replace(/^http:/, 'https:')} as the repository.`
                };
            }
            return {
                ...base,
                status: 'forbidden',
                ok: false,
                message: `${url} refused the registration: ${statusLine}${detail}.`,
                advice: 'The project name belongs to another user, or this user may not write to this index. The first user to register a name becomes its Owner: ask an Owner to make you a Maintainer (or Owner) of the project, or check the index permissions.'
            };
        case 404:
        case 405:
            return {
                ...base,
                status: 'not-found',
                ok: false,
                message: `${url} is not an index that takes registrations: ${statusLine}${detail}.`,
                advice: 'Check the repository URL: for devpi it is https://HOST/USER/INDEX/ (a mirror index such as root/pypi cannot take registrations).'
            };
    }
    if (status >= 500) {
        return {
            ...base,
            status: 'server-error',
            ok: false,
            message: `${url} failed with a server error: ${statusLine}${detail}.`,
            advice: 'The index had a problem; try again later, and tell its administrators if it persists.'
        };
    }
    return {
        ...base,
        status: 'http-error',
        ok: false,
        message: `${url} answered ${statusLine}${detail}.`
    };
}
function redirectOutcome(answer, url, statusLine) {
    if (answer.location === undefined) {
        return {
            status: 'redirect',
            ok: false,
            message: `${url} answered ${statusLine} without saying where to.`,
            advice: 'Check the repository URL.'
        };
    }
    const target = new URL(answer.location, url).href;
    const onlySlash = target === `${url}/` || target === `${url.replace(/\?.*$/, '')}/`;
    return {
        status: 'redirect',
        ok: false,
        message: `${url} redirects (${statusLine}) to ${target}; the redirect was not followed, so the credentials were not sent there.`,
        advice: onlySlash
            ? `The repository URL is missing its trailing slash: use ${target}.`
            : `If that is the right index, set the repository to ${target}.`
    };
}
/**
 * Upload-only indexes (GitLab, Nexus, Artifactory) read a register request as an upload without
 * its file, and say so: GitLab answers `{"error":"content is missing"}`, others name a missing
 * `content` or file part. devpi's own 400s (invalid metadata) never speak of a file.
 */
const FILE_PART_MISSING = /\b(?:content|file)\b(?: part| field| parameter)?(?: is| was)? (?:missing|required|empty|not (?:found|present|provided|given))|\b(?:missing|no)\b[\w '"`:-]{0,24}?\b(?:content|file|upload)\b/i;
function demandsFile(answer) {
    return (FILE_PART_MISSING.test(answer.statusText) || FILE_PART_MISSING.test(answer.body.slice(0, 300)));
}
/** A short plain-text body adds to the status line; HTML pages and long bodies do not. */
function serverDetail(answer) {
    const text = answer.body.trim();
    if (text === '' || text.length > 300 || /^<|<html/i.test(text) || text === answer.statusText)
        return '';
    return ` (${text.replace(/\s+/g, ' ')})`;
}
/** Classifies a request that got no HTTP answer at all. */
function classifyNetworkError(error, url, timeoutMs) {
    const name = error?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
        return {
            status: 'network-error',
            ok: false,
            message: `${url} did not answer within ${timeoutMs / 1000} s.`,
            advice: 'Check that the index is up and reachable from the runner, or raise the timeout input.'
        };
    }
    const cause = rootCause(error);
    const causeMessage = cause instanceof Error ? cause.message : String(cause);
    const proxyStatus = /^Proxy response \((\d+)\)/.exec(causeMessage)?.[1];
    if (proxyStatus !== undefined) {
        return {
            status: 'network-error',
            ok: false,
            message: `Could not reach ${url}: the proxy refused to open a tunnel to it (HTTP ${proxyStatus}).`,
            advice: proxyStatus === '407'
                ? 'The proxy wants credentials: put them in the proxy URL (HTTPS_PROXY=http://user:password@proxy:port), from a secret.'
                : 'Check that the proxy lets the runner reach this host, or list the host in NO_PROXY.'
        };
    }
    const code = cause?.code ?? '';
    const reason = NETWORK_REASONS[code] ?? causeMessage;
    return {
        status: 'network-error',
        ok: false,
        message: `Could not reach ${url}: ${reason}${code ? ` (${code})` : ''}.`,
        advice: networkAdvice(code, url)
    };
}
/** Certificate checks that fail when the index's CA is not trusted. */
const UNTRUSTED_CERTIFICATE = new Set([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_UNTRUSTED'
]);
function networkAdvice(code, url) {
    if (UNTRUSTED_CERTIFICATE.has(code)) {
        return "If the index uses a private CA, give that CA's PEM certificate in the ca-cert input (or as ca_cert in its .pypirc section).";
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        return 'Use the host name that the certificate names in the repository URL.';
    }
    if (/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA/.test(code)) {
        return 'The index refused the TLS connection: if it demands a client certificate, give one (certificate and key in one PEM file) in the client-cert input or as client_cert in its .pypirc section.';
    }
    // Under TLS 1.3 a server that wants a client certificate hangs up after the handshake, and the
    // client only sees the connection closed.
    if (code === 'UND_ERR_SOCKET' && url.startsWith('https:')) {
        return 'If the index demands a client certificate (mutual TLS), give it (certificate and key in one PEM file) in the client-cert input or as client_cert in its .pypirc section; otherwise check the index and any proxy in between.';
    }
    return 'Check the repository URL and that the index is reachable from the runner (firewall, proxy, DNS).';
}
const NETWORK_REASONS = {
    ECONNREFUSED: 'the connection was refused (nothing listens there)',
    ECONNRESET: 'the connection was reset',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved right now',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
    UND_ERR_SOCKET: 'the server closed the connection before answering',
    UND_ERR_CLOSED: 'the connection was closed',
    UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
    UND_ERR_CONNECT_TIMEOUT: 'the connection could not be opened in time',
    CERT_HAS_EXPIRED: 'its TLS certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed and not trusted',
    SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is not trusted',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the CA that signed its TLS certificate is not trusted',
    ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
    ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'it demands a client certificate, and none was given',
    ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'it did not accept the client certificate',
    ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'it does not trust the CA of the client certificate'
};
/** The error code of a request that got no answer: TIMEOUT, or the system's code (ECONNRESET, ...). */
function networkErrorCode(error) {
    const name = error?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
        return 'TIMEOUT';
    return rootCause(error)?.code;
}
/** fetch wraps the real failure (`TypeError: fetch failed`) in `cause`, sometimes twice. */
function rootCause(error) {
    let current = error;
    for (let depth = 0; depth < 5; depth++) {
        const next = current?.cause;
        if (next === undefined || next === null)
            break;
        current = next;
    }
    return current;
}


/***/ }),

/***/ 3627:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BN: () => (/* binding */ resolveRepository),
/* harmony export */   aR: () => (/* binding */ basicAuthorization),
/* harmony export */   dz: () => (/* binding */ PUBLIC_INDEXES)
/* harmony export */ });
/* unused harmony export sectionNameFor */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/** Which index to register on: the `repository` input turned into a URL and a .pypirc section. Pure. */

/** twine's built-in sections, which every .pypirc has whether or not it lists them. */
const PUBLIC_INDEXES = {
    pypi: 'https://upload.pypi.org/legacy/',
    testpypi: 'https://test.pypi.org/legacy/'
};
/** Hosts of Warehouse, the software behind pypi.org, which no longer supports pre-registration. */
const WAREHOUSE_HOSTS = new Set(['pypi.org', 'www.pypi.org', 'upload.pypi.org', 'test.pypi.org']);
/** Resolves the `repository` input: `pypi`, `testpypi` or an http(s) URL. */
function resolveRepository(value, input = 'repository') {
    const trimmed = value.trim();
    const known = PUBLIC_INDEXES[trimmed === '' ? 'pypi' : trimmed];
    if (known !== undefined) {
        return { section: trimmed === '' ? 'pypi' : trimmed, url: known, warehouse: true };
    }
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
        // The value is shown only when it cannot hold a credential (`user:token@host` without a scheme).
        const shown = /^[\w.-]+$/.test(trimmed) ? `"${trimmed}"` : 'a value';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`Input '${input}' is ${shown}, which is neither a URL nor one of ${Object.keys(PUBLIC_INDEXES).join(', ')}.`, 'Give the full URL of the index, e.g. https://devpi.example.com/alice/dev/.');
    }
    return targetFromUrl(trimmed, input);
}
function targetFromUrl(text, input) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`Input '${input}' is not a valid URL.`, 'Give the full URL of the index, e.g. https://devpi.example.com/alice/dev/.');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`Input '${input}' uses ${url.protocol.slice(0, -1)}:, but an index is reached over https or http.`, 'Give an https:// URL.');
    }
    if (url.hash !== '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`Input '${input}' has a #fragment, which no index URL has.`, 'Remove the part from "#" on.');
    }
    let urlCredentials;
    if (url.username !== '' || url.password !== '') {
        urlCredentials = {
            username: decodeUserinfo(url.username),
            password: decodeUserinfo(url.password)
        };
        url.username = '';
        url.password = '';
    }
    const target = {
        section: sectionNameFor(url),
        url: url.href,
        warehouse: WAREHOUSE_HOSTS.has(url.hostname.toLowerCase())
    };
    if (urlCredentials !== undefined)
        target.urlCredentials = urlCredentials;
    return target;
}
/** Userinfo is percent-encoded in a URL; a stray `%` that is not an escape stays as it is. */
function decodeUserinfo(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/** A readable .pypirc section name made from the host, port and path, e.g. `devpi.example.com-alice-dev`. */
function sectionNameFor(url) {
    const pieces = [url.hostname.replace(/^\[|\]$/g, ''), url.port, ...url.pathname.split('/')];
    const name = pieces
        .filter(piece => piece !== '')
        .join('-')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^[^A-Za-z0-9]+|-+$/g, '');
    return name === '' ? 'index' : name;
}
/** The value of the `Authorization` header for HTTP Basic authentication (UTF-8, as twine sends it). */
function basicAuthorization({ username, password }) {
    return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}


/***/ }),

/***/ 9809:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Mg: () => (/* binding */ MAX_DELAY_MS),
/* harmony export */   qO: () => (/* binding */ retryDelayMs),
/* harmony export */   r3: () => (/* binding */ isRetryable)
/* harmony export */ });
/* unused harmony export BASE_DELAY_MS */
/** The first wait; each retry doubles it. */
const BASE_DELAY_MS = 500;
/** No single wait is longer, whatever the backoff or a Retry-After asks. */
const MAX_DELAY_MS = 30_000;
/** Network failures worth another try: the server or the path may recover. */
const TRANSIENT_CODES = new Set([
    'ECONNRESET',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'EPIPE',
    'ETIMEDOUT',
    'TIMEOUT'
]);
/** True when the attempt's result may change if the request is sent again. */
function isRetryable(result) {
    const status = result.outcome.httpStatus;
    if (status !== undefined)
        return status >= 500 || status === 429;
    return result.outcome.status === 'network-error' && TRANSIENT_CODES.has(result.errorCode ?? '');
}
/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1): the server's Retry-After
 * when it gives one, else exponential backoff with jitter (between half and all of the doubled
 * delay, so that parallel jobs do not retry in step), never more than MAX_DELAY_MS.
 */
function retryDelayMs(attempt, retryAfter, random, now) {
    const asked = retryAfterMs(retryAfter, now);
    if (asked !== undefined)
        return Math.min(asked, MAX_DELAY_MS);
    const backoff = BASE_DELAY_MS * 2 ** (attempt - 1);
    return Math.min(Math.round(backoff * (0.5 + random / 2)), MAX_DELAY_MS);
}
/** Retry-After is either seconds or an HTTP date. */
function retryAfterMs(value, now) {
    if (value === undefined || value.trim() === '')
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}


/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 99:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 7997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 8898:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { valid, clean, explain, parse } = __nccwpck_require__(4818);

const { lt, le, eq, ne, ge, gt, compare, rcompare } = __nccwpck_require__(2124);

const {
  filter,
  maxSatisfying,
  minSatisfying,
  RANGE_PATTERN,
  satisfies,
  validRange,
} = __nccwpck_require__(790);

const { major, minor, patch, inc } = __nccwpck_require__(8940);

module.exports = {
  // version
  valid,
  clean,
  explain,
  parse,

  // operator
  lt,
  le,
  lte: le,
  eq,
  ne,
  neq: ne,
  ge,
  gte: ge,
  gt,
  compare,
  rcompare,

  // range
  filter,
  maxSatisfying,
  minSatisfying,
  RANGE_PATTERN,
  satisfies,
  validRange,

  // semantic
  major,
  minor,
  patch,
  inc,
};


/***/ }),

/***/ 2124:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { parse } = __nccwpck_require__(4818);

module.exports = {
  compare,
  rcompare,
  lt,
  le,
  eq,
  ne,
  ge,
  gt,
  '<': lt,
  '<=': le,
  '==': eq,
  '!=': ne,
  '>=': ge,
  '>': gt,
  '===': arbitrary,
};

function lt(version, other) {
  return compare(version, other) < 0;
}

function le(version, other) {
  return compare(version, other) <= 0;
}

function eq(version, other) {
  return compare(version, other) === 0;
}

function ne(version, other) {
  return compare(version, other) !== 0;
}

function ge(version, other) {
  return compare(version, other) >= 0;
}

function gt(version, other) {
  return compare(version, other) > 0;
}

function arbitrary(version, other) {
  return version.toLowerCase() === other.toLowerCase();
}

function compare(version, other) {
  const parsedVersion = parse(version);
  const parsedOther = parse(other);

  const keyVersion = calculateKey(parsedVersion);
  const keyOther = calculateKey(parsedOther);

  return pyCompare(keyVersion, keyOther);
}

function rcompare(version, other) {
  return -compare(version, other);
}

// this logic is buitin in python, but we need to port it to js
// see https://stackoverflow.com/a/5292332/1438522
function pyCompare(elemIn, otherIn) {
  let elem = elemIn;
  let other = otherIn;
  if (elem === other) {
    return 0;
  }
  if (Array.isArray(elem) !== Array.isArray(other)) {
    elem = Array.isArray(elem) ? elem : [elem];
    other = Array.isArray(other) ? other : [other];
  }
  if (Array.isArray(elem)) {
    const len = Math.min(elem.length, other.length);
    for (let i = 0; i < len; i += 1) {
      const res = pyCompare(elem[i], other[i]);
      if (res !== 0) {
        return res;
      }
    }
    return elem.length - other.length;
  }
  if (elem === -Infinity || other === Infinity) {
    return -1;
  }
  if (elem === Infinity || other === -Infinity) {
    return 1;
  }
  return elem < other ? -1 : 1;
}

function calculateKey(input) {
  const { epoch } = input;
  let { release, pre, post, local, dev } = input;
  // When we compare a release version, we want to compare it with all of the
  // trailing zeros removed. So we'll use a reverse the list, drop all the now
  // leading zeros until we come to something non zero, then take the rest
  // re-reverse it back into the correct order and make it a tuple and use
  // that for our sorting key.
  release = release.concat();
  release.reverse();
  while (release.length && release[0] === 0) {
    release.shift();
  }
  release.reverse();

  // We need to "trick" the sorting algorithm to put 1.0.dev0 before 1.0a0.
  // We'll do this by abusing the pre segment, but we _only_ want to do this
  // if there is !a pre or a post segment. If we have one of those then
  // the normal sorting rules will handle this case correctly.
  if (!pre && !post && dev) pre = -Infinity;
  // Versions without a pre-release (except as noted above) should sort after
  // those with one.
  else if (!pre) pre = Infinity;

  // Versions without a post segment should sort before those with one.
  if (!post) post = -Infinity;

  // Versions without a development segment should sort after those with one.
  if (!dev) dev = Infinity;

  if (!local) {
    // Versions without a local segment should sort before those with one.
    local = -Infinity;
  } else {
    // Versions with a local segment need that segment parsed to implement
    // the sorting rules in PEP440.
    // - Alpha numeric segments sort before numeric segments
    // - Alpha numeric segments sort lexicographically
    // - Numeric segments sort numerically
    // - Shorter versions sort before longer versions when the prefixes
    //   match exactly
    local = local.map((i) =>
      Number.isNaN(Number(i)) ? [-Infinity, i] : [Number(i), ''],
    );
  }

  return [epoch, release, pre, post, dev, local];
}


/***/ }),

/***/ 8940:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { explain, parse, stringify } = __nccwpck_require__(4818);

// those notation are borrowed from semver
module.exports = {
  major,
  minor,
  patch,
  inc,
};

function major(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  return version.release[0];
}

function minor(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  if (version.release.length < 2) {
    return 0;
  }
  return version.release[1];
}

function patch(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  if (version.release.length < 3) {
    return 0;
  }
  return version.release[2];
}

function inc(input, release, preReleaseIdentifier) {
  let identifier = preReleaseIdentifier || `a`;
  const version = parse(input);

  if (!version) {
    return null;
  }

  if (
    !['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview'].includes(
      identifier,
    )
  ) {
    return null;
  }

  switch (release) {
    case 'premajor':
      {
        const [majorVersion] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'preminor':
      {
        const [majorVersion, minorVersion = 0] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'prepatch':
      {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'prerelease':
      if (version.pre === null) {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
        version.pre = [identifier, 0];
      } else {
        if (preReleaseIdentifier === undefined && version.pre !== null) {
          [identifier] = version.pre;
        }

        const [letter, number] = version.pre;
        if (letter === identifier) {
          version.pre = [letter, number + 1];
        } else {
          version.pre = [identifier, 0];
        }
      }

      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'major':
      if (
        version.release.slice(1).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'minor':
      if (
        version.release.slice(2).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion, minorVersion = 0] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'patch':
      if (
        version.release.slice(3).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    default:
      return null;
  }

  return stringify(version);
}


/***/ }),

/***/ 790:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

// This file is dual licensed under the terms of the Apache License, Version
// 2.0, and the BSD License. See the LICENSE file in the root of this repository
// for complete details.

const { VERSION_PATTERN, explain: explainVersion } = __nccwpck_require__(4818);

const Operator = __nccwpck_require__(2124);

const RANGE_PATTERN = [
  '(?<operator>(===|~=|==|!=|<=|>=|<|>))',
  '\\s*',
  '(',
  /*  */ '(?<version>(?:' + VERSION_PATTERN.replace(/\?<\w+>/g, '?:') + '))',
  /*  */ '(?<prefix>\\.\\*)?',
  /*  */ '|',
  /*  */ '(?<legacy>[^,;\\s)]+)',
  ')',
].join('');

module.exports = {
  RANGE_PATTERN,
  parse,
  satisfies,
  filter,
  validRange,
  maxSatisfying,
  minSatisfying,
};

const isEqualityOperator = (op) => ['==', '!=', '==='].includes(op);

const rangeRegex = new RegExp('^' + RANGE_PATTERN + '$', 'i');

function parse(ranges) {
  if (!ranges.trim()) {
    return [];
  }

  const specifiers = ranges
    .split(',')
    .map((range) => rangeRegex.exec(range.trim()) || {})
    .map(({ groups }) => {
      if (!groups) {
        return null;
      }

      let { ...spec } = groups;
      const { operator, version, prefix, legacy } = groups;

      if (version) {
        spec = { ...spec, ...explainVersion(version) };
        if (operator === '~=') {
          if (spec.release.length < 2) {
            return null;
          }
        }
        if (!isEqualityOperator(operator) && spec.local) {
          return null;
        }

        if (prefix) {
          if (!isEqualityOperator(operator) || spec.dev || spec.local) {
            return null;
          }
        }
      }
      if (legacy && operator !== '===') {
        return null;
      }

      return spec;
    });

  if (specifiers.filter(Boolean).length !== specifiers.length) {
    return null;
  }

  return specifiers;
}

function filter(versions, specifier, options = {}) {
  const filtered = pick(versions, specifier, options);
  if (filtered.length === 0 && options.prereleases === undefined) {
    return pick(versions, specifier, { prereleases: true });
  }
  return filtered;
}

function maxSatisfying(versions, range, options) {
  const found = filter(versions, range, options).sort(Operator.compare);
  return found.length === 0 ? null : found[found.length - 1];
}

function minSatisfying(versions, range, options) {
  const found = filter(versions, range, options).sort(Operator.compare);
  return found.length === 0 ? null : found[0];
}

function pick(versions, specifier, options) {
  const parsed = parse(specifier);

  if (!parsed) {
    return [];
  }

  return versions.filter((version) => {
    const explained = explainVersion(version);

    if (!parsed.length) {
      return explained && !(explained.is_prerelease && !options.prereleases);
    }

    return parsed.reduce((pass, spec) => {
      if (!pass) {
        return false;
      }
      return contains({ ...spec, ...options }, { version, explained });
    }, true);
  });
}

function satisfies(version, specifier, options = {}) {
  const filtered = pick([version], specifier, options);

  return filtered.length === 1;
}

function arrayStartsWith(array, prefix) {
  if (prefix.length > array.length) {
    return false;
  }

  for (let i = 0; i < prefix.length; i += 1) {
    if (prefix[i] !== array[i]) {
      return false;
    }
  }

  return true;
}

function contains(specifier, input) {
  const { explained } = input;
  let { version } = input;
  const { ...spec } = specifier;

  if (spec.prereleases === undefined) {
    spec.prereleases = spec.is_prerelease;
  }

  if (explained && explained.is_prerelease && !spec.prereleases) {
    return false;
  }

  if (spec.operator === '~=') {
    let compatiblePrefix = spec.release.slice(0, -1).concat('*').join('.');
    if (spec.epoch) {
      compatiblePrefix = spec.epoch + '!' + compatiblePrefix;
    }
    return satisfies(version, `>=${spec.version}, ==${compatiblePrefix}`, {
      prereleases: spec.prereleases,
    });
  }

  if (spec.prefix) {
    const isMatching =
      explained.epoch === spec.epoch &&
      arrayStartsWith(explained.release, spec.release);
    const isEquality = spec.operator !== '!=';
    return isEquality ? isMatching : !isMatching;
  }

  if (explained)
    if (explained.local && spec.version) {
      version = explained.public;
      spec.version = explainVersion(spec.version).public;
    }

  if (spec.operator === '<' || spec.operator === '>') {
    // simplified version of https://www.python.org/dev/peps/pep-0440/#exclusive-ordered-comparison
    if (Operator.eq(spec.release.join('.'), explained.release.join('.'))) {
      return false;
    }
  }

  const op = Operator[spec.operator];
  return op(version, spec.version || spec.legacy);
}

function validRange(specifier) {
  return Boolean(parse(specifier));
}


/***/ }),

/***/ 4818:
/***/ ((module) => {

const VERSION_PATTERN = [
  'v?',
  '(?:',
  /* */ '(?:(?<epoch>[0-9]+)!)?', // epoch
  /* */ '(?<release>[0-9]+(?:\\.[0-9]+)*)', // release segment
  /* */ '(?<pre>', // pre-release
  /*    */ '[-_\\.]?',
  /*    */ '(?<pre_l>(a|b|c|rc|alpha|beta|pre|preview))',
  /*    */ '[-_\\.]?',
  /*    */ '(?<pre_n>[0-9]+)?',
  /* */ ')?',
  /* */ '(?<post>', // post release
  /*    */ '(?:-(?<post_n1>[0-9]+))',
  /*    */ '|',
  /*    */ '(?:',
  /*        */ '[-_\\.]?',
  /*        */ '(?<post_l>post|rev|r)',
  /*        */ '[-_\\.]?',
  /*        */ '(?<post_n2>[0-9]+)?',
  /*    */ ')',
  /* */ ')?',
  /* */ '(?<dev>', // dev release
  /*    */ '[-_\\.]?',
  /*    */ '(?<dev_l>dev)',
  /*    */ '[-_\\.]?',
  /*    */ '(?<dev_n>[0-9]+)?',
  /* */ ')?',
  ')',
  '(?:\\+(?<local>[a-z0-9]+(?:[-_\\.][a-z0-9]+)*))?', // local version
].join('');

module.exports = {
  VERSION_PATTERN,
  valid,
  clean,
  explain,
  parse,
  stringify,
};

const validRegex = new RegExp('^' + VERSION_PATTERN + '$', 'i');

function valid(version) {
  return validRegex.test(version) ? version : null;
}

const cleanRegex = new RegExp('^\\s*' + VERSION_PATTERN + '\\s*$', 'i');
function clean(version) {
  return stringify(parse(version, cleanRegex));
}

function parse(version, regex) {
  // Validate the version and parse it into pieces
  const { groups } = (regex || validRegex).exec(version) || {};
  if (!groups) {
    return null;
  }

  // Store the parsed out pieces of the version
  const parsed = {
    epoch: Number(groups.epoch ? groups.epoch : 0),
    release: groups.release.split('.').map(Number),
    pre: normalize_letter_version(groups.pre_l, groups.pre_n),
    post: normalize_letter_version(
      groups.post_l,
      groups.post_n1 || groups.post_n2,
    ),
    dev: normalize_letter_version(groups.dev_l, groups.dev_n),
    local: parse_local_version(groups.local),
  };

  return parsed;
}

function stringify(parsed) {
  if (!parsed) {
    return null;
  }
  const { epoch, release, pre, post, dev, local } = parsed;
  const parts = [];

  // Epoch
  if (epoch !== 0) {
    parts.push(`${epoch}!`);
  }
  // Release segment
  parts.push(release.join('.'));

  // Pre-release
  if (pre) {
    parts.push(pre.join(''));
  }
  // Post-release
  if (post) {
    parts.push('.' + post.join(''));
  }
  // Development release
  if (dev) {
    parts.push('.' + dev.join(''));
  }
  // Local version segment
  if (local) {
    parts.push(`+${local}`);
  }
  return parts.join('');
}

function normalize_letter_version(letterIn, numberIn) {
  let letter = letterIn;
  let number = numberIn;
  if (letter) {
    // We consider there to be an implicit 0 in a pre-release if there is
    // not a numeral associated with it.
    if (!number) {
      number = 0;
    }
    // We normalize any letters to their lower case form
    letter = letter.toLowerCase();

    // We consider some words to be alternate spellings of other words and
    // in those cases we want to normalize the spellings to our preferred
    // spelling.
    if (letter === 'alpha') {
      letter = 'a';
    } else if (letter === 'beta') {
      letter = 'b';
    } else if (['c', 'pre', 'preview'].includes(letter)) {
      letter = 'rc';
    } else if (['rev', 'r'].includes(letter)) {
      letter = 'post';
    }
    return [letter, Number(number)];
  }
  if (!letter && number) {
    // We assume if we are given a number, but we are not given a letter
    // then this is using the implicit post release syntax (e.g. 1.0-1)
    letter = 'post';

    return [letter, Number(number)];
  }
  return null;
}

function parse_local_version(local) {
  /*
    Takes a string like abc.1.twelve and turns it into("abc", 1, "twelve").
    */
  if (local) {
    return local
      .split(/[._-]/)
      .map((part) =>
        Number.isNaN(Number(part)) ? part.toLowerCase() : Number(part),
      );
  }
  return null;
}

function explain(version) {
  const parsed = parse(version);
  if (!parsed) {
    return parsed;
  }
  const { epoch, release, pre, post, dev, local } = parsed;

  let base_version = '';
  if (epoch !== 0) {
    base_version += epoch + '!';
  }
  base_version += release.join('.');

  const is_prerelease = Boolean(dev || pre);
  const is_devrelease = Boolean(dev);
  const is_postrelease = Boolean(post);

  // return

  return {
    epoch,
    release,
    pre,
    post: post ? post[1] : post,
    dev: dev ? dev[1] : dev,
    local: local ? local.join('.') : local,
    public: stringify(parsed).split('+', 1)[0],
    base_version,
    is_prerelease,
    is_devrelease,
    is_postrelease,
  };
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(1622);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
