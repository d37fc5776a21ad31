# Shared helpers of the command-line test scripts: counting checks and the
# closing "N passed, N failed" line.
PASSED=0
FAILED=0
HMVIRT=${HMVIRT:-build/hmvirt}
BUILD=${BUILD:-build}

ok() {
	PASSED=$((PASSED + 1))
	echo "ok $SUITE: $*"
}

fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL $SUITE: $*"
}

# check DESCRIPTION COMMAND...: passes when the command succeeds
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}

finish() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
