/**
 * The containment of project code on Linux (docs/adr/0008-contain-project-code.md): each process of
 * the backend path runs in a private PID and mount namespace, as a user id of its own that owns
 * nothing on the machine but a copy of the project, with the runner's folders hidden. Set up by
 * root (through `sudo -n` where the action is not root itself), with util-linux's `unshare` and
 * `setpriv`; nothing in it can see the action's process, read its memory or files, write the
 * runner's file commands, or outlive the namespace.
 */
import { spawnSync } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { chmod, mkdir, mkdtemp } from 'node:fs/promises'
import path from 'node:path'
import { MetadataError } from '../../errors.js'
import { plainText } from '../../sanitize.js'
import { copyProject } from './project-tree.js'
import { runProcess, type RunResult } from './run.js'
import { isWithinFolder } from '../../within-folder.js'

/** A sandbox ready to run commands: its user, its folders and how to enter it. */
export interface Sandbox {
  /** The user and group id project code runs as: random, owning nothing but `work`. */
  id: number
  /** The folder that holds everything the sandbox may write, owned by `id`. */
  work: string
  /** The copy of the project, inside `work`. */
  project: string
  /** Folders covered by an empty file system inside the sandbox. */
  hidden: string[]
  /** Folders inside hidden or private ones that the sandbox sees, read-only. */
  kept: string[]
  /** The command that gives root: `sudo -n`, or nothing when the action is root already. */
  elevate: string[]
  /** The folder `work` is in; removed with it. */
  scratch: string
  /** Whether a first run has handed the work folder to the sandbox user. */
  owned: boolean
}

/**
 * The sandbox could not be set up (a container without the rights to make namespaces, say): no
 * command ran in it.
 */
export class SandboxUnavailable extends Error {
  override name = 'SandboxUnavailable'
}

export type SandboxOpening = { sandbox: Sandbox } | { unavailable: string }

/** The programs the sandbox is made of, looked up in the system folders, not on PATH. */
const SYSTEM_FOLDERS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin']

/** What the init script writes to stderr once the sandbox is set up, just before the command. */
const READY_LINE = 'pypi-register-sandbox: ready'

/**
 * Runs as root in the new namespaces. It opens the folders the sandbox keeps (the work folder, then
 * folders shown read-only: the Python, pip's local wheel folders), covers the hidden folders with an
 * empty file system, gives the sandbox private /tmp, /var/tmp and /dev/shm, and mounts the kept
 * folders back at their places through the descriptors opened before. It hands the work folder to
 * the sandbox user (first run only), then starts the command as that user with nothing but
 * /dev/null on stdin. Its own stdin is the lifeline: when it closes (the action stops the run, or
 * dies), everything in the namespace is killed; when the command ends, this script, the
 * namespace's init, ends, and the kernel kills whatever is left in it.
 * Arguments: uid, own (1 or 0), working folder, the kept folders (work first; at most six), `--`,
 * the folders to hide, `--`, the command.
 */
const INIT_SCRIPT = String.raw`
id=$1 own=$2 cwd=$3
shift 3
kept=4
while [ "$1" != -- ]; do
  [ "$kept" -le 9 ] || exit 125
  eval "exec $kept<\"\$1\" && folder$kept=\$1" || exit 125
  kept=$((kept + 1))
  shift
done
shift
while [ "$1" != -- ]; do
  mount -t tmpfs -o mode=0755,size=16k,nosuid,nodev,noexec pypi-register-hidden "$1" || exit 125
  shift
done
shift
for shared in /tmp /var/tmp /dev/shm; do
  if [ -d "$shared" ]; then mount -t tmpfs -o mode=1777,nosuid,nodev pypi-register-tmp "$shared" || exit 125; fi
done
fd=4
while [ "$fd" -lt "$kept" ]; do
  eval "folder=\$folder$fd"
  mkdir -p "$folder" && mount --no-canonicalize --bind "/proc/self/fd/$fd" "$folder" || exit 125
  if [ "$fd" -gt 4 ]; then mount -o remount,bind,ro "$folder" || exit 125; fi
  eval "exec $fd<&-"
  fd=$((fd + 1))
done
if [ "$own" = 1 ]; then chown -R -h -P "$id:$id" "$folder4" || exit 125; fi
cd "$cwd" || exit 125
echo '${READY_LINE}' >&2
exec 3<&0
setpriv --reuid="$id" --regid="$id" --clear-groups --no-new-privs --bounding-set=-all -- "$@" </dev/null 3<&- &
command=$!
{ read -r _ <&3; kill -KILL -1; } &
wait "$command"
`

/** Shared folders every user may write to: the sandbox gets empty ones of its own. */
const PRIVATE_FOLDERS = ['/tmp', '/var/tmp', '/dev/shm']

/** Read-only folders the init script can carry into the sandbox (file descriptors 5 to 9). */
const MAX_KEPT = 5

/** Ends every process of the sandbox user, wherever it is, then removes the scratch folder. */
const CLOSE_SCRIPT = String.raw`
setpriv --reuid="$1" --regid="$1" --clear-groups -- kill -KILL -1 2>/dev/null
rm -rf --one-file-system -- "$2"
`

/**
 * Prepares a sandbox for the project (its copy of the project), or says why none can be had here:
 * not Linux, no util-linux, no root and no password-less sudo. Whether the namespaces can be made
 * shows at the first run ({@link runInSandbox}).
 * @param scratchBase where the scratch folder goes (outside every folder in `hide`)
 * @param hide folders to cover inside the sandbox (those that do not exist are left out)
 * @param keep folders project code needs to read (the Python), shown even inside hidden ones
 */
export async function openSandbox(
  projectDir: string,
  scratchBase: string,
  hide: readonly string[],
  keep: readonly string[]
): Promise<SandboxOpening> {
  if (process.platform !== 'linux') return { unavailable: `${process.platform} is not Linux` }
  for (const tool of ['unshare', 'setpriv', 'sh', 'env', 'kill']) {
    if (systemProgram(tool) === undefined)
      return { unavailable: `${tool} (util-linux) is not installed` }
  }
  const elevate = rootCommand()
  if (elevate === undefined)
    return { unavailable: 'the action is not root and `sudo -n` asks for a password' }
  const hidden = outermost(hide.filter(isDirectory))
  const covered = [...hidden, ...PRIVATE_FOLDERS]
  const kept = outermost(
    keep.filter(
      folder => isDirectory(folder) && covered.some(cover => isWithinFolder(folder, cover))
    )
  )
  if (kept.length > MAX_KEPT)
    return { unavailable: `more than ${MAX_KEPT} folders would have to be shown in it` }
  const scratch = await mkdtemp(path.join(scratchBase, 'pypi-register-build-'))
  const work = path.join(scratch, 'work')
  const sandbox: Sandbox = {
    id: randomInt(1_000_000_000, 2_000_000_000),
    work,
    project: path.join(work, 'project'),
    hidden,
    kept,
    elevate,
    scratch,
    owned: false
  }
  try {
    // The sandbox user passes through to its work folder, and sees nothing else of it.
    await chmod(scratch, 0o711)
    await mkdir(work)
    await Promise.all(['home', 'tmp'].map(name => mkdir(path.join(work, name))))
    await copyProject(projectDir, sandbox.project)
  } catch (error) {
    closeSandbox(sandbox)
    throw error
  }
  return { sandbox }
}

/**
 * Runs `command` (absolute program path first) in the sandbox, in `cwd` (inside the work folder),
 * with exactly `env`; throws SandboxUnavailable when the sandbox could not be set up, before the
 * command started.
 */
export async function runInSandbox(
  sandbox: Sandbox,
  command: readonly string[],
  options: { env: Record<string, string>; cwd: string; deadline: number; answerChars?: number }
): Promise<RunResult> {
  const [program, args] = sandboxCommand(sandbox, command, {
    env: options.env,
    cwd: options.cwd,
    own: !sandbox.owned
  })
  const result = await runProcess(program, args, {
    cwd: '/',
    env: launcherEnvironment(),
    deadline: options.deadline,
    lifeline: true,
    readyLine: READY_LINE,
    ...(options.answerChars !== undefined ? { answerChars: options.answerChars } : {})
  })
  if (result.ready !== true && !result.timedOut) {
    const reason = plainText(result.output.trim().split('\n').pop() || `exit ${result.code}`)
    throw new SandboxUnavailable(`the namespaces could not be set up (${reason})`)
  }
  sandbox.owned = true
  return result
}

/**
 * The program and arguments that run `command` (absolute program path first) in the sandbox, in
 * `cwd` (inside the work folder), with exactly `env`. Pure.
 */
function sandboxCommand(
  sandbox: Sandbox,
  command: readonly string[],
  {
    env = {},
    cwd = sandbox.work,
    own = false
  }: { env?: Record<string, string>; cwd?: string; own?: boolean }
): [string, string[]] {
  const inner = [
    systemProgram('unshare') ?? 'unshare',
    '--pid',
    '--fork',
    '--mount-proc',
    '--kill-child',
    '--',
    systemProgram('sh') ?? 'sh',
    '-c',
    INIT_SCRIPT,
    'pypi-register-sandbox',
    String(sandbox.id),
    own ? '1' : '0',
    cwd,
    sandbox.work,
    ...sandbox.kept,
    '--',
    ...sandbox.hidden,
    '--',
    systemProgram('env') ?? 'env',
    '-i',
    ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
    ...command
  ]
  const [program, ...args] = [...sandbox.elevate, ...inner]
  return [program!, args]
}

/**
 * Ends every process of the sandbox user and removes its folders. Synchronous, so that it can run
 * on the way out of a process that is exiting. Never throws.
 */
export function closeSandbox(sandbox: Sandbox): void {
  const [program, ...args] = [
    ...sandbox.elevate,
    systemProgram('sh') ?? 'sh',
    '-c',
    CLOSE_SCRIPT,
    'pypi-register-close',
    String(sandbox.id),
    sandbox.scratch
  ]
  spawnSync(program!, args, { stdio: 'ignore', env: launcherEnvironment(), timeout: 30_000 })
  if (existsSync(sandbox.scratch)) {
    try {
      rmSync(sandbox.scratch, { recursive: true, force: true })
    } catch {
      // Left for the system's temporary folder cleaning; the survivors check still runs.
    }
  }
}

/**
 * Throws when any process of the sandbox user is still running: nothing project code started may
 * outlive the backend path, and this is checked before the .pypirc is written.
 */
export function assertNothingSurvives(sandbox: Sandbox): void {
  const survivors = processesOf(sandbox.id)
  if (survivors.length > 0) {
    throw new MetadataError(
      `Project code left ${survivors.length} process(es) running after the build backend path (process ids ${survivors.join(', ')}), so the registration stops before anything is written.`,
      'This should not happen inside the sandbox; please report it with the log of this step.'
    )
  }
}

/** The process ids whose real user is `uid`, from /proc. */
export function processesOf(uid: number): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8')
      if (Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]) === uid) found.push(Number(entry))
    } catch {
      // The process ended while the list was read.
    }
  }
  return found
}

/**
 * The folders of the runner that project code must not see, from the environment the action got:
 * the job's temporary folder (with the .pypirc, and the runner's file commands), the folders of the
 * file commands themselves, and the home folder (tokens of other tools). Pure.
 */
export function foldersToHide(env: Readonly<Record<string, string | undefined>>): string[] {
  const fileCommands = [
    'GITHUB_ENV',
    'GITHUB_PATH',
    'GITHUB_OUTPUT',
    'GITHUB_STATE',
    'GITHUB_STEP_SUMMARY'
  ].flatMap(name => (env[name] ? [path.dirname(env[name])] : []))
  const candidates = [env.RUNNER_TEMP, ...fileCommands, env.HOME]
  return [
    ...new Set(
      candidates
        .filter((folder): folder is string => folder !== undefined && path.isAbsolute(folder))
        .map(folder => path.resolve(folder))
        .filter(folder => folder !== '/')
    )
  ]
}

/** `sudo -n` when it works without a password; nothing when the action is root. */
function rootCommand(): string[] | undefined {
  if (process.getuid?.() === 0) return []
  const sudo = systemProgram('sudo')
  if (sudo === undefined) return undefined
  const probe = spawnSync(sudo, ['-n', 'true'], {
    stdio: 'ignore',
    env: launcherEnvironment(),
    timeout: 10_000
  })
  return probe.status === 0 ? [sudo, '-n'] : undefined
}

/** sudo and the init script get a bare environment: nothing of the action's reaches root. */
function launcherEnvironment(): Record<string, string> {
  return { PATH: SYSTEM_FOLDERS.join(':'), LANG: 'C.UTF-8' }
}

function systemProgram(name: string): string | undefined {
  return SYSTEM_FOLDERS.map(folder => path.join(folder, name)).find(file => existsSync(file))
}

/** Drops folders inside another of the list: covering the outer one hides them too. */
function outermost(folders: readonly string[]): string[] {
  const sorted = [...new Set(folders)].sort()
  return sorted.filter(
    folder => !sorted.some(other => other !== folder && isWithinFolder(folder, other))
  )
}

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory()
  } catch {
    return false
  }
}
