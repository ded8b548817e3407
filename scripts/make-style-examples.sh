#!/usr/bin/env bash
# Regenerates the style thumbnails of the web page (src/Gateway/wwwroot/styles/<style>.jpg): the NASA public-domain
# portrait ../shared/samples/astronaut_eileen_collins_nasa.png cartoonized by the CLI in each of the 7 styles, then
# cropped to the face and scaled to 128 px with ImageMagick (`convert`). Needs the weights (../shared/models).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SAMPLE="${1:-$ROOT/../shared/samples/astronaut_eileen_collins_nasa.png}"
DEST="$ROOT/src/Gateway/wwwroot/styles"
CROP="${CARTOON_EXAMPLE_CROP:-232x232+104+14}" # the face in the 512x512 sample
STYLES=(3d anime artstyle design handdrawn illustration sketch)

CONVERT="${CONVERT:-convert}" # ImageMagick; point CONVERT at it when another `convert` comes first on PATH
"$CONVERT" -version 2>/dev/null | grep -q ImageMagick \
    || { echo "ImageMagick's convert is needed (apt-get install imagemagick, or CONVERT=/usr/bin/convert)" >&2; exit 1; }
[[ -f "$SAMPLE" ]] || { echo "sample not found: $SAMPLE" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build src/Cli -c Release -v q -nologo >/dev/null
mkdir -p "$DEST"
for style in "${STYLES[@]}"; do
    dotnet run --no-build -c Release --project src/Cli -- convert "$SAMPLE" --out "$work/$style" --style "$style" --device cpu
    "$CONVERT" "$work/$style/$(basename "${SAMPLE%.*}").png" -crop "$CROP" +repage -resize 128x128 \
        -strip -sampling-factor 4:2:0 -quality 82 "$DEST/$style.jpg"
    echo "$DEST/$style.jpg: $(stat -c %s "$DEST/$style.jpg") bytes"
done
