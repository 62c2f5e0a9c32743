"""Validate a caller's plain-dict context and derive the strings both renderers print.

Both the Word and the PDF renderer consume the *prepared* context returned by :func:`prepare_context`,
so the two outputs always say the same thing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

KINDS = ("victim_certificate", "return_certificate", "handover_record", "payment_record")

# Keys every kind needs.
COMMON_REQUIRED = (
    "agency_name",
    "number",
    "symbol",
    "place",
    "date",
    "signer_authority_lines",
    "signer_name",
    "recipients",
)
PERSON_REQUIRED = ("person_full_name", "person_sex", "person_address")


@dataclass(frozen=True)
class KindSpec:
    title: str
    subtitle: str
    required: tuple[str, ...]
    closing: str = ""
    date_keys: tuple[str, ...] = ()
    list_keys: tuple[str, ...] = ()
    party_keys: tuple[str, ...] = field(default=())


SPECS: dict[str, KindSpec] = {
    "victim_certificate": KindSpec(
        title="GIẤY XÁC NHẬN",
        subtitle="Nạn nhân bị mua bán người",
        required=(*PERSON_REQUIRED, "reason"),
        closing=(
            "Giấy xác nhận này có giá trị để người có tên trên được hưởng các chế độ bảo vệ, "
            "hỗ trợ nạn nhân theo quy định của pháp luật./."
        ),
    ),
    "return_certificate": KindSpec(
        title="GIẤY CHỨNG NHẬN",
        subtitle="Nạn nhân bị mua bán từ nước ngoài trở về",
        required=(*PERSON_REQUIRED, "return_date"),
        closing=(
            "Giấy chứng nhận này có giá trị để người có tên trên làm thủ tục về nơi cư trú "
            "và được hưởng các chế độ hỗ trợ theo quy định của pháp luật./."
        ),
        date_keys=("return_date",),
    ),
    "handover_record": KindSpec(
        title="BIÊN BẢN",
        subtitle="Bàn giao nạn nhân bị mua bán",
        required=(*PERSON_REQUIRED, "handover_location", "handing_party", "receiving_party", "receiving_signer_name"),
        date_keys=("handover_date",),
        list_keys=("items", "receiving_signer_authority_lines"),
        party_keys=("handing_party", "receiving_party"),
    ),
    # Biên bản chi trả: one service or payment of the support ledger, the amount in figures and in words.
    "payment_record": KindSpec(
        title="BIÊN BẢN",
        subtitle="Chi trả chế độ hỗ trợ nạn nhân bị mua bán người",
        required=(*PERSON_REQUIRED, "item_name", "period", "quantity_display", "amount_display", "amount_in_words"),
        closing="Người có tên trên đã nhận đủ số tiền nêu trên./.",
    ),
}


def _missing(value) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and len(value) == 0)


def format_place_date(place: str, date: datetime.date) -> str:
    """'Cần Thơ, ngày 05 tháng 12 năm 2025' — Decree 30: a leading zero for days below 10 and months 1 and 2."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def format_long_date(date: datetime.date) -> str:
    """'ngày 05 tháng 12 năm 2025' (the same rule, without the place)."""
    return format_place_date("", date).removeprefix(", ")


def format_short_date(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def format_number_symbol(number: int, symbol: str) -> str:
    """'12/GXN-CAT' (printed after 'Số: ')."""
    return f"{number:02d}/{symbol}"


# Decree 30/2020/NĐ-CP, Art. 13 and Appendix I: signing for a collective body ("thay mặt", TM.), for the head
# ("ký thay", KT., by a deputy), as acting head ("quyền", Q.).
DEPUTY_PREFIX = "Phó "
ACTING_PREFIXES = ("Quyền ", "Q. ")
CAPACITY_MARKS = ("KT.", "TM.", "Q.", "TL.", "TUQ.")


def signature_block(title: str, *, collective_body: str = "") -> list[str]:
    """The authority lines above the signature, from the signer's title, per Decree 30/2020/NĐ-CP.

    - the head signs:                     ["GIÁM ĐỐC"]
    - a deputy signs for the head:        ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    - the acting head signs:              ["Q. GIÁM ĐỐC"]
    - for a collective body (UBND ...):   ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
      its deputy head:                    ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]

    A title already starting with a capacity mark (KT., TM., Q., TL., TUQ.) is printed as given, one line per
    "/" part ("KT. Trưởng phòng / Phó Trưởng phòng").
    """
    title = " ".join((title or "").split())
    if not title:
        raise ValueError("signature_block: the signer's title is empty")
    if title.upper().startswith(CAPACITY_MARKS):
        return [part.strip().upper() for part in title.split("/") if part.strip()]
    lines = [f"TM. {collective_body.upper()}"] if collective_body else []
    lowered = title.lower()
    if lowered.startswith(DEPUTY_PREFIX.lower()) and len(title) > len(DEPUTY_PREFIX):
        head = title[len(DEPUTY_PREFIX) :]
        lines += [f"KT. {head.upper()}", title.upper()]
    elif lowered.startswith(tuple(p.lower() for p in ACTING_PREFIXES)):
        lines.append(f"Q. {title.split(' ', 1)[1].upper()}")
    else:
        lines.append(title.upper())
    return lines


def _require(ctx: dict, key: str, kind: str) -> None:
    if key not in ctx or _missing(ctx[key]):
        raise ValueError(f"{kind}: the context is missing the required key {key!r}")


def _string_list(ctx: dict, key: str, kind: str) -> list[str]:
    value = ctx.get(key) or []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(f"{kind}: {key!r} must be a list of strings")
    return [str(v) for v in value]


def _date(ctx: dict, key: str, kind: str) -> datetime.date:
    value = ctx[key]
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        raise ValueError(f"{kind}: {key!r} must be a datetime.date, not {type(value).__name__}")
    return value


def _party(ctx: dict, key: str, kind: str) -> dict:
    value = ctx[key]
    if not isinstance(value, dict) or _missing(value.get("agency")):
        raise ValueError(f"{kind}: {key!r} must be a dict with a non-empty 'agency' (and 'representatives')")
    return {"agency": str(value["agency"]), "representatives": _string_list(value, "representatives", kind)}


def prepare_context(kind: str, context: dict) -> dict:
    """Check ``context`` for ``kind`` and return a new dict with the derived display strings.

    Raises ValueError naming the first missing or malformed key.
    """
    if kind not in SPECS:
        raise ValueError(f"unknown document kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not isinstance(context, dict):
        raise ValueError(f"{kind}: the context must be a dict")
    spec = SPECS[kind]
    for key in (*COMMON_REQUIRED, *spec.required):
        _require(context, key, kind)
    if _missing(context.get("person_birth_date")) and _missing(context.get("birth_year")):
        raise ValueError(f"{kind}: the context is missing the required key 'person_birth_date' (or 'birth_year')")
    ctx = _common_fields(kind, spec, dict(context))
    _birth_fields(ctx, kind)
    _spec_fields(ctx, spec, kind)
    if kind == "handover_record":
        ctx["receiving_signer_authority_lines"] = [line.upper() for line in ctx["receiving_signer_authority_lines"]]
        ctx["handover_time"] = str(ctx.get("handover_time") or "")
        ctx["copies"] = f"{int(ctx.get('copies') or 2):02d}"
    if kind == "payment_record":
        for key in (
            "item_name",
            "period",
            "quantity_display",
            "amount_display",
            "amount_in_words",
            "funding_source",
            "provider",
            "decision_basis",
        ):
            ctx[key] = str(ctx.get(key) or "")
    if kind == "return_certificate":
        ctx["entry_point"] = str(ctx.get("entry_point") or "")
        ctx["from_country"] = str(ctx.get("from_country") or "")
        ctx["return_channel"] = str(ctx.get("return_channel") or "")
    return ctx


def _common_fields(kind, spec, ctx):
    """The fields every document has: number, date, place, header and signature lines, lists."""
    date = _date(ctx, "date", kind)
    try:
        number = int(ctx["number"])
    except (TypeError, ValueError):
        raise ValueError(f"{kind}: 'number' must be an integer") from None
    year = ctx.get("year") or date.year
    if not isinstance(year, int):
        raise ValueError(f"{kind}: 'year' must be an integer")
    ctx.update(
        kind=kind,
        number=number,
        year=year,
        date=date,
        parent_agency_name=str(ctx.get("parent_agency_name") or ""),
        title=str(ctx.get("title") or spec.title),
        subtitle=str(ctx.get("subtitle") or spec.subtitle),
        closing=str(ctx.get("closing") or spec.closing),
        confidential=bool(ctx.get("confidential", True)),
        number_symbol=format_number_symbol(number, str(ctx["symbol"])),
        place_date=format_place_date(str(ctx["place"]), date),
        signer_authority_lines=_string_list(ctx, "signer_authority_lines", kind),
        recipients=_string_list(ctx, "recipients", kind),
        legal_bases=_string_list(ctx, "legal_bases", kind),
        notes=_string_list(ctx, "notes", kind),
        case_number=str(ctx.get("case_number") or ""),
        person_id_number=str(ctx.get("person_id_number") or ""),
        person_nationality=str(ctx.get("person_nationality") or ""),
        reason=str(ctx.get("reason") or ""),
    )
    # Upper-cased header lines (Vietnamese upper() keeps the diacritics: "sở y tế" -> "SỞ Y TẾ").
    ctx["parent_agency_upper"] = ctx["parent_agency_name"].upper()
    ctx["agency_upper"] = str(ctx["agency_name"]).upper()
    ctx["signer_authority_lines"] = [line.upper() for line in ctx["signer_authority_lines"]]
    return ctx


def _birth_fields(ctx, kind):
    """The date of birth, or the year when only the year is known."""
    if not _missing(ctx.get("person_birth_date")):
        birth = _date(ctx, "person_birth_date", kind)
        ctx["person_birth_label"], ctx["person_birth_display"] = "Ngày sinh", format_short_date(birth)
    else:
        ctx["person_birth_label"], ctx["person_birth_display"] = "Năm sinh", str(ctx["birth_year"])


def _spec_fields(ctx, spec, kind):
    """The dates, lists and parties (the two sides of a handover) this kind of document names."""
    date = ctx["date"]
    for key in spec.date_keys:
        if _missing(ctx.get(key)):
            ctx[key] = date if key == "handover_date" else None
        if ctx.get(key) is not None:
            value = _date(ctx, key, kind)
            ctx[key] = value
            ctx[f"{key}_display"] = format_short_date(value)
            ctx[f"{key}_long"] = format_long_date(value)
    for key in spec.list_keys:
        ctx[key] = _string_list(ctx, key, kind)
    for key in spec.party_keys:
        ctx[key] = _party(ctx, key, kind)
