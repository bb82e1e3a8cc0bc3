"""The text Excel shows in a cell, for the 题库 importer.

Excel turns `2016年1月1日` into a date and `0.5%` into 0.005 as it is typed; the file keeps the
number and a display format. An answer must be what the editor saw, so dates, times and
percentages are rendered through their format (with the zh-CN meaning of Excel's built-in
formats). A date format we cannot render raises `CellError` rather than guess.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.utils.datetime import from_excel

# Built-in formats whose display depends on the locale: what a Chinese Excel or WPS shows.
ZH_BUILTIN_FORMATS = {
    14: "yyyy/m/d",
    22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"',
    35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}
DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|AM/PM|A/P|上午/下午|yyyy|yy|e|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|aaaa|aaa'
    r"|hh|h|ss|s|\.0+|[-/:.,年月日时分秒 ()（）]|.",
    re.I,
)
WEEKDAYS = "一二三四五六日"
MONTHS = ["January", "February", "March", "April", "May", "June"]
MONTHS += ["July", "August", "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class CellError(ValueError):
    """The cell's shown text cannot be worked out; the message says what to do."""


def format_code(cell) -> str:
    """The cell's number format, with zh-CN built-ins filled in."""
    style_id = getattr(getattr(cell, "style_array", None), "numFmtId", None)
    if style_id in ZH_BUILTIN_FORMATS:
        return ZH_BUILTIN_FORMATS[style_id]
    return getattr(cell, "number_format", None) or "General"


def shown_text(cell) -> str:
    """What Excel displays in the cell (stripped), for text, numbers, percentages and dates."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    code = _first_section(format_code(cell))
    if isinstance(value, (int, float)) and _is_date_code(code):
        value = from_excel(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return _date_text(value, code)
    if isinstance(value, datetime.timedelta):
        raise CellError(f"是一段时长（格式 “{code}”），无法确定显示的文字")
    if "%" in _unquoted(code):
        return _number_text(Decimal(repr(value)) * 100, code) + "%"
    if re.fullmatch(r"[#,0]*(\.0+)?", _unquoted(code).replace("#,##", "")) and code != "General":
        return _number_text(Decimal(repr(value)), code)
    return _general(value)


def _first_section(code: str) -> str:
    return _split_sections(code)[0] if code else "General"


def _split_sections(code: str) -> list[str]:
    sections, current, quoted = [], "", False
    for char in code:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            sections.append(current)
            current = ""
            continue
        current += char
    return [*sections, current]


def _unquoted(code: str) -> str:
    return re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", code)


def _is_date_code(code: str) -> bool:
    return code != "General" and re.search(r"[ymdhs]|aaa|上午", _unquoted(code), re.I) is not None


def _general(value) -> str:
    """Excel's General format: integers as they are, other numbers to 10 significant digits."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    text = f"{value:.10g}"
    if "e" in text:
        text = f"{Decimal(text):f}"
    return text


def _number_text(value: Decimal, code: str) -> str:
    plain = _unquoted(code)
    match = re.search(r"\.([0#?]+)", plain)
    places = len(match.group(1)) if match else 0
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if "," in plain:
        return f"{rounded:,.{places}f}"
    return f"{rounded:.{places}f}"


def _date_text(value, code: str) -> str:
    if code in ("General", "@") or not _is_date_code(code):
        code = _default_date_code(value)
    tokens = DATE_TOKEN.findall(code)
    has_ampm = any(token.upper() in ("AM/PM", "A/P", "上午/下午") for token in tokens)
    out = []
    for index, token in enumerate(tokens):
        out.append(_date_token(value, token, tokens, index, has_ampm, code))
    return "".join(out).strip()


def _default_date_code(value) -> str:
    if isinstance(value, datetime.time):
        return "h:mm:ss"
    if isinstance(value, datetime.datetime) and value.time() != datetime.time():
        return "yyyy/m/d h:mm"
    return "yyyy/m/d"


def _is_minutes(tokens: list[str], index: int) -> bool:
    """`m`/`mm` means minutes right after an hour or right before seconds."""
    before = [t for t in tokens[:index] if re.fullmatch(r"[a-z]+", t, re.I)]
    after = [t for t in tokens[index + 1 :] if re.fullmatch(r"[a-z]+", t, re.I)]
    return bool((before and before[-1].lower() in ("h", "hh")) or (after and after[0].lower() in ("s", "ss")))


def _date_token(value, token: str, tokens: list[str], index: int, has_ampm: bool, code: str) -> str:
    lower = token.lower()
    date = value if isinstance(value, (datetime.date, datetime.datetime)) else None
    clock = value if isinstance(value, (datetime.time, datetime.datetime)) else datetime.time()
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1]
    if token.startswith("_"):
        return " "
    if token.startswith("*"):
        return ""
    if token.startswith("["):
        if re.fullmatch(r"\[\$-[0-9A-Fa-f]+\]|\[\$[^\]-]*-[0-9A-Fa-f]+\]", token):
            return ""  # a locale tag: the pattern that follows is what shows
        raise CellError(f"的日期格式 “{code}” 无法换算为文字")
    if lower in ("m", "mm") and _is_minutes(tokens, index):
        return f"{clock.minute:02d}" if lower == "mm" else str(clock.minute)
    if lower in ("h", "hh"):
        hour = (clock.hour % 12 or 12) if has_ampm else clock.hour
        return f"{hour:02d}" if lower == "hh" else str(hour)
    if lower in ("s", "ss"):
        return f"{clock.second:02d}" if lower == "ss" else str(clock.second)
    if token.upper() in ("AM/PM", "A/P", "上午/下午"):
        morning = clock.hour < 12
        if token == "上午/下午":
            return "上午" if morning else "下午"
        return ("AM" if morning else "PM") if token.upper() == "AM/PM" else ("A" if morning else "P")
    if re.fullmatch(r"\.0+", token):
        return token  # fractions of a second are not kept by Excel dates we read
    if lower in ("yyyy", "yy", "e", "m", "mm", "mmm", "mmmm", "mmmmm", "d", "dd", "ddd", "dddd", "aaa", "aaaa"):
        if date is None:
            raise CellError(f"的日期格式 “{code}” 无法换算为文字")
        return _date_part(date, lower)
    if re.fullmatch(r"[a-z]", token, re.I):
        raise CellError(f"的日期格式 “{code}” 无法换算为文字")
    return token


def _date_part(date, token: str) -> str:
    parts = {
        "yyyy": f"{date.year:04d}",
        "e": str(date.year),
        "yy": f"{date.year % 100:02d}",
        "m": str(date.month),
        "mm": f"{date.month:02d}",
        "mmm": MONTHS[date.month - 1][:3],
        "mmmm": MONTHS[date.month - 1],
        "mmmmm": MONTHS[date.month - 1][0],
        "d": str(date.day),
        "dd": f"{date.day:02d}",
        "ddd": DAYS[date.weekday()][:3],
        "dddd": DAYS[date.weekday()],
        "aaa": WEEKDAYS[date.weekday()],
        "aaaa": "星期" + WEEKDAYS[date.weekday()],
    }
    return parts[token]
