export const id = 173;
export const ids = [173];
export const modules = {

/***/ 3173:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createDispatcher: () => (/* binding */ createDispatcher),
  submitRegistration: () => (/* binding */ submitRegistration)
});

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/multipart.ts
/**
 * multipart/form-data encoding written out by hand: undici's FormData rewrites `\n` to `\r\n` inside
 * text values, which would change the description the index stores. Values go out byte for byte.
 */

/** Encodes text fields as multipart/form-data with CRLF framing and UTF-8 values, unchanged. */
function encodeMultipart(fields, boundary = freshBoundary(fields)) {
    const parts = [];
    for (const [name, value] of fields) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n`), Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
/** A random boundary that occurs in no value (a collision is astronomically unlikely, but cheap to rule out). */
function freshBoundary(fields) {
    for (;;) {
        const boundary = (0,external_node_crypto_.randomBytes)(16).toString('hex');
        if (!fields.some(([, value]) => value.includes(boundary)))
            return boundary;
    }
}
/** Field names are quoted; the HTML form encoding escapes the three characters that would break that. */
function escapeName(name) {
    return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

// EXTERNAL MODULE: ./src/outcome.ts
var outcome = __webpack_require__(4671);
// EXTERNAL MODULE: ./src/repository.ts
var repository = __webpack_require__(3627);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
;// CONCATENATED MODULE: ./src/index-client.ts
/** Sends the register request to an index with undici and reads the answer. The only HTTP code here. */





/**
 * The connection pool for one index. The environment's proxy settings apply (HTTPS_PROXY,
 * HTTP_PROXY, NO_PROXY), and the same TLS settings serve a direct connection and one tunnelled
 * through a proxy.
 */
function createDispatcher(tls) {
    return new undici/* EnvHttpProxyAgent */.J2({ connect: tls, requestTls: tls });
}
/** Enough of a body for a message; an index that sends more is not read further. */
const BODY_LIMIT = 16 * 1024;
const sleepFor = (ms) => new Promise(resolve => setTimeout(resolve, ms));
/**
 * POSTs the form to the index, again after a transient failure (up to `retries` times, with
 * backoff), and classifies the last answer. Credentials go with the first request (HTTP Basic),
 * never in reply to a challenge, and a redirect is reported, never followed, so they cannot reach
 * another URL.
 */
async function submitRegistration(options) {
    const { body, contentType } = encodeMultipart(options.fields);
    const sleep = options.sleep ?? sleepFor;
    for (let attempt = 1;; attempt++) {
        const result = await attemptOnce(options, body, contentType);
        if (attempt > options.retries || !(0,retry/* isRetryable */.r3)(result))
            return { ...result.outcome, attempts: attempt };
        const delay = (0,retry/* retryDelayMs */.qO)(attempt, result.retryAfter, Math.random(), Date.now());
        options.onRetry?.(`${result.outcome.message} Trying again in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${options.retries + 1}).`);
        await sleep(delay);
    }
}
async function attemptOnce(options, body, contentType) {
    const headers = {
        'content-type': contentType,
        'user-agent': options.userAgent,
        accept: 'text/plain, */*;q=0.1'
    };
    if (options.credentials !== undefined)
        headers.authorization = (0,repository/* basicAuthorization */.aR)(options.credentials);
    try {
        const response = await (0,undici/* fetch */.hd)(options.url, {
            method: 'POST',
            headers,
            body,
            redirect: 'manual',
            ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
            signal: AbortSignal.timeout(options.timeoutMs)
        });
        const location = response.headers.get('location');
        const answer = {
            status: response.status,
            statusText: options.redact(response.statusText),
            location: location === null ? undefined : options.redact(location),
            // A body cut off mid-way still leaves a usable status line.
            body: options.redact(await readBodyStart(response.body).catch(() => ''))
        };
        const retryAfter = response.headers.get('retry-after');
        return {
            outcome: (0,outcome/* classifyAnswer */.BO)(answer, options.url),
            ...(retryAfter === null ? {} : { retryAfter })
        };
    }
    catch (error) {
        const errorCode = (0,outcome/* networkErrorCode */.a0)(error);
        return {
            outcome: (0,outcome/* classifyNetworkError */.LW)(error, options.url, options.timeoutMs),
            ...(errorCode === undefined ? {} : { errorCode })
        };
    }
}
async function readBodyStart(stream) {
    if (stream === null)
        return '';
    const chunks = [];
    let size = 0;
    const reader = stream.getReader();
    try {
        while (size < BODY_LIMIT) {
            const { done, value } = await reader.read();
            if (done)
                break;
            chunks.push(value);
            size += value.byteLength;
        }
    }
    finally {
        await reader.cancel().catch(() => undefined);
    }
    return Buffer.concat(chunks).toString('utf8').slice(0, BODY_LIMIT);
}


/***/ })

};
