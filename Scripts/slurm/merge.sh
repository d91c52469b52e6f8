#!/bin/bash
# Merges the shard databases of an array into one, as a job that runs after the whole array ended:
#
#   sbatch --dependency=afterany:ARRAY_JOB_ID Scripts/slurm/merge.sh OUT SHARD_DIR [--partial]
#
# afterany: the merge also runs when some tasks failed, and then lists which utterances (of which shard) are
# in no shard database and exits 3 (unless --partial), so the failure shows on the merge job too. The shard
# databases are found when the job starts (they may not exist when it is submitted). `emoeval` must be on PATH.
#SBATCH --job-name=emoeval-merge
#SBATCH --cpus-per-task=1
#SBATCH --time=01:00:00
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: sbatch --dependency=afterany:ARRAY_JOB_ID $0 OUT SHARD_DIR [--partial]" >&2
  exit 64
fi
out=$1
shard_dir=$2
shift 2
shopt -s nullglob
inputs=("$shard_dir"/*.sqlite)
if [ ${#inputs[@]} -eq 0 ]; then
  echo "merge.sh: no shard databases (*.sqlite) in $shard_dir" >&2
  exit 1
fi
emoeval runs "${inputs[@]}"
exec emoeval merge "$out" "${inputs[@]}" "$@"
