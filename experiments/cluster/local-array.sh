#!/bin/bash
# A local stand-in for `SHARDS=N sbatch --array=1-N experiments/cluster/slurm-array.sh`: N jobs at once,
# each with the variables SLURM would give it, its log in $LOGS (default: here) as
# samskaping-local_I.log. Usage: local-array.sh N (EXPERIMENT and OUT as in slurm-array.sh).
set -euo pipefail
N=${1:-4}
here=$(dirname "$0")
pids=()
for i in $(seq 1 "$N"); do
    SHARDS=$N SLURM_ARRAY_TASK_ID=$i SLURM_CPUS_PER_TASK=1 \
        bash "$here/slurm-array.sh" > "${LOGS:-.}/samskaping-local_$i.log" 2>&1 &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
exit $status
