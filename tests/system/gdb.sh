#!/usr/bin/env bash
# The GDB stub of `hmvirt machine --gdb PORT`, end to end:
#  1. a scripted gdb-multiarch session on tests/system/gdbprog.S: break at
#     target_fn, continue, stepi, registers (read and write), memory (read
#     and write), CSRs and the privilege level, stepi into a trap handler,
#     continue to the finisher;
#  2. Ctrl-C (SIGINT to gdb) while the guest spins, and a finisher code
#     changed from the debugger becoming gdb's and hmvirt's exit code;
#  3. the raw protocol from bash (/dev/tcp): acks, bad checksums, oversized
#     and malformed packets, unknown packets, interrupt byte, detach, kill.
# Every emulator is killed on exit; every wait is bounded. KEEP=1 keeps
# the sessions' logs (the directory is printed at the end).
set -u
SUITE=gdb
. "$(dirname "$0")/../cli/lib.sh"
prog=$BUILD/tests/system/gdbprog.elf
sym=$BUILD/tests/system/gdbprog.sym
GDB=${GDB:-gdb-multiarch}
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	[ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT

if ! command -v "$GDB" > /dev/null; then
	fail "$GDB is not installed (make setup)"
	finish
	exit 1
fi

addr_of() {   # the symbol's address, as 0x... without leading zeros
	local a
	a=$(grep -E " $1\$" "$sym" | head -n 1 | cut -c1-16)
	printf '0x%x' "$((16#${a:-0}))"
}
target_fn=$(addr_of target_fn)
spin_loop=$(addr_of spin_loop)
spin=$(addr_of spin)
magic=$(addr_of magic)
do_ecall=$(addr_of do_ecall)
trap_handler=$(addr_of trap_handler)

# start_emu NAME: hmvirt waiting for gdb on a free port; sets PORT, EMU_PID.
nstarted=0
start_emu() {
	local name=$1 try i
	for try in 0 1 2 3 4 5 6 7; do
		PORT=$((20000 + ($$ * 17 + nstarted * 131 + try * 997) % 40000))
		nstarted=$((nstarted + 1))
		timeout 60 "$HMVIRT" machine --bios "$prog" --gdb "$PORT" \
			> "$tmp/$name.out" 2> "$tmp/$name.err" < /dev/null &
		EMU_PID=$!
		pids+=("$EMU_PID")
		for i in $(seq 200); do
			grep -q "waiting for gdb on port $PORT" "$tmp/$name.err" && return 0
			kill -0 "$EMU_PID" 2> /dev/null || break
			sleep 0.05
		done
		kill "$EMU_PID" 2> /dev/null
		wait "$EMU_PID" 2> /dev/null
	done
	return 1
}

# emu_status: waits (at most 20 s) for the emulator; sets ST.
emu_status() {
	local i
	for i in $(seq 400); do
		kill -0 "$EMU_PID" 2> /dev/null || break
		sleep 0.05
	done
	kill "$EMU_PID" 2> /dev/null
	wait "$EMU_PID" 2> /dev/null
	ST=$?
}

# value KEY FILE: the value of the line "KEY=value" that the session printed
value() {
	sed -n "s/^$1=//p" "$2" | head -n 1
}

# ---- 1. a gdb session -------------------------------------------------------
if start_emu s1; then
	ok "hmvirt waits for gdb on port $PORT"
	cat > "$tmp/s1.gdb" <<EOF
set pagination off
set confirm off
file $prog
target remote :$PORT
printf "PC0=%#lx\n", \$pc
break target_fn
continue
printf "PC1=%#lx\n", \$pc
printf "A0=%ld\n", \$a0
stepi
printf "PC2=%#lx\n", \$pc
printf "A0B=%ld\n", \$a0
set \$a1 = 100
stepi
printf "A2=%ld\n", \$a2
printf "MAGIC=%#x\n", *(unsigned int *)&magic
set var *(unsigned int *)&magic = 0x12345678
printf "MAGIC2=%#x\n", *(unsigned int *)&magic
printf "MISA=%#lx\n", \$misa
printf "MHARTID=%ld\n", \$mhartid
info registers priv
info threads
break do_ecall
continue
printf "PCE=%#lx\n", \$pc
stepi
printf "PCT=%#lx\n", \$pc
printf "MCAUSE=%ld\n", \$mcause
printf "MEPC=%#lx\n", \$mepc
continue
EOF
	timeout 60 "$GDB" -nx -batch -x "$tmp/s1.gdb" > "$tmp/s1.log" 2>&1
	emu_status
	out=$tmp/s1.log
	check "gdb connects and sees the reset pc 0x80000000 ($(value PC0 "$out"))" \
		[ "$(value PC0 "$out")" = 0x80000000 ]
	check "break target_fn: continue stops at the breakpoint" grep -q "^Breakpoint 1, target_fn ()" "$out"
	check "stopped at target_fn = $target_fn (pc $(value PC1 "$out"))" [ "$(value PC1 "$out")" = "$target_fn" ]
	check "a0 holds the program's 42 (got $(value A0 "$out"))" [ "$(value A0 "$out")" = 42 ]
	pc1=$(value PC1 "$out")
	pc2=$(value PC2 "$out")
	check "stepi advances pc over c.addi: $pc1 -> $pc2" [ "$((${pc2:-0}))" -eq "$((${pc1:-0} + 2))" ]
	check "stepi executed c.addi a0,a0,1: a0 = 43 (got $(value A0B "$out"))" [ "$(value A0B "$out")" = 43 ]
	check "a register written from gdb is used: a2 = 43 + 100 (got $(value A2 "$out"))" \
		[ "$(value A2 "$out")" = 143 ]
	check "memory read: magic = 0xfeedc0de (got $(value MAGIC "$out"))" [ "$(value MAGIC "$out")" = 0xfeedc0de ]
	check "memory write: magic = 0x12345678 (got $(value MAGIC2 "$out"))" [ "$(value MAGIC2 "$out")" = 0x12345678 ]
	check "CSR misa: RV64 ACHIMSU (got $(value MISA "$out"))" [ "$(value MISA "$out")" = 0x8000000000141185 ]
	check "CSR mhartid = 0 (got $(value MHARTID "$out"))" [ "$(value MHARTID "$out")" = 0 ]
	check "privilege level: machine" grep -Eq '^priv +0x3' "$out"
	check "one thread, hart 0" grep -q "Thread 1 (hart 0, M-mode)" "$out"
	check "break do_ecall: stopped at $do_ecall (pc $(value PCE "$out"))" [ "$(value PCE "$out")" = "$do_ecall" ]
	# gdb steps RISC-V code with a breakpoint at the next pc: over the
	# whole trap (the raw part checks that 's' stops at the handler)
	after_ecall=$(printf '0x%x' $((do_ecall + 4)))
	check "stepi over ecall: the handler ran, pc = $after_ecall (pc $(value PCT "$out"))" \
		[ "$(value PCT "$out")" = "$after_ecall" ]
	check "CSRs after the trap: mcause = 11 (ecall from M), mepc = $after_ecall ($(value MCAUSE "$out"), $(value MEPC "$out"))" \
		[ "$(value MCAUSE "$out"),$(value MEPC "$out")" = "11,$after_ecall" ]
	check "continue runs to the finisher: inferior exited normally" grep -Eq '^\[Inferior 1 .* exited normally\]' "$out"
	check "hmvirt exits with the finisher code 0 (status $ST)" [ "$ST" -eq 0 ]
else
	fail "hmvirt does not listen for gdb: $(cat "$tmp/s1.err" 2> /dev/null)"
fi

# ---- 2. Ctrl-C, and an exit code set from the debugger ----------------------
if start_emu s2; then
	cat > "$tmp/s2.gdb" <<EOF
set pagination off
set confirm off
file $prog
target remote :$PORT
set var *(unsigned int *)&spin = 1
echo RUNNING\n
continue
printf "PCI=%#lx\n", \$pc
set var *(unsigned int *)&spin = 0
break finish
continue
set \$t1 = (3 << 16) | 0x3333
continue
EOF
	# --foreground: timeout passes SIGINT to gdb alone, not to its process
	# group as well (a second SIGINT makes gdb give up on the target)
	timeout --foreground 60 "$GDB" -nx -batch -x "$tmp/s2.gdb" > "$tmp/s2.log" 2>&1 &
	gdb_pid=$!
	pids+=("$gdb_pid")
	for i in $(seq 200); do
		grep -q "^RUNNING" "$tmp/s2.log" && break
		sleep 0.05
	done
	sleep 0.5                     # the guest spins in spin_loop
	kill -INT "$gdb_pid"          # as Ctrl-C: gdb sends 0x03
	wait "$gdb_pid"
	emu_status
	out=$tmp/s2.log
	pci=$(value PCI "$out")
	check "Ctrl-C stops the running guest: SIGINT" grep -q "Program received signal SIGINT" "$out"
	check "stopped inside spin_loop ($spin_loop..+8): pc $pci" \
		eval '[ "$((${pci:-0}))" -ge "$((spin_loop))" ] && [ "$((${pci:-0}))" -lt "$((spin_loop + 8))" ]' 
	check "continue after Ctrl-C reaches a later breakpoint" grep -q "^Breakpoint 1, finish ()" "$out"
	check "finisher code 3 set from gdb: inferior exited with code 03" \
		grep -Eq '^\[Inferior 1 .* exited with code 03\]' "$out"
	check "hmvirt exits with the finisher code 3 (status $ST)" [ "$ST" -eq 3 ]
else
	fail "hmvirt does not listen for gdb (session 2)"
fi

# ---- 3. the raw protocol -----------------------------------------------------
# le64 VALUE: a 64-bit register value as the protocol spells it
le64() {
	printf %016x $(($1)) | sed -E 's/(..)(..)(..)(..)(..)(..)(..)(..)/\8\7\6\5\4\3\2\1/'
}
# rsp_sum TEXT: the packet checksum
rsp_sum() {
	local s=$1 sum=0 i c
	for ((i = 0; i < ${#s}; i++)); do
		printf -v c '%d' "'${s:i:1}"
		sum=$(((sum + c) & 255))
	done
	printf '%02x' "$sum"
}
# rsp_byte: one byte from the stub into B ("" on timeout)
rsp_byte() {
	B=
	IFS= read -r -d '' -n 1 -t 10 B <&"$fd"
}
# rsp_recv: the next packet's payload into R (skipping acks); acks it
rsp_recv() {
	R=
	while rsp_byte && [ "$B" != '$' ]; do :; done
	[ "$B" = '$' ] || { R="<timeout>"; return 1; }
	while rsp_byte && [ "$B" != '#' ]; do R+=$B; done
	rsp_byte
	rsp_byte
	printf '+' >&"$fd"
}
# rsp PAYLOAD: sends a packet, expects '+', returns the reply in R
rsp() {
	printf '$%s#%s' "$1" "$(rsp_sum "$1")" >&"$fd"
	rsp_byte
	[ "$B" = '+' ] || { R="<no ack: '$B'>"; return 1; }
	rsp_recv
}

if start_emu s3; then
	if exec {fd}<> "/dev/tcp/127.0.0.1/$PORT"; then
		rsp "qSupported:multiprocess+;swbreak+"
		check "qSupported: PacketSize and qXfer:features:read+ ($R)" \
			grep -Eq 'PacketSize=[0-9a-f]+;.*qXfer:features:read\+' <<< "$R"
		rsp "qXfer:features:read:target.xml:0,80"
		check "target.xml: a partial read starts with 'm<?xml' (${R:0:12})" [ "${R:0:6}" = "m<?xml" ]
		rsp "qXfer:features:read:target.xml:0,4000"
		check "target.xml: riscv:rv64 with x0..x31 and pc, last part 'l'" \
			eval '[ "${R:0:1}" = l ] && grep -q "<architecture>riscv:rv64</architecture>" <<< "$R" &&
			grep -q "name=\"t6\" bitsize=\"64\"" <<< "$R" && grep -q "name=\"pc\"" <<< "$R"'
		rsp "qXfer:features:read:other.xml:0,100"
		check "qXfer of an unknown annex is an error ($R)" [ "${R:0:1}" = E ]
		rsp "?"
		check "? reports a SIGTRAP stop of thread 1 ($R)" [ "$R" = "T05thread:1;" ]
		rsp "qfThreadInfo"; a=$R
		rsp "qsThreadInfo"; b=$R
		rsp "qC"; c=$R
		rsp "qAttached"; d=$R
		check "one thread: qfThreadInfo $a, qsThreadInfo $b, qC $c, qAttached $d" \
			[ "$a,$b,$c,$d" = "m1,l,QC1,1" ]
		rsp "vMustReplyEmpty"; a=$R
		rsp "qNoSuchThing:12"; b=$R
		rsp "X80000000,0:"; c=$R
		check "unknown packets get an empty reply ('$a' '$b' '$c')" [ "$a$b$c" = "" ]
		rsp "vCont?"
		check "vCont? lists c and s ($R)" grep -q "vCont;c;C;s;S" <<< "$R"

		# registers: g is x0..x31 and pc, 16 hex digits each
		rsp "g"
		check "g: 33 registers, pc = 0x80000000 last (${#R} digits)" \
			eval '[ ${#R} -eq 528 ] && [ "${R:512:16}" = 0000008000000000 ]'
		rsp "p20"
		check "p20 (pc) = 0x80000000 ($R)" [ "$R" = 0000008000000000 ]
		rsp "pa"
		a0=$R
		rsp "Pa=efbeadde00000000"; a=$R
		rsp "pa"; b=$R
		check "P then p of a0 ($a, $b)" [ "$a,$b" = "OK,efbeadde00000000" ]
		rsp "Pa=$a0"
		rsp "P0=0100000000000000"; a=$R
		rsp "p0"; b=$R
		check "x0 stays zero after a write ($a, $b)" [ "$b" = 0000000000000000 ]
		rsp "p1041"
		check "p1041: priv = 3, machine mode ($R)" [ "$R" = 0300000000000000 ]
		rsp "p342"
		check "p342: misa through the CSR numbering ($R)" [ "$R" = 8511140000000080 ]
		rsp "p99999"; a=$R
		rsp "pzz"; b=$R
		rsp "G1234"; c=$R
		rsp "P20=12"; d=$R
		check "bad register packets are errors ($a $b $c $d)" \
			eval '[ "${a:0:1}${b:0:1}${c:0:1}${d:0:1}" = EEEE ]'

		# memory
		rsp "m$(printf %x $((magic))),4"
		check "m: magic reads dec0edfe ($R)" [ "$R" = dec0edfe ]
		rsp "m0,4"; a=$R
		rsp "m80000000"; b=$R
		rsp "m80000000,zz"; c=$R
		rsp "M$(printf %x $((magic))),4:00"; d=$R
		check "m of unmapped memory and malformed m/M are errors ($a $b $c $d)" \
			eval '[ "${a:0:1}${b:0:1}${c:0:1}${d:0:1}" = EEEE ]'
		rsp "m80000000,4"
		first=$R
		rsp "m80000000,ffffffff"
		check "m with a huge length is capped, not a crash (${#R} digits)" \
			eval '[ ${#R} -gt 0 ] && [ ${#R} -le 16384 ] && [ "${R:0:8}" = "$first" ]'

		# framing: bad checksum, noise, an oversized packet
		printf '$g#00' >&"$fd"
		rsp_byte
		check "a bad checksum is answered with '-' ($B)" [ "$B" = - ]
		printf 'junk\003+' >&"$fd"
		rsp "?"
		check "noise and a stray 0x03 between packets are skipped ($R)" [ "$R" = "T05thread:1;" ]
		big=$(head -c 20000 /dev/zero | tr '\0' 'q')
		printf '$%s#%02x' "$big" $(((113 * 20000) & 255)) >&"$fd"
		rsp_byte
		rsp_recv
		check "a packet over PacketSize is refused with an error ($R)" [ "${R:0:1}" = E ]

		# breakpoints, step, continue, Ctrl-C
		bp=$(printf %x $((target_fn)))
		rsp "Z0,$bp,2"; a=$R
		rsp "Z2,$bp,4"; b=$R
		rsp "Z0,zz"; c=$R
		check "Z0 sets a breakpoint ($a), Z2 unsupported ('$b'), bad Z is an error ($c)" \
			eval '[ "$a" = OK ] && [ "$b" = "" ] && [ "${c:0:1}" = E ]'
		rsp "c"
		rsp "p20"
		check "c stops at the breakpoint: pc = target_fn ($R)" \
			[ "$R" = "$(le64 "$target_fn")" ]
		rsp "vCont;s:1"; a=$R
		rsp "p20"
		check "vCont;s steps one instruction ($a, pc $R)" \
			[ "$R" = "$(le64 $((target_fn + 2)))" ]
		rsp "z0,$bp,2"
		bp=$(printf %x $((do_ecall)))
		rsp "Z0,$bp,4"
		rsp "c"
		rsp "p20"
		check "c stops at do_ecall ($R)" [ "$R" = "$(le64 "$do_ecall")" ]
		rsp "s"; a=$R
		rsp "p20"
		check "s on ecall stops at the handler's entry $trap_handler ($a, pc $R)" \
			[ "$R" = "$(le64 "$trap_handler")" ]
		rsp "z0,$bp,4"
		rsp "M$(printf %x $((spin))),4:01000000"
		check "M writes spin = 1 ($R)" [ "$R" = OK ]
		printf '$c#63' >&"$fd"
		rsp_byte
		sleep 0.3
		printf '\003' >&"$fd"
		rsp_recv
		check "0x03 while running stops with SIGINT ($R)" [ "$R" = "T02thread:1;" ]
		rsp "M$(printf %x $((spin))),4:00000000"
		rsp "vCont;c"
		check "vCont;c runs to the finisher: W00 ($R)" [ "$R" = W00 ]
		exec {fd}>&-
		emu_status
		check "hmvirt exits 0 after W00 (status $ST)" [ "$ST" -eq 0 ]
	else
		fail "cannot connect to port $PORT"
	fi
else
	fail "hmvirt does not listen for gdb (raw session)"
fi

# detach (D): breakpoints go, the machine runs to the finisher on its own
if start_emu s4 && exec {fd}<> "/dev/tcp/127.0.0.1/$PORT"; then
	rsp "Z0,$(printf %x $((target_fn))),2"
	rsp "D"
	check "D is acknowledged ($R)" [ "$R" = OK ]
	exec {fd}>&-
	emu_status
	check "after D the guest runs to completion: status 0 ($ST)" [ "$ST" -eq 0 ]
else
	fail "detach session did not start"
fi

# kill (k) while the guest would spin forever
if start_emu s5 && exec {fd}<> "/dev/tcp/127.0.0.1/$PORT"; then
	rsp "M$(printf %x $((spin))),4:01000000"
	printf '$k#6b' >&"$fd"
	emu_status
	exec {fd}>&-
	check "k ends hmvirt with status 0 ($ST)" [ "$ST" -eq 0 ]
else
	fail "kill session did not start"
fi

# the connection closes without a word
if start_emu s6 && exec {fd}<> "/dev/tcp/127.0.0.1/$PORT"; then
	rsp "g"
	exec {fd}>&-
	emu_status
	check "a closed connection ends hmvirt with status 0 ($ST)" [ "$ST" -eq 0 ]
else
	fail "disconnect session did not start"
fi

finish
