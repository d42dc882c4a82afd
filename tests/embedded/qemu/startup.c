/* Reset handler and vector table for the target tests on QEMU's mps2-an385
 * (Cortex-M3). It copies .data, clears .bss, opens the semihosting
 * streams of newlib's librdimon and calls main. main's return value goes
 * to exit(), which ends QEMU through semihosting. A fault prints a line
 * and exits with status 3, so a crash fails the run instead of hanging. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
extern int main(void);
extern void initialise_monitor_handles(void);

void Reset_Handler(void);
void Fault_Handler(void);
void _init(void);
void _fini(void);

/* newlib's exit() calls _fini and __libc_init_array calls _init; crti.o
 * has them, but the start files are not linked and nothing needs them. */
void _init(void) {}
void _fini(void) {}

void Reset_Handler(void) {
    memcpy(&_sdata, &_sidata, (size_t)((char *)&_edata - (char *)&_sdata));
    memset(&_sbss, 0, (size_t)((char *)&_ebss - (char *)&_sbss));
    initialise_monitor_handles();
    exit(main());
}

void Fault_Handler(void) {
    uint32_t cfsr = *(volatile uint32_t *)0xE000ED28u;
    printf("\n[  FAULT   ] the target took a fault (CFSR 0x%08lx)\n", (unsigned long)cfsr);
    exit(3);
}

/* Initial stack pointer, then reset and the fault and system exceptions. */
__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(uintptr_t)&_estack,
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* HardFault */
    Fault_Handler, /* MemManage */
    Fault_Handler, /* BusFault */
    Fault_Handler, /* UsageFault */
    0, 0, 0, 0,
    Fault_Handler, /* SVCall */
    Fault_Handler, /* DebugMonitor */
    0,
    Fault_Handler, /* PendSV */
    Fault_Handler, /* SysTick */
};
