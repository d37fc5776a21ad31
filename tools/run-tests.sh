#!/usr/bin/env bash
# Runs each test suite (a make target), keeps its log in build/test-logs/,
# and closes with the sum of the suites' "N passed, N failed" lines.
# Exit status: non-zero if any suite failed.
set -u
logs=${BUILD:-build}/test-logs
mkdir -p "$logs"
total_pass=0
total_fail=0
bad_suites=()

for suite in "$@"; do
	echo "=== $suite"
	start=$(date +%s)
	make --no-print-directory "$suite" 2>&1 | tee "$logs/$suite.log"
	st=${PIPESTATUS[0]}
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$logs/$suite.log" | tail -n 1)
	p=0 f=0
	if [ -n "$line" ]; then
		p=$(sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/' <<< "$line")
		f=$(sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/' <<< "$line")
	fi
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1                         # a suite that failed without counting
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	[ "$st" -eq 0 ] || bad_suites+=("$suite")
	echo "=== $suite: $p passed, $f failed, status $st, $(( $(date +%s) - start )) s"
done

if [ ${#bad_suites[@]} -gt 0 ]; then
	echo "failed suites: ${bad_suites[*]} (logs in $logs/)"
fi
echo "$total_pass passed, $total_fail failed"
[ ${#bad_suites[@]} -eq 0 ] && [ "$total_fail" -eq 0 ]
