"""API shapes of the calendar."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

Unit = Literal["workday", "day", "hour"]


class DeadlineQuery(Schema):
    start: str = Field(description="A date (that day, 00:00) or a date and time; without an offset it is Asia/Shanghai")
    amount: int = Field(description="How many units the period lasts; 0 means within the start day")
    unit: Unit = Field("workday", description="workday (working days), day (natural days) or hour")


class DeadlineOut(Schema):
    start: datetime
    amount: int
    unit: Unit
    due: datetime = Field(description="The exclusive deadline: finishing at any earlier instant is on time")
    due_display: str = Field(description="The deadline as shown: 24:00:00 of the last day for a midnight deadline")
    last_day: date = Field(description="The last day of the period")


class YearOut(Schema):
    year: int
    notice_title: str
    notice_number: str
    published_on: date | None
    source: str
    confirmed: bool


class DayOut(Schema):
    date: date
    kind: str
    kind_name: str
    name: str
