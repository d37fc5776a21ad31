/*
 * file.c - file descriptors: the console (fds 0, 1, 2 of init, inherited)
 * and pipes. A pipe is one frame of ring buffer; a write of at most
 * PIPE_BUF bytes is atomic (it waits for room for all of it), a longer
 * one may be split, as POSIX allows. Reads return what is there, waiting
 * only while the pipe is empty and has writers.
 */
#include "errno.h"
#include "mm/mm.h"
#include "proc.h"

#define PIPE_SIZE PAGE_SIZE
#define PIPE_BUF PAGE_SIZE
#define O_CLOEXEC 02000000

struct pipe {
	char *buf;                     /* PIPE_SIZE bytes */
	uint64_t nread, nwrite;        /* totals; nwrite - nread is buffered */
	int readers, writers;
};

enum file_kind { F_CONSOLE, F_PIPE_READ, F_PIPE_WRITE };

struct file {
	enum file_kind kind;
	int refs;
	struct pipe *pipe;
};

static struct file console_file = { F_CONSOLE, 1, NULL };

void file_init_console(struct proc *p)
{
	for (int fd = 0; fd < 3; fd++) {
		p->files[fd] = &console_file;
		console_file.refs++;
	}
}

static void file_put(struct file *f)
{
	struct pipe *pp = f->pipe;

	if (--f->refs || f == &console_file)
		return;
	if (f->kind == F_PIPE_READ)
		pp->readers--;
	else
		pp->writers--;
	wakeup(pp);
	if (!pp->readers && !pp->writers) {
		kfree(pp->buf);
		kfree(pp);
	}
	kfree(f);
}

void file_close_all(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->files[fd])
			file_put(p->files[fd]);
		p->files[fd] = NULL;
	}
}

int file_dup_all(struct proc *to, struct proc *from)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if ((to->files[fd] = from->files[fd]))
			to->files[fd]->refs++;
	return 0;
}

void file_exec(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if ((p->cloexec >> fd & 1) && p->files[fd]) {
			file_put(p->files[fd]);
			p->files[fd] = NULL;
		}
	}
	p->cloexec = 0;
}

static struct file *fd_file(long fd)
{
	return fd >= 0 && fd < NOFILE ? cur->files[fd] : NULL;
}

static int fd_install(struct file *f)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (!cur->files[fd]) {
			cur->files[fd] = f;
			cur->cloexec &= ~(1u << fd);
			return fd;
		}
	}
	return -EMFILE;
}

static long pipe_read(struct pipe *pp, uint64_t buf, uint64_t n)
{
	uint64_t done = 0;

	while (pp->nread == pp->nwrite) {
		if (!pp->writers)
			return 0;
		sleep_on(pp);
		if (cur->killed)
			return -EINTR;
	}
	while (done < n && pp->nread < pp->nwrite) {
		uint64_t off = pp->nread % PIPE_SIZE;
		uint64_t chunk = MIN(n - done, MIN(pp->nwrite - pp->nread, PIPE_SIZE - off));
		if (copy_to_user(buf + done, pp->buf + off, chunk))
			return done ? (long)done : -EFAULT;
		pp->nread += chunk;
		done += chunk;
	}
	wakeup(pp);
	return (long)done;
}

static long pipe_write(struct pipe *pp, uint64_t buf, uint64_t n)
{
	uint64_t done = 0;

	while (done < n) {
		uint64_t room = PIPE_SIZE - (pp->nwrite - pp->nread), off, chunk;

		if (!pp->readers)
			return done ? (long)done : -EPIPE;
		/* atomic writes wait for room for all of it */
		if (room == 0 || (n <= PIPE_BUF && room < n)) {
			wakeup(pp);
			sleep_on(pp);
			if (cur->killed)
				return done ? (long)done : -EINTR;
			continue;
		}
		off = pp->nwrite % PIPE_SIZE;
		chunk = MIN(n - done, MIN(room, PIPE_SIZE - off));
		if (copy_from_user(pp->buf + off, buf + done, chunk))
			return done ? (long)done : -EFAULT;
		pp->nwrite += chunk;
		done += chunk;
	}
	wakeup(pp);
	return (long)done;
}

long sys_read(long fd, uint64_t buf, uint64_t n)
{
	struct file *f = fd_file(fd);

	if (!f || f->kind == F_PIPE_WRITE)
		return -EBADF;
	if (f->kind == F_CONSOLE)
		return 0;                  /* no console input: end of file */
	return pipe_read(f->pipe, buf, n);
}

long sys_write(long fd, uint64_t buf, uint64_t n)
{
	struct file *f = fd_file(fd);
	char tmp[256];
	uint64_t done = 0;

	if (!f || f->kind == F_PIPE_READ)
		return -EBADF;
	if (f->kind == F_PIPE_WRITE)
		return pipe_write(f->pipe, buf, n);
	while (done < n) {
		uint64_t chunk = MIN(n - done, sizeof tmp);
		if (copy_from_user(tmp, buf + done, chunk))
			return done ? (long)done : -EFAULT;
		console_write(tmp, chunk);
		done += chunk;
	}
	return (long)done;
}

long sys_close(long fd)
{
	struct file *f = fd_file(fd);

	if (!f)
		return -EBADF;
	cur->files[fd] = NULL;
	file_put(f);
	return 0;
}

long sys_dup(long fd)
{
	struct file *f = fd_file(fd);
	int nfd;

	if (!f)
		return -EBADF;
	nfd = fd_install(f);
	if (nfd >= 0)
		f->refs++;
	return nfd;
}

long sys_pipe2(uint64_t fds_addr, uint64_t flags)
{
	struct pipe *pp = NULL;
	struct file *r = NULL, *w = NULL;
	int fds[2] = { -1, -1 };
	long rc = -ENOMEM;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (!(pp = kzalloc(sizeof *pp)) || !(pp->buf = kmalloc(PIPE_SIZE)) ||
	    !(r = kzalloc(sizeof *r)) || !(w = kzalloc(sizeof *w)))
		goto fail;
	*r = (struct file){ F_PIPE_READ, 1, pp };
	*w = (struct file){ F_PIPE_WRITE, 1, pp };
	pp->readers = pp->writers = 1;
	if ((fds[0] = fd_install(r)) < 0 || (fds[1] = fd_install(w)) < 0) {
		rc = -EMFILE;
		goto fail;
	}
	if (copy_to_user(fds_addr, fds, sizeof fds)) {
		rc = -EFAULT;
		goto fail;
	}
	if (flags & O_CLOEXEC)
		cur->cloexec |= 1u << fds[0] | 1u << fds[1];
	return 0;
fail:
	if (fds[0] >= 0)
		cur->files[fds[0]] = NULL;
	if (fds[1] >= 0)
		cur->files[fds[1]] = NULL;
	kfree(w);
	kfree(r);
	if (pp)
		kfree(pp->buf);
	kfree(pp);
	return rc;
}
