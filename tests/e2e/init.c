// SPDX-License-Identifier: GPL-2.0-only
/*
 * /init of the test initramfs: mount proc, sysfs, devtmpfs and bpffs, run
 * each line of /commands (words separated by spaces; "insmod FILE" loads
 * a module with finit_module), print a marker with each exit status on the
 * console, then power off.  Static, so that the initramfs needs no
 * libraries.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(char *line)
{
	char *argv[32], *save = NULL, *w;
	int argc = 0, st;
	pid_t pid;

	for (w = strtok_r(line, " ", &save); w && argc < 31;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (!argc)
		return 0;
	if (!strcmp(argv[0], "insmod") && argc == 2) {
		int fd = open(argv[1], O_RDONLY | O_CLOEXEC);

		if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
			printf("insmod %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		close(fd);
		return 0;
	}
	pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		printf("exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return 126;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(void)
{
	char line[1024];
	FILE *f;
	int n = 0;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	f = fopen("/commands", "r");
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		printf("KBTF-CMD %d: %s\n", n, line);
		printf("KBTF-EXIT %d %d\n", n, run(line));
		n++;
	}
	printf("KBTF-DONE %d\n", n);
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
