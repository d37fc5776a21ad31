#!/usr/bin/env bash
# twostage.sh - the two-stage random-access programs (bench/randacc2s) as
# tests: an HS-mode hypervisor builds a G-stage and a guest Sv39 table and
# runs randacc's random walk over 64 MiB in VS-mode; the image checks its
# checksum against the native run's (bench/native_randacc) and prints it.
# The -lazy image maps guest memory on guest-page faults.
#
# Checks, on hmvirt: exit status 0 and PASS; the same output line as on
# qemu-system-riscv64 (-cpu rv64,h=true); for the lazy image, the number
# of guest-page faults the hypervisor counted equals the machine's count of
# VS->HS store-guest-page-fault traps (--traps), and the run is
# deterministic (two runs, one instret).
set -u
SUITE=twostage
. "$(dirname "$0")/../cli/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for img in randacc2s-small randacc2s-lazy-small; do
	elf=$BUILD/bench/$img.elf
	timeout 60 "$HMVIRT" machine --bios "$elf" --traps >"$tmp/out" 2>"$tmp/err"
	st=$?
	check "$img exits 0 on hmvirt (status $st)" [ "$st" -eq 0 ]
	line=$(tr -d '\r' <"$tmp/out" | grep "^$img:")
	check "$img prints PASS with the native checksum: '$line'" \
		grep -q ' PASS$' <<<"$line"
	qline=$(timeout 60 qemu-system-riscv64 -machine virt -cpu rv64,h=true -nographic \
		-bios "$elf" -m 256M </dev/null 2>&1 | tr -d '\r' | grep "^$img:")
	check "$img: same output on qemu-system-riscv64" [ "$line" = "$qline" ]
	insns=$(grep -o 'instret=[0-9]*' "$tmp/err")
	timeout 60 "$HMVIRT" machine --bios "$elf" >/dev/null 2>"$tmp/err2"
	check "$img: deterministic ($insns)" [ "$insns" = "$(grep -o 'instret=[0-9]*' "$tmp/err2")" ]
	if [ "$img" = randacc2s-lazy-small ]; then
		faults=$(sed -n 's/.* gfaults=\([0-9]*\) .*/\1/p' <<<"$line")
		traps=$(sed -n 's/^hmvirt: traps VS->HS store-guest-page-fault(23) //p' "$tmp/err")
		check "$img: guest-page faults counted by the hypervisor ($faults) = VS->HS traps (${traps:-none})" \
			[ -n "$faults" ] && [ "$faults" = "${traps:-}" ] && [ "$faults" -gt 0 ]
	fi
done
finish
