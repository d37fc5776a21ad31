#!/usr/bin/env bash
# run.sh EMU [test...] - run the bare-metal target tests.
#
# EMU is `qemu` (qemu-system-riscv64, the oracle) or `hmvirt`
# ($BUILD/hmvirt). The tests are names of $BUILD/tests/target/NAME.elf;
# without names, every ELF there runs.
#
# A test passes when it exits with status 0 (SiFive test finisher) and
# prints "PASS NAME". Lines "XFAIL-QEMU ..." mark checks that QEMU 7.2 is
# known to fail (see the tests' comments): tolerated on qemu, failures on
# hmvirt. A line "SKIP-QEMU: ..." marks a test of an hmvirt extension
# (hw_*: the hardware-mode interface) that found the extension absent and
# checked nothing: a pass on qemu, a failure on hmvirt. One line per test,
# then "N passed, N failed"; the exit status is non-zero if any test
# failed.
set -u

emu=${1:-}
shift || true
build=${BUILD:-build}
dir=$build/tests/target
limit=${TIMEOUT:-20}

case $emu in
qemu | hmvirt) ;;
*)
	echo "usage: $0 qemu|hmvirt [test...]" >&2
	exit 2
	;;
esac

if [ $# -gt 0 ]; then
	tests=("$@")
else
	tests=()
	for f in "$dir"/*.elf; do
		[ -e "$f" ] && tests+=("$(basename "$f" .elf)")
	done
fi

# Extra QEMU options per test: the hypervisor tests need the H extension.
qemu_opts() {
	case $1 in
	h_*) echo "-cpu rv64,h=true" ;;
	*) ;;
	esac
}

passed=0
failed=0
for t in "${tests[@]}"; do
	elf=$dir/$t.elf
	if [ ! -f "$elf" ]; then
		echo "FAIL $t"
		echo "    (no $elf)"
		failed=$((failed + 1))
		continue
	fi
	if [ "$emu" = qemu ]; then
		# shellcheck disable=SC2046
		out=$(timeout "$limit" qemu-system-riscv64 -machine virt -nographic \
			-bios "$elf" -m 256M $(qemu_opts "$t") </dev/null 2>&1)
	else
		out=$(timeout "$limit" "$build/hmvirt" machine --bios "$elf" -m 256M \
			</dev/null 2>/dev/null)
	fi
	st=$?
	out=$(printf '%s\n' "$out" | tr -d '\r')
	xfails=$(printf '%s\n' "$out" | grep -c '^XFAIL-QEMU ')
	skipped=$(printf '%s\n' "$out" | grep -c '^SKIP-QEMU')
	ok=1
	[ "$st" -eq 0 ] || ok=0
	printf '%s\n' "$out" | grep -Eq "^PASS $t( |\$)" || ok=0
	[ "$emu" = hmvirt ] && [ "$xfails" -gt 0 ] && ok=0
	[ "$emu" = hmvirt ] && [ "$skipped" -gt 0 ] && ok=0
	if [ $ok -eq 1 ]; then
		if [ "$skipped" -gt 0 ]; then
			echo "ok $t (SKIP-QEMU)"
		elif [ "$xfails" -gt 0 ]; then
			echo "ok $t ($xfails XFAIL-QEMU)"
		else
			echo "ok $t"
		fi
		passed=$((passed + 1))
	else
		why="exit status $st"
		[ "$st" -eq 124 ] && why="timeout after ${limit}s"
		echo "FAIL $t ($why)"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
