"use strict";exports.id=773,exports.ids=[773],exports.modules={8773:(e,t,i)=>{i.d(t,{BUILD_DEFAULTS:()=>g,metadataFromBackend:()=>metadataFromBackend});var r=i(3024),n=i(1455),o=i(8161),s=i(6760),a=i.n(s),c=i(3916),l=i(5371);function isShallowCheckout(e){const t=function gitDirOf(e){for(let t=a().resolve(e);;t=a().dirname(t)){const e=a().join(t,".git");try{if((0,r.statSync)(e).isDirectory())return e;const i=/^gitdir:\s*(.+)$/m.exec((0,r.readFileSync)(e,"utf8"))?.[1]?.trim();if(void 0!==i)return a().resolve(t,i)}catch{}if(a().dirname(t)===t)return}}(e);if(void 0===t)return!1;for(const e of[t,commonDirOf(t)])try{if((0,r.statSync)(a().join(e,"shallow")).isFile())return!0}catch{}return!1}function commonDirOf(e){try{return a().resolve(e,(0,r.readFileSync)(a().join(e,"commondir"),"utf8").trim())}catch{return e}}function readsVersionFromGit(e){return e.some(e=>/^\s*(setuptools[-_.]?scm|hatch[-_.]vcs|versioningit|dunamai|poetry[-_.]dynamic[-_.]versioning|pdm[-_.]backend|flit[-_.]scm|uv[-_.]dynamic[-_.]versioning|setuptools[-_.]git[-_.]versioning)\b/i.test(e))}const d=String.raw`
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
`;var u=i(6521);const p=["INPUT_","STATE_","ACTIONS_","TWINE_","PYPI_REGISTER_"],h=new Set(["GITHUB_TOKEN","GH_TOKEN","GITHUB_ENV","GITHUB_PATH","GITHUB_OUTPUT","GITHUB_STATE","GITHUB_STEP_SUMMARY","NETRC"]),m=/(^|_)(TOKEN|TOKENS|PASSWORD|PASSWD|PASS|PWD|SECRET|SECRETS|KEY|KEYS|APIKEY|PRIVATE|AUTH|CREDENTIAL|CREDENTIALS|COOKIE|SESSION|SIGNATURE)(_|$)/i,f=/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi,w=new Set(["PWD","OLDPWD"]),b=4;function isSecretName(e){const t=e.toUpperCase();return!w.has(t)&&(h.has(t)||p.some(e=>t.startsWith(e))||m.test(t))}var _=i(1421);const y=65536;function runProcess(e,t,i){return new Promise(r=>{const n="win32"===process.platform,o=(0,_.spawn)(e,t,{cwd:i.cwd,env:i.env,stdio:["ignore","pipe","pipe"],detached:!n,windowsHide:!0});let s="";const keep=e=>{s+=e.toString("utf8"),s.length>2*y&&(s=s.slice(-y))};o.stdout.on("data",keep),o.stderr.on("data",keep);let a=!1;const c=setTimeout(()=>{a=!0,function killTree(e,t,i){if(void 0===e||t)return i();try{process.kill(-e,"SIGKILL")}catch{i()}}(o.pid,n,()=>o.kill("SIGKILL"))},Math.max(0,i.deadline-Date.now()));let l;o.on("error",e=>{l=e}),o.on("close",e=>{clearTimeout(c),r({code:e??void 0,output:s.slice(-y),timedOut:a,...l?{startError:l}:{}})})})}const k='import sys; print("%d.%d" % sys.version_info[:2]); print(sys.executable)',v=["python3","python"];const g={isolation:!0,timeoutMs:6e5,secrets:[],log:()=>{}};async function metadataFromBackend(e,t){const i=Date.now()+e.timeoutMs,s=function confineBackendPath(e,t){const i=(0,r.realpathSync)(e);return t.map(t=>{let n;try{n=(0,r.realpathSync)(a().resolve(e,t))}catch{throw new c.wc(`pyproject.toml: build-system.backend-path names "${t}", which does not exist in ${e}.`,"Point backend-path at the folder of the in-tree backend, relative to pyproject.toml.")}if(n!==i&&!n.startsWith(i+a().sep))throw new c.wc(`pyproject.toml: build-system.backend-path names "${t}", which is outside the project folder (${n}).`,"PEP 517 allows only folders inside the project; move the backend into the project.");return n})}(e.projectDir,t.backendPath),{env:d}=function scrubEnvironment(e,t=[]){const i=new u.Sb;for(const e of t)e.length>=b&&i.add(e);const r={},n=[];for(const[t,o]of Object.entries(e)){if(void 0===o)continue;const e=o.replace(f,"$1");isSecretName(t)||i.holds(e)?n.push(t):r[t]=e}return r.PYTHONIOENCODING="utf-8",r.PIP_NO_INPUT="1",r.PIP_DISABLE_PIP_VERSION_CHECK="1",{env:r,dropped:n.sort()}}(process.env,e.secrets),p=await(0,n.mkdtemp)(a().join((0,o.tmpdir)(),"pypi-register-pep517-")),h={...e,env:d,deadline:i,scratch:p,buildSystem:t};try{const r=await async function findPython(e,t,i,r){const n=[];for(const o of e){const e=await runProcess(o,["-c",k],{cwd:i,env:t,deadline:r});if(void 0!==e.startError||0!==e.code){n.push(`${o}: ${"ENOENT"===e.startError?.code?"not found":"does not run"}`);continue}const[s="",a=""]=e.output.trim().split(/\r?\n/),[c,l]=s.split(".").map(Number);if(!(3!==c||(l??0)<8))return{executable:a.trim()||o,version:s};n.push(`${o}: Python ${s}`)}throw new c.wc(`No Python 3.8 or later was found to run the project's build backend (${n.join("; ")}).`,"Add an actions/setup-python step before this one (or set the python input to an interpreter), or build the distributions first and register from dist-dir.")}(e.python?[e.python]:v,d,e.projectDir,i),o=[`Asking the build backend ${t.backend} for the metadata (PEP 517), with Python ${r.version} (${r.executable}), ${e.isolation?"in a fresh virtual environment (build-isolation: true)":"in that Python environment as it is (build-isolation: false)"}; at most ${e.timeoutMs/1e3} s (build-timeout).`];e.log(o[0]);let u=r.executable;if(e.isolation){u=await async function createEnvironment(e,t){const i=a().join(e.scratch,"env"),r=Date.now(),n=await runProcess(t,["-m","venv",i],processOptions(e));if(0!==n.code)throw failure(e,n,"Creating a virtual environment (python -m venv) failed",["Install the venv module (Debian and Ubuntu: apt-get install python3-venv), use actions/setup-python, or set build-isolation: false with the backend installed."]);const o="win32"===process.platform,s=a().join(i,o?"Scripts":"bin");return e.env={...e.env,VIRTUAL_ENV:i,PATH:`${s}${a().delimiter}${e.env.PATH??e.env.Path??""}`},delete e.env.PYTHONHOME,e.log(`Created a virtual environment in ${((Date.now()-r)/1e3).toFixed(1)} s.`),a().join(s,o?"python.exe":"python")}(h,r.executable),await pipInstall(h,u,t.requires,"build-system.requires");const e=await callHook(h,u,"requires",s);if(!("requires"in e))throw new Error("the driver answered without requirements");await pipInstall(h,u,e.requires,"get_requires_for_build_wheel")}const p=await callHook(h,u,"metadata",s);if(!("metadataFile"in p))throw new Error("the driver answered without metadata");const m=`METADATA from ${t.backend} (${p.via})`,f=(0,l.s)(await(0,n.readFile)(p.metadataFile),m);o.push(`The build backend answered through ${p.via}.`);const w=[...f.warnings];return isShallowCheckout(e.projectDir)&&readsVersionFromGit(t.requires)&&w.push(`The checkout is shallow, so the version ${f.metadata.version} that ${t.backend} computed from git may be wrong: set \`fetch-depth: 0\` on actions/checkout.`),{...f,warnings:w,notices:o}}finally{await(0,n.rm)(p,{recursive:!0,force:!0,maxRetries:3})}}async function pipInstall(e,t,i,r){if(0===i.length)return;const n=Date.now(),o=await runProcess(t,["-m","pip","install","--disable-pip-version-check","--no-input","--",...i],processOptions(e));if(0!==o.code)throw failure(e,o,`Installing the build requirements from ${r} (${i.join(", ")}) with pip failed`,["Check that the index pip uses is reachable from the runner (pip reads PIP_INDEX_URL and pip.conf), or install the backend in an earlier step and set build-isolation: false."]);e.log(`Installed ${i.join(", ")} (${r}) in ${((Date.now()-n)/1e3).toFixed(1)} s.`)}async function callHook(e,t,i,r){const o=await(0,n.mkdtemp)(a().join(e.scratch,`${i}-`)),s=a().join(e.scratch,`${i}.json`),c=a().join(e.scratch,"pypi_register_driver.py");await(0,n.writeFile)(c,d);const l={hook:i,backend:e.buildSystem.backend,backendPath:r,outputDir:o,resultFile:s},u=await runProcess(t,[c,JSON.stringify(l)],processOptions(e)),p=await async function readAnswer(e){try{return JSON.parse(await(0,n.readFile)(e,"utf8"))}catch{return}}(s);if(0===u.code&&!0===p?.ok)return p;const h=e.buildSystem.backend;if(!1===p?.ok&&"import"===p.stage)throw failure(e,u,`The build backend ${h} cannot be imported (${p.error})`,[e.isolation?"Check build-system.requires in pyproject.toml: it must install the backend.":`With build-isolation: false the backend must already be installed for this Python: pip install ${e.buildSystem.requires.map(e=>`"${e}"`).join(" ")} in an earlier step, or set build-isolation: true.`]);throw failure(e,u,`The build backend ${h} failed in ${"requires"===i?"get_requires_for_build_wheel":"prepare_metadata_for_build_wheel"}${!1===p?.ok?` (${p.error})`:""}`,["Run `python -m build --wheel` in the project to see the same error, and fix the project."])}function processOptions(e){return{cwd:e.projectDir,env:e.env,deadline:e.deadline}}function failure(e,t,i,r){""!==t.output.trim()&&e.log(`Output of the failed step:\n${function quoteOutput(e,t=40){const i=e.replace(/\r\n?/g,"\n").replace(/\n+$/,"").split("\n"),r=i.length>t?i.slice(-t):i,n=i.length-r.length;return[...n>0?[`  | (${n} earlier lines left out)`]:[],...r.map(e=>`  | ${e}`)].join("\n")}(t.output)}`);const n=[...r];return isShallowCheckout(e.projectDir)&&readsVersionFromGit(e.buildSystem.requires)&&n.unshift("The checkout is shallow, so the version cannot be computed from git tags: set `fetch-depth: 0` on actions/checkout."),t.timedOut?new c.wc(`${i}: it did not finish within ${e.timeoutMs/1e3} s (build-timeout), so it was stopped.`,`Raise build-timeout if the build needs longer, or build the distributions first and register from dist-dir. ${n.join(" ")}`):void 0!==t.startError?new c.wc(`${i}: ${t.startError.message}.`,n.join(" ")):new c.wc(`${i}${""!==t.output.trim()?"; its output is shown above":""}.`,n.join(" "))}}};