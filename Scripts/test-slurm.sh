#!/usr/bin/env bash
# Runs the README's Slurm section on a real one-node Slurm cluster started here, then a cancelled-task case.
#
# Installs Debian's slurmctld slurmd slurm-client munge (no recommends) when missing, starts munged, slurmctld
# and slurmd as plain processes on loopback with a private configuration in a temporary directory, and:
#   1. runs the README's "Slurm" block verbatim (Scripts/slurm/run-array.sh over Recipes/demo.yaml, then the
#      dependent Scripts/slurm/merge.sh) and checks the merged database equals a single-process run;
#   2. cancels one array task mid-run (scancel), requeues it, merges, and checks nothing is lost.
# Then tears everything down in the order that cannot leave a stuck slurmd, and checks nothing is left.
# Needs root (the daemons); skips loudly otherwise. The comments give the reason for each setting.
# Usage: Scripts/test-slurm.sh   (after a build: uses the `emoeval` of `swift build --show-bin-path`)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
T0=$SECONDS
say() { echo "test-slurm: $*"; }
banner() { printf '\ntest-slurm: ==== %s ====\n\n' "$*"; }
fail() { echo "test-slurm: FAILED: $*" >&2; exit 1; }

if [ -n "${EMOEVAL_SKIP_SLURM:-}" ]; then
  banner "SKIPPED (EMOEVAL_SKIP_SLURM is set): the Slurm test did not run"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  banner "SKIPPED (not root): the Slurm test starts munged, slurmctld and slurmd, which need root"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  banner "SKIPPED (no apt-get): the Slurm test installs Debian's slurm packages"
  exit 0
fi

BIN=$(swift build --show-bin-path)
swift build --product emoeval 2>&1 | tail -1   # a no-op after Scripts/setup.sh; never test a stale binary
[ -x "$BIN/emoeval" ] || fail "no emoeval binary in $BIN"
export PATH="$BIN:$PATH"   # jobs inherit the submitting shell's environment

# --- packages ------------------------------------------------------------------------------------------------
packages=(slurmctld slurmd slurm-client munge)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
say "slurm $(slurmctld -V | awk '{print $2}'), munge $(munged -V 2>&1 | awk '{print $1}' | sed 's/munge-//') ($((SECONDS - T0)) s)"

# --- private cluster -----------------------------------------------------------------------------------------
NODE=ci-node
W=$(mktemp -d /tmp/emoeval-slurm.XXXXXX)
chmod 755 "$W"   # munged checks every directory above its socket
mkdir -p "$W/munge" "$W/state" "$W/spool" "$W/log" "$W/work"
leftovers() { ls -A /var/spool; ls -A /run | grep -Ei 'slurm|munge' || true; }
spool_before=$(leftovers)
MUNGED_PID="" CTLD_PID="" SLURMD_PID=""

stop() {  # stop PID NAME: TERM, wait up to 10 s, then KILL
  local pid=$1 name=$2 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "test-slurm: $name ($pid) ignored SIGTERM for 10 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

teardown() {
  local rc=$? i
  set +e
  if [ -n "$CTLD_PID" ] && kill -0 "$CTLD_PID" 2>/dev/null; then
    scancel --partition=debug 2>/dev/null   # jobs left by a failed check
    for i in $(seq 150); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
  fi
  # No step may still be reporting completion (it needs munge), or slurmd ignores SIGTERM.
  for i in $(seq 150); do compgen -G "$W/spool/${NODE}_*" >/dev/null || break; sleep 0.2; done
  stop "$SLURMD_PID" slurmd
  stop "$CTLD_PID" slurmctld
  stop "$MUNGED_PID" munged
  if [ $rc -ne 0 ]; then
    for f in "$W"/work/slurm-*.out "$W"/log/*.log "$W"/munge/*.log; do
      [ -f "$f" ] && { echo "--- $f (last 40 lines)"; tail -n 40 "$f"; }
    done
  fi
  left=$(ps -eo pid=,args= | grep -F "$W" | grep -v grep)
  if [ -n "$left" ]; then
    echo "test-slurm: processes left behind:" >&2; echo "$left" >&2
    rc=1
  fi
  rm -rf "$W"
  spool_after=$(leftovers)
  if [ "$spool_before" != "$spool_after" ]; then
    echo "test-slurm: /var/spool or /run changed:" >&2
    diff <(echo "$spool_before") <(echo "$spool_after") >&2
    rc=1
  fi
  if [ $rc -eq 0 ]; then
    banner "PASSED: Slurm array + merge equal a single run; cancelled task resumed; teardown clean ($((SECONDS - T0)) s)"
  else
    banner "FAILED (status $rc) after $((SECONDS - T0)) s"
  fi
  exit $rc
}
trap teardown EXIT
trap 'exit 130' INT TERM

# Two free loopback ports, so a packaged slurm (or a second test) on the default 6817/6818 cannot interfere.
port_in_use() {
  local hex
  hex=$(printf '%04X' "$1")
  awk 'NR > 1 { split($2, a, ":"); print a[2] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -qx "$hex"
}
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    port_in_use "$p" || port_in_use $((p + 1)) || { echo "$p"; return; }
  done
}
PORT=$(free_port)

mungekey --create --keyfile="$W/munge/munge.key"
munged --foreground --socket="$W/munge/sock" --key-file="$W/munge/munge.key" --pid-file="$W/munge/munged.pid" \
  --log-file="$W/munge/munged.log" --seed-file="$W/munge/seed" > "$W/munge/munged.out" 2>&1 &
MUNGED_PID=$!
for i in $(seq 100); do
  munge -n --socket="$W/munge/sock" 2>/dev/null | unmunge --socket="$W/munge/sock" >/dev/null 2>&1 && break
  kill -0 "$MUNGED_PID" 2>/dev/null || fail "munged exited"
  sleep 0.05
done
munge -n --socket="$W/munge/sock" | unmunge --socket="$W/munge/sock" >/dev/null || fail "munge does not work"

# Each line is a fact measured on this machine kind (see the header): Debian's defaults put state in /var/spool,
# use proctrack/cgroup (fails without the freezer cgroup) and select/linear (one job per node at a time).
# CPUs are over-declared so --cpus-per-task larger than the machine still schedules (config_overrides).
# cred_expire (default 120 s) is also how long a requeued job waits before it may start again.
# MinJobAge=5 keeps `sbatch --wait` polling every 2 s (it backs off while below MinJobAge/2).
cat > "$W/slurm.conf" <<EOF
ClusterName=ci
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
AuthInfo=socket=$W/munge/sock,cred_expire=10
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
SchedulerParameters=batch_sched_delay=0
MinJobAge=5
MailProg=/bin/true
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=16 Boards=1 SocketsPerBoard=1 CoresPerSocket=16 ThreadsPerCore=1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$W/slurm.conf
slurmctld -D -f "$SLURM_CONF" > "$W/log/slurmctld.out" 2>&1 &
CTLD_PID=$!
slurmd -D -N "$NODE" -f "$SLURM_CONF" > "$W/log/slurmd.out" 2>&1 &
SLURMD_PID=$!
for i in $(seq 150); do
  [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break
  kill -0 "$CTLD_PID" 2>/dev/null || fail "slurmctld exited"
  kill -0 "$SLURMD_PID" 2>/dev/null || fail "slurmd exited"
  sleep 0.1
done
[ "$(sinfo -h -o %T)" = idle ] || fail "node not idle: $(sinfo -h -o '%T %E')"
say "cluster up: node $NODE idle, ports $PORT/$((PORT + 1)) ($((SECONDS - T0)) s)"

# --- helpers -------------------------------------------------------------------------------------------------
# The comparable content of a database: every prediction with its scores, without timings or run ids.
predictions() {
  emoeval export --db "$1" --format jsonl | sed -e 's/^{"run":[0-9]*,/{/' -e 's/,"compute_seconds":[^,}]*//' | sort
}
same_as_single() {  # same_as_single MERGED SINGLE EXPECTED_COUNT
  local merged single n
  merged=$(predictions "$1")
  single=$(predictions "$2")
  n=$(printf '%s\n' "$merged" | grep -c '"utterance"' || true)
  [ "$n" -eq "$3" ] || fail "$1 holds $n predictions, expected $3"
  [ "$merged" = "$single" ] || { diff <(echo "$single") <(echo "$merged") | head -20 >&2; fail "$1 differs from $2"; }
}
shard_done() {  # shard_done DB: "done/share" of its run, or nothing while it does not exist
  [ -f "$1" ] && emoeval runs "$1" 2>/dev/null | awk 'NR == 2 { print $6 }'
}

cd "$W/work"
ln -s "$REPO/Recipes" Recipes
ln -s "$REPO/Scripts" Scripts

# --- case 1: the README's Slurm section, verbatim ------------------------------------------------------------
banner "case 1: the README's Slurm block on a one-node cluster"
awk '/<!-- test-slurm: begin -->/ { on = 1; next } /<!-- test-slurm: end -->/ { on = 0 } on' "$REPO/README.md" \
  | sed -e '/^```/d' > readme-slurm.sh
[ -s readme-slurm.sh ] || fail "README.md has no <!-- test-slurm: begin/end --> block"
cat readme-slurm.sh
t=$SECONDS
set -x
# shellcheck disable=SC1091
source ./readme-slurm.sh
set +x
for log in slurm-*.out; do echo "--- $log"; cat "$log"; done
tasks=$(grep -l "shard [0-9]*/4: " slurm-*_*.out | wc -l)
[ "$tasks" -eq 4 ] || fail "expected 4 array task logs with a shard summary, found $tasks"
emoeval run Recipes/demo.yaml --db "$W/single.sqlite" --progress none
same_as_single Results/demo.sqlite "$W/single.sqlite" 12
banner "case 1 OK: array job $array finished (4 tasks); merged Results/demo.sqlite equals the single-process run (12/12 utterances, same scores) ($((SECONDS - t)) s)"

# --- case 2: a task cancelled mid-run is requeued and resumes its shard database -------------------------------
banner "case 2: scancel one array task mid-run, requeue it, merge"
t=$SECONDS
# The demo clips listed 8 times (96 utterances), so a shard runs long enough to be cancelled mid-way.
mkdir -p long/data
for copy in 1 2 3 4 5 6 7 8; do
  while read -r key path; do echo "c${copy}_$key $REPO/Recipes/demo/data/$path"; done < Recipes/demo/data/wav.scp \
    >> long/data/wav.scp
  sed "s/^/c${copy}_/" Recipes/demo/data/utt2emo >> long/data/utt2emo
  sed "s/^/c${copy}_/" Recipes/demo/data/utt2spk >> long/data/utt2spk
done
sed -e 's/^name: demo/name: demo-long/' -e "s|^data: demo/data|data: data|" \
  -e "s|^model_directories: \[demo/|model_directories: [$REPO/Recipes/demo/|" "$REPO/Recipes/demo.yaml" > long/long.yaml
mkdir -p long/shards
array2=$(sbatch --parsable --array=1-2 --cpus-per-task=1 Scripts/slurm/run-array.sh long/long.yaml long/shards)
victim=long/shards/long-2-of-2.sqlite
for i in $(seq 600); do  # until task 2 has committed something (commits come every 2 s)
  d=$(shard_done "$victim" || true)
  [ -n "$d" ] && [ "${d%/*}" -gt 0 ] && break
  sleep 0.1
done
[ -n "$d" ] && [ "${d%/*}" -gt 0 ] || fail "task 2 stored nothing in 60 s"
scancel "${array2}_2"
for i in $(seq 300); do
  state=$(squeue -h -j "${array2}_2" -o %T 2>/dev/null || true)
  case $state in RUNNING | COMPLETING) sleep 0.1 ;; *) break ;; esac
done
d=$(shard_done "$victim")
say "after scancel: task ${array2}_2 is ${state:-gone}; its shard holds $d"
[ "${d%/*}" -lt "${d#*/}" ] || fail "task 2 finished before it was cancelled ($d): nothing was tested"
scontrol requeue "${array2}_2"
sbatch --wait --dependency=afterany:"$array2" Scripts/slurm/merge.sh long/merged.sqlite long/shards
for log in slurm-"${array2}"_*.out; do echo "--- $log"; cat "$log"; done
grep -q "already stored" "slurm-${array2}_2.out" || fail "the requeued task did not resume its shard database"
# An emoeval that handles SIGTERM (scancel and the time limit send it) must say so in the task's log.
if emoeval run --help | grep -q SIGTERM; then
  grep -q "interrupted by SIGTERM" "slurm-${array2}_2.out" || fail "the cancelled task did not handle SIGTERM"
  say "the cancelled task committed on SIGTERM: $(grep "interrupted by SIGTERM" "slurm-${array2}_2.out")"
fi
# Every utterance is inferred alone, so each copy must hold exactly the single run's scores for its clip.
[ "$(predictions long/merged.sqlite | grep -c '"utterance"')" -eq 96 ] || fail "long/merged.sqlite lacks utterances"
copies() { predictions "$1" | sed -e 's/"utterance":"c[0-9]_/"utterance":"/' -e 's/"audio_path":"[^"]*",//' | sort; }
eight_times() { for copy in 1 2 3 4 5 6 7 8; do copies "$1"; done | sort; }
[ "$(copies long/merged.sqlite)" = "$(eight_times "$W/single.sqlite")" ] \
  || fail "long/merged.sqlite differs from the single run's scores"
banner "case 2 OK: task ${array2}_2 cancelled at $d, requeued, resumed; all 96 utterances merged with the single run's scores ($((SECONDS - t)) s)"
