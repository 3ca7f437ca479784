/* SPDX-License-Identifier: GPL-3.0-or-later */
/* clusterbench-gen: deterministic synthetic SME panel, cluster and regional datasets. */
#include "clusterbench/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#ifndef CB_VERSION
#define CB_VERSION "unknown"
#endif

/*
 * Everything the generator draws comes from GSL's mt19937 seeded from the
 * user's seed, in a fixed order, and every number is rounded to an integer
 * count of cents (or tenths) before it is formatted by our own integer
 * formatting: the same seed and arguments give the same bytes. The model and
 * its parameters are described in datasets/README.md; keep the two in step.
 */

#define DEFAULT_SEED 20110222UL
#define YEAR0 2009                  /* first panel year */
#define NYEARS 8                    /* 2009..2016 */
#define YEAR_PROG 2                 /* index of 2011, first programme year */
#define MAX_ROWS 100000000ULL       /* panel --rows upper bound */
#define OUTBUF_SIZE ((size_t)4 << 20)
#define ROW_MAX 1024                /* bound on one formatted row */
#define NPILOTS 5
#define NCLUSTERS 20
#define NPROVINCES 81
#define NSECTORS 24                 /* NACE Rev.2 divisions 10..33 */
#define USD_TRY_2010 1.50           /* 2010 average TRY per USD */

/* Random streams: one per output, so that changing one leaves the others. */
enum stream {
	STREAM_FIRMS = 1,
	STREAM_CLUSTERS = 2,
	STREAM_REGION = 3,
	STREAM_PANEL = 4
};

/* Missing-cell flags of one firm-year. */
enum {
	MISS_EMP = 1,
	MISS_TURNOVER = 2,
	MISS_EXPORT = 4,
	MISS_RND = 8
};

/*
 * Per-cell missing probabilities in units of 1/65536 (1.2 %, 2.2 %, 2.8 %,
 * 3.2 %): about 1 % of all cells of the panel.
 */
#define P_MISS_EMP 786
#define P_MISS_TURNOVER 1442
#define P_MISS_EXPORT 1835
#define P_MISS_RND 2097

/* Yearly exit hazard from 2012 on (members survive a little better). */
#define HAZARD_MEMBER 0.025
#define HAZARD_NONMEMBER 0.040

struct pilot {
	const char *code;   /* firm and cluster id prefix */
	const char *name;   /* Turkish spelling, as in datasets/provinces.csv */
	int plate;
};

static const struct pilot pilots[NPILOTS] = {
	{ "COR", "Çorum", 19 },
	{ "GAZ", "Gaziantep", 27 },
	{ "KAH", "Kahramanmaraş", 46 },
	{ "SAM", "Samsun", 55 },
	{ "TRA", "Trabzon", 61 },
};

/*
 * The 20 clusters. effect: programme effect on members' productivity in per
 * cent, reached in full in 2013 (net of the common trend). prod: 2010 median
 * turnover per employee, thousand TRY. size: median employees.
 */
struct cluster_def {
	const char *id;
	const char *name;
	int pilot;
	const char *sector;
	int nace;
	int firms;
	double member_share;
	double effect;
	double prod;
	double size;
	double p_export;
	double p_rnd;
};

static const struct cluster_def clusters[NCLUSTERS] = {
	{ "COR-MAC", "Çorum machinery", 0, "machinery", 28, 38, 0.47, 19, 210, 22, 0.40, 0.30 },
	{ "COR-BRK", "Çorum bricks and ceramics", 0, "ceramics", 23, 30, 0.40, 13, 170, 35, 0.15, 0.10 },
	{ "COR-FLR", "Çorum flour milling", 0, "food", 10, 28, 0.43, 3, 520, 20, 0.30, 0.08 },
	{ "COR-FOOD", "Çorum food", 0, "food", 10, 34, 0.44, 9, 260, 15, 0.20, 0.10 },
	{ "GAZ-TEX", "Gaziantep textiles and carpets", 1, "textiles", 13, 48, 0.48, 22, 240, 40, 0.65, 0.15 },
	{ "GAZ-FOOD", "Gaziantep food", 1, "food", 10, 38, 0.45, 14, 300, 20, 0.50, 0.12 },
	{ "GAZ-PLA", "Gaziantep plastics", 1, "plastics", 22, 36, 0.47, 18, 280, 25, 0.45, 0.20 },
	{ "GAZ-SHOE", "Gaziantep footwear", 1, "footwear", 15, 34, 0.41, 8, 140, 18, 0.35, 0.06 },
	{ "KAH-TEX", "Kahramanmaraş textiles and yarn", 2, "textiles", 13, 40, 0.48, 24, 230, 45, 0.55, 0.15 },
	{ "KAH-MKW", "Kahramanmaraş metal kitchenware", 2, "metal products", 25, 36, 0.46, 17, 190, 18, 0.45, 0.15 },
	{ "KAH-FOOD", "Kahramanmaraş food", 2, "food", 10, 32, 0.42, 7, 250, 14, 0.25, 0.08 },
	{ "KAH-APP", "Kahramanmaraş apparel", 2, "apparel", 14, 36, 0.44, 11, 110, 30, 0.45, 0.05 },
	{ "SAM-MED", "Samsun medical devices", 3, "medical devices", 32, 32, 0.50, 26, 220, 16, 0.45, 0.45 },
	{ "SAM-FUR", "Samsun furniture", 3, "furniture", 31, 36, 0.42, 10, 150, 15, 0.25, 0.08 },
	{ "SAM-AGM", "Samsun agricultural machinery", 3, "machinery", 28, 36, 0.46, 16, 200, 20, 0.40, 0.25 },
	{ "SAM-FOOD", "Samsun food", 3, "food", 10, 36, 0.43, 6, 270, 16, 0.20, 0.08 },
	{ "TRA-HAZ", "Trabzon hazelnut and food", 4, "food", 10, 42, 0.45, 12, 420, 18, 0.60, 0.10 },
	{ "TRA-FUR", "Trabzon furniture", 4, "furniture", 31, 32, 0.41, 4, 140, 12, 0.20, 0.06 },
	{ "TRA-MAR", "Trabzon marine", 4, "marine", 30, 26, 0.46, 9, 230, 22, 0.35, 0.20 },
	{ "TRA-JEW", "Trabzon jewellery", 4, "jewellery", 32, 30, 0.47, 20, 480, 8, 0.40, 0.05 },
};

/* Common real trend of log productivity (2010 = 0) and the programme ramp. */
static const double trend[NYEARS] = {
	-0.055, 0.0, 0.022, 0.030, 0.035, 0.047, 0.060, 0.072
};
static const double ramp[NYEARS] = { 0, 0, 0.35, 0.70, 1, 1, 1, 1 };

/*
 * The 81 provinces: plate, name and NUTS-2 code exactly as in
 * datasets/provinces.csv (tests/sh/datasets.sh checks this), and the modelled
 * 2010 manufacturing employment in thousands.
 */
struct province_def {
	int plate;
	const char *name;
	const char *nuts2;
	double size;
};

static const struct province_def provinces[NPROVINCES] = {
	{  1, "Adana", "TR62", 60 },
	{  2, "Adıyaman", "TRC1", 12 },
	{  3, "Afyonkarahisar", "TR33", 22 },
	{  4, "Ağrı", "TRA2", 2 },
	{  5, "Amasya", "TR83", 8 },
	{  6, "Ankara", "TR51", 150 },
	{  7, "Antalya", "TR61", 35 },
	{  8, "Artvin", "TR90", 2 },
	{  9, "Aydın", "TR32", 22 },
	{ 10, "Balıkesir", "TR22", 30 },
	{ 11, "Bilecik", "TR41", 14 },
	{ 12, "Bingöl", "TRB1", 1.5 },
	{ 13, "Bitlis", "TRB2", 1.5 },
	{ 14, "Bolu", "TR42", 14 },
	{ 15, "Burdur", "TR61", 8 },
	{ 16, "Bursa", "TR41", 270 },
	{ 17, "Çanakkale", "TR22", 12 },
	{ 18, "Çankırı", "TR82", 6 },
	{ 19, "Çorum", "TR83", 22 },
	{ 20, "Denizli", "TR32", 75 },
	{ 21, "Diyarbakır", "TRC2", 12 },
	{ 22, "Edirne", "TR21", 8 },
	{ 23, "Elazığ", "TRB1", 10 },
	{ 24, "Erzincan", "TRA1", 3 },
	{ 25, "Erzurum", "TRA1", 6 },
	{ 26, "Eskişehir", "TR41", 40 },
	{ 27, "Gaziantep", "TRC1", 110 },
	{ 28, "Giresun", "TR90", 6 },
	{ 29, "Gümüşhane", "TR90", 1 },
	{ 30, "Hakkari", "TRB2", 0.5 },
	{ 31, "Hatay", "TR63", 35 },
	{ 32, "Isparta", "TR61", 10 },
	{ 33, "Mersin", "TR62", 35 },
	{ 34, "İstanbul", "TR10", 950 },
	{ 35, "İzmir", "TR31", 200 },
	{ 36, "Kars", "TRA2", 1.5 },
	{ 37, "Kastamonu", "TR82", 8 },
	{ 38, "Kayseri", "TR72", 75 },
	{ 39, "Kırklareli", "TR21", 22 },
	{ 40, "Kırşehir", "TR71", 4 },
	{ 41, "Kocaeli", "TR42", 170 },
	{ 42, "Konya", "TR52", 95 },
	{ 43, "Kütahya", "TR33", 18 },
	{ 44, "Malatya", "TRB1", 18 },
	{ 45, "Manisa", "TR33", 75 },
	{ 46, "Kahramanmaraş", "TR63", 45 },
	{ 47, "Mardin", "TRC3", 6 },
	{ 48, "Muğla", "TR32", 8 },
	{ 49, "Muş", "TRB2", 1 },
	{ 50, "Nevşehir", "TR71", 6 },
	{ 51, "Niğde", "TR71", 7 },
	{ 52, "Ordu", "TR90", 9 },
	{ 53, "Rize", "TR90", 8 },
	{ 54, "Sakarya", "TR42", 50 },
	{ 55, "Samsun", "TR83", 30 },
	{ 56, "Siirt", "TRC3", 1 },
	{ 57, "Sinop", "TR82", 3 },
	{ 58, "Sivas", "TR72", 9 },
	{ 59, "Tekirdağ", "TR21", 120 },
	{ 60, "Tokat", "TR83", 7 },
	{ 61, "Trabzon", "TR90", 16 },
	{ 62, "Tunceli", "TRB1", 0.4 },
	{ 63, "Şanlıurfa", "TRC2", 12 },
	{ 64, "Uşak", "TR33", 20 },
	{ 65, "Van", "TRB2", 3 },
	{ 66, "Yozgat", "TR72", 6 },
	{ 67, "Zonguldak", "TR81", 18 },
	{ 68, "Aksaray", "TR71", 8 },
	{ 69, "Bayburt", "TRA1", 0.8 },
	{ 70, "Karaman", "TR52", 12 },
	{ 71, "Kırıkkale", "TR71", 8 },
	{ 72, "Batman", "TRC3", 5 },
	{ 73, "Şırnak", "TRC3", 1 },
	{ 74, "Bartın", "TR81", 4 },
	{ 75, "Ardahan", "TRA2", 0.3 },
	{ 76, "Iğdır", "TRA2", 0.6 },
	{ 77, "Yalova", "TR42", 10 },
	{ 78, "Karabük", "TR81", 14 },
	{ 79, "Kilis", "TRC1", 1.5 },
	{ 80, "Osmaniye", "TR63", 14 },
	{ 81, "Düzce", "TR42", 20 },
};

/*
 * NACE Rev.2 manufacturing divisions: short English name, modelled national
 * share of manufacturing employment in 2010 (per cent), yearly trend (per
 * cent) and the 2009 crisis level relative to the trend (log).
 */
struct sector_def {
	int nace;
	const char *name;
	double share;
	double growth;
	double crisis;
};

static const struct sector_def sectors[NSECTORS] = {
	{ 10, "food products", 13.0, 2.5, -0.01 },
	{ 11, "beverages", 0.8, 1.5, -0.02 },
	{ 12, "tobacco products", 0.4, -4.0, -0.02 },
	{ 13, "textiles", 12.0, 1.0, -0.10 },
	{ 14, "wearing apparel", 13.0, -0.5, -0.10 },
	{ 15, "leather and footwear", 2.2, 1.0, -0.06 },
	{ 16, "wood and cork products", 2.2, 1.5, -0.05 },
	{ 17, "paper products", 1.6, 3.0, -0.04 },
	{ 18, "printing and recorded media", 1.6, 1.5, -0.04 },
	{ 19, "coke and refined petroleum", 0.25, 0.0, -0.02 },
	{ 20, "chemicals", 2.2, 3.5, -0.04 },
	{ 21, "pharmaceuticals", 0.9, 2.0, -0.01 },
	{ 22, "rubber and plastics", 6.5, 4.5, -0.06 },
	{ 23, "non-metallic minerals", 6.5, 2.5, -0.06 },
	{ 24, "basic metals", 3.6, 2.5, -0.10 },
	{ 25, "fabricated metal products", 9.5, 4.5, -0.09 },
	{ 26, "computer and electronics", 1.2, 3.0, -0.06 },
	{ 27, "electrical equipment", 4.2, 4.5, -0.09 },
	{ 28, "machinery n.e.c.", 6.5, 4.0, -0.10 },
	{ 29, "motor vehicles", 5.5, 4.5, -0.12 },
	{ 30, "other transport equipment", 1.2, 4.0, -0.04 },
	{ 31, "furniture", 5.0, 5.0, -0.06 },
	{ 32, "other manufacturing", 1.6, 3.0, -0.05 },
	{ 33, "repair and installation", 1.8, 5.0, -0.03 },
};

/*
 * Regional specialisation: employment weight of a division in a province
 * relative to the national structure. Pilot-province rows come first; their
 * cells get little noise so that the cluster sectors keep LQ > 1.25.
 */
struct spec_def {
	int plate;
	int nace;
	double mult;
};

static const struct spec_def specs[] = {
	/* pilot provinces: the cluster sectors */
	{ 27, 13, 5.0 }, { 27, 10, 2.7 }, { 27, 22, 5.5 }, { 27, 15, 3.0 },
	{ 46, 13, 4.0 }, { 46, 14, 2.8 }, { 46, 25, 2.7 }, { 46, 10, 2.6 },
	{ 61, 10, 2.8 }, { 61, 31, 2.0 }, { 61, 30, 2.6 }, { 61, 32, 2.4 },
	{ 19, 23, 3.5 }, { 19, 28, 2.6 }, { 19, 10, 1.9 },
	{ 55, 32, 3.5 }, { 55, 31, 2.1 }, { 55, 28, 2.2 }, { 55, 10, 1.8 },
	/* the rest of Türkiye (modelled on the well-known industrial profiles) */
	{ 34, 14, 1.5 }, { 34, 18, 1.7 }, { 34, 20, 1.4 }, { 34, 21, 2.2 },
	{ 34, 26, 2.0 }, { 34, 15, 1.3 }, { 34, 32, 1.5 }, { 34, 13, 0.7 },
	{ 34, 10, 0.6 }, { 34, 23, 0.5 }, { 34, 24, 0.6 },
	{ 16, 29, 3.5 }, { 16, 13, 1.8 }, { 16, 22, 1.1 },
	{ 41, 19, 6.0 }, { 41, 20, 2.5 }, { 41, 24, 2.2 }, { 41, 29, 2.8 },
	{ 41, 22, 1.6 }, { 41, 17, 2.0 }, { 41, 14, 0.3 }, { 41, 13, 0.3 },
	{ 35, 10, 1.5 }, { 35, 11, 2.0 }, { 35, 12, 3.0 }, { 35, 22, 1.3 },
	{ 35, 27, 1.2 }, { 35, 24, 1.4 }, { 35, 19, 3.0 },
	{ 6, 28, 1.8 }, { 6, 30, 3.0 }, { 6, 26, 2.5 }, { 6, 27, 1.6 },
	{ 6, 33, 2.0 }, { 6, 13, 0.2 }, { 6, 14, 0.4 },
	{ 42, 28, 2.5 }, { 42, 29, 1.8 }, { 42, 25, 1.6 }, { 42, 10, 1.3 },
	{ 42, 13, 0.3 },
	{ 38, 31, 3.5 }, { 38, 27, 1.8 }, { 38, 13, 1.3 }, { 38, 24, 1.3 },
	{ 20, 13, 4.0 }, { 20, 14, 1.5 }, { 20, 24, 1.5 },
	{ 59, 13, 2.8 }, { 59, 14, 1.4 }, { 59, 10, 1.1 }, { 59, 24, 1.5 },
	{ 45, 27, 3.5 }, { 45, 26, 2.0 }, { 45, 10, 1.6 },
	{ 54, 29, 3.0 }, { 54, 30, 2.0 }, { 54, 10, 1.2 },
	{ 26, 30, 4.0 }, { 26, 27, 2.0 }, { 26, 23, 1.5 }, { 26, 28, 1.4 },
	{ 43, 23, 4.0 }, { 11, 23, 4.0 }, { 64, 13, 3.5 }, { 64, 15, 2.0 },
	{ 2, 13, 3.5 }, { 44, 13, 3.0 }, { 78, 24, 9.0 }, { 67, 24, 5.0 },
	{ 31, 24, 4.0 }, { 31, 10, 1.5 }, { 80, 24, 3.5 }, { 80, 10, 1.5 },
	{ 71, 19, 8.0 }, { 71, 25, 2.0 }, { 33, 10, 2.0 }, { 33, 20, 2.0 },
	{ 1, 13, 2.0 }, { 1, 10, 1.6 }, { 1, 22, 1.2 },
	{ 7, 10, 2.2 }, { 7, 23, 1.4 }, { 10, 10, 2.2 }, { 10, 23, 1.6 },
	{ 3, 10, 2.2 }, { 3, 23, 2.5 }, { 53, 10, 3.5 }, { 52, 10, 3.2 },
	{ 28, 10, 3.2 }, { 81, 22, 1.8 }, { 81, 10, 1.5 }, { 81, 16, 2.0 },
	{ 14, 10, 2.2 }, { 37, 16, 4.0 }, { 77, 30, 6.0 }, { 77, 20, 2.0 },
	{ 39, 13, 2.0 }, { 39, 23, 2.0 }, { 68, 29, 3.0 }, { 50, 23, 2.5 },
	{ 70, 10, 3.0 }, { 63, 13, 2.5 }, { 63, 10, 1.8 }, { 21, 10, 1.8 },
	{ 21, 23, 2.0 }, { 32, 13, 2.0 }, { 32, 23, 2.0 }, { 72, 19, 6.0 },
	{ 17, 10, 1.8 }, { 17, 23, 2.5 }, { 15, 10, 2.5 }, { 15, 23, 2.0 },
	{ 22, 10, 2.2 }, { 5, 23, 2.2 }, { 5, 10, 1.6 }, { 60, 10, 2.0 },
	{ 58, 30, 2.5 }, { 58, 23, 1.5 }, { 48, 10, 2.5 }, { 9, 10, 2.8 },
	{ 9, 13, 1.4 }, { 23, 23, 2.0 }, { 23, 10, 1.5 },
};

#define NSPECS (sizeof specs / sizeof specs[0])
#define PILOT_SPECS 19 /* the first rows of specs[] */
#define PILOT_OTHER_MULT 0.6 /* pilot provinces' divisions without a cluster */

/* Yearly employment trend of the pilot provinces (log); others are drawn. */
static const double pilot_growth[NPILOTS] = { 0.010, 0.025, 0.012, 0.006, 0.004 };

/* ---- command line ---------------------------------------------------- */

struct opts {
	const char *cmd;        /* "datasets" or "panel" */
	const char *dir;        /* datasets: output folder */
	unsigned long seed;
	int have_rows;
	unsigned long long rows;
	const char *output;     /* panel: file or "-" (stdout) */
};

static const char usage_text[] =
	"usage: clusterbench-gen datasets DIR [--seed S]\n"
	"       clusterbench-gen panel --rows N [--seed S] [--output FILE|-]\n"
	"       clusterbench-gen --help | --version\n"
	"\n"
	"Writes deterministic synthetic data shaped like the 2011-2013 SME clustering\n"
	"project of the five pilot provinces (see datasets/README.md).\n"
	"\n"
	"  datasets DIR     write sme_panel.csv, clusters.csv, region_sector_employment.csv\n"
	"                   and sme_panel_excel_tr.csv into DIR (each written to a\n"
	"                   temporary name and renamed when complete)\n"
	"  panel            write an SME panel in the sme schema with exactly N data rows\n"
	"  --rows N         number of data rows, 0 to 100000000\n"
	"  --seed S         random seed, 0 to 4294967295 (default 20110222)\n"
	"  --output FILE    panel output file, '-' for standard output (the default)\n"
	"\n"
	"The same seed and arguments always give the same bytes.\n"
	"Exit status: 0 success, 2 usage error, 3 I/O error, 4 internal error.\n";

/* Parses a decimal unsigned integer in [0, max]; 0 on success, -1 otherwise. */
static int parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/*
 * Returns the value of option NAME at argv[*i], either "--name=value" or
 * "--name value" (then *i advances), or NULL when argv[*i] is not NAME. A
 * missing value is a usage error recorded in d and *missing is set.
 */
static const char *option_value(int argc, char **argv, int *i, const char *name,
				int *missing, struct diag *d)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		diag_set(d, DIAG_USAGE, "option '%s' needs a value", name);
		return NULL;
	}
	(*i)++;
	return argv[*i];
}

/* Fills o from argv; returns 1 for --help/--version handled, 0 ok, -1 error. */
static int parse_args(int argc, char **argv, struct opts *o, struct diag *d)
{
	memset(o, 0, sizeof *o);
	o->seed = DEFAULT_SEED;
	o->output = "-";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 1;
		}
		if (!strcmp(argv[i], "--version")) {
			printf("clusterbench-gen %s\n", CB_VERSION);
			return 1;
		}
	}
	if (argc < 2)
		return diag_set(d, DIAG_USAGE, "missing command (use 'datasets' or 'panel'; see --help)");
	o->cmd = argv[1];
	if (strcmp(o->cmd, "datasets") && strcmp(o->cmd, "panel"))
		return diag_set(d, DIAG_USAGE, "unknown command '%s' (use 'datasets' or 'panel')", o->cmd);
	for (int i = 2; i < argc; i++) {
		const char *v;
		int missing = 0;
		unsigned long long u;

		if ((v = option_value(argc, argv, &i, "--seed", &missing, d))) {
			if (parse_uint(v, 4294967295ULL, &u))
				return diag_set(d, DIAG_USAGE, "--seed: expected an integer from 0 to 4294967295, got '%s'", v);
			o->seed = (unsigned long)u;
		} else if ((v = option_value(argc, argv, &i, "--rows", &missing, d))) {
			if (strcmp(o->cmd, "panel"))
				return diag_set(d, DIAG_USAGE, "option '--rows' is for 'panel' only");
			if (parse_uint(v, MAX_ROWS, &u))
				return diag_set(d, DIAG_USAGE, "--rows: expected an integer from 0 to %llu, got '%s'", MAX_ROWS, v);
			o->rows = u;
			o->have_rows = 1;
		} else if ((v = option_value(argc, argv, &i, "--output", &missing, d))) {
			if (strcmp(o->cmd, "panel"))
				return diag_set(d, DIAG_USAGE, "option '--output' is for 'panel' only (datasets takes DIR)");
			if (!*v)
				return diag_set(d, DIAG_USAGE, "--output: empty file name");
			o->output = v;
		} else if (missing) {
			return -1;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return diag_set(d, DIAG_USAGE, "unknown option '%s' (see --help)", argv[i]);
		} else if (!strcmp(o->cmd, "datasets") && !o->dir) {
			o->dir = argv[i];
		} else {
			return diag_set(d, DIAG_USAGE, "unexpected argument '%s' (see --help)", argv[i]);
		}
	}
	if (!strcmp(o->cmd, "datasets") && (!o->dir || !*o->dir))
		return diag_set(d, DIAG_USAGE, "'datasets' needs an output folder: clusterbench-gen datasets DIR");
	if (!strcmp(o->cmd, "panel") && !o->have_rows)
		return diag_set(d, DIAG_USAGE, "'panel' needs --rows N");
	return 0;
}

/* ---- output: buffered writes to a temporary file renamed when complete -- */

struct sink {
	int fd;
	int is_stdout;
	int direct;                   /* an existing device or FIFO: no rename */
	int sync;                     /* fsync before the rename */
	char *buf;
	size_t len, cap;
	char path[DIAG_PATH_MAX];     /* final name, for messages */
	char tmp[DIAG_PATH_MAX];      /* temporary name, "" for stdout */
};

/*
 * Opens a sink writing NAME in folder DIR (DIR NULL: NAME is the whole path;
 * NAME "-": standard output). Files go to a hidden temporary name in the same
 * folder (mkstemp), so that sink_commit can rename() atomically. An existing
 * path that is not a regular file (/dev/null, a FIFO) is written in place:
 * renaming over it would replace the device. Allocates the buffer. Errors:
 * DIAG_IO with the path.
 */
static int sink_open(struct sink *s, const char *dir, const char *name, struct diag *d)
{
	char folder[DIAG_PATH_MAX];
	const char *base;
	struct stat st;
	mode_t mask;
	int n;

	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->cap = OUTBUF_SIZE;
	s->buf = malloc(s->cap);
	if (!s->buf)
		return diag_set(d, DIAG_IO, "out of memory for the output buffer");
	if (!dir && !strcmp(name, "-")) {
		s->fd = STDOUT_FILENO;
		s->is_stdout = 1;
		snprintf(s->path, sizeof s->path, "%s", "<stdout>");
		return 0;
	}
	if (dir) {
		n = snprintf(s->path, sizeof s->path, "%s/%s", dir, name);
		base = name;
		snprintf(folder, sizeof folder, "%s", dir);
	} else {
		const char *slash = strrchr(name, '/');

		n = snprintf(s->path, sizeof s->path, "%s", name);
		if (slash) {
			base = slash + 1;
			if (slash == name)
				snprintf(folder, sizeof folder, "/");
			else
				snprintf(folder, sizeof folder, "%.*s", (int)(slash - name), name);
		} else {
			base = name;
			snprintf(folder, sizeof folder, ".");
		}
	}
	if (n < 0 || (size_t)n >= sizeof s->path)
		return diag_set(d, DIAG_USAGE, "output path too long");
	if (!*base)
		return diag_set(d, DIAG_USAGE, "output '%s' names a folder, not a file", s->path);
	if (stat(s->path, &st) == 0 && S_ISDIR(st.st_mode))
		return diag_set(d, DIAG_USAGE, "output '%s' names a folder, not a file", s->path);
	if (stat(s->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		s->fd = open(s->path, O_WRONLY);
		if (s->fd < 0) {
			diag_set_path(d, s->path);
			return diag_set_errno(d, DIAG_IO, errno, "cannot open for writing");
		}
		s->direct = 1;
		return 0;
	}
	n = snprintf(s->tmp, sizeof s->tmp, "%s/.%s.XXXXXX", folder, base);
	if (n < 0 || (size_t)n >= sizeof s->tmp) {
		s->tmp[0] = '\0'; /* never unlink a truncated name */
		return diag_set(d, DIAG_USAGE, "output path too long");
	}
	s->fd = mkstemp(s->tmp);
	if (s->fd < 0) {
		int err = errno;

		s->tmp[0] = '\0';
		diag_set_errno(d, DIAG_IO, err, "cannot create a temporary file in '%s'", folder);
		return -1;
	}
	/* mkstemp makes 0600; give the file the usual permissions. */
	mask = umask(0);
	umask(mask);
	if (fchmod(s->fd, 0666 & ~mask) != 0) {
		diag_set_path(d, s->tmp);
		return diag_set_errno(d, DIAG_IO, errno, "cannot set permissions");
	}
	return 0;
}

/* Writes the buffered bytes; errors: DIAG_IO with the path. */
static int sink_flush(struct sink *s, struct diag *d)
{
	size_t off = 0;

	while (off < s->len) {
		ssize_t w = write(s->fd, s->buf + off, s->len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			diag_set_path(d, s->path);
			return diag_set_errno(d, DIAG_IO, errno, "write failed");
		}
		off += (size_t)w;
	}
	s->len = 0;
	return 0;
}

/* Makes room for at least ROW_MAX bytes; returns the write position or NULL. */
static char *sink_room(struct sink *s, struct diag *d)
{
	if (s->cap - s->len < ROW_MAX && sink_flush(s, d))
		return NULL;
	return s->buf + s->len;
}

static void sink_advance(struct sink *s, const char *end)
{
	s->len = (size_t)(end - s->buf);
}

/*
 * Flushes, closes and renames the temporary file to its final name (for
 * stdout: flushes only). With s->sync the file is fsync'ed first, so that
 * even after a system crash the final name never shows an incomplete file
 * (the small committed datasets); a large benchmark panel skips that cost:
 * an interrupted run still leaves no file under the final name. Frees the
 * buffer. Errors: DIAG_IO.
 */
static int sink_commit(struct sink *s, struct diag *d)
{
	int rc = sink_flush(s, d);

	free(s->buf);
	s->buf = NULL;
	if (s->is_stdout)
		return rc;
	if (s->direct) {
		if (close(s->fd) != 0 && !rc) {
			diag_set_path(d, s->path);
			rc = diag_set_errno(d, DIAG_IO, errno, "close failed");
		}
		s->fd = -1;
		return rc;
	}
	if (!rc && s->sync && fsync(s->fd) != 0 && errno != EINVAL) {
		diag_set_path(d, s->path);
		rc = diag_set_errno(d, DIAG_IO, errno, "fsync failed");
	}
	if (close(s->fd) != 0 && !rc) {
		diag_set_path(d, s->path);
		rc = diag_set_errno(d, DIAG_IO, errno, "close failed");
	}
	s->fd = -1;
	if (!rc && rename(s->tmp, s->path) != 0) {
		diag_set_path(d, s->path);
		rc = diag_set_errno(d, DIAG_IO, errno, "cannot rename '%s'", s->tmp);
	}
	if (rc)
		unlink(s->tmp);
	s->tmp[0] = '\0';
	return rc;
}

/* Abandons a sink: closes and removes the temporary file. */
static void sink_abort(struct sink *s)
{
	free(s->buf);
	s->buf = NULL;
	if (!s->is_stdout && s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->tmp[0])
		unlink(s->tmp);
	s->tmp[0] = '\0';
}

/* ---- number formatting (no printf in the row loops) ------------------- */

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* Decimal digits of v, at least width of them (zero-padded). */
static char *put_u64_width(char *p, uint64_t v, int width)
{
	char tmp[24];
	char *q = tmp + sizeof tmp;
	size_t n;

	while (v >= 100) {
		q -= 2;
		memcpy(q, digit_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		q -= 2;
		memcpy(q, digit_pairs + 2 * v, 2);
	} else {
		*--q = (char)('0' + v);
	}
	while (q > tmp && tmp + sizeof tmp - q < width)
		*--q = '0';
	n = (size_t)(tmp + sizeof tmp - q);
	memcpy(p, q, n);
	return p + n;
}

static char *put_u64(char *p, uint64_t v)
{
	return put_u64_width(p, v, 1);
}

static char *put_i64(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		return put_u64(p, (uint64_t)0 - (uint64_t)v);
	}
	return put_u64(p, (uint64_t)v);
}

/* v hundredths as "123.45" (dec '.') or Turkish "1.234,56" (thousands '.'). */
static char *put_fixed2(char *p, int64_t v, int turkish)
{
	uint64_t a, whole;

	if (v < 0) {
		*p++ = '-';
		a = (uint64_t)0 - (uint64_t)v;
	} else {
		a = (uint64_t)v;
	}
	whole = a / 100;
	if (turkish) {
		char tmp[32];
		int n = 0, digits = 0;

		do {
			if (digits && digits % 3 == 0)
				tmp[n++] = '.';
			tmp[n++] = (char)('0' + whole % 10);
			whole /= 10;
			digits++;
		} while (whole);
		while (n)
			*p++ = tmp[--n];
		*p++ = ',';
	} else {
		p = put_u64(p, whole);
		*p++ = '.';
	}
	memcpy(p, digit_pairs + 2 * (a % 100), 2);
	return p + 2;
}

/* v tenths as "12.3". */
static char *put_fixed1(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		v = -v;
	}
	p = put_u64(p, (uint64_t)(v / 10));
	*p++ = '.';
	*p++ = (char)('0' + v % 10);
	return p;
}

/*
 * UTF-8 to Windows-1254 for the characters our names use (the Turkish
 * letters; ASCII passes through). Returns 0, or -1 for a character outside
 * the table (a bug: every name is in this file).
 */
static int to_cp1254(const char *in, char *out, size_t size)
{
	static const struct {
		unsigned cp;
		unsigned char byte;
	} map[] = {
		{ 0x00C7, 0xC7 }, { 0x00E7, 0xE7 }, { 0x011E, 0xD0 }, { 0x011F, 0xF0 },
		{ 0x0130, 0xDD }, { 0x0131, 0xFD }, { 0x00D6, 0xD6 }, { 0x00F6, 0xF6 },
		{ 0x015E, 0xDE }, { 0x015F, 0xFE }, { 0x00DC, 0xDC }, { 0x00FC, 0xFC },
	};
	const unsigned char *s = (const unsigned char *)in;
	size_t n = 0;

	while (*s) {
		unsigned cp;
		size_t k;

		if (*s < 0x80) {
			cp = *s++;
		} else if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
			cp = ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
			s += 2;
		} else {
			return -1;
		}
		if (n + 1 >= size)
			return -1;
		if (cp < 0x80) {
			out[n++] = (char)cp;
			continue;
		}
		for (k = 0; k < sizeof map / sizeof map[0]; k++)
			if (map[k].cp == cp)
				break;
		if (k == sizeof map / sizeof map[0])
			return -1;
		out[n++] = (char)map[k].byte;
	}
	out[n] = '\0';
	return 0;
}

/* ---- random numbers ---------------------------------------------------- */

/* splitmix64 finaliser: spreads (seed, stream) over the 32-bit seed space. */
static unsigned long stream_seed(unsigned long seed, enum stream k)
{
	uint64_t z = (uint64_t)seed * 8 + (uint64_t)k + 0x9E3779B97F4A7C15ULL;

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return (unsigned long)(z & 0xFFFFFFFFUL);
}

static gsl_rng *rng_create(unsigned long seed, enum stream k, struct diag *d)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	if (!r) {
		diag_set(d, DIAG_IO, "out of memory for the random number generator");
		return NULL;
	}
	gsl_rng_set(r, stream_seed(seed, k));
	return r;
}

static double gauss(gsl_rng *r)
{
	return gsl_ran_gaussian_ziggurat(r, 1.0);
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* ---- the firm model ---------------------------------------------------- */

struct firm_year {
	int32_t emp;          /* employees */
	int64_t turnover;     /* TRY cents, constant 2010 prices */
	int64_t exports;      /* USD cents */
	int64_t rnd;          /* TRY cents */
	unsigned char miss;   /* MISS_* */
};

struct firm {
	int cluster;
	int member;
	int nyears;           /* rows for YEAR0 .. YEAR0 + nyears - 1 */
	unsigned long number; /* firm number within the province */
	struct firm_year y[NYEARS];
};

/*
 * Draws one firm of cluster c (member or comparison firm) for all years. The
 * model, on the log scale: size and productivity have firm fixed effects;
 * productivity follows the common trend plus, for members, the cluster's
 * programme effect (with firm heterogeneity) times the ramp; exports are a
 * share of turnover that the programme raises further; R&D is a share of
 * turnover for R&D-active firms. Draws the same variates whatever the exit
 * year, so later firms do not depend on earlier firms' exits.
 */
static void firm_draw(gsl_rng *r, int c, int member, struct firm *f)
{
	const struct cluster_def *cd = &clusters[c];
	double ln_size, ln_emp, fe, eff, s0, rnd_level, logit, p;
	int exporter, export_from, rnd_active, rnd_from;
	double hazard = member ? HAZARD_MEMBER : HAZARD_NONMEMBER;

	f->cluster = c;
	f->member = member;
	ln_size = log(cd->size) + 0.8 * gauss(r) + (member ? 0.15 : 0.0);
	ln_size = clampd(ln_size, 0.0, log(230.0));
	fe = 0.40 * gauss(r) + (member ? 0.05 : 0.0);
	eff = log1p(cd->effect / 100.0) + 0.06 * gauss(r);
	if (!member)
		eff = 0.0;

	logit = log(cd->p_export / (1.0 - cd->p_export)) + 0.6 * (ln_size - log(cd->size));
	p = 1.0 / (1.0 + exp(-logit));
	exporter = gsl_rng_uniform(r) < p;
	s0 = gsl_ran_beta(r, 2.0, 4.0);
	export_from = exporter ? 0 : NYEARS;
	{
		double u = gsl_rng_uniform(r), v = gsl_rng_uniform(r);

		/* Some non-exporting members start exporting during the programme. */
		if (member && !exporter && u < 0.20) {
			export_from = v < 0.5 ? 3 : 4;
			s0 *= 0.4;
		}
	}

	logit = log(cd->p_rnd / (1.0 - cd->p_rnd)) + 0.5 * (ln_size - log(cd->size));
	p = 1.0 / (1.0 + exp(-logit));
	rnd_active = gsl_rng_uniform(r) < p;
	rnd_from = rnd_active ? 0 : NYEARS;
	if (member && !rnd_active && gsl_rng_uniform(r) < 0.20)
		rnd_from = 3;
	rnd_level = log(0.012) + 0.5 * gauss(r);

	f->nyears = NYEARS;
	for (int t = 3; t < NYEARS; t++) {
		double u = gsl_rng_uniform(r);

		if (f->nyears == NYEARS && u < hazard)
			f->nyears = t;
	}

	ln_emp = ln_size;
	for (int t = 0; t < NYEARS; t++) {
		struct firm_year *y = &f->y[t];
		double e, lp, share, z_emp, z_prod, z_exp, z_rnd, u_rnd;
		unsigned long m1, m2;
		long emp;

		z_emp = gauss(r);
		z_prod = gauss(r);
		z_exp = gauss(r);
		z_rnd = gauss(r);
		u_rnd = gsl_rng_uniform(r);
		/* Two 32-bit draws give four 16-bit uniforms for the missing cells. */
		m1 = gsl_rng_get(r);
		m2 = gsl_rng_get(r);

		if (t > 0)
			ln_emp += 0.012 + 0.06 * z_emp;
		emp = lround(exp(ln_emp));
		y->emp = (int32_t)(emp < 1 ? 1 : emp > 249 ? 249 : emp);

		lp = log(cd->prod) + fe + trend[t] + ramp[t] * eff + 0.09 * z_prod;
		e = exp(lp) * 1e5 * (double)y->emp; /* thousand TRY -> cents */
		y->turnover = llround(e);

		if (t >= export_from) {
			share = s0 * exp(0.8 * ramp[t] * eff + 0.15 * z_exp);
			share = clampd(share, 0.0, 0.95);
			y->exports = llround(share * (double)y->turnover / USD_TRY_2010);
		} else {
			y->exports = 0;
		}

		if (t >= rnd_from && u_rnd < 0.85) {
			double rs = exp(rnd_level + 0.3 * z_rnd + (member ? 0.3 * ramp[t] : 0.0));

			y->rnd = llround(clampd(rs, 0.0, 0.10) * (double)y->turnover);
		} else {
			y->rnd = 0;
		}

		y->miss = 0;
		if ((m1 & 0xFFFF) < P_MISS_EMP)
			y->miss |= MISS_EMP;
		if (((m1 >> 16) & 0xFFFF) < P_MISS_TURNOVER)
			y->miss |= MISS_TURNOVER;
		if ((m2 & 0xFFFF) < P_MISS_EXPORT)
			y->miss |= MISS_EXPORT;
		if (((m2 >> 16) & 0xFFFF) < P_MISS_RND)
			y->miss |= MISS_RND;
	}
}

/* ---- panel rows -------------------------------------------------------- */

static const char sme_header[] =
	"firm_id,province,cluster_id,cluster,sector,nace,year,member,employees,"
	"turnover_try,export_usd,rnd_spend_try,productivity";

/* The constant middle of a row per cluster: ",province,...,nace,". */
struct row_prefixes {
	char utf8[NCLUSTERS][192];
	char cp1254[NCLUSTERS][192];
	size_t utf8_len[NCLUSTERS];
	size_t cp1254_len[NCLUSTERS];
};

static int row_prefixes_init(struct row_prefixes *rp, struct diag *d)
{
	for (int c = 0; c < NCLUSTERS; c++) {
		const struct cluster_def *cd = &clusters[c];
		char tr[192];

		snprintf(rp->utf8[c], sizeof rp->utf8[c], ",%s,%s,%s,%s,%d,",
			 pilots[cd->pilot].name, cd->id, cd->name, cd->sector, cd->nace);
		snprintf(tr, sizeof tr, ";%s;%s;%s;%s;%d;",
			 pilots[cd->pilot].name, cd->id, cd->name, cd->sector, cd->nace);
		if (to_cp1254(tr, rp->cp1254[c], sizeof rp->cp1254[c]))
			return diag_set(d, DIAG_INTERNAL, "cluster '%s': name not representable in windows-1254", cd->id);
		rp->utf8_len[c] = strlen(rp->utf8[c]);
		rp->cp1254_len[c] = strlen(rp->cp1254[c]);
	}
	return 0;
}

/*
 * Formats one panel row of firm f, year index t at p; turkish selects the
 * Turkish-Excel dialect (';', decimal comma, thousands '.', CRLF; the prefix
 * already in Windows-1254). Productivity = turnover / employees in thousand
 * TRY, rounded half up in integer arithmetic; empty when either is missing.
 */
static char *put_panel_row(char *p, const struct firm *f, int t, int idwidth,
			   const struct row_prefixes *rp, int turkish)
{
	const struct firm_year *y = &f->y[t];
	const struct cluster_def *cd = &clusters[f->cluster];
	char sep = turkish ? ';' : ',';

	memcpy(p, pilots[cd->pilot].code, 3); /* every code has 3 letters */
	p[3] = '-';
	p = put_u64_width(p + 4, f->number, idwidth);
	if (turkish) {
		memcpy(p, rp->cp1254[f->cluster], rp->cp1254_len[f->cluster]);
		p += rp->cp1254_len[f->cluster];
	} else {
		memcpy(p, rp->utf8[f->cluster], rp->utf8_len[f->cluster]);
		p += rp->utf8_len[f->cluster];
	}
	p = put_u64(p, (uint64_t)(YEAR0 + t));
	*p++ = sep;
	*p++ = f->member ? '1' : '0';
	*p++ = sep;
	if (!(y->miss & MISS_EMP))
		p = put_u64(p, (uint64_t)y->emp);
	*p++ = sep;
	if (!(y->miss & MISS_TURNOVER))
		p = put_fixed2(p, y->turnover, turkish);
	*p++ = sep;
	if (!(y->miss & MISS_EXPORT))
		p = put_fixed2(p, y->exports, turkish);
	*p++ = sep;
	if (!(y->miss & MISS_RND))
		p = put_fixed2(p, y->rnd, turkish);
	*p++ = sep;
	if (!(y->miss & (MISS_EMP | MISS_TURNOVER))) {
		int64_t div = (int64_t)1000 * y->emp;

		p = put_fixed2(p, (y->turnover + div / 2) / div, turkish);
	}
	if (turkish)
		*p++ = '\r';
	*p++ = '\n';
	return p;
}

/* Number of decimal digits of v (at least 1). */
static int ndigits(unsigned long long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/*
 * panel --rows N: firms drawn one after the other (cluster by the datasets'
 * firm counts, member with the cluster's member share), each firm's rows
 * 2009..exit, until exactly N rows are written. Firm ids are numbered per
 * province, zero-padded to max(4, digits of N) digits.
 */
static int cmd_panel(const struct opts *o, struct diag *d)
{
	struct row_prefixes rp;
	struct sink s;
	gsl_rng *r = NULL;
	gsl_ran_discrete_t *pick = NULL;
	double weights[NCLUSTERS];
	unsigned long counter[NPILOTS] = { 0 };
	unsigned long long left = o->rows;
	int idwidth = ndigits(o->rows) > 4 ? ndigits(o->rows) : 4;
	char *p;

	if (row_prefixes_init(&rp, d))
		return -1;
	if (sink_open(&s, NULL, o->output, d))
		goto fail;
	r = rng_create(o->seed, STREAM_PANEL, d);
	if (!r)
		goto fail;
	for (int c = 0; c < NCLUSTERS; c++)
		weights[c] = clusters[c].firms;
	pick = gsl_ran_discrete_preproc(NCLUSTERS, weights);
	if (!pick) {
		diag_set(d, DIAG_IO, "out of memory");
		goto fail;
	}
	p = sink_room(&s, d);
	if (!p)
		goto fail;
	p = put_str(p, sme_header);
	*p++ = '\n';
	sink_advance(&s, p);
	while (left > 0) {
		struct firm f;
		int c = (int)gsl_ran_discrete(r, pick);
		int member = gsl_rng_uniform(r) < clusters[c].member_share;

		firm_draw(r, c, member, &f);
		f.number = ++counter[clusters[c].pilot];
		for (int t = 0; t < f.nyears && left > 0; t++, left--) {
			p = sink_room(&s, d);
			if (!p)
				goto fail;
			sink_advance(&s, put_panel_row(p, &f, t, idwidth, &rp, 0));
		}
	}
	gsl_ran_discrete_free(pick);
	gsl_rng_free(r);
	return sink_commit(&s, d);
fail:
	gsl_ran_discrete_free(pick);
	gsl_rng_free(r);
	sink_abort(&s);
	return -1;
}

/* ---- the default datasets ---------------------------------------------- */

/*
 * Draws the firms of the default panel: clusters[c].firms firms per cluster,
 * round(firms * member_share) of them members (which ones: a random
 * shuffle), numbered per province in cluster order. Returns a malloc'ed
 * array of *n firms (caller frees) or NULL with d set.
 */
static struct firm *datasets_firms(unsigned long seed, size_t *n, struct diag *d)
{
	struct firm *firms;
	size_t total = 0, k = 0;
	unsigned long counter[NPILOTS] = { 0 };
	gsl_rng *r;

	for (int c = 0; c < NCLUSTERS; c++)
		total += (size_t)clusters[c].firms;
	firms = calloc(total, sizeof *firms);
	if (!firms) {
		diag_set(d, DIAG_IO, "out of memory");
		return NULL;
	}
	r = rng_create(seed, STREAM_FIRMS, d);
	if (!r) {
		free(firms);
		return NULL;
	}
	for (int c = 0; c < NCLUSTERS; c++) {
		int nf = clusters[c].firms;
		int nm = (int)lround(nf * clusters[c].member_share);
		int flags[64];

		if (nf > 64) {
			gsl_rng_free(r);
			free(firms);
			diag_set(d, DIAG_INTERNAL, "cluster '%s': too many firms", clusters[c].id);
			return NULL;
		}
		for (int i = 0; i < nf; i++)
			flags[i] = i < nm;
		gsl_ran_shuffle(r, flags, (size_t)nf, sizeof flags[0]);
		for (int i = 0; i < nf; i++, k++) {
			firm_draw(r, c, flags[i], &firms[k]);
			firms[k].number = ++counter[clusters[c].pilot];
		}
	}
	gsl_rng_free(r);
	*n = total;
	return firms;
}

/* sme_panel.csv (all years) or sme_panel_excel_tr.csv (2012-2013). */
static int write_panel_file(const char *dir, const char *name, const struct firm *firms,
			    size_t n, int turkish, struct diag *d)
{
	struct row_prefixes rp;
	struct sink s;
	char *p;

	if (row_prefixes_init(&rp, d))
		return -1;
	if (sink_open(&s, dir, name, d))
		goto fail;
	s.sync = 1;
	p = sink_room(&s, d);
	if (!p)
		goto fail;
	if (turkish) {
		for (const char *h = sme_header; *h; h++)
			*p++ = *h == ',' ? ';' : *h;
		*p++ = '\r';
	} else {
		p = put_str(p, sme_header);
	}
	*p++ = '\n';
	sink_advance(&s, p);
	for (size_t i = 0; i < n; i++) {
		int from = turkish ? 2012 - YEAR0 : 0;
		int to = turkish ? 2013 - YEAR0 + 1 : NYEARS;

		for (int t = from; t < to && t < firms[i].nyears; t++) {
			p = sink_room(&s, d);
			if (!p)
				goto fail;
			sink_advance(&s, put_panel_row(p, &firms[i], t, 4, &rp, turkish));
		}
	}
	return sink_commit(&s, d);
fail:
	sink_abort(&s);
	return -1;
}

/*
 * clusters.csv: one row per cluster and year 2011-2016. Economic columns are
 * the sums over the panel's member firms present that year (true values,
 * before cells were blanked), scaled up to member_firms, which adds members
 * that joined after the baseline survey. Activity counts and the six
 * benchmarking scores follow a cluster "strength" that grows with the
 * cluster's programme effect, peaking in the programme years.
 */
static int write_clusters_file(const char *dir, unsigned long seed, const struct firm *firms,
			       size_t n, struct diag *d)
{
	static const char header[] =
		"cluster_id,cluster,province,sector,nace,year,member_firms,employment,"
		"turnover_try,exports_usd,rnd_spend_try,joint_projects,training_hours,"
		"b2b_meetings,university_partners,shared_facilities,new_products,"
		"score_structure,score_governance,score_financing,score_services,"
		"score_interaction,score_achievements";
	/* Activity intensity by year 2011..2016 and score offsets by area. */
	static const double intensity[6] = { 0.5, 0.9, 1.0, 0.75, 0.7, 0.7 };
	static const double progress[6] = { 0.0, 1.0, 2.0, 2.6, 3.1, 3.5 };
	static const double area_offset[6] = { 5, 0, -10, -3, 2, -8 };
	struct sink s;
	gsl_rng *r = NULL;
	double emin = 1e9, emax = -1e9;
	char *p;

	if (sink_open(&s, dir, "clusters.csv", d))
		goto fail;
	s.sync = 1;
	r = rng_create(seed, STREAM_CLUSTERS, d);
	if (!r)
		goto fail;
	p = sink_room(&s, d);
	if (!p)
		goto fail;
	p = put_str(p, header);
	*p++ = '\n';
	sink_advance(&s, p);
	for (int c = 0; c < NCLUSTERS; c++) {
		emin = fmin(emin, clusters[c].effect);
		emax = fmax(emax, clusters[c].effect);
	}
	for (int c = 0; c < NCLUSTERS; c++) {
		const struct cluster_def *cd = &clusters[c];
		double strength = 0.15 + 0.85 * (cd->effect - emin) / (emax - emin);
		double base[6];
		long newcomers = 0, universities, facilities;

		strength = clampd(strength + 0.08 * gauss(r), 0.05, 1.0);
		for (int a = 0; a < 6; a++)
			base[a] = 28.0 + 22.0 * strength + area_offset[a] + 4.0 * gauss(r);
		universities = (long)gsl_ran_poisson(r, 0.5 + 1.5 * strength);
		facilities = gsl_rng_uniform(r) < 0.2 + 0.3 * strength;
		for (int k = 0; k < 6; k++) {
			int t = YEAR_PROG + k;
			long members = 0, firms_total, jp, hours, b2b, products;
			int64_t emp = 0, turnover = 0, exports = 0, rnd = 0;
			double scale, inten = intensity[k];

			for (size_t i = 0; i < n; i++) {
				const struct firm *f = &firms[i];

				if (f->cluster != c || !f->member || f->nyears <= t)
					continue;
				members++;
				emp += f->y[t].emp;
				turnover += f->y[t].turnover;
				exports += f->y[t].exports;
				rnd += f->y[t].rnd;
			}
			if (k > 0) {
				newcomers += (long)gsl_ran_poisson(r, 0.4 + 1.4 * strength);
				universities += (long)gsl_ran_poisson(r, 0.5 * strength * inten);
				facilities += gsl_rng_uniform(r) < 0.25 * strength * inten;
			}
			firms_total = members + newcomers;
			scale = members ? (double)firms_total / (double)members : 0.0;
			jp = (long)gsl_ran_poisson(r, 0.5 + 5.0 * strength * inten);
			hours = lround((double)firms_total * (6.0 + 24.0 * strength * inten) *
				       exp(0.2 * gauss(r)));
			b2b = (long)gsl_ran_poisson(r, 4.0 + 40.0 * strength * inten);
			products = (long)gsl_ran_poisson(r, (double)firms_total * 0.08 *
							 (1.0 + 2.0 * strength * inten));

			p = sink_room(&s, d);
			if (!p)
				goto fail;
			p = put_str(p, cd->id);
			*p++ = ',';
			p = put_str(p, cd->name);
			*p++ = ',';
			p = put_str(p, pilots[cd->pilot].name);
			*p++ = ',';
			p = put_str(p, cd->sector);
			*p++ = ',';
			p = put_u64(p, (uint64_t)cd->nace);
			*p++ = ',';
			p = put_u64(p, (uint64_t)(YEAR0 + t));
			*p++ = ',';
			p = put_i64(p, firms_total);
			*p++ = ',';
			p = put_i64(p, llround((double)emp * scale));
			*p++ = ',';
			p = put_fixed2(p, llround((double)turnover * scale), 0);
			*p++ = ',';
			p = put_fixed2(p, llround((double)exports * scale), 0);
			*p++ = ',';
			p = put_fixed2(p, llround((double)rnd * scale), 0);
			*p++ = ',';
			p = put_i64(p, jp);
			*p++ = ',';
			p = put_i64(p, hours);
			*p++ = ',';
			p = put_i64(p, b2b);
			*p++ = ',';
			p = put_i64(p, universities);
			*p++ = ',';
			p = put_i64(p, facilities);
			*p++ = ',';
			p = put_i64(p, products);
			for (int a = 0; a < 6; a++) {
				double sc = base[a] + progress[k] * (3.0 + 5.0 * strength) +
					    1.5 * gauss(r);

				*p++ = ',';
				p = put_fixed1(p, llround(clampd(sc, 0.0, 100.0) * 10.0));
			}
			*p++ = '\n';
			sink_advance(&s, p);
		}
	}
	gsl_rng_free(r);
	return sink_commit(&s, d);
fail:
	gsl_rng_free(r);
	sink_abort(&s);
	return -1;
}

/*
 * The specialisation multiplier of a cell: from specs[], else 1, except in
 * the pilot provinces where the divisions without a cluster weigh less.
 */
static double spec_mult(int plate, int nace, int pilot, int *pilot_cell)
{
	*pilot_cell = 0;
	for (size_t i = 0; i < NSPECS; i++) {
		if (specs[i].plate == plate && specs[i].nace == nace) {
			*pilot_cell = i < PILOT_SPECS;
			return specs[i].mult;
		}
	}
	return pilot ? PILOT_OTHER_MULT : 1.0;
}

static int pilot_index(int plate)
{
	for (int i = 0; i < NPILOTS; i++)
		if (pilots[i].plate == plate)
			return i;
	return -1;
}

/*
 * region_sector_employment.csv: 81 provinces x divisions 10-33 x 2009-2016.
 * A province's 2010 total is its modelled size; it is spread over divisions
 * by national share x specialisation x log-normal noise; each cell then grows
 * by sector + province + cell trends, with the 2009 crisis dip and a little
 * yearly noise. Rare divisions are absent (0) in about half of the small
 * provinces. There is no national row: Türkiye is the sum of the provinces.
 */
static int write_region_file(const char *dir, unsigned long seed, struct diag *d)
{
	static const char header[] = "province,plate,nuts2,nace,sector,year,employment";
	struct sink s;
	gsl_rng *r = NULL;
	char *p;

	if (sink_open(&s, dir, "region_sector_employment.csv", d))
		goto fail;
	s.sync = 1;
	r = rng_create(seed, STREAM_REGION, d);
	if (!r)
		goto fail;
	p = sink_room(&s, d);
	if (!p)
		goto fail;
	p = put_str(p, header);
	*p++ = '\n';
	sink_advance(&s, p);
	for (int i = 0; i < NPROVINCES; i++) {
		const struct province_def *pd = &provinces[i];
		int pi = pilot_index(pd->plate);
		double w[NSECTORS], cell_trend[NSECTORS], wsum = 0.0, ptrend;

		ptrend = 0.005 + 0.012 * gauss(r);
		if (pi >= 0)
			ptrend = pilot_growth[pi];
		for (int k = 0; k < NSECTORS; k++) {
			int pilot_cell;
			double mult = spec_mult(pd->plate, sectors[k].nace, pi >= 0, &pilot_cell);
			double z = gauss(r), u = gsl_rng_uniform(r), sd;

			/*
			 * Large provinces set the national structure and the
			 * pilot provinces' profiles are the point of the data:
			 * less noise there.
			 */
			sd = pilot_cell ? 0.06 : pi >= 0 ? 0.12 : pd->size >= 100.0 ? 0.15 : 0.35;
			w[k] = sectors[k].share * mult * exp(sd * z);
			if (mult == 1.0 && sectors[k].share < 1.0 && pd->size < 15.0 && u < 0.5)
				w[k] = 0.0;
			cell_trend[k] = 0.01 * gauss(r);
			wsum += w[k];
		}
		for (int k = 0; k < NSECTORS; k++) {
			double base = pd->size * 1000.0 * w[k] / wsum;
			double g = sectors[k].growth / 100.0 + ptrend + cell_trend[k];

			for (int t = 0; t < NYEARS; t++) {
				double z = gauss(r);
				double e = base * exp(g * (t - 1) + (t == 0 ? sectors[k].crisis : 0.0) +
						      0.025 * z);

				p = sink_room(&s, d);
				if (!p)
					goto fail;
				p = put_str(p, pd->name);
				*p++ = ',';
				p = put_u64(p, (uint64_t)pd->plate);
				*p++ = ',';
				p = put_str(p, pd->nuts2);
				*p++ = ',';
				p = put_u64(p, (uint64_t)sectors[k].nace);
				*p++ = ',';
				p = put_str(p, sectors[k].name);
				*p++ = ',';
				p = put_u64(p, (uint64_t)(YEAR0 + t));
				*p++ = ',';
				p = put_i64(p, w[k] > 0.0 ? llround(e) : 0);
				*p++ = '\n';
				sink_advance(&s, p);
			}
		}
	}
	gsl_rng_free(r);
	return sink_commit(&s, d);
fail:
	gsl_rng_free(r);
	sink_abort(&s);
	return -1;
}

/* datasets DIR: the four files, each renamed into place when complete. */
static int cmd_datasets(const struct opts *o, struct diag *d)
{
	struct firm *firms;
	size_t n = 0;
	int rc;

	firms = datasets_firms(o->seed, &n, d);
	if (!firms)
		return -1;
	rc = write_panel_file(o->dir, "sme_panel.csv", firms, n, 0, d);
	if (!rc)
		rc = write_panel_file(o->dir, "sme_panel_excel_tr.csv", firms, n, 1, d);
	if (!rc)
		rc = write_clusters_file(o->dir, o->seed, firms, n, d);
	if (!rc)
		rc = write_region_file(o->dir, o->seed, d);
	free(firms);
	return rc;
}

int main(int argc, char **argv)
{
	struct diag d;
	struct opts o;
	int rc;

	diag_set_progname("clusterbench-gen");
	diag_init(&d);
	gsl_set_error_handler_off();
	rc = parse_args(argc, argv, &o, &d);
	if (rc > 0)
		return fflush(stdout) == 0 && !ferror(stdout) ? 0 : DIAG_IO;
	if (rc == 0)
		rc = !strcmp(o.cmd, "datasets") ? cmd_datasets(&o, &d) : cmd_panel(&o, &d);
	if (rc) {
		diag_print(&d, stderr);
		return d.code ? (int)d.code : DIAG_INTERNAL;
	}
	return 0;
}
