#!/usr/bin/env bash
# run.sh - `hmvirt run` (issue 6): every workload at the small size under
# the models native and native-sw prints the checksum line that
# qemu-riscv64 printed (tests/user/checksums.txt) and exits 0; the two
# models give the same output; native walks in hardware and native-sw
# refills in the firmware, with exactly as many refill traps as native
# has walks, the same user instructions (an xRET counts in the mode that
# ran it) and the same TLB misses (except for mix, whose processes are
# preempted by the timer: the firmware's refills take time, so the
# switches fall elsewhere); a run is deterministic; bad arguments get one
# line and status 2.
set -u
SUITE=run
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
golden=tests/user/checksums.txt
wl="gups chase stream forkbench execbench mmapbench pagefault ctxsw mix"

run() { # MODEL WORKLOAD: output in $tmp/MODEL-WORKLOAD.{out,err,json}
	timeout 300 "$HMVIRT" run --model "$1" --workload "$2" --size small -m 256M \
		--stats "$tmp/$1-$2.json" >"$tmp/$1-$2.out" 2>"$tmp/$1-$2.err"
}
csum() { grep -E "^$1: checksum " "$2"; }
json() { jq -r "$2" "$1"; }

for w in $wl; do
	want=$(sed -n "s/^small //p" "$golden" | grep "^$w: checksum ")
	for m in native native-sw; do
		run "$m" "$w"
		st=$?
		check "$m $w: exits 0 (status $st)" [ "$st" -eq 0 ]
		check "$m $w: checksum line equals qemu-riscv64's" [ "$(csum "$w" "$tmp/$m-$w.out")" = "$want" ]
	done
	n=$tmp/native-$w s=$tmp/native-sw-$w
	check "$w: the firmware says which model it runs" grep -q '^hmfw: model native-sw ' "$s.out"
	check "$w: the workload's output is the same under both models" \
		diff <(grep -v -e '^hmfw' -e '^kernel:' "$n.out") <(grep -v -e '^hmfw' -e '^kernel:' "$s.out")
	check "$w: native walks in hardware, no refill" \
		jq -e '.total.walks.first_stage.walks > 0 and .total.sw_refills == 0' "$n.json" >/dev/null
	check "$w: native-sw has no hardware walk, only refill traps" \
		jq -e '.total.walks.first_stage.walks == 0 and .total.tlb_miss_traps > 0' "$s.json" >/dev/null
	[ "$w" = mix ] && continue
	check "$w: native-sw's miss traps = native's walks ($(json "$n.json" .total.walks.first_stage.walks))" \
		[ "$(json "$s.json" .total.tlb_miss_traps)" = "$(json "$n.json" .total.walks.first_stage.walks)" ]
	pf='[(.traps + .traps_forwarded)[] | select(.interrupt == false and (.cause == 12 or .cause == 13 or .cause == 15)) | .count] | add // 0'
	check "$w: the same page faults, delivered by the firmware under native-sw ($(jq "$pf" <<<"$(jq .total "$n.json")"))" \
		[ "$(jq ".total | $pf" "$n.json")" = "$(jq ".total | $pf" "$s.json")" ]
	check "$w: the same user instructions retired in the measured region ($(json "$n.json" .roi.modes.U.instret))" \
		[ "$(json "$n.json" .roi.modes.U.instret)" = "$(json "$s.json" .roi.modes.U.instret)" ]
	check "$w: the same L1D/L2 TLB misses in the measured region under both models" \
		[ "$(jq -c '[.roi.tlb.dtlb.misses, .roi.tlb.l2.misses]' "$n.json")" = \
		  "$(jq -c '[.roi.tlb.dtlb.misses, .roi.tlb.l2.misses]' "$s.json")" ]
	check "$w: statistics summary on stderr" grep -q '^hmvirt: roi (1 region): instret=' "$n.err"
done

# One input, one cycle count (the timing model is on by default).
"$HMVIRT" run --model native-sw --workload mix --size small -m 256M --stats "$tmp/again.json" \
	>/dev/null 2>&1
check "deterministic: mix under native-sw twice, the same cycles ($(json "$tmp/again.json" .total.cycles))" \
	[ "$(json "$tmp/again.json" .total.cycles)" = "$(json "$tmp/native-sw-mix.json" .total.cycles)" ]
check "the timing model is on by default" jq -e '.total.cycles > .total.instret' "$tmp/again.json" >/dev/null

# Kernel options reach the kernel.
"$HMVIRT" run --model native --workload gups --size small -m 256M --kernel-args kpages=4k \
	>"$tmp/k.out" 2>/dev/null
check "--kernel-args kpages=4k: linear map in 4 KiB pages" grep -q 'linear map in 4 KiB pages' "$tmp/k.out"

# Bad arguments: one line on stderr, status 2.
bad() {
	local what=$1
	shift
	out=$("$HMVIRT" run "$@" 2>&1 >/dev/null)
	st=$?
	check "bad input, $what: status 2, one line ('$out')" \
		[ "$st" -eq 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]
}
bad "no model" --workload gups
bad "unknown model" --model xyz --workload gups
bad "model not yet available" --model tsp --workload gups
bad "no workload" --model native
bad "unknown workload" --model native --workload nope
bad "bad size" --model native --workload gups --size huge
bad "bad timing" --model native --workload gups --timing maybe
bad "unknown option" --model native --workload gups --frobnicate
bad "kernel args with --" --model native --workload gups --kernel-args "-- x"
finish
