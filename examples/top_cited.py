"""The 10 units cited in the most notices, with the problems they were cited for.

    python examples/top_cited.py [corpus.duckdb]

`notice_citations` has one row per notice and cited unit (primary files only: a notice archived as PDF and
HTML counts once), so counting rows counts notices.
"""
import sys

import tongbao

with tongbao.Corpus(sys.argv[1] if len(sys.argv) > 1 else "tongbao.duckdb", read_only=True) as corpus:
    cited = corpus.frame("notice_citations")

top = (cited.groupby("unit")
       .agg(notices=("notice_id", "size"), categories=("category_labels", lambda labels: sorted(set().union(*labels))))
       .sort_values("notices", ascending=False, kind="stable")  # ties stay in name order
       .head(10))
for unit, row in top.iterrows():
    print(f"{row.notices:>4}  {unit}  {'、'.join(row.categories)}")
