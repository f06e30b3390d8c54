"""The section tree of a notice, from the numbering styles notices use (一、 / (一) / 1. / 一是).

A style's level is the order in which the document first uses it: `一、` then `(一)` makes `(一)` level 2,
but a notice that goes `一、` then `1.` makes `1.` level 2. Meeting a style already open closes the deeper
ones. `附件` starts the attachments, outside the numbered tree.
"""
from __future__ import annotations

from dataclasses import dataclass

from tongbao.extract import patterns as P
from tongbao.model import Block


@dataclass(frozen=True)
class Section:
    index: int
    style: str
    number: str
    title: str  # the heading's first sentence, without its number
    level: int  # 1 = top
    role: str | None  # overview / problems / praise / causes / requirements / attachments, inherited
    block: int  # body index of the heading block
    parent: int | None

    def label(self) -> str:
        return self.title


def heading_of(text: str) -> tuple[str, str, str] | None:
    """(style, number, title) if the text starts with a heading marker."""
    for style, pattern in P.HEADING_STYLES.items():
        match = pattern.match(text)
        if match:
            rest = text[match.end():]
            end = P.HEADING_TITLE_END.search(rest)
            title = rest[: end.start()] if end else rest
            return style, match.group(1), title.strip()
    return None


def heading_polarity(title: str) -> str | None:
    """"problems" for a heading that states a problem (未及时更新, 存在严重表述不规范), "praise" for one
    that commends, else None."""
    problem = any(word in title for word in P.PROBLEM_CONTEXT_WORDS + P.HEADING_PROBLEM_WORDS)
    positive = any(word in title for word in P.POSITIVE_WORDS)
    if problem and not positive:
        return "problems"
    if positive and not problem:
        return "praise"
    return None


def section_role(title: str) -> str | None:
    if P.PROBLEMS_RECEDING.search(title):
        return "praise"  # 问题逐季减少, 问题得到有效解决: a heading of progress, not of problems
    for role, words in P.SECTION_ROLES.items():
        if any(word in title for word in words):
            if role == "requirements" and P.REQUIREMENT_FELL_SHORT.search(title):
                return "problems"  # (三)政务新媒体监测信息整改不及时: what fell short, not what is asked
            return role
    return None


@dataclass
class SectionTree:
    sections: list[Section]
    of_block: dict[int, int]  # body index -> index of the innermost section holding it

    def path(self, body_index: int) -> list[Section]:
        index = self.of_block.get(body_index)
        chain = []
        while index is not None:
            chain.append(self.sections[index])
            index = self.sections[index].parent
        return list(reversed(chain))

    def role(self, body_index: int) -> str | None:
        index = self.of_block.get(body_index)
        return self.sections[index].role if index is not None else None

    def label(self, body_index: int) -> str | None:
        chain = self.path(body_index)
        return " > ".join(s.title for s in chain) if chain else None

    def to_list(self) -> list[dict]:
        return [
            {"title": s.title, "number": s.number, "level": s.level, "role": s.role, "block": s.block,
             "parent": s.parent}
            for s in self.sections
        ]


def build_sections(blocks: list[tuple[int, Block]], start: int = 0) -> SectionTree:
    """Sections of the blocks (body index, block), ignoring blocks before `start` (the header)."""
    sections: list[Section] = []
    of_block: dict[int, int] = {}
    open_styles: list[tuple[str, int]] = []  # (style, section index), outermost first
    in_attachments = False
    for body_index, block in blocks:
        if body_index < start:
            continue
        text = block.text
        if P.ATTACHMENT_HEADING.match(text) and len(text) < P.ATTACHMENT_HEADING_MAX_CHARS:
            in_attachments = True
            sections.append(Section(len(sections), "attachment", "", text.strip(), 1, "attachments",
                                    body_index, None))
            open_styles = []
            of_block[body_index] = len(sections) - 1
            continue
        heading = None if in_attachments else heading_of(text)
        if heading:
            style, number, title = heading
            styles = [s for s, _ in open_styles]
            # numbering restarts at 1 only under a new parent: a `1.` after `(二)` opened below an earlier
            # `2.` is (二)'s first item, not the old list's next one (a page that lost its `(一)` heading)
            last = len(styles) - 1 - styles[::-1].index(style) if style in styles else None  # innermost
            restarts = number in P.FIRST_NUMBERS and last is not None and styles[-1] != style and \
                sections[open_styles[last][1]].number not in P.FIRST_NUMBERS
            if last is not None and not restarts:
                open_styles = open_styles[:last]
            parent = open_styles[-1][1] if open_styles else None
            level = len(open_styles) + 1
            role = section_role(title)
            if role is None:
                # (一)未及时更新, 二、公开目录栏目需要更新的单位: a heading that states a problem
                role = heading_polarity(title)
            # a sub-heading may turn the polarity of a findings section, never leave requirements
            if level > 1 and (role not in P.SUBSECTION_ROLES or
                              (parent is not None and sections[parent].role in P.NOT_FINDINGS_ROLES)):
                role = None
            if role is None and parent is not None:
                role = sections[parent].role
            sections.append(Section(len(sections), style, number, title, level, role, body_index, parent))
            open_styles.append((style, len(sections) - 1))
            of_block[body_index] = len(sections) - 1
        elif sections:
            of_block[body_index] = sections[-1].index if in_attachments else open_styles[-1][1] if open_styles else sections[-1].index
    return SectionTree(sections, of_block)
