"""Masking of personal data (脱敏) on every public page and export of the hall.

Pure functions of strings, no ORM. The rules (DESIGN.md "Personal data … is masked on every
public page and export"; the 双公示 practice for natural persons):

- resident identity card (居民身份证): the first 6 characters (the issuing region) and the last 4
  are kept, the 8 in between (the birth date) are masked: ``320102********1234``; a 15-digit
  card keeps the same ends. Other documents (passport, travel permits) keep a quarter of their
  length at each end (at most 2 in front and 4 at the back) and never less than half is masked;
- phones: at most 3 digits in front and 4 at the back, always at least 4 digits hidden, shown
  with four stars whatever the number of digits hidden: ``138****5678``, ``025****0000``;
- addresses: kept up to the district, street or road (区/县/街道/路/大道…), everything after it
  (house number, building, room, the name of a compound) replaced by ``****``;
- natural persons' names: the first character kept and, for three characters or more, the last:
  ``张*明``, ``王*``, ``欧**明``; Latin names keep the first letter of each word;
- organisations' names and unified social credit codes are public under 双公示: shown in full.

Free texts written about a party (a case's subject, a decision's reasons) go through ``scrub``:
the party's own name, numbers and address are replaced by their masked forms, and any resident
ID number or phone number found in the text is masked too.
"""

import re
from collections.abc import Iterable

STARS = "****"
PERSON, ORGANISATION = "person", "organisation"
ID_CARD, CREDIT_CODE = "id_card", "credit_code"

_RESIDENT_ID = re.compile(r"^(?:[0-9]{17}[0-9Xx]|[0-9]{15})$")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Marks that end an administrative or street-level part of an address. A "区" of a compound
# (小区, 社区, 园区, 校区, 景区, 厂区, 营区) is not a district and is masked with the rest.
_ADDRESS_MARKS = re.compile(r"自治区|自治州|自治县|街道|大道|大街|地区|[省市盟县旗镇乡路街巷弄村]|(?<![小社园校景厂营])区")
# Numbers in free text: an 18- or 15-character resident ID, a mobile, a landline with its area code.
_TEXT_ID = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")
_TEXT_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])")
_TEXT_LANDLINE = re.compile(r"(?<![0-9])0[0-9]{2,3}[- ][0-9]{7,8}(?![0-9])")


def mask_id_number(number: str | None, id_type: str = ID_CARD) -> str:
    """An identity document's number with its middle masked (``320102********1234``)."""
    value = (number or "").strip()
    if not value:
        return ""
    n = len(value)
    if _RESIDENT_ID.match(value) and id_type in (ID_CARD, "", None):
        return value[:6] + "*" * (n - 10) + value[-4:]
    head, tail = min(2, n // 4), min(4, n // 4)
    return value[:head] + "*" * (n - head - tail) + value[n - tail:]


def mask_phone(phone: str | None) -> str:
    """A phone number with at least four digits hidden (``138****5678``)."""
    digits = re.sub(r"[^0-9]", "", phone or "")
    if not digits:
        return ""
    if len(digits) == 13 and digits.startswith("86"):  # +86 and a mobile
        digits = digits[2:]
    keep = len(digits) - max(4, len(digits) - 7)
    tail = min(4, max(keep, 0))
    head = max(keep - tail, 0)
    return digits[:head] + STARS + (digits[len(digits) - tail:] if tail else "")


def mask_address(address: str | None) -> str:
    """An address kept up to its district, street or road; the rest masked (``南京市玄武区北京东路****``)."""
    value = (address or "").strip()
    if not value:
        return ""
    first_digit = re.search(r"[0-9０-９]", value)
    prefix = value[:first_digit.start()] if first_digit else value
    cut = 0
    for mark in _ADDRESS_MARKS.finditer(prefix):
        cut = mark.end()
    if cut == len(value):
        return value  # nothing after the street: no house number to hide
    return value[:cut] + STARS


def mask_person_name(name: str | None) -> str:
    """A natural person's name partly masked: ``张*明``, ``王*``; ``J*** S****``."""
    value = (name or "").strip()
    if not value:
        return ""
    if _CJK.search(value):
        chars = [char for char in value if not char.isspace()]
        if len(chars) == 1:
            return "*"
        if len(chars) == 2:
            return chars[0] + "*"
        return chars[0] + "*" * (len(chars) - 2) + chars[-1]
    return " ".join(word[0] + "*" * (len(word) - 1) for word in value.split())


def party_name(name: str | None, kind: str) -> str:
    """A party's name as published: an organisation's in full, a natural person's masked."""
    return (name or "").strip() if kind == ORGANISATION else mask_person_name(name)


def party_id(number: str | None, id_type: str, kind: str) -> str:
    """A party's identifier as published: an organisation's credit code in full, any other masked."""
    if kind == ORGANISATION and id_type == CREDIT_CODE:
        return (number or "").strip()
    return mask_id_number(number, id_type)


def scrub(text: str | None, *, names: Iterable[str] = (), secrets: Iterable[tuple[str, str]] = ()) -> str:
    """``text`` with personal data masked: each of ``names`` (natural persons) by its masked form,
    each ``(value, kind)`` of ``secrets`` (kind ``id``, ``phone`` or ``address``) by its masked
    form, then any resident ID, mobile or landline number left in it."""
    value = text or ""
    if not value:
        return ""
    maskers = {"id": mask_id_number, "phone": mask_phone, "address": mask_address}
    replacements = [(raw.strip(), maskers[kind](raw)) for raw, kind in secrets if raw and raw.strip()]
    replacements += [(name.strip(), mask_person_name(name)) for name in names if name and len(name.strip()) >= 2]
    for raw, masked in sorted(replacements, key=lambda pair: -len(pair[0])):  # longest first
        value = value.replace(raw, masked)
    value = _TEXT_ID.sub(lambda match: mask_id_number(match.group()), value)
    value = _TEXT_MOBILE.sub(lambda match: mask_phone(match.group()), value)
    return _TEXT_LANDLINE.sub(lambda match: mask_phone(match.group()), value)
