/*
 * The screen-test harness (see term.h): forkpty + libvterm.
 *
 * Invariants: t->fd is the pty master until term_hangup or term_close (then -1);
 * the child is reaped exactly once (t->reaped); the emulator always has the size
 * the pty was last given, so what the program draws for a size is read at that size.
 */
#include "common/term.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

struct term {
	pid_t        pid;
	int          fd;
	int          rows, cols;
	VTerm       *vt;
	VTermScreen *screen;
	size_t       bytes;
	double       last_send_ms;	/* monotonic time of the last key sent */
	double       last_output_ms;	/* monotonic time of the last byte read */
	int          reaped;
	int          status;
	char        *text;		/* term_screen_text's buffer */
	size_t       textcap;
	char        *rowbuf;		/* term_row's buffer */
	size_t       rowcap;
	char        *raw;		/* every byte since term_raw_reset, when keeping */
	size_t       rawlen, rawcap;
	bool         keep_raw;
};

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
die(const char *what)
{
	fprintf(stderr, "term: %s: %s\n", what, strerror(errno));
	exit(99);
}

struct term *
term_spawn(char *const argv[], char *const env[], int rows, int cols)
{
	struct term *t = calloc(1, sizeof *t);
	if (t == NULL)
		die("calloc");
	t->rows = rows;
	t->cols = cols;
	struct winsize ws = { .ws_row = rows, .ws_col = cols };
	/* Flush stdio so the child does not inherit and repeat buffered test output. */
	fflush(NULL);
	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0)
		die("forkpty");
	if (t->pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		unsetenv("LC_ALL");
		unsetenv("LANGUAGE");
		unsetenv("COLUMNS");
		unsetenv("LINES");
		for (int i = 0; env != NULL && env[i] != NULL; i++) {
			const char *eq = strchr(env[i], '=');
			if (eq == NULL) {
				unsetenv(env[i]);
				continue;
			}
			char name[256];
			size_t n = (size_t)(eq - env[i]);
			if (n >= sizeof name)
				_exit(126);
			memcpy(name, env[i], n);
			name[n] = '\0';
			setenv(name, eq + 1, 1);
		}
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "term: exec %s: %s\r\n", argv[0], strerror(errno));
		_exit(127);
	}
	int fl = fcntl(t->fd, F_GETFL);
	fcntl(t->fd, F_SETFL, fl | O_NONBLOCK);
	/* Programs started later must not inherit this master: a copy held open
	 * elsewhere would keep this terminal from ever hanging up. */
	fcntl(t->fd, F_SETFD, FD_CLOEXEC);
	t->vt = vterm_new(rows, cols);
	vterm_set_utf8(t->vt, 1);
	t->screen = vterm_obtain_screen(t->vt);
	vterm_screen_enable_altscreen(t->screen, 1);
	vterm_screen_reset(t->screen, 1);
	t->last_send_ms = t->last_output_ms = now_ms();
	return t;
}

void
term_sendn(struct term *t, const char *bytes, size_t n)
{
	if (t->fd < 0)
		return;
	while (n > 0) {
		ssize_t w = write(t->fd, bytes, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				/* The program is not reading: drain its output so it can. */
				term_pump(t, 10);
				continue;
			}
			return;	/* EIO: the program has gone; waits will say so */
		}
		bytes += w;
		n -= (size_t)w;
	}
	t->last_send_ms = now_ms();
}

void
term_send(struct term *t, const char *bytes)
{
	term_sendn(t, bytes, strlen(bytes));
}

static const struct {
	const char *name;
	const char *seq;
} keys[] = {
	/* xterm-256color in keypad-transmit mode (what keypad(TRUE) selects) */
	{ "F1", "\033OP" }, { "F2", "\033OQ" }, { "F3", "\033OR" }, { "F4", "\033OS" },
	{ "F5", "\033[15~" }, { "F6", "\033[17~" }, { "F7", "\033[18~" },
	{ "F8", "\033[19~" }, { "F9", "\033[20~" }, { "F10", "\033[21~" },
	{ "F11", "\033[23~" }, { "F12", "\033[24~" },
	{ "Up", "\033OA" }, { "Down", "\033OB" }, { "Right", "\033OC" },
	{ "Left", "\033OD" }, { "Home", "\033OH" }, { "End", "\033OF" },
	{ "PgUp", "\033[5~" }, { "PgDn", "\033[6~" }, { "Ins", "\033[2~" },
	{ "Del", "\033[3~" }, { "Tab", "\t" }, { "S-Tab", "\033[Z" },
	{ "Enter", "\r" }, { "Esc", "\033" }, { "BS", "\177" },
};

const char *
term_key_seq(const char *name)
{
	static char buf[4];
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].name, name) == 0)
			return keys[i].seq;
	if (strlen(name) == 3 && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z') {
		if (name[0] == 'C') {
			buf[0] = (char)(name[2] - 'a' + 1);
			buf[1] = '\0';
			return buf;
		}
		if (name[0] == 'M') {
			buf[0] = '\033';
			buf[1] = name[2];
			buf[2] = '\0';
			return buf;
		}
	}
	return NULL;
}

void
term_send_key(struct term *t, const char *name)
{
	const char *seq = term_key_seq(name);
	if (seq == NULL) {
		fprintf(stderr, "term: unknown key name '%s'\n", name);
		exit(99);
	}
	term_send(t, seq);
}

/* Answer what the emulator wants to say back (device attributes, cursor reports). */
static void
reply(struct term *t)
{
	char buf[256];
	size_t n;
	while ((n = vterm_output_read(t->vt, buf, sizeof buf)) > 0) {
		if (t->fd < 0)
			continue;
		if (write(t->fd, buf, n) < 0)
			break;
	}
}

long
term_pump(struct term *t, int timeout_ms)
{
	if (t->fd < 0)
		return -1;
	long total = 0;
	double deadline = now_ms() + timeout_ms;
	for (;;) {
		int wait = (int)(deadline - now_ms());
		if (wait < 0 || total > 0)
			wait = 0;	/* once something came, take only what is ready */
		struct pollfd p = { .fd = t->fd, .events = POLLIN };
		int r = poll(&p, 1, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return total;
		char buf[8192];
		ssize_t n = read(t->fd, buf, sizeof buf);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)	/* EIO: the slave side is closed, the program has gone */
			return total > 0 ? total : -1;
		vterm_input_write(t->vt, buf, (size_t)n);
		reply(t);
		if (t->keep_raw) {
			if (t->rawlen + (size_t)n + 1 > t->rawcap) {
				t->rawcap = (t->rawlen + (size_t)n + 1) * 2;
				t->raw = realloc(t->raw, t->rawcap);
				if (t->raw == NULL)
					abort();
			}
			memcpy(t->raw + t->rawlen, buf, (size_t)n);
			t->rawlen += (size_t)n;
			t->raw[t->rawlen] = '\0';
		}
		t->bytes += (size_t)n;
		t->last_output_ms = now_ms();
		total += n;
	}
}

const char *
term_row(struct term *t, int row)
{
	size_t need = (size_t)t->cols * 4 * VTERM_MAX_CHARS_PER_CELL + 1;
	if (t->rowcap < need) {
		t->rowbuf = realloc(t->rowbuf, need);
		if (t->rowbuf == NULL)
			die("realloc");
		t->rowcap = need;
	}
	if (row < 0 || row >= t->rows) {
		t->rowbuf[0] = '\0';
		return t->rowbuf;
	}
	VTermRect rect = { .start_row = row, .end_row = row + 1, .start_col = 0,
	    .end_col = t->cols };
	size_t n = vterm_screen_get_text(t->screen, t->rowbuf, need - 1, rect);
	while (n > 0 && t->rowbuf[n - 1] == ' ')
		n--;
	t->rowbuf[n] = '\0';
	return t->rowbuf;
}

const char *
term_screen_text(struct term *t)
{
	size_t used = 0;
	for (int r = 0; r < t->rows; r++) {
		const char *line = term_row(t, r);
		size_t n = strlen(line);
		if (used + n + 2 > t->textcap) {
			t->textcap = (used + n + 2) * 2;
			t->text = realloc(t->text, t->textcap);
			if (t->text == NULL)
				die("realloc");
		}
		memcpy(t->text + used, line, n);
		used += n;
		t->text[used++] = '\n';
	}
	if (t->text == NULL) {
		t->text = malloc(1);
		if (t->text == NULL)
			die("malloc");
	}
	t->text[used] = '\0';
	return t->text;
}

bool
term_has_text(struct term *t, const char *text)
{
	return strstr(term_screen_text(t), text) != NULL;
}

int
term_find_row(struct term *t, const char *text)
{
	for (int r = 0; r < t->rows; r++)
		if (strstr(term_row(t, r), text) != NULL)
			return r;
	return -1;
}

static bool
wait_for(struct term *t, const char *text, bool present, int timeout_ms)
{
	double deadline = now_ms() + timeout_ms;
	for (;;) {
		if (term_has_text(t, text) == present)
			return true;
		int left = (int)(deadline - now_ms());
		if (left <= 0)
			return false;
		if (term_pump(t, left) < 0)
			return term_has_text(t, text) == present;
	}
}

bool
term_wait_text(struct term *t, const char *text, int timeout_ms)
{
	return wait_for(t, text, true, timeout_ms);
}

bool
term_wait_gone(struct term *t, const char *text, int timeout_ms)
{
	return wait_for(t, text, false, timeout_ms);
}

double
term_settle(struct term *t, int quiet_ms, int timeout_ms)
{
	double start = now_ms(), deadline = start + timeout_ms;
	double quiet_since = now_ms();
	for (;;) {
		double now = now_ms();
		if (now - quiet_since >= quiet_ms)
			break;
		if (now >= deadline)
			return -1;
		int wait = (int)(quiet_since + quiet_ms - now) + 1;
		long n = term_pump(t, wait);
		if (n < 0)
			break;
		if (n > 0)
			quiet_since = now_ms();
	}
	if (t->last_output_ms <= t->last_send_ms)
		return 0;
	return t->last_output_ms - t->last_send_ms;
}

double
term_settle_answer(struct term *t, int quiet_ms, int timeout_ms)
{
	double deadline = now_ms() + timeout_ms;
	while (t->last_output_ms <= t->last_send_ms) {
		int left = (int)(deadline - now_ms());
		if (left <= 0)
			return 0;
		if (term_pump(t, left) < 0)
			break;
	}
	return term_settle(t, quiet_ms, timeout_ms);
}

void
term_cursor(struct term *t, int *row, int *col)
{
	VTermPos pos;
	vterm_state_get_cursorpos(vterm_obtain_state(t->vt), &pos);
	*row = pos.row;
	*col = pos.col;
}

static bool
cell(struct term *t, int row, int col, VTermScreenCell *c)
{
	if (row < 0 || row >= t->rows || col < 0 || col >= t->cols)
		return false;
	return vterm_screen_get_cell(t->screen, (VTermPos){ .row = row, .col = col }, c) != 0;
}

bool
term_cell_reverse(struct term *t, int row, int col)
{
	VTermScreenCell c;
	return cell(t, row, col, &c) && c.attrs.reverse;
}

bool
term_cell_bold(struct term *t, int row, int col)
{
	VTermScreenCell c;
	return cell(t, row, col, &c) && c.attrs.bold;
}

bool
term_cell_marked(struct term *t, int row, int col)
{
	VTermScreenCell c;
	if (!cell(t, row, col, &c))
		return false;
	return c.attrs.reverse || !VTERM_COLOR_IS_DEFAULT_BG(&c.bg);
}

bool
term_cell_coloured(struct term *t, int row, int col)
{
	VTermScreenCell c;
	if (!cell(t, row, col, &c))
		return false;
	return !VTERM_COLOR_IS_DEFAULT_FG(&c.fg) || !VTERM_COLOR_IS_DEFAULT_BG(&c.bg);
}

unsigned
term_cell_char(struct term *t, int row, int col, int *width)
{
	VTermScreenCell c;
	if (!cell(t, row, col, &c)) {
		if (width != NULL)
			*width = 0;
		return 0;
	}
	if (width != NULL)
		*width = c.width;
	return c.chars[0] == (uint32_t)-1 ? 0 : c.chars[0];
}

void
term_size(struct term *t, int *rows, int *cols)
{
	*rows = t->rows;
	*cols = t->cols;
}

void
term_raw_reset(struct term *t)
{
	t->keep_raw = true;
	t->rawlen = 0;
	if (t->raw != NULL)
		t->raw[0] = '\0';
}

const char *
term_raw(struct term *t, size_t *len)
{
	*len = t->rawlen;
	return t->raw != NULL ? t->raw : "";
}

size_t
term_bytes_read(struct term *t)
{
	return t->bytes;
}

void
term_bytes_reset(struct term *t)
{
	t->bytes = 0;
}

void
term_resize(struct term *t, int rows, int cols)
{
	t->rows = rows;
	t->cols = cols;
	vterm_set_size(t->vt, rows, cols);
	struct winsize ws = { .ws_row = rows, .ws_col = cols };
	if (t->fd >= 0 && ioctl(t->fd, TIOCSWINSZ, &ws) < 0)
		die("TIOCSWINSZ");
}

void
term_hangup(struct term *t)
{
	if (t->fd >= 0) {
		close(t->fd);
		t->fd = -1;
	}
}

pid_t
term_pid(struct term *t)
{
	return t->pid;
}

static bool
reap(struct term *t, int flags)
{
	if (t->reaped)
		return true;
	int st;
	pid_t r = waitpid(t->pid, &st, flags);
	if (r != t->pid)
		return false;
	t->reaped = 1;
	if (WIFEXITED(st))
		t->status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		t->status = 128 + WTERMSIG(st);
	return true;
}

int
term_close(struct term *t, int timeout_ms)
{
	double deadline = now_ms() + timeout_ms;
	int status;
	while (!reap(t, WNOHANG) && now_ms() < deadline) {
		/* Keep reading so a program blocked writing its last screen can finish. */
		if (t->fd < 0 || term_pump(t, 20) < 0) {
			struct timespec ts = { 0, 5 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	if (reap(t, WNOHANG))
		status = t->status;
	else {
		kill(t->pid, SIGTERM);
		for (int i = 0; i < 100 && !reap(t, WNOHANG); i++) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
		if (!reap(t, WNOHANG)) {
			kill(t->pid, SIGKILL);
			reap(t, 0);
		}
		status = -1;
	}
	if (t->fd >= 0)
		close(t->fd);
	vterm_free(t->vt);
	free(t->text);
	free(t->rowbuf);
	free(t->raw);
	free(t);
	return status;
}

void
term_dump(struct term *t, const char *title)
{
	int r, c;
	term_cursor(t, &r, &c);
	fprintf(stderr, "---- %s (%dx%d, cursor %d,%d, %zu bytes) ----\n", title,
	    t->rows, t->cols, r, c, t->bytes);
	for (int i = 0; i < t->rows; i++)
		fprintf(stderr, "%2d|%s\n", i, term_row(t, i));
	fprintf(stderr, "----\n");
}

const char *
term_hoso_path(void)
{
	static char path[4096];
	const char *bin = getenv("HOSO_BIN");
	if (bin != NULL && *bin)
		return bin;
	const char *build = getenv("BUILD");
	if (build != NULL && *build) {
		snprintf(path, sizeof path, "%s/hoso", build);
		/* execvp needs a slash to avoid a PATH search for "build/hoso": it has one. */
		return path;
	}
	/* Run by hand: the test program lives in <build>/tests/<kind>/. */
	char exe[2048];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			snprintf(path, sizeof path, "%s/../../hoso", exe);
			if (access(path, X_OK) == 0)
				return path;
		}
	}
	snprintf(path, sizeof path, "build/hoso");
	return path;
}
