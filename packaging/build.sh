#!/usr/bin/env bash
# Build faceorganizer's installable artifacts from a clean checkout, into dist/:
#   dist/faceorganizer/                  the frozen one-folder app (PyInstaller; needs no Python)
#   dist/faceorganizer-VERSION*.whl/.tar.gz   wheel and sdist (with --wheel, or --all)
#   dist/faceorganizer-VERSION-linux-ARCH.tar.gz   app + desktop entry + icons + install.sh (--tarball, or --all)
# Usage: packaging/build.sh [--wheel] [--tarball] [--all]
# The build venv is build/venv (FO_BUILD_VENV overrides; it is reused when it exists).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WHEEL=0 TARBALL=0
for arg in "$@"; do
    case $arg in
        --wheel) WHEEL=1 ;;
        --tarball) TARBALL=1 ;;
        --all) WHEEL=1 TARBALL=1 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' faceorganizer/__init__.py)
VENV=${FO_BUILD_VENV:-$ROOT/build/venv}
PY=${PYTHON:-python3}

# The GUI's dependencies when the GUI and its extra exist (the spec then adds Qt and faceorganizer-gui).
EXTRAS=package
if [ -d faceorganizer/gui ] && grep -q '^gui = ' pyproject.toml; then EXTRAS=package,gui; fi

start=$SECONDS
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
# A regular (not editable) install: PyInstaller collects the installed package, models and fonts included.
"$VENV/bin/pip" install --quiet --disable-pip-version-check ".[$EXTRAS]"
echo "build.sh: installed .[$EXTRAS] into $VENV ($((SECONDS - start)) s)"

t=$SECONDS
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" \
    packaging/faceorganizer.spec
echo "build.sh: dist/faceorganizer/ built ($((SECONDS - t)) s, $(du -sh dist/faceorganizer | cut -f1))"

if [ "$WHEEL" = 1 ]; then
    "$VENV/bin/python" -m build --outdir dist . >/dev/null
    echo "build.sh: dist/faceorganizer-$VERSION.tar.gz and dist/faceorganizer-$VERSION-py3-none-any.whl"
fi

if [ "$TARBALL" = 1 ]; then
    name=faceorganizer-$VERSION-linux-$(uname -m)
    stage=$ROOT/build/$name
    rm -rf "$stage" && mkdir -p "$stage/resources"
    cp -a dist/faceorganizer "$stage/app"
    cp -a resources/faceorganizer.desktop resources/icons "$stage/resources/"
    cp packaging/install.sh "$stage/install.sh"
    tar -C "$ROOT/build" -czf "dist/$name.tar.gz" "$name"
    echo "build.sh: dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1)); unpack and run ./install.sh"
fi
echo "build.sh: done in $((SECONDS - start)) s"
