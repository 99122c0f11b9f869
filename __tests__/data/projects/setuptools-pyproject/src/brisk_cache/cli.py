import sys

from . import __version__


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--version" in argv:
        print(__version__)
        return 0
    print("usage: brisk-cache [--version]")
    return 0
