#!/usr/bin/env bash
# tests/hwmode/run.sh - hmfw's hardware-mode differential tests (issue 5).
# Each pair runs one payload (diff.c) under a hardware walker and under
# hmfw's software walker; the output lines that do not start with "info"
# (checksum, faults, the CSR signature of every trap the handlers saw,
# TLB-miss counts) must be equal, and the software run must have refilled
# every hardware walk's miss through the firmware. Two handler costs are
# reported per software model: the best case (the payload's own measure:
# one 4 KiB refill, caches warm, no fault) and the average over the whole
# run (M-mode instructions / miss traps, from --stats: it includes the
# cache misses, the faults the walkers raise and every other M-mode
# instruction of the run).
set -u
B=${BUILD:-build}
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
run() { timeout 600 "$B/hmvirt" machine -q --bios "$B/firmware/hmfw.elf" \
	--kernel "$B/tests/hwmode/$1.elf" --stats "$B/tests/hwmode/$1.json" \
	> "$B/tests/hwmode/$1.out" 2>&1; }
# M-mode instructions per miss trap over the whole run (stats JSON)
avg() { jq -r '.total as $t | if $t.tlb_miss_traps > 0
	then "\($t.modes.M.instret / $t.tlb_miss_traps * 10 | round / 10) (\($t.modes.M.instret) M-mode instructions / \($t.tlb_miss_traps) miss traps)"
	else "n/a (no miss trap)" end' "$B/tests/hwmode/$1.json"; }
val() { sed -n "s/^$2 //p" "$B/tests/hwmode/$1.out" | head -n 1; }

for pair in "diff1-native diff1-native-sw" "diff2-np diff2-snp"; do
	set -- $pair
	hw=$1 sw=$2
	run "$hw"; st1=$?
	run "$sw"; st2=$?
	[ $st1 -eq 0 ] && ok "$hw runs" || bad "$hw runs (status $st1)"
	[ $st2 -eq 0 ] && ok "$sw runs" || bad "$sw runs (status $st2)"
	strip() { grep -v -e '^info' -e '^hmfw' -e '^hmvirt:' -e '^$' -e 'TLB misses' "$B/tests/hwmode/$1.out"; }
	if diff <(strip "$hw") <(strip "$sw") > /dev/null; then
		ok "$sw: output (checksum, faults, trap CSR signature) equals $hw's"
	else
		bad "$sw: output differs from $hw's"
		diff <(strip "$hw") <(strip "$sw") | head -n 10
	fi
	for k in "L1 ITLB misses" "L1 DTLB misses" "L2 TLB misses"; do
		a=$(val "$hw" "$k") b=$(val "$sw" "$k")
		if [ -n "$a" ] && [ "$a" = "$b" ]; then
			ok "$sw: $k equal ($a)"
		else
			bad "$sw: $k $b, $hw: $a"
		fi
	done
	w=$(val "$hw" "info walks") t=$(val "$sw" "info misstraps") r=$(val "$sw" "info refills")
	sw_walks=$(val "$sw" "info walks") n=$(val "$sw" "info refill-insns")
	[ "$sw_walks" = 0 ] && ok "$sw: no hardware walk" || bad "$sw: $sw_walks hardware walks"
	if [ -n "$w" ] && [ "$w" = "$t" ]; then
		ok "$sw: miss traps $t = hardware walks $w (refills $r; the rest raised faults)"
	else
		bad "$sw: miss traps $t, hardware walks $w"
	fi
	echo "INFO $sw: $n instructions per refill (4 KiB page, no fault: vector to mret)"
	echo "INFO $sw: $(avg "$sw") on average over the whole run"
done
echo "test-hwmode: $pass passed, $fail failed"
[ $fail -eq 0 ]
