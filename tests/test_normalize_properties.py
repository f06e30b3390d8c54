"""Properties of normalize_text: idempotent, clean text unchanged, never raises."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongbao.normalize import normalize_text

# Real clean sentences from the seeds (simplified, no spam, punctuation as the notices write it).
CLEAN_SENTENCES = [
    "一、基本情况",
    "二、存在的突出问题",
    "(一)主体责任意识树得不牢。",
    "三是平台建设进展不快。",
    "市直各相关单位:",
    "各乡镇人民政府，县政府各部门，县直各单位：",
    "现将有关情况通报如下：",
    "检查比例100%，合格率仅为27.5%；共检查全县政务新媒体7个。",
    "县工信局、市场监管局、生态环境局、农业农村局、林业局等单位存在空白栏目问题；",
    "但检查发现市发改委超期解读，市公安局解读未关联文件。",
    "要久久为功，持续推进政务公开平台建设。",
    "监测时间点前2周内无更新(2020.07.01-2020.07.17)",
    "咸宁市交通投资(集团)有限公司",
    "《湖北省政务新媒体管理办法(试行)》",
    "大冶市城市管理执法局",
    "95.00",
    "2022年10月21日",
    "联系电话:8126116。报送邮箱:1914268830@qq.com。",
    "如“大冶禁毒”“大冶人社”等平台经常临近监测时间点才进行更新。",
    "附件:",
    "国办秘函〔2019〕19号",
]
CJK_POOL = "政务公开网站新媒体市县区局委办中心通报情况检查问题单位栏目更新解读合格的和了是在有"

sentence = st.sampled_from(CLEAN_SENTENCES)
cjk_word = st.text(alphabet=CJK_POOL, min_size=1, max_size=12).map(lambda s: s + "。")
clean_line = st.one_of(sentence, cjk_word)
clean_text = st.lists(clean_line, min_size=1, max_size=12).map("\n".join)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(clean_text)
def test_clean_simplified_text_comes_out_unchanged(text):
    out = normalize_text(text)
    assert out.text == text
    assert out.report == {}
    assert out.removed == [] and not out.tampered


@FAST
@given(st.lists(st.one_of(clean_line, st.text(max_size=40)), max_size=10).map("\n".join))
def test_idempotent(text):
    once = normalize_text(text).text
    assert normalize_text(once).text == once


@FAST
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_unicode(text):
    out = normalize_text(text)
    assert isinstance(out.text, str) and out.raw == text


@FAST
@given(st.lists(st.sampled_from(["政务 公开", "（一）", "號(hào)", "發(fā)布", "\u3000", "必威体育app官网:", "市水利和",
                                 "湖泊局", "\n", "2020720日", "?", " ", "，", "Betway", "a{color:#fff}"]),
                max_size=25).map("".join))
def test_idempotent_on_seed_fragments(text):
    once = normalize_text(text).text
    assert normalize_text(once).text == once
