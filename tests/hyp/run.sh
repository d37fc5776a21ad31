#!/usr/bin/env bash
# The hypervisor end to end (tests/hyp/objects.mk: make test-hyp).
#  1. every workload at size small boots in the VM and passes on hmvirt
#     under --model np and --model snp: exit status 0, exactly the
#     checksum line of tests/user/checksums.txt; the guest's work runs in
#     VU; the hypervisor's exit count is the machine's (.total.vm_exits);
#     np walks the G-stage in hardware, snp never does and the firmware
#     refills instead; np and snp give the same guest output;
#  2. the same on QEMU (-cpu rv64,h=true) for a few workloads;
#  3. the SBI a VM sees (guests/sbitest.c) on hmvirt and QEMU;
#  4. hostile guests and bad input stop the machine with the hypervisor's
#     failure status and a report, never hang: a guest access outside its
#     RAM, an instruction it may not execute, an initrd without a guest,
#     guestmem= larger than the host; guestmem= sizes the guest's RAM;
#     the workload's status is the machine's.
set -u
SUITE=hyp
. "$(dirname "$0")/../cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
HMFW=$BUILD/firmware/hmfw.elf
HYP=$BUILD/hyp/hyp.elf
GUEST=$BUILD/hyp/guest.cpio
SUMS=$(dirname "$0")/../user/checksums.txt
WORKLOADS="gups chase stream forkbench execbench mmapbench pagefault ctxsw mix"
QEMU_WORKLOADS="gups forkbench ctxsw mix"
FAIL_STATUS=250 # hyp.h: HYP_FAIL_STATUS

hm() { # out json model initrd bootargs: the hypervisor on hmvirt
	timeout 60 "$HMVIRT" machine -q --bios "$HMFW" --kernel "$HYP" --initrd "$4" -m 512M \
		--model "$3" --append "$5" --stats "$2" < /dev/null > "$1" 2>&1
}
qemu() { # out initrd bootargs
	timeout 60 qemu-system-riscv64 -M virt -cpu rv64,h=true -m 512M -nographic \
		-bios "$HMFW" -kernel "$HYP" -initrd "$2" -append "$3" < /dev/null 2>&1 |
		tr -d '\r' > "$1"
	return "${PIPESTATUS[0]}"
}
expected() { sed -n "s/^small \($1: checksum .*\)/\1/p" "$SUMS"; }
guest_lines() { grep -E "^($1|init): " "$2"; } # the workload's and init's lines
hyp_counter() { sed -n "s/^hyp: counters.* $2=\([0-9]*\).*/\1/p" "$1"; }
jqn() { jq -r "$1 // 0" "$2" 2>/dev/null || echo 0; }

# ---- 1: every workload under np and snp on hmvirt ------------------------------
for w in $WORKLOADS; do
	exp=$(expected "$w")
	for m in np snp; do
		out=$tmp/$w.$m json=$tmp/$w.$m.json
		hm "$out" "$json" $m "$GUEST" "-- $w small"
		st=$?
		got=$(grep "^$w: checksum " "$out")
		check "$w small, $m: exit status 0 (got $st)" [ $st -eq 0 ]
		check "$w small, $m: the checksum line of checksums.txt ($got)" \
			[ -n "$exp" -a "$got" = "$exp" ]
		vu=$(jqn .total.modes.VU.instret "$json")
		exits=$(jqn .total.vm_exits "$json")
		check "$w small, $m: the guest's work runs in VU ($vu instructions)" [ "$vu" -gt 0 ]
		check "$w small, $m: VM exits, hypervisor $(hyp_counter "$out" vm_exits) = machine $exits" \
			[ "$exits" -gt 0 -a "$(hyp_counter "$out" vm_exits)" = "$exits" ]
		gw=$(jqn .total.walks.g_stage.walks "$json")
		refills=$(jqn .total.tlb_miss_traps "$json")
		if [ $m = np ]; then
			check "$w small, np: hardware G-stage walks ($gw), no firmware refills ($refills)" \
				[ "$gw" -gt 0 -a "$refills" -eq 0 ]
		else
			check "$w small, snp: no hardware G-stage walk ($gw), firmware refills ($refills)" \
				[ "$gw" -eq 0 -a "$refills" -gt 0 ]
		fi
	done
	if guest_lines "$w" "$tmp/$w.np" > "$tmp/a" && guest_lines "$w" "$tmp/$w.snp" > "$tmp/b" &&
		cmp -s "$tmp/a" "$tmp/b"; then
		ok "$w small: np and snp give the same guest output"
	else
		fail "$w small: guest output differs between np and snp"
	fi
done

# ---- 2: QEMU ------------------------------------------------------------------------
have_qemu=1
command -v qemu-system-riscv64 > /dev/null || { have_qemu=0; fail "qemu-system-riscv64 missing"; }
if [ $have_qemu = 1 ]; then
	for w in $QEMU_WORKLOADS; do
		qemu "$tmp/$w.qemu" "$GUEST" "-- $w small"
		st=$?
		got=$(grep "^$w: checksum " "$tmp/$w.qemu")
		check "$w small on QEMU: exit status 0 (got $st)" [ $st -eq 0 ]
		check "$w small on QEMU: the checksum line of checksums.txt" \
			[ -n "$got" -a "$got" = "$(expected "$w")" ]
	done
fi

# ---- 3: the SBI a VM sees ----------------------------------------------------------------
# XFAIL-QEMU: QEMU 7.2 never shows the injected VSTIP in the guest's sip
# while it polls with interrupts off (QEMU-DEVIATIONS.md, "the visible bits
# of hip, sip, mip and vsip"), although it delivers the interrupt: the
# guest kernel's timer works there. That one check may fail on QEMU.
sbitest() { # where out status
	local n fails
	n=$(grep -c '^sbitest: ok ' "$2")
	fails=$(grep '^sbitest: FAIL ' "$2" | grep -v '^sbitest: FAIL time: sip.STIP pending')
	if [ "$1" = QEMU ] && [ -z "$fails" ] && grep -q '^sbitest: FAILED' "$2" &&
		grep -q '^sbitest: FAIL time: sip.STIP pending' "$2"; then
		ok "sbitest on QEMU: $n SBI checks passed in VS-mode (XFAIL-QEMU: sip.STIP not visible)"
	elif [ "$3" -eq 0 ] && grep -q '^sbitest: all passed' "$2"; then
		ok "sbitest on $1: $n SBI checks passed in VS-mode"
	else
		fail "sbitest on $1 (status $3): $(grep -E '^sbitest: FAIL|FATAL' "$2" | head -3)"
	fi
}
hm "$tmp/sbi.np" "$tmp/sbi.json" np "$BUILD/tests/hyp/sbitest.cpio" ""
sbitest "hmvirt np" "$tmp/sbi.np" $?
hm "$tmp/sbi.snp" "$tmp/sbi.json" snp "$BUILD/tests/hyp/sbitest.cpio" ""
sbitest "hmvirt snp" "$tmp/sbi.snp" $?
if [ $have_qemu = 1 ]; then
	qemu "$tmp/sbi.qemu" "$BUILD/tests/hyp/sbitest.cpio" ""
	sbitest QEMU "$tmp/sbi.qemu" $?
fi

# ---- 4: hostile guests, bad input, options ----------------------------------------------
stops() { # what out status pattern: the machine stopped with the failure status and a report
	if [ "$3" -eq $FAIL_STATUS ] && grep -q "$4" "$2" && grep -q '^hyp: counters ' "$2"; then
		ok "$1: stopped with status $FAIL_STATUS and a report"
	else
		fail "$1: status $3, $(grep -E '^hyp' "$2" | tail -2)"
	fi
}
hm "$tmp/bad.out" "$tmp/bad.json" np "$BUILD/tests/hyp/badgpa.cpio" ""
stops "a guest load outside its RAM (cause 21, htval = GPA >> 2)" "$tmp/bad.out" $? \
	'FATAL: guest access outside its RAM: VM exit cause 21 .* htval=4000000'
hm "$tmp/bad.out" "$tmp/bad.json" snp "$BUILD/tests/hyp/badgpa.cpio" ""
stops "the same under snp (the firmware's software walk)" "$tmp/bad.out" $? \
	'FATAL: guest access outside its RAM: VM exit cause 21 .* htval=4000000'
hm "$tmp/bad.out" "$tmp/bad.json" np "$BUILD/tests/hyp/virtinsn.cpio" ""
stops "hfence.gvma in VS-mode (virtual instruction, cause 22)" "$tmp/bad.out" $? \
	'FATAL: unexpected exit: VM exit cause 22 .* stval=62000073'
hm "$tmp/bad.out" "$tmp/bad.json" np "$BUILD/user/initramfs.cpio" "-- gups small"
stops "an initrd without kernel.elf" "$tmp/bad.out" $? 'FATAL: the initrd is not a cpio archive'
hm "$tmp/bad.out" "$tmp/bad.json" np "$GUEST" "guestmem=4G -- gups small"
stops "guestmem=4G on a 512 MiB host" "$tmp/bad.out" $? 'FATAL: guestmem=4096 MiB'
hm "$tmp/gm.out" "$tmp/gm.json" np "$GUEST" "guestmem=64M -- mix small"
st=$?
check "guestmem=64M: the guest kernel sees 64 MiB" grep -q '^kernel: .* 64 MiB RAM at 80000000' "$tmp/gm.out"
check "guestmem=64M: mix small passes (status $st)" \
	[ $st -eq 0 -a "$(grep '^mix: checksum ' "$tmp/gm.out")" = "$(expected mix)" ]
# the kernel's robustness programs in the VM (nomem exhausts the guest's
# RAM: every page of it gets backed on a G-stage fault)
for m in np snp; do
	for p in nomem badptr; do
		out=$tmp/$p.$m
		hm "$out" "$tmp/k.json" $m "$BUILD/tests/hyp/ktest.cpio" "-- $p"
		st=$?
		if [ $st -eq 0 ] && grep -q "^init: $p exited with status 0" "$out"; then
			ok "$p (tests/kernel/progs) in the VM, $m: passes"
		else
			fail "$p in the VM, $m: status $st, $(grep -E '^init:|FATAL' "$out" | head -2)"
		fi
	done
	pages=$(hyp_counter "$tmp/nomem.$m" guest_pages)
	check "nomem, $m: nearly all guest RAM backed (${pages:-0} pages of $((506 << 8)))" \
		[ "${pages:-0}" -gt $((500 << 8)) ]
done
hm "$tmp/st.out" "$tmp/st.json" snp "$GUEST" "-- no-such-program"
st=$?
check "the guest's status is the machine's: /init of a missing program exits 127 (got $st)" \
	[ $st -eq 127 ]

echo "test-hyp: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
