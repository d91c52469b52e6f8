#!/bin/bash
# One emoeval shard per Slurm array task: task K of an N-task array infers shard K/N of the recipe's corpus
# (duration-balanced) into its own database SHARD_DIR/<recipe>-K-of-N.sqlite; merge them with merge.sh.
#
#   sbatch [--array=1-N] [--cpus-per-task=C] Scripts/slurm/run-array.sh RECIPE SHARD_DIR [MODEL_DIR...]
#
# The #SBATCH lines below are defaults; options on the sbatch command line override them. N comes from the
# array (`emoeval run --shard auto`; numbered from 0 or 1), --jobs from --cpus-per-task. Without MODEL_DIRs
# the recipe's model_directories are used. A task that is requeued, preempted or cancelled resumes its shard
# database when it runs again (`scontrol requeue JOB_K`, or resubmit the whole array: finished shards find
# nothing left to do); its log (slurm-JOB_K.out) keeps every attempt. Tasks inherit the submitting shell's
# environment: `emoeval` must be on PATH.
#SBATCH --job-name=emoeval
#SBATCH --array=1-16
#SBATCH --cpus-per-task=8
#SBATCH --time=02:00:00
#SBATCH --open-mode=append
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: sbatch [--array=1-N] [--cpus-per-task=C] $0 RECIPE SHARD_DIR [MODEL_DIR...]" >&2
  exit 64
fi
recipe=$1
shard_dir=$2
shift 2
models=()
for model in "$@"; do models+=(--model "$model"); done
name=$(basename "$recipe" .yaml)
exec emoeval run "$recipe" "${models[@]}" --shard auto --db "$shard_dir/$name-{shard}-of-{shards}.sqlite" \
  --progress lines
