#!/usr/bin/env bash
# Bad input to `hmvirt machine`: one clear line on stderr, exit status 2,
# never a crash (a signal would give a status above 128).
set -u
SUITE=badinput
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

good=$BUILD/tests/cli/exitcode.elf
head -c 40 "$good" > "$tmp/truncated.elf"              # header cut short
head -c 200 "$good" > "$tmp/truncated-seg.elf"         # segments cut off
: > "$tmp/empty.bin"
cp /bin/true "$tmp/x86.elf"                            # an ELF, not RISC-V
printf '\177ELF\001\001\001' > "$tmp/elf32.elf"; head -c 60 /dev/zero >> "$tmp/elf32.elf"

# expect_bad DESCRIPTION PATTERN ARGS...: status 2, one stderr line matching PATTERN
expect_bad() {
	local what=$1 pattern=$2
	shift 2
	timeout 20 "$HMVIRT" machine "$@" > "$tmp/out" 2> "$tmp/err"
	local st=$? lines
	lines=$(wc -l < "$tmp/err")
	if [ $st -eq 2 ] && [ "$lines" -eq 1 ] && grep -qi -- "$pattern" "$tmp/err"; then
		ok "$what -> $(cat "$tmp/err")"
	else
		fail "$what: status $st, $lines stderr lines: $(head -c 300 "$tmp/err")"
	fi
}

expect_bad "missing bios file" "cannot open" --bios "$tmp/nonexistent.elf"
expect_bad "truncated ELF header" "truncated ELF header" --bios "$tmp/truncated.elf"
expect_bad "truncated ELF segments" "truncated" --bios "$tmp/truncated-seg.elf"
expect_bad "empty file" "empty" --bios "$tmp/empty.bin"
expect_bad "x86-64 ELF" "not a RISC-V ELF" --bios "$tmp/x86.elf"
expect_bad "32-bit ELF" "64-bit" --bios "$tmp/elf32.elf"
expect_bad "missing kernel file" "cannot open" --bios "$good" --kernel "$tmp/nonexistent"
expect_bad "RAM size 0" "does not fit" --bios "$good" -m 0
expect_bad "RAM size 2T beyond the map" "does not fit" --bios "$good" -m 2T
expect_bad "RAM size not a number" "bad memory size" --bios "$good" -m lots
expect_bad "RAM size with a bad suffix" "bad memory size" --bios "$good" -m 12Q
expect_bad "unknown option" "unknown option" --bios "$good" --frobnicate
expect_bad "option without its value" "needs a value" --bios
expect_bad "stray argument" "unexpected argument" --bios "$good" extra
expect_bad "bad --max-insns" "max-insns" --bios "$good" --max-insns -5
expect_bad "bad --gdb port" "port" --bios "$good" --gdb 99999
expect_bad "a directory as firmware" "not a regular file" --bios "$tmp"
expect_bad "no firmware" "no firmware"
timeout 20 "$HMVIRT" frobnicate > /dev/null 2> "$tmp/err"
st=$?
if [ $st -eq 2 ] && grep -q "unknown command" "$tmp/err"; then ok "unknown command"; else fail "unknown command: status $st"; fi

finish
