"""Build a synthetic archive of evaluation notices with the ground truth of every fact.

    python bench/make_archive.py N OUT_DIR [--seed S] [--broken K]

Writes OUT_DIR/notices/<place>/<year>/<name>.{txt,html,docx,pdf} (text; HTML in UTF-8 and GBK; DOCX via
python-docx; PDF via reportlab with the WenQuanYi Zen Hei font embedded, skipped with a warning when the
font is absent), OUT_DIR/truth.jsonl (one line per notice: path, format, title, jurisdiction, year,
period, cited units by problem, scores, praised units) and, with --broken K, K broken files under
OUT_DIR/notices/broken/ listed in OUT_DIR/broken.jsonl.

The notices recombine the structures of the real seeds (/work/shared/seeds): issuer and title lines,
addressees by level, 基本情况 with the units that did well, 存在问题 items (一)… each citing an
enumeration of units in their short forms, the level prefix at its head, closed by 等N家, and an
attachment score table (单位 / 得分 / 排名) with competition ranking. The unit names are the real ones of
these places as the seeds write them; 扶贫开发办公室 becomes 乡村振兴局 from 2021 (the renaming case).
Canonical names are `<place><full official name>`; `lineage_unit` gives the post-reform name.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
YEARS = range(2019, 2025)
RENAMED_BEFORE, RENAMED_AFTER, RENAMED_IN = "扶贫开发办公室", "乡村振兴局", 2021
POVERTY_SHORT = {RENAMED_BEFORE: "扶贫办", RENAMED_AFTER: "乡村振兴局"}

# full official name -> short forms used inside notices (from the seeds' own tables and prose)
DEPARTMENTS = {
    "城市管理执法局": ["城管局"], "农业农村局": ["农业农村局"], "政务服务和大数据管理局": ["政数局"],
    "科技局": ["科技局"], "水利和湖泊局": ["水利局", "水利和湖泊局"], "审计局": ["审计局"],
    "住房和城乡建设局": ["住建局"], "民政局": ["民政局"], "发展和改革局": ["发改局"],
    "退役军人事务局": ["退役军人局", "退役军人事务局"], "应急管理局": ["应急管理局"], "商务局": ["商务局"],
    "统计局": ["统计局"], "公安局": ["公安局"], "司法局": ["司法局"], "市场监督管理局": ["市场监管局"],
    "文化和旅游局": ["文旅局"], "人力资源和社会保障局": ["人社局"], "经济和信息化局": ["经信局"],
    "自然资源和规划局": ["自然资源局", "自然资源和规划局"], "财政局": ["财政局"], "交通运输局": ["交通运输局"],
    "医疗保障局": ["医保局"], "卫生健康局": ["卫健局"], "教育局": ["教育局"], "生态环境局": ["生态环境局"],
    "林业局": ["林业局"], "工业和信息化局": ["工信局"], "文化广电新闻出版旅游局": ["文广新旅局"],
    "卫生健康委员会": ["卫健委"], "发展和改革委员会": ["发改委"], "城市管理执法委员会": ["城管委"],
    "地方金融工作局": ["地方金融工作局"], "气象局": ["气象局"],
}


@dataclass(frozen=True)
class Place:
    name: str
    prefix: str  # how the place's own departments are prefixed inside its notices
    issuer: str
    addressees: str
    departments: tuple[str, ...]  # full names, without the poverty office (added by year)
    members: tuple[str, ...]  # towns / streets (or counties for a city), full names
    member_group: str


PLACES = (
    Place("大冶市", "市", "大冶市人民政府办公室", "各乡镇人民政府，各街道办事处，东风农场管理区，市政府各部门",
          ("城市管理执法局", "农业农村局", "政务服务和大数据管理局", "科技局", "水利和湖泊局", "审计局",
           "住房和城乡建设局", "民政局", "发展和改革局", "退役军人事务局", "应急管理局", "商务局", "统计局",
           "公安局", "司法局", "市场监督管理局", "文化和旅游局", "人力资源和社会保障局", "经济和信息化局",
           "自然资源和规划局", "财政局", "交通运输局", "医疗保障局", "卫生健康局", "教育局"),
          ("金湖街道", "大箕铺镇", "东岳路街道", "陈贵镇", "金山店镇", "灵乡镇", "东风路街道", "罗家桥街道",
           "刘仁八镇", "茗山乡", "殷祖镇", "还地桥镇", "东风农场管理区", "金牛镇", "保安镇"), "乡镇(街道)"),
    Place("黄石市", "市", "黄石市政务公开领导小组办公室",
          "大冶市、阳新县、各城区人民政府，黄石经济技术开发区管委会，市直各相关单位",
          ("自然资源和规划局", "司法局", "住房和城乡建设局", "城市管理执法委员会", "交通运输局", "农业农村局",
           "商务局", "发展和改革委员会", "公安局", "民政局", "财政局", "教育局", "卫生健康委员会", "审计局"),
          ("大冶市", "阳新县", "下陆区", "黄石港区", "西塞山区", "铁山区"), "县(市、区)"),
    Place("铜鼓县", "县", "铜鼓县人民政府办公室", "各乡（镇）人民政府，县政府各部门，县直各单位",
          ("工业和信息化局", "市场监督管理局", "生态环境局", "农业农村局", "林业局", "文化广电新闻出版旅游局",
           "应急管理局", "水利局", "气象局", "人力资源和社会保障局",
           "城市管理执法局", "统计局", "发展和改革委员会", "商务局", "住房和城乡建设局", "公安局",
           "卫生健康委员会", "司法局", "财政局", "交通运输局"),
          ("永宁镇", "棋坪镇", "三都镇", "排埠镇", "带溪乡", "温泉镇", "大塅镇", "港口乡", "高桥乡"), "乡镇"),
    Place("咸宁市", "市", "咸宁市人民政府办公室", "各县、市、区人民政府，市政府各部门，咸宁高新区管委会",
          ("司法局", "审计局", "水利和湖泊局", "林业局", "经济和信息化局", "医疗保障局", "交通运输局",
           "地方金融工作局", "民政局", "城市管理执法委员会", "公安局", "农业农村局", "人力资源和社会保障局",
           "商务局", "发展和改革委员会", "教育局", "住房和城乡建设局"),
          ("咸安区", "通山县", "崇阳县", "通城县", "嘉鱼县", "赤壁市"), "县(市、区)"),
    Place("黄石港区", "区", "黄石港区政务公开领导小组办公室", "江北管理区、各街道办事处、区直相关部门",
          ("财政局", "民政局", "人力资源和社会保障局", "发展和改革局", "司法局", "统计局", "住房和城乡建设局",
           "市场监督管理局", "卫生健康局", "城市管理执法局"),
          ("江北管理区", "花湖街道", "黄石港街道", "沈家营街道", "胜阳港街道"), "街道(管理区)"),
)

# category id (tongbao/extract/data/categories.yaml) -> (item heading, sentence before the units, after)
PROBLEMS = {
    "disclosure_guide": ("政务公开基础不牢靠", "经检查发现", "等{n}家部门单位未按要求及时对政府信息公开指南进行修订"),
    "disclosure_request": ("依申请公开渠道不畅通", "依申请公开模拟测评发现", "等{n}家部门单位连续两次未对模拟测试件进行答复"),
    "column_not_updated": ("栏目长期不更新问题不少", "从监测结果看", "等{n}家单位存在栏目不更新问题"),
    "empty_column": ("少数单位网站存在空白栏目", "抽查发现", "等{n}家单位网站还存在空白栏目"),
    "policy_interpretation": ("政策解读形式较为单一", "此次检查发现", "等{n}家单位政策解读仅采取文字解读方式"),
    "privacy_leak": ("政府信息公开规范准则把握不严", "此次检查发现", "等{n}家单位公开行政处罚决定书时未对身份证号码进行模糊处理，存在泄露个人隐私问题"),
    "media_not_updated": ("政务新媒体更新不及时", "本季度监测发现", "等{n}家单位的政务新媒体监测时间点前2周内无更新"),
    "interaction": ("互动回应不及时", "检查发现", "等{n}家单位网站咨询类栏目未及时答复网民留言"),
}
PERIODS = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度", "Q4": "第四季度", "H1": "上半年", "annual": "年度"}
NUMERALS = "一二三四五六七八九十"
FORMATS = ("text", "html", "html-gbk", "docx", "pdf")
SUFFIX = {"text": ".txt", "html": ".html", "html-gbk": ".html", "docx": ".docx", "pdf": ".pdf"}


@dataclass
class Notice:
    place: Place
    year: int
    period: str
    title: str
    lines: list[str]  # body lines before the table, in order
    table_title: str
    table: list[tuple[str, str, str]]  # (unit as written, score, rank)
    truth: dict = field(default_factory=dict)


def departments_of(place: Place, year: int) -> list[str]:
    poverty = RENAMED_BEFORE if year < RENAMED_IN else RENAMED_AFTER
    return list(place.departments) + [poverty]


def _absorbed_towns() -> dict[tuple[str, str], str]:
    """(place, town) -> zone for towns run as one unit with a zone (区镇合一), from the project's zones
    file: the project names such a town by its zone (大冶市临空经济区·还地桥镇), so the truth does too."""
    import yaml

    zones = yaml.safe_load((REPO / "normalize" / "units" / "data" / "zones.yaml").read_text("utf-8")) or {}
    return {(path.rsplit("/", 1)[-1], town): entry["name"]
            for path, entries in zones.items() for entry in entries for town in entry.get("absorbs", ())}


REPO = Path(__file__).resolve().parents[1]
ABSORBED_TOWNS = _absorbed_towns()


def canonical(place: Place, full: str) -> str:
    full = ABSORBED_TOWNS.get((place.name, full), full)
    return full if full.startswith(place.name) else place.name + full


def lineage(place: Place, full: str) -> str:
    return canonical(place, RENAMED_AFTER if full == RENAMED_BEFORE else full)


def short_form(full: str, rng: random.Random) -> str:
    return rng.choice(POVERTY_SHORT.get(full) and [POVERTY_SHORT[full]] or DEPARTMENTS.get(full, [full]))


def enumerate_units(place: Place, departments: list[str], members: list[str], rng: random.Random) -> str:
    """`市城管局、农业农村局、政数局、金湖街道`: the prefix heads the departments, as in the seeds."""
    shorts = [short_form(d, rng) for d in departments]
    if shorts:
        shorts[0] = place.prefix + shorts[0]
    return "、".join(shorts + members)


def make_notice(place: Place, year: int, period: str, rng: random.Random) -> Notice:
    label = PERIODS[period]
    title = rng.choice([f"{place.name}{year}年{label}政务公开工作情况通报",
                        f"关于{year}年{label}全{place.prefix}政务公开、政府网站和政务新媒体检查情况的通报"])
    departments = departments_of(place, year)
    scores = {d: round(rng.uniform(68, 98) * 4) / 4 for d in departments}
    ranked = sorted(departments, key=lambda d: -scores[d])
    table, rank_of = [], {}
    for position, unit in enumerate(ranked, 1):
        rank = position if position == 1 or scores[unit] != scores[ranked[position - 2]] else rank_of[ranked[position - 2]]
        rank_of[unit] = rank
        table.append((canonical(place, unit), f"{scores[unit]:.2f}", str(rank)))
    praised_members = rng.sample(place.members, k=min(3, len(place.members)))
    praised_departments = ranked[:4]
    lines = [place.issuer, title, f"{place.addressees}：",
             f"为进一步提升全{place.prefix}政务公开工作水平，根据年度政务公开工作要点的要求，对各单位政务公开、"
             f"政府网站和政务新媒体进行了检查。现将有关情况通报如下：",
             "一、基本情况",
             f"此次检查部门单位{len(departments)}个，{place.member_group}{len(place.members)}个，检查比例100%。",
             f"成绩优秀的{place.member_group}：{'、'.join(praised_members)}",
             f"成绩优秀的{place.prefix}直单位：{'、'.join(place.prefix + short_form(d, rng) for d in praised_departments)}",
             "二、存在问题"]
    cited = []
    for n, category in enumerate(rng.sample(sorted(PROBLEMS), k=rng.randint(2, 4))):
        heading, lead, tail = PROBLEMS[category]
        units = rng.sample(departments, k=rng.randint(2, min(8, len(departments))))
        members = rng.sample(place.members, k=rng.randint(0, min(2, len(place.members))))
        total = len(units) + len(members)
        lines.append(f"（{NUMERALS[n]}）{heading}。{lead}，{enumerate_units(place, units, members, rng)}"
                     f"{tail.format(n=total)}。")
        cited.append({"category": category, "stated_total": total,
                      "units": [canonical(place, u) for u in units + members],
                      "lineage_units": [lineage(place, u) for u in units + members]})
    lines += ["三、下步工作要求",
              "（一）强化责任担当。各单位要对照问题清单逐项整改，整改情况于15个工作日内报送。",
              "（二）提高解读质量。丰富政策解读形式，多用图文、图表、视频等方式开展解读。",
              place.issuer, f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]
    table_title = f"附件1 {year}年{label}部门单位政务公开考核评分"
    truth = {"title": title, "jurisdiction": place.name, "year": year, "period": period, "cited": cited,
             "scores": [{"unit": u, "lineage_unit": lineage(place, u[len(place.name):]) if u.startswith(place.name) else u,
                         "score": float(s), "rank": int(r)} for u, s, r in table],
             "praised": [canonical(place, m) for m in praised_members]
                        + [canonical(place, d) for d in praised_departments]}
    return Notice(place, year, period, title, lines, table_title, table, truth)


# -- writers, one per format ----------------------------------------------------------------------------

def as_text(notice: Notice) -> bytes:
    # the table flattened one cell per line, as text extraction leaves it (seeds 000 and 004)
    cells = ["单位", "得分", "排名"] + [cell for row in notice.table for cell in row]
    return "\n".join(notice.lines + [notice.table_title] + cells).encode("utf-8") + b"\n"


def as_html(notice: Notice, encoding: str) -> bytes:
    from html import escape

    charset = "gbk" if encoding == "gbk" else "utf-8"
    rows = "".join(f"<tr><td>{escape(u)}</td><td>{s}</td><td>{r}</td></tr>" for u, s, r in notice.table)
    body = "".join(f"<p>{escape(line)}</p>" for line in notice.lines)
    page = (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{escape(notice.title)}</title></head>'
            f'<body><div class="crumbs">首页 &gt; 政务公开 &gt; 通知公告</div><div class="content">{body}'
            f"<p>{escape(notice.table_title)}</p><table><tr><th>单位</th><th>得分</th><th>排名</th></tr>{rows}"
            f"</table></div><div class=\"footer\">主办单位：{escape(notice.place.issuer)}</div></body></html>")
    return page.encode(charset)


def as_docx(notice: Notice) -> bytes:
    import docx

    document = docx.Document()
    for line in notice.lines:
        document.add_paragraph(line)
    document.add_paragraph(notice.table_title)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("单位", "得分", "排名")):
        cell.text = text
    for row in notice.table:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_PDF_FONT = "WenQuanYiZenHei"


def pdf_available() -> bool:
    if not FONT_PATH.exists():
        return False
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_PDF_FONT, str(FONT_PATH), subfontIndex=0))
    return True


def as_pdf(notice: Notice) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = ParagraphStyle("cjk", fontName=_PDF_FONT, fontSize=11, leading=16, wordWrap="CJK")
    story = [Paragraph(line, style) for line in notice.lines + [notice.table_title]]
    table = Table([["单位", "得分", "排名"], *notice.table])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), _PDF_FONT), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    story.append(table)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=notice.title).build(story)
    return buffer.getvalue()


def render(notice: Notice, fmt: str) -> bytes:
    if fmt == "text":
        return as_text(notice)
    if fmt in ("html", "html-gbk"):
        return as_html(notice, "gbk" if fmt == "html-gbk" else "utf-8")
    if fmt == "docx":
        return as_docx(notice)
    return as_pdf(notice)


# -- broken files ---------------------------------------------------------------------------------------

BROKEN_KINDS = ("empty", "truncated_pdf", "random_bytes", "wrong_extension", "corrupt_docx")


def broken_file(kind: str, sample: Notice, rng: random.Random, have_pdf: bool) -> tuple[str, bytes]:
    if kind == "empty":
        return ".txt", b""
    if kind == "truncated_pdf":
        data = as_pdf(sample) if have_pdf else b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
        return ".pdf", data[: len(data) * 2 // 5]
    if kind == "random_bytes":
        return ".pdf", rng.randbytes(4096)
    if kind == "wrong_extension":  # a PNG image named as a Word file
        return ".docx", b"\x89PNG\r\n\x1a\n" + rng.randbytes(2048)
    data = bytearray(as_docx(sample))  # a DOCX whose ZIP is cut and scrambled in the middle
    middle = len(data) // 2
    data[middle:middle + 512] = rng.randbytes(512)
    return ".docx", bytes(data[: len(data) * 3 // 4])


def build(count: int, out: Path, *, seed: int = 0, broken: int = 0) -> dict[str, int]:
    rng = random.Random(seed)
    have_pdf = pdf_available()
    formats = FORMATS if have_pdf else tuple(f for f in FORMATS if f != "pdf")
    if not have_pdf:
        warnings.warn(f"{FONT_PATH} not found (apt-get install -y fonts-wqy-zenhei): no PDF notices")
    notices_dir = out / "notices"
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with open(out / "truth.jsonl", "w", encoding="utf-8") as truth_file:
        for n in range(count):
            # every run of len(formats) notices has every format; over 25 every place meets every format
            place = PLACES[n % len(PLACES)]
            fmt = formats[(n + n // len(PLACES)) % len(formats)]
            year = rng.choice(YEARS)
            period = rng.choice(sorted(PERIODS))
            notice = make_notice(place, year, period, rng)
            relative = Path("notices") / place.name / str(year) / f"{n:06d}_{period}{SUFFIX[fmt]}"
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            (out / relative).write_bytes(render(notice, fmt))
            line = {"path": relative.as_posix(), "format": fmt.split("-")[0],
                    "encoding": "gbk" if fmt == "html-gbk" else "utf-8" if fmt in ("text", "html") else None,
                    **notice.truth}
            truth_file.write(json.dumps(line, ensure_ascii=False) + "\n")
            counts[fmt] = counts.get(fmt, 0) + 1
    if broken:
        (notices_dir / "broken").mkdir(parents=True, exist_ok=True)
        with open(out / "broken.jsonl", "w", encoding="utf-8") as listing:
            for n in range(broken):
                kind = BROKEN_KINDS[n % len(BROKEN_KINDS)]
                sample = make_notice(PLACES[n % len(PLACES)], rng.choice(YEARS), "Q1", rng)  # distinct bytes
                suffix, data = broken_file(kind, sample, rng, have_pdf)
                relative = Path("notices") / "broken" / f"broken_{n:04d}_{kind}{suffix}"
                (out / relative).write_bytes(data)
                listing.write(json.dumps({"path": relative.as_posix(), "kind": kind}) + "\n")
        counts["broken"] = broken
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of notices")
    parser.add_argument("out", type=Path, help="output folder (created)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--broken", type=int, default=0, help="add this many broken files")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    counts = build(args.count, args.out, seed=args.seed, broken=args.broken)
    print(json.dumps(counts, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
