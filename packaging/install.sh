#!/usr/bin/env bash
# Install (or --uninstall) the frozen faceorganizer app with its desktop entry and icons, in the XDG locations.
#   ./install.sh [--user]        the default: the app in ~/.local/lib/faceorganizer, ~/.local/bin/faceorganizer,
#                                ~/.local/share/applications, ~/.local/share/icons/hicolor
#   ./install.sh --system        /opt/faceorganizer, /usr/local/bin, /usr/local/share/... (as root)
#   ./install.sh [--user|--system] --uninstall
# Runs from an unpacked release tarball (app/, resources/) or from a checkout after packaging/build.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
MODE=user ACTION=install
for arg in "$@"; do
    case $arg in
        --user) MODE=user ;;
        --system) MODE=system ;;
        --uninstall) ACTION=uninstall ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

if [ "$MODE" = user ]; then
    DATA=${XDG_DATA_HOME:-$HOME/.local/share}
    APPDIR=$HOME/.local/lib/faceorganizer  # not $DATA/faceorganizer: that folder holds the user's library
    BIN=$HOME/.local/bin
else
    DATA=/usr/local/share
    APPDIR=/opt/faceorganizer
    BIN=/usr/local/bin
fi
APPS=$DATA/applications
ICONS=$DATA/icons/hicolor

refresh() {  # let the desktop notice; these tools are optional
    command -v update-desktop-database >/dev/null && update-desktop-database -q "$APPS" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

if [ "$ACTION" = uninstall ]; then
    rm -rf "$APPDIR"
    rm -f "$APPS/faceorganizer.desktop" "$ICONS/scalable/apps/faceorganizer.svg"
    rm -f "$ICONS"/*/apps/faceorganizer.png
    if [ -L "$BIN/faceorganizer" ]; then rm -f "$BIN/faceorganizer"; fi
    refresh
    echo "faceorganizer uninstalled ($MODE); your libraries and settings are kept"
    exit 0
fi

if [ -d "$HERE/app" ]; then SRC=$HERE/app RES=$HERE/resources              # release tarball
else SRC=$HERE/../dist/faceorganizer RES=$HERE/../resources; fi          # checkout
[ -x "$SRC/faceorganizer" ] || { echo "install.sh: no app at $SRC (run packaging/build.sh first)" >&2; exit 1; }

mkdir -p "$(dirname "$APPDIR")" "$BIN" "$APPS" "$ICONS/scalable/apps"
rm -rf "$APPDIR.new" && cp -a "$SRC" "$APPDIR.new" && rm -rf "$APPDIR" && mv "$APPDIR.new" "$APPDIR"
ln -sfn "$APPDIR/faceorganizer" "$BIN/faceorganizer"
sed "s|^Exec=faceorganizer |Exec=$APPDIR/faceorganizer |" "$RES/faceorganizer.desktop" > "$APPS/faceorganizer.desktop"
cp "$RES/icons/faceorganizer.svg" "$ICONS/scalable/apps/faceorganizer.svg"
for png in "$RES"/icons/faceorganizer-*.png; do
    size=$(basename "$png" .png); size=${size#faceorganizer-}
    mkdir -p "$ICONS/${size}x${size}/apps" && cp "$png" "$ICONS/${size}x${size}/apps/faceorganizer.png"
done
refresh
echo "faceorganizer $("$APPDIR/faceorganizer" --version | cut -d' ' -f2) installed ($MODE) in $APPDIR: $BIN/faceorganizer"
case ":$PATH:" in *":$BIN:"*) ;; *) echo "note: $BIN is not on your PATH" ;; esac
