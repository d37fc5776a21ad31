#!/usr/bin/env bash
# compare.sh - `hmvirt compare`: a workload under the four models it runs
# (native, native-sw, np, snp) side by side; the table and the JSON agree
# with the runs' own statistics, the overhead is computed against native;
# bad arguments get one line and status 2.
set -u
SUITE=compare
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$HMVIRT" compare --workload chase --size small -m 256M --json "$tmp/c.json" >"$tmp/out" 2>"$tmp/err"
st=$?
check "chase under the four models: status 0 ($st)" [ "$st" -eq 0 ]
check "the workload's checksum line is shown once, as the same under both" \
	[ "$(grep -c '^  chase: checksum 0x0000000001ffe000 expect 0x0000000001ffe000 PASS$' "$tmp/out")" = 1 ]
check "one table row per model, in the order given" \
	[ "$(awk 'NF == 13 && $1 ~ /^(native|native-sw|np|snp)$/ {print $1}' "$tmp/out" | tr '\n' ' ')" = "native native-sw np snp " ]
check "JSON: the four models with their statistics" \
	jq -e '.format == "hmvirt-compare-2" and (.workloads[0].models | length) == 4 and .workloads[0].models[1].model == "native-sw" and ([.workloads[0].models[].stats.roi.cycles > 0] | all)' "$tmp/c.json" >/dev/null
check "np and snp ran the workload in a VM (guest instructions in VS/VU)" \
	jq -e '[.workloads[0].models[2,3].stats.roi.modes.VU.instret > 0] | all' "$tmp/c.json" >/dev/null
check "snp's guest misses are refilled by the firmware, np's walked in hardware" \
	jq -e '.workloads[0].models as $m | $m[3].stats.total.walks.g_stage.walks == 0 and $m[3].stats.total.tlb_miss_traps > 0 and $m[2].stats.total.walks.g_stage.walks > 0' "$tmp/c.json" >/dev/null
check "snp is also compared against native-sw" grep -q '^snp against native-sw: [+-][0-9.]*%$' "$tmp/out"
n=$(jq '.workloads[0].models[0].stats.roi.cycles' "$tmp/c.json")
s=$(jq '.workloads[0].models[1].stats.roi.cycles' "$tmp/c.json")
want=$(awk -v n="$n" -v s="$s" 'BEGIN { printf "%+.1f%%", (s / n - 1) * 100 }')
check "native-sw's overhead is its cycles over native's ($want)" \
	[ "$(awk '$1 == "native-sw" {print $3}' "$tmp/out")" = "$want" ]
check "native-sw's refills in the table equal its statistics' miss traps" \
	[ "$(awk '$1 == "native-sw" {print $11}' "$tmp/out")" = "$(jq '.workloads[0].models[1].stats.roi.tlb_miss_traps' "$tmp/c.json")" ]
check "cycles in the table equal the statistics'" \
	[ "$(awk '$1 == "native" {print $2}' "$tmp/out")" = "$n" ]

# Several workloads: a table each, the matrix of overheads, CSV and a chart.
"$HMVIRT" compare --workload gups,pagefault --models native,native-sw --size small -m 256M \
	--csv "$tmp/c.csv" --plot "$tmp/c.png" >"$tmp/out2" 2>/dev/null
st=$?
check "two workloads, two models, CSV and chart: status 0 ($st)" [ "$st" -eq 0 ]
check "the overhead matrix has a line per workload" \
	[ "$(sed -n '/^overhead against native/,$p' "$tmp/out2" | awk '$1 == "gups" || $1 == "pagefault"' | wc -l)" = 2 ]
check "CSV: a header and a line per workload and model" \
	[ "$(head -n 1 "$tmp/c.csv" | cut -d, -f1-4)" = "workload,model,cycles,overhead" ] && [ "$(wc -l <"$tmp/c.csv")" = 5 ]
check "CSV: native-sw's pagefault cycles as in the table" \
	[ "$(awk -F, '$1 == "pagefault" && $2 == "native-sw" {print $3}' "$tmp/c.csv")" = \
	  "$(sed -n '/pagefault (small)/,/^$/p' "$tmp/out2" | awk '$1 == "native-sw" {print $2}')" ]
check "the chart is a PNG" [ "$(head -c 4 "$tmp/c.png" | tail -c 3)" = PNG ]

bad() {
	local what=$1
	shift
	out=$("$HMVIRT" compare "$@" 2>&1 >/dev/null)
	st=$?
	check "bad input, $what: status 2, one line ('$out')" \
		[ "$st" -eq 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]
}
bad "no workload" --models native
bad "unwritable CSV" --workload gups --csv /nonexistent/dir/c.csv
bad "unknown model" --workload gups --models native,xyz
bad "model not yet available" --workload gups --models native,tsp
bad "model named twice" --workload gups --models native,native
bad "unknown option" --workload gups --bogus
out=$("$HMVIRT" compare --workload nope --size small 2>&1 >/dev/null)
st=$?
check "unknown workload: status 2, hmvirt run's one line ('$(printf '%s' "$out" | tail -n 1)')" \
	[ "$st" -eq 2 ] && printf '%s\n' "$out" | grep -q "unknown --workload"
finish
