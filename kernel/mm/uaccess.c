/*
 * uaccess.c - copy_to_user, copy_from_user, strncpy_from_user for the
 * current process: range checks here, the accesses in uaccess.S, and the
 * fault fixup that kernel_trap calls for a page fault taken there.
 */
#include "errno.h"
#include "mm.h"
#include "proc.h"
#include "riscv.h"
#include "stats.h"

extern char __uaccess_start[], __uaccess_end[], __uaccess_fault[];
long __uaccess_copy(void *dst, const void *src, size_t n);
long __uaccess_strncpy(char *dst, const char *src, size_t max);

static int user_range_ok(uint64_t addr, size_t n)
{
	return addr < USER_TOP && n <= USER_TOP - addr;
}

int copy_to_user(uint64_t dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return (int)__uaccess_copy((void *)dst, src, n);
}

int copy_from_user(void *dst, uint64_t src, size_t n)
{
	if (!user_range_ok(src, n))
		return -EFAULT;
	return (int)__uaccess_copy(dst, (const void *)src, n);
}

/* Copy a NUL-terminated string of at most max-1 characters; its length,
 * -EFAULT, or -ENAMETOOLONG when no NUL came within max bytes. */
long strncpy_from_user(char *dst, uint64_t src, size_t max)
{
	long n;

	if (src >= USER_TOP)
		return -EFAULT;
	max = MIN(max, USER_TOP - src);
	n = __uaccess_strncpy(dst, (const char *)src, max);
	if (n < 0)
		return n;
	if ((size_t)n == max)
		return -ENAMETOOLONG;
	return n;
}

/*
 * A page fault in S-mode at *sepc: if it is in uaccess.S, resolve it for
 * the current process (returns 1 to retry), or send the copy to its
 * -EFAULT exit (returns 1). 0: not a user access, a kernel bug.
 */
int uaccess_fixup(uint64_t *sepc, uint64_t stval, uint64_t cause)
{
	int access = cause == CAUSE_STORE_PAGE_FAULT ? FAULT_WRITE : FAULT_READ;

	if (*sepc < (uint64_t)__uaccess_start || *sepc >= (uint64_t)__uaccess_end)
		return 0;
	kstats.faults_kernel++;
	if (stval < USER_TOP && cur && cur->mm && vm_fault(cur->mm, stval, access) == 0)
		return 1;
	*sepc = (uint64_t)__uaccess_fault;
	return 1;
}
