"""One cell's value: how input is taken in, how dates are stored, how values are rendered.

Real-API semantics modelled (Sheets v4 reference: ValueInputOption, ValueRenderOption,
DateTimeRenderOption, ValueRange):
- RAW stores what was sent: a string stays a string even when it reads `=1+1` or `42`.
- USER_ENTERED parses as if typed in the UI, in the spreadsheet's locale: `=` starts a formula,
  a leading `'` forces text, TRUE/FALSE are booleans, numbers are read with the locale's decimal
  and group separators (in id_ID `3,5` is 3.5 and `1.985` is 1985), ISO and locale dates become
  date serials. A cell formatted as plain text (numberFormat TEXT) keeps what was typed.
- `null` in input skips the cell; `""` clears it.
- Dates and times are serial numbers (days since 1899-12-30, time as the fraction of the day) with a
  DATE / DATE_TIME number format. UNFORMATTED_VALUE + SERIAL_NUMBER gives the number,
  FORMATTED_STRING the text of the cell's pattern; FORMATTED_VALUE formats everything in the
  spreadsheet's locale ("3,5" for 3.5 in id_ID).
"""

from __future__ import annotations

import ast
import math
import operator
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

EPOCH = datetime(1899, 12, 30)
DATE_TYPES = ("DATE", "DATE_TIME", "TIME")


@dataclass(frozen=True)
class Locale:
    decimal: str
    group: str
    date_pattern: str
    datetime_pattern: str
    months: tuple[str, ...]
    day_first: bool


LOCALES = {
    "id_ID": Locale(
        ",",
        ".",
        "dd/mm/yyyy",
        "dd/mm/yyyy hh:mm:ss",
        (
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ),
        True,
    ),
    "en_US": Locale(
        ".",
        ",",
        "m/d/yyyy",
        "m/d/yyyy h:mm:ss",
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        False,
    ),
}


def locale_of(name: str) -> Locale:
    return LOCALES.get(name, LOCALES["en_US"])


@dataclass
class Cell:
    """kind: 'number' | 'string' | 'bool' | 'formula'; value: float | str | bool | formula text."""

    kind: str
    value: object
    fmt: dict | None = field(default=None)  # the cell's own numberFormat, e.g. {"type": "DATE", ...}


# ---- dates ------------------------------------------------------------------------------------


def to_serial(value: date | datetime, tz: tzinfo) -> float:
    """A date or datetime as a serial number of wall-clock time in `tz`.

    An aware datetime is first converted to the spreadsheet's zone; a naive one is taken as
    already being wall-clock time there.
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(tz).replace(tzinfo=None)
        delta = value - EPOCH
        return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return float((value - EPOCH.date()).days)


def from_serial(serial: float) -> datetime:
    return EPOCH + timedelta(days=serial)


def date_cell(value: date | datetime, tz: tzinfo, locale: Locale) -> Cell:
    if isinstance(value, datetime):
        return Cell("number", to_serial(value, tz), {"type": "DATE_TIME", "pattern": locale.datetime_pattern})
    return Cell("number", to_serial(value, tz), {"type": "DATE", "pattern": locale.date_pattern})


_TOKEN = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|\"[^\"]*\"|\\.|.", re.IGNORECASE)


def format_date_pattern(serial: float, pattern: str, locale: Locale) -> str:
    """Render a serial with a Sheets date pattern (`m` is minutes beside h/s, months otherwise)."""
    moment = from_serial(serial)
    # round to whole seconds as Sheets displays them
    moment = (moment + timedelta(microseconds=500_000)).replace(microsecond=0)
    tokens = _TOKEN.findall(pattern)
    lowered = [t.lower() for t in tokens]
    out = []
    for i, (tok, low) in enumerate(zip(tokens, lowered)):
        if low in ("m", "mm"):
            before = next((t for t in reversed(lowered[:i]) if t[0] in "hmsdy"), "")
            after = next((t for t in lowered[i + 1 :] if t[0] in "hmsdy"), "")
            if before.startswith("h") or after.startswith("s"):
                out.append(f"{moment.minute:02d}" if low == "mm" else str(moment.minute))
            else:
                out.append(f"{moment.month:02d}" if low == "mm" else str(moment.month))
        elif low == "mmmm":
            out.append(locale.months[moment.month - 1])
        elif low == "mmm":
            out.append(locale.months[moment.month - 1][:3])
        elif low == "yyyy":
            out.append(f"{moment.year:04d}")
        elif low == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif low == "dd":
            out.append(f"{moment.day:02d}")
        elif low == "d":
            out.append(str(moment.day))
        elif low == "hh":
            out.append(f"{moment.hour:02d}")
        elif low == "h":
            out.append(str(moment.hour))
        elif low == "ss":
            out.append(f"{moment.second:02d}")
        elif low == "s":
            out.append(str(moment.second))
        elif tok.startswith('"'):
            out.append(tok[1:-1])
        elif tok.startswith("\\"):
            out.append(tok[1:])
        else:
            out.append(tok)
    return "".join(out)


# ---- numbers ----------------------------------------------------------------------------------


def json_number(x: float):
    """Numbers as Google's JSON carries them: 42 for an integral double, 3.5 otherwise."""
    if isinstance(x, bool):
        return x
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def format_general(x: float, locale: Locale) -> str:
    """A number in the automatic ("General") format of the locale: no grouping, up to 10 digits."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        text = str(int(x))
    elif isinstance(x, int) and abs(x) < 10**15:
        text = str(x)
    else:
        text = f"{x:.10g}"
        if "e" in text:
            mantissa, exp = text.split("e")
            text = f"{mantissa}E{'+' if int(exp) >= 0 else '-'}{abs(int(exp)):02d}"
    return text.replace(".", locale.decimal) if locale.decimal != "." else text


def parse_number(text: str, locale: Locale) -> float | None:
    """A typed number in the locale's notation, or None."""
    s = text.strip()
    g, d = re.escape(locale.group), re.escape(locale.decimal)
    pattern = rf"[+-]?(?:\d{{1,3}}(?:{g}\d{{3}})+|\d+)(?:{d}\d*)?|[+-]?{d}\d+"
    if re.fullmatch(pattern, s):
        return float(s.replace(locale.group, "").replace(locale.decimal, "."))
    if re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+", s):
        return float(s.replace(locale.decimal, "."))
    return None


def parse_date(text: str, locale: Locale, tz: tzinfo) -> Cell | None:
    """ISO (`2026-10-15`, `2026-10-15 14:30:00`) or locale (`15/10/2026`) dates, or None."""
    s = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?", s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        pattern_date = "yyyy-mm-dd"
    else:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?", s)
        if not m:
            return None
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        d, mo = (a, b) if locale.day_first else (b, a)
        pattern_date = locale.date_pattern
    try:
        if m.group(4) is not None:
            moment = datetime(y, mo, d, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
            return Cell("number", to_serial(moment, tz), {"type": "DATE_TIME", "pattern": pattern_date + " hh:mm:ss"})
        return Cell("number", to_serial(date(y, mo, d), tz), {"type": "DATE", "pattern": pattern_date})
    except ValueError:
        return None


# ---- input ------------------------------------------------------------------------------------

SKIP = object()  # a null in input: the cell is left as it is
CLEAR = None  # "" in input: the cell becomes empty


def raw_input(value):
    """A cell from a RAW value (SKIP for null, CLEAR for "")."""
    if value is None:
        return SKIP
    if isinstance(value, bool):
        return Cell("bool", value)
    if isinstance(value, (int, float)):
        return Cell("number", float(value))
    text = str(value)
    return CLEAR if text == "" else Cell("string", text)


def user_entered_input(value, locale: Locale, tz: tzinfo, text_format: bool):
    """A cell from a USER_ENTERED value, parsed as the UI would in this locale."""
    if value is None:
        return SKIP
    if isinstance(value, bool):
        return Cell("bool", value)
    if isinstance(value, (int, float)):
        return Cell("number", float(value))
    text = str(value)
    if text == "":
        return CLEAR
    if text_format:
        return Cell("string", text)
    if text.startswith("'"):
        return Cell("string", text[1:])
    if text.startswith("=") and len(text) > 1:
        return Cell("formula", text)
    if text.strip().upper() in ("TRUE", "FALSE"):
        return Cell("bool", text.strip().upper() == "TRUE")
    number = parse_number(text, locale)
    if number is not None:
        return Cell("number", number)
    dated = parse_date(text, locale, tz)
    if dated is not None:
        return dated
    return Cell("string", text)


def cell_from_python(value, locale: Locale, tz: tzinfo):
    """A cell for add_spreadsheet: str/int/float/bool/None/date/datetime (NaN is empty)."""
    if value is None:
        return CLEAR
    if isinstance(value, float) and math.isnan(value):
        return CLEAR
    if isinstance(value, (date, datetime)):
        return date_cell(value, tz, locale)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return cell_from_python(value.item(), locale, tz)
    result = raw_input(value)
    return CLEAR if result is SKIP else result


# ---- formulas ---------------------------------------------------------------------------------

_HYPERLINK = re.compile(r'=\s*HYPERLINK\(\s*"([^"]*)"\s*(?:[,;]\s*"([^"]*)"\s*)?\)\s*\Z', re.IGNORECASE)
_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


def _arith(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_arith(node.left), _arith(node.right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _arith(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    raise ValueError("unsupported")


def evaluate(formula: str):
    """The value of the few formulas the fake understands; `#NAME?` for the others.

    Understood: =HYPERLINK("url"[, "label"]), arithmetic on number literals, a string literal.
    """
    m = _HYPERLINK.match(formula)
    if m:
        return m.group(2) if m.group(2) is not None else m.group(1)
    body = formula[1:].strip()
    if re.fullmatch(r'"[^"]*"', body):
        return body[1:-1]
    if re.fullmatch(r"[0-9.+\-*/^() eE]+", body):
        try:
            return _arith(ast.parse(body.replace("^", "**"), mode="eval").body)
        except ZeroDivisionError:
            return "#DIV/0!"
        except (ValueError, SyntaxError):
            return "#ERROR!"
    return "#NAME?"


def effective(cell: Cell):
    """The computed value: float, str or bool."""
    if cell.kind == "formula":
        return evaluate(str(cell.value))
    return cell.value


# ---- rendering --------------------------------------------------------------------------------


def format_number_pattern(x: float, pattern: str, locale: Locale) -> str:
    """The simple NUMBER / PERCENT patterns (`0`, `0.00`, `#,##0.0#`, `0.0%`) in the locale,
    rounding half away from zero as Sheets does."""
    section = pattern.split(";")[0]
    percent = "%" in section
    integer_part, _, fraction = section.rstrip("%").partition(".")
    required = fraction.count("0")
    optional = fraction.count("#")
    amount = Decimal(repr(x)) * (100 if percent else 1)
    rounded = amount.quantize(Decimal(1).scaleb(-(required + optional)), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,f}" if "," in integer_part else f"{abs(rounded):f}"
    whole, _, digits = text.partition(".")
    digits = digits[: required + optional]
    while len(digits) > required and digits.endswith("0"):
        digits = digits[:-1]
    whole = whole.replace(",", locale.group)
    text = f"{whole}{locale.decimal}{digits}" if digits else whole
    sign = "-" if rounded < 0 else ""
    return f"{sign}{text}{'%' if percent else ''}"


def formatted(value, fmt: dict | None, locale: Locale) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        kind = (fmt or {}).get("type")
        if kind in DATE_TYPES:
            pattern = fmt.get("pattern") or (locale.date_pattern if kind == "DATE" else locale.datetime_pattern)
            return format_date_pattern(float(value), pattern, locale)
        if kind in ("NUMBER", "PERCENT") and fmt.get("pattern"):
            return format_number_pattern(float(value), fmt["pattern"], locale)
        return format_general(value, locale)
    return str(value)


def render(cell: Cell, fmt: dict | None, value_render: str, date_render: str, locale: Locale):
    """A cell as values.get returns it under the given render options."""
    if value_render == "FORMULA" and cell.kind == "formula":
        return str(cell.value)
    value = effective(cell)
    if value_render == "FORMATTED_VALUE":
        return formatted(value, fmt, locale)
    is_date = (
        fmt is not None
        and fmt.get("type") in DATE_TYPES
        and isinstance(value, (int, float))
        and not isinstance(value, bool)
    )
    if is_date and date_render == "FORMATTED_STRING":
        return formatted(value, fmt, locale)
    if isinstance(value, float):
        return json_number(value)
    return value


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
