#!/bin/sh
# Renders the pictures in docs/processes/ from the models' own diagrams: bpmn-js (viewer) in headless Chromium,
# whole diagram, scale 1:1, 40 px white margin. Needs npm, python3 and chromium (Debian: chromium).
#   docs/diagrams/render.sh                      every processes/*.bpmn -> docs/processes/<name>.png
#   docs/diagrams/render.sh model.bpmn out.png   one model
set -e
DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$DIR/../.." && pwd)
[ -d "$DIR/node_modules/bpmn-js" ] || npm install --silent --no-audit --no-fund --prefix "$DIR" >/dev/null
if [ $# -eq 0 ]; then
    for model in "$ROOT"/processes/*.bpmn; do
        "$0" "$model" "$ROOT/docs/processes/$(basename "$model" .bpmn).png"
    done
    exit 0
fi
[ $# -eq 2 ] || { echo "usage: $0 [model.bpmn out.png]" >&2; exit 2; }
IN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
HTML=$(mktemp --suffix=.html)
trap 'rm -f "$HTML"' EXIT
set -- $(python3 "$DIR/make_html.py" "$IN" "$HTML")
W=$1 H=$2
FLAGS="--headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --virtual-time-budget=5000 --allow-file-access-from-files"
# the page marks the import's outcome on <body>: a model bpmn-js cannot read is an error, not a blank picture
STATUS=$(chromium $FLAGS --dump-dom "file://$HTML" 2>/dev/null | grep -o 'data-status="[^"]*"' || echo 'data-status="page did not finish"')
case "$STATUS" in
    *'"OK warnings=0"'*) ;;
    *) echo "$(basename "$IN"): $STATUS" >&2; exit 1 ;;
esac
chromium $FLAGS --window-size="$W,$H" --screenshot="$OUT" "file://$HTML" 2>/dev/null
echo "$(basename "$IN") -> $OUT (${W}x${H})"
