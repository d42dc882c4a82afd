# Cross targets of the embedded checks, sourced by the scripts next to it.
# One line per target: name, compiler, machine flags.
#   m0plus  Cortex-M0+ (ARMv6-M), soft float
#   m4      Cortex-M4F, hard float ABI, single-precision FPU
#   m33     Cortex-M33 (ARMv8-M Mainline), hard float ABI, single-precision FPU
#   rv32    RV32IMAC, ilp32; no C library is installed for riscv, so the
#           build is freestanding
#   rv64    RV64IMAC, lp64, medany code model; freestanding as rv32
EMBEDDED_TARGETS="m0plus m4 m33 rv32 rv64"

# The warning level every cross object must build cleanly at.
EMBEDDED_WARN="-std=c99 -pedantic -Wall -Wextra -Wconversion -Wsign-conversion -Wundef -Werror"

# Sets target_cc, target_flags, target_tool (the binutils prefix) and
# target_libc (newlib or none) for target $1.
target_config() {
    case "$1" in
    m0plus) target_cc=arm-none-eabi-gcc
            target_flags="-mcpu=cortex-m0plus -mthumb -mfloat-abi=soft" ;;
    m4)     target_cc=arm-none-eabi-gcc
            target_flags="-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16" ;;
    m33)    target_cc=arm-none-eabi-gcc
            target_flags="-mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16" ;;
    rv32)   target_cc=riscv64-unknown-elf-gcc
            target_flags="-march=rv32imac -mabi=ilp32 -ffreestanding" ;;
    rv64)   target_cc=riscv64-unknown-elf-gcc
            target_flags="-march=rv64imac -mabi=lp64 -mcmodel=medany -ffreestanding" ;;
    *)      echo "unknown embedded target: $1" >&2
            return 1 ;;
    esac
    target_tool=${target_cc%gcc}
    case "$target_cc" in
    arm-*) target_libc=newlib ;;
    *)     target_libc=none ;;
    esac
}
