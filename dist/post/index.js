import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 897:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _host_actions_host_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(0);
/* harmony import */ var _post_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(246);


await (0,_post_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .e)((0,_host_actions_host_js__WEBPACK_IMPORTED_MODULE_0__/* .actionsHost */ .q)());

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 0:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  q: () => (/* binding */ actionsHost)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
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
;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_namespaceObject.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_namespaceObject.appendFileSync(filePath, `${toCommandValue(message)}${external_os_namespaceObject.EOL}`, {
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


const { access, appendFile, writeFile } = external_fs_namespaceObject.promises;
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
                yield access(pathFromEnv, external_fs_namespaceObject.constants.R_OK | external_fs_namespaceObject.constants.W_OK);
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

/***/ 246:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

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
const USER_AGENT = (/* unused pure expression or super */ null && (`pypi-register/${ACTION_VERSION} node/${process.versions.node}`));

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/errors.ts
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
class InputError extends (/* unused pure expression or super */ null && (ActionError)) {
    name = 'InputError';
}
/** A problem with the project's metadata or the files it comes from. */
class MetadataError extends (/* unused pure expression or super */ null && (ActionError)) {
    name = 'MetadataError';
}
/** A value that Python's configparser could not read back exactly as written. */
class errors_ConfigValueError extends (/* unused pure expression or super */ null && (ActionError)) {
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
        throw new ConfigValueError(`${label} contains a line break, which cannot be written to .pypirc: Python's configparser would end the value there.`, 'Remove the line break (a secret pasted with a trailing newline is the usual cause).');
    }
    const first = value.charAt(0);
    const last = value.charAt(value.length - 1);
    if (value.length > 0 && (PYTHON_WHITESPACE.has(first) || PYTHON_WHITESPACE.has(last))) {
        throw new ConfigValueError(`${label} starts or ends with whitespace, which Python's configparser strips when it reads .pypirc.`, 'Remove the surrounding whitespace from the value (check the secret for stray spaces or tabs).');
    }
}
/** A section name must survive `[name]` and, for .pypirc, twine's whitespace split of index-servers. */
function assertValidSectionName(name) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
        throw new ConfigValueError(`"${name}" cannot be used as a .pypirc section name.`, 'Use letters, digits, ".", "_" and "-" only, starting with a letter or digit.');
    }
}
/**
 * Renders sections as INI text that `RawConfigParser` reads back exactly.
 * Every value is checked first; keys are written as given (configparser lower-cases them on reading).
 */
function configparser_renderConfig(sections) {
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
class ConfigSyntaxError extends ActionError {
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
    const filePath = path.join(path.resolve(directory), `pypi-register-${randomBytes(8).toString('hex')}.pypirc`);
    const handle = await open(filePath, 'wx', 0o600);
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
    const scratch = await (0,promises_namespaceObject.realpath)(scratchDirectory);
    let resolved;
    try {
        resolved = external_node_path_default().join(await (0,promises_namespaceObject.realpath)(external_node_path_default().dirname(filePath)), external_node_path_default().basename(filePath));
    }
    catch (error) {
        if (isFileNotFound(error))
            return 'already-gone';
        throw error;
    }
    if (!isInsideDirectory(resolved, scratch))
        return 'outside-scratch-directory';
    try {
        await (0,promises_namespaceObject.unlink)(resolved);
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
    const relative = external_node_path_default().relative(directory, candidate);
    return (relative !== '' &&
        relative !== '..' &&
        !relative.startsWith(`..${(external_node_path_default()).sep}`) &&
        !external_node_path_default().isAbsolute(relative));
}
function isFileNotFound(error) {
    return error?.code === 'ENOENT';
}
/** The job's scratch folder: RUNNER_TEMP on a runner, the system's temp folder elsewhere. */
function scratchDirectory(env) {
    return env.RUNNER_TEMP?.trim() || (0,external_node_os_.tmpdir)();
}

;// CONCATENATED MODULE: ./src/post.ts
/** The post step: removes the .pypirc that main wrote. It warns, and never fails the job. */


/** Runs the post step. Never throws and never fails: cleanup problems are warnings. */
async function run(host) {
    const pypircPath = host.getState(State.pypircPath);
    if (pypircPath === '') {
        host.info('No .pypirc was written by the main step; nothing to remove.');
        return;
    }
    try {
        const result = await removePypirc(pypircPath, scratchDirectory(process.env));
        if (result === 'removed')
            host.info(`Removed ${pypircPath}`);
        else if (result === 'already-gone')
            host.info(`${pypircPath} was already removed.`);
        else
            host.warning(`Did not remove ${pypircPath}: it is not inside the runner's temporary folder.`);
    }
    catch (error) {
        const reason = error.code ?? String(error);
        host.warning(`Could not remove ${pypircPath} (${reason}). The runner deletes its temporary folder after the job.`);
    }
}


/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

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
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
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
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
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
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(897);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
