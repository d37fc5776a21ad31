/*
 * start.c - C half of process start-up: argc, argv, envp and auxv from the
 * initial stack (crt0.S), then exit(main(...)).
 */
#include "libc.h"

#define AT_NULL   0
#define AT_PAGESZ 6

char **environ;
unsigned long __page_size = 4096;

int main(int argc, char **argv, char **envp);
_Noreturn void __libc_start(long *sp);

_Noreturn void __libc_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **p = envp;

	while (*p)
		p++;
	/* auxv follows envp's NULL; only AT_PAGESZ is used, and it is optional */
	for (unsigned long *aux = (unsigned long *)(p + 1); aux[0] != AT_NULL; aux += 2)
		if (aux[0] == AT_PAGESZ && aux[1])
			__page_size = aux[1];
	environ = envp;
	exit(main(argc, argv, envp));
}

char *getenv(const char *name)
{
	size_t n = strlen(name);

	for (char **e = environ; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}
