# SPDX-License-Identifier: GPL-3.0-or-later
# compare.py: checks a bench peer's tables against clusterbench's run folder.
#
# usage: python3 compare.py RUNDIR PEERDIR [TOL]
#
# RUNDIR is the folder of `clusterbench run datasets/jobs/bench.ini`; its
# results.json holds analysis "groups" (descriptives by province, cluster,
# year), "members" (foreach province: the welch_t row of its tests) and
# "provinces" (the anova_f row). PEERDIR holds the peer's aggregates.csv
# (province, cluster, year, n, mean, sd, q1, median, q3) and tests.csv (test,
# province, statistic, df1, df2, p). Standard library only.
#
# The groups must be the same set; n must be equal; mean, sd, q1, median, q3
# (and the t and F statistics with their df) must agree to a relative error
# of TOL (default 1e-9): |peer - ours| / |ours|, or the absolute difference
# when ours is 0. A value missing on one side only is a disagreement; missing
# on both (sd of one value) agrees.
#
# Prints two lines:
#   aggregates agree to 1e-9: yes (worst rel err 3.4e-16, sd of Samsun|...|2011; 160 groups)
#   tests agree to 1e-9: yes (worst rel err 1.2e-14, ...; 6 statistics)
# Exit status 0 when both agree, 1 when not, 2 when a file is missing or bad.
import csv
import json
import math
import os
import sys

FIELDS = ("mean", "sd", "q1", "median", "q3")


def num(v):
    if v is None or v == "":
        return None
    return float(v)


def rel(ours, peer):
    """relative error of peer against ours; inf when only one is missing"""
    if ours is None and peer is None:
        return 0.0
    if ours is None or peer is None or math.isnan(ours) or math.isnan(peer):
        return math.inf
    if ours == 0:
        return abs(peer)
    return abs(peer - ours) / abs(ours)


def key(province, cluster, year):
    return (province.strip(), cluster.strip(), str(int(float(year))))


class Worst:
    def __init__(self):
        self.err = 0.0
        self.where = ""
        self.problems = []

    def see(self, err, where):
        if err > self.err or not self.where:
            self.err, self.where = err, where

    def line(self, what, tol, tol_text, count, unit):
        ok = not self.problems and self.err <= tol
        s = "%s agree to %s: %s (worst rel err %.3g" % (what, tol_text, "yes" if ok else "no", self.err)
        if self.where:
            s += ", " + self.where
        s += "; %d %s)" % (count, unit)
        if self.problems:
            s += "; " + "; ".join(self.problems[:3])
            if len(self.problems) > 3:
                s += "; %d more" % (len(self.problems) - 3)
        return ok, s


def ours_tables(rundir):
    with open(os.path.join(rundir, "results.json"), encoding="utf-8") as f:
        res = json.load(f)
    groups, welch, anova = {}, {}, None
    for a in res["analyses"]:
        tabs = a.get("tables", {})
        if a["name"] == "groups":
            for r in tabs.get("descriptives", []):
                groups[key(r["province"], r["cluster"], str(r["year"]))] = r
        elif a["name"] == "members":
            for r in tabs.get("tests", []):
                if r["test"] == "welch_t":
                    welch[a["foreach"]["value"]] = r
        elif a["name"] == "provinces":
            for r in tabs.get("tests", []):
                if r["test"] == "anova_f":
                    anova = r
    return groups, welch, anova


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write("usage: compare.py RUNDIR PEERDIR [TOL]\n")
        return 2
    rundir, peerdir = argv[1], argv[2]
    tol_text = argv[3] if len(argv) == 4 else "1e-9"
    try:
        tol = float(tol_text)
    except ValueError:
        sys.stderr.write("compare: TOL must be a number, not '%s'\n" % tol_text)
        return 2
    try:
        groups, welch, anova = ours_tables(rundir)
        with open(os.path.join(peerdir, "aggregates.csv"), encoding="utf-8", newline="") as f:
            peer = {key(r["province"], r["cluster"], r["year"]): r for r in csv.DictReader(f)}
        with open(os.path.join(peerdir, "tests.csv"), encoding="utf-8", newline="") as f:
            tests = list(csv.DictReader(f))
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("compare: cannot read the tables: %s" % e)
        return 2
    if not groups:
        print("compare: no groups in %s/results.json" % rundir)
        return 2

    agg = Worst()
    for k in sorted(set(groups) | set(peer)):
        name = "|".join(k)
        if k not in peer:
            agg.problems.append("group %s missing in the peer" % name)
            continue
        if k not in groups:
            agg.problems.append("group %s missing in ours" % name)
            continue
        o, p = groups[k], peer[k]
        if int(o["n"]) != int(float(p["n"])):
            agg.problems.append("n of %s: ours %s, peer %s" % (name, o["n"], p["n"]))
        for fld in FIELDS:
            agg.see(rel(num(o[fld]), num(p[fld])), "%s of %s" % (fld, name))
    ok1, line1 = agg.line("aggregates", tol, tol_text, len(groups), "groups")

    tst = Worst()
    count = 0
    for r in tests:
        if r["test"] == "welch_t":
            o = welch.get(r["province"])
            cols = (("statistic", "statistic"), ("df1", "df1"))
            what = "welch t of %s" % r["province"]
        elif r["test"] == "anova_f":
            o = anova
            cols = (("statistic", "statistic"), ("df1", "df1"), ("df2", "df2"))
            what = "anova F"
        else:
            continue
        if o is None:
            tst.problems.append("%s missing in ours" % what)
            continue
        for oc, pc in cols:
            tst.see(rel(num(o[oc]), num(r[pc])), "%s of %s" % (oc, what))
        count += 1
    if count != len(welch) + (anova is not None):
        tst.problems.append("ours has %d tests, the peer %d" % (len(welch) + (anova is not None),
                                                               count))
    ok2, line2 = tst.line("tests", tol, tol_text, count, "statistics")
    print(line1)
    print(line2)
    return 0 if ok1 and ok2 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
