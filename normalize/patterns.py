"""Every regex, word list and threshold of the normalisation chain, each with the reason it exists.

Compiled once at import. Character classes are built from a few named ranges so that a reader can check
what "CJK" or "Chinese punctuation" means here in one place.
"""
from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Character classes
# ---------------------------------------------------------------------------------------------

# CJK ideographs: Extension A, the URO, compatibility ideographs (what a 通报 is written in).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese punctuation kept as is (it carries meaning for enumerations and sentence ends).
CJK_PUNCT = "，。、：；！？“”‘’《》〈〉【】〔〕「」『』…—·"
# Sentence ends: a line ending in one of these is complete and never joined to the next.
TERMINAL_PUNCT = "。；：！？;:!?"
# Closing marks that may follow a terminal mark (`。”`, `。)`) without making the line incomplete.
CLOSING_MARKS = "”’」』)）》"
# Punctuation that says "the sentence goes on" when a line ends with it.
CONTINUING_PUNCT = "，、,（(“《〔【"

CJK_CHAR_RE = re.compile("[" + CJK + "]")  # one ideograph: counts for the traditional share
CJK_RUN_RE = re.compile("[" + CJK + "]*")  # the ideographs right after a point
CJK_RUN_END_RE = re.compile("[" + CJK + "]*$")  # the ideographs right before a point
LETTER_RE = re.compile("[" + CJK + "A-Za-z]")  # what counts as content when measuring a spam line

# ---------------------------------------------------------------------------------------------
# Step 1: width and punctuation
# ---------------------------------------------------------------------------------------------

# Full-width forms U+FF01..U+FF5E map to ASCII by an offset, except the Chinese punctuation we keep.
FULLWIDTH_KEPT = set("，：；！？")  # Chinese comma/colon/semicolon/marks: meaningful, kept
# Spaces that are not U+0020 (ideographic space, NBSP, en/em/thin spaces) become a plain space.
ODD_SPACES = "\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
# Invisible characters that only break matching (zero-width space/joiners, BOM, soft hyphen).
INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _width_table() -> dict[int, int | None]:
    table: dict[int, int | None] = {}
    for code in range(0xFF01, 0xFF5F):
        if chr(code) not in FULLWIDTH_KEPT:
            table[code] = code - 0xFEE0
    for ch in ODD_SPACES:
        table[ord(ch)] = ord(" ")
    for ch in INVISIBLES:
        table[ord(ch)] = None
    table[ord("\r")] = None  # CRLF sources: lines are split on \n only
    return table


# A translation table, not NFKC: NFKC would also fold CJK compatibility ideographs and `〔〕`.
WIDTH_TABLE = _width_table()
WIDTH_CHARS_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in WIDTH_TABLE) + "]")  # to count changes

# ---------------------------------------------------------------------------------------------
# Step 2: pinyin glosses (`號(hào)`)
# ---------------------------------------------------------------------------------------------

TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# Tone marks stripped to test a gloss against the syllable grammar below.
DETONE_TABLE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuüüüü")
# One Mandarin syllable: optional initial + final. Glosses outside this grammar are real parentheses.
PINYIN_SYLLABLE_RE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ei|ao|ou|an|en|in|un|ün|vn"
    r"|er|ia|ie|iu|ua|uo|ui|üe|ve|ue|a|o|e|i|u|ü|v)"
)
# A parenthesised lowercase word of up to six letters: the only shape a gloss can have.
GLOSS_CANDIDATE_RE = re.compile(r"\(([a-zü" + TONED_VOWELS + r"]{1,6})\)")
# A gloss stays a gloss only right after a CJK character (unless the page is known to gloss).
GLOSS_AFTER_CJK_RE = re.compile(r"(?<=[" + CJK + r"])\(([a-zü" + TONED_VOWELS + r"]{1,6})\)")
# Debris of a gloss whose opening half was eaten by mojibake (`?wèi)` in seed 004).
GLOSS_DEBRIS_RE = re.compile(r"(?<=\?)([a-zü" + TONED_VOWELS + r"]{1,6})\)")
# A page "uses glosses" once this many toned glosses follow CJK characters; then tone-less ones go too.
GLOSS_PAGE_MIN = 2

# ---------------------------------------------------------------------------------------------
# Step 3: traditional -> simplified
# ---------------------------------------------------------------------------------------------

OPENCC_CONFIG = "t2s"  # traditional to simplified, characters and phrases, no regional idioms
# A page is traditional when at least this share of its CJK characters change under t2s. Simplified
# pages change well under 1% (variant characters); traditional pages 15-30%.
TRADITIONAL_SHARE_MIN = 0.05
# Below this many CJK characters the share is noise; a short string needs 2 changed characters.
TRADITIONAL_MIN_CHANGED = 2

# ---------------------------------------------------------------------------------------------
# Step 4: page furniture
# ---------------------------------------------------------------------------------------------

# Inline pieces of page furniture removed wherever they occur.
BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]", re.I)  # Word bookmarks leaked into text
HTML_TAG_DEBRIS_RE = re.compile(  # tags leaked from badly stripped HTML (`</span>` in seed 004), of any name:
    # a cloaking farm hides its links in made-up runs of tags (<legend id="h4sia"></legend><delect id=…>)
    r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>]{0,200})?/?>", re.I
)
# CSS rules that reached the text (seed 001's last line). A selector, then `{ property: value; ... }`.
# Every repetition of the selector starts with a separator, so the regex cannot backtrack exponentially.
_CSS_NAME = r"[A-Za-z0-9_\-]+"
CSS_RULE_RE = re.compile(
    r"[.#]?[A-Za-z_][A-Za-z0-9_\-]*(?:(?:\s+|\s*[>+~,]\s*|[.#:]{1,2})" + _CSS_NAME + r")*"
    r"\s*\{[^{}]*\}\s*;?\s*"
)
# A line can only be furniture if it contains one of these (a quick test before the line patterns).
FURNITURE_HINT_RE = re.compile(
    r"分享|字号|打印|关闭|收藏|返回|责任编辑|当前|位置|版权|ICP|公网安备|标识码|技术支持|浏览器|Copyright|©|主办"
    r"|function|var|document|window|\$\(|jQuery|\)\s*;",
    re.I,
)
# A line without any of these needs none of steps 4-7 (besides spam keywords, checked apart): no
# furniture hint, space, `?`, undecodable character, digit before 月/日, tag, brace, link or bullet.
LINE_STEP_TRIGGER_RE = re.compile(
    FURNITURE_HINT_RE.pattern + r"|[ \t]|\?|[\ufffd\ue000-\uf8ff]|\d[月日]|\[|<|\{|www\.|://|^[•●◆■□▪·]",
    re.I,
)
# Whole lines that are page furniture; a line matching one is dropped.
FURNITURE_LINE_RES = {
    # share/print/close/font-size widgets: `分享:`, `字号: 分享到:`, `【打印本页】【关闭窗口】`
    "widget": re.compile(
        r"^(?:\s*[【\[]?(?:分享到?|字号|打印本?页?|关闭窗口|关闭|收藏本?页?|返回顶部|返回首页|加入收藏)"
        r"[】\]]?\s*[:：]?\s*(?:[【\[]?[大中小默认]{1,2}[】\]]?\s*)*)+$"
    ),
    # editor credit lines: `责任编辑:胡少鹏`
    "editor": re.compile(r"^[【\[(]?责任编辑\s*[:：].{0,30}$"),
    # navigation crumbs: `当前栏目:政府网站抽查`, `当前位置: 首页 > ...`
    "crumb": re.compile(r"^(?:当前栏目|当前位置|您(?:当前)?(?:的|所在的)?位置|您现在的位置)\s*[:：].{0,120}$"),
    # site footers; short lines without enumeration or sentence marks (a deduction rule that lists
    # `ICP备案编号、公安机关备案标识` in seed 004 is not a footer)
    "footer": re.compile(
        r"^(?=.{0,160}$)(?!.*[、。；]).*(?:版权所有|ICP备|ICP证|公网安备|网站标识码|技术支持\s*[:：]|建议使用.{0,20}浏览器"
        r"|Copyright|©).*$",
        re.I,
    ),
    # footer `主办单位:...` only with a footer companion on the line; a bare `主办单位` is a table header
    "sponsor": re.compile(r"^主办(?:单位)?\s*[:：].{0,80}(?:承办|协办|维护|版权|ICP|备案|标识码|技术支持).*$"),
    # script text as a line: JavaScript markers and no Chinese at all
    "script": re.compile(
        r"^(?=.*(?:function\s*\(|\bvar\s+\w+\s*=|document\.\w+|window\.\w+|\$\(|jQuery|\)\s*;\s*$))"
        r"[^" + CJK + r"]*$"
    ),
}

# ---------------------------------------------------------------------------------------------
# Step 5: injected spam
# ---------------------------------------------------------------------------------------------

SPAM_KEYWORDS_FILE = "spam_keywords.txt"  # under normalize/data/
# Extra keyword files, separated by os.pathsep; same format as the built-in file.
# (the user's files: tongbao.options.SPAM_KEYWORDS_ENV, read at the CLI's edge)
# Glue that sits between spam keywords inside one injected token (`必威体育app官网`, `投注*平台`).
SPAM_GLUE = r"[A-Za-z_\-*|·【】\[\]]"
# Marks that open an injected token (`_Betway…`, `-【投注…`).
SPAM_LEAD = r"[_\-*|【\[]*"
# Marks that close an injected token, ending with the colon the injector left (`必威体育app官网:`).
SPAM_TRAIL = r"[A-Za-z]*[_\-*|】\]]*[:：]?"
# A line is spam only (dropped whole) when, after taking out every keyword, at most this share of its
# letters is left, and no more than a few letters (`二是Betway必威体育水平不高` keeps 6: a real sentence) ...
SPAM_LINE_MAX_RESIDUE = 0.4
SPAM_LINE_MAX_RESIDUE_CHARS = 4
# ... or it holds at least this many distinct always-spam keywords (a line of porn titles).
SPAM_LINE_MIN_STRONG = 3
# A trailing run of at least this many lines, each with a keyword, is a run of junk titles.
JUNK_RUN_MIN = 2
# A foreign token recurring this often through the page is injected (seed 001 repeats its token 7x).
REPEATED_TOKEN_MIN = 3
# A Latin word of three letters or more, not part of a longer alphanumeric run (`ipv6` is not one): the
# anchor of a foreign token (`Betway必威体育`, `…体育app官网`).
LATIN_WORD_RE = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z0-9])")
FOREIGN_LEFT_WINDOW = 40  # how far back to look for the CJK run glued to a Latin word
# Latin words that government text itself glues to Chinese (`鄂汇办app下载`): a token around one of these
# is spam only when it holds an always-spam keyword.
GOV_LATIN_WORDS = frozenset(
    w.lower()
    for w in (
        "app", "ipv", "pdf", "word", "excel", "wps", "www", "http", "https", "html", "com", "gov", "cn",
        "icp", "wifi", "wlan", "email", "mail", "ppt", "office", "dns", "https", "url", "api", "id", "gdp",
        "cpi", "ppp", "covid", "ca", "vpn", "cdn", "ssl", "tls", "web", "wap", "pc", "ukey", "java", "php",
    )
)
# Links in the text; a link to a non-government host is reported, and removed when it looks like spam.
URL_RE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.\-]+(?:[/?#][^\s<>\"'，。；）)]*)?", re.I)
URL_HOST_RE = re.compile(r"^(?:https?://)?([A-Za-z0-9.\-]+)", re.I)
# Hosts that are government or official state media: links to them are ordinary.
OFFICIAL_HOST_SUFFIXES = (
    ".gov.cn", ".gov", "gov.cn", ".people.com.cn", "people.com.cn", "xinhuanet.com", "news.cn",
    "cctv.com", "12377.cn", "beian.miit.gov.cn", "12345.gov.cn",
)
# Substrings of a link that make it spam on their own (gambling/porn hosts).
SPAM_URL_MARKERS = re.compile(r"bet|casino|vip\d|bwin|xpj|bocai|am\d{3}|\d{3,}\.com|av\d|porn|sex", re.I)

# ---------------------------------------------------------------------------------------------
# Step 6: PDF spacing
# ---------------------------------------------------------------------------------------------

# Spaces between two CJK characters, or between CJK and a digit, or CJK and punctuation: PDF artefacts.
_TIGHT = CJK + CJK_PUNCT
SPACE_BETWEEN_CJK_RE = re.compile(r"(?<=[" + _TIGHT + r"])[ \t]+(?=[" + _TIGHT + r"])")
SPACE_DIGIT_CJK_RE = re.compile(r"(?<=[0-9%])[ \t]+(?=[" + CJK + r"])|(?<=[" + CJK + r"])[ \t]+(?=[0-9])")
# Half-width punctuation used as Chinese punctuation, next to CJK: `(街道): 金湖`, `), 联系电`.
SPACE_PUNCT_CJK_RE = re.compile(
    r"(?<=[,;:!?)])[ \t]+(?=[" + _TIGHT + r"])|(?<=[" + _TIGHT + r"])[ \t]+(?=[,;:!?(])"
)
# A full stop typed or converted as an ASCII period after Chinese text (…向好发展. 评估结果显示): the
# sentence end the extractor reads; a period between digits (85.86) or in an address is left alone.
CJK_PERIOD_RE = re.compile(r"(?<=[\u4e00-\u9fff）”])\.(?=\s*(?:[\u4e00-\u9fff（“]|$))")
RUN_OF_SPACES_RE = re.compile(r"[ \t]{2,}")  # a run collapses to one space (Latin words stay apart)
# Spaces before a page-metadata label separate two fields (`…办公室    时间:2022-08-25`): one space stays.
FIELD_GAP_RE = re.compile(
    r"[ \t]+(?=(?:来源|信息来源|文章来源|时间|日期|发布时间|发布日期|作者|浏览次数|点击数|阅读次数)[:：])"
)
FIELD_GAP_MARK = "\x00"  # placeholder for the space kept between fields while CJK spaces are removed
# List bullets copied from HTML lists (`• 索引号`): a marker, not text.
BULLET_RE = re.compile(r"^[•●◆■□▪·]\s*")

# ---------------------------------------------------------------------------------------------
# Step 7: damaged text
# ---------------------------------------------------------------------------------------------

# `?` followed by non-CJK junk between CJK characters: a character decoded in the wrong code page.
MOJIBAKE_RE = re.compile(r"(?<=[" + CJK + r"])\?[^\s" + CJK + CJK_PUNCT + r"]{1,4}(?=[" + CJK + r"])")
# A lone `?` (or a run) where a character was lost: after CJK at the end of a line, or between CJK.
LOST_CHAR_RE = re.compile(r"(?<=[" + CJK + r"\s])\?+(?=\s*$|[" + CJK + r"])")
# U+FFFD and private-use characters: bytes that could not be decoded, or a cell cut mid-character.
UNDECODABLE_RE = re.compile("[\ufffd\ue000-\uf8ff]")
# Dates whose 年/月 was lost: `201912月`, `2020720日` (year glued to month and day).
YEAR_MONTH_LOST_RE = re.compile(r"(?<![0-9.])((?:19|20)\d\d)(\d{1,2})月")
YEAR_MONTH_DAY_LOST_RE = re.compile(r"(?<![0-9.])((?:19|20)\d\d)(\d{2,4})日")
# Month glued to day after a deadline word: `于815日前`, `于830日前`. Not `120日内` (a span of days).
MONTH_DAY_LOST_RE = re.compile(r"(?<=[于至到止在前])(\d{3,4})日(?!内|以内|之内)")
WARNING_CONTEXT_CHARS = 12  # characters of context quoted around a damaged spot in a warning

# ---------------------------------------------------------------------------------------------
# Step 8: broken lines
# ---------------------------------------------------------------------------------------------

# A line starting with one of these opens a new item: never glued to the line before it.
HEADING_START_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*、|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[.、．](?!\d)"
    r"|[一二三四五六七八九十]{1,3}是|附\s*件|附\s*\d|第[一二三四五六七八九十\d]{1,3}[章节条部期]"
    r"|[①-⑳]|[•●◆■□▪])"
)
# `成绩优秀的市直单位：…`: a short label and a colon opens a new statement.
LABEL_START_RE = re.compile(r"^[" + CJK + r"()（）]{2,14}[:：]")
# A line ending in a document-type noun is a title, complete without punctuation.
TITLE_END_RE = re.compile(r"(?:通报|通知|报告|意见|办法|方案|决定|情况表|清单|公告|函|评分|成绩|名单)$")
# A line of prose wrapped at the page edge is at least this long ...
WRAP_MIN_CHARS = 24
# ... and shows it is prose by a comma inside it; or it is this long anyway (a paragraph, not a title).
PROSE_COMMA_RE = re.compile(r"[，,；;]")
LONG_LINE_CHARS = 80
# A line opening with these carries on the previous one (`…主题教育` + `。其他栏目…` in seed 004).
CONTINUATION_START = "。，、；：！？,;)）”’》"
# A line ending in an ideograph, digit or letter stops mid-text (`…各乡镇人民政府，各街`).
MID_TEXT_END_RE = re.compile("[" + CJK + r"0-9A-Za-z]$")
# The line after a wrap is not a lone table value: a number, or a word that is a whole cell.
CELL_VALUE_RE = re.compile(r"^(?:[\d.%\-/]+|合格|不合格|是|否|微信|微博|抖音|头条|优秀|良好|较好|一般|差)$")
# Unit names broken inside a cell (`市水利和` + `湖泊局`): the second piece ends in one of these.
from tongbao.normalize.units.patterns import CELL_UNIT_SUFFIXES  # noqa: E402  (the unit vocabulary's owner)

UNIT_SUFFIX_RE = re.compile("(?:" + "|".join(sorted(CELL_UNIT_SUFFIXES, key=len, reverse=True)) + ")$")
# The first piece opens with a level prefix and is short; the second is short and ends in a suffix.
UNIT_HEAD_RE = re.compile(r"^[市县区州省][" + CJK + r"]{2,8}$")
UNIT_TAIL_RE = re.compile(r"^[" + CJK + r"]{2,6}$")
UNIT_TAIL_BAD_START = "市县区省州"  # a second piece opening with a prefix is a unit of its own
# Group headings of flattened tables: short, prefixed, suffix-less, but never half a unit name.
GROUP_HEADINGS = frozenset(
    ("市直", "县直", "区直", "市直部门", "市直单位", "县直部门", "县直单位", "区直部门", "区直单位", "县市区",
     "市州", "县区", "区县", "市辖区")
)


# ---------------------------------------------------------------------------------------------
# Step 5b: spun words (data/spun_words.txt) back to the notice's own words
# ---------------------------------------------------------------------------------------------
def _read_spun_words() -> dict[str, str]:
    from importlib import resources

    pairs = {}
    text = resources.files("tongbao.normalize").joinpath("data", "spun_words.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if "\t" in line:
            spun, original = line.split("\t", 1)
            pairs[spun.strip()] = original.strip()
    return pairs


SPUN_WORDS: dict[str, str] = _read_spun_words()
SPUN_RE = re.compile("|".join(re.escape(w) for w in sorted(SPUN_WORDS, key=len, reverse=True)))
# Steps whose removals make a page tampered: injected spam, and words a spinner replaced.
TAMPER_STEPS = ("spam", "spun")
