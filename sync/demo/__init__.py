"""The demo city: a deterministic, realistic Kota Solok for `python main.py demo` and the benchmark.

`generate_city` builds the workbooks in memory (with a list of deliberate mistakes),
`write_workbooks` / `write_config` put them on disk, `province_tabs` builds one huge agency
in memory for the benchmark.
"""

from sync.demo.generate import DemoAgency, DemoCity, DemoScale, generate_city, months_back
from sync.demo.mistakes import Mistake
from sync.demo.province import province_tabs
from sync.demo.write import write_config, write_workbooks

__all__ = [
    "DemoAgency",
    "DemoCity",
    "DemoScale",
    "Mistake",
    "generate_city",
    "months_back",
    "province_tabs",
    "write_config",
    "write_workbooks",
]
