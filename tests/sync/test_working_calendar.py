"""The working-day calendar built at the sync edge: libur nasional + configured cuti bersama."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from config.errors import ConfigError
from config.settings import ComplaintSettings, load_settings
from scoring.complaints import working_days
from sync.working_calendar import complaint_holidays, holiday_dates
from tests.paths import ROOT


def test_indonesian_holidays_and_cuti_bersama():
    days = holiday_dates([2026], ("2026-03-18", "2026-03-20", "2026-03-23", "2026-03-24"))
    assert dt.date(2026, 8, 17) in days  # HUT RI
    assert dt.date(2026, 3, 19) in days  # Nyepi
    assert dt.date(2026, 3, 21) in days  # Idul Fitri 1447 H
    assert dt.date(2026, 3, 23) in days  # cuti bersama, from config only
    assert dt.date(2026, 3, 25) not in days
    assert list(days) == sorted(days)
    # Without the configured cuti bersama, the week of Lebaran is not a holiday week
    assert dt.date(2026, 3, 23) not in holiday_dates([2026], ())


def test_calendar_covers_every_year_of_the_log_and_the_next():
    received = pd.Series(pd.to_datetime(["2026-12-30", "2025-06-01", None]))
    days = complaint_holidays(ComplaintSettings(cuti_bersama=("2026-12-24",)), received)
    assert dt.date(2025, 8, 17) in days and dt.date(2027, 1, 1) in days  # a December complaint ends in January
    assert dt.date(2026, 12, 24) in days
    assert complaint_holidays(ComplaintSettings(), pd.Series([], dtype="datetime64[ns]")) == ()


def test_idul_fitri_2026_end_to_end():
    """Received Tue 17 Mar 2026, resolved Wed 25 Mar: 6 weekdays, 1 working day with the 2026 calendar."""
    example = load_settings(ROOT / "config" / "contoh.toml")
    days = complaint_holidays(example.complaints, pd.Series(pd.to_datetime(["2026-03-17"])))
    start, end = pd.Series(pd.to_datetime(["2026-03-17"])), pd.Series(pd.to_datetime(["2026-03-25"]))
    assert list(working_days(start, end, np.array(days, dtype="datetime64[D]"))) == [1]


def test_cuti_bersama_must_be_dates(tmp_path):
    text = (ROOT / "config" / "contoh.toml").read_text(encoding="utf-8")
    text = text.replace("cuti_bersama = [", 'cuti_bersama = ["18 Maret 2026", ', 1)
    path = tmp_path / "kinerja.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "complaints.cuti_bersama" in str(caught.value) and "2026-03-18" in str(caught.value)
