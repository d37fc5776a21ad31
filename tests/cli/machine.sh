#!/usr/bin/env bash
# `hmvirt machine` end to end: finisher codes, a 64 GiB guest on a smaller
# host, determinism, tracing, --max-insns, and stock OpenSBI booting the
# project's S-mode payload with the same report as on QEMU.
set -u
SUITE=machine
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf
exitprog=$BUILD/tests/cli/exitcode.elf
hello=$BUILD/examples/sbi-hello.elf
randacc=$BUILD/bench/randacc.elf

# The finisher's code is the exit status.
timeout 20 "$HMVIRT" machine -q --bios "$exitprog" > "$tmp/out"
st=$?
check "finisher code 7 becomes exit status 7 (got $st)" [ $st -eq 7 ]
check "UART output reaches stdout" grep -q "finishing with code 7" "$tmp/out"

# A 64 GiB guest starts on this host: RAM is committed only when touched.
timeout 20 "$HMVIRT" machine -q -m 64G --bios "$exitprog" > /dev/null
st=$?
check "a 64 GiB guest runs (status $st)" [ $st -eq 7 ]

# --max-insns stops the run with status 3.
timeout 20 "$HMVIRT" machine --bios "$randacc" --max-insns 1000 > /dev/null 2> "$tmp/err"
st=$?
check "--max-insns 1000 stops with status 3 (got $st)" [ $st -eq 3 ]
check "--max-insns run retired exactly 1000 instructions" grep -q "instret=1000 " "$tmp/err"

# --trace: one line per instruction, pc, mode, raw bits, mnemonic.
timeout 20 "$HMVIRT" machine -q --bios "$exitprog" --trace="$tmp/trace" > /dev/null
first=$(head -n 1 "$tmp/trace")
check "trace starts at the reset address in M-mode: '$first'" \
	grep -Eq '^0000000080000000 M [0-9a-f]{4,8} +auipc a0,' <<< "$first"
check "trace shows the finisher store" grep -Eq ' M [0-9a-f]+ +(c\.)?sw a2,0\(a1\)$' "$tmp/trace"
check "trace shows compressed instructions" grep -Eq ' M [0-9a-f]{4} +c\.' "$tmp/trace"

# Determinism: the same program twice gives identical output, instret and mtime.
for i in 1 2; do
	timeout 60 "$HMVIRT" machine --bios "$randacc" > "$tmp/det$i.out" 2> "$tmp/det$i.err"
	sed -E 's/ seconds=.*//' "$tmp/det$i.err" > "$tmp/det$i.counts"
	timeout 60 "$HMVIRT" machine --kernel "$hello" > "$tmp/sbi$i.out" 2> "$tmp/sbi$i.err"
	sed -E 's/ seconds=.*//' "$tmp/sbi$i.err" > "$tmp/sbi$i.counts"
done
check "determinism: random access, same output" cmp -s "$tmp/det1.out" "$tmp/det2.out"
check "determinism: random access, same instret and mtime ($(cat "$tmp/det1.counts"))" \
	cmp -s "$tmp/det1.counts" "$tmp/det2.counts"
check "determinism: OpenSBI boot, same output" cmp -s "$tmp/sbi1.out" "$tmp/sbi2.out"
check "determinism: OpenSBI boot, same instret and mtime ($(cat "$tmp/sbi1.counts"))" \
	cmp -s "$tmp/sbi1.counts" "$tmp/sbi2.counts"

# Debian's OpenSBI boots and hands over to the S-mode payload, which
# prints through the SBI console and powers off through SRST.
timeout 60 "$HMVIRT" machine -q --bios "$OPENSBI" --kernel "$hello" > "$tmp/hm.out" 2>&1
st=$?
check "OpenSBI + sbi-hello exits 0 through SRST (status $st)" [ $st -eq 0 ]
check "OpenSBI prints its banner" grep -q "OpenSBI v" "$tmp/hm.out"
check "OpenSBI finds the board's devices" grep -Eq "Platform Console Device +: uart8250" "$tmp/hm.out"
check "payload reached and powered off" grep -q "sbi-hello: powering off through SRST" "$tmp/hm.out"
if command -v qemu-system-riscv64 > /dev/null; then
	timeout 60 qemu-system-riscv64 -machine virt -nographic -m 256M -bios "$OPENSBI" \
		-kernel "$hello" > "$tmp/qemu.out" 2>&1 < /dev/null
	# the report lines that do not depend on the board's device tree size or ids
	pick() { grep -E '^(sbi-hello|  (SBI specification|implementation|extensions|hart id))' "$1"; }
	pick "$tmp/hm.out" | tr -d '\r' > "$tmp/hm.report"
	pick "$tmp/qemu.out" | tr -d '\r' > "$tmp/qemu.report"
	if [ -s "$tmp/hm.report" ] && cmp -s "$tmp/hm.report" "$tmp/qemu.report"; then
		ok "sbi-hello reports the same SBI on hmvirt and QEMU ($(wc -l < "$tmp/hm.report") lines)"
	else
		fail "sbi-hello report differs from QEMU's: $(diff "$tmp/hm.report" "$tmp/qemu.report" | head -5)"
	fi
else
	fail "qemu-system-riscv64 missing (run tools/setup.sh)"
fi

finish
