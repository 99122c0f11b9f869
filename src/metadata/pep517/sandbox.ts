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
import { chmod, mkdir, mkdtemp, realpath } from 'node:fs/promises'
import path from 'node:path'
import { MetadataError } from '../../errors.js'
import { plainText } from '../../sanitize.js'
import { copyProject, type ProjectTree } from './project-tree.js'
import { prepareRepositoryView } from './repository-view.js'
import { runProcess, type RunResult } from './run.js'
import { isWithinFolder } from '../../within-folder.js'

/** A sandbox ready to run commands: its user, its folders and how to enter it. */
export interface Sandbox {
  /** The user and group id project code runs as: random, owning nothing but `work`. */
  id: number
  /** The folder that holds everything the sandbox may write, owned by `id`. */
  work: string
  /**
   * Where project code finds the copy of the project: in `work`, or in the project's own place
   * when the git repository around it is shown (so that `..` leads into the repository).
   */
  project: string
  /** Folders covered by an empty file system inside the sandbox. */
  hidden: string[]
  /** Folders shown read-only inside it: the Python, pip's local wheel folders, the repository. */
  shown: string[]
  /** The work tree of the git repository shown around the project, when one is. */
  repository?: string
  /** The global git configuration project code gets, when a repository is shown. */
  gitConfig?: string
  /** How the init script sets up the file system (see {@link mountPlan}). */
  mounts: MountPlan
  /** The command that gives root: `sudo -n`, or nothing when the action is root already. */
  elevate: string[]
  /** The folder `work` is in; removed with it. */
  scratch: string
  /** Whether a first run has handed the work folder to the sandbox user. */
  owned: boolean
}

/** One bind mount the init script makes: `source` seen at `target`. */
export interface Bind {
  /** A path, or `/proc/self/fd/N` for a folder opened before anything was covered. */
  source: string
  target: string
  readOnly: boolean
}

/** The folders the init script opens first (as descriptors 4, 5, ...), and its bind mounts. */
export interface MountPlan {
  opened: string[]
  binds: Bind[]
}

/**
 * The sandbox could not be set up (a container without the rights to make namespaces, say): no
 * command has run in it, this time or before.
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
 * Runs as root in the new namespaces. It opens the folders that will be covered but must be seen
 * (the scratch folder, the Python, the repository, ...), covers the hidden folders with an empty
 * file system, gives the sandbox private /tmp, /var/tmp and /dev/shm, and makes the bind mounts,
 * read-only where asked, each source first opened or already in place. No source and no target
 * may be or go through a link, at any component (the sandbox user owns the copy, and could have
 * put one there in an earlier run: `mkdir -p` and `mount`, as root, would follow it). The paths
 * are planned resolved, so a difference can only come from such a link.
 * It hands the work folder to the sandbox user (first run only), then starts the command as that
 * user with nothing but /dev/null on stdin. Its own stdin is the lifeline: when it closes (the
 * action stops the run, or dies), everything in the namespace is killed; when the command ends,
 * this script, the namespace's init, ends, and the kernel kills whatever is left in it.
 * Arguments: uid, own (1 or 0), working folder, work folder, the folders to open (at most six),
 * `--`, the folders to hide, `--`, the binds as source, target, ro or rw, `--`, the command.
 */
const INIT_SCRIPT = String.raw`
id=$1 own=$2 cwd=$3 work=$4
shift 4
fd=4
while [ "$1" != -- ]; do
  [ "$fd" -le 9 ] || exit 125
  eval "exec $fd<\"\$1\"" || exit 125
  fd=$((fd + 1))
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
while [ "$1" != -- ]; do
  case $1 in /proc/self/fd/*) ;; *) [ "$(realpath -m -- "$1")" = "$1" ] || exit 125 ;; esac
  [ "$(realpath -m -- "$2")" = "$2" ] || exit 125
  [ -e "$2" ] || mkdir -p "$2" || exit 125
  mount --no-canonicalize -o "bind,$3" "$1" "$2" || exit 125
  shift 3
done
shift
while [ "$fd" -gt 4 ]; do
  fd=$((fd - 1))
  eval "exec $fd<&-"
done
if [ "$own" = 1 ]; then chown -R -h -P "$id:$id" "$work" || exit 125; fi
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

/** Folders the init script can open before covering anything (file descriptors 4 to 9). */
const MAX_OPENED = 6

/** Ends every process of the sandbox user, wherever it is, then removes the scratch folder. */
const CLOSE_SCRIPT = String.raw`
setpriv --reuid="$1" --regid="$1" --clear-groups -- kill -KILL -1 2>/dev/null
rm -rf --one-file-system -- "$2"
`

/**
 * Prepares a sandbox for the project (its copy of the project, and the view of the repository
 * around it), or says why none can be had here: not Linux, no util-linux, no root and no
 * password-less sudo. Whether the namespaces can be made shows at the first run
 * ({@link runInSandbox}).
 * @param scratchBase where the scratch folder goes (outside every folder in `hide`, and outside
 *   the repository)
 * @param hide folders to cover inside the sandbox (those that do not exist are left out)
 * @param keep folders project code needs to read (the Python), shown even inside hidden ones
 */
export async function openSandbox(
  tree: ProjectTree,
  scratchBase: string,
  hide: readonly string[],
  keep: readonly string[]
): Promise<SandboxOpening> {
  if (process.platform !== 'linux') return { unavailable: `${process.platform} is not Linux` }
  for (const tool of ['unshare', 'setpriv', 'sh', 'env', 'kill', 'realpath']) {
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
  // Resolved: the init script refuses any bind path that goes through a link.
  const scratch = await realpath(await mkdtemp(path.join(scratchBase, 'pypi-register-build-')))
  const work = path.join(scratch, 'work')
  const sandbox: Sandbox = {
    id: randomInt(1_000_000_000, 2_000_000_000),
    work,
    project: path.join(work, 'project'),
    hidden,
    shown: kept,
    mounts: { opened: [], binds: [] },
    elevate,
    scratch,
    owned: false
  }
  try {
    // The sandbox user passes through to its work folder, and sees nothing else of it.
    await chmod(scratch, 0o711)
    await mkdir(work)
    await Promise.all(['home', 'tmp'].map(name => mkdir(path.join(work, name))))
    const copy = path.join(work, 'project')
    await copyProject(tree, copy)
    const view = await prepareRepositoryView(
      tree,
      path.join(scratch, 'git'),
      path.join(work, 'home')
    )
    const binds = kept.map(folder => ({ source: folder, target: folder, readOnly: true }))
    if (view !== undefined) {
      const folders = outermost(view.folders)
      binds.push(
        ...folders.map(folder => ({ source: folder, target: folder, readOnly: true })),
        { source: copy, target: tree.project, readOnly: false },
        ...view.configs.map(({ copy, target }) => ({ source: copy, target, readOnly: true }))
      )
      sandbox.project = tree.project
      sandbox.shown = outermost([...kept, ...folders])
      sandbox.repository = view.top
      sandbox.gitConfig = view.gitConfig
    }
    sandbox.mounts = mountPlan(scratch, binds, covered)
  } catch (error) {
    closeSandbox(sandbox)
    throw error
  }
  if (sandbox.mounts.opened.length > MAX_OPENED) {
    closeSandbox(sandbox)
    return { unavailable: `more than ${MAX_OPENED} folders would have to be shown in it` }
  }
  return { sandbox }
}

/**
 * The init script's mounts: the scratch folder first (the sources of later binds are in it), then
 * the others outermost first, so that no bind is covered by a later one. A source that will be
 * covered (by a hidden folder or a private /tmp) is opened before, and bound from its descriptor.
 * Pure.
 */
function mountPlan(scratch: string, binds: readonly Bind[], covered: readonly string[]): MountPlan {
  const opened: string[] = []
  const reachable = (source: string): string => {
    if (isWithinFolder(source, scratch) && source !== scratch) return source
    if (!covered.some(cover => isWithinFolder(source, cover))) return source
    opened.push(source)
    return `/proc/self/fd/${3 + opened.length}`
  }
  const first = { source: reachable(scratch), target: scratch, readOnly: false }
  const rest = [...binds]
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0))
    .map(bind => ({ ...bind, source: reachable(bind.source) }))
  return { opened, binds: [first, ...rest] }
}

/**
 * Runs `command` (absolute program path first) in the sandbox, in `cwd` (inside the work folder),
 * with exactly `env`; throws SandboxUnavailable when the sandbox could not be set up at its first
 * run, and a MetadataError when it could not be entered again after one (see {@link notEntered}).
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
    throw notEntered(sandbox, reason)
  }
  sandbox.owned = true
  return result
}

/**
 * Why the init script stopped before the command. Only before anything ran in the sandbox is that
 * the set-up failing (SandboxUnavailable, which lets the caller fall back to running uncontained).
 * After a run, project code has had the work folder to itself and could have planted what makes
 * the script stop (a dangling link for the project copy, say): falling back then would run the
 * next hook as the action's user, so it is an error instead. Pure.
 */
function notEntered(sandbox: Sandbox, reason: string): Error {
  if (!sandbox.owned)
    return new SandboxUnavailable(`the namespaces could not be set up (${reason})`)
  return new MetadataError(
    `Project code changed its work folder so that the sandbox could not be entered again (${reason}), and nothing more was run.`,
    'The build backend, or a package it installs, must leave its work folder as it found it; nothing of the project ran outside the sandbox.'
  )
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
    ...sandbox.mounts.opened,
    '--',
    ...sandbox.hidden,
    '--',
    ...sandbox.mounts.binds.flatMap(bind => [
      bind.source,
      bind.target,
      bind.readOnly ? 'ro' : 'rw'
    ]),
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

/**
 * The folders project code never sees as they are, wherever it runs: those the sandbox hides, and
 * those it replaces with private ones. A repository holding one is not shown to project code. Pure.
 */
export function foldersNotShown(env: Readonly<Record<string, string | undefined>>): string[] {
  return [...foldersToHide(env), ...PRIVATE_FOLDERS]
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
