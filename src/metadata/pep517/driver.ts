/**
 * The Python side of the PEP 517 path: a short script, run with `python -I -c` in the project
 * folder. It imports the project's build backend (honouring `backend-path`) and calls one hook:
 *
 * - `requires`: `get_requires_for_build_wheel` (an empty list when the backend lacks it);
 * - `metadata`: `prepare_metadata_for_build_wheel`, or, for a backend without it, `build_wheel`
 *   followed by reading `*.dist-info/METADATA` from the wheel it made.
 *
 * It takes one argument, a JSON request, and writes one JSON answer to its original stdout, which it
 * keeps for itself: everything the backend prints goes to stderr. Project code runs in the same
 * process and could still write there, so the answer is validated as untrusted input
 * ({@link parseDriverAnswer}), and it carries the METADATA itself, never a path for the action to
 * open. Pure data and parsing: the TypeScript side runs it.
 */

import { plainText } from '../../sanitize.js'

/** What the TypeScript side asks of the driver. */
export interface DriverRequest {
  hook: 'requires' | 'metadata'
  /** `module` or `module:object`, as `build-backend` spells it. */
  backend: string
  /** `backend-path` entries, relative to the project folder. */
  backendPath: string[]
  /** A folder of our own for the hook's output (the metadata folder or the wheel). */
  outputDir: string
}

/** What the driver answers, once checked. */
export type DriverAnswer =
  | { ok: true; requires: string[] }
  | { ok: true; metadata: Buffer; via: 'prepare_metadata_for_build_wheel' | 'build_wheel' }
  | { ok: false; stage: 'import' | 'hook'; error: string }

/** The largest answer read: a METADATA with a long description, base64-encoded. */
export const MAX_ANSWER_CHARS = 16 * 1024 * 1024

/**
 * Written for Python 3.8 and later, standard library only. Run with `-I`, so that neither the
 * working folder nor PYTHON* variables nor the user's site-packages reach sys.path: the project's
 * own modules are importable only through backend-path, as with `python -m build`.
 */
export const DRIVER_SOURCE = String.raw`
import base64, importlib, json, os, sys, traceback, zipfile

answer_stream = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
request = json.loads(sys.argv[1])

def answer(value):
    json.dump(value, answer_stream)
    answer_stream.close()

def failed(stage, error):
    traceback.print_exc()
    answer({"ok": False, "stage": stage, "error": "%s: %s" % (type(error).__name__, error)})
    sys.exit(1)

def load_backend():
    module_name, _, object_path = request["backend"].partition(":")
    paths = [os.path.abspath(entry) for entry in request["backendPath"]]
    sys.path[:0] = paths
    module = importlib.import_module(module_name.strip())
    if paths:
        origin = os.path.abspath(getattr(module, "__file__", "") or "")
        if not any(origin == p or origin.startswith(p + os.sep) for p in paths):
            raise ImportError("backend %s was loaded from %s, not from backend-path %s"
                              % (module_name, origin, request["backendPath"]))
    backend = module
    for part in filter(None, object_path.strip().split(".")):
        backend = getattr(backend, part)
    return backend

try:
    backend = load_backend()
except BaseException as error:
    failed("import", error)

try:
    if request["hook"] == "requires":
        hook = getattr(backend, "get_requires_for_build_wheel", None)
        answer({"ok": True, "requires": list(hook({}) if hook else [])})
    else:
        out = request["outputDir"]
        os.makedirs(out, exist_ok=True)
        prepare = getattr(backend, "prepare_metadata_for_build_wheel", None)
        if prepare is not None:
            folder = prepare(out, {})
            via = "prepare_metadata_for_build_wheel"
            with open(os.path.join(out, folder, "METADATA"), "rb") as stream:
                metadata = stream.read()
        else:
            wheel = backend.build_wheel(out, {})
            via = "build_wheel"
            with zipfile.ZipFile(os.path.join(out, wheel)) as archive:
                names = [n for n in archive.namelist()
                         if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
                if len(names) != 1:
                    raise RuntimeError("the wheel %s has %d .dist-info/METADATA files" % (wheel, len(names)))
                metadata = archive.read(names[0])
        answer({"ok": True, "via": via, "metadata": base64.b64encode(metadata).decode("ascii")})
except BaseException as error:
    failed("hook", error)
`

const VIAS = new Set(['prepare_metadata_for_build_wheel', 'build_wheel'])

/** A requirement pip is given as an argument: one line of printable text, not an option. */
const REQUIREMENT = /^[^\s\-\p{Cc}\p{Zl}\p{Zp}][^\p{Cc}\p{Zl}\p{Zp}]{0,999}$/u

/**
 * Checks the driver's answer for the hook asked: one JSON object of the expected shape, with
 * requirements that are plain one-line requirements, a known `via`, base64 METADATA, and an error
 * message of printable text. Undefined when it is anything else. Pure.
 */
export function parseDriverAnswer(
  text: string,
  hook: DriverRequest['hook']
): DriverAnswer | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const answer = value as Record<string, unknown>
  if (answer.ok === false) {
    if ((answer.stage !== 'import' && answer.stage !== 'hook') || typeof answer.error !== 'string')
      return undefined
    const error = plainText(answer.error).slice(0, 1000)
    return { ok: false, stage: answer.stage, error }
  }
  if (answer.ok !== true) return undefined
  if (hook === 'requires') {
    const requires = answer.requires
    if (!Array.isArray(requires) || requires.length > 1000) return undefined
    if (!requires.every(item => typeof item === 'string' && REQUIREMENT.test(item)))
      return undefined
    return { ok: true, requires: requires as string[] }
  }
  if (typeof answer.via !== 'string' || !VIAS.has(answer.via)) return undefined
  if (typeof answer.metadata !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(answer.metadata))
    return undefined
  return {
    ok: true,
    via: answer.via as 'prepare_metadata_for_build_wheel' | 'build_wheel',
    metadata: Buffer.from(answer.metadata, 'base64')
  }
}
