"""Where the tests find the project and the shared design data, from any test folder."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the project root
SHARED = ROOT.parent / "shared"  # ../shared: design documents and published SKM data (read-only)
