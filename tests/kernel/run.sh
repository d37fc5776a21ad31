#!/usr/bin/env bash
# The guest kernel end to end (tests/kernel/objects.mk: make test-kernel).
#  1. every workload at size small passes under the kernel with hmfw on
#     hmvirt and on QEMU, with the same checksum lines;
#  2. the kernel's counter line agrees with the machine's statistics of
#     the same run (page-fault traps; sfence.vma by operand form, less
#     the firmware's own, measured by booting hmfw with sbi-hello);
#  3. asids=4 (ASID rollover) and kpages=4k runs;
#  4. robustness programs (tests/kernel/progs): bad pointers, a fork
#     bomb, memory exhaustion, malformed ELF files, the other calls;
#  5. the workload's status is the machine's exit status; Debian's
#     OpenSBI boots the kernel too.
set -u
SUITE=kernel
. "$(dirname "$0")/../cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
HMFW=$BUILD/firmware/hmfw.elf
KERNEL=$BUILD/kernel/kernel.elf
WL_RD=$BUILD/kernel/initramfs.cpio
TEST_RD=$BUILD/tests/kernel/initramfs.cpio
WORKLOADS="gups chase stream forkbench execbench mmapbench pagefault ctxsw mix"

hm() { # out json mem initrd bootargs [bios]: the kernel on hmvirt
	local bios=(--bios "${6:-$HMFW}")
	[ "${6:-}" = - ] && bios=()
	timeout 120 "$HMVIRT" machine -q "${bios[@]}" --kernel "$KERNEL" --initrd "$4" -m "$3" \
		--append "$5" --stats "$2" < /dev/null > "$1" 2>&1
}
qemu() { # out mem initrd bootargs [bios]
	timeout 120 qemu-system-riscv64 -M virt -m "$2" -nographic -bios "${5:-$HMFW}" \
		-kernel "$KERNEL" -initrd "$3" -append "$4" < /dev/null 2>&1 | tr -d '\r' > "$1"
	return "${PIPESTATUS[0]}"
}
checksums() { grep -E '^[a-z]+: checksum ' "$1"; }
counter() { sed -n "s/^kernel: counters.* $2=\([0-9]*\).*/\1/p" "$1"; }

# ---- the firmware's own sfence.vma: hmfw booting a payload that has none --
fw_fences=
if grep -q 'sfence' "$BUILD/examples/sbi-hello.asm" 2>/dev/null; then
	fail "sbi-hello executes sfence.vma: cannot measure hmfw's own"
else
	timeout 30 "$HMVIRT" machine -q --bios "$HMFW" --kernel "$BUILD/examples/sbi-hello.elf" \
		--stats "$tmp/hello.json" < /dev/null > /dev/null 2>&1
	fw_fences=$(jq -r '.total.fences.sfence_vma | "\(.all) \(.asid) \(.addr) \(.addr_asid)"' \
		"$tmp/hello.json" 2>/dev/null)
	case "$fw_fences" in
	[0-9]*) ;;
	*) fail "hmvirt's statistics have no .total.fences.sfence_vma"; fw_fences= ;;
	esac
fi

# counters_agree OUT JSON WHAT: the kernel's line against the machine's counts
counters_agree() {
	local out=$1 json=$2 what=$3 k m
	if ! grep -q '^kernel: counters ' "$out"; then
		fail "$what: no kernel counter line"
		return
	fi
	k=$(counter "$out" page_faults)
	m=$(jq '[.total.traps[] | select(.interrupt == false and .to == "HS"
		and (.from == "U" or .from == "HS")
		and (.cause == 12 or .cause == 13 or .cause == 15)) | .count] | add // 0' "$json")
	check "$what: page faults, kernel $k = machine $m (U and S, causes 12/13/15)" [ "$k" = "$m" ]
	[ -n "$fw_fences" ] || return
	set -- $fw_fences
	local i=1 form key
	for form in all asid addr addr_asid; do
		case $form in all) key=sfence_all ;; asid) key=sfence_asid ;;
			addr) key=sfence_page ;; addr_asid) key=sfence_page_asid ;; esac
		k=$(counter "$out" $key)
		m=$(jq ".total.fences.sfence_vma.$form" "$json")
		m=$((m - ${!i}))
		check "$what: sfence.vma $form, kernel $k = machine $m (less hmfw's ${!i})" [ "$k" = "$m" ]
		i=$((i + 1))
	done
}

no_panic() { ! grep -q 'kernel panic' "$1"; }

# ---- 1, 2: every workload on hmvirt and QEMU ----------------------------------
have_qemu=1
command -v qemu-system-riscv64 > /dev/null || { have_qemu=0; fail "qemu-system-riscv64 missing"; }
for w in $WORKLOADS; do
	hm "$tmp/$w.hm" "$tmp/$w.json" 256M "$WL_RD" "-- $w small"
	st=$?
	check "$w small on hmvirt: exit status 0 (got $st)" [ $st -eq 0 ]
	check "$w small on hmvirt: checksum PASS" grep -q "^$w: checksum .* PASS" "$tmp/$w.hm"
	counters_agree "$tmp/$w.hm" "$tmp/$w.json" "$w small"
	[ $have_qemu = 1 ] || continue
	qemu "$tmp/$w.qemu" 256M "$WL_RD" "-- $w small"
	st=$?
	check "$w small on QEMU: exit status 0 (got $st)" [ $st -eq 0 ]
	if checksums "$tmp/$w.hm" > "$tmp/a" && checksums "$tmp/$w.qemu" > "$tmp/b" &&
		cmp -s "$tmp/a" "$tmp/b"; then
		ok "$w small: the same checksum line on hmvirt and QEMU"
	else
		fail "$w small: checksum lines differ: $(cat "$tmp/a") | $(cat "$tmp/b")"
	fi
done

# ---- 3: ASID rollover, 4 KiB linear map ----------------------------------------
hm "$tmp/asid.hm" "$tmp/asid.json" 256M "$WL_RD" "asids=4 -- mix small"
st=$?
check "asids=4 mix small: exit status 0 (got $st)" [ $st -eq 0 ]
check "asids=4 mix small: checksum PASS" grep -q '^mix: checksum .* PASS' "$tmp/asid.hm"
r=$(sed -n 's/^kernel: stats.* rollovers=\([0-9]*\).*/\1/p' "$tmp/asid.hm")
check "asids=4: the ASID generation rolled over (${r:-no} rollovers)" [ "${r:-0}" -gt 0 ]
check "asids=4: each rollover flushed all (sfence_all > rollovers)" \
	[ "$(counter "$tmp/asid.hm" sfence_all)" -gt "${r:-0}" ]
counters_agree "$tmp/asid.hm" "$tmp/asid.json" "asids=4 mix"
if [ $have_qemu = 1 ]; then
	qemu "$tmp/asid.qemu" 256M "$WL_RD" "asids=4 -- forkbench small"
	check "asids=4 forkbench small on QEMU: checksum PASS" \
		grep -q '^forkbench: checksum .* PASS' "$tmp/asid.qemu"
fi

for w in gups forkbench; do
	hm "$tmp/4k.hm" "$tmp/4k.json" 256M "$WL_RD" "kpages=4k -- $w small"
	st=$?
	check "kpages=4k $w small: exit 0 (got $st)" [ $st -eq 0 ]
	check "kpages=4k: the kernel says it maps RAM with 4 KiB pages" \
		grep -q 'linear map in 4 KiB pages' "$tmp/4k.hm"
	check "kpages=4k $w small: checksum as with 2 MiB pages" \
		cmp -s <(checksums "$tmp/4k.hm") <(checksums "$tmp/$w.hm")
	counters_agree "$tmp/4k.hm" "$tmp/4k.json" "kpages=4k $w"
done

# ---- 4: robustness ---------------------------------------------------------------
robust() { # name mem bootargs-options
	local p=$1 mem=$2 opts=$3 where out st
	for where in hmvirt qemu; do
		out=$tmp/$p.$where
		if [ $where = hmvirt ]; then
			hm "$out" "$tmp/$p.json" "$mem" "$TEST_RD" "$opts -- $p"
		else
			[ $have_qemu = 1 ] || continue
			qemu "$out" "$mem" "$TEST_RD" "$opts -- $p"
		fi
		st=$?
		if [ $st -eq 0 ] && grep -q "^init: $p exited with status 0" "$out" && no_panic "$out"; then
			ok "$p on $where: $(grep -c "^$p: ok" "$out") checks passed, kernel alive"
		else
			fail "$p on $where (status $st): $(grep -E "^$p: FAIL|panic|^init:" "$out" | head -3)"
		fi
	done
}
robust badptr 256M ""
check "badptr: the kernel reports each fault like Linux ('segfault at')" \
	[ "$(grep -c '^kernel: badptr\[[0-9]*\]: segfault at [0-9a-f]* pc [0-9a-f]*, killed by signal 11' \
		"$tmp/badptr.hmvirt")" -ge 8 ]
counters_agree "$tmp/badptr.hmvirt" "$tmp/badptr.json" "badptr"
robust forkbomb 256M "maxprocs=24"
# 24 slots: init, the bomb itself, 22 bomb processes (children and grandchildren)
check "forkbomb: the bomb fills maxprocs=24 exactly (22 processes besides init and itself)" \
	grep -qE '^forkbomb: 22 processes before the limit' "$tmp/forkbomb.hmvirt"
robust nomem 128M ""
check "nomem: the kernel killed the over-committed process for lack of memory" \
	grep -q '^kernel: nomem\[[0-9]*\]: out of memory at' "$tmp/nomem.hmvirt"
robust badelf 256M ""
robust sysmisc 256M ""

# ---- 5: exit status, other firmware -----------------------------------------------
hm "$tmp/st.hm" "$tmp/st.json" 256M "$WL_RD" "-- no-such-program"
st=$?
check "init's status is the machine's: /init of a missing program exits 127 (got $st)" [ $st -eq 127 ]
hm "$tmp/osbi.hm" "$tmp/osbi.json" 256M "$WL_RD" "-- execbench small" -
st=$?
check "Debian's OpenSBI on hmvirt boots the kernel: execbench PASS (status $st)" \
	grep -q '^execbench: checksum .* PASS' "$tmp/osbi.hm"
if [ $have_qemu = 1 ]; then
	qemu "$tmp/osbi.qemu" 256M "$WL_RD" "-- ctxsw small" default
	check "QEMU's own OpenSBI boots the kernel: ctxsw PASS" \
		grep -q '^ctxsw: checksum .* PASS' "$tmp/osbi.qemu"
fi

echo "test-kernel: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
