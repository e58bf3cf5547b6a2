"""bench/golden.py's compare and normalisation, on small hand-made capture folders."""

import importlib.util
import json
from pathlib import Path

from tests.paths import ROOT

GOLDEN = ROOT / "bench" / "golden.py"
spec = importlib.util.spec_from_file_location("golden", GOLDEN)
golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden)


def make_capture(root: Path, score: str = "87.5", part: str = "aaa", raw: str = "111") -> Path:
    (root / "demo" / "store").mkdir(parents=True)
    (root / "demo" / "store" / "results.csv").write_text(
        f"agency,nip,na\nDINKES,198001012005011001,{score}\nDINKES,198001012005011002,70.0\n", encoding="utf-8"
    )
    (root / "demo" / "web").mkdir()
    (root / "demo" / "web" / "beranda.txt").write_text("/\n200 text/html\n\n<p>Kinerja</p>\n", encoding="utf-8")
    (root / "demo" / "bytes.json").write_text(
        json.dumps({"workbooks/dinkes.hasil.xlsx": {"sha256": raw, "parts": {"xl/worksheets/sheet1.xml": part}}})
    )
    (root / "_source.txt").write_text(f"repo {root}\ncommit x\ndirty False\ntoday_wib 2026-12-03\n")
    return root


def test_identical_captures_compare_equal(tmp_path, capsys):
    a, b = make_capture(tmp_path / "a"), make_capture(tmp_path / "b")
    assert golden.compare_dirs(a, b) == ([], [], [])
    assert golden.compare(a, b) == 0
    assert "identical" in capsys.readouterr().out


def test_a_changed_store_value_is_named_by_file_row_and_column(tmp_path, capsys):
    a, b = make_capture(tmp_path / "a"), make_capture(tmp_path / "b", score="87.50000000000001")
    values, byte_level, _notes = golden.compare_dirs(a, b)
    assert byte_level == []
    assert values[0] == "demo/store/results.csv: rows differ"
    assert "    row 2 (DINKES, 198001012005011001, 87.5):" in values
    assert "      na: A=87.5  B=87.50000000000001" in values
    assert golden.compare(a, b) == 1
    out = capsys.readouterr().out
    assert "VALUE-LEVEL DIFFERENCES" in out and "87.50000000000001" in out


def test_byte_level_differences_are_listed_apart_and_raw_sha_alone_is_a_note(tmp_path):
    a = make_capture(tmp_path / "a")
    values, byte_level, notes = golden.compare_dirs(a, make_capture(tmp_path / "b", part="bbb"))
    assert values == [] and byte_level == [
        "demo/workbooks/dinkes.hasil.xlsx: zip members differ: ['xl/worksheets/sheet1.xml']"
    ]
    values, byte_level, notes = golden.compare_dirs(a, make_capture(tmp_path / "c", raw="222"))
    assert values == [] and byte_level == [] and len(notes) == 1


def test_a_file_in_one_capture_only_is_a_difference(tmp_path):
    a, b = make_capture(tmp_path / "a"), make_capture(tmp_path / "b")
    (b / "demo" / "web" / "opd-DINKES.txt").write_text("x")
    values, _byte_level, _notes = golden.compare_dirs(a, b)
    assert values == ["demo/web/opd-DINKES.txt: only in B"]


def test_normalisation_blanks_run_facts_but_keeps_results():
    html = (
        '<input type="hidden" name="csrf_token" value="abc123">'
        '<td>Ya</td><td class="num">0,2</td><td>–</td>'
        '<time datetime="2026-12-03T20:22:05+07:00">3 Desember 2026 20.22</time>'
        '<td class="num">87,5</td> (1,4 detik)'
    )
    assert golden.normalise_html(html) == (
        '<input type="hidden" name="csrf_token" value="<csrf>">'
        '<td>Ya</td><td class="num"><detik></td><td>–</td>'
        '<time datetime="<waktu>"><tanggal> <jam></time>'
        '<td class="num">87,5</td> (<durasi>)'
    )


def test_cells_keep_text_and_numbers_apart():
    assert golden.cell_text(1.5) == "1.5"
    assert golden.cell_text("1.5") == "'1.5"
    assert golden.cell_text("Baik") == "Baik"
    assert golden.cell_text(None) == ""
