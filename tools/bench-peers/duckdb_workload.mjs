// SPDX-License-Identifier: GPL-3.0-or-later
// DuckDB peer of the `make bench` workload (issue 8), through @duckdb/node-api.
//
// usage: node duckdb_workload.mjs PANEL.csv OUTDIR
//
// Does what datasets/jobs/bench.ini asks of clusterbench, on the same file,
// without charts (DuckDB draws none):
//   load the whole panel into a table (read_csv_auto, every column);
//   per (province, cluster, year) over non-missing productivity: n, mean, sd,
//     q1, median, q3 (quantile_cont is R's type 7) -> OUTDIR/aggregates.csv;
//   per province the Welch t statistic and its Welch-Satterthwaite df of
//     non-members (member 0) against members (member 1), and the one-way
//     ANOVA F across the provinces, all in SQL -> OUTDIR/tests.csv. DuckDB
//     has no t or F distribution function, so p is left empty.
// The package is looked up in $DUCKDB_NODE_PREFIX (default: bench/node of
// the repository, where tools/bench.sh installs it with npm --prefix).
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const prefix = process.env.DUCKDB_NODE_PREFIX || join(here, '..', '..', 'bench', 'node');

if (process.argv.length !== 4) {
	process.stderr.write('usage: duckdb_workload.mjs PANEL.csv OUTDIR\n');
	process.exit(2);
}
const panel = resolve(process.argv[2]);
const out = resolve(process.argv[3]);
mkdirSync(out, { recursive: true });

let api;
try {
	const req = createRequire(join(resolve(prefix), 'package.json'));
	api = await import(pathToFileURL(req.resolve('@duckdb/node-api')).href);
} catch (e) {
	process.stderr.write(`duckdb_workload: cannot load @duckdb/node-api from ${prefix}: ${e.message}\n`);
	process.exit(3);
}

// a string literal for SQL
const lit = (s) => `'${s.replaceAll("'", "''")}'`;

const instance = await api.DuckDBInstance.create(':memory:');
const con = await instance.connect();

// load
await con.run(`CREATE TABLE panel AS SELECT * FROM read_csv_auto(${lit(panel)}, header = true)`);

// aggregates per (province, cluster, year)
await con.run(`COPY (
	SELECT province, cluster, year,
	       count(productivity) AS n,
	       avg(productivity) AS mean,
	       stddev_samp(productivity) AS sd,
	       quantile_cont(productivity, 0.25) AS q1,
	       quantile_cont(productivity, 0.5) AS median,
	       quantile_cont(productivity, 0.75) AS q3
	FROM panel
	GROUP BY province, cluster, year
	ORDER BY province, cluster, year
) TO ${lit(join(out, 'aggregates.csv'))} (HEADER, DELIMITER ',')`);

// Welch t per province and the one-way ANOVA across provinces
await con.run(`COPY (
	WITH s AS (
		SELECT province, member, count(*) AS n, avg(productivity) AS m,
		       var_samp(productivity) AS v
		FROM panel WHERE productivity IS NOT NULL
		GROUP BY province, member
	), w AS (
		SELECT a.province, a.m - b.m AS diff, a.v / a.n AS va, b.v / b.n AS vb,
		       a.n AS na, b.n AS nb
		FROM s a JOIN s b ON a.province = b.province AND a.member = 0 AND b.member = 1
	), g AS (
		SELECT province, count(*) AS n, avg(productivity) AS m, var_samp(productivity) AS v
		FROM panel WHERE productivity IS NOT NULL
		GROUP BY province
	), t AS (
		SELECT sum(n * m) / sum(n) AS gm, sum(n) AS nt, count(*) AS k FROM g
	)
	SELECT 'welch_t' AS test, province, diff / sqrt(va + vb) AS statistic,
	       pow(va + vb, 2) / (pow(va, 2) / (na - 1) + pow(vb, 2) / (nb - 1)) AS df1,
	       NULL::DOUBLE AS df2, NULL::DOUBLE AS p
	FROM w
	UNION ALL
	SELECT 'anova_f', NULL,
	       (sum(g.n * pow(g.m - t.gm, 2)) / (t.k - 1)) / (sum((g.n - 1) * g.v) / (t.nt - t.k)),
	       t.k - 1, t.nt - t.k, NULL
	FROM g, t GROUP BY t.gm, t.nt, t.k
	ORDER BY 1 DESC, 2
) TO ${lit(join(out, 'tests.csv'))} (HEADER, DELIMITER ',')`);

con.closeSync();
