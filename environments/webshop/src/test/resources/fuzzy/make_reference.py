"""Writes token_set_ratio.tsv: thefuzz 0.19's fuzz.token_set_ratio (Debian's python3-thefuzz, on
difflib as WebShop runs it: python3-levenshtein must not be installed) for every pair of a product attribute and a goal attribute of the
WebShop sample, plus option pairs. Run with Debian's /usr/bin/python3; FuzzyTest reads the file."""
import json, sys, warnings
warnings.simplefilter("ignore")
from thefuzz import fuzz

base = sys.argv[1]
ins = json.load(open(base + "/items_ins_v2_sample.json"))
products = json.load(open(base + "/items_shuffle_sample.json"))
product_attrs = sorted({a for v in ins.values() for a in v.get("attributes", [])})
goal_attrs = sorted({a for v in ins.values() for a in v.get("instruction_attributes", [])})
values = set()
for p in products:
    for name, contents in (p["customization_options"] or {}).items():
        for c in contents or []:
            values.add((name.lower(), c["value"].strip().replace("/", " | ").lower()))
values = sorted(values)
rows = set()
for g in goal_attrs:
    for p in product_attrs:
        rows.add((p, g))
for name, v in values[:60]:
    for _, w in values[:60]:
        rows.add((v, str((name, w))))
with open("token_set_ratio.tsv", "w") as out:
    out.write("# s1\ts2\ttoken_set_ratio (thefuzz 0.19 on difflib)\n")
    for s1, s2 in sorted(rows):
        out.write(f"{s1}\t{s2}\t{fuzz.token_set_ratio(s1, s2)}\n")
print(len(rows), "pairs")
