"""sync/prepare.py: `init` prepares every spreadsheet it can and lists every one it cannot."""

import pytest

from config.errors import KinerjaError
from config.settings import parse_settings
from sync.prepare import init_templates
from sync.sources.local import LocalBackend
from tests.fake_sheets import FakeSheets
from tests.google_world import google_backend


@pytest.fixture
def settings(tmp_path):
    return parse_settings(
        {
            "source": {"kind": "google"},
            "city": {"spreadsheet": "kunci-kota"},
            "agencies": [
                {"code": "DINKES", "name": "Dinas Kesehatan", "spreadsheet": "kunci-dinkes"},
                {"code": "DPMPTSP", "name": "DPMPTSP", "spreadsheet": "kunci-dpmptsp"},
                {"code": "KECLS", "name": "Kecamatan Lubuk Sikarah", "spreadsheet": "kunci-kecls"},
            ],
            "store": {"path": "k.sqlite"},
        },
        tmp_path / "k.toml",
    )


def test_google_init_goes_on_past_missing_spreadsheets_and_lists_them_all(settings):
    fake = FakeSheets()
    fake.add_spreadsheet("kunci-dpmptsp", {})
    fake.add_spreadsheet("kunci-kota", {})
    problems: list[str] = []
    created = init_templates(settings, google_backend(fake), problems)
    assert len(problems) == 2  # DINKES and KECLS: neither exists
    assert any("kunci-dinkes" in p for p in problems) and any("kunci-kecls" in p for p in problems)
    assert all(fake.share_email in p for p in problems)  # says whom to share it with
    assert "Pegawai" in fake.titles("kunci-dpmptsp") and "Kinerja Organisasi" in fake.titles("kunci-kota")
    assert created  # the two that exist were prepared


def test_without_a_problem_list_the_first_problem_is_raised(settings, tmp_path):
    fake = FakeSheets()
    with pytest.raises(KinerjaError, match="kunci-dinkes"):
        init_templates(settings, google_backend(fake))


def test_local_init_creates_every_workbook(settings, tmp_path):
    problems: list[str] = []
    created = init_templates(settings, LocalBackend(tmp_path / "data"), problems)
    assert problems == [] and len(list((tmp_path / "data").glob("*.xlsx"))) == 4
    assert any(line.startswith("kunci-kota.xlsx") for line in created)


# ---- an existing local workbook: what it lacks, and a template to copy from (issue 11, item 8) ----


@pytest.fixture
def local_settings(tmp_path):
    return parse_settings(
        {
            "source": {"kind": "local", "folder": "data"},
            "city": {"spreadsheet": "kota"},
            "agencies": [{"code": "DINKES", "name": "Dinas Kesehatan", "spreadsheet": "dinkes"}],
            "store": {"path": "k.sqlite"},
        },
        tmp_path / "k.toml",
    )


def test_local_init_lists_what_an_existing_workbook_lacks_without_touching_it(local_settings, tmp_path):
    import xlsxwriter

    folder = tmp_path / "data"
    init_templates(local_settings, LocalBackend(folder))
    # The clerk's own workbook: no Presensi tab, and Laporan Kinerja without its Realisasi column.
    (folder / "dinkes.xlsx").unlink()
    wb = xlsxwriter.Workbook(str(folder / "dinkes.xlsx"))
    for name, headers in (
        ("Pegawai", ["NIP", "Nama", "Jabatan", "Unit Kerja", "Atasan Langsung (NIP)", "Layanan Publik", "Status"]),
        ("Laporan Kinerja", ["Periode", "NIP", "Indikator", "Target", "Bobot"]),
        (
            "Penilaian Atasan",
            [
                "Periode",
                "NIP",
                "Berorientasi Pelayanan",
                "Akuntabel",
                "Kompeten",
                "Harmonis",
                "Loyal",
                "Adaptif",
                "Kolaboratif",
                "Inisiatif",
            ],
        ),
    ):
        sheet = wb.add_worksheet(name)
        sheet.write_row(0, 0, headers)
    wb.close()
    before = (folder / "dinkes.xlsx").read_bytes()

    lacking: list[str] = []
    created = init_templates(local_settings, LocalBackend(folder), lacking=lacking)
    assert created == []
    assert (folder / "dinkes.xlsx").read_bytes() == before  # never rewritten
    text = "\n".join(lacking)
    assert "dinkes.xlsx: Tab 'Presensi' tidak ditemukan." in text
    assert "Buat tab bernama 'Presensi'" in text
    assert "dinkes.xlsx: Kolom 'Realisasi' tidak ditemukan di baris judul" in text and "tab 'Laporan Kinerja'" in text
    assert "kota.xlsx" not in text  # complete: nothing to say
    copy = folder / "templat" / "dinkes.xlsx"
    assert f"Templat untuk disalin: {copy}" in text
    import openpyxl

    assert "Presensi" in openpyxl.load_workbook(copy).sheetnames
    assert sorted(p.name for p in folder.glob("*.xlsx")) == ["dinkes.xlsx", "kota.xlsx"]  # the copy is not read


def test_local_templates_have_dropdowns_and_wide_text_nip_columns(local_settings, tmp_path):
    import openpyxl

    init_templates(local_settings, LocalBackend(tmp_path / "data"))
    wb = openpyxl.load_workbook(tmp_path / "data" / "dinkes.xlsx")

    def lists(sheet):
        found = {}
        for dv in sheet.data_validations.dataValidation:
            for cells in dv.sqref.ranges:
                found[cells.min_col] = (dv.type, dv.formula1)
        return found

    def column(sheet, header):
        return next(c.column for c in sheet[1] if c.value == header)

    pegawai = wb["Pegawai"]
    assert lists(pegawai)[column(pegawai, "Layanan Publik")] == ("list", '"Ya,Tidak"')
    assert lists(pegawai)[column(pegawai, "Status")] == ("list", '"Aktif,Nonaktif"')
    laporan = wb["Laporan Kinerja"]
    assert lists(laporan)[column(laporan, "Arah")] == ("list", '"Naik,Turun"')
    atasan = wb["Penilaian Atasan"]
    assert lists(atasan)[column(atasan, "Inisiatif")] == ("list", '"1,2,3,4,5"')
    for sheet in wb.worksheets:
        # openpyxl reads adjacent columns of one format as one range (NIP and NIP Penilai in Penilai)
        dims = {n: d for d in sheet.column_dimensions.values() for n in range(d.min, d.max + 1)}
        for cell in sheet[1]:
            if "NIP" in str(cell.value):
                dim = dims[cell.column]
                assert dim.number_format == "@" and dim.width >= 20, (sheet.title, cell.value)


def test_google_init_adds_missing_tabs_and_lists_the_headers_an_existing_tab_lacks(settings):
    fake = FakeSheets()
    fake.add_spreadsheet("kunci-dinkes", {"Pegawai": [["NIP", "Jabatan"], ["198503152010121001", "Staf"]]})
    fake.add_spreadsheet("kunci-dpmptsp", {})
    fake.add_spreadsheet("kunci-kecls", {})
    fake.add_spreadsheet("kunci-kota", {})
    lacking: list[str] = []
    init_templates(settings, google_backend(fake), [], lacking)
    assert "Presensi" in fake.titles("kunci-dinkes")  # added, as before
    assert lacking == [
        "kunci-dinkes: Kolom 'Nama' tidak ditemukan di baris judul (baris 1), sehingga 1 baris data (baris 2) "
        "tidak dapat dipakai. Baris 1 terbaca: NIP, Jabatan. Tambahkan kolom berjudul 'Nama' di baris 1 tab "
        "'Pegawai' (huruf besar/kecil dan spasi bebas; urutan kolom bebas).",
    ]
