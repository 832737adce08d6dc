#!/usr/bin/env bash
# Whole-process build times of Portico and, where it is installed, Hugo, on the same generated pages in the
# same run: `bash benches/compare.sh` (options: RUNS=N, default 5; SERVE=1 also runs the serve-latency
# bench). It prints a markdown table: median wall time, pages per second, peak memory (max RSS) and the
# ratio to Hugo in the same mode. Measured, not asserted: CI does not run it.
#
# The sites are written by ../shared/bench/gen-corpus.py into target/bench/ (never committed):
# `--flavor plain` plus a portico.yaml (default theme, clinic) for Portico, `--flavor hugo` for Hugo.
# Modes: "empty" builds into a folder that does not exist (a new folder for every run: see `settle`);
# "rebuild" builds again over the previous output, nothing having changed. Every Portico row has topic
# pages and search (both on by default); the "no-search" and "features" rows vary that (see `variant`).
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BENCH=target/bench
GEN=../shared/bench/gen-corpus.py
PORTICO=$PWD/target/release/portico

cargo build --release --quiet
mkdir -p "$BENCH"

portico_yaml() {
    printf 'base_url: https://www.example.org\ntheme: clinic\npractice:\n  name: %s\n  phone: "(503) 555-0100"\n' "$1" >"$2/portico.yaml"
}

corpus() { # FLAVOR PAGES -> target/bench/FLAVOR-PAGES
    local dir=$BENCH/$1-$2
    if [ ! -f "$dir/corpus.json" ]; then
        python3 "$GEN" --flavor "$1" -n "$2" --force -o "$dir" >/dev/null
    fi
    if [ "$1" = plain ]; then portico_yaml "Riverside Family Medical Group" "$dir"; fi
}

variant() { # CORPUS NAME YAML [BLOG_FRONT_MATTER] -> a copy of target/bench/CORPUS with more config
    local dir=$BENCH/$1-$2
    rm -rf "$dir"
    cp -r "$BENCH/$1" "$dir"
    printf '%s\n' "$3" >>"$dir/portico.yaml"
    if [ -n "${4:-}" ]; then
        sed -i "0,/^title:/s//$4\ntitle:/" "$dir/content/blog/_index.md"
    fi
}

fleet() { # 100 sites of 30 pages each, for `portico build --sites`
    local dir=$BENCH/fleet
    if [ ! -d "$dir/site-100" ]; then
        corpus plain 30
        rm -rf "$dir"
        mkdir -p "$dir"
        for i in $(seq -w 1 100); do
            cp -r "$BENCH/plain-30" "$dir/site-$i"
            portico_yaml "Clinic $i" "$dir/site-$i"
        done
    fi
}

# Removes what the runs before wrote, then waits for the file system to finish that work. On this
# machine's ext4 (mounted with `discard`), removing a 10,000-file tree keeps the disk busy long after `rm`
# returns, and for a while every folder or file created afterwards costs several times more: a tool run
# right after a removal pays for it. So "empty" runs each get a folder of their own, the removal happens
# between the rows, and the next row waits 30 s and then until the disk has been idle (/proc/pressure/io)
# for 5 s. The median of the runs leaves out a first run that still pays.
settle() {
    rm -rf "$BENCH"/empty-* "$BENCH"/.empty-*
    sync
    sleep 30
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

# Runs "$@" RUNS times; prints "median_seconds max_rss_kb". An argument `@EMPTY@` is replaced by a new
# folder for each run (the "empty" mode).
measure() {
    local times=() rss=0 out run
    for run in $(seq "$RUNS"); do
        local args=()
        for arg in "$@"; do
            if [ "$arg" = @EMPTY@ ]; then arg=$PWD/$BENCH/empty-$run-$RANDOM; fi
            args+=("$arg")
        done
        sync
        /usr/bin/time -o "$BENCH/time.txt" -f '%e %M' "${args[@]}" >/dev/null 2>&1
        out=$(tail -1 "$BENCH/time.txt")
        times+=("${out% *}")
        [ "${out#* }" -gt "$rss" ] && rss=${out#* }
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v rss="$rss" '{a[NR]=$1} END {print a[int((NR+1)/2)], rss}'
}

ROWS=()
declare -A HUGO_TIME
row() { # TOOL SITE MODE PAGES MEDIAN RSS
    local pages_per_s ratio="" mb
    pages_per_s=$(awk -v p="$4" -v t="$5" 'BEGIN { printf "%d", (t > 0 ? p / t : 0) }')
    mb=$(( $6 / 1024 ))
    if [ "$1" = portico ] && [ -n "${HUGO_TIME[$2-$3]:-}" ]; then
        ratio=$(awk -v a="$5" -v b="${HUGO_TIME[$2-$3]}" 'BEGIN { printf "%.2f (%.1fx faster)", a / b, b / a }')
    fi
    if [ "$1" = hugo ]; then HUGO_TIME[$2-$3]=$5; fi
    ROWS+=("| $1 | $2 | $3 | $5 s | $pages_per_s | $mb MB | $ratio |")
}

HAVE_HUGO=0
if command -v hugo >/dev/null; then HAVE_HUGO=1; fi

for pages in 1000 10000; do
    corpus plain $pages
    site=$BENCH/plain-$pages
    out=$BENCH/out-portico-$pages
    if [ $HAVE_HUGO = 1 ]; then
        corpus hugo $pages
        hout=$PWD/$BENCH/out-hugo-$pages
        settle
        read -r t m < <(measure hugo --quiet --source "$BENCH/hugo-$pages" -d @EMPTY@)
        row hugo "$pages pages" empty $pages "$t" "$m"
        hugo --quiet --source "$BENCH/hugo-$pages" -d "$hout" >/dev/null 2>&1 # the output to rebuild over
        read -r t m < <(measure hugo --quiet --source "$BENCH/hugo-$pages" -d "$hout")
        row hugo "$pages pages" rebuild $pages "$t" "$m"
    fi
    settle
    read -r t m < <(measure "$PORTICO" build --root "$site" --output @EMPTY@)
    row portico "$pages pages" empty $pages "$t" "$m"
    # Twice: the second build finds the first one's output and a staging tree to reuse.
    "$PORTICO" build --root "$site" --output "$out" >/dev/null 2>&1
    "$PORTICO" build --root "$site" --output "$out" >/dev/null 2>&1
    read -r t m < <(measure "$PORTICO" build --root "$site" --output "$out")
    row portico "$pages pages" rebuild $pages "$t" "$m"
done

# The 10,000-page site with search off, to show what the index costs (issue 24 allows it 30% of the
# build), and with everything on as a news section uses it: the blog's Atom and JSON feeds and its list
# split ten to a page, besides the topic pages and search that every row has by default.
variant plain-10000 no-search 'search: { enabled: false }'
variant plain-10000 features 'feeds: { sections: [blog] }' 'paginate_by: 10'
for name in no-search features; do
    site=$BENCH/plain-10000-$name
    settle
    read -r t m < <(measure "$PORTICO" build --root "$site" --output @EMPTY@)
    row portico "10000 pages, $name" empty 10000 "$t" "$m"
    out=$BENCH/out-portico-10000-$name
    "$PORTICO" build --root "$site" --output "$out" >/dev/null 2>&1
    "$PORTICO" build --root "$site" --output "$out" >/dev/null 2>&1
    read -r t m < <(measure "$PORTICO" build --root "$site" --output "$out")
    row portico "10000 pages, $name" rebuild 10000 "$t" "$m"
done
settle

fleet
"$PORTICO" build --quiet --sites "$BENCH/fleet" >/dev/null 2>&1
read -r t m < <(measure "$PORTICO" build --quiet --sites "$BENCH/fleet")
row portico "fleet 100 x 30" rebuild 3000 "$t" "$m"

echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); median of $RUNS runs; $(hugo version 2>/dev/null | cut -d' ' -f1-2 || echo 'no Hugo')"
echo
echo "| tool | site | mode | wall (median) | pages/s | peak memory | ratio to Hugo |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"

if [ "${SERVE:-0}" = 1 ]; then
    echo
    cargo bench --bench serve_latency
fi
