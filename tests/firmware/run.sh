#!/usr/bin/env bash
# hmfw end to end (tests/firmware/objects.mk: make test-firmware).
#  1. sbi-hello boots with hmfw on hmvirt and on QEMU, and with Debian's
#     OpenSBI on hmvirt; each exits 0 through SRST, and the reports agree.
#  2. sbitest (every SBI call hmfw implements) passes on hmvirt and QEMU.
set -u
SUITE=firmware
. "$(dirname "$0")/../cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
HMFW=$BUILD/firmware/hmfw.elf
HELLO=$BUILD/examples/sbi-hello.elf
SBITEST=$BUILD/tests/firmware/sbitest.elf

run_hmvirt() { # bios kernel out  (bios "-": hmvirt's default, Debian's OpenSBI)
	local bios=()
	[ "$1" = - ] || bios=(--bios "$1")
	timeout 60 "$HMVIRT" machine -q "${bios[@]}" --kernel "$2" < /dev/null > "$3" 2>&1
}
run_qemu() { # bios kernel out
	timeout 60 qemu-system-riscv64 -machine virt -cpu rv64,h=true -nographic -m 256M \
		-bios "$1" -kernel "$2" < /dev/null > "$3" 2>&1
}

# sbi-hello's report without what names the implementation or the board:
# the implementation line (impl id/version), the machine ids (QEMU's
# marchid/mimpid are its version), the device tree's address and size
# (each board builds its own; OpenSBI also edits it). Kept: the console
# path, spec version, extension list, hart id, FDT magic, the power-off.
report() {
	tr -d '\r' < "$1" |
		grep -E '^(sbi-hello|  (SBI specification|extensions|hart id|device tree) )' |
		sed -E 's/^(  device tree +)at 0x[0-9a-f]+, (magic [^,]*),.*/\1\2/'
}

have_qemu=1
command -v qemu-system-riscv64 > /dev/null || { have_qemu=0; fail "qemu-system-riscv64 missing (run tools/setup.sh)"; }

# ---- sbi-hello: hmfw on hmvirt ----------------------------------------------
run_hmvirt "$HMFW" "$HELLO" "$tmp/hm.out"
st=$?
check "hmfw + sbi-hello on hmvirt exits 0 (status $st)" [ $st -eq 0 ]
check "hmfw banner on hmvirt" grep -q '^hmfw v[0-9]*\.[0-9]*: hmvirt M-mode firmware, SBI 2.0' "$tmp/hm.out"
check "hmvirt: hardware-mode interface detected" grep -q '^hmfw: hardware-mode interface present' "$tmp/hm.out"
check "sbi-hello sees hmfw (impl id 0x484d = 18509)" grep -q 'implementation .*(id 18509)' "$tmp/hm.out"
check "sbi-hello powered off through SRST" grep -q 'sbi-hello: powering off through SRST' "$tmp/hm.out"

# ---- sbi-hello: hmfw on QEMU: the same report ---------------------------------
if [ $have_qemu = 1 ]; then
	run_qemu "$HMFW" "$HELLO" "$tmp/qemu.out"
	st=$?
	check "hmfw + sbi-hello on QEMU exits 0 (status $st)" [ $st -eq 0 ]
	check "QEMU: no hardware-mode interface" \
		grep -q '^hmfw: no hardware-mode interface (not hmvirt): standard models only' "$tmp/qemu.out"
	report "$tmp/hm.out" > "$tmp/hm.rep"
	report "$tmp/qemu.out" > "$tmp/qemu.rep"
	if [ -s "$tmp/hm.rep" ] && cmp -s "$tmp/hm.rep" "$tmp/qemu.rep"; then
		ok "sbi-hello's report with hmfw is the same on hmvirt and QEMU ($(wc -l < "$tmp/hm.rep") lines)"
	else
		fail "sbi-hello's report differs, hmvirt vs QEMU: $(diff "$tmp/hm.rep" "$tmp/qemu.rep" | head -6)"
	fi
fi

# ---- sbi-hello: Debian's OpenSBI on hmvirt ----------------------------------
# Debian's OpenSBI 1.1 implements SBI 1.0 and has no DBCN (SBI 2.0), so
# with it sbi-hello prints through the legacy putchar, reports v1.0 and
# DBCN:no. Those three lines are compared by rule instead: the console
# line but for its path; the spec version 1.0 for OpenSBI, 2.0 for hmfw;
# every extension OpenSBI has, hmfw has too (and hmfw adds DBCN). All
# other lines (hart id, device tree, power-off) must be equal.
run_hmvirt - "$HELLO" "$tmp/osbi.out"
st=$?
check "OpenSBI + sbi-hello on hmvirt exits 0 (status $st)" [ $st -eq 0 ]
report "$tmp/osbi.out" > "$tmp/osbi.rep"
strip() { grep -Ev '^(sbi-hello: S-mode payload|  (SBI specification|extensions) )' "$1"; }
if [ -s "$tmp/osbi.rep" ] && cmp -s <(strip "$tmp/hm.rep") <(strip "$tmp/osbi.rep"); then
	ok "sbi-hello's report with hmfw and with OpenSBI agree ($(strip "$tmp/hm.rep" | wc -l) lines equal)"
else
	fail "sbi-hello's report differs, hmfw vs OpenSBI: $(diff <(strip "$tmp/hm.rep") <(strip "$tmp/osbi.rep") | head -6)"
fi
hdr() { grep '^sbi-hello: S-mode payload' "$1" | sed -E 's/, console via .*//'; }
check "same payload header with either firmware ($(hdr "$tmp/hm.rep"))" \
	test -n "$(hdr "$tmp/hm.rep")" -a "$(hdr "$tmp/hm.rep")" = "$(hdr "$tmp/osbi.rep")"
check "spec version: hmfw 2.0, Debian's OpenSBI 1.0" \
	test "$(grep -c 'SBI specification   v2.0' "$tmp/hm.rep")$(grep -c 'SBI specification   v1.0' "$tmp/osbi.rep")" = 11
missing=
for ext in $(grep '^  extensions' "$tmp/osbi.rep" | grep -o '[A-Z]*:yes' | cut -d: -f1); do
	grep -q " $ext:yes" "$tmp/hm.rep" || missing="$missing $ext"
done
check "every extension OpenSBI offers hmfw offers too${missing:+ (missing:$missing)}" \
	test -z "$missing" -a -n "$(grep '^  extensions' "$tmp/osbi.rep")"

# ---- sbitest ----------------------------------------------------------------------
run_hmvirt "$HMFW" "$SBITEST" "$tmp/t-hm.out"
st=$?
check "sbitest on hmvirt: PASS, exit 0 (status $st)" \
	eval '[ $st -eq 0 ] && grep -q "^sbitest: PASS" "$tmp/t-hm.out"'
grep -E '^sbitest: FAIL' "$tmp/t-hm.out" | sed 's/^/  hmvirt: /'
if [ $have_qemu = 1 ]; then
	run_qemu "$HMFW" "$SBITEST" "$tmp/t-qemu.out"
	st=$?
	check "sbitest on QEMU: PASS, exit 0 (status $st)" \
		eval '[ $st -eq 0 ] && grep -q "^sbitest: PASS" "$tmp/t-qemu.out"'
	grep -E '^sbitest: FAIL' "$tmp/t-qemu.out" | sed 's/^/  QEMU: /'
fi

finish
