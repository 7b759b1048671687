"""An office that receives dossiers (one-stop office, "bộ phận một cửa") or a postal unit whose
couriers collect and deliver them."""

from __future__ import annotations

from piccolo.columns import JSON, Serial, Varchar
from piccolo.table import Table

KINDS = ("one_stop", "postal_unit")


class Office(Table, tablename="office"):
    id: Serial
    code = Varchar(length=32, unique=True)
    # Agency code that starts this office's dossier codes (agency + YYMMDD + sequence).
    agency_code = Varchar(length=16)
    kind = Varchar(length=16, index=True)
    name_vi = Varchar(length=200)
    name_en = Varchar(length=200)
    name_search = Varchar(length=200, index=True)  # i18n.fold(name_vi): search without diacritics
    province = Varchar(length=100)
    ward = Varchar(length=100)
    address = Varchar(length=300)
    phone = Varchar(length=20, default="")
    # Wards served for home appointments and postal pickup (names with diacritics).
    serves_wards = JSON(default=[])
