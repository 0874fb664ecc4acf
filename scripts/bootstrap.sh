# Sourced by the other scripts: make .venv/ in the checkout and install a lockfile into it.
# Re-installs only when the lockfile changed since the last install.

# Python 3.11 if there is one, else 3.12: the lockfiles install on both.
find_python() {
    for candidate in python3.11 python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))' \
                2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "newsarchive needs Python 3.11 or 3.12 (python3.11, python3.12 or python3 on PATH)." >&2
    return 1
}

bootstrap() {
    local lockfile="$1"
    local stamp=".venv/.installed-$(basename "$lockfile")"
    if [ ! -x .venv/bin/python ]; then
        echo "Creating the virtualenv in .venv/ ..." >&2
        "$(find_python)" -m venv .venv
    fi
    if [ ! -f "$stamp" ] || ! cmp -s "$lockfile" "$stamp"; then
        echo "Installing $lockfile into .venv/ ..." >&2
        .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lockfile"
        rm -f .venv/.installed-*
        cp "$lockfile" "$stamp"
    fi
}
