/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_render: PNG/PDF/SVG output of every chart kind: format, size, determinism, I/O failures. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cairo-pdf.h>

#include "clusterbench/chart.h"
#include "clusterbench/render.h"
#include "tcheck.h"

static char tmpdir[256];

/*
 * LeakSanitizer: fontconfig's configuration parser (FcInitLoadConfigAndFonts
 * -> expat callbacks) loses 288 bytes once per process on this system
 * (fontconfig 2.14); nothing of ours. Only sanitizer builds call this.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static const char *const provinces[] = { "Çorum", "Gaziantep", "Kahramanmaraş", "Samsun",
					 "Trabzon" };

/* ---- files -------------------------------------------------------------- */

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	*len = 0;
	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
			buf[n] = '\0';
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(fp);
	return buf;
}

/* Entries of dir other than . and .., or -1. */
static int count_entries(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!dp)
		return -1;
	while ((e = readdir(dp)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(dp);
	return n;
}

static void remove_tree(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char path[512];

	if (!dp)
		return;
	while ((e = readdir(dp))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(dp);
	rmdir(dir);
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
	       p[3];
}

/* Occurrences of "/Type /Page" not followed by 's' (pages, not the tree). */
static int pdf_pages(const unsigned char *buf, size_t len)
{
	const char *key = "/Type /Page";
	size_t kl = strlen(key);
	int n = 0;

	for (size_t i = 0; i + kl <= len; i++)
		if (memcmp(buf + i, key, kl) == 0 && (i + kl == len || buf[i + kl] != 's'))
			n++;
	return n;
}

static int contains(const unsigned char *buf, size_t len, const char *s)
{
	size_t sl = strlen(s);

	for (size_t i = 0; i + sl <= len; i++)
		if (memcmp(buf + i, s, sl) == 0)
			return 1;
	return 0;
}

/* ---- charts -------------------------------------------------------------- */

static struct chart *make_bar(enum chart_locale loc)
{
	static const char *const series[] = { "Member", "Non-member" };
	static const double v[] = { 128.4, 104.2, 162.7, 131.9, 151.3, 118.6, 119.8, 101.5, 109.2, 96.8 };
	static const double lo[] = { 122.4, 96.2, 150.2, 126.4, 142.3, 106.1, 113.8, 95.5, 99.2, 90.8 };
	static const double hi[] = { 134.4, 112.2, 175.2, 137.4, 160.3, 131.1, 125.8, 107.5, 119.2, 102.8 };
	static const size_t n[] = { 112, 187, 164, 143, 94 };
	static const struct chart_ref_spec ref = { 121.7, "Peer median", 1 };
	struct chart_bar_spec s;
	struct diag d;

	memset(&s, 0, sizeof s);
	s.labels.title = "Çorum, Kahramanmaraş: İşletme başına verimlilik (ğ ı İ ö ü Ş)";
	s.labels.subtitle = "Mean productivity per employee by province and membership, 2013";
	s.labels.y_title = "Productivity";
	s.labels.unit = "thousand TRY per employee";
	s.labels.source = "SME panel (synthetic)";
	s.labels.n = 700;
	s.locale = loc;
	s.n_categories = 5;
	s.categories = provinces;
	s.category_n = n;
	s.n_series = 2;
	s.series = series;
	s.value = v;
	s.ci_low = lo;
	s.ci_high = hi;
	s.refs = &ref;
	s.n_refs = 1;
	s.focal = -1;
	s.value_labels = 1;
	s.decimals = -1;
	diag_init(&d);
	return chart_bar_build(&s, &d);
}

static struct chart *make_box(void)
{
	static const double out1[] = { 193.4 }, out2[] = { 241.9, 243.5 };
	const struct chart_box_group g[5] = {
		{ "Çorum", 112, 57.3, 99.1, 115.4, 136.9, 178.8, 118.2, out1, 1 },
		{ "Gaziantep", 187, 84.9, 124.6, 147.0, 170.2, 221.7, 148.1, out2, 2 },
		{ "Kahramanmaraş metal kitchenware", 164, 75.2, 110.5, 125.1, 145.3, 186.2, 128.8,
		  NULL, 0 },
		{ "Samsun", 143, 71.0, 103.6, 122.4, 143.0, 196.4, 123.7, NULL, 0 },
		{ "Trabzon", 94, 54.6, 89.2, 104.4, 121.5, 167.3, 108.9, NULL, 0 },
	};
	struct chart_box_spec s;
	struct diag d;

	memset(&s, 0, sizeof s);
	s.labels.title = "Productivity varies more within provinces than between them";
	s.labels.y_title = "Productivity";
	s.labels.unit = "thousand TRY per employee";
	s.labels.source = "SME panel (synthetic)";
	s.labels.n = 700;
	s.groups = g;
	s.n_groups = 5;
	s.show_outliers = 1;
	s.show_mean = 1;
	s.focal = 2;
	diag_init(&d);
	return chart_box_build(&s, &d);
}

static struct chart *make_line(void)
{
	static const double x[] = { 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016 };
	static double v[5 * 8];
	static const struct chart_ref_spec mk = { 2011, "Programme start", 1 };
	struct chart_line_spec s;
	struct diag d;

	for (int j = 0; j < 5; j++)
		for (int i = 0; i < 8; i++)
			v[j * 8 + i] = (90 + 5 * j) * pow(1.03 + 0.01 * j, i);
	memset(&s, 0, sizeof s);
	s.labels.title = "Productivity grew faster after the programme started";
	s.labels.y_title = "Productivity";
	s.labels.source = "SME panel (synthetic)";
	s.n_x = 8;
	s.x = x;
	s.n_series = 5;
	s.series = provinces;
	s.value = v;
	s.index_base = 2009;
	s.markers = &mk;
	s.n_markers = 1;
	s.focal = -1;
	s.show_points = 1;
	s.end_labels = 1;
	diag_init(&d);
	return chart_line_build(&s, &d);
}

/* ---- checks --------------------------------------------------------------- */

static void check_png(const char *path, unsigned long w, unsigned long h, unsigned long ppm)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	size_t len;
	unsigned char *b = slurp(path, &len);

	CHECK(b != NULL && len > 1000);
	if (!b || len < 60) {
		free(b);
		return;
	}
	CHECK(memcmp(b, sig, 8) == 0);
	CHECK(memcmp(b + 12, "IHDR", 4) == 0);
	CHECK_INT(be32(b + 16), w);
	CHECK_INT(be32(b + 20), h);
	/* Our pHYs chunk right after IHDR: pixels per metre, unit 1. */
	CHECK(memcmp(b + 37, "pHYs", 4) == 0);
	CHECK_INT(be32(b + 41), ppm);
	CHECK_INT(be32(b + 45), ppm);
	CHECK_INT(b[49], 1);
	CHECK(memcmp(b + len - 8, "IEND", 4) == 0);
	free(b);
}

static void check_pdf(const char *path, const char *mediabox)
{
	size_t len;
	unsigned char *b = slurp(path, &len);

	CHECK(b != NULL && len > 1000);
	if (!b)
		return;
	CHECK(len > 5 && memcmp(b, "%PDF-", 5) == 0);
	CHECK_INT(pdf_pages(b, len), 1);
	CHECK(contains(b, len, "/FontFile"));          /* fonts embedded */
	CHECK(contains(b, len, "20000101000000"));     /* fixed date */
	CHECK(contains(b, len, mediabox));
	free(b);
}

static void check_svg(const char *path, const char *width)
{
	size_t len;
	unsigned char *b = slurp(path, &len);

	CHECK(b != NULL && len > 1000);
	if (!b)
		return;
	while (len && (b[len - 1] == '\n' || b[len - 1] == ' '))
		len--;
	CHECK(len > 5 && memcmp(b, "<?xml", 5) == 0);
	CHECK(contains(b, len, "<svg"));
	CHECK(contains(b, len, width));
	CHECK(len > 6 && memcmp(b + len - 6, "</svg>", 6) == 0);
	free(b);
}

/* Nothing is drawn in the outer frame of the PNG: no text or mark runs
 * off the canvas (the page margins are at least 14 pt, 38 px here). */
static void check_frame_white(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	int w, h, stride, dirty = 0;
	unsigned char *p;

	CHECK_INT(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return;
	}
	cairo_surface_flush(s);
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	stride = cairo_image_surface_get_stride(s);
	p = cairo_image_surface_get_data(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t px;

			if (x >= 20 && x < w - 20 && y >= 20 && y < h - 20)
				continue;
			memcpy(&px, p + (size_t)y * (size_t)stride + (size_t)x * 4, 4);
			if ((px & 0xFFFFFF) != 0xFFFFFF)
				dirty++;
		}
	CHECK_INT(dirty, 0);
	cairo_surface_destroy(s);
}

static int same_bytes(const char *a, const char *b)
{
	size_t la, lb;
	unsigned char *x = slurp(a, &la), *y = slurp(b, &lb);
	int same = x && y && la == lb && memcmp(x, y, la) == 0;

	free(x);
	free(y);
	return same;
}

static void test_formats(void)
{
	struct chart *charts[3] = { make_bar(CHART_LOCALE_TR), make_box(), make_line() };
	static const char *const names[3] = { "bar", "box", "line" };
	static const enum render_format fmts[3] = { RENDER_PNG, RENDER_PDF, RENDER_SVG };
	struct render_opts o;

	for (int k = 0; k < 3; k++) {
		CHECK(charts[k] != NULL);
		if (!charts[k])
			continue;
		for (int f = 0; f < 3; f++) {
			char p1[512], p2[512];
			struct diag d;
			const char *ext = render_format_name(fmts[f]);

			snprintf(p1, sizeof p1, "%s/%s.%s", tmpdir, names[k], ext);
			snprintf(p2, sizeof p2, "%s/%s-again.%s", tmpdir, names[k], ext);
			diag_init(&d);
			CHECK_INT(render_chart(charts[k], p1, fmts[f], NULL, &d), 0);
			if (d.code)
				diag_print(&d, stderr);
			CHECK_INT(render_chart(charts[k], p2, fmts[f], NULL, &d), 0);
			CHECK(same_bytes(p1, p2)); /* identical input, identical bytes */
			if (fmts[f] == RENDER_PNG) {
				check_png(p1, 1600, 1000, 7874); /* 200 / 0.0254 */
				check_frame_white(p1);
			} else if (fmts[f] == RENDER_PDF) {
				check_pdf(p1, "0 0 576 360");
			} else {
				check_svg(p1, "width=\"576pt\"");
			}
		}
	}
	/* A custom size: 800 x 600 pixels at 100 dpi is 8 x 6 in, 576 x 432 pt. */
	render_opts_init(&o);
	o.width_px = 800;
	o.height_px = 600;
	o.dpi = 100;
	for (int f = 0; f < 3 && charts[2]; f++) {
		char p[512];
		struct diag d;

		snprintf(p, sizeof p, "%s/custom.%s", tmpdir, render_format_name(fmts[f]));
		diag_init(&d);
		CHECK_INT(render_chart(charts[2], p, fmts[f], &o, &d), 0);
		if (fmts[f] == RENDER_PNG)
			check_png(p, 800, 600, 3937);
		else if (fmts[f] == RENDER_PDF)
			check_pdf(p, "0 0 576 432");
		else
			check_svg(p, "height=\"432pt\"");
	}
	/* Rendering over an existing file replaces it; the mode is 0644. */
	if (charts[0]) {
		char p[512];
		struct stat st;
		struct diag d;

		snprintf(p, sizeof p, "%s/bar.png", tmpdir);
		diag_init(&d);
		CHECK_INT(render_chart(charts[0], p, RENDER_PNG, &o, &d), 0);
		check_png(p, 800, 600, 3937);
		CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0644);
	}
	for (int k = 0; k < 3; k++)
		chart_free(charts[k]);
	/* Only the files named above: no temporary left behind. */
	CHECK_INT(count_entries(tmpdir), 3 * 3 * 2 + 3);
}

static void test_failures(void)
{
	struct chart *c = make_box();
	struct render_opts o;
	struct diag d;
	struct stat st;
	char p[512];
	int before = count_entries(tmpdir);

	CHECK(c != NULL);
	if (!c)
		return;
	/* A missing folder. */
	snprintf(p, sizeof p, "%s/no-such-folder/box.png", tmpdir);
	diag_init(&d);
	CHECK_INT(render_chart(c, p, RENDER_PNG, NULL, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK_INT(d.sys_errno, ENOENT);
	CHECK_STR(d.path, p);
	/* The path is a folder (with and without a slash). */
	diag_init(&d);
	CHECK_INT(render_chart(c, tmpdir, RENDER_PDF, NULL, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK(strstr(d.message, "is a directory") != NULL);
	snprintf(p, sizeof p, "%s/", tmpdir);
	diag_init(&d);
	CHECK_INT(render_chart(c, p, RENDER_SVG, NULL, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	/* A device is never replaced. */
	diag_init(&d);
	CHECK_INT(render_chart(c, "/dev/full", RENDER_PNG, NULL, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));
	/* Usage errors. */
	diag_init(&d);
	CHECK_INT(render_chart(c, "", RENDER_PNG, NULL, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	render_opts_init(&o);
	o.width_px = 8;
	snprintf(p, sizeof p, "%s/tiny.png", tmpdir);
	diag_init(&d);
	CHECK_INT(render_chart(c, p, RENDER_PNG, &o, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	o.width_px = 1600;
	o.dpi = 0;
	diag_init(&d);
	CHECK_INT(render_chart(c, p, RENDER_PNG, &o, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	/* Writes that fail: every format on /dev/full (ENOSPC), found through
	 * the sticky Cairo status, after drawing or after surface finish. */
	{
		static const enum render_format fmts[3] = { RENDER_PNG, RENDER_PDF, RENDER_SVG };
		int fd = open("/dev/full", O_WRONLY);

		CHECK(fd >= 0);
		for (int f = 0; f < 3 && fd >= 0; f++) {
			diag_init(&d);
			CHECK_INT(render_chart_fd(c, fd, fmts[f], NULL, &d), -1);
			CHECK_INT(d.code, DIAG_IO);
			CHECK_INT(d.sys_errno, ENOSPC);
		}
		if (fd >= 0)
			close(fd);
	}
	/* A closed descriptor: EBADF. */
	{
		int fd = open("/dev/null", O_WRONLY);

		CHECK(fd >= 0);
		if (fd >= 0)
			close(fd);
		diag_init(&d);
		CHECK_INT(render_chart_fd(c, fd, RENDER_PDF, NULL, &d), -1);
		CHECK_INT(d.code, DIAG_IO);
		CHECK_INT(d.sys_errno, EBADF);
	}
	/* A chart that failed while being built passes its error on. */
	CHECK(chart_add_point(c, NAN, 0, CHART_SHAPE_CIRCLE, 3) == NULL);
	snprintf(p, sizeof p, "%s/broken.svg", tmpdir);
	diag_init(&d);
	CHECK_INT(render_chart(c, p, RENDER_SVG, NULL, &d), -1);
	CHECK_INT(d.code, DIAG_INTERNAL);
	chart_free(c);
	/* No stray file from any of the failures. */
	CHECK_INT(count_entries(tmpdir), before);
}

static void test_text_and_cairo(void)
{
	struct chart *c = make_line();
	enum render_format f = RENDER_PNG;
	cairo_surface_t *s;
	cairo_t *cr;
	struct diag d;
	char p[512];
	size_t len;
	unsigned char *b;

	/* Every Turkish letter has a glyph; a noncharacter has none. */
	CHECK_INT(render_missing_glyphs("Çorum Kahramanmaraş Gaziantep ç Ç ş Ş ğ Ğ ı I İ i ö Ö ü Ü",
					NULL),
		  0);
	CHECK_INT(render_missing_glyphs("\xf4\x8f\xbf\xbd", NULL), 1);
	CHECK_INT(render_format_from_name("svg", &f), 0);
	CHECK_INT(f, RENDER_SVG);
	CHECK_INT(render_format_from_name("pdf", &f), 0);
	CHECK_INT(f, RENDER_PDF);
	CHECK_INT(render_format_from_name("png", &f), 0);
	CHECK_INT(f, RENDER_PNG);
	CHECK_INT(render_format_from_name("jpeg", &f), -1);
	CHECK_INT(render_format_from_name("PNG", &f), -1);
	CHECK_INT(render_format_from_name(NULL, &f), -1);
	CHECK_INT(f, RENDER_PNG);
	CHECK_STR(render_format_name(RENDER_PDF), "pdf");
	/* Two charts on two pages of one PDF (how the report module draws). */
	snprintf(p, sizeof p, "%s/two-pages.pdf", tmpdir);
	s = cairo_pdf_surface_create(p, 595, 842);
	cr = cairo_create(s);
	diag_init(&d);
	CHECK_INT(render_chart_cairo(c, cr, 595, 420, NULL, &d), 0);
	cairo_show_page(cr);
	CHECK_INT(render_chart_cairo(c, cr, 595, 420, "DejaVu Sans", &d), 0);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	CHECK_INT(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	b = slurp(p, &len);
	CHECK(b && pdf_pages(b, len) == 2);
	free(b);
	unlink(p);
	chart_free(c);
}

/* Twelve long category names (rotated labels), a log-scale box plot and a
 * line chart with a legend: still nothing outside the canvas. */
static void test_crowded(void)
{
	static const char *const cats[12] = {
		"Kahramanmaraş metal kitchenware", "Gaziantep textiles and carpets",
		"Çorum machinery", "Samsun medical devices", "Trabzon furniture",
		"Gaziantep food processing", "Kahramanmaraş textiles", "Çorum bricks and tiles",
		"Samsun agricultural machinery", "Trabzon hazelnut processing",
		"Gaziantep plastics", "Samsun boat building" };
	double v[12];
	struct chart_bar_spec s;
	struct chart *c;
	struct diag d;
	char p[512];

	for (int i = 0; i < 12; i++)
		v[i] = 1000 + 900 * sin(i);
	memset(&s, 0, sizeof s);
	s.labels.title = "Employment by sector cluster";
	s.labels.y_title = "Employees";
	s.n_categories = 12;
	s.categories = cats;
	s.n_series = 1;
	s.value = v;
	s.focal = 0;
	s.value_labels = 1;
	s.decimals = -1;
	diag_init(&d);
	c = chart_bar_build(&s, &d);
	CHECK(c != NULL);
	snprintf(p, sizeof p, "%s/crowded.png", tmpdir);
	CHECK_INT(render_chart(c, p, RENDER_PNG, NULL, &d), 0);
	check_frame_white(p);
	unlink(p);
	chart_free(c);
}

/* The same chart rendered by a fresh process (this program re-executed
 * with --render FMT PATH) has the same bytes as here, where many surfaces
 * were made before (Cairo numbers SVG surfaces per process). */
static void test_other_process(void)
{
	static const enum render_format fmts[3] = { RENDER_PNG, RENDER_PDF, RENDER_SVG };
	struct chart *c;
	volatile long double one = 1.0L, tiny = 0x1p-63L;

	/* Under valgrind this process computes with emulated floating point but
	 * the re-executed child does not, so their bytes may differ. */
	if (one + tiny == one) {
		fprintf(stderr, "test_render: cross-process test skipped (valgrind?)\n");
		return;
	}
	c = make_line();
	CHECK(c != NULL);
	for (int f = 0; f < 3 && c; f++) {
		char mine[512], theirs[512];
		const char *ext = render_format_name(fmts[f]);
		struct diag d;
		pid_t pid;
		int status = -1;

		snprintf(mine, sizeof mine, "%s/mine.%s", tmpdir, ext);
		snprintf(theirs, sizeof theirs, "%s/theirs.%s", tmpdir, ext);
		diag_init(&d);
		CHECK_INT(render_chart(c, mine, fmts[f], NULL, &d), 0);
		pid = fork();
		if (pid == 0) {
			execl("/proc/self/exe", "test_render", "--render", ext, theirs, (char *)NULL);
			_exit(127);
		}
		CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		CHECK(same_bytes(mine, theirs));
		unlink(mine);
		unlink(theirs);
	}
	chart_free(c);
}

/* PNG bytes collected in memory, and read back from there. */
struct png_buf {
	unsigned char *p;
	size_t n, at;
};

static int png_collect(void *closure, const unsigned char *p, size_t n)
{
	struct png_buf *b = closure;

	b->p = g_realloc(b->p, b->n + n);
	memcpy(b->p + b->n, p, n);
	b->n += n;
	return 0;
}

static cairo_status_t png_read_back(void *closure, unsigned char *data, unsigned int n)
{
	struct png_buf *b = closure;

	if (n > b->n - b->at)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, b->p + b->at, n);
	b->at += n;
	return CAIRO_STATUS_SUCCESS;
}

static int png_fail(void *closure, const unsigned char *p, size_t n)
{
	(void)closure;
	(void)p;
	(void)n;
	return -1;
}

/*
 * Our PNG writer against Cairo's reader (libpng): a rendered chart and a
 * surface of noise (every byte value, in every channel, next to every
 * other) come back pixel for pixel.
 */
static void test_png_writer(void)
{
	for (int kind = 0; kind < 2; kind++) {
		int w = kind ? 257 : 1600, h = kind ? 129 : 1000, differ = 0;
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h), *back;
		struct png_buf b = { NULL, 0, 0 };
		uint32_t st = 12345;

		if (kind) {
			unsigned char *px = cairo_image_surface_get_data(s);
			int stride = cairo_image_surface_get_stride(s);

			cairo_surface_flush(s);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					st = st * 1103515245u + 12345u;
					((uint32_t *)(void *)(px + y * stride))[x] = st >> 8;
				}
			cairo_surface_mark_dirty(s);
		} else {
			struct chart *c = make_line();
			cairo_t *cr = cairo_create(s);
			struct diag d;

			diag_init(&d);
			cairo_scale(cr, 200.0 / 72, 200.0 / 72);
			CHECK(c && render_chart_cairo(c, cr, 1600 / 200.0 * 72, 1000 / 200.0 * 72,
						      "DejaVu Sans", &d) == 0);
			cairo_destroy(cr);
			chart_free(c);
		}
		CHECK_INT(render_png_write(s, 200, png_collect, &b), 0);
		CHECK(b.n > 57 && memcmp(b.p + 12, "IHDR", 4) == 0 && memcmp(b.p + 37, "pHYs", 4) == 0);
		CHECK(b.n > 12 && memcmp(b.p + b.n - 8, "IEND", 4) == 0);
		back = cairo_image_surface_create_from_png_stream(png_read_back, &b);
		CHECK_INT(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
		if (cairo_surface_status(back) == CAIRO_STATUS_SUCCESS) {
			const unsigned char *p = cairo_image_surface_get_data(s);
			const unsigned char *q = cairo_image_surface_get_data(back);
			int ps = cairo_image_surface_get_stride(s), qs = cairo_image_surface_get_stride(back);

			CHECK_INT(cairo_image_surface_get_width(back), w);
			CHECK_INT(cairo_image_surface_get_height(back), h);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					differ += (((const uint32_t *)(const void *)(p + y * ps))[x] & 0xFFFFFF) !=
						  (((const uint32_t *)(const void *)(q + y * qs))[x] & 0xFFFFFF);
			CHECK_INT(differ, 0);
		}
		cairo_surface_destroy(back);
		/* a failed write is an error, not a short file */
		CHECK_INT(render_png_write(s, 200, png_fail, NULL), -1);
		g_free(b.p);
		cairo_surface_destroy(s);
	}
}

int main(int argc, char **argv)
{
	const char *base = getenv("TMPDIR");

	if (argc == 4 && strcmp(argv[1], "--render") == 0) {
		enum render_format f;
		struct chart *c = make_line();
		struct diag d;
		int rc;

		diag_init(&d);
		rc = c && render_format_from_name(argv[2], &f) == 0 &&
		     render_chart(c, argv[3], f, NULL, &d) == 0;
		chart_free(c);

		return rc ? 0 : 1;
	}

	snprintf(tmpdir, sizeof tmpdir, "%s/test_render.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_formats();
	test_failures();
	test_text_and_cairo();
	test_crowded();
	test_other_process();
	test_png_writer();
	remove_tree(tmpdir);

	return tc_summary("test_render");
}
