"""A tiny in-tree PEP 517 backend with build_wheel only (no prepare_metadata_for_build_wheel)."""
import base64, hashlib, os, zipfile

NAME, VERSION = "tree_pkg", "0.0.7"
METADATA = (
    "Metadata-Version: 2.1\n"
    "Name: tree-pkg\n"
    "Version: 0.0.7\n"
    "Summary: Built by an in-tree backend found through backend-path\n"
    "Requires-Dist: six>=1.16\n"
    "Requires-Dist: colorama; extra == \"color\"\n"
    "Provides-Extra: color\n"
    "\n"
    "The description, as the message body.\n"
)


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, digest, len(data))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    dist_info = "%s-%s.dist-info" % (NAME, VERSION)
    files = {
        "treepkg/__init__.py": open(os.path.join("treepkg", "__init__.py"), "rb").read(),
        dist_info + "/METADATA": METADATA.encode(),
        dist_info + "/WHEEL": b"Wheel-Version: 1.0\nGenerator: treebackend\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [_record_line(name, data) for name, data in files.items()] + [dist_info + "/RECORD,,"]
    wheel = "%s-%s-py3-none-any.whl" % (NAME, VERSION)
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(dist_info + "/RECORD", "\n".join(record) + "\n")
    return wheel


def build_sdist(sdist_directory, config_settings=None):
    raise NotImplementedError("this test backend builds wheels only")
