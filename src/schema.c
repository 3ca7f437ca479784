/* SPDX-License-Identifier: GPL-3.0-or-later */
/* schema: the built-in column schemas "sme" and "clusters". */
#include "clusterbench/load.h"

#include <math.h>
#include <string.h>

#define OPEN_MIN (-HUGE_VAL)
#define OPEN_MAX HUGE_VAL

/* The firm-year panel: one row per SME and year. */
static const struct schema_column sme_cols[] = {
	{ "firm_id", COL_CATEGORY, 0, 0, 1, 0, 0, NULL },
	{ "province", COL_CATEGORY, 0, 0, 1, 0, 1, NULL },
	{ "cluster", COL_CATEGORY, 0, 0, 1, 0, 0, NULL },
	{ "year", COL_INTEGER, 1900, 2100, 1, 0, 0, NULL },
	{ "member", COL_INTEGER, 0, 1, 1, 0, 0, NULL },
	{ "employees", COL_INTEGER, 1, OPEN_MAX, 1, 1, 0, "persons" },
	{ "turnover_try", COL_NUMBER, 0, OPEN_MAX, 1, 1, 0, "TRY, 2010 prices" },
	{ "export_usd", COL_NUMBER, 0, OPEN_MAX, 1, 1, 0, "USD" },
	{ "rnd_spend_try", COL_NUMBER, 0, OPEN_MAX, 1, 1, 0, "TRY, 2010 prices" },
	{ "productivity", COL_NUMBER, 0, OPEN_MAX, 1, 1, 0, "thousand TRY per employee" },
	/* optional columns that the datasets carry: typed when present */
	{ "cluster_id", COL_CATEGORY, 0, 0, 0, 0, 0, NULL },
	{ "sector", COL_CATEGORY, 0, 0, 0, 0, 0, NULL },
	{ "nace", COL_INTEGER, 1, 99, 0, 1, 0, NULL },
};
static const char *const sme_key[] = { "firm_id", "year" };

/* Cluster-year indicators of the national benchmarking system. */
static const struct schema_column cluster_cols[] = {
	{ "cluster_id", COL_CATEGORY, 0, 0, 1, 0, 0, NULL },
	{ "cluster", COL_CATEGORY, 0, 0, 1, 0, 0, NULL },
	{ "province", COL_CATEGORY, 0, 0, 1, 0, 1, NULL },
	{ "sector", COL_CATEGORY, 0, 0, 1, 0, 0, NULL },
	{ "nace", COL_INTEGER, 1, 99, 0, 1, 0, NULL },
	{ "year", COL_INTEGER, 1900, 2100, 1, 0, 0, NULL },
	{ "member_firms", COL_INTEGER, 0, OPEN_MAX, 1, 1, 0, "firms" },
	{ "employment", COL_INTEGER, 0, OPEN_MAX, 1, 1, 0, "persons" },
	{ "turnover_try", COL_NUMBER, 0, OPEN_MAX, 1, 1, 0, "TRY, 2010 prices" },
	{ "exports_usd", COL_NUMBER, 0, OPEN_MAX, 1, 1, 0, "USD" },
	{ "rnd_spend_try", COL_NUMBER, 0, OPEN_MAX, 1, 1, 0, "TRY, 2010 prices" },
	{ "joint_projects", COL_INTEGER, 0, OPEN_MAX, 1, 1, 0, "projects" },
	{ "training_hours", COL_NUMBER, 0, OPEN_MAX, 1, 1, 0, "hours" },
	{ "b2b_meetings", COL_INTEGER, 0, OPEN_MAX, 1, 1, 0, "meetings" },
	{ "university_partners", COL_INTEGER, 0, OPEN_MAX, 1, 1, 0, "partners" },
	{ "shared_facilities", COL_INTEGER, 0, OPEN_MAX, 1, 1, 0, "facilities" },
	{ "new_products", COL_INTEGER, 0, OPEN_MAX, 1, 1, 0, "products" },
	{ "score_structure", COL_NUMBER, 0, 100, 1, 1, 0, "score 0-100" },
	{ "score_governance", COL_NUMBER, 0, 100, 1, 1, 0, "score 0-100" },
	{ "score_financing", COL_NUMBER, 0, 100, 1, 1, 0, "score 0-100" },
	{ "score_services", COL_NUMBER, 0, 100, 1, 1, 0, "score 0-100" },
	{ "score_interaction", COL_NUMBER, 0, 100, 1, 1, 0, "score 0-100" },
	{ "score_achievements", COL_NUMBER, 0, 100, 1, 1, 0, "score 0-100" },
};
static const char *const cluster_key[] = { "cluster_id", "year" };

static const struct schema schemas[] = {
	{ "sme", sme_cols, sizeof sme_cols / sizeof sme_cols[0], sme_key, 2 },
	{ "clusters", cluster_cols, sizeof cluster_cols / sizeof cluster_cols[0], cluster_key, 2 },
};

static const char *const names[] = { "sme", "clusters", NULL };

const struct schema *schema_find(const char *name)
{
	for (size_t i = 0; i < sizeof schemas / sizeof schemas[0]; i++)
		if (strcmp(schemas[i].name, name) == 0)
			return &schemas[i];
	return NULL;
}

const char *const *schema_names(void)
{
	return names;
}
