import re
import xml.etree.ElementTree as ET

import pytest

from tests.paths import ROOT
from web.svg import Guide, line_chart, nice_range

SVG = "{http://www.w3.org/2000/svg}"
LABELS = ["Jan 26", "Feb", "Mar", "Apr", "Mei"]


def _chart(values, **kwargs):
    options = {"chart_id": "grafik-uji", "title": "IKM Dinas Uji", "desc": "IKM per bulan."}
    options.update(kwargs)
    return line_chart(values, LABELS[: len(values)], **options)


def _tree(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def test_an_accessible_image_with_title_and_desc():
    root = _tree(_chart([80.5, 82.0, 81.25, 84.0, 85.5]))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "grafik-uji-title grafik-uji-desc"
    assert root.find(f"{SVG}title").get("id") == "grafik-uji-title"
    assert root.find(f"{SVG}title").text == "IKM Dinas Uji"
    assert root.find(f"{SVG}desc").text == "IKM per bulan."
    assert root.get("viewBox") == "0 0 640 260"


def test_one_line_and_a_point_per_value_with_indonesian_tooltips():
    root = _tree(_chart([80.5, 82.0, 81.25, 84.0, 85.5], point_labels=["Januari 2026", "b", "c", "d", "e"]))
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 5
    points = root.findall(f"{SVG}circle")
    assert len(points) == 5
    assert points[0].find(f"{SVG}title").text == "Januari 2026: 80,50"
    assert [t.text for t in root.findall(f"{SVG}text[@class='chart-label']")] == LABELS


def test_missing_values_are_gaps_not_zeros():
    root = _tree(_chart([80.0, None, 82.0, 83.0, None]))
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # 82, 83; 80 stands alone
    xs = [float(c.get("cx")) for c in root.findall(f"{SVG}circle")]
    assert len(xs) == 3 and xs[1] - xs[0] == pytest.approx(2 * (xs[2] - xs[1]))  # the gap keeps its slot
    assert len(_tree(_chart([None, 81.0, None, 82.0, None])).findall(f"{SVG}polyline")) == 0


def test_no_values_at_all_says_so():
    root = _tree(_chart([None, None, None]))
    assert root.findall(f"{SVG}circle") == []
    assert root.find(f"{SVG}text[@class='chart-empty']").text == "Belum ada angka yang dapat ditampilkan."


def test_text_is_escaped():
    evil = "<script>alert(1)</script>"
    markup = str(
        line_chart(
            [1.0],
            [evil],
            chart_id='x" onload="alert(1)',
            title=evil,
            desc=evil,
            point_labels=[evil],
            guides=[Guide(1.0, evil)],
        )
    )
    assert "<script>" not in markup
    assert 'onload="alert(1)"' not in markup
    root = ET.fromstring(markup)  # still well-formed
    assert root.find(f"{SVG}title").text == evil  # the text itself survives, as text


def test_no_inline_style_attributes():
    markup = str(_chart([80.5, 82.0, None, 84.0, 85.5], guides=[Guide(76.61, "Batas mutu B")]))
    assert "style=" not in markup and "<style" not in markup and "<script" not in markup
    assert 'class="chart-line"' in markup and 'class="chart-point"' in markup


def test_guides_are_drawn_inside_the_range():
    root = _tree(_chart([80.0, 82.0], guides=[Guide(76.61, "Batas mutu B")]))
    labels = [t.text for t in root.findall(f"{SVG}text[@class='chart-guide-label']")]
    assert labels == ["Batas mutu B"]
    ticks = [t.text for t in root.findall(f"{SVG}text[@class='chart-tick']")]
    assert ticks[0] == "76" and "82" in ticks  # the axis stretched to hold the guide


def test_y_ticks_use_decimal_comma():
    root = _tree(_chart([80.0, 81.0, 82.0]))
    ticks = [t.text for t in root.findall(f"{SVG}text[@class='chart-tick']")]
    assert ticks == ["80,0", "80,5", "81,0", "81,5", "82,0"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([82.1, 91.5], (80.0, 92.5, 2.5)),
        ([100.0, 100.0], (99.0, 101.0, 0.5)),
        ([], (0.0, 100.0, 25.0)),
        ([3.1, 3.9], (3.0, 4.0, 0.2)),
    ],
)
def test_nice_range(values, expected):
    assert nice_range(values) == pytest.approx(expected)


def test_lengths_must_match():
    with pytest.raises(ValueError):
        line_chart([1.0, 2.0], ["a"], chart_id="x", title="t", desc="d")


def test_higher_values_are_drawn_higher():
    root = _tree(_chart([80.0, 90.0]))
    first, second = (float(c.get("cy")) for c in root.findall(f"{SVG}circle"))
    assert second < first
    assert all(re.fullmatch(r"[\d.,\s]+", line.get("points")) for line in root.findall(f"{SVG}polyline"))


def test_phone_screens_get_larger_labels_and_every_other_month():
    """The 640-unit chart is about 350 px wide on a 390-px phone: its 12-unit text would be 7 px.
    Every other month label is marked minor (the latest always shown) so a stylesheet rule can
    hide those and enlarge the rest on narrow screens."""
    import re

    from web.svg import line_chart

    labels = [f"M{i}" for i in range(12)]
    svg = str(line_chart([80.0] * 12, labels, chart_id="c", title="t", desc="d"))
    minor = re.findall(r'class="chart-label chart-label-minor"[^>]*>([^<]+)<', svg)
    assert minor == [f"M{i}" for i in range(0, 12, 2)]  # M11, the latest, is not minor
    css = (ROOT / "web" / "static" / "style.css").read_text(encoding="utf-8")
    phone = css[css.index("@media (max-width: 40rem)") :]
    assert ".chart-label-minor { display: none; }" in phone
    assert re.search(r"svg\.chart text \{ font-size: (1[89]|2\d)px; \}", phone)
