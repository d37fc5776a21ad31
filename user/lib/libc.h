/*
 * libc.h - the workloads' small C library: Linux riscv64 system calls,
 * strings, formatted output, malloc, a deterministic PRNG and the
 * region-of-interest markers. One header for the whole library.
 *
 * Programs are static RV64IMAC/lp64 ELF executables that run under Linux
 * (qemu-riscv64, the test oracle) and under hmvirt's guest kernel, which
 * implements Linux's system-call numbers and calling convention.
 */
#ifndef USER_LIBC_H
#define USER_LIBC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef int pid_t;

/* ---- system-call numbers (Linux asm-generic/unistd.h, riscv64) ---------- */
#define SYS_dup            23
#define SYS_close          57
#define SYS_pipe2          59
#define SYS_read           63
#define SYS_write          64
#define SYS_exit           93
#define SYS_exit_group     94
#define SYS_nanosleep     101
#define SYS_clock_gettime 113
#define SYS_sched_yield   124
#define SYS_kill          129
#define SYS_uname         160
#define SYS_getpid        172
#define SYS_getppid       173
#define SYS_brk           214
#define SYS_munmap        215
#define SYS_clone         220
#define SYS_execve        221
#define SYS_mmap          222
#define SYS_mprotect      226
#define SYS_wait4         260

/* ---- constants (Linux's values) ------------------------------------------ */
#define EPERM    1
#define ENOENT   2
#define ESRCH    3
#define EINTR    4
#define EIO      5
#define E2BIG    7
#define ENOEXEC  8
#define EBADF    9
#define ECHILD  10
#define EAGAIN  11
#define ENOMEM  12
#define EACCES  13
#define EFAULT  14
#define EEXIST  17
#define ENOTDIR 20
#define EISDIR  21
#define EINVAL  22
#define EMFILE  24
#define ESPIPE  29
#define EPIPE   32
#define ERANGE  34
#define ENOSYS  38

#define PROT_NONE     0x0
#define PROT_READ     0x1
#define PROT_WRITE    0x2
#define PROT_EXEC     0x4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FAILED    ((void *)-1)

#define SIGILL   4
#define SIGBUS   7
#define SIGKILL  9
#define SIGSEGV 11
#define SIGPIPE 13
#define SIGTERM 15
#define SIGCHLD 17

#define WNOHANG 1

#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1

#define O_CLOEXEC 02000000

/* wait4 status words, encoded as Linux does */
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WTERMSIG(s)    ((s) & 0x7f)
#define WIFEXITED(s)   (WTERMSIG(s) == 0)
#define WIFSIGNALED(s) (((signed char)(((s) & 0x7f) + 1) >> 1) > 0)

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define PAGE_SIZE 4096UL

struct timespec {
	long tv_sec;
	long tv_nsec;
};

struct utsname {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

/* ---- raw system calls (syscall.c) ---------------------------------------- */
/* Returns the kernel's a0: a result, or -errno in [-4095, -1]. */
long __syscall(long n, long a0, long a1, long a2, long a3, long a4, long a5);

extern int errno;

ssize_t read(int fd, void *buf, size_t len);
ssize_t write(int fd, const void *buf, size_t len);
int close(int fd);
int pipe2(int fds[2], int flags);
int pipe(int fds[2]);
int dup(int fd);
void *sys_brk(void *addr);
void *sbrk(long increment);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
_Noreturn void _exit(int status);        /* exit_group */
_Noreturn void exit_thread(int status);  /* exit: this thread only */
_Noreturn void exit(int status);
pid_t wait4(pid_t pid, int *status, int options, void *rusage);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t getpid(void);
pid_t getppid(void);
int sched_yield(void);
int clock_gettime(int clock, struct timespec *ts);
int nanosleep(const struct timespec *req, struct timespec *rem);
int kill(pid_t pid, int sig);
int uname(struct utsname *u);

extern char **environ;
extern unsigned long __page_size;        /* AT_PAGESZ, or 4096 */

/* The value of NAME in environ, or NULL (start.c). */
char *getenv(const char *name);
/* "EAGAIN" for EAGAIN and so on for the constants above; "E?" otherwise. */
const char *errno_name(int err);

/* ---- strings (string.c) -------------------------------------------------- */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *dst, const char *src);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strnlen(const char *s, size_t max);
unsigned long strtoul(const char *s, char **end, int base);
int atoi(const char *s);

/* ---- formatted output (printf.c) -----------------------------------------
 * Conversions %d %i %u %x %X %o %s %c %p %%; flags '-' '0' '+' ' ' '#'; a
 * width and a precision, each a number or '*'; length modifiers hh h l ll z
 * t j. No floating point. printf/dprintf write at most PRINTF_MAX - 1 bytes
 * per call, in one write(); the return value still counts every byte the
 * format produced, as vsnprintf's does. ---- */
#define PRINTF_MAX 1024
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vdprintf(int fd, const char *fmt, va_list ap);
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vprintf(const char *fmt, va_list ap);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int puts(const char *s);

/* ---- memory (malloc.c): 16-byte aligned blocks; small ones from the brk
 * heap, those above MALLOC_MMAP_MIN bytes each in its own mmap. ---------- */
#define MALLOC_MMAP_MIN (64UL * 1024)
void *malloc(size_t n);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);

/* ---- deterministic PRNG: xorshift64 (Marsaglia 2003), never zero -------- */
static inline uint64_t xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

/*
 * Region-of-interest markers: `slti x0, x0, 1` opens the measured region and
 * `slti x0, x0, 2` closes it (DESIGN.md, simulation markers; HINTs that every
 * other RISC-V, QEMU included, executes as no-ops). The memory clobber keeps
 * loads and stores on their side of the marker.
 */
#define ROI_BEGIN() __asm__ volatile("slti x0, x0, 1" ::: "memory")
#define ROI_END()   __asm__ volatile("slti x0, x0, 2" ::: "memory")

/* ---- workload helpers (bench.c) ------------------------------------------ */
/* 1 if argv[1] is "small", 0 if absent or "default"; exits 2 otherwise. */
int bench_small(int argc, char **argv, const char *name);
/*
 * The command a workload execs: argv[2...] when given (a path and its
 * arguments, NULL-terminated as argv is), else { "/true", NULL }, the
 * initramfs's program. Under qemu-user, which cannot execve a RISC-V
 * program itself, the command is the host's qemu-riscv64 and the path
 * of true (user/README.md).
 */
char *const *bench_command(int argc, char **argv);
/* Prints "NAME: checksum 0x... (expect 0x...) PASS|FAIL"; returns the exit
 * status, 0 on a match. */
int bench_report(const char *name, uint64_t checksum, uint64_t expect);
/* Prints "NAME: FAIL: why" and exits 1. */
_Noreturn void bench_fail(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Forks (failing the workload if that fails) and waits for a child,
 * returning its exit status, or failing if it was killed. */
pid_t bench_fork(const char *name);
int bench_wait(const char *name, pid_t pid);

#endif
