"""Print the counts tables for README-a.md (levels, sectors, edits, labels).
Run: python counts_a.py"""
import collections
import pathlib

import yaml

HERE = pathlib.Path(__file__).parent


def main():
    level, sector, edited = collections.Counter(), collections.Counter(), collections.Counter()
    marks, adverts, mnf = collections.Counter(), collections.Counter(), collections.Counter()
    controls, total = [], 0
    for path in sorted(HERE.glob("a-*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        total += 1
        level[data["level"]] += 1
        sector[data["sector"].split("/")[0].strip()] += 1
        edited[data["edited"]] += 1
        if data["control"]:
            controls.append(path.stem)
        rules = [f["rule"] for f in data.get("findings") or []]
        marks.update(rules)
        adverts.update(set(rules))
        mnf.update(m["category"] for m in data.get("must_not_flag") or [])
    print(f"Adverts: {total}; controls: {len(controls)} ({', '.join(controls)})\n")
    for name, counter in (("Level", level), ("Sector (first part)", sector), ("Edited", edited)):
        print(f"| {name} | adverts |\n| --- | --- |")
        for key, n in counter.most_common():
            print(f"| {key} | {n} |")
        print()
    print("| Label | marks | adverts |\n| --- | --- | --- |")
    for key, n in marks.most_common():
        print(f"| {key} | {n} | {adverts[key]} |")
    print("\n| must_not_flag category | entries |\n| --- | --- |")
    for key, n in mnf.most_common():
        print(f"| {key} | {n} |")


if __name__ == "__main__":
    main()
