"""The results store: schema (declared once), the one writer, the one reader."""

from sync.store.reader import StoreReader
from sync.store.schema import CITY_SCOPE, CITY_TABLES, SCHEMA
from sync.store.writer import ResultsStore

__all__ = ["CITY_SCOPE", "CITY_TABLES", "SCHEMA", "ResultsStore", "StoreReader"]
