#!/usr/bin/env bash
# bench/listen.sh -- crashtriage listen against rsyslog's imudp, side by side, on loopback.
#
# 1. Sustained rate with zero loss: the same extended-netconsole stream (ListenFlood, 16 senders on 127.0.9.x,
#    one datagram to each receiver) goes to `crashtriage listen` (reassembling, ordering, capturing and triaging
#    every host) and to rsyslogd -n with only imudp and one omfile action (its own config, a private port). Each
#    rate runs STEP_SECONDS; a receiver has zero loss at a rate when it accounted for every datagram sent:
#    crashtriage: its exit counters show all datagrams processed, no socket or queue drops;
#    rsyslog: its output file holds one line per datagram.
# 2. Latency: with a background stream running, a real crash report (syzkaller report 112, a NULL pointer
#    dereference ending in "---[ end trace ...]---", Apache-2.0) is sent; the time from its last line leaving the
#    sender to crashtriage printing its incident line is measured.
#
# Usage: bench/listen.sh [RATES...]   (default: 5000 10000 20000 40000 80000 160000)
# Env:   STEP_SECONDS (default 4), PORT (default 17666; rsyslog gets PORT+1), KEEP=1 keeps the work dir.
# Loopback only. Needs a JDK 17; installs Debian's rsyslog with apt-get if rsyslogd is missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."

RATES=("$@")
[ ${#RATES[@]} -eq 0 ] && RATES=(5000 10000 20000 40000 80000 160000)
STEP_SECONDS=${STEP_SECONDS:-4}
PORT=${PORT:-17666}
RPORT=$((PORT + 1))
WORK=$(mktemp -d /tmp/crashtriage-listen-bench.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT

if ! command -v rsyslogd >/dev/null 2>&1; then
  echo "rsyslogd not found: installing Debian's rsyslog package" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q rsyslog >/dev/null; else sudo apt-get install -y -q rsyslog >/dev/null; fi
fi
RSYSLOG_VERSION=$(rsyslogd -v | head -1)

./mvnw -B -q -o package -DskipTests -Dfuzz.skip=true >/dev/null 2>&1 || ./mvnw -B -q package -DskipTests -Dfuzz.skip=true
./mvnw -B -q -o test-compile >/dev/null 2>&1 || ./mvnw -B -q test-compile
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
FLOOD=("$JAVA" -cp target/classes:target/test-classes dev.crashtriage.listen.ListenFlood)

start_rsyslog() {
  mkdir -p "$WORK/rs"
  : > "$WORK/rsyslog.out"
  cat > "$WORK/rsyslog.conf" <<CONF
global(workDirectory="$WORK/rs")
module(load="imudp" threads="2")
input(type="imudp" address="127.0.0.1" port="$RPORT" rcvbufSize="32m")
template(name="raw" type="string" string="%rawmsg%\n")
*.* action(type="omfile" file="$WORK/rsyslog.out" template="raw" asyncWriting="on" ioBufferSize="256k" flushInterval="1")
CONF
  rsyslogd -n -f "$WORK/rsyslog.conf" -i "$WORK/rsyslog.pid" 2> "$WORK/rsyslog.err" &
  RS_PID=$!
}

stop_rsyslog() {
  kill -TERM "$RS_PID" 2>/dev/null || true
  wait "$RS_PID" 2>/dev/null || true
}

start_crashtriage() {
  rm -rf "$WORK/ct-out"
  ./crashtriage listen --udp "127.0.0.1:$PORT" --out "$WORK/ct-out" --stats-interval 0 \
    > "$WORK/ct.stdout" 2> "$WORK/ct.stderr" &
  CT_PID=$!
  for _ in $(seq 100); do grep -q "receiving on udp" "$WORK/ct.stderr" 2>/dev/null && return; sleep 0.1; done
  echo "crashtriage listen did not start:" >&2; cat "$WORK/ct.stderr" >&2; exit 1
}

stop_crashtriage() {
  kill -TERM "$CT_PID"
  wait "$CT_PID"
}

echo "== crashtriage listen vs $RSYSLOG_VERSION (imudp), loopback, $(nproc) CPUs, $(date -u +%FT%TZ)"
echo "   NOTE: shared machine (other sessions busy until 00:20 UTC): numbers are lower bounds, not a quiet-machine measure"
printf "%10s %10s  %12s %12s %12s   %12s %12s\n" "target/s" "actual/s" "sent" "ct-received" "ct-lost" "rs-written" "rs-lost"
CT_BEST=0; RS_BEST=0
for rate in "${RATES[@]}"; do
  start_rsyslog; start_crashtriage; sleep 0.5
  out=$("${FLOOD[@]}" --to "127.0.0.1:$PORT,127.0.0.1:$RPORT" --rate "$rate" --seconds "$STEP_SECONDS")
  sent=$(sed -n 's/^sent=\([0-9]*\).*/\1/p' <<<"$out")
  actual=$(sed -n 's/.* rate=\([0-9]*\).*/\1/p' <<<"$out")
  sleep 1
  stop_crashtriage; stop_rsyslog
  summary=$(grep "stopped after" "$WORK/ct.stderr" || true)
  if [ -z "$summary" ]; then
    echo "$rate: crashtriage printed no final counters:" >&2; tail -5 "$WORK/ct.stderr" >&2; continue
  fi
  ct_recv=$(sed -n 's/.*: \([0-9]*\) datagrams (.*/\1/p' <<<"$summary")
  ct_sock=$(sed -n 's/.*drops: socket \([0-9a-z]*\),.*/\1/p' <<<"$summary")
  ct_queue=$(sed -n 's/.*queue \([0-9]*\);.*/\1/p' <<<"$summary")
  ct_lost=$((sent - ct_recv + ct_queue))
  rs_written=$(wc -l < "$WORK/rsyslog.out")
  rs_lost=$((sent - rs_written))
  printf "%10s %10s  %12s %12s %12s   %12s %12s   (ct socket drops %s, queue drops %s)\n" \
    "$rate" "$actual" "$sent" "$ct_recv" "$ct_lost" "$rs_written" "$rs_lost" "$ct_sock" "$ct_queue"
  [ "$ct_lost" -eq 0 ] && [ "$actual" -gt "$CT_BEST" ] && CT_BEST=$actual
  [ "$rs_lost" -eq 0 ] && [ "$actual" -gt "$RS_BEST" ] && RS_BEST=$actual
done
echo "highest zero-loss rate achieved by the sender: crashtriage $CT_BEST/s, rsyslog $RS_BEST/s (datagrams/s, ~130 bytes each, 16 hosts)"

echo "== latency: last line of a crash to its incident line (background stream 2000/s)"
start_crashtriage
( while IFS= read -r line; do printf '%s %s\n' "$(date +%s%3N)" "$line"; done < <(tail -F -n +1 "$WORK/ct.stdout" 2>/dev/null) > "$WORK/ct.timed" ) &
TAIL_PID=$!
sleep 0.5
out=$("${FLOOD[@]}" --to "127.0.0.1:$PORT" --rate 2000 --seconds 2 --crash src/test/resources/syzkaller/112.log)
last=$(sed -n 's/^crash_last_line_ms=//p' <<<"$out")
for _ in $(seq 300); do grep -q "crashing-box" "$WORK/ct.timed" 2>/dev/null && break; sleep 0.05; done
printed=$(grep "crashing-box" "$WORK/ct.timed" | head -1 | cut -d' ' -f1)
stop_crashtriage
kill "$TAIL_PID" 2>/dev/null || true
if [ -n "$printed" ]; then
  echo "latency: $((printed - last)) ms  ($(grep crashing-box "$WORK/ct.timed" | head -1 | cut -d' ' -f2- | cut -c1-160))"
else
  echo "latency: no incident line within 15 s"; cat "$WORK/ct.stderr"
fi
