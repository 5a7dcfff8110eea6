/*
 * The clerk's terminal and the population gateway, with the real program on a
 * pty and the real simulator on loopback: looking a new person up by ID number
 * and taking the registry's values into the form, the waiting box and Esc, a
 * link that is down, not found and deceased answers, the verification state of
 * a record turning by itself when a background drainer answers its check, the
 * search filter by state, and the English labels.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "common/dbfix.h"
#include "common/simfix.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "common/uifix.h"

#define CLIENT_ID	"hoso-ui-test"
#define WAIT_MS		8000

/* Hoa is the new person of the look-up; Khải died; An's date of birth differs
 * from the record uifix made (15/05/1985); Bình matches. */
#define CITIZENS \
	"id_number,full_name,date_of_birth,sex,ethnicity,religion,nationality," \
	"place_of_origin,place_of_residence,status\n" \
	"001195012349,Trịnh Thị Hoa,1995-08-12,F,Tày,Phật giáo,Việt Nam," \
	"\"Xã Tân Hội, Đan Phượng, Hà Nội\",\"Số 5 phố Huế, Hà Nội\",alive\n" \
	"001060012350,Đỗ Văn Khải,1960-03-04,M,Kinh,Không,Việt Nam," \
	"\"Hà Đông, Hà Nội\",\"Hà Đông, Hà Nội\",deceased\n" \
	"001085012345,Nguyễn Văn An,1985-05-16,M,Kinh,Không,Việt Nam,Hà Nội,Hà Nội,alive\n" \
	"001190012346,Trần Thị Bình,1990-02-03,F,Kinh,Không,Việt Nam,Hà Nội,Hà Nội,alive\n"

struct gwui {
	struct uifix   u;
	struct simfix *sim;
	char          *citizens;
	char          *secret;
	char          *conf;
	struct term   *t;
};

static struct gwui fix;

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		fail_msg("cannot write %s", path);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

/* The configuration the program reads: the gateway at url. */
static void
write_conf(struct gwui *g, const char *url)
{
	char text[1024];
	snprintf(text, sizeof text, "gateway.url = %s\ngateway.client_id = " CLIENT_ID
	    "\ngateway.secret_file = %s\ngateway.connect_timeout = 1\n"
	    "gateway.timeout = 10\n", url, g->secret);
	write_file(g->conf, text, 0644);
}

static int
setup(void **state)
{
	struct gwui *g = &fix;
	memset(g, 0, sizeof *g);
	uifix_setup(&g->u);
	g->citizens = tmpdir_path(g->u.dir, "citizens.csv");
	write_file(g->citizens, CITIZENS, 0644);
	g->secret = tmpdir_path(g->u.dir, "secret");
	write_file(g->secret, "ui-test-secret\n", 0600);
	g->conf = tmpdir_path(g->u.dir, "hoso.conf");
	*state = g;
	return 0;
}

static int
teardown(void **state)
{
	struct gwui *g = *state;
	if (g->t != NULL)
		term_close(g->t, 1000);
	if (g->sim != NULL)
		simfix_stop(g->sim);
	free(g->citizens);
	free(g->secret);
	free(g->conf);
	uifix_teardown(&g->u);
	return 0;
}

/* The simulator with extra switches (NULL-terminated, may be NULL), and the
 * configuration pointing at it. */
static void
start_sim(struct gwui *g, const char *const *extra)
{
	const char *args[16];
	int n = 0;
	args[n++] = "--client-id";
	args[n++] = CLIENT_ID;
	args[n++] = "--secret-file";
	args[n++] = g->secret;
	for (int i = 0; extra != NULL && extra[i] != NULL && n < 15; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	g->sim = simfix_start(g->citizens, args);
	write_conf(g, simfix_url(g->sim));
}

/* The terminal, signed in as clerk, at the main menu. */
static struct term *
start_ui(struct gwui *g, const char *lang)
{
	const char *args[] = { "--config", g->conf, NULL };
	g->t = uifix_start(&g->u, args, NULL, 24, 80);
	uifix_signin(g->t, "clerk", lang);
	return g->t;
}

static void
stop_ui(struct gwui *g)
{
	uifix_hangup(g->t);
	g->t = NULL;
}

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* hoso verify --drain, as a background drainer would run it; bounded. */
static void
drain(struct gwui *g)
{
	pid_t pid = fork();
	if (pid < 0)
		fail_msg("fork failed");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execl(term_hoso_path(), "hoso", "verify", "--drain", "--db", g->u.db_path,
		    "--config", g->conf, (char *)NULL);
		_exit(127);
	}
	int status = 0;
	double t0 = now_ms();
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (now_ms() - t0 > 30000) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fail_msg("hoso verify --drain did not finish in 30 s");
		}
		struct timespec ts = { 0, 20 * 1000000L };
		nanosleep(&ts, NULL);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("hoso verify --drain ended with status %d", status);
}

/* A new record with the ID number typed (the cursor stays in its field). */
static void
new_record(struct term *t, const char *id)
{
	term_send(t, "2");
	uifix_expect(t, "ĐANG SỬA");
	term_send(t, id);
	uifix_expect(t, id);
}

/* The employment fields a save requires, three pages on, then F2. */
static void
finish_and_save(struct term *t)
{
	for (int i = 0; i < 3; i++)
		term_send_key(t, "PgDn");
	uifix_expect(t, "Công tác");
	term_send(t, "cong chuc");
	uifix_expect(t, "Tìm: cong chuc");
	term_send_key(t, "Enter");
	uifix_expect(t, "Công chức");
	term_send(t, FIX_HN_NV);
	term_send_key(t, "F2");
	uifix_expect(t, "Đã lưu.");
	UI_ASSERT_TEXT(t, "CHỈ XEM");
}

static void
test_lookup_accept_save_and_watch_verified(void **state)
{
	struct gwui *g = *state;
	start_sim(g, NULL);
	struct term *t = start_ui(g, "vi");
	term_send(t, "2");
	uifix_expect(t, "ĐANG SỬA");
	/* Not offered until the number is a valid one. */
	UI_ASSERT_NO_TEXT(t, "F12");
	term_send(t, "00119501234");
	uifix_expect(t, "00119501234");
	UI_ASSERT_NO_TEXT(t, "F12");
	term_send(t, "9");
	uifix_expect(t, "F12");
	UI_ASSERT_TEXT(t, "Tra cứu dân cư");
	term_send_key(t, "F12");
	/* Side by side: the registry, and the form (still empty). */
	uifix_expect(t, "Trên hồ sơ");
	UI_ASSERT_TEXT(t, "Tra cứu CSDL dân cư");
	UI_ASSERT_TEXT(t, "Trịnh Thị Hoa");
	UI_ASSERT_TEXT(t, "12/08/1995");
	UI_ASSERT_TEXT(t, "Nữ");
	UI_ASSERT_TEXT(t, "Tày");
	UI_ASSERT_TEXT(t, "Phật giáo");
	UI_ASSERT_TEXT(t, "Xã Tân Hội");
	UI_ASSERT_TEXT(t, "Số 5 phố Huế");
	UI_ASSERT_TEXT(t, "(trống)");
	UI_ASSERT_NO_TEXT(t, "CẢNH BÁO");
	/* On behalf of the signed-in account. */
	char *officer = simfix_stat_str(g->sim, "last_officer_id");
	assert_string_equal(officer, "clerk");
	free(officer);
	assert_int_equal(simfix_stat(g->sim, "lookup"), 1);
	/* One key takes it all into the form, still being edited. */
	term_send_key(t, "Enter");
	uifix_expect(t, "ĐANG SỬA");
	uifix_expect(t, "Trịnh Thị Hoa");
	UI_ASSERT_TEXT(t, "Đã điền");
	UI_ASSERT_TEXT(t, "12/08/1995");
	UI_ASSERT_TEXT(t, "Nữ");
	UI_ASSERT_TEXT(t, "Tày");
	UI_ASSERT_TEXT(t, "Phật giáo");
	UI_ASSERT_TEXT(t, "Xã Tân Hội, Đan Phượng, Hà Nội");
	UI_ASSERT_NO_TEXT(t, "Đã lưu.");
	finish_and_save(t);
	UI_ASSERT_TEXT(t, "Trịnh Thị Hoa");
	/* Saved: the check waits in the queue. */
	UI_ASSERT_TEXT(t, "Đang chờ kiểm tra");
	/* A background drainer answers it; the screen follows by itself, sending
	 * only the lines that changed. */
	term_settle(t, 200, WAIT_MS);
	term_bytes_reset(t);
	drain(g);
	uifix_expect(t, "Đã xác thực");
	UI_ASSERT_NO_TEXT(t, "Đang chờ kiểm tra");
	UI_ASSERT_TEXT(t, "tài khoản clerk");
	/* The gateway's id of the check is for the logs, not for the clerk. */
	char *request = simfix_stat_str(g->sim, "last_request_id");
	assert_int_equal(strlen(request), 36);
	UI_ASSERT_NO_TEXT(t, request);
	UI_ASSERT_NO_TEXT(t, "UTC");
	free(request);
	UI_ASSERT_TEXT(t, "Trịnh Thị Hoa");
	size_t bytes = term_bytes_read(t);
	if (bytes > 800)
		fail_msg("the state change cost %zu bytes: more than its lines", bytes);
	stop_ui(g);
}

static void
test_waiting_box_and_esc(void **state)
{
	struct gwui *g = *state;
	const char *slow[] = { "--latency-ms", "3000", NULL };
	start_sim(g, slow);
	struct term *t = start_ui(g, "vi");
	new_record(t, "001195012349");
	term_send_key(t, "F12");
	uifix_expect(t, "Đang tra cứu CSDL dân cư… (Esc: hủy)");
	/* The loop still answers keys while it waits: F9 switches the language of
	 * the box at once. */
	double t0 = now_ms();
	term_send_key(t, "F9");
	uifix_expect(t, "Looking up the population database… (Esc: cancel)");
	term_send_key(t, "F9");
	uifix_expect(t, "Đang tra cứu CSDL dân cư… (Esc: hủy)");
	assert_true(now_ms() - t0 < 1500);
	t0 = now_ms();
	term_send_key(t, "Esc");
	uifix_expect_gone(t, "Đang tra cứu");
	double took = now_ms() - t0;
	if (took > 1500)
		fail_msg("Esc took %.0f ms to cancel the look-up", took);
	UI_ASSERT_TEXT(t, "Đã hủy tra cứu");
	UI_ASSERT_TEXT(t, "ĐANG SỬA");
	/* The form is as it was, and answers typing at once. */
	UI_ASSERT_NO_TEXT(t, "Trịnh Thị Hoa");
	UI_ASSERT_NO_TEXT(t, "Trên hồ sơ");
	term_send_key(t, "Tab");
	term_send(t, "Hoa");
	double answer = term_settle_answer(t, 60, WAIT_MS);
	UI_ASSERT_TEXT(t, "Hoa");
	if (answer > 1000)
		fail_msg("typing after the cancel took %.0f ms to show", answer);
	/* The answer that comes later changes nothing. */
	term_settle(t, 3500, 6000);
	UI_ASSERT_NO_TEXT(t, "Trịnh Thị Hoa");
	UI_ASSERT_NO_TEXT(t, "Trên hồ sơ");
	/* A link that drops during a look-up ends the program as any hangup does
	 * (the typed name kept as a draft), not in the middle of the call. */
	term_send_key(t, "F12");
	uifix_expect(t, "Đang tra cứu CSDL dân cư");
	stop_ui(g);
}

static void
test_link_down_then_save_queues(void **state)
{
	struct gwui *g = *state;
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", simfix_dead_port());
	write_conf(g, url);
	struct term *t = start_ui(g, "vi");
	new_record(t, "001195012349");
	term_send_key(t, "F12");
	uifix_expect(t, "Không kết nối được CSDL dân cư");
	UI_ASSERT_TEXT(t, "ĐANG SỬA");
	/* The clerk goes on typing; saving queues the check. */
	term_send(t, "\tTrịnh Thị Hoa\t\t12/08/1995\t");
	term_send(t, "nu");
	uifix_expect(t, "Tìm: nu");
	term_send_key(t, "Enter");
	uifix_expect_gone(t, "Tìm: nu");
	finish_and_save(t);
	UI_ASSERT_TEXT(t, "Trịnh Thị Hoa");
	UI_ASSERT_TEXT(t, "Đang chờ kiểm tra");
	stop_ui(g);
}

/* The other ways a look-up fails, each with its own sentence, and the form
 * still there to type into. */
static void
test_other_failures(void **state)
{
	struct gwui *g = *state;
	struct {
		const char *sim[4];	/* switches; NULL: no simulator */
		const char *conf;	/* a configuration of its own, or NULL */
		const char *says;
		bool        box;	/* in a box (Enter closes it), not the status line */
	} cases[] = {
		{ { "--garbage", "1", NULL }, NULL, "Không đọc được trả lời", false },
		{ { "--fail-first", "400:1", NULL }, NULL, "từ chối yêu cầu tra cứu", true },
		{ { "--fail-first", "503:5", NULL }, NULL, "đang gặp sự cố", false },
		{ { NULL }, "# no gateway\n", "Chưa cấu hình cổng CSDL dân cư", false },
		{ { NULL }, "", "không được chấp nhận", true },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].sim[0] != NULL)
			start_sim(g, cases[i].sim);
		else if (cases[i].conf[0] != '\0')
			write_file(g->conf, cases[i].conf, 0644);
		else {
			/* A secret file others may read: the client refuses it. */
			write_conf(g, "http://127.0.0.1:1");
			chmod(g->secret, 0644);
		}
		struct term *t = start_ui(g, "vi");
		new_record(t, "001195012349");
		term_send_key(t, "F12");
		uifix_expect(t, cases[i].says);
		if (cases[i].box) {
			term_send_key(t, "Enter");
			uifix_expect_gone(t, cases[i].says);
		}
		UI_ASSERT_TEXT(t, "ĐANG SỬA");
		UI_ASSERT_NO_TEXT(t, "Trịnh Thị Hoa");
		term_send_key(t, "Tab");
		term_send(t, "Trịnh");
		uifix_expect(t, "Trịnh");
		/* Dropped for good, so that no draft waits at the next sign-in. */
		term_send_key(t, "Esc");
		uifix_expect(t, "Thay đổi chưa lưu");
		term_send(t, "y");
		uifix_expect(t, "1  Tìm hồ sơ");
		stop_ui(g);
		if (g->sim != NULL) {
			simfix_stop(g->sim);
			g->sim = NULL;
		}
		chmod(g->secret, 0600);
	}
}

/* A mismatch can be worked: F12 on a saved record shows, field by field, what
 * the register holds beside what is stored; the clerk takes some values (Space
 * unmarks the others) and saves, then takes the rest at once. A changed ID number
 * is looked up too. */
static void
test_mismatch_worked_field_by_field(void **state)
{
	struct gwui *g = *state;
	start_sim(g, NULL);
	struct term *t = start_ui(g, "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "nguyen van an");
	uifix_expect(t, "Nguyễn Văn An");
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	drain(g);
	uifix_expect(t, "Sai lệch");
	/* Offered on the saved record, read-only as it is. */
	UI_ASSERT_TEXT(t, "F12");
	term_send_key(t, "F12");
	uifix_expect(t, "Trên hồ sơ");
	int row = term_find_row(t, "Ngày sinh");
	assert_true(row >= 0);
	if (strstr(term_row(t, row), "16/05/1985") == NULL ||
	    strstr(term_row(t, row), "15/05/1985") == NULL ||
	    strstr(term_row(t, row), "[x]") == NULL)
		fail_msg("the date of birth, side by side and marked: %s", term_row(t, row));
	assert_int_equal(simfix_stat(g->sim, "lookup"), 1);
	/* The date of birth is left as stored; the rest is taken. */
	term_send_key(t, "Down");
	term_send(t, " ");
	assert_true(term_wait_text(t, "[ ] Ngày sinh", WAIT_MS));
	term_send_key(t, "Enter");
	uifix_expect(t, "ĐANG SỬA");
	UI_ASSERT_TEXT(t, "Đã điền");
	UI_ASSERT_TEXT(t, "15/05/1985");
	UI_ASSERT_NO_TEXT(t, "16/05/1985");
	UI_ASSERT_TEXT(t, "Kinh");
	term_send_key(t, "F2");
	uifix_expect(t, "Đã lưu.");
	UI_ASSERT_TEXT(t, "CHỈ XEM");
	/* Then the rest at once. */
	term_send_key(t, "F12");
	uifix_expect(t, "Trên hồ sơ");
	term_send_key(t, "Enter");
	uifix_expect(t, "ĐANG SỬA");
	uifix_expect(t, "16/05/1985");
	term_send_key(t, "F2");
	uifix_expect(t, "Đã lưu.");
	/* Nothing taken: the record goes back to read-only, unchanged. */
	term_send_key(t, "F12");
	uifix_expect(t, "Trên hồ sơ");
	term_send_key(t, "Esc");
	uifix_expect(t, "CHỈ XEM");
	/* A changed ID number is looked up too. */
	term_send_key(t, "F4");
	uifix_expect(t, "ĐANG SỬA");
	term_send_key(t, "C-u");
	term_send(t, "001195012349");
	uifix_expect(t, "001195012349");
	term_send_key(t, "F12");
	uifix_expect(t, "Trên hồ sơ");
	UI_ASSERT_TEXT(t, "Trịnh Thị Hoa");
	term_send_key(t, "Esc");
	uifix_expect_gone(t, "Trên hồ sơ");
	UI_ASSERT_NO_TEXT(t, "Trịnh Thị Hoa");
	stop_ui(g);
}

static void
test_not_found_and_deceased(void **state)
{
	struct gwui *g = *state;
	start_sim(g, NULL);
	struct term *t = start_ui(g, "vi");
	new_record(t, "001199012355");
	term_send_key(t, "F12");
	uifix_expect(t, "không có trong CSDL dân cư");
	UI_ASSERT_TEXT(t, "001199012355");
	UI_ASSERT_TEXT(t, "ĐANG SỬA");
	/* Another number in the same field: Khải, who died. */
	term_send_key(t, "C-u");
	term_send(t, "001060012350");
	uifix_expect(t, "001060012350");
	term_send_key(t, "F12");
	uifix_expect(t, "Trên hồ sơ");
	UI_ASSERT_TEXT(t, "CẢNH BÁO");
	UI_ASSERT_TEXT(t, "đã mất");
	UI_ASSERT_TEXT(t, "Đỗ Văn Khải");
	/* Esc keeps the form as it was. */
	term_send_key(t, "Esc");
	uifix_expect_gone(t, "Trên hồ sơ");
	UI_ASSERT_TEXT(t, "ĐANG SỬA");
	UI_ASSERT_NO_TEXT(t, "Đỗ Văn Khải");
	UI_ASSERT_TEXT(t, "giữ nguyên");
	stop_ui(g);
}

static void
test_mismatch_on_record_and_search_filter(void **state)
{
	struct gwui *g = *state;
	start_sim(g, NULL);
	struct term *t = start_ui(g, "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	UI_ASSERT_TEXT(t, "Xác thực với CSDL dân cư (F3): tất cả");
	term_send(t, "nguyen van an");
	uifix_expect(t, "Nguyễn Văn An");
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	UI_ASSERT_TEXT(t, "Đang chờ kiểm tra");
	drain(g);
	uifix_expect(t, "Sai lệch");
	UI_ASSERT_TEXT(t, "khác ở: Ngày sinh");
	UI_ASSERT_TEXT(t, "tài khoản clerk");
	/* The search narrowed to one state, with or without a name. */
	term_send_key(t, "Esc");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send_key(t, "C-u");
	term_send_key(t, "F3");
	uifix_expect(t, "(F3): Đã xác thực");
	uifix_expect(t, "Trần Thị Bình");
	UI_ASSERT_NO_TEXT(t, "Nguyễn Văn An");
	term_send_key(t, "C-f");
	uifix_expect(t, "(F3): Sai lệch");
	uifix_expect(t, "Nguyễn Văn An");
	UI_ASSERT_NO_TEXT(t, "Trần Thị Bình");
	term_send_key(t, "F3");
	uifix_expect(t, "(F3): Không có trong CSDL dân cư");
	uifix_expect(t, "Hoàng Văn Số 01");
	UI_ASSERT_NO_TEXT(t, "Nguyễn Văn An");
	term_send(t, "le duc");
	uifix_expect(t, "Lê Đức Cường");
	UI_ASSERT_NO_TEXT(t, "Hoàng Văn Số 01");
	/* Round to "all" again: the name alone. */
	term_send_key(t, "C-u");
	term_send(t, "nguyen van");
	for (int i = 0; i < 4; i++)
		term_send_key(t, "F3");
	uifix_expect(t, "(F3): tất cả");
	uifix_expect(t, "Nguyễn Văn An");
	stop_ui(g);
}

static void
test_english_labels(void **state)
{
	struct gwui *g = *state;
	start_sim(g, NULL);
	drain(g);
	struct term *t = start_ui(g, "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "tran thi binh");
	uifix_expect(t, "Trần Thị Bình");
	term_send_key(t, "Enter");
	uifix_expect(t, "Đã xác thực");
	term_send_key(t, "F9");
	uifix_expect(t, "Population database check: Verified");
	UI_ASSERT_TEXT(t, ", by clerk");
	UI_ASSERT_NO_TEXT(t, "request");
	term_send_key(t, "Esc");
	uifix_expect(t, "Population database check (F3): all");
	term_send_key(t, "F3");
	uifix_expect(t, "(F3): Verified");
	/* The look-up in English. */
	term_send_key(t, "Esc");
	uifix_expect(t, "1  Find a person's record");
	term_send(t, "2");
	uifix_expect(t, "EDITING");
	term_send(t, "001195012349");
	uifix_expect(t, "Look up");
	term_send_key(t, "C-y");
	uifix_expect(t, "On the form");
	UI_ASSERT_TEXT(t, "Population database look-up");
	UI_ASSERT_TEXT(t, "Take marked");
	UI_ASSERT_TEXT(t, "Female");
	term_send_key(t, "Enter");
	uifix_expect(t, "Fields filled from the population database");
	stop_ui(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookup_accept_save_and_watch_verified,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiting_box_and_esc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_down_then_save_queues, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_other_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mismatch_worked_field_by_field, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_not_found_and_deceased, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mismatch_on_record_and_search_filter,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_english_labels, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
