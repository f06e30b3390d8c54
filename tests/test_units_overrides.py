"""The overrides file: YAML and CSV, its errors, and its three actions."""
from __future__ import annotations

import pytest

from tongbao.errors import OverridesError
from tongbao.normalize.units.overrides import load_overrides

YAML = """\
- {action: confirm, mention: 东岳街办, place: 大冶市, unit: 大冶市东岳路街道}
- {action: merge, unit: 大冶市卫生健康委员会, into: 大冶市卫生健康局}
- {action: split, mention: 城管局, notice: abc, unit: 大冶市城市管理局}
"""
CSV = """action,mention,place,notice,unit,into,note
confirm,东岳街办,湖北省/黄石市/大冶市,,大冶市东岳路街道,,
merge,,,,大冶市卫生健康委员会,大冶市卫生健康局,one unit
split,城管局,,abc,大冶市城市管理局,,
"""


@pytest.mark.parametrize("name, text", [("o.yaml", YAML), ("o.csv", CSV)])
def test_yaml_and_csv_give_the_same_overrides(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    overrides = load_overrides(path)
    assert [o.action for o in overrides.entries] == ["confirm", "merge", "split"]
    assert overrides.unit_for("东岳街办", "湖北省/黄石市/大冶市") == "大冶市东岳路街道"  # a place name becomes a path
    assert overrides.unit_for("城管局", "湖北省/黄石市/大冶市", "abc") == "大冶市城市管理局"
    assert overrides.unit_for("城管局", "湖北省/黄石市/大冶市", "other") is None
    assert overrides.merged("大冶市卫生健康委员会") == "大冶市卫生健康局"
    assert overrides.merged("大冶市教育局") == "大冶市教育局"


def test_grouped_yaml_form(tmp_path):
    path = tmp_path / "o.yaml"
    path.write_text("merge:\n  - {unit: A局, into: B局}\n", encoding="utf-8")
    assert load_overrides(path).merged("A局") == "B局"


@pytest.mark.parametrize("text, message", [
    ("- {action: rename, unit: a}\n", "entry 1: action must be one of confirm, merge, split"),
    ("- {action: merge, unit: a}\n", "entry 1 (merge) lacks into"),
    ("- {action: confirm, mention: a, unit: b}\n", "entry 1 (confirm) lacks place"),
    ("[unclosed\n", "cannot read overrides"),
])
def test_bad_overrides_name_the_file_and_entry(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OverridesError) as error:
        load_overrides(path)
    assert error.value.path == str(path)
    assert message in error.value.detail


def test_no_default_file_means_no_overrides(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert not load_overrides()
    (tmp_path / "tongbao-overrides.yaml").write_text(YAML, encoding="utf-8")
    assert len(load_overrides().entries) == 3


def test_a_merge_loop_is_an_error(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("- {action: merge, unit: A局, into: B局}\n- {action: merge, unit: B局, into: A局}\n",
                    encoding="utf-8")
    with pytest.raises(OverridesError):
        load_overrides(path).merged("A局")
