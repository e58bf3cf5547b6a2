"""QR posters (web/poster.py, config/survey_link.py, `python main.py qr`) and the [survey] form keys.

The QR codes are verified the way a phone reads them: the PDF is rasterised by poppler's pdftoppm
and the PNG decoded by zxing-cpp, a decoder independent of segno, which drew the code.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from config.errors import ConfigError
from config.settings import load_settings
from config.survey_link import prefilled_url, unit_entry
from main import cli
from sync.store import ResultsStore
from sync.validate.units import build_unit_index
from tests import fixture_store as fx
from web import create_app
from web.poster import PosterError, service_units, write_posters

FORM = "https://docs.google.com/forms/d/e/1FAIpQLSeContohFormulirSKM/viewform"
CONFIG = """
[source]
kind = "local"
folder = "data"
[city]
spreadsheet = "kota"
name = "Pemerintah Kota Solok"
[[agencies]]
code = "DINKES"
name = "Dinas Kesehatan"
spreadsheet = "dinkes"
complaint_contact = "WhatsApp 0812-0000-0000"
[[agencies]]
code = "DPMPTSP"
name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
spreadsheet = "dpmptsp"
[[agencies]]
code = "KECLS"
name = "Kecamatan Lubuk Sikarah"
spreadsheet = "kecls"
[store]
path = "kinerja.sqlite"
"""


def write_config(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    path = tmp_path / "kinerja.toml"
    path.write_text(CONFIG + extra, encoding="utf-8")
    return path


@pytest.fixture
def city(tmp_path) -> Path:
    """A config with the survey form, and the fixture store it names."""
    fx.fill_public_extras(fx.fill_store(ResultsStore(tmp_path / "kinerja.sqlite")))
    return write_config(tmp_path, f'[survey]\nform_url = "{FORM}"\nform_unit_entry = "entry.1234567890"\n')


def decoded(pdf: Path, tmp_path: Path) -> list[str]:
    stem = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(stem)], check=True)
    return [code.text for code in zxingcpp.read_barcodes(Image.open(f"{stem}.png"))]


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


# ---- the link --------------------------------------------------------------------------------------


def test_prefilled_link_encodes_the_unit_name():
    url = prefilled_url(FORM, "123456", "Puskesmas Tanah Garing & Rawat Inap (DINKES)")
    assert url == (f"{FORM}?usp=pp_url&entry.123456=Puskesmas%20Tanah%20Garing%20%26%20Rawat%20Inap%20%28DINKES%29")
    assert parse_qs(urlsplit(url).query)["entry.123456"] == ["Puskesmas Tanah Garing & Rawat Inap (DINKES)"]


def test_entry_read_from_a_pasted_prefilled_link():
    pasted = f"{FORM}?usp=pp_url&entry.998877665=contoh"
    assert unit_entry(pasted, "") == "998877665"
    assert unit_entry(pasted, "entry.111") == "111"  # the configured entry wins
    assert prefilled_url(pasted, "998877665", "MPP") == f"{FORM}?usp=pp_url&entry.998877665=MPP"


@pytest.mark.parametrize(
    "survey, expected",
    [
        (
            'form_url = "https://forms.gle/abc"\nform_unit_entry = "entry.123456"',
            "link pendek forms.gle tidak dapat diisi otomatis",
        ),
        (f'form_url = "{FORM}"\nform_unit_entry = "Unit Layanan"', "survey.form_unit_entry: harus nomor entry"),
        ('form_unit_entry = "123456"', "survey.form_url: wajib diisi bila survey.form_unit_entry diisi"),
        ('form_url = "docs.google.com/forms/x"', "survey.form_url: harus alamat web yang diawali https://"),
    ],
)
def test_wrong_form_keys_are_config_errors(tmp_path, survey, expected):
    with pytest.raises(ConfigError) as caught:
        load_settings(write_config(tmp_path, f"[survey]\n{survey}\n"))
    assert expected in str(caught.value)
    assert "Dapatkan link isian otomatis" in str(caught.value)  # how to get it


def test_old_web_skm_form_url_still_links_the_site(tmp_path):
    settings = load_settings(write_config(tmp_path, '[web]\nskm_form_url = "https://forms.gle/lama"\n'))
    assert settings.survey_form_url == "https://forms.gle/lama"
    fx.fill_store(ResultsStore(settings.store.path))
    page = create_app(settings).test_client().get("/").get_data(as_text=True)
    assert 'href="https://forms.gle/lama">Isi Survei Kepuasan Masyarakat' in page


def test_new_form_url_links_the_site_and_two_different_addresses_are_refused(tmp_path):
    settings = load_settings(write_config(tmp_path, f'[survey]\nform_url = "{FORM}"\n'))
    fx.fill_store(ResultsStore(settings.store.path))
    page = create_app(settings).test_client().get("/").get_data(as_text=True)
    assert f'href="{FORM}">Isi Survei Kepuasan Masyarakat' in page
    with pytest.raises(ConfigError, match="hapus web.skm_form_url"):
        load_settings(
            write_config(tmp_path, f'[web]\nskm_form_url = "https://forms.gle/lama"\n[survey]\nform_url = "{FORM}"\n')
        )


# ---- the posters -----------------------------------------------------------------------------------


def test_one_poster_per_service_unit_whose_qr_decodes_to_its_prefilled_link(city, tmp_path):
    settings = load_settings(city)
    written = write_posters(settings, ResultsStore(settings.store.path), tmp_path / "poster")
    assert [p.name for p in written] == [
        "poster-skm-DINKES-bidangpelayanankesehatan.pdf",
        "poster-skm-DINKES-puskesmastanahgaring.pdf",
        "poster-skm-DPMPTSP-malpelayananpublik.pdf",
        "poster-skm-KECLS.pdf",
    ]
    index = build_unit_index([(a.code, a.name) for a in settings.agencies], fx.employees())
    for path, unit in zip(written, service_units(ResultsStore(settings.store.path))):
        codes = decoded(path, tmp_path)
        assert codes == [prefilled_url(FORM, "1234567890", unit.form_value)], path.name
        # what the form then holds as Unit Layanan is resolved by the sync to this very unit
        answer = parse_qs(urlsplit(codes[0]).query)["entry.1234567890"][0]
        assert index.resolve(answer) == (unit.unit_id, unit.agency)
    text = pdf_text(written[1])
    for part in (
        "Pemerintah Kota Solok",
        "SURVEI KEPUASAN MASYARAKAT",
        "Dinas Kesehatan",
        "Puskesmas Tanah Garing",
        "Pindai kode QR ini",
        "Ada keluhan atau pengaduan?",
        "SP4N-LAPOR!: www.lapor.go.id",
        "Pengaduan langsung ke OPD: WhatsApp 0812-0000-0000",
    ):
        assert part in text, part
    assert "Pengaduan langsung ke OPD" not in pdf_text(written[2])  # DPMPTSP configured none
    info = subprocess.run(["pdfinfo", str(written[1])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info) and "(A4)" in info


def test_a_unit_name_two_agencies_serve_under_names_its_agency(city, tmp_path):
    store = ResultsStore(tmp_path / "kinerja.sqlite")
    staff = pd.DataFrame(
        [
            {
                "agency": code,
                "nip": f"19850101201001100{n}",
                "name": "Petugas",
                "position": "Pelaksana",
                "unit": "Loket Informasi",
                "unit_id": "",
                "supervisor_nip": "",
                "public_service": 1,
                "active": 1,
            }
            for n, code in enumerate(("DINKES", "DPMPTSP"))
        ]
    )
    fx._append(store, {"employees": staff})
    values = {u.unit_id: u.form_value for u in service_units(store)}
    assert values["unit:DINKES:loketinformasi"] == "Loket Informasi (DINKES)"
    assert values["unit:DPMPTSP:loketinformasi"] == "Loket Informasi (DPMPTSP)"
    index = build_unit_index(
        [("DINKES", "Dinas Kesehatan"), ("DPMPTSP", "DPMPTSP")], pd.concat([fx.employees(), staff], ignore_index=True)
    )
    assert index.resolve("Loket Informasi (DPMPTSP)") == ("unit:DPMPTSP:loketinformasi", "DPMPTSP")


def test_qr_command_writes_the_posters(city, tmp_path):
    result = CliRunner().invoke(cli, ["qr", "--config", str(city), "--out", str(tmp_path / "qr")])
    assert result.exit_code == 0, result.output
    assert f"4 poster ditulis di {tmp_path / 'qr'}." in result.output
    assert len(list((tmp_path / "qr").glob("*.pdf"))) == 4


def test_qr_without_the_form_says_how_to_get_it(tmp_path):
    config = write_config(tmp_path)
    fx.fill_store(ResultsStore(tmp_path / "kinerja.sqlite"))
    result = CliRunner().invoke(cli, ["qr", "--config", str(config), "--out", str(tmp_path / "qr")])
    assert result.exit_code == 1
    assert "Alamat formulir SKM belum diisi" in result.output and "Dapatkan link isian otomatis" in result.output
    assert not (tmp_path / "qr").exists()


def test_qr_with_a_short_link_only_asks_for_the_entry(tmp_path):
    settings = load_settings(write_config(tmp_path, f'[survey]\nform_url = "{FORM}"\n'))
    with pytest.raises(PosterError, match="form_unit_entry"):
        write_posters(settings, fx.fill_store(ResultsStore(settings.store.path)), tmp_path / "qr")


def test_qr_before_any_sync_says_to_sync_first(city, tmp_path):
    settings = load_settings(city)
    with pytest.raises(PosterError, match="Jalankan sinkronisasi dulu"):
        write_posters(settings, ResultsStore(tmp_path / "kosong.sqlite"), tmp_path / "qr")


def test_a_long_unit_name_and_three_complaint_channels_still_fit_one_page(tmp_path):
    from web.poster import ServiceUnit, poster_pdf

    name = "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin serta Perlindungan Jaminan Sosial"
    unit = ServiceUnit("DINSOS", "Dinas Sosial Pemberdayaan Perempuan dan Perlindungan Anak", name, name, "unit:x")
    url = prefilled_url(FORM, "1000001", name)
    channels = [
        "SP4N-LAPOR!: www.lapor.go.id",
        "Kanal pengaduan kota: https://pengaduan.contoh.go.id",
        "Pengaduan langsung ke OPD: WhatsApp 0812-0000-0000, pengaduan@dinsos.contoh.go.id",
    ]
    path = tmp_path / "panjang.pdf"
    path.write_bytes(poster_pdf(unit, url, "Pemerintah Kota Solok", channels))
    assert decoded(path, tmp_path) == [url]
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = [
        (w, float(top), float(bottom))
        for top, bottom, w in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', boxes)
    ]
    last_channel = max(bottom for w, _, bottom in words if w == "pengaduan@dinsos.contoh.go.id")
    link_top = min(top for w, top, _ in words if w == "Tanpa")
    assert last_channel < link_top < 841.89  # the complaint box ends above the link at the foot
    assert re.search(r"Pages:\s+1\n", subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout)
