/*
 * The seccomp filter of a connection process (see README.md, "Sandbox").
 *
 * Installed right after the fork, before the key exchange, so that the code that
 * reads what an unauthenticated client sends (libssh's packet parsing, key
 * exchange, sign-in) runs under it. A filter cannot be lifted, and the same
 * process later starts the UI (fork, exec), which inherits it; so the filter
 * lists what neither the SSH side nor the UI ever does, rather than the little the
 * pre-auth code does. What it takes away from whoever subverts the process:
 *   - other processes: ptrace, process_vm_readv/writev (every session runs under
 *     the same uid: this is what keeps one session out of another's memory);
 *   - programs: execve of anything but the UI (see below), execveat;
 *   - the kernel's rarer doors: bpf, perf_event_open, userfaultfd, keyctl,
 *     namespaces (unshare, setns), mounts, modules, kexec, reboot, clocks, iopl,
 *     open_by_handle_at, and socket families other than local, IPv4/IPv6 and
 *     routing netlink (which getaddrinfo uses);
 *   - identity: set*uid/set*gid (after the listener dropped root there is
 *     nothing to change to) and privileges through exec (no_new_privs).
 * Forbidden calls kill the process (SECCOMP_RET_KILL_PROCESS), except a refused
 * execve or socket, which fail with EPERM (libraries probe those).
 *
 * execve is allowed only when its path is the address of serve_ui_program, the
 * one string spawn.c starts the UI from. A filter sees numbers, not strings, so
 * this is a tripwire, not a wall: it stops the usual "exec a shell", and any exec
 * from the UI (a new image, where that address means nothing), but not code that
 * already controls the process and writes that string.
 */
#include "ssh/serve_internal.h"
#include "core/log.h"

#include <errno.h>
#include <seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <linux/netlink.h>

const char serve_ui_program[] = "/proc/self/exe";

static const int killed[] = {
	SCMP_SYS(execveat), SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev),
	SCMP_SYS(bpf), SCMP_SYS(perf_event_open), SCMP_SYS(userfaultfd),
	SCMP_SYS(keyctl), SCMP_SYS(add_key), SCMP_SYS(request_key),
	SCMP_SYS(unshare), SCMP_SYS(setns), SCMP_SYS(mount), SCMP_SYS(umount2),
	SCMP_SYS(pivot_root), SCMP_SYS(chroot), SCMP_SYS(init_module),
	SCMP_SYS(finit_module), SCMP_SYS(delete_module), SCMP_SYS(kexec_load),
	SCMP_SYS(kexec_file_load), SCMP_SYS(reboot), SCMP_SYS(swapon), SCMP_SYS(swapoff),
	SCMP_SYS(acct), SCMP_SYS(settimeofday), SCMP_SYS(clock_settime), SCMP_SYS(adjtimex),
	SCMP_SYS(clock_adjtime), SCMP_SYS(iopl), SCMP_SYS(ioperm), SCMP_SYS(syslog),
	SCMP_SYS(open_by_handle_at), SCMP_SYS(name_to_handle_at), SCMP_SYS(quotactl),
	SCMP_SYS(lookup_dcookie), SCMP_SYS(vhangup), SCMP_SYS(fanotify_init),
	SCMP_SYS(setuid), SCMP_SYS(setgid), SCMP_SYS(setreuid), SCMP_SYS(setregid),
	SCMP_SYS(setresuid), SCMP_SYS(setresgid), SCMP_SYS(setgroups),
	SCMP_SYS(setfsuid), SCMP_SYS(setfsgid),
#if !defined(__SANITIZE_ADDRESS__)
	/* Sanitizer (test) builds only: LeakSanitizer stops the threads with ptrace
	 * to look for leaks at exit. */
	SCMP_SYS(ptrace),
#endif
};

static int
add_rules(scmp_filter_ctx ctx)
{
	int rc = 0;
	for (size_t i = 0; i < sizeof killed / sizeof killed[0] && rc == 0; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, killed[i], 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(execve), 1,
		    SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)(uintptr_t)serve_ui_program));
	/* Socket families: every one but the four named is refused. */
	for (int fam = 0; fam < AF_MAX && rc == 0; fam++) {
		if (fam == AF_UNIX || fam == AF_INET || fam == AF_INET6 || fam == AF_NETLINK)
			continue;
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
		    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fam));
	}
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
		    SCMP_A0(SCMP_CMP_GE, (scmp_datum_t)AF_MAX));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 2,
		    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)AF_NETLINK),
		    SCMP_A2(SCMP_CMP_NE, (scmp_datum_t)NETLINK_ROUTE));
	return rc;
}

int
serve_sandbox_enter(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL) {
		log_warn("sandbox: cannot make the seccomp filter");
		return -1;
	}
	/* no_new_privs too (libseccomp sets it by default; said here to be plain). */
	int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
	if (rc == 0)
		rc = add_rules(ctx);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		log_warn("sandbox: cannot install the seccomp filter: %s", strerror(-rc));
		return -1;
	}
	return 0;
}
