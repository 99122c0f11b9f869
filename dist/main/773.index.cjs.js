"use strict";exports.id=773,exports.ids=[773],exports.modules={8773:(e,t,i)=>{i.d(t,{BUILD_DEFAULTS:()=>$,metadataFromBackend:()=>S});var r=i(3024),n=i(1455),o=i(8161),a=i(6760),s=i.n(a),c=i(3916),d=i(5371);function l(e){const t=function(e){for(let t=s().resolve(e);;t=s().dirname(t)){const e=s().join(t,".git");try{if((0,r.statSync)(e).isDirectory())return e;const i=/^gitdir:\s*(.+)$/m.exec((0,r.readFileSync)(e,"utf8"))?.[1]?.trim();if(void 0!==i)return s().resolve(t,i)}catch{}if(s().dirname(t)===t)return}}(e);if(void 0===t)return!1;for(const e of[t,u(t)])try{if((0,r.statSync)(s().join(e,"shallow")).isFile())return!0}catch{}return!1}function u(e){try{return s().resolve(e,(0,r.readFileSync)(s().join(e,"commondir"),"utf8").trim())}catch{return e}}function p(e){return e.some(e=>/^\s*(setuptools[-_.]?scm|hatch[-_.]vcs|versioningit|dunamai|poetry[-_.]dynamic[-_.]versioning|pdm[-_.]backend|flit[-_.]scm|uv[-_.]dynamic[-_.]versioning|setuptools[-_.]git[-_.]versioning)\b/i.test(e))}const h=String.raw`
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
`,m=["INPUT_","STATE_","ACTIONS_","TWINE_","PYPI_REGISTER_"],f=new Set(["GITHUB_TOKEN","GH_TOKEN","GITHUB_ENV","GITHUB_PATH","GITHUB_OUTPUT","GITHUB_STATE","GITHUB_STEP_SUMMARY","NETRC"]),w=/(^|_)(TOKEN|TOKENS|PASSWORD|PASSWD|PASS|PWD|SECRET|SECRETS|KEY|KEYS|APIKEY|PRIVATE|AUTH|CREDENTIAL|CREDENTIALS|COOKIE|SESSION|SIGNATURE)(_|$)/i,b=/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi,_=new Set(["PWD","OLDPWD"]);function y(e){const t=e.toUpperCase();return!_.has(t)&&(f.has(t)||m.some(e=>t.startsWith(e))||w.test(t))}var v=i(1421);const k=65536;function g(e,t,i){return new Promise(r=>{const n="win32"===process.platform,o=(0,v.spawn)(e,t,{cwd:i.cwd,env:i.env,stdio:["ignore","pipe","pipe"],detached:!n,windowsHide:!0});let a="";const s=e=>{a+=e.toString("utf8"),a.length>2*k&&(a=a.slice(-k))};o.stdout.on("data",s),o.stderr.on("data",s);let c=!1;const d=setTimeout(()=>{c=!0,function(e,t,i){if(void 0===e||t)return i();try{process.kill(-e,"SIGKILL")}catch{i()}}(o.pid,n,()=>o.kill("SIGKILL"))},Math.max(0,i.deadline-Date.now()));let l;o.on("error",e=>{l=e}),o.on("close",e=>{clearTimeout(d),r({code:e??void 0,output:a.slice(-k),timedOut:c,...l?{startError:l}:{}})})})}const T='import sys; print("%d.%d" % sys.version_info[:2]); print(sys.executable)',E=["python3","python"];const $={isolation:!0,timeoutMs:6e5,secrets:[],log:()=>{}};async function S(e,t){const i=Date.now()+e.timeoutMs,a=function(e,t){const i=(0,r.realpathSync)(e);return t.map(t=>{let n;try{n=(0,r.realpathSync)(s().resolve(e,t))}catch{throw new c.wc(`pyproject.toml: build-system.backend-path names "${t}", which does not exist in ${e}.`,"Point backend-path at the folder of the in-tree backend, relative to pyproject.toml.")}if(n!==i&&!n.startsWith(i+s().sep))throw new c.wc(`pyproject.toml: build-system.backend-path names "${t}", which is outside the project folder (${n}).`,"PEP 517 allows only folders inside the project; move the backend into the project.");return n})}(e.projectDir,t.backendPath),{env:u}=function(e,t=[]){const i=[...t].filter(e=>e.length>=4),r={},n=[];for(const[t,o]of Object.entries(e))void 0!==o&&(y(t)||i.some(e=>o.includes(e))?n.push(t):r[t]=o.replace(b,"$1"));return r.PYTHONIOENCODING="utf-8",r.PIP_NO_INPUT="1",r.PIP_DISABLE_PIP_VERSION_CHECK="1",{env:r,dropped:n.sort()}}(process.env,e.secrets),h=await(0,n.mkdtemp)(s().join((0,o.tmpdir)(),"pypi-register-pep517-")),m={...e,env:u,deadline:i,scratch:h,buildSystem:t};try{const r=await async function(e,t,i,r){const n=[];for(const o of e){const e=await g(o,["-c",T],{cwd:i,env:t,deadline:r});if(void 0!==e.startError||0!==e.code){n.push(`${o}: ${"ENOENT"===e.startError?.code?"not found":"does not run"}`);continue}const[a="",s=""]=e.output.trim().split(/\r?\n/),[c,d]=a.split(".").map(Number);if(!(3!==c||(d??0)<8))return{executable:s.trim()||o,version:a};n.push(`${o}: Python ${a}`)}throw new c.wc(`No Python 3.8 or later was found to run the project's build backend (${n.join("; ")}).`,"Add an actions/setup-python step before this one (or set the python input to an interpreter), or build the distributions first and register from dist-dir.")}(e.python?[e.python]:E,u,e.projectDir,i),o=[`Asking the build backend ${t.backend} for the metadata (PEP 517), with Python ${r.version} (${r.executable}), ${e.isolation?"in a fresh virtual environment (build-isolation: true)":"in that Python environment as it is (build-isolation: false)"}; at most ${e.timeoutMs/1e3} s (build-timeout).`];e.log(o[0]);let h=r.executable;if(e.isolation){h=await async function(e,t){const i=s().join(e.scratch,"env"),r=Date.now(),n=await g(t,["-m","venv",i],I(e));if(0!==n.code)throw A(e,n,"Creating a virtual environment (python -m venv) failed",["Install the venv module (Debian and Ubuntu: apt-get install python3-venv), use actions/setup-python, or set build-isolation: false with the backend installed."]);const o="win32"===process.platform,a=s().join(i,o?"Scripts":"bin");return e.env={...e.env,VIRTUAL_ENV:i,PATH:`${a}${s().delimiter}${e.env.PATH??e.env.Path??""}`},delete e.env.PYTHONHOME,e.log(`Created a virtual environment in ${((Date.now()-r)/1e3).toFixed(1)} s.`),s().join(a,o?"python.exe":"python")}(m,r.executable),await j(m,h,t.requires,"build-system.requires");const e=await P(m,h,"requires",a);if(!("requires"in e))throw new Error("the driver answered without requirements");await j(m,h,e.requires,"get_requires_for_build_wheel")}const f=await P(m,h,"metadata",a);if(!("metadataFile"in f))throw new Error("the driver answered without metadata");const w=`METADATA from ${t.backend} (${f.via})`,b=(0,d.s)(await(0,n.readFile)(f.metadataFile),w);o.push(`The build backend answered through ${f.via}.`);const _=[...b.warnings];return l(e.projectDir)&&p(t.requires)&&_.push(`The checkout is shallow, so the version ${b.metadata.version} that ${t.backend} computed from git may be wrong: set \`fetch-depth: 0\` on actions/checkout.`),{...b,warnings:_,notices:o}}finally{await(0,n.rm)(h,{recursive:!0,force:!0,maxRetries:3})}}async function j(e,t,i,r){if(0===i.length)return;const n=Date.now(),o=await g(t,["-m","pip","install","--disable-pip-version-check","--no-input","--",...i],I(e));if(0!==o.code)throw A(e,o,`Installing the build requirements from ${r} (${i.join(", ")}) with pip failed`,["Check that the index pip uses is reachable from the runner (pip reads PIP_INDEX_URL and pip.conf), or install the backend in an earlier step and set build-isolation: false."]);e.log(`Installed ${i.join(", ")} (${r}) in ${((Date.now()-n)/1e3).toFixed(1)} s.`)}async function P(e,t,i,r){const o=await(0,n.mkdtemp)(s().join(e.scratch,`${i}-`)),a=s().join(e.scratch,`${i}.json`),c=s().join(e.scratch,"pypi_register_driver.py");await(0,n.writeFile)(c,h);const d={hook:i,backend:e.buildSystem.backend,backendPath:r,outputDir:o,resultFile:a},l=await g(t,[c,JSON.stringify(d)],I(e)),u=await async function(e){try{return JSON.parse(await(0,n.readFile)(e,"utf8"))}catch{return}}(a);if(0===l.code&&!0===u?.ok)return u;const p=e.buildSystem.backend;if(!1===u?.ok&&"import"===u.stage)throw A(e,l,`The build backend ${p} cannot be imported (${u.error})`,[e.isolation?"Check build-system.requires in pyproject.toml: it must install the backend.":`With build-isolation: false the backend must already be installed for this Python: pip install ${e.buildSystem.requires.map(e=>`"${e}"`).join(" ")} in an earlier step, or set build-isolation: true.`]);throw A(e,l,`The build backend ${p} failed in ${"requires"===i?"get_requires_for_build_wheel":"prepare_metadata_for_build_wheel"}${!1===u?.ok?` (${u.error})`:""}`,["Run `python -m build --wheel` in the project to see the same error, and fix the project."])}function I(e){return{cwd:e.projectDir,env:e.env,deadline:e.deadline}}function A(e,t,i,r){""!==t.output.trim()&&e.log(`Output of the failed step:\n${function(e,t=40){const i=e.replace(/\r\n?/g,"\n").replace(/\n+$/,"").split("\n"),r=i.length>t?i.slice(-t):i,n=i.length-r.length;return[...n>0?[`  | (${n} earlier lines left out)`]:[],...r.map(e=>`  | ${e}`)].join("\n")}(t.output)}`);const n=[...r];return l(e.projectDir)&&p(e.buildSystem.requires)&&n.unshift("The checkout is shallow, so the version cannot be computed from git tags: set `fetch-depth: 0` on actions/checkout."),t.timedOut?new c.wc(`${i}: it did not finish within ${e.timeoutMs/1e3} s (build-timeout), so it was stopped.`,`Raise build-timeout if the build needs longer, or build the distributions first and register from dist-dir. ${n.join(" ")}`):void 0!==t.startError?new c.wc(`${i}: ${t.startError.message}.`,n.join(" ")):new c.wc(`${i}${""!==t.output.trim()?"; its output is shown above":""}.`,n.join(" "))}}};