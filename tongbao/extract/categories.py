"""Problem categories: the taxonomy in `data/categories.yaml` and the classifier that gives every cited
problem one category (or `other`).

The classifier reads the text around the cited units. Word boundaries matter ("更新" inside "不更新",
"解读" inside "政策解读"), so the text is segmented with jieba, with every keyword in its user dictionary,
and a keyword counts only when it is a whole token sequence.
"""
from __future__ import annotations

import re

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

OTHER = "other"


@dataclass(frozen=True)
class Category:
    id: str
    scheme: str
    label: str
    keywords: tuple[str, ...]
    # phrases that decide the category before any other's keywords (没有对发现的…进行修改 says the finding
    # was not fixed: that is the problem cited, whatever the finding was)
    decisive: tuple[str, ...] = ()
    # words naming what a problem is about (更新, 链接, 留言): read only when no keyword of any category
    # is named, so that a problem put in words the keyword lists lack (网络链接有问题, 未按期响应) still
    # finds its category
    topics: tuple[str, ...] = ()


def _read_yaml(text: str) -> list[dict]:
    data = yaml.safe_load(text) or {}
    return list(data.get("categories", []))


@functools.lru_cache(maxsize=4)
def load_categories(user_path: str | None = None) -> tuple[Category, ...]:
    """The taxonomy: the shipped file, extended by the user's file if given. (The CLI reads the file's path
    from TONGBAO_CATEGORIES into `tongbao.options.Options`; nothing here reads the environment.)"""
    entries = _read_yaml(resources.files("tongbao.extract").joinpath("data/categories.yaml").read_text("utf-8"))
    if user_path:
        for extra in _read_yaml(Path(user_path).read_text("utf-8")):
            known = next((e for e in entries if e["id"] == extra["id"]), None)
            if known:
                known["keywords"] = list(known.get("keywords", [])) + list(extra.get("keywords", []))
                known["topics"] = list(known.get("topics", [])) + list(extra.get("topics", []))
            else:
                entries.insert(len(entries) - 1, extra)  # keep `other` last
    return tuple(
        Category(e["id"], e.get("scheme", "user"), e.get("label", e["id"]), tuple(e.get("keywords") or ()),
                 tuple(e.get("decisive") or ()), tuple(e.get("topics") or ()))
        for e in entries
    )


@functools.lru_cache(maxsize=4)
def _tokenizer(user_path: str | None = None):
    from tongbao.extract.jieba_index import indexed_tokenizer

    tokenizer = indexed_tokenizer()  # jieba's frequencies read word by word, not all at start (see there)
    for category in load_categories(user_path):
        for keyword in (*category.keywords, *category.decisive):
            tokenizer.add_word(keyword, freq=200000)
    return tokenizer


def _tokens(text: str, user_path: str | None = None) -> list[tuple[str, int]]:
    """jieba tokens with their character offsets."""
    return [(word, start) for word, start, _ in _tokenizer(user_path).tokenize(text)]


def _keyword_hits(text: str, decisive: bool = False, user_path: str | None = None) -> list[tuple[int, str, str]]:
    """(offset, keyword, category id) for every keyword (or decisive phrase) that is a whole token
    sequence of `text`."""
    starts = ends = None  # the tokens' bounds, read only once some keyword occurs (jieba is the dear part)
    hits = []
    for category in load_categories(user_path):
        for keyword in (category.decisive if decisive else category.keywords):
            position = text.find(keyword)
            while position != -1:
                if starts is None:
                    tokens = _tokens(text, user_path)
                    starts = {start for _, start in tokens}
                    ends = {start + len(word) for word, start in tokens}
                if position in starts and position + len(keyword) in ends:
                    hits.append((position, keyword, category.id))
                position = text.find(keyword, position + 1)
    return hits


OWN_CLAUSE_END = re.compile(r"[，,；;。]")
# Broken links or pages inside a service column (便民服务栏目存在断链错链, 利企服务栏目中…多个页面无法访问): the
# service does not work (service_function); site_unreachable is the site itself.
SITE_UNREACHABLE, SERVICE_FUNCTION = "site_unreachable", "service_function"
SERVICE_COLUMN = re.compile(r"(?:办事|便民|利企|惠企|政务)服务[^，,；;。]{0,4}栏目|服务栏目")
SUBSET_CLAUSE = re.compile(r"[，,；;]\s*其中")  # a clause about some of the units (其中,句容市…)
OWN_CLAUSE_MIN_CHARS = 4  # (等4家单位, … is no clause of its own)
# Said of a new-media account, "not updated" is the media category.
MEDIA_CONTEXT_WORDS = ("政务新媒体", "新媒体", "公众号", "微信", "微博", "抖音", "账号")
MEDIA_REMAP = {"column_not_updated": "media_not_updated"}


def classify(after: str, before: str = "", heading: str = "", near: str = "", categories_file: str | None = None) -> str:
    """The category of a cited problem.

    `after` is the text after the cited units up to the next cited units or the end of the sentence
    ("…等单位存在空白栏目问题"), `before` the text before them in the same sentence, `heading` the title of
    the problem item. Among the categories whose keywords appear after the units, the one listed first in
    the taxonomy wins (veto items before deduction items); then the text before; then the heading.
    `near`, when given, is the part of `after` before the next cited units and is read first.
    `categories_file` is the user's file extending the taxonomy (tongbao.options.Options).
    """
    own = _own_clause(near) if near else ""  # (no near: the problem is stated once after all the units)
    subset = SUBSET_CLAUSE.search(after)
    if subset:  # …4县(市)政府门户网站被判定为不合格网站,其中,句容市…再次被判定不合格: the rest is said of a subset
        after = after[: subset.start()]
    category = next((c for c in (_first_listed(t, categories_file) for t in (own, near, after, before, heading))
                     if c), None) or next((c for c in (_first_topic(t, categories_file) for t in (
                         own, near, _own_clause(after) if after else "", heading)) if c), OTHER)
    if any(word in after + before for word in MEDIA_CONTEXT_WORDS):
        category = MEDIA_REMAP.get(category, category)
    if category == SITE_UNREACHABLE and SERVICE_COLUMN.search(own or near or after):
        category = SERVICE_FUNCTION  # 便民服务栏目存在断链错链: the service does not work, the site does
    return category


def _own_clause(text: str) -> str:
    """The units' own clause: up to the first comma or semicolon (…网站存在大量应更新未更新栏目,省公共资源交易网
    出现多个空白栏目: the second problem is another site's)."""
    match = OWN_CLAUSE_END.search(text, OWN_CLAUSE_MIN_CHARS)
    return text[: match.start()] if match else text


def _first_topic(text: str, user_path: str | None = None) -> str | None:
    """The category whose topic word comes first in `text`."""
    hits = [(position, category.id) for category in load_categories(user_path) for topic in category.topics
            if (position := text.find(topic)) >= 0]
    return min(hits)[1] if hits else None


def _first_listed(text: str, user_path: str | None = None) -> str | None:
    if not text:
        return None
    order = {c.id: i for i, c in enumerate(load_categories(user_path))}
    hits = _keyword_hits(text, decisive=True, user_path=user_path) or _keyword_hits(text, user_path=user_path)
    return min((h[2] for h in hits), key=order.__getitem__) if hits else None
