/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_regional: location quotients, shift-share, specialisation indices and growth rates. */
#ifndef CLUSTERBENCH_BENCH_REGIONAL_H
#define CLUSTERBENCH_BENCH_REGIONAL_H

#include <stddef.h>

#include "clusterbench/analysis.h"
#include "clusterbench/diag.h"
#include "clusterbench/result.h"
#include "clusterbench/table.h"

/*
 * Regional indices of METHODS.md ("Regional indices"). Notation: e_ir is the
 * employment (or firms, output...) of sector i in region r, E_r = sum_i e_ir,
 * E_i the sector's total in the reference economy, E = sum_i E_i; 0/1 mark
 * the start and end year.
 *
 * Three layers:
 *  - growth rates over single values and series (src/bench_growth.c);
 *  - pure functions over plain arrays (src/bench_regional.c): a region x
 *    sector matrix is row-major, e[r * ns + i] for region r < nr and sector
 *    i < ns. They never fail, never allocate and keep no state; undefined
 *    results are NAN with a static reason string where one is asked for.
 *    Inputs are meant to be finite and >= 0 (bench_regional checks the data);
 *    a NaN input gives NaN results, never a crash.
 *  - bench_regional (src/cmd_regional.c): a loaded table -> result tables,
 *    and cmd_regional, the `regional` subcommand.
 * Sums are compensated (Neumaier), so the decomposition identities hold to a
 * few units in the last place.
 */

/* ---- growth (src/bench_growth.c) ---- */

/*
 * Compound annual growth rate (x1/x0)^(1/years) - 1, years the time between
 * the two observations (e.g. 2016 - 2009 = 7). NAN when x0 <= 0 (no base to
 * grow from), x1 < 0, years <= 0 or any argument is not finite. x1 = 0 gives
 * -1 (everything lost).
 */
double bench_cagr(double x0, double x1, double years);

/* Relative change x1/x0 - 1; NAN when x0 <= 0, x1 < 0 or either is not finite. */
double bench_change(double x0, double x1);

/*
 * Year-over-year relative change of a series of consecutive periods:
 * out[0] = NAN, out[t] = bench_change(x[t-1], x[t]). Missing values (NaN)
 * give NAN in the changes that use them. out may not alias x. n = 0 writes
 * nothing.
 */
void bench_yoy(const double *x, size_t n, double *out);

/*
 * Index to a base period: out[t] = 100 x[t] / x[base]. When base >= n or
 * x[base] is not a positive finite number, every out[t] is NAN and -1 is
 * returned; otherwise 0 (a missing x[t] gives a NAN out[t]). out may alias x.
 */
int bench_index(const double *x, size_t n, size_t base, double *out);

/* ---- pure functions over arrays (src/bench_regional.c) ---- */

/*
 * Margins of the nr x ns matrix e: row_tot[r] = E_r (nr values), col_tot[i]
 * = sum over the regions of sector i (ns values), *total = the grand total.
 * Any of the three outputs may be NULL. The column sums of all regions are
 * the reference economy "total" (METHODS.md: Turkiye = the sum of the 81
 * provinces).
 */
void bench_margins(const double *e, size_t nr, size_t ns, double *row_tot, double *col_tot,
		   double *total);

/*
 * Location quotients LQ_ir = (e_ir / E_r) / (ref_i / E), E = sum_i ref_i:
 * ref holds the ns sector totals of the reference economy (the column sums
 * of e for the total of all regions, or a national row). lq receives nr x
 * ns values (it may not alias e). A cell is NAN when E_r = 0 (the region
 * has nothing to share out) or ref_i = 0 (the sector is absent from the
 * reference economy; also E = 0).
 */
void bench_lq(const double *e, size_t nr, size_t ns, const double *ref, double *lq);

/* The shift-share decomposition of one region (bench_shift_share). */
struct bench_shift {
	double r0, r1;        /* region totals R0 = sum_i r_i0, R1 */
	double national;      /* NS = R0 (G - 1), G = N1/N0 */
	double mix;           /* IM = sum_i r_i0 (g_i - G), g_i = n_i1/n_i0 */
	double shift;         /* RS = sum_i (r_i1 - r_i0 g_i) */
	double competitive;   /* Esteban-Marquillas C = sum_i r*_i0 (r_i1/r_i0 - g_i) */
	double allocation;    /* Esteban-Marquillas A = sum_i (r_i0 - r*_i0)(r_i1/r_i0 - g_i) */
	size_t new_sectors;   /* sectors with r_i0 = 0 < r_i1 */
	const char *why;      /* static reason when the components are NAN, else NULL */
};

/*
 * Classic (Dunn) and Esteban-Marquillas shift-share of one region with
 * sector employment r0[i], r1[i] in the start and end year against the
 * reference economy's n0[i], n1[i] (ns sectors), r*_i0 = R0 n_i0 / N0.
 * NS + IM + RS = R1 - R0 and C + A = RS.
 *
 * Sectors with r_i0 = 0 (new to the region): r_i1/r_i0 is undefined, so
 * RS uses the algebraically equal r_i1 - r_i0 g_i, which counts the new
 * employment r_i1 fully in RS; in the Esteban-Marquillas split that whole
 * term r_i1 is put in C (a region's gain not explained by the reference
 * growth) and nothing in A, so that C + A = RS still holds. Sectors with
 * n_i0 = 0 and r_i0 = 0 have no weight in IM (0 g_i is taken as 0).
 *
 * NAN components (with why set; r0, r1 are always filled): N0 = 0 (no
 * reference growth rate), or a sector with n_i0 = 0 < r_i0 (a reference
 * economy that does not contain the region). NS is still computed in the
 * second case.
 */
void bench_shift_share(const double *r0, const double *r1, const double *n0, const double *n1,
		       size_t ns, struct bench_shift *s);

/* Concentration of one region's sector structure (bench_hhi). */
struct bench_hhi {
	double h;             /* Herfindahl-Hirschman H = sum s_i^2, s_i = x_i / sum x */
	double normalised;    /* (H - 1/n) / (1 - 1/n) */
	double equivalent;    /* numbers equivalent 1/H */
	size_t n;             /* sectors with data (non-NaN entries) */
	const char *why;      /* static reason when a value is NAN, else NULL */
};

/*
 * Herfindahl-Hirschman index of x[0..n): NaN entries are sectors without
 * data and are left out (they do not count in n); zeros count. NAN values:
 * no sector with data or a zero total (all three), n = 1 (normalised: 0/0;
 * H = 1 and 1/H = 1 are reported).
 */
void bench_hhi(const double *x, size_t n, struct bench_hhi *h);

/*
 * Krugman dissimilarity K = sum_i |a_i / sum a - b_i / sum b| of two
 * structures of n sectors (levels, not shares): a region against the
 * reference economy (K_r of METHODS.md) or two regions (pairwise). 0 = the
 * same structure, 2 = no sector in common. NAN when either total is not
 * positive or an entry is NaN.
 */
double bench_krugman(const double *a, const double *b, size_t n);

/* ---- table -> result tables (src/cmd_regional.c) ---- */

struct regional_opts {
	size_t region;                 /* region column (any type) */
	size_t sector;                 /* sector column (any type) */
	size_t value;                  /* numeric value column (counts >= 0) */
	long year;                     /* numeric year column, or -1 */
	int span;                      /* 1: shift-share from `from` to `to` */
	double from, to;               /* years (with span) */
	const char *reference;         /* NULL or "total": the sum of all regions;
					* else the region that is the reference economy */
	const char *const *regions;    /* region names of the output rows, or NULL = all */
	size_t nregions;
	double lq_threshold;           /* specialised when LQ >= this (e.g. 1.25) */
};

/*
 * The regional indices of the selected rows of t (sel NULL = all rows; t
 * borrowed, unchanged), added to rs as the tables
 *
 *  location_quotients: one row per unit region x sector that has a row in
 *    the end year (the `to` year; without span the latest year; without a
 *    year column the only one): region, sector, year, value (e_ir),
 *    region_total (E_r), sector_reference_total (E_i), reference_total
 *    (E), share_region (e_ir/E_r), share_reference (E_i/E), lq,
 *    specialised (1 when lq >= lq_threshold, else 0), reference, note.
 *  shift_share (only with span): one row per unit region: region, r0, r1,
 *    change, national_share, industry_mix, regional_shift, em_competitive,
 *    em_allocation, reference, from, to, note (bench_shift_share).
 *  specialisation: one row per unit region in the end year: region, year,
 *    n_sectors, hhi, hhi_normalised, numbers_equivalent, krugman (against
 *    the reference shares E_i/E), reference, note.
 *  krugman_pairwise: region_a, region_b, year, krugman, note for every pair
 *    of the regions named in o->regions, or of all unit regions when there
 *    are at most 10 of them (else no rows, a note and a warning).
 *
 * Regions and sectors are the values of their columns in Turkish
 * alphabetical (numeric) order. A region x sector (x year) without a row
 * counts as 0 (warning with the count) and gets no location_quotients row.
 * The reference economy is the sum over all regions of the selected rows
 * (o->reference NULL or "total"; every region is a unit), or the region
 * named o->reference (matched exactly, else ignoring case and Turkish
 * accents), which is then not a unit. o->regions limits the output rows
 * only; the reference stays the same (a note says which one was used).
 * The year column appears in every table (missing without one).
 *
 * Errors: DIAG_USAGE for a value or year column that is text, a from/to
 * year that no selected row has (listing the years), a reference or
 * --regions name that is no region (listing some), a reference region
 * named in o->regions; DIAG_DATA with the file and line for a missing
 * region, sector, year or value, a cell that is text in a mostly numeric
 * value column, a negative value, and two rows of the same region, sector
 * (and year), naming both lines; DIAG_INTERNAL when out of memory.
 * Undefined indices (a sector absent from the reference economy, a region
 * with total 0) are missing cells with the reason in `note`, not errors.
 */
int bench_regional(const struct table *t, const struct regional_opts *o,
		   const struct selection *sel, struct result_set *rs, struct diag *d);

struct cli_ctx;

/* `clusterbench regional FILE --region COL --sector COL --value COL
 * [--year COL] [--from Y0 --to Y1] [--reference NAME|total] [--regions
 * A,B,...] [--lq-threshold X] [--where EXPR] [OUT] [DIALECT]`: the tables
 * of bench_regional. Returns the exit status (DESIGN.md §3). */
int cmd_regional(struct cli_ctx *cx, int argc, char **argv);

#endif
