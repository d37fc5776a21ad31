#!/usr/bin/env bash
# Instruction counts of the workloads under qemu-riscv64, with the
# insncount plugin (tests/user/insncount.c): for each workload, the sum
# over all its processes of the instructions executed in total and inside
# the measured region (user mode only: no kernel instructions).
#   bash tests/user/insns.sh [small|default] [WORKLOAD...]
# prints "NAME SIZE total T roi R procs P" per workload.
set -u
BUILD=${BUILD:-build}
U=$BUILD/user
PLUGIN=$BUILD/tests/user/insncount.so
QEMU=$(command -v qemu-riscv64) || { echo "insns: qemu-riscv64 missing" >&2; exit 1; }
size=${1:-small}
shift || true
workloads=${*:-gups chase stream forkbench execbench mmapbench pagefault ctxsw mix}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
rc=0
for w in $workloads; do
	extra=()
	case $w in
	execbench | mix) extra=("$QEMU" -plugin "$PLUGIN" "$U/true") ;;
	esac
	if ! "$QEMU" -plugin "$PLUGIN" "$U/$w" "$size" "${extra[@]}" < /dev/null 2> "$tmp" > /dev/null; then
		echo "insns: $w $size failed" >&2
		rc=1
	fi
	awk -v w="$w" -v s="$size" '/^insncount: / { t += $5; r += $7; n++ }
		END { printf "%s %s total %d roi %d procs %d\n", w, s, t, r, n }' "$tmp"
done
exit $rc
