#!/usr/bin/env bash
# Runs cmocka test programs one after the other (all of them, even after a
# failure), shows their output, and closes with "<label>: N passed, M failed"
# summed over cmocka's summaries (the line tools/run-tests.sh adds up).
# A program that dies without a summary (sanitizer report, signal) counts
# as one failure. Exit status: non-zero if any program failed.
#
# usage: run.sh LABEL PROGRAM...
set -u
label=$1
shift
pass=0
fail=0
bad=()
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

for t in "$@"; do
	"$t" 2>&1 | tee "$tmp"
	st=${PIPESTATUS[0]}
	p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$tmp" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$tmp" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$st" -eq 0 ] || bad+=("${t##*/}")
done

if [ ${#bad[@]} -gt 0 ]; then
	echo "$label: failing programs: ${bad[*]}"
fi
echo "$label: $pass passed, $fail failed"
[ ${#bad[@]} -eq 0 ]
