# SPDX-License-Identifier: GPL-3.0-or-later
# pandas peer of the `make bench` workload (issue 8): pandas, scipy, matplotlib.
#
# usage: python3 pandas_workload.py PANEL.csv OUTDIR [--charts bar,box,line]
#
# Does what datasets/jobs/bench.ini asks of clusterbench, on the same file:
#   load the whole panel (every column, types inferred);
#   per (province, cluster, year) over non-missing productivity: n, mean, sd,
#     q1, median, q3 (pandas' default quantile interpolation "linear" is R's
#     type 7), written to OUTDIR/aggregates.csv;
#   per province a Welch t test of non-members (member 0) against members
#     (member 1), scipy.stats.ttest_ind(equal_var=False);
#   one one-way ANOVA across the provinces, scipy.stats.f_oneway;
#     both written to OUTDIR/tests.csv (test, province, statistic, df1, df2, p);
#   charts, each as PNG 1600x1000 (8 x 5 in at 200 dpi) and PDF:
#     bar  - mean productivity by province and member with 95 % t intervals,
#     box  - productivity by province (Tukey whiskers, outliers, mean marker),
#     line - mean productivity per year, one line per province.
# --charts picks the charts (default all three); tools/bench.sh passes the
# ones clusterbench draws today so that both sides do the same work.
import os
import sys


def usage():
    sys.stderr.write("usage: pandas_workload.py PANEL.csv OUTDIR [--charts bar,box,line]\n")
    sys.exit(2)


def main(argv):
    charts = ["bar", "box", "line"]
    args = []
    i = 1
    while i < len(argv):
        if argv[i] == "--charts" and i + 1 < len(argv):
            charts = [c for c in argv[i + 1].split(",") if c]
            i += 2
            continue
        args.append(argv[i])
        i += 1
    if len(args) != 2 or any(c not in ("bar", "box", "line") for c in charts):
        usage()
    path, out = args
    os.makedirs(out, exist_ok=True)

    import numpy as np
    import pandas as pd
    from scipy import stats
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # load
    df = pd.read_csv(path)

    # aggregates per (province, cluster, year); NaN productivity is skipped
    keys = ["province", "cluster", "year"]
    g = df.groupby(keys, sort=True)["productivity"]
    agg = g.agg(n="count", mean="mean", sd="std")
    q = g.quantile([0.25, 0.5, 0.75]).unstack()
    agg["q1"] = q[0.25]
    agg["median"] = q[0.5]
    agg["q3"] = q[0.75]
    agg.reset_index().to_csv(os.path.join(out, "aggregates.csv"), index=False)

    # tests
    x = df[["province", "member", "year", "productivity"]].dropna(subset=["productivity"])
    rows = []
    provinces = sorted(x["province"].unique())
    for p in provinces:
        sub = x[x["province"] == p]
        a = sub.loc[sub["member"] == 0, "productivity"].to_numpy()
        b = sub.loc[sub["member"] == 1, "productivity"].to_numpy()
        r = stats.ttest_ind(a, b, equal_var=False)
        va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
        df1 = (va + vb) ** 2 / (va ** 2 / (a.size - 1) + vb ** 2 / (b.size - 1))
        rows.append(("welch_t", p, r.statistic, df1, "", r.pvalue))
    groups = [x.loc[x["province"] == p, "productivity"].to_numpy() for p in provinces]
    r = stats.f_oneway(*groups)
    rows.append(("anova_f", "", r.statistic, len(groups) - 1, len(x) - len(groups), r.pvalue))
    pd.DataFrame(rows, columns=["test", "province", "statistic", "df1", "df2", "p"]).to_csv(
        os.path.join(out, "tests.csv"), index=False)

    def save(fig, stem):
        for ext in ("png", "pdf"):
            fig.savefig(os.path.join(out, stem + "." + ext), dpi=200)
        plt.close(fig)

    if "bar" in charts:
        s = x.groupby(["province", "member"], sort=True)["productivity"].agg(
            ["count", "mean", "std"])
        half = stats.t.ppf(0.975, s["count"] - 1) * s["std"] / np.sqrt(s["count"])
        members = sorted(x["member"].unique())
        fig, ax = plt.subplots(figsize=(8, 5))
        width = 0.8 / len(members)
        pos = np.arange(len(provinces))
        for k, m in enumerate(members):
            mean = [s["mean"].get((p, m), np.nan) for p in provinces]
            err = [half.get((p, m), np.nan) for p in provinces]
            ax.bar(pos + (k - (len(members) - 1) / 2) * width, mean, width, yerr=err,
                   capsize=3, label="member: %s" % m)
        ax.set_xticks(pos, provinces)
        ax.set_xlabel("province")
        ax.set_ylabel("productivity")
        ax.set_title("Mean productivity by province and membership (95 % CI)")
        ax.legend()
        save(fig, "bars-bar")

    if "box" in charts:
        fig, ax = plt.subplots(figsize=(8, 5))
        ax.boxplot(groups, whis=1.5, showmeans=True)
        ax.set_xticks(np.arange(1, len(provinces) + 1), provinces)
        ax.set_xlabel("province")
        ax.set_ylabel("productivity")
        ax.set_title("Productivity by province")
        save(fig, "boxes-box")

    if "line" in charts:
        lines = x.groupby(["province", "year"], sort=True)["productivity"].mean().unstack(0)
        fig, ax = plt.subplots(figsize=(8, 5))
        for p in lines.columns:
            ax.plot(lines.index, lines[p], marker="o", label=p)
        ax.set_xlabel("year")
        ax.set_ylabel("mean productivity")
        ax.set_title("Mean productivity per year by province")
        ax.legend()
        save(fig, "years-line")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
