"""Masking (脱敏) of personal data: table-driven examples of each rule, then properties that hold
for any input: the masked middle of an ID number or phone never shows, an address keeps no house
number, a name keeps at most its first and last characters."""

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yangguang.cases.domain import id_card_check
from yangguang.portal import masking


@pytest.mark.parametrize(("number", "id_type", "masked"), [
    ("320102198704120034", "id_card", "320102********0034"),  # 18 digits: region kept, birth date masked
    ("11010519491231002X", "id_card", "110105********002X"),  # check character X kept
    ("11010519491231002x", "id_card", "110105********002x"),
    ("320102870412003", "id_card", "320102*****2003"),  # old 15-digit card
    ("E12345678", "passport", "E1*****78"),  # 9 characters: 2 in front, 2 at the back
    ("H0123456789", "hk_macao", "H0*******89"),
    ("12345678", "taiwan", "12****78"),
    ("ABC", "passport", "***"),  # too short to keep anything
    ("", "id_card", ""),
    ("  320102198704120034 ", "id_card", "320102********0034"),  # surrounding spaces dropped
])
def test_id_numbers(number, id_type, masked):
    assert masking.mask_id_number(number, id_type) == masked


@pytest.mark.parametrize(("phone", "masked"), [
    ("13912345678", "139****5678"),  # mobile: 3 + 4 hidden + 4
    ("139 1234 5678", "139****5678"),  # spaces ignored
    ("+86 139-1234-5678", "139****5678"),  # country code dropped
    ("025-84561234", "025****1234"),  # landline with area code
    ("0510-8456123", "051****6123"),
    ("84561234", "****1234"),  # 8-digit local number: only the last four
    ("8456123", "****123"),
    ("12345", "****5"),
    ("", ""),
    ("无", ""),
])
def test_phones(phone, masked):
    assert masking.mask_phone(phone) == masked


@pytest.mark.parametrize(("address", "masked"), [
    ("南京市玄武区北京东路41号", "南京市玄武区北京东路****"),  # house number
    ("南京市江宁区秣陵街道将军大道88号3栋201室", "南京市江宁区秣陵街道将军大道****"),
    ("南京市栖霞区马群街道12号", "南京市栖霞区马群街道****"),
    ("南京市鼓楼区紫金小区5幢2单元301室", "南京市鼓楼区****"),  # a compound (小区) is not a district
    ("江苏省南京市六合区龙池街道延安路８号", "江苏省南京市六合区龙池街道延安路****"),  # full-width digit
    ("南京市玄武区北京东路四十一号", "南京市玄武区北京东路****"),  # house number in words
    ("南京市玄武区", "南京市玄武区"),  # nothing after the district to hide
    ("41 Beijing East Road", "****"),  # no Chinese district or street: all masked
    ("某某花园", "****"),
    ("", ""),
])
def test_addresses(address, masked):
    assert masking.mask_address(address) == masked


@pytest.mark.parametrize(("name", "masked"), [
    ("张三明", "张*明"),
    ("王五", "王*"),
    ("欧阳小明", "欧**明"),
    ("买买提·艾力", "买****力"),
    ("李", "*"),
    ("John Smith", "J*** S****"),
    (" 张三 ", "张*"),
    ("", ""),
])
def test_person_names(name, masked):
    assert masking.mask_person_name(name) == masked


def test_organisations_are_shown_in_full_and_persons_masked():
    assert masking.party_name("南京某某建材有限公司", "organisation") == "南京某某建材有限公司"
    assert masking.party_name("张三明", "person") == "张*明"
    assert masking.party_id("91320100MA1M7K3D0J", "credit_code", "organisation") == "91320100MA1M7K3D0J"
    assert masking.party_id("320102198704120034", "id_card", "person") == "320102********0034"
    # a credit code given for a person is masked all the same
    assert masking.party_id("91320100MA1M7K3D0J", "credit_code", "person") == "91************3D0J"


def test_scrub_masks_the_party_and_any_number_in_a_text():
    text = "当事人张三明（身份证320102198704120034，住南京市玄武区北京东路41号，电话13912345678、025-84561234）。"
    scrubbed = masking.scrub(text, names=["张三明"], secrets=[("南京市玄武区北京东路41号", "address")])
    assert scrubbed == ("当事人张*明（身份证320102********0034，住南京市玄武区北京东路****，电话139****5678、"
                        "025****1234）。")
    assert masking.scrub("宁国土罚〔2025〕12号，罚款120000元", names=["张三"]) == "宁国土罚〔2025〕12号，罚款120000元"
    assert masking.scrub("", names=["张三"]) == ""


# --- properties -------------------------------------------------------------------------------

DIGITS = "0123456789"
birth_dates = st.dates(date(1900, 1, 1), date(2099, 12, 31)).map(lambda day: day.strftime("%Y%m%d"))


@st.composite
def resident_ids(draw):
    body = draw(st.text(DIGITS, min_size=6, max_size=6)) + draw(birth_dates) + draw(st.text(DIGITS, min_size=3,
                                                                                                max_size=3))
    return body + id_card_check(body)


@given(resident_ids())
def test_an_id_number_never_shows_its_middle(number):
    masked = masking.mask_id_number(number)
    assert len(masked) == len(number) and masked[6:14] == "********"
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert number[6:14] not in masked  # the birth date: no run of 8 digits is left
    assert masking.scrub(f"身份证号{number}。") == f"身份证号{masked}。"


@given(st.text(DIGITS + "X", min_size=1, max_size=30), st.sampled_from(["passport", "hk_macao", "taiwan"]))
def test_any_other_document_is_at_least_half_masked(number, id_type):
    masked = masking.mask_id_number(number, id_type)
    assert len(masked) == len(number)
    assert masked.count("*") >= len(number) / 2
    if len(number) >= 4:
        assert number not in masked


@given(st.sampled_from(["13", "14", "15", "16", "17", "18", "19"]), st.text(DIGITS, min_size=9, max_size=9))
def test_a_mobile_never_shows_its_middle_digits(prefix, rest):
    phone = prefix + rest
    masked = masking.mask_phone(phone)
    assert masked == phone[:3] + "****" + phone[-4:]
    assert re.sub(r"[^0-9]", "", masked) == phone[:3] + phone[-4:]  # exactly the ends, nothing between
    assert phone not in masked and phone[3:7] not in masked.replace(phone[-4:], "", 1)[3:]
    assert masking.scrub(f"电话：{phone}") == f"电话：{masked}"


@given(st.text(DIGITS + " -+", max_size=25))
def test_any_phone_hides_at_least_four_digits(phone):
    digits = re.sub(r"[^0-9]", "", phone)
    masked = masking.mask_phone(phone)
    shown = re.sub(r"[^0-9]", "", masked)
    assert len(shown) <= max(0, len(digits) - 4) and len(shown) <= 7
    if digits:
        assert masked.count("*") == 4


districts = st.sampled_from(["南京市玄武区", "南京市江宁区", "江苏省南京市鼓楼区", "南京市栖霞区马群街道", "苏州市吴中区"])
roads = st.sampled_from(["北京东路", "中山北路", "将军大道", "应天大街", "文德路", "尧化街道尧新大道", ""])


@given(districts, roads, st.integers(min_value=1, max_value=99999),
       st.sampled_from(["号", "号3栋201室", "弄5号", "号之一"]))
def test_an_address_never_shows_its_house_number(district, road, number, rest):
    address = f"{district}{road}{number}{rest}"
    masked = masking.mask_address(address)
    assert masked == f"{district}{road}****"
    assert str(number) not in masked


@given(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=6))
def test_a_name_keeps_at_most_its_first_and_last_characters(name):
    masked = masking.mask_person_name(name)
    assert len(masked) == len(name) and masked[0] == name[0]
    hidden = masked[1:-1] if len(name) >= 3 else masked[1:]
    assert set(hidden) == {"*"}
    assert name not in masked
