import socket
import sys
import time


def check(target, timeout=2.0):
    host, _, port = target.partition(":")
    start = time.monotonic()
    try:
        with socket.create_connection((host, int(port or 80)), timeout=timeout):
            return (time.monotonic() - start) * 1000
    except OSError:
        return None


def main(argv=None):
    for target in (sys.argv[1:] if argv is None else argv):
        ms = check(target)
        print(f"{target:<16} {'up' if ms is not None else 'down':<5} "
              f"{f'{ms:.0f} ms' if ms is not None else 'timeout'}")
    return 0
