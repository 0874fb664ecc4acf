"""``python -m newsarchive.embedded_db start|stop|status`` (status exits 3 when stopped)."""

import sys

from .server import DATA_DIR, ensure_running, is_running, stop


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "status"
    if action == "start":
        print(f"embedded PostgreSQL running, socket in {ensure_running()}")
    elif action == "stop":
        print("embedded PostgreSQL stopped" if stop() else "embedded PostgreSQL was not running")
    elif action == "status":
        running = is_running()
        print(f"embedded PostgreSQL {'running' if running else 'stopped'} ({DATA_DIR})")
        return 0 if running else 3
    else:
        print("usage: python -m newsarchive.embedded_db start|stop|status", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
