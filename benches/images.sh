#!/usr/bin/env bash
# Image processing of Portico and Hugo on the same 100 camera-size photos, in the same run:
# `bash benches/images.sh` (options: RUNS=N, default 3; ONLY=hugo or ONLY=portico runs one tool's rows,
# and ONLY=hugo needs no cargo). It prints a markdown table: median wall time, peak memory (max RSS),
# time per photo and the ratio to Hugo in the same mode. Measured, not asserted: CI does not run it.
#
# Everything is written under target/bench/images/ (never committed). benches/gen-photos.py (Pillow;
# installed with pip if missing) writes 100 photos of 4000x3000, JPEG quality 90, about 2.3 MB each, once:
# later runs reuse them. Each photo becomes responsive images at widths 480, 800, 1200 and 1600 (never
# wider than the photo), JPEG at quality 80 and WebP at 75 in both tools, and every tool also publishes
# the original:
#   portico (avif+webp+jpeg)  one Markdown page per photo (`![...](/photos/photo-NNN.jpg)`, the photo in
#                             static/photos/): AVIF (Portico's default quality), WebP and JPEG at each
#                             width; `images: quality: {jpeg: 80, webp: 75}` in portico.yaml.
#   portico (webp+jpeg)       the same site with `images: formats: [webp]` too: WebP and the JPEG
#                             fallback, the same work as Hugo's.
#   hugo (webp+jpeg)          the photos in assets/photos/, one page per photo, a layout that calls
#                             .Resize for each width and format (WebP only with an "+extended" Hugo),
#                             Lanczos, and links the original. Hugo is installed with apt-get if missing.
# Not quite the same work: Portico publishes the original cleaned (decoded and encoded again, without its
# metadata) where Hugo copies its bytes, and makes a 1200x630 link-preview JPEG for each page.
# Modes: "empty" removes the tool's image cache (Portico: the site's .portico-cache/; Hugo: resources/ and
# its --cacheDir) before every run and builds into a new folder, so every image is processed again;
# "rebuild" builds again over the previous output with the cache kept, nothing having changed.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
ONLY=${ONLY:-}
BENCH=target/bench/images
PHOTOS=$BENCH/photos
COUNT=100
WIDTHS="480 800 1200 1600"
JPEG_Q=80
WEBP_Q=75
PORTICO=$PWD/target/release/portico

case "$ONLY" in
    "" | hugo | portico) ;;
    *) echo "ONLY must be hugo or portico" >&2 && exit 2 ;;
esac
if [ "$ONLY" != hugo ]; then cargo build --release --quiet; fi
mkdir -p "$BENCH"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
if [ "$ONLY" != portico ] && ! command -v hugo >/dev/null; then
    echo "installing Hugo (apt-get install hugo)" >&2
    $SUDO apt-get install -y -qq hugo >/dev/null 2>&1 ||
        { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq hugo >/dev/null; } ||
        echo "could not install Hugo: its rows are left out" >&2
fi
HAVE_HUGO=0
if [ "$ONLY" != portico ] && command -v hugo >/dev/null; then HAVE_HUGO=1; fi
# Only Hugo's "extended" build encodes WebP; a plain build makes only the JPEGs (and the table says so).
HUGO_WEBP=0
if [ $HAVE_HUGO = 1 ] && hugo version | grep -q '+extended'; then HUGO_WEBP=1; fi

if ! python3 -c 'import PIL' 2>/dev/null; then python3 -m pip install --quiet pillow; fi
echo "photos: $(python3 benches/gen-photos.py -o "$PHOTOS" -n $COUNT)" >&2
PHOTO_SIZE=$(python3 -c 'import sys; from PIL import Image; print("%dx%d" % Image.open(sys.argv[1]).size)' "$PHOTOS/photo-001.jpg")
PHOTO_WIDTH=${PHOTO_SIZE%x*}
SIZES=0 # images made per format and photo: the widths no wider than the photo
for w in $WIDTHS; do if [ "$w" -le "$PHOTO_WIDTH" ]; then SIZES=$((SIZES + 1)); fi; done

portico_yaml() {
    printf 'base_url: https://www.example.org\ntheme: clinic\npractice:\n  name: %s\n  phone: "(503) 555-0100"\n' "$1" >"$2/portico.yaml"
}

# Puts the photos in DIR (hard links: the same files, so every tool reads them from the same page cache).
photos_into() {
    mkdir -p "$1"
    for f in "$PHOTOS"/photo-*.jpg; do ln -f "$f" "$1/" 2>/dev/null || cp "$f" "$1/"; done
}

portico_site() { # DIR NAME [FORMATS]
    rm -rf "$1/content" "$1/static"
    mkdir -p "$1/content/photos"
    photos_into "$1/static/photos"
    portico_yaml "$2" "$1"
    printf 'images:\n  quality: { jpeg: %d, webp: %d }\n' $JPEG_Q $WEBP_Q >>"$1/portico.yaml"
    if [ -n "${3:-}" ]; then printf '  formats: [%s]\n' "$3" >>"$1/portico.yaml"; fi
    printf -- '---\ntitle: %s\n---\n\nOur photos.\n' "$2" >"$1/content/_index.md"
    printf -- '---\ntitle: Photos\n---\n\nOne page per photo.\n' >"$1/content/photos/_index.md"
    for i in $(seq -w 1 $COUNT); do
        i=$(printf '%03d' "$((10#$i))")
        printf -- '---\ntitle: Photo %s\n---\n\n![A generated test photo](/photos/photo-%s.jpg)\n' "$i" "$i" \
            >"$1/content/photos/photo-$i.md"
    done
}

hugo_site() { # DIR
    local site=$1 formats="\"jpg q$JPEG_Q\""
    if [ $HUGO_WEBP = 1 ]; then formats="\"webp q$WEBP_Q\" $formats"; fi
    rm -rf "$site/content" "$site/assets" "$site/layouts"
    mkdir -p "$site/content/photos" "$site/layouts/_default"
    photos_into "$site/assets/photos"
    cat >"$site/hugo.toml" <<EOF
baseURL = "https://www.example.org/"
title = "Riverside Family Medical Group"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[imaging]
quality = $JPEG_Q
resampleFilter = "lanczos"
EOF
    printf -- '---\ntitle: Riverside Family Medical Group\n---\n' >"$site/content/_index.md"
    printf -- '---\ntitle: Photos\n---\n' >"$site/content/photos/_index.md"
    for i in $(seq -w 1 $COUNT); do
        i=$(printf '%03d' "$((10#$i))")
        printf -- '---\ntitle: Photo %s\nphoto: photos/photo-%s.jpg\n---\n' "$i" "$i" >"$site/content/photos/photo-$i.md"
    done
    # One <picture> per page: a <source> per format but the last, an <img> with the last (JPEG); the
    # original is linked, so it is published as Portico publishes static/photos/.
    cat >"$site/layouts/_default/single.html" <<EOF
{{- \$img := resources.Get .Params.photo -}}
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>
<a href="{{ \$img.RelPermalink }}"><picture>
{{- \$formats := slice $formats }}
{{- range \$n, \$format := \$formats }}
  {{- \$set := slice }}{{ \$last := "" }}
  {{- range slice $WIDTHS }}{{ if le . \$img.Width }}
    {{- \$r := \$img.Resize (printf "%dx %s Lanczos" . \$format) }}
    {{- \$set = \$set | append (printf "%s %dw" \$r.RelPermalink .) }}{{ \$last = \$r }}
  {{- end }}{{ end }}
  {{- if lt (add \$n 1) (len \$formats) }}
<source type="image/{{ index (split \$format " ") 0 }}" srcset="{{ delimit \$set ", " }}" sizes="100vw">
  {{- else }}
<img src="{{ \$last.RelPermalink }}" srcset="{{ delimit \$set ", " }}" sizes="100vw" width="{{ \$last.Width }}" height="{{ \$last.Height }}" alt="A generated test photo">
  {{- end }}
{{- end }}
</picture></a>
</body></html>
EOF
    cat >"$site/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
EOF
    cp "$site/layouts/_default/list.html" "$site/layouts/index.html"
}

# Waits until the disk has been idle (/proc/pressure/io) for 5 s, 120 s at most. On this machine's ext4
# (mounted with `discard`), removing a large tree keeps the disk busy long after `rm` returns, and a tool
# run meanwhile pays for it (see benches/compare.sh).
idle() {
    local quiet=0
    for _ in $(seq 120); do
        if awk '/^some/ { split($2, a, "="); exit !(a[2] < 0.1) }' /proc/pressure/io 2>/dev/null; then
            quiet=$((quiet + 1))
            [ "$quiet" -ge 5 ] && return
        else
            quiet=0
        fi
        sleep 1
    done
}

# Between rows: removes what the runs before wrote, waits 30 s, then until the disk is idle.
settle() {
    rm -rf "$BENCH"/empty-* "$BENCH"/.empty-*
    sync
    sleep 30
    idle
}

# Before each "empty" run (not timed): the tool's image cache and the earlier runs' output folders go.
reset() { # SITE
    rm -rf "$BENCH"/empty-* "$BENCH"/.empty-* "$1/.portico-cache" "$1/resources" "$1/cache"
    sync
    idle
}

# Runs "$@" RUNS times; prints "median_seconds max_rss_kb". An argument `@EMPTY@` is replaced by a new
# folder for each run (the "empty" mode). With `-b FUNCTION ARG` first, `FUNCTION ARG` runs (untimed)
# before each run. A run that fails stops the bench with its output.
measure() {
    local before=() times=() rss=0 out run
    if [ "$1" = -b ]; then
        before=("$2" "$3")
        shift 3
    fi
    for run in $(seq "$RUNS"); do
        local args=()
        for arg in "$@"; do
            if [ "$arg" = @EMPTY@ ]; then arg=$PWD/$BENCH/empty-$run-$RANDOM; fi
            args+=("$arg")
        done
        if [ ${#before[@]} -gt 0 ]; then "${before[@]}"; fi
        sync
        if ! /usr/bin/time -o "$BENCH/time.txt" -f '%e %M' "${args[@]}" >"$BENCH/run.log" 2>&1; then
            echo "failed: ${args[*]}" >&2
            tail -20 "$BENCH/run.log" >&2
            exit 1
        fi
        out=$(tail -1 "$BENCH/time.txt")
        times+=("${out% *}")
        [ "${out#* }" -gt "$rss" ] && rss=${out#* }
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v rss="$rss" '{a[NR]=$1} END {print a[int((NR+1)/2)], rss}'
}

# An untimed build that must succeed (its output is shown if it fails).
build() {
    if ! "$@" >"$BENCH/run.log" 2>&1; then
        echo "failed: $*" >&2
        tail -20 "$BENCH/run.log" >&2
        exit 1
    fi
}

# Warns when an output folder does not hold the images it should: COUNT x SIZES files of each format
# made, none of the others, and at least as many JPEGs plus the published originals (Portico adds its
# link-preview JPEGs). Portico's names are its own, so files are counted by their ending.
expect() { # LABEL OUT FORMAT...
    local label=$1 out=$2 format n want
    shift 2
    for format in avif webp jpg; do
        n=$(find "$out" -type f \( -name "*.$format" -o -name "*.${format/jpg/jpeg}" \) | wc -l)
        want=0
        if [[ " $* " == *" $format "* ]]; then want=$((COUNT * SIZES)); fi
        if [ "$format" = jpg ]; then want=$((want + COUNT)); fi
        if [ "$n" != "$want" ] && { [ "$format" != jpg ] || [ "$n" -lt "$want" ]; }; then
            echo "warning: $label: $n .$format files in $out, expected $want" >&2
        fi
    done
}

EMPTY_ROWS=()
REBUILD_ROWS=()
declare -A HUGO_TIME
row() { # TOOL VARIANT MODE MEDIAN RSS
    local per_image ratio="" mb line
    per_image=$(awk -v n="$COUNT" -v t="$4" 'BEGIN { printf "%d ms", t * 1000 / n }')
    mb=$(($5 / 1024))
    if [ "$1" = portico ] && [ -n "${HUGO_TIME[$3]:-}" ]; then
        ratio=$(awk -v a="$4" -v b="${HUGO_TIME[$3]}" 'BEGIN {
            if (a <= 0 || b <= 0) { printf "%.2f", (b > 0 ? a / b : 0); exit }
            printf "%.2f (%.1fx %s)", a / b, (a < b ? b / a : a / b), (a < b ? "faster" : "slower") }')
    fi
    if [ "$1" = hugo ]; then HUGO_TIME[$3]=$4; fi
    line="| $1 | $2 | $3 | $4 s | $mb MB | $per_image | $ratio |"
    if [ "$3" = empty ]; then EMPTY_ROWS+=("$line"); else REBUILD_ROWS+=("$line"); fi
}

# One tool and variant: a first build (checked), "rebuild" over it, then "empty". CMD... ends with the
# output folder, given as @OUT@.
bench() { # TOOL VARIANT SITE CMD...
    local tool=$1 variant=$2 site=$3 out t m
    out=$PWD/$BENCH/out-${site##*/}
    shift 3
    local with_out=() with_empty=()
    for arg in "$@"; do
        if [ "$arg" = @OUT@ ]; then
            with_out+=("$out")
            with_empty+=(@EMPTY@)
        else
            with_out+=("$arg")
            with_empty+=("$arg")
        fi
    done
    settle
    reset "$site"
    rm -rf "$out" "$PWD/$BENCH/.out-${site##*/}".portico-*
    SECONDS=0
    build "${with_out[@]}"
    echo "$tool $variant: first build ${SECONDS} s" >&2
    case "$variant" in
        avif*) expect "$tool $variant" "$out" avif webp jpg ;;
        webp*) expect "$tool $variant" "$out" webp jpg ;;
        *) expect "$tool $variant" "$out" jpg ;;
    esac
    # Twice more: Portico's second build finds the first one's output and a staging tree to reuse.
    build "${with_out[@]}"
    build "${with_out[@]}"
    read -r t m < <(measure "${with_out[@]}")
    row "$tool" "$variant" rebuild "$t" "$m"
    settle
    read -r t m < <(measure -b reset "$site" "${with_empty[@]}")
    row "$tool" "$variant" empty "$t" "$m"
}

if [ $HAVE_HUGO = 1 ]; then
    hugo_site "$BENCH/hugo"
    variant="jpeg only (no WebP: not an extended Hugo)"
    if [ $HUGO_WEBP = 1 ]; then variant=webp+jpeg; fi
    bench hugo "$variant" "$BENCH/hugo" hugo --quiet --source "$BENCH/hugo" --cacheDir "$PWD/$BENCH/hugo/cache" -d @OUT@
fi
if [ "$ONLY" != hugo ]; then
    portico_site "$BENCH/portico" "Riverside Family Medical Group"
    portico_site "$BENCH/portico-webp" "Riverside Family Medical Group" webp
    bench portico "avif+webp+jpeg" "$BENCH/portico" "$PORTICO" build --root "$BENCH/portico" --output @OUT@
    bench portico "webp+jpeg (formats: [webp])" "$BENCH/portico-webp" "$PORTICO" build --root "$BENCH/portico-webp" --output @OUT@
fi
settle

echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); median of $RUNS runs;" \
    "$COUNT photos of $PHOTO_SIZE," \
    "JPEG q90, $(du -sm "$PHOTOS" | cut -f1) MB; widths $WIDTHS; $(hugo version 2>/dev/null | cut -d' ' -f1-2 || echo 'no Hugo')"
echo
echo "| tool | variant | mode | wall (median) | peak memory | per image | ratio to Hugo |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${EMPTY_ROWS[@]}" "${REBUILD_ROWS[@]}"
