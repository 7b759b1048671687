"""A catalogue entry (thủ tục hành chính) as published in the national procedure database."""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, Integer, Serial, Text, Varchar
from piccolo.table import Table

CHANNELS = ("online", "postal_pickup", "home_appointment", "counter")
FEE_KINDS = ("free", "fixed", "by_answers")


class Procedure(Table, tablename="procedure"):
    id: Serial
    code = Varchar(length=32, unique=True)  # national code, e.g. "2.001417"
    name_vi = Varchar(length=300)
    name_en = Varchar(length=300)
    name_search = Varchar(length=300, index=True)  # i18n.fold(name_vi)
    agency_code = Varchar(length=16, index=True)  # starts dossier codes; matches Office.agency_code
    agency_vi = Varchar(length=200)
    agency_en = Varchar(length=200)
    field = Varchar(length=32, index=True)  # slug: "judicial_records", "civil_status", ...
    field_vi = Varchar(length=200)
    field_en = Varchar(length=200)
    fee_kind = Varchar(length=16)  # one of FEE_KINDS
    fee_vnd = Integer(default=0)  # the base fee; by_answers adds per fee_rule
    fee_rule = JSON(default={})  # how answers change the fee (procedures/fees.py)
    processing_days = Integer()  # working days; 0 = same working day
    same_day = Boolean(default=False)  # "4 tại chỗ": received, decided, paid, returned on the spot
    # [{"key", "name_vi", "name_en", "pages", "reusable"}]; reusable: a digitised copy may be reused
    documents = JSON(default=[])
    # {"schema": JSON Schema of the answers, "steps": [{"key", "title_vi", "title_en", "fields": [...]}],
    #  "labels": {field: {"vi", "en", "help_vi", "help_en"}}}
    form = JSON(default={})
    channels = JSON(default=[])  # subset of CHANNELS
    office_codes = JSON(default=[])  # Office.code of every office that handles it
    result_vi = Varchar(length=300, default="")  # what the citizen receives
    result_en = Varchar(length=300, default="")
    source = Text(default="")  # the legal texts the fee and time come from
    source_en = Text(default="")  # their English rendering, when someone translated them
