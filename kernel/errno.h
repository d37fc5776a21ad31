/* errno.h - Linux's error numbers (asm-generic/errno-base.h, errno.h) for
 * the ones the kernel returns; system calls return -E... */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define EMFILE 24
#define ESPIPE 29
#define EPIPE 32
#define ENAMETOOLONG 36
#define ENOSYS 38

#endif
