"""Demo offices: two one-stop offices and the postal unit that serves their wards.

Ward names follow the two-tier local government in force since 1 July 2025 (provinces and
wards/communes, no districts). The offices are illustrative: names follow the real naming
pattern, addresses are not those of real buildings.
"""

from __future__ import annotations

from typing import Any

from backend.offices.tables import Office
from i18n import fold

DEMO_OFFICES: list[dict[str, Any]] = [
    {
        "code": "HN-STP",
        "agency_code": "STP",
        "kind": "one_stop",
        "name_vi": "Bộ phận Một cửa Sở Tư pháp Hà Nội",
        "name_en": "Hà Nội Department of Justice one-stop office",
        "province": "Hà Nội",
        "ward": "Phường Hà Đông",
        "address": "Số 1 Phố Demo, Phường Hà Đông, Hà Nội",
        "phone": "02400000001",
        "serves_wards": ["Phường Hà Đông", "Phường Cửa Nam", "Phường Hoàn Kiếm", "Phường Ba Đình"],
    },
    {
        "code": "HN-CUANAM",
        "agency_code": "CUANAM",
        "kind": "one_stop",
        "name_vi": "Trung tâm Phục vụ hành chính công phường Cửa Nam",
        "name_en": "Cửa Nam Ward public administrative service centre",
        "province": "Hà Nội",
        "ward": "Phường Cửa Nam",
        "address": "Số 2 Phố Demo, Phường Cửa Nam, Hà Nội",
        "phone": "02400000002",
        "serves_wards": ["Phường Cửa Nam", "Phường Hoàn Kiếm"],
    },
    {
        "code": "HN-BC-HOANKIEM",
        "agency_code": "BCHK",
        "kind": "postal_unit",
        "name_vi": "Bưu cục Hoàn Kiếm (Bưu chính công ích)",
        "name_en": "Hoàn Kiếm post office (public postal service)",
        "province": "Hà Nội",
        "ward": "Phường Hoàn Kiếm",
        "address": "Số 3 Phố Demo, Phường Hoàn Kiếm, Hà Nội",
        "phone": "02400000003",
        "serves_wards": ["Phường Cửa Nam", "Phường Hoàn Kiếm", "Phường Ba Đình", "Phường Hà Đông"],
    },
]


async def load_offices() -> list[str]:
    for data in DEMO_OFFICES:
        exists = await Office.exists().where(Office.code == data["code"])
        if not exists:
            await Office.insert(Office(**data, name_search=fold(str(data["name_vi"]))))
    return [f"offices: {len(DEMO_OFFICES)} demo offices ({', '.join(d['code'] for d in DEMO_OFFICES)})"]
