#!/usr/bin/env bash
# Scale benchmark of akhbar (not run by CI): generates 10k and 100k corpora (and 1M with --1m),
# measures load time, peak RSS, keystroke and facet-toggle latency, and fuzzy title search
# against fzf, then prints one markdown table.
#
#   scripts/bench.sh [--1m] [--no-criterion] [--runs N] [--real-only]
#
# A second table measures articles of real agency length (bodies of 2 KB and more, 2.9 KB on
# average, built from ANT paragraphs): 100k, and 1M with --1m, each cold (--no-cache) and
# reopened with the corpus cache. --real-only skips the first table.
#
# Corpora are cached in target/bench-corpora (delete it to regenerate). Needs python3 (to read
# JSON); installs `time`, `fzf` and `hyperfine` from Debian packages when missing and root.
set -euo pipefail
cd "$(dirname "$0")/.."

ONE_M=0
CRITERION=1
RUNS=5
REAL_ONLY=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --1m) ONE_M=1 ;;
    --no-criterion) CRITERION=0 ;;
    --runs) RUNS="$2"; shift ;;
    --real-only) REAL_ONLY=1 ;;
    *) echo "usage: $0 [--1m] [--no-criterion] [--runs N] [--real-only]" >&2; exit 2 ;;
  esac
  shift
done

SEED=2022
DIR=target/bench-corpora
OUT="$DIR/results"
BIN=target/release/akhbar
# The same queries as the criterion benches: prefixes of a name pair, in Arabic and in Latin.
QUERIES=("لافروف" "لافروف بلينكن" "lavrov" "lavrov blinken")
mkdir -p "$DIR" "$OUT"

ensure_tool() { # ensure_tool COMMAND DEBIAN_PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -qq "$2" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$2" >/dev/null 2>&1; } || true
  fi
  command -v "$1" >/dev/null 2>&1
}
[[ -x /usr/bin/time ]] || ensure_tool /usr/bin/time time || { echo "need /usr/bin/time" >&2; exit 1; }
ensure_tool fzf fzf || { echo "need fzf" >&2; exit 1; }
HYPERFINE=0
ensure_tool hyperfine hyperfine && HYPERFINE=1

json() { # json FILE EXPR — evaluates a Python expression over the JSON value `j` in FILE
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

echo "== building release" >&2
cargo build --release -q
FROM=()
ANT=../shared/data/ant-news.jsonl
[[ -f $ANT ]] && FROM=(--from-corpus "$ANT")

generate() { # generate N FORMAT PATH [MIN_BODY_BYTES] — a .done marker says the output is complete
  [[ -f "$3.done" ]] && return 0
  echo "== generating $1 articles as $2 into $3" >&2
  rm -rf "$3"
  "$BIN" generate --articles "$1" --seed "$SEED" --format "$2" --out "$3" "${FROM[@]}" \
    --min-body-bytes "${4:-0}" >"$3.summary.json"
  touch "$3.done"
}

# Real-length corpora, cold and cached: one row each.
real_rows() {
  local sizes=(100000) n k path cache
  [[ $ONE_M -eq 1 ]] && sizes+=(1000000)
  cache=$(mktemp -d)
  for n in "${sizes[@]}"; do
    k=$((n / 1000))k
    [[ $n -eq 1000000 ]] && k=1m
    path="$DIR/$k-real.jsonl"
    generate "$n" jsonl "$path" 2000
    echo "== measuring $k-real (cold, then with the cache)" >&2
    # Read once first, so that cold means akhbar's work, not the disk's: a 2.9 GB file only
    # partly in the page cache measured 142 MB/s one run and 228 MB/s the next.
    cat "$path" >/dev/null
    XDG_CACHE_HOME=$cache /usr/bin/time -v "$BIN" --no-cache stats "$path" --json >"$OUT/$k-real.cold.json" 2>"$OUT/$k-real.cold.time"
    XDG_CACHE_HOME=$cache /usr/bin/time -v "$BIN" stats "$path" --json >"$OUT/$k-real.fill.json" 2>"$OUT/$k-real.fill.time"
    XDG_CACHE_HOME=$cache /usr/bin/time -v "$BIN" stats "$path" --json >"$OUT/$k-real.warm.json" 2>"$OUT/$k-real.warm.time"
    local mb load_mbs cold_load cold_ent warm_load warm_ent rss_cold rss_fill rss_warm p50 p99
    local cold_frame cold_facets warm_frame warm_facets
    mb=$(json "$OUT/$k-real.cold.json" "round(j['bytes']/1e6)")
    cold_load=$(json "$OUT/$k-real.cold.json" "round(j['load_ms']/1000, 2)")
    load_mbs=$(json "$OUT/$k-real.cold.json" "round(j['bytes']/1e3/j['load_ms'])")
    cold_ent=$(json "$OUT/$k-real.cold.json" "round(j['extract_ms']/1000, 2)")
    warm_load=$(json "$OUT/$k-real.warm.json" "round(j['load_ms']/1000, 2)")
    warm_ent=$(json "$OUT/$k-real.warm.json" "round(j['extract_ms']/1000, 2)")
    rss_cold=$(( $(grep 'Maximum resident' "$OUT/$k-real.cold.time" | awk '{print $NF}') / 1024 ))
    rss_warm=$(( $(grep 'Maximum resident' "$OUT/$k-real.warm.time" | awk '{print $NF}') / 1024 ))
    rss_fill=$(( $(grep 'Maximum resident' "$OUT/$k-real.fill.time" | awk '{print $NF}') / 1024 ))
    # The explorer draws its list once the corpus is loaded and indexed, and fills the facets
    # once the entities are extracted (or read from the cache).
    cold_frame=$(json "$OUT/$k-real.cold.json" "round((j['load_ms']+j['index_ms'])/1000, 2)")
    cold_facets=$(json "$OUT/$k-real.cold.json" "round((j['load_ms']+j['index_ms']+j['extract_ms'])/1000, 2)")
    warm_frame=$(json "$OUT/$k-real.warm.json" "round((j['load_ms']+j['index_ms'])/1000, 2)")
    warm_facets=$(json "$OUT/$k-real.warm.json" "round((j['load_ms']+j['index_ms']+j['extract_ms'])/1000, 2)")
    AKHBAR_KEYS_CORPUS="$path" cargo bench -q --bench keys 2>/dev/null | grep '^KEYS_JSON ' |
      sed 's/^KEYS_JSON //' >"$OUT/$k-real.keys.json"
    p50=$(json "$OUT/$k-real.keys.json" "round(j['results_p50_ms'], 1)")
    p99=$(json "$OUT/$k-real.keys.json" "round(j['results_p99_ms'], 1)")
    ratio() { python3 -c "print(round($1/$mb, 2))"; }
    REAL+=("| $k-real | $n | $mb | $cold_load ($load_mbs MB/s) | $cold_ent | $cold_frame / $cold_facets | $rss_cold ($(ratio "$rss_cold")x) | $rss_fill ($(ratio "$rss_fill")x) | $warm_load | $warm_ent | $warm_frame / $warm_facets | $rss_warm ($(ratio "$rss_warm")x) | $p50 / $p99 |")
  done
  rm -rf "$cache"
}

# (name, articles, format, path) of every corpus measured. The .txt folder is skipped at 1M
# (a million small files measures the file system more than akhbar).
CORPORA=()
SIZES=(10000 100000)
[[ $ONE_M -eq 1 ]] && SIZES+=(1000000)
[[ $REAL_ONLY -eq 1 ]] && SIZES=()
for n in "${SIZES[@]}"; do
  k=$((n / 1000))k
  generate "$n" jsonl "$DIR/$k.jsonl"
  CORPORA+=("$k.jsonl|$DIR/$k.jsonl")
  if [[ $n -le 100000 ]]; then
    generate "$n" txt "$DIR/$k-txt"
    CORPORA+=("$k-txt|$DIR/$k-txt")
  fi
done

if [[ $CRITERION -eq 1 ]]; then
  echo "== criterion benches (load, search, frame)" >&2
  cargo bench -q --bench load --bench search --bench frame 2>&1 | tee "$OUT/criterion.txt" >&2
fi

# mean_ms CMD — mean wall time of a shell command over $RUNS runs (hyperfine when present)
mean_ms() {
  if [[ $HYPERFINE -eq 1 ]]; then
    hyperfine -i --style none --warmup 1 --runs "$RUNS" --export-json "$OUT/hf.json" "$1" >/dev/null
    json "$OUT/hf.json" "round(j['results'][0]['mean']*1000, 1)"
  else
    local t0 t1
    t0=$(date +%s%N)
    for _ in $(seq "$RUNS"); do bash -c "$1" >/dev/null || true; done
    t1=$(date +%s%N)
    echo $(((t1 - t0) / RUNS / 1000000))
  fi
}

ROWS=()
for c in "${CORPORA[@]}"; do
  name=${c%%|*}
  path=${c#*|}
  echo "== measuring $name" >&2
  /usr/bin/time -v "$BIN" stats "$path" --json >"$OUT/$name.stats.json" 2>"$OUT/$name.time.txt"
  articles=$(json "$OUT/$name.stats.json" "j['articles']")
  mb=$(json "$OUT/$name.stats.json" "round(j['bytes']/1e6, 1)")
  load_s=$(json "$OUT/$name.stats.json" "round(j['load_ms']/1000, 2)")
  ent_s=$(json "$OUT/$name.stats.json" "round(j['extract_ms']/1000, 2)")
  ent_pct=$(json "$OUT/$name.stats.json" "round(100*j['extract_ms']/max(j['load_ms'], 0.001))")
  wall=$(grep 'Elapsed (wall clock)' "$OUT/$name.time.txt" | awk '{print $NF}')
  rss_kb=$(grep 'Maximum resident set size' "$OUT/$name.time.txt" | awk '{print $NF}')
  rss_mb=$((rss_kb / 1024))
  ratio_rss=$(python3 -c "print(round($rss_mb / max($mb, 0.1), 1))")

  AKHBAR_KEYS_CORPUS="$path" cargo bench -q --bench keys 2>/dev/null | grep '^KEYS_JSON ' |
    sed 's/^KEYS_JSON //' >"$OUT/$name.keys.json"
  p50=$(json "$OUT/$name.keys.json" "round(j['key_p50_ms'], 1)")
  p99=$(json "$OUT/$name.keys.json" "round(j['key_p99_ms'], 1)")
  toggle=$(json "$OUT/$name.keys.json" "round(j['toggle_p50_ms'], 1)")
  r50=$(json "$OUT/$name.keys.json" "round(j['results_p50_ms'], 1)")
  r99=$(json "$OUT/$name.keys.json" "round(j['results_p99_ms'], 1)")

  # The same titles for both: one a line for fzf, a titles-only JSONL for akhbar, so the
  # comparison is title search (plus each program's start-up), not corpus loading.
  "$BIN" list "$path" | cut -f4 >"$OUT/$name.titles.txt"
  python3 -c 'import json,sys
with open(sys.argv[2], "w") as out:
    for i, t in enumerate(open(sys.argv[1], encoding="utf-8")):
        out.write(json.dumps({"id": str(i), "title": t.rstrip("\n")}, ensure_ascii=False) + "\n")' \
    "$OUT/$name.titles.txt" "$OUT/$name.titles.jsonl"
  fzf_total=0 akh_total=0 detail=""
  for q in "${QUERIES[@]}"; do
    f=$(mean_ms "fzf --filter '$q' < $OUT/$name.titles.txt")
    a=$(mean_ms "$BIN list $OUT/$name.titles.jsonl --query '$q' --json")
    fzf_total=$(python3 -c "print($fzf_total + $f)")
    akh_total=$(python3 -c "print($akh_total + $a)")
    detail+="$q: fzf $f ms, akhbar $a ms; "
  done
  echo "   $detail" >&2
  nq=${#QUERIES[@]}
  fzf_ms=$(python3 -c "print(round($fzf_total / $nq, 1))")
  akh_ms=$(python3 -c "print(round($akh_total / $nq, 1))")
  ratio=$(python3 -c "print(round($akh_ms / max($fzf_ms, 0.1), 1))")
  ROWS+=("| $name | $articles | $mb | $load_s | $ent_s ($ent_pct%) | $wall | $rss_mb | $ratio_rss | $p50 / $p99 | $r50 / $r99 | $toggle | $fzf_ms | $akh_ms | ${ratio}x |")
done

REAL=()
real_rows

RAM=$(free -g | awk '/^Mem:/ {print $2}')
CPU=$(lscpu | grep 'Model name' | sed 's/Model name: *//')
echo
echo "Machine: $(nproc) cores, $CPU, ${RAM} GB RAM; $(rustc --version)"
echo
if [[ ${#ROWS[@]} -gt 0 ]]; then
  echo "| corpus | articles | MB | load s | entities s (% of load) | stats wall | peak RSS MB | RSS / MB | key → frame p50 / p99 ms | key → results p50 / p99 ms | facet toggle p50 ms | fzf --filter ms (titles) | akhbar list --query ms (titles) | akhbar / fzf |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
fi
echo "Real-length articles (bodies of 2 KB and more, 2.9 KB on average):"
echo
echo "| corpus | articles | MB | cold load s | cold entities s | cold list / facets s | cold peak RSS MB | first open (writes the cache) peak RSS MB | cached load s | cached entities s | cached list / facets s | cached peak RSS MB | title key → results p50 / p99 ms |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${REAL[@]}"
