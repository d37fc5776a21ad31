#!/usr/bin/env bash
# Installs the Debian packages hmvirt needs to build, test and benchmark.
# Idempotent: installs only what is missing and says what it installs.
set -eu

pkgs=(
  make gcc clang lld            # host compiler, target compiler and linker
  llvm                          # llvm-objdump: .asm listings of target images
  libfdt-dev                    # device tree generation
  libcmocka-dev                 # host unit tests
  libinih-dev                   # INI parser: the timing model's configuration
  libcjson-dev                  # JSON: machine-readable reports
  jq                            # tests read the JSON statistics
  gnuplot-nox                   # hmvirt compare --plot
  qemu-system-misc              # test oracle: qemu-system-riscv64
  qemu-user                     # test oracle for the user programs: Linux user emulation
  cpio                          # packs the guest kernel's initramfs (user/)
  opensbi                       # stock firmware that must boot unchanged
  gdb-multiarch                 # the GDB stub's test client
  device-tree-compiler          # dtc, to check the generated device tree
  libclang-rt-14-dev            # libFuzzer and sanitizer runtimes
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
