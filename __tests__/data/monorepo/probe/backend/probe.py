"""A build backend that reads its version from git as setuptools-scm does, then reports what
project code can read: every file under /tmp (in the sandbox, its private /tmp with what is shown
in it) and under the repository, whether it can change the repository, what git says its configuration is, and its environment. It also
asks git from its own folder, as versioneer and dunamai do: git has to find the repository above.

The test writes probe.json beside pyproject.toml: where to report (a loopback collector) and where
the repository's work tree is, relative to the project, and other folders to look into.
"""
import json
import os
import subprocess
import urllib.request

import setuptools_scm

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(HERE, "probe.json")) as stream:
    CONFIG = json.load(stream)


def readable(roots):
    found = {}
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                try:
                    with open(path, "rb") as stream:
                        found[path] = stream.read(1 << 20).decode("latin-1")
                except OSError:
                    pass
    return found


def try_to_change(top):
    """What project code could change in the repository (it is shown read-only): new files in the
    work tree and the git folder, and appending to files that exist."""
    attempts = {}
    targets = [(os.path.join(top, "written-by-project-code"), "w"),
               (os.path.join(top, ".git", "written-by-project-code"), "w"),
               (os.path.join(top, ".git", "config"), "a"),
               (os.path.join(top, "pkg-a", "README.md"), "a")]
    for target, mode in targets:
        if mode == "a" and not os.path.exists(target):
            continue
        try:
            with open(target, mode) as stream:
                stream.write("changed")
            attempts[target] = "written"
        except OSError as error:
            attempts[target] = error.strerror
    return attempts


def prepare_metadata_for_build_wheel(directory, config_settings=None):
    top = os.path.normpath(os.path.join(HERE, CONFIG["root"]))
    version = setuptools_scm.get_version(root=top)
    git = subprocess.run(["git", "config", "--list", "--show-origin"], cwd=HERE,
                         capture_output=True, text=True)
    described = subprocess.run(["git", "describe", "--tags", "--long"], cwd=HERE,
                               capture_output=True, text=True)
    report = {
        "version": version,
        "described": described.stdout.strip() or described.stderr,
        "project": HERE,
        "git config": git.stdout + git.stderr,
        "environment": dict(os.environ),
        "files": readable(["/tmp", top] + CONFIG.get("look", [])),
        "changes": try_to_change(top),
    }
    urllib.request.urlopen(CONFIG["collector"], json.dumps({"kind": "probe", "data": report}).encode(),
                           timeout=10)
    os.makedirs(os.path.join(directory, "probe-%s.dist-info" % version))
    with open(os.path.join(directory, "probe-%s.dist-info" % version, "METADATA"), "w") as stream:
        stream.write("Metadata-Version: 2.1\nName: probe\nVersion: %s\n" % version)
    return "probe-%s.dist-info" % version
