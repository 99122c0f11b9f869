/**
 * The Python side of the PEP 517 path: a short script run by the runner's Python in the project
 * folder. It imports the project's build backend (honouring `backend-path`) and calls one hook:
 *
 * - `requires`: `get_requires_for_build_wheel` (an empty list when the backend lacks it);
 * - `metadata`: `prepare_metadata_for_build_wheel`, or, for a backend without it, `build_wheel`
 *   followed by reading `*.dist-info/METADATA` from the wheel it made.
 *
 * It takes one argument, a JSON request, and writes one JSON answer to the file the request names,
 * never to stdout: the backend may print anything there. Pure data: the TypeScript side runs it.
 */

/** What the TypeScript side asks of the driver. */
export interface DriverRequest {
  hook: 'requires' | 'metadata'
  /** `module` or `module:object`, as `build-backend` spells it. */
  backend: string
  /** `backend-path` entries, relative to the project folder. */
  backendPath: string[]
  /** A folder of our own for the hook's output (the metadata folder or the wheel). */
  outputDir: string
  /** Where the answer goes. */
  resultFile: string
}

/** What the driver answers. */
export type DriverAnswer =
  | { ok: true; requires: string[] }
  | { ok: true; metadataFile: string; via: 'prepare_metadata_for_build_wheel' | 'build_wheel' }
  | { ok: false; stage: 'import' | 'hook'; error: string }

/**
 * Written for Python 3.8 and later, standard library only. It runs as a script file from the
 * scratch folder, so the project's folder is not first on sys.path (a build frontend does not put
 * it there either; the first lines take it off should it be there all the same): the project's own
 * modules are importable only through backend-path, as with `python -m build`.
 */
export const DRIVER_SOURCE = String.raw`
import importlib, json, os, sys, traceback, zipfile

if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

request = json.loads(sys.argv[1])

def answer(value):
    with open(request["resultFile"], "w", encoding="utf-8") as stream:
        json.dump(value, stream)

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
        prepare = getattr(backend, "prepare_metadata_for_build_wheel", None)
        if prepare is not None:
            folder = prepare(out, {})
            answer({"ok": True, "via": "prepare_metadata_for_build_wheel",
                    "metadataFile": os.path.join(out, folder, "METADATA")})
        else:
            wheel = backend.build_wheel(out, {})
            with zipfile.ZipFile(os.path.join(out, wheel)) as archive:
                names = [n for n in archive.namelist()
                         if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
                if len(names) != 1:
                    raise RuntimeError("the wheel %s has %d .dist-info/METADATA files" % (wheel, len(names)))
                target = os.path.join(out, "METADATA")
                with open(target, "wb") as stream:
                    stream.write(archive.read(names[0]))
            answer({"ok": True, "via": "build_wheel", "metadataFile": target})
except BaseException as error:
    failed("hook", error)
`
