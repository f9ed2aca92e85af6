#!/usr/bin/env bash
# bench/listen.sh -- crashtriage listen against rsyslog's imudp, side by side, on loopback.
#
# 1. Sustained rate with zero loss: the same extended-netconsole stream (ListenFlood, 16 senders on 127.0.9.x,
#    one datagram to each receiver) goes to `crashtriage listen` (reassembling, ordering, capturing and triaging
#    every host) and to rsyslogd -n with only imudp and one omfile action (its own config, a private port). Both
#    receivers start once, as the daemons they are, and get a warm-up stream (WARM_RATE for WARM_SECONDS) before
#    the first step; then each rate runs STEP_SECONDS. The sender builds every datagram before its clock starts, so
#    it can go faster than either receiver (its achieved rate is printed: a step the sender could not reach says
#    so). A receiver has zero loss at a step when it accounted for every datagram of it:
#    crashtriage: its status line (--stats-interval 1) counts all of them read, none dropped by socket or queue;
#    rsyslog: its output file grew by one line per datagram.
#    Each receiver's CPU time (user+system, /proc/PID/stat) per datagram is printed too: on a shared machine the
#    zero-loss rate measures the neighbours as much as the receiver, CPU per datagram does not.
# 2. Latency of a dead host: after a short background stream, a real crash report (syzkaller report 112, a NULL
#    pointer dereference, "Kernel panic - not syncing", "Rebooting in 86400 seconds..", Apache-2.0) is sent by a
#    host that then says nothing more; the time from its last line leaving the sender to crashtriage printing its
#    incident line is measured.
#
# Usage: bench/listen.sh [RATES...]   (default: 20000 40000 80000 120000 160000 240000 320000)
# Env:   STEP_SECONDS (default 4), WARM_RATE (20000), WARM_SECONDS (4), RS_RCVBUF (rsyslog's rcvbufSize; default: what
#        crashtriage was granted), PORT (default 17666; rsyslog gets PORT+1),
#        KEEP=1 keeps the work dir.
# Loopback only. Needs a JDK 17; installs Debian's rsyslog with apt-get if rsyslogd is missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."

RATES=("$@")
[ ${#RATES[@]} -eq 0 ] && RATES=(20000 40000 80000 120000 160000 240000 320000)
STEP_SECONDS=${STEP_SECONDS:-4}
WARM_RATE=${WARM_RATE:-20000}
WARM_SECONDS=${WARM_SECONDS:-4}
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
FLOOD=("$JAVA" -Xmx3g -cp target/test-classes:target/classes:target/crashtriage.jar dev.crashtriage.listen.ListenFlood)

start_rsyslog() {
  mkdir -p "$WORK/rs"
  : > "$WORK/rsyslog.out"
  cat > "$WORK/rsyslog.conf" <<CONF
global(workDirectory="$WORK/rs")
module(load="imudp" threads="2")
input(type="imudp" address="127.0.0.1" port="$RPORT" rcvbufSize="${RS_RCVBUF:-32m}")
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
  ./crashtriage listen --udp "127.0.0.1:$PORT" --out "$WORK/ct-out" --stats-interval "${1:-0}" \
    > "$WORK/ct.stdout" 2> "$WORK/ct.stderr" &
  CT_PID=$!
  for _ in $(seq 100); do grep -q "receiving on udp" "$WORK/ct.stderr" 2>/dev/null && return; sleep 0.1; done
  echo "crashtriage listen did not start:" >&2; cat "$WORK/ct.stderr" >&2; exit 1
}

stop_crashtriage() {
  kill -TERM "$CT_PID"
  wait "$CT_PID"
}

cpu_ticks() { local f; read -r -a f < "/proc/$1/stat"; echo $((f[13] + f[14])); }
# the last status line's datagram, socket-drop and queue-drop counters
ct_counters() {
  grep "msg/s" "$WORK/ct.stderr" | tail -1 | sed -n 's/.* \([0-9]*\) datagrams, .*drops: socket \([0-9a-z]*\), queue \([0-9]*\);.*/\1 \2 \3/p'
}
TICK=$(getconf CLK_TCK)

echo "== crashtriage listen vs $RSYSLOG_VERSION (imudp), loopback, $(nproc) CPUs, $(date -u +%FT%TZ)"
echo "   load before: $(uptime | sed 's/.*load average/load average/')"
start_crashtriage 1
# rsyslogd as root forces its receive buffer past net.core.rmem_max (measured: 64 MiB in the kernel for rcvbufSize=32m
# with rmem_max at 4 MiB, where crashtriage got 8); Java has no way to force it. Like for like: rsyslog gets the
# buffer crashtriage was granted, unless RS_RCVBUF says otherwise.
GRANTED=$(sed -n 's/.*granted \([0-9]*\).*/\1/p' "$WORK/ct.stderr" | head -1)
RS_RCVBUF=${RS_RCVBUF:-$GRANTED}
echo "   receive buffer: crashtriage granted $GRANTED bytes (net.core.rmem_max $(cat /proc/sys/net/core/rmem_max)); rsyslog rcvbufSize=$RS_RCVBUF"
start_rsyslog
"${FLOOD[@]}" --to "127.0.0.1:$PORT,127.0.0.1:$RPORT" --rate "$WARM_RATE" --seconds "$WARM_SECONDS" > /dev/null
sleep 2
printf "%9s %9s %9s  %9s %7s %7s %8s  %9s %7s %8s\n" "target/s" "actual/s" "sent" "ct-read" "ct-sock" "ct-queue" "ct-us/dg" \
  "rs-wrote" "rs-lost" "rs-us/dg"
CT_BEST=0; RS_BEST=0
for rate in "${RATES[@]}"; do
  read -r c_read0 c_sock0 c_queue0 <<<"$(ct_counters)"
  r_wrote0=$(wc -l < "$WORK/rsyslog.out")
  c_cpu0=$(cpu_ticks "$CT_PID"); r_cpu0=$(cpu_ticks "$RS_PID")
  out=$("${FLOOD[@]}" --to "127.0.0.1:$PORT,127.0.0.1:$RPORT" --rate "$rate" --seconds "$STEP_SECONDS")
  sent=$(sed -n 's/^sent=\([0-9]*\).*/\1/p' <<<"$out")
  actual=$(sed -n 's/.* rate=\([0-9]*\).*/\1/p' <<<"$out")
  sleep 3   # both finish what they hold; rsyslog flushes every second; a status line every second
  read -r c_read1 c_sock1 c_queue1 <<<"$(ct_counters)"
  r_wrote1=$(wc -l < "$WORK/rsyslog.out")
  c_cpu1=$(cpu_ticks "$CT_PID"); r_cpu1=$(cpu_ticks "$RS_PID")
  ct_read=$((c_read1 - c_read0)); ct_queue=$((c_queue1 - c_queue0))
  if [ "$c_sock1" = unknown ]; then ct_sock=unknown; else ct_sock=$((c_sock1 - c_sock0)); fi
  rs_wrote=$((r_wrote1 - r_wrote0)); rs_lost=$((sent - rs_wrote))
  ct_us=$(awk -v t=$((c_cpu1 - c_cpu0)) -v n="$sent" -v hz="$TICK" 'BEGIN{printf "%.1f", t / hz * 1e6 / n}')
  rs_us=$(awk -v t=$((r_cpu1 - r_cpu0)) -v n="$sent" -v hz="$TICK" 'BEGIN{printf "%.1f", t / hz * 1e6 / n}')
  printf "%9s %9s %9s  %9s %7s %7s %8s  %9s %7s %8s   load %s\n" "$rate" "$actual" "$sent" "$ct_read" "$ct_sock" "$ct_queue" \
    "$ct_us" "$rs_wrote" "$rs_lost" "$rs_us" "$(cut -d' ' -f1 /proc/loadavg)"
  [ "$ct_read" -eq "$sent" ] && [ "$ct_queue" -eq 0 ] && [ "$actual" -gt "$CT_BEST" ] && CT_BEST=$actual
  [ "$rs_lost" -eq 0 ] && [ "$actual" -gt "$RS_BEST" ] && RS_BEST=$actual
done
stop_crashtriage; stop_rsyslog
grep "stopped after" "$WORK/ct.stderr" || true
echo "highest zero-loss rate the sender achieved: crashtriage $CT_BEST/s, rsyslog $RS_BEST/s (datagrams/s, ~130 bytes each, 16 hosts)"
echo "   load after: $(uptime | sed 's/.*load average/load average/')"

echo "== latency: a host that panics and dies: its last line to its incident line (background stream 2000/s first)"
start_crashtriage
( while IFS= read -r line; do printf '%s %s\n' "$(date +%s%3N)" "$line"; done < <(tail -F -s 0.02 -n +1 "$WORK/ct.stdout" 2>/dev/null) > "$WORK/ct.timed" ) &
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
