"""scoring/vocabulary.py: the shared words, declared once for every layer."""

import pytest

import config.contract as contract
from scoring import vocabulary as v


def test_skm_elements_are_the_nine_of_the_regulation_in_order():
    # PermenPANRB 14/2017, Lampiran: U1 Persyaratan … U9 Sarana dan Prasarana.
    assert v.SKM_KEYS == tuple(f"u{j}" for j in range(1, 10))
    assert [code for _k, code, _n in v.SKM_ELEMENTS] == [f"U{j}" for j in range(1, 10)]
    assert v.SKM_ELEMENT_NAMES[0] == "U1 Persyaratan"
    assert v.SKM_ELEMENT_NAMES[7] == "U8 Penanganan Pengaduan, Saran dan Masukan"
    assert v.NRR_COLUMNS == tuple(f"nrr_u{j}" for j in range(1, 10))


def test_berakhlak_and_the_eight_supervisor_ratings():
    assert v.BERAKHLAK_NAMES == (
        "Berorientasi Pelayanan",
        "Akuntabel",
        "Kompeten",
        "Harmonis",
        "Loyal",
        "Adaptif",
        "Kolaboratif",
    )
    assert len(v.BERAKHLAK_KEYS) == 7 and v.BERAKHLAK_KEYS[0] == "service"
    assert v.RATING_KEYS == (*v.BERAKHLAK_KEYS, "initiative")
    assert dict(v.SUPERVISOR_RATINGS)["initiative"] == "Inisiatif"


def test_predikat_labels_and_their_count_columns():
    assert v.PREDIKATS == ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang")
    assert list(v.PREDIKAT_COLUMNS) == list(v.PREDIKATS)
    assert v.PREDIKAT_COLUMNS[v.KURANG] == "n_kurang"
    assert v.RATINGS == ("Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi")
    # Organisation ratings (SE MenPANRB 3/2023) are a different scale: Istimewa, not Sangat Baik.
    assert v.ORG_RATINGS == ("Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")


def test_unit_ids_are_built_and_read_here():
    assert v.agency_unit_id("DISDIK") == "opd:DISDIK"
    assert v.service_unit_id("DPMPTSP", "mpp") == "unit:DPMPTSP:mpp"
    assert v.is_agency_unit("opd:DISDIK") and not v.is_agency_unit("unit:DISDIK:sdn1")
    assert v.is_service_unit("unit:DISDIK:sdn1") and not v.is_service_unit("opd:DISDIK")
    assert v.LEVEL_LABELS[v.AGENCY_LEVEL] == "OPD" and v.LEVEL_LABELS[v.SERVICE_UNIT_LEVEL] == "Unit Kerja"


@pytest.mark.parametrize(
    "unit_id, agency",
    [
        ("opd:DISDIK", "DISDIK"),
        ("unit:DISDIK:sdn1", "DISDIK"),
        ("unit:RSUD:poli:anak", "RSUD"),
        ("opd:", None),
        ("unit::x", None),
        ("DISDIK", None),
        ("", None),
        (None, None),
    ],
)
def test_agency_of_unit(unit_id, agency):
    assert v.agency_of_unit(unit_id) == agency


def test_the_sheet_contract_names_its_columns_and_tabs_with_the_vocabulary():
    # Not a copy kept in step: the contract holds the very same objects.
    assert contract.SKM_ELEMENTS is v.SKM_ELEMENTS and contract.BERAKHLAK is v.BERAKHLAK
    ratings = [(c.key, c.header) for c in contract.PENILAIAN.columns if c.key in v.RATING_KEYS]
    assert tuple(ratings) == v.SUPERVISOR_RATINGS
    assert (contract.LAPORAN.name, contract.PENILAIAN.name, contract.PRESENSI.name) == (
        v.TAB_REPORT,
        v.TAB_RATING,
        v.TAB_ATTENDANCE,
    )
