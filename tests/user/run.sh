#!/usr/bin/env bash
# The workloads and their libc under Linux, on Debian's qemu-riscv64
# (tests/user/objects.mk: make test-user). USER_DEFAULT says which
# workloads also run at "default" size: "some" (the default: all but
# execbench and mix, which start 200+ emulators, ~12 s more), "all" or
# "none".
#  1. every workload at "small", twice: exits 0, prints PASS and the
#     checksum line of tests/user/checksums.txt, the same output both times;
#  2. the workloads of USER_DEFAULT at "default", once: the checksum line;
#  3. init's contract: runs NAME with ARGS, reports and returns its status;
#  4. the robustness programs: badptr is killed by SIGSEGV in every mode and
#     its bad system-call pointers get EFAULT; enomem; execbad refuses the
#     build's bad ELF with ENOEXEC; forkbomb stops at RLIMIT_NPROC with
#     EAGAIN; the initramfs lists every program;
#  5. libctest (printf, strings, malloc, system calls): PASS, twice the same;
#  6. with the insncount plugin (tests/user/insncount.c): each workload at
#     "small" runs under 20 M instructions, with a non-empty measured region.
# qemu-user cannot execve a RISC-V program by itself (no binfmt_misc here),
# so programs that exec are given the command "qemu-riscv64 build/user/true"
# in place of their default "/true" (user/README.md): the exec is real, a
# host execve of the emulator running the same program.
set -u
SUITE=user
. "$(dirname "$0")/../cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ulimit -c 0     # qemu-user dumps core on a guest's SIGSEGV otherwise
U=$BUILD/user
EXPECT=$(dirname "$0")/checksums.txt
WORKLOADS="gups chase stream forkbench execbench mmapbench pagefault ctxsw mix"

QEMU=$(command -v qemu-riscv64) || {
	fail "qemu-riscv64 missing (run tools/setup.sh)"
	echo "test-user: $PASSED passed, $FAILED failed"
	exit 1
}

# run OUT PROGRAM ARGS...: the program under qemu-riscv64; stdout and
# stderr in OUT, the exit status in OUT.rc
run() {
	local out=$1
	shift
	# (in a subshell: the shell's own "Segmentation fault" note is noise)
	(
		timeout 120 "$QEMU" "$U/$1" "${@:2}" < /dev/null > "$out" 2>&1
		echo $? > "$out.rc"
	) 2> /dev/null
}
status() { cat "$1.rc"; }

# the extra arguments of a workload: the command to exec, where it has one
exec_args() {
	case $1 in
	execbench | mix) echo "$QEMU $U/true" ;;
	esac
}

# ---- 1. small: PASS, the expected checksum, twice the same -----------------
for w in $WORKLOADS; do
	# shellcheck disable=SC2046
	run "$tmp/$w.1" "$w" small $(exec_args $w)
	# shellcheck disable=SC2046
	run "$tmp/$w.2" "$w" small $(exec_args $w)
	want=$(sed -n "s/^small \($w: checksum .*\)/\1/p" "$EXPECT")
	check "$w small exits 0 (status $(status "$tmp/$w.1"))" [ "$(status "$tmp/$w.1")" = 0 ]
	check "$w small prints PASS" grep -q "^$w: checksum .* PASS$" "$tmp/$w.1"
	check "$w small checksum: $want" grep -qxF "$want" "$tmp/$w.1"
	check "$w small is deterministic (two runs, same output)" cmp -s "$tmp/$w.1" "$tmp/$w.2"
done

# ---- 2. default: the expected checksum (in parallel, two at a time) --------
case ${USER_DEFAULT:-some} in
all) DEFAULTS=$WORKLOADS ;;
none) DEFAULTS= ;;
*) DEFAULTS="gups chase stream forkbench mmapbench pagefault ctxsw" ;;
esac
for w in $WORKLOADS; do
	case " $DEFAULTS " in
	*" $w "*) ;;
	*) echo "SKIP $SUITE: $w at default size (USER_DEFAULT=all runs it)" ;;
	esac
done
if [ -n "$DEFAULTS" ]; then
	for w in $DEFAULTS; do
		# shellcheck disable=SC2046
		run "$tmp/$w.d" "$w" default $(exec_args $w) &
		[ "$(jobs -r | wc -l)" -ge 2 ] && wait -n
	done
	wait
	for w in $DEFAULTS; do
		want=$(sed -n "s/^default \($w: checksum .*\)/\1/p" "$EXPECT")
		if [ "$(status "$tmp/$w.d")" = 0 ] && grep -qxF "$want" "$tmp/$w.d"; then
			ok "$w default: $want"
		else
			fail "$w default (status $(status "$tmp/$w.d")): $(grep -m1 "^$w: checksum\|FAIL" "$tmp/$w.d")"
		fi
	done
fi

# ---- 3. init: runs NAME ARGS, reports and returns the status ----------------
run "$tmp/init.ok" init "$QEMU" "$U/gups" small
check "init runs a program and exits with its status 0" \
	[ "$(status "$tmp/init.ok")" = 0 ]
check "init reports the exit status" grep -qx "init: $QEMU exited with status 0" "$tmp/init.ok"
check "init passes ARGS on (gups small's checksum)" \
	grep -q "^gups: checksum .* PASS$" "$tmp/init.ok"
run "$tmp/init.kill" init "$QEMU" "$U/badptr"
check "init exits 128 + signal of a killed program ($(status "$tmp/init.kill"))" \
	[ "$(status "$tmp/init.kill")" = 139 ]
check "init reports the signal" grep -qx "init: $QEMU killed by signal 11" "$tmp/init.kill"
run "$tmp/init.none" init /no-such-program
check "init reports a failed execve (status 127)" \
	grep -qx "init: execve /no-such-program: ENOENT" "$tmp/init.none"
run "$tmp/init.usage" init
check "init without arguments prints its usage, exits 1" \
	[ "$(status "$tmp/init.usage")" = 1 ]

# ---- 4. robustness programs -------------------------------------------------
for mode in null kernel text unmapped exec; do
	run "$tmp/bad.$mode" badptr $mode
	check "badptr $mode: killed by SIGSEGV (status $(status "$tmp/bad.$mode"), 139 expected)" \
		[ "$(status "$tmp/bad.$mode")" = 139 ]
	check "badptr $mode: said what it does and did not survive it" \
		sh -c "grep -q '^badptr: $mode: .*expect to be killed' '$tmp/bad.$mode' &&
		       ! grep -q 'still alive' '$tmp/bad.$mode'"
done
run "$tmp/bad.all" badptr all
check "badptr all: every mode killed, bad syscall pointers get EFAULT, PASS" \
	sh -c "[ \$(cat '$tmp/bad.all.rc') = 0 ] && grep -qx 'badptr: PASS' '$tmp/bad.all' &&
	       [ \$(grep -c 'killed by signal 11: ok' '$tmp/bad.all') = 5 ]"

run "$tmp/enomem" enomem
check "enomem: mmap, brk, malloc, calloc far beyond RAM fail with ENOMEM; PASS" \
	sh -c "[ \$(cat '$tmp/enomem.rc') = 0 ] && grep -qx 'enomem: PASS' '$tmp/enomem' &&
	       [ \$(grep -c '(ENOMEM)' '$tmp/enomem') = 5 ]"

run "$tmp/execbad" execbad "$U/badelf"
check "execbad: the bad ELF fails execve with ENOEXEC; PASS" \
	sh -c "[ \$(cat '$tmp/execbad.rc') = 0 ] && grep -q 'badelf: ENOEXEC (expected ENOEXEC)' '$tmp/execbad' &&
	       grep -qx 'execbad: PASS' '$tmp/execbad'"
check "badelf is a 48-byte ELF header cut short" \
	sh -c "[ \$(stat -c %s '$U/badelf') = 48 ] && head -c 4 '$U/badelf' | grep -q ELF"

# forkbomb under RLIMIT_NPROC 24, as an unused uid, so that the host's
# limit is the one it meets. Every qemu-user process is at least two tasks
# (the guest's and QEMU's RCU thread), how many more depends on the host's
# QEMU and its load, so the number of forks before EAGAIN is not fixed:
# some, at most 22, and then every child reaped cleanly.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null && command -v prlimit > /dev/null; then
	# that uid may not reach the build tree (a clone in a private
	# directory): it runs a copy in $tmp, which it may read
	chmod o+rx "$tmp"
	cp "$U/forkbomb" "$tmp/forkbomb" && chmod o+rx "$tmp/forkbomb"
	timeout 60 prlimit --nproc=24 setpriv --reuid=61234 --regid=61234 --clear-groups \
		"$QEMU" "$tmp/forkbomb" 100 < /dev/null > "$tmp/bomb" 2>&1
	st=$?
	n=$(sed -n 's/^forkbomb: \([0-9]*\) forks, then fork failed with errno 11 (EAGAIN)$/\1/p' "$tmp/bomb")
	check "forkbomb: ${n:-no} forks (1 to 22), then EAGAIN at RLIMIT_NPROC (status $st)" \
		[ -n "$n" ] && [ "$n" -ge 1 ] && [ "$n" -le 22 ]
	check "forkbomb: every child exited cleanly, fork works again; PASS" \
		sh -c "[ $st = 0 ] && grep -qx 'forkbomb: reaped ${n:-x} children, 0 of them unclean' '$tmp/bomb' &&
		       grep -qx 'forkbomb: PASS' '$tmp/bomb'"
else
	echo "SKIP $SUITE: forkbomb (needs root, setpriv and prlimit to run under a process limit)"
fi
run "$tmp/bomb.cap" forkbomb 3
check "forkbomb 3: stops at its own cap and says no limit was reached (FAIL, exit 1)" \
	sh -c "[ \$(cat '$tmp/bomb.cap.rc') = 1 ] &&
	       grep -qx 'forkbomb: 3 forks without reaching a limit' '$tmp/bomb.cap'"

# the initramfs: every program at /NAME and the bad ELF, nothing else
want=$(printf '%s\n' $WORKLOADS true init badptr forkbomb enomem execbad libctest badelf | LC_ALL=C sort)
if command -v cpio > /dev/null; then
	got=$(cpio -it --quiet < "$U/initramfs.cpio")
	check "initramfs.cpio lists every program and badelf" [ "$got" = "$want" ]
	mkdir "$tmp/rootfs"
	ramfs=$(realpath "$U/initramfs.cpio")
	(cd "$tmp/rootfs" && cpio -id --quiet < "$ramfs")
	check "initramfs.cpio's /gups is build/user/gups" cmp -s "$tmp/rootfs/gups" "$U/gups"
else
	fail "cpio missing (run tools/setup.sh)"
fi

# ---- 5. libctest -------------------------------------------------------------
run "$tmp/libc.1" libctest one "two words"
run "$tmp/libc.2" libctest one "two words"
check "libctest: PASS ($(grep -o '[0-9]* checks, [0-9]* failed' "$tmp/libc.1"))" \
	sh -c "[ \$(cat '$tmp/libc.1.rc') = 0 ] && grep -qx 'libctest: PASS' '$tmp/libc.1'"
check "libctest: argv arrives whole" grep -qx 'libctest: argv\[2\] = "two words"' "$tmp/libc.1"
check "libctest: deterministic (two runs, same output)" cmp -s "$tmp/libc.1" "$tmp/libc.2"
grep 'FAIL' "$tmp/libc.1" | head -20

# ---- 6. sizes: every workload at "small" well under 20 M instructions ------
if [ -f "$BUILD/tests/user/insncount.so" ]; then
	BUILD=$BUILD bash "$(dirname "$0")/insns.sh" small > "$tmp/insns" 2>&1
	for w in $WORKLOADS; do
		line=$(grep "^$w small " "$tmp/insns")
		t=$(awk '{ print $4 }' <<< "$line")
		r=$(awk '{ print $6 }' <<< "$line")
		what="$w small: ${t:-?} instructions (< 20 M), ${r:-?} in the ROI (> 0)"
		if [ -n "$t" ] && [ "$t" -lt 20000000 ] && [ "${r:-0}" -gt 0 ]; then
			ok "$what"
		else
			fail "$what"
		fi
	done
else
	echo "SKIP $SUITE: instruction counts (no $BUILD/tests/user/insncount.so)"
fi

echo "test-user: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
