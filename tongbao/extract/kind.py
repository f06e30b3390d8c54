"""Is this document an evaluation notice? The decision from the whole text, not from its title: real
pages often have no title (they start at the addressee line), and the documents beside notices in an
archive (annual reports on information disclosure, budgets, work plans, news, a unit's report on its own
site) use the same vocabulary. Cue lists: data/document_kinds.yaml.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

KINDS_FILE = "document_kinds.yaml"
CITED_TITLE = re.compile(r"《[^》]{0,120}》|〈[^〉]{0,120}〉")  # titles of documents a text cites
# The formula with which a notice reports its findings; a text using it reports an evaluation even when
# it also reads like a work plan (it sets requirements) or a self-report (a unit reporting up).
# (将予以通报 threatens a report to come, in a work notice's requirements: no report made)
REPORT_FORMULAS = re.compile(r"(通报如下|情况通报|(?<![将会])予以通报|通报表扬|通报批评|公布如下|"
                             r"(?:评估|检查|测评|考评|考核|监测|抽查)结果(?:显示|表明))")
# A self-check as the document's subject; a self-check listed among an evaluation's steps (日常监测、自查自评、
# 年终评估) is one step of grading others.
SELF_CHECK = re.compile(r"(?<![、，,])自查(?:自评|自纠|自改)?(?![、，,])")
# Several units addressed: a self-report is addressed to nobody or one superior.
MANY_ADDRESSEES = re.compile(r"各(县|市|区|乡|镇|街道|部门|单位|有关|直属|委|厅|局)")
SYSTEM_WIDE = re.compile(r"全(市|县|区|省|州|盟|旗)")
# A unit speaking of its own site or accounts as what was checked (我委对政府网站及微信官方公众号…进行了检查,
# 对我县政府门户网站开展自查): a self-report when it grades no other unit.
OWN_SITE_CHECKED = re.compile(r"(?:我|本)(?:委|局|厅|办|院|中心|单位|站|司)对?(?:本[委局厅办院]|本单位)?的?(?:政府|门户|官方)?"
                              r"(?:网站|微信|公众号|政务新媒体)|(?:我|本)[县市区]?政府门户网站(?:开展|进行)?(?:了)?自查|门户网站自查情况")
# A news report about a notice: a lead that tells of it (日前,省政府办公厅通报了…; 6月14日,…发文…通报了…), a
# headline of a unit praised in it (X受到…的通报表扬), or a news agency's dateline (新华网北京7月30日电).
REPORTED_NOTICE = re.compile(r"(?:^|[。\n])\s*(?:日前|近日|近期|\d{1,2}月\d{1,2}日)[,，]?[^。\n]{0,40}(?:通报了|发文[^。\n]{0,30}通报)"
                             r"|^[^\n]{0,40}(?:受到|获得?)[^。\n]{0,30}通报表扬"
                             r"|(?:网|社|报)[^\s,，。]{0,6}\d{1,2}月\d{1,2}日(?:电|讯)")
# A notice's own addressee line (各区人民政府,各委、局:): a page that reposts the notice itself is the notice.
ADDRESSEE_LINE = re.compile(r"^\s*各[^\n]{1,80}[:：]\s*$", re.M)
# …and a report of one unit's own result (its site ranked 7th, its site praised) grades at most this many.
ONE_UNITS_REPORT_MAX_UNITS = 1
SELF_REPORT_REASON = "a unit's report on its own site or accounts"
OTHER_KIND_MIN_CUES = 2  # distinct cues of one other kind that make a document that kind
HEAD_CHARS = 200  # the head of a text (title zone): a self-report says so there


@dataclass(frozen=True)
class KindDecision:
    is_notice: bool
    kind: str  # "notice" or one of other_kinds
    reason: str
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def kind_cues() -> dict:
    text = resources.files("tongbao.extract").joinpath("data", KINDS_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _found(words, text: str) -> tuple[str, ...]:
    return tuple(w for w in words if w in text)


def decide_kind(text: str, graded_units: int | None = None) -> KindDecision:
    """The kind of a text. `graded_units` (the distinct units its facts name, when extraction has run) lets
    a report of one unit's own result be told from a notice grading several."""
    cues = kind_cues()
    own = CITED_TITLE.sub("", text)
    evaluation = {part: _found(words, own) for part, words in cues["evaluation"].items()}
    others = {kind: _found(words, own) for kind, words in cues["other_kinds"].items()}
    found = {**{f"evaluation.{k}": v for k, v in evaluation.items()}, **{k: v for k, v in others.items() if v}}
    evaluates = all(evaluation.values())
    formula = bool(REPORT_FORMULAS.search(own))
    head = own[:HEAD_CHARS]
    speaks_of_itself = bool(_found(cues["self_reference"], own))
    system_wide = bool(SYSTEM_WIDE.search(head))  # 全市政府网站与政务新媒体自查: a government grading its units
    if SELF_CHECK.search(head) and not system_wide and not MANY_ADDRESSEES.search(head) and (speaks_of_itself or not formula):
        return KindDecision(False, "self_report", SELF_REPORT_REASON, found)
    if speaks_of_itself and not MANY_ADDRESSEES.search(own) and not formula and others.get("self_report"):
        return KindDecision(False, "self_report", SELF_REPORT_REASON, found)
    if graded_units is not None and graded_units <= ONE_UNITS_REPORT_MAX_UNITS:
        # a self-check in the head (…网站普查第一季度自查情况说明) that grades one unit at most: its own site
        if (OWN_SITE_CHECKED.search(own) or SELF_CHECK.search(head)) and not system_wide:
            return KindDecision(False, "self_report", SELF_REPORT_REASON, found)
        if REPORTED_NOTICE.search(own) and not ADDRESSEE_LINE.search(own):
            return KindDecision(False, "news", "a news report of one unit's result in a notice", found)
    strongest = max(others, key=lambda k: len(others[k]))
    if len(others[strongest]) >= OTHER_KIND_MIN_CUES and not (evaluates and formula) and strongest != "self_report":
        return KindDecision(False, strongest, f"reads as {strongest}: {'、'.join(others[strongest])}", found)
    if evaluates:
        return KindDecision(True, "notice", "subject, inspection and outcome of an evaluation", found)
    missing = [part for part, words in evaluation.items() if not words]
    return KindDecision(False, "other", f"no evaluation ({'/'.join(missing)} missing)", found)
