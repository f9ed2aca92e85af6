#!/usr/bin/env bash
# crashtriage benchmark: prints every ratio of issue 10 side by side, each with its peak RSS, measured in
# one run on this machine. Usage:
#   bench/run.sh [--quick] [--scale F] [--max-rss-size SIZE] [--runs N] [--out DIR]
#     --quick            noise log 64 MiB, dense 16 MiB, RSS sweep up to 1 GiB, 1 run each (a few minutes)
#     --scale F          multiply the noise and dense log sizes by F (default 1: 512 MiB and 57 MB)
#     --max-rss-size S   biggest input of the RSS sweep (10M, 100M, 1G, 10G...; default 10G)
#     --runs N           runs per measurement, best wall time kept (default 3; big RSS inputs run once)
#     --out DIR          where generated logs go (default ${TMPDIR:-/tmp}/crashtriage-bench; reused when present)
# Needs: a JDK 17 (java, javac), GNU time (/usr/bin/time), grep. Builds the jar (and its AppCDS archive) if
# missing. Timings are wall clock: on a shared machine run it twice and compare; the ratios of one run are
# measured minutes apart, side by side.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$here"
export LC_ALL=C

scale=1; max_rss=10G; runs=3; out="${TMPDIR:-/tmp}/crashtriage-bench"; quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift;;
    --scale) scale=$2; shift 2;;
    --max-rss-size) max_rss=$2; shift 2;;
    --runs) runs=$2; shift 2;;
    --out) out=$2; shift 2;;
    *) sed -n '2,12p' "$0"; exit 2;;
  esac
done
if [ "$quick" = 1 ]; then scale=0.125; max_rss=1G; runs=1; fi
[ -x /usr/bin/time ] || { echo "bench: needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }
mkdir -p "$out"

bytes() { # 10M -> bytes
  awk -v s="$1" 'BEGIN { n = s + 0; u = toupper(substr(s, length(s)));
    m = (u == "K") ? 1024 : (u == "M") ? 1048576 : (u == "G") ? 1073741824 : 1; printf "%.0f", n * m }'
}
scaled() { awk -v b="$(bytes "$1")" -v f="$scale" 'BEGIN { printf "%.0f", b * f }'; }

if [ ! -f target/crashtriage.jar ] || [ ! -f target/crashtriage.jsa ]; then
  echo "bench: building the jar..." >&2
  ./mvnw -q -B -Dmaven.test.skip=true package >&2
fi

gen() { # gen FILE SIZE_BYTES ARGS...: generate once per parameter set
  local file=$1 size=$2; shift 2
  local stamp="$file.params" params="$size $*"
  if [ ! -f "$file" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$params" ]; then
    echo "bench: generating $file ($size bytes $*)" >&2
    java bench/GenerateLog.java --size "$size" "$@" -o "$file" 2>&1 | sed 's/^/bench: /' >&2
    echo "$params" > "$stamp"
  fi
}

# best wall time (s) and the peak RSS (KiB) of that run: measure CMD... -> "WALL RSS"
measure() {
  local best="" rss="" cpu="" i n=$runs
  for ((i = 0; i < n; i++)); do
    # stdout to a file, not /dev/null: GNU grep sees /dev/null and stops at the first match (as with -q)
    /usr/bin/time -o "$out/time.txt" -f "%e %M %U %S" "$@" > "$out/stdout.txt" 2> "$out/stderr.txt" || true
    read -r w m u s < <(tail -n 1 "$out/time.txt")
    if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$w; rss=$m; cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
    fi
  done
  echo "$best $rss $cpu"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.01; printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
row() { printf '%-58s %9s %9s   %-16s %s\n' "$1" "$2" "$3" "$4" "$5"; }

ct=(./crashtriage analyze --format json)
markers=bench/grep-markers.txt
[ -s "$markers" ] || { echo "bench: $markers missing" >&2; exit 2; }

noise_size=$(scaled 512M); dense_size=$(scaled 57M)
noise="$out/noise.log"; noise10="$out/noise-tenth.log"; dense="$out/dense.log"; small="$out/small-200k.log"
syslog="$out/noise-syslog.log"
gen "$noise" "$noise_size" --mode noise --format dmesg
gen "$noise10" "$((noise_size / 10))" --mode noise --format dmesg --seed 7
gen "$dense" "$dense_size" --mode dense --format dmesg
gen "$small" 204800 --mode noise --format dmesg --crash-every 400
gen "$syslog" "$((noise_size / 4))" --mode noise --format syslog

# ten times the catalogue: each built-in signature nine more times under new ids (same patterns: the
# pessimistic case, every literal hit runs ten regexes)
sigs10="$out/signatures-x10"
rm -rf "$sigs10"; mkdir -p "$sigs10"
n_sigs=0
while IFS= read -r f; do
  id=$(sed -n 's/^id: *//p' "$f" | head -n 1)
  [ -n "$id" ] || continue
  n_sigs=$((n_sigs + 1))
  for c in 1 2 3 4 5 6 7 8 9; do
    sed "s/^id: *$id\$/id: $id-copy$c/" "$f" > "$sigs10/$id-copy$c.yml"
  done
done < <(find signatures -name '*.yml' | sort)

empty="$out/empty"
if [ ! -f "$empty/Empty.class" ]; then
  mkdir -p "$empty"; printf 'public class Empty { public static void main(String[] a) { } }\n' > "$empty/Empty.java"
  javac -d "$empty" "$empty/Empty.java"
fi

echo "crashtriage bench, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -n 1); noise log $noise_size bytes, dense $dense_size bytes; best of $runs"
echo
row "measurement" "wall s" "RSS MiB" "ratio" "target"

read -r g_e g_e_rss _ < <(measure grep -c -E -f "$markers" "$noise")
read -r g_f g_f_rss _ < <(measure grep -c -F 'Call Trace' "$noise")
read -r c_n c_n_rss c_n_cpu < <(measure "${ct[@]}" "$noise")
row "grep -c -E -f ($(wc -l < "$markers") crash markers), noise log" "$g_e" "$(mib "$g_e_rss")" "" ""
row "grep -c -F 'Call Trace', noise log" "$g_f" "$(mib "$g_f_rss")" "" ""
row "crashtriage analyze --format json, noise log" "$c_n" "$(mib "$c_n_rss")" "cpu ${c_n_cpu}s" ""
row "  speed vs grep -E -f" "" "" "$(ratio "$g_e" "$c_n")x" ">= 1.0x"
row "  speed vs grep -F 'Call Trace'" "" "" "$(ratio "$g_f" "$c_n")x" ">= 0.3x"
row "  cores busy (cpu / wall)" "" "" "$(ratio "$c_n_cpu" "$c_n")" ""

read -r g_d g_d_rss _ < <(measure grep -c -E -f "$markers" "$dense")
read -r c_d c_d_rss c_d_cpu < <(measure "${ct[@]}" "$dense")
row "grep -c -E -f, crash-dense log" "$g_d" "$(mib "$g_d_rss")" "" ""
row "crashtriage, crash-dense log" "$c_d" "$(mib "$c_d_rss")" "cpu ${c_d_cpu}s" ""
row "  speed vs grep -E -f" "" "" "$(ratio "$g_d" "$c_d")x" ">= 0.3x"

read -r g_s _ _ < <(measure grep -c -E -f "$markers" "$syslog")
read -r c_s c_s_rss _ < <(measure "${ct[@]}" "$syslog")
row "crashtriage, syslog (3 hosts) noise log, 1/4 size" "$c_s" "$(mib "$c_s_rss")" "$(ratio "$g_s" "$c_s")x grep -E" ""

read -r c_10 c_10_rss _ < <(measure "${ct[@]}" "$noise10")
row "crashtriage, noise log / 10" "$c_10" "$(mib "$c_10_rss")" "" ""
row "  10x the input costs" "" "" "$(ratio "$c_n" "$c_10")x time" "<= 10.5x"

# a user's folder is parsed on its first run and read from the tree cache after that (docs/performance.md,
# UserTreeCache): one unmeasured run first, so the row is the steady state whatever --runs is
"${ct[@]}" --signatures "$sigs10" "$noise10" > /dev/null 2>&1 || true
read -r c_x c_x_rss _ < <(measure "${ct[@]}" --signatures "$sigs10" "$noise10")
row "crashtriage, noise log / 10, $((n_sigs * 10)) signatures (cache warm)" "$c_x" "$(mib "$c_x_rss")" "" ""
row "  10x the signatures costs" "" "" "$(ratio "$c_x" "$c_10")x time" "<= 1.3x"

read -r e_j e_j_rss _ < <(measure java -Xshare:auto -cp "$empty" Empty)
read -r c_200 c_200_rss _ < <(measure "${ct[@]}" "$small")
read -r c_v _ _ < <(measure ./crashtriage --version)
row "empty JVM (java -cp . Empty)" "$e_j" "$(mib "$e_j_rss")" "" ""
row "crashtriage --version" "$c_v" "" "$(ratio "$c_v" "$e_j")x empty" ""
row "crashtriage, 200 KB log end to end" "$c_200" "$(mib "$c_200_rss")" "$(ratio "$c_200" "$e_j")x empty" "<= 4.5x"

# RSS from 10 MB up: generated into a pipe (no disk), one run each
max_b=$(bytes "$max_rss")
for s in 10M 100M 1G 10G; do
  b=$(bytes "$s")
  [ "$b" -le "$max_b" ] || break
  # timed inside the pipe, so the RSS is the analysis alone, not the generator's JVM
  java -Xmx64m bench/GenerateLog.java --size "$b" --mode noise --format dmesg 2>/dev/null \
    | /usr/bin/time -o "$out/time.txt" -f "%e %M" "${ct[@]}" - > /dev/null 2>&1 || true
  read -r w m < <(tail -n 1 "$out/time.txt")
  row "peak RSS, $s from stdin (generator piped in)" "$w" "$(mib "$m")" "" "< 300 MiB"
done
