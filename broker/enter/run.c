// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "fd_pass.h"
#include "keyctl_proxy.h"
#include "run.h"
#include "stage_trace.h"
#include "syscalls.h"

#define STDERR_MAX_LINES 64

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

struct line_buf {
	char buf[512];
	size_t len;
	int lines;
};

static void log_stderr(struct line_buf *lb, const char *data, size_t n, bool flush)
{
	for (size_t i = 0; i < n || flush; i++) {
		bool eol = i < n ? data[i] == '\n' : true;

		if (i < n && !eol)
			lb->buf[lb->len++] = data[i];
		if (eol || lb->len == sizeof(lb->buf) - 1) {
			if (lb->len && lb->lines++ < STDERR_MAX_LINES)
				ub_log(LOG_ERR, "Child: %.*s", (int)lb->len, lb->buf);
			lb->len = 0;
		}
		if (i >= n)
			break;
	}
}

/*
 * Serving a program's keyctl() means reading and writing its memory, and a
 * container can back that memory with a FUSE file that never answers: the
 * read then sleeps uninterruptibly. So the serving is done by a child of
 * ours (a fork keeps the authority) that the deadline can abandon, never by
 * the process the kernel waits for. Returns its pidfd or -errno.
 */
static int start_proxy_server(int listener, const struct keyctl_proxy *proxy, long long deadline)
{
	int pidfd = -1;
	pid_t pid = clone_with_pidfd(&pidfd, -1);

	if (pid < 0)
		return -errno;
	if (pid > 0)
		return pidfd;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || dup2(listener, 3) < 0)
		_exit(1);
	/* Nothing of the helper's pipes may stay open here. */
	syscall(SYS_close_range, 4, ~0U, 0);
	for (;;) {
		struct pollfd pfd = { .fd = 3, .events = POLLIN };
		long long left = deadline - now_ms();

		if (left <= 0 || poll(&pfd, 1, (int)(left > INT32_MAX ? INT32_MAX : left)) < 0)
			_exit(0);
		if ((pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) || keyctl_proxy_serve(3, proxy) < 0)
			_exit(0);
	}
}

/* Wait for the proxy server until @until; kill it then; never wait on a
 * process that cannot die (it may sleep in a FUSE read). */
static void stop_proxy_server(int pidfd, long long until)
{
	for (int pass = 0; pass < 2 && pidfd >= 0; pass++) {
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
		long long left = until - now_ms();
		siginfo_t si = { 0 };

		if (poll(&pfd, 1, left > 0 ? (int)left : 0) > 0) {
			waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED | WNOHANG);
			return;
		}
		sys_pidfd_send_signal(pidfd, SIGKILL, NULL, 0);
		until = now_ms() + 100;
	}
}

/* The broker's ends of what connects it to the helper. */
struct run_io {
	int in_w, out_r, err_r;  /* stdin and stdout only for pipe rules */
	int notify_r;            /* keyctl proxy: the helper's listener arrives here */
	int proxy_pidfd;         /* the child serving that listener */
	const char *input;
	size_t in_off, in_len;
	struct line_buf lb;
};

#define RUN_IO_NULL ((struct run_io){ .in_w = -1, .out_r = -1, .err_r = -1, .notify_r = -1, .proxy_pidfd = -1 })

static void run_io_done(struct run_io *io)
{
	closep(&io->in_w);
	closep(&io->out_r);
	closep(&io->err_r);
	closep(&io->notify_r);
	closep(&io->proxy_pidfd);
}

/* Pipes for the helper's stdio and the proxy's socket; the helper's ends go into @a. */
static int open_channels(struct spawn_args *a, struct run_io *io)
{
	int p[2];

	for (int i = 0; i < 3; i++)
		a->stdio[i] = -1;
	if (io->input) {
		if (pipe2(p, O_CLOEXEC) < 0)
			return -errno;
		a->stdio[0] = p[0];
		io->in_w = p[1];
		if (pipe2(p, O_CLOEXEC) < 0)
			return -errno;
		io->out_r = p[0];
		a->stdio[1] = p[1];
	}
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	io->err_r = p[0];
	a->stdio[2] = p[1];
	if (a->proxy) {
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, p) < 0)
			return -errno;
		io->notify_r = p[0];
		a->notify_sock = p[1];
	}
	return 0;
}

/* Once the helper is started its ends are its own: we must not hold them
 * open, or it would never see EOF on stdin, nor we on stdout. */
static void close_helper_ends(struct spawn_args *a)
{
	for (int i = 0; i < 3; i++)
		closep(&a->stdio[i]);
	if (a->proxy)
		closep(&a->notify_sock);
}

static void feed_stdin(struct run_io *io)
{
	ssize_t w = write(io->in_w, io->input + io->in_off, io->in_len - io->in_off);

	/* A helper that ignores its stdin just gets EPIPE here. */
	if (w > 0)
		io->in_off += (size_t)w;
	if (w < 0 && errno != EAGAIN && errno != EINTR)
		io->in_off = io->in_len;
	if (io->in_off == io->in_len)
		closep(&io->in_w);
}

/* -E2BIG once the helper wrote more than RUN_MAX_PAYLOAD. */
static int read_payload(struct run_io *io, struct run_result *res)
{
	char buf[4096];
	ssize_t got = read(io->out_r, buf, sizeof(buf));

	if (got <= 0) {
		closep(&io->out_r);
		return 0;
	}
	if (res->payload_len + (size_t)got > RUN_MAX_PAYLOAD)
		return -E2BIG;
	memcpy(res->payload + res->payload_len, buf, (size_t)got);
	res->payload_len += (size_t)got;
	return 0;
}

static void read_stderr(struct run_io *io)
{
	char buf[512];
	ssize_t got = read(io->err_r, buf, sizeof(buf));

	if (got <= 0)
		closep(&io->err_r);
	else
		log_stderr(&io->lb, buf, (size_t)got, false);
}

/* The helper's listener for its keyctl() calls, sent once. */
static void accept_listener(struct run_io *io, const struct spawn_args *a)
{
	_cleanup_close_ int listener = recv_fd(io->notify_r);

	closep(&io->notify_r);
	if (listener < 0)
		return;
	io->proxy_pidfd = start_proxy_server(listener, a->proxy, a->deadline_ms);
	if (io->proxy_pidfd < 0)
		ub_log(LOG_ERR, "cannot serve the helper's keyctl(): %s", strerror(-io->proxy_pidfd));
}

/*
 * Serve the helper until it has exited and closed its output, the deadline
 * passes or it floods us. Returns 0, or poll()'s -errno.
 */
static int pump(struct run_io *io, struct spawned *s, const struct spawn_args *a, struct run_result *res,
		bool *exited)
{
	while (!res->timed_out && (io->out_r >= 0 || io->err_r >= 0 || !*exited)) {
		struct pollfd pfd[5];
		int n = 0, i_in = -1, i_out = -1, i_err = -1, i_pid = -1, i_nr = -1;
		long long left = a->deadline_ms - now_ms();
		int r;

		if (left <= 0) {
			res->timed_out = true;
			break;
		}
		if (io->in_w >= 0)
			i_in = n, pfd[n++] = (struct pollfd){ .fd = io->in_w, .events = POLLOUT };
		if (io->out_r >= 0)
			i_out = n, pfd[n++] = (struct pollfd){ .fd = io->out_r, .events = POLLIN };
		if (io->err_r >= 0)
			i_err = n, pfd[n++] = (struct pollfd){ .fd = io->err_r, .events = POLLIN };
		if (!*exited)
			i_pid = n, pfd[n++] = (struct pollfd){ .fd = spawn_wait_fd(s), .events = POLLIN };
		if (io->notify_r >= 0)
			i_nr = n, pfd[n++] = (struct pollfd){ .fd = io->notify_r, .events = POLLIN };
		r = poll(pfd, (nfds_t)n, (int)(left > 1000000 ? 1000000 : left));
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r <= 0)
			continue;
		if (i_in >= 0 && pfd[i_in].revents)
			feed_stdin(io);
		if (i_out >= 0 && pfd[i_out].revents && read_payload(io, res) < 0) {
			res->flooded = true;
			break;
		}
		if (i_err >= 0 && pfd[i_err].revents)
			read_stderr(io);
		if (i_nr >= 0 && pfd[i_nr].revents)
			accept_listener(io, a);
		/* Noted, not reaped: a host helper's session id stays ours. */
		if (i_pid >= 0 && pfd[i_pid].revents && spawn_exited(s, &res->status) != 0)
			*exited = true;
	}
	return 0;
}

/*
 * Kill what must die and reap it. Every wait is bounded: the requester
 * sleeps uninterruptibly until we exit. A helper whose zombie a tracer in
 * the container holds, or a stage frozen by the container's cgroup v1
 * freezer, is abandoned after a short grace; the key is failed regardless.
 */
static void finish(struct spawned *s, struct run_io *io, bool exited, struct run_result *res)
{
	const char *step = NULL;
	int status = res->status;
	int rr;

	if (!exited || res->timed_out || res->flooded)
		spawn_kill(s);
	rr = spawn_reap(s, now_ms() + RUN_REAP_GRACE_MS, &status, &step);
	if (rr == -ETIMEDOUT) {
		spawn_abandon(s);
		rr = spawn_reap(s, now_ms() + RUN_REAP_GRACE_MS, &status, &step);
	}
	/* A key the helper answered is instantiated before we return. */
	stop_proxy_server(io->proxy_pidfd, now_ms() + RUN_REAP_GRACE_MS);
	if (rr == -ETIMEDOUT) {
		res->abandoned = true;
		if (!exited)
			res->timed_out = true;
		ub_log(LOG_ERR, "helper could not be reaped within %d ms of the kill (traced or frozen); abandoned",
			   2 * RUN_REAP_GRACE_MS);
	} else if (rr < 0 && step) {
		res->setup_err = rr;
		res->setup_step = step;
	} else if (rr == 0 && !res->timed_out && !res->flooded) {
		res->status = status;
	}
}

int run_helper(struct spawn_args *a, const char *input, struct run_result *res)
{
	_cleanup_(run_io_done) struct run_io io = RUN_IO_NULL;
	struct spawned s;
	bool exited = false;
	int r;

	memset(res, 0, sizeof(*res));
	io.input = input;
	io.in_len = input ? strlen(input) : 0;
	r = open_channels(a, &io);
	if (r >= 0)
		r = spawn_helper(a, &s);
	close_helper_ends(a);
	if (r < 0 && r != -ETIMEDOUT)
		return r;
	if (r == -ETIMEDOUT)
		res->timed_out = true;
	if (io.in_w >= 0)
		fcntl(io.in_w, F_SETFL, O_NONBLOCK);
	if (io.in_len == 0)
		closep(&io.in_w);
	r = pump(&io, &s, a, res, &exited);
	log_stderr(&io.lb, NULL, 0, true);
	stage_mark("reap");
	finish(&s, &io, exited, res);
	stage_mark("run_done");
	spawned_release(&s);
	return r < 0 && !exited ? r : 0;
}
