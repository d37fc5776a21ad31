#!/usr/bin/env bash
# stats.sh - the timing model and the statistics from the command line:
# --config, --timing, --stats (JSON read back with jq), the walk
# references per TLB miss of a native and a two-stage random walk, the
# measured region, determinism of the cycle count with the model on, and
# bad configuration files.
set -u
SUITE=stats
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cfg=tests/cli/configs/no-walk-caches.ini
native=$BUILD/bench/randacc.elf
guest=$BUILD/bench/randacc2s-small.elf

json() { jq -r "$2" "$1"; }

# Native Sv39, 4 KiB pages, no walk caches: 3 references per walk.
"$HMVIRT" machine -q --bios "$native" --config "$cfg" --stats "$tmp/n.json" >/dev/null 2>"$tmp/n.err"
check "native run exits 0 and writes JSON" jq -e . "$tmp/n.json" >/dev/null
check "native: every first-stage walk reads 3 PTEs ($(json "$tmp/n.json" .total.walks.refs_per_walk))" \
	[ "$(json "$tmp/n.json" '.total.walks.refs_per_walk')" = 3 ]
check "native: no G-stage walks" [ "$(json "$tmp/n.json" '.total.walks.g_stage.walks')" = 0 ]
check "native: the measured region was marked once" [ "$(json "$tmp/n.json" '.run.roi_regions')" = 1 ]
check "native: the region ran in HS (S, V=0) only" \
	[ "$(json "$tmp/n.json" '.roi.modes.HS.instret')" = "$(json "$tmp/n.json" '.roi.instret')" ]
check "native: summary names the region" grep -q '^hmvirt: roi (1 region): instret=' "$tmp/n.err"

# Sv39 over Sv39x4, 4 KiB pages in both stages: 15 references per walk.
"$HMVIRT" machine -q --bios "$guest" --config "$cfg" --stats "$tmp/g.json" >/dev/null 2>&1
check "two-stage: every walk reads 15 PTEs ($(json "$tmp/g.json" .total.walks.refs_per_walk))" \
	[ "$(json "$tmp/g.json" '.total.walks.refs_per_walk')" = 15 ]
check "two-stage: 4 G-stage walks per first-stage walk (3 PTEs + the final GPA)" \
	[ "$(json "$tmp/g.json" '.total.walks.g_stage.walks')" = \
	  "$(( $(json "$tmp/g.json" '.total.walks.first_stage.walks') * 4 ))" ]
check "two-stage: the region ran in VS" \
	[ "$(json "$tmp/g.json" '.roi.modes.VS.instret')" = "$(json "$tmp/g.json" '.roi.instret')" ]
check "two-stage: the VM exit (the guest's final ecall) is counted" \
	[ "$(json "$tmp/g.json" '.total.vm_exits')" = 1 ]

# With the default walk caches the references per walk drop.
"$HMVIRT" machine -q --bios "$guest" --stats "$tmp/d.json" >/dev/null 2>&1
check "two-stage with the walk caches: fewer than 15 references per walk" \
	jq -e '.total.walks.refs_per_walk < 15 and .total.walks.first_stage.pwc_hits > 0' "$tmp/d.json" >/dev/null

# Timing on: more cycles than instructions, every cycle in a class, and
# one input gives one cycle count.
"$HMVIRT" machine -q --bios "$guest" --timing on --stats "$tmp/t1.json" >/dev/null 2>&1
"$HMVIRT" machine -q --bios "$guest" --timing on --stats "$tmp/t2.json" >/dev/null 2>&1
check "timing on: cycles > instructions" jq -e '.total.cycles > .total.instret' "$tmp/t1.json" >/dev/null
check "timing on: the classes add up to the cycles" \
	jq -e '([.total.cycles_by_class[]] | add) == .total.cycles' "$tmp/t1.json" >/dev/null
check "timing on: the modes add up to the cycles" \
	jq -e '([.total.modes[].cycles.total] | add) == .total.cycles' "$tmp/t1.json" >/dev/null
check "timing on: the same cycles twice ($(json "$tmp/t1.json" .total.cycles))" \
	[ "$(json "$tmp/t1.json" .total.cycles)" = "$(json "$tmp/t2.json" .total.cycles)" ]
check "timing on: same instructions as off" \
	[ "$(json "$tmp/t1.json" .total.instret)" = "$(json "$tmp/d.json" .total.instret)" ]
check "timing on: cache statistics present" jq -e '.total.caches.l1d.misses > 0' "$tmp/t1.json" >/dev/null

# Fences by operand form: the JSON counts equal the sfence.vma lines of the
# instruction trace (tests/target/sfence.elf retires every form, none traps).
sf=$BUILD/tests/target/sfence.elf
"$HMVIRT" machine -q --bios "$sf" --stats "$tmp/f.json" --trace="$tmp/f.trace" >/dev/null 2>&1
form() { grep -cE " sfence\.vma $1$" "$tmp/f.trace"; }
want="$(form 'zero,zero') $(form 'zero,[a-z0-9]+') $(form '[a-z0-9]+,zero') $(form '[a-z0-9]+,[a-z0-9]+')"
want=$(awk '{print $1, $2 - $1, $3 - $1, $4 - $1 - ($2 - $1) - ($3 - $1)}' <<<"$want")
got=$(jq -r '.total.fences.sfence_vma | "\(.all) \(.asid) \(.addr) \(.addr_asid)"' "$tmp/f.json")
check "fences: sfence.vma by form equals the trace ($got)" [ "$got" = "$want" ]
check "fences: no guest fences in a V=0 program" \
	jq -e '[.total.fences.sfence_vma_guest[], .total.fences.hfence_vvma[], .total.fences.hfence_gvma[]] | add == 0' "$tmp/f.json" >/dev/null

# Bad configurations: one line, status 2.
printf '[l1d]\nways = 3\n' >"$tmp/bad.ini"
out=$("$HMVIRT" machine --bios "$guest" --config "$tmp/bad.ini" 2>&1 >/dev/null)
st=$?
check "bad config: status 2 ($st)" [ "$st" -eq 2 ]
check "bad config: one line naming file and line: '$out'" \
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && grep -q "bad.ini:2:" <<<"$out"
out=$("$HMVIRT" machine --bios "$guest" --config "$tmp/none.ini" 2>&1 >/dev/null)
check "missing config: status 2, one line" [ $? -eq 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]
out=$("$HMVIRT" machine --bios "$guest" --timing maybe 2>&1 >/dev/null)
check "bad --timing: status 2" [ $? -eq 2 ]
out=$("$HMVIRT" machine -q --bios "$guest" --stats /nonexistent/dir/s.json 2>&1 >/dev/null)
check "unwritable --stats: status 2 and a message" [ $? -eq 2 ] && grep -q "cannot write statistics" <<<"$out"
finish
