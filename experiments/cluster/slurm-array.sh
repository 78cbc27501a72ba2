#!/bin/bash
# One sweep shared by the jobs of a SLURM job array: each job runs its shard of the design into
# the same folder; the shard that finds every run done merges the tidy files. Submit with
#   SHARDS=4 sbatch --array=1-4 experiments/cluster/slurm-array.sh
# and, if a job died, resubmit only its index with the same SHARDS (SHARDS=4 sbatch --array=3
# ...): the folder keeps what the others did. SHARDS is the number of slices of the design, which
# SLURM cannot tell (a resubmitted array is smaller). Without SLURM,
# experiments/cluster/local-array.sh plays the array on this machine.
#SBATCH --job-name=samskaping-sweep
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=samskaping-%A_%a.log
set -euo pipefail

EXPERIMENT=${EXPERIMENT:-regimes-and-problems}   # a file, or a shipped example's name
OUT=${OUT:-results/${EXPERIMENT##*/}-array}      # one folder for the whole array

: "${SHARDS:?set SHARDS to the number of shards, the same for every job (e.g. SHARDS=4)}"

# SLURM numbers the array's jobs 1..SHARDS (--array=1-$SHARDS)
samskaping sweep "$EXPERIMENT" --out "$OUT" \
    --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" \
    --workers "${SLURM_CPUS_PER_TASK:-1}" \
    --run-memory "${RUN_MEMORY:-1GB}" --run-timeout "${RUN_TIMEOUT:-3600}"
