"""Demo catalogue: six real procedures with their real fees and processing times.

Each entry names its legal source in `source`. Checked on public pages while writing this file:
certified copies (fee table of Circular 226/2016/TT-BTC, same day with the 15:00 rule of Decree
23/2015/NĐ-CP art. 21, code 2.000815 on provincial portals) and driving-licence renewal (no more
than 5 working days). The others come from the legal texts cited; the national codes other than
2.000815 are given as published on the National Public Service Portal to the best of our
knowledge and should be checked against csdl.dichvucong.gov.vn before production use.
Offices are the demo offices (backend/offices/demo.py).
"""

from __future__ import annotations

from typing import Any

from backend.procedures.forms_common import form

DOC_ID_CARD = {
    "key": "id_card",
    "name_vi": "Thẻ Căn cước / Căn cước công dân (bản chụp hai mặt)",
    "name_en": "Citizen identity card (both sides)",
    "pages": 2,
    "reusable": True,
}

CRIMINAL_RECORD: dict[str, Any] = {
    "code": "2.001417",
    "name_vi": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
    "name_en": "Criminal record certificate for Vietnamese citizens",
    "agency_code": "STP",
    "agency_vi": "Sở Tư pháp",
    "agency_en": "Department of Justice",
    "field": "judicial_records",
    "field_vi": "Lý lịch tư pháp",
    "field_en": "Judicial records",
    "fee_kind": "by_answers",
    "fee_vnd": 200000,
    "fee_rule": {"kind": "extra_copies", "field": "copies", "included": 2, "per_copy": 5000},
    "processing_days": 10,
    "same_day": False,
    "documents": [DOC_ID_CARD],
    "form": form(
        {
            "certificate_type": {"type": "string", "enum": ["1", "2"]},
            "copies": {"type": "integer", "minimum": 1, "maximum": 10},
            "purpose": {"type": "string", "minLength": 3, "maxLength": 200},
        },
        ["certificate_type", "copies", "purpose"],
        {
            "certificate_type": {
                "vi": "Loại phiếu",
                "en": "Certificate type",
                "help_vi": "Phiếu số 1 cho cá nhân, cơ quan tổ chức; Phiếu số 2 ghi đầy đủ án tích",
                "help_en": "No. 1 for individuals and organisations; No. 2 lists every conviction",
            },
            "copies": {
                "vi": "Số lượng phiếu",
                "en": "Number of copies",
                "help_vi": "Từ phiếu thứ 3: thêm 5.000 ₫/phiếu",
                "help_en": "From the 3rd copy: 5,000 ₫ more each",
            },
            "purpose": {"vi": "Mục đích sử dụng", "en": "Purpose"},
        },
        [
            {
                "key": "request",
                "title_vi": "Nội dung yêu cầu",
                "title_en": "Request",
                "fields": ["certificate_type", "copies", "purpose"],
            }
        ],
    ),
    "channels": ["online", "postal_pickup", "counter"],
    "office_codes": ["HN-STP"],
    "result_vi": "Phiếu lý lịch tư pháp",
    "result_en": "Criminal record certificate",
    "source": (
        "Luật Lý lịch tư pháp 28/2009/QH12, Điều 48 (thời hạn không quá 10 ngày); "
        "Thông tư 244/2016/TT-BTC, Điều 4 (phí 200.000 đồng/lần; từ Phiếu thứ 3 thu thêm 5.000 đồng/Phiếu)"
    ),
    "source_en": (
        "Law on Judicial Records 28/2009/QH12, Article 48 (no more than 10 days); "
        "Circular 244/2016/TT-BTC, Article 4 (fee 200,000 dong per request; 5,000 dong more for each "
        "certificate from the 3rd)"
    ),
}

BIRTH_REGISTRATION: dict[str, Any] = {
    "code": "1.001193",
    "name_vi": "Đăng ký khai sinh",
    "name_en": "Birth registration",
    "agency_code": "UBND-XA",
    "agency_vi": "Ủy ban nhân dân cấp xã",
    "agency_en": "Commune / ward People's Committee",
    "field": "civil_status",
    "field_vi": "Hộ tịch",
    "field_en": "Civil status",
    "fee_kind": "free",
    "fee_vnd": 0,
    "fee_rule": {},
    "processing_days": 0,
    "same_day": True,
    "documents": [
        {
            "key": "birth_notice",
            "name_vi": "Giấy chứng sinh",
            "name_en": "Medical birth notice",
            "pages": 1,
            "reusable": False,
        },
        {
            "key": "marriage_certificate",
            "name_vi": "Giấy chứng nhận kết hôn của cha mẹ",
            "name_en": "Parents' marriage certificate",
            "pages": 1,
            "reusable": True,
        },
    ],
    "form": form(
        {
            "child_name": {"type": "string", "minLength": 2, "maxLength": 100},
            "child_date_of_birth": {"type": "string", "format": "date-dmy"},
            "child_sex": {"type": "string", "enum": ["male", "female"]},
            "place_of_birth": {"type": "string", "minLength": 3, "maxLength": 200},
            "father_name": {"type": "string", "maxLength": 100},
            "mother_name": {"type": "string", "minLength": 2, "maxLength": 100},
        },
        ["child_name", "child_date_of_birth", "child_sex", "place_of_birth", "mother_name"],
        {
            "child_name": {"vi": "Họ, chữ đệm và tên của trẻ", "en": "Child's full name"},
            "child_date_of_birth": {
                "vi": "Ngày sinh của trẻ",
                "en": "Child's date of birth",
                "help_vi": "dd/mm/yyyy",
                "help_en": "dd/mm/yyyy",
            },
            "child_sex": {"vi": "Giới tính của trẻ", "en": "Child's sex"},
            "place_of_birth": {"vi": "Nơi sinh", "en": "Place of birth"},
            "father_name": {"vi": "Họ tên cha", "en": "Father's name"},
            "mother_name": {"vi": "Họ tên mẹ", "en": "Mother's name"},
        },
        [
            {
                "key": "child",
                "title_vi": "Thông tin của trẻ",
                "title_en": "The child",
                "fields": ["child_name", "child_date_of_birth", "child_sex", "place_of_birth"],
            },
            {
                "key": "parents",
                "title_vi": "Cha mẹ",
                "title_en": "Parents",
                "fields": ["father_name", "mother_name"],
            },
        ],
    ),
    "channels": ["online", "home_appointment", "counter"],
    "office_codes": ["HN-CUANAM"],
    "result_vi": "Giấy khai sinh (bản chính) và trích lục khai sinh",
    "result_en": "Birth certificate and extract",
    "source": (
        "Luật Hộ tịch 60/2014/QH13, Điều 11 khoản 1 điểm a (miễn lệ phí đăng ký khai sinh đúng hạn) "
        "và Điều 16 khoản 2 (giải quyết ngay trong ngày; sau 15 giờ thì trong ngày làm việc tiếp theo)"
    ),
}

CERTIFIED_COPY: dict[str, Any] = {
    "code": "2.000815",
    "name_vi": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp",
    "name_en": "Certified copy from an original document",
    "agency_code": "UBND-XA",
    "agency_vi": "Ủy ban nhân dân cấp xã",
    "agency_en": "Commune / ward People's Committee",
    "field": "certification",
    "field_vi": "Chứng thực",
    "field_en": "Certification",
    "fee_kind": "by_answers",
    "fee_vnd": 0,
    "fee_rule": {
        "kind": "pages_per_copy",
        "pages_field": "pages",
        "copies_field": "copies",
        "first_pages": 2,
        "first_rate": 2000,
        "next_rate": 1000,
        "cap_per_copy": 200000,
    },
    "processing_days": 0,
    "same_day": True,
    "documents": [
        {
            "key": "original",
            "name_vi": "Bản chính giấy tờ cần chứng thực",
            "name_en": "The original document",
            "pages": 1,
            "reusable": False,
        },
    ],
    "form": form(
        {
            "document_title": {"type": "string", "minLength": 3, "maxLength": 200},
            "pages": {"type": "integer", "minimum": 1, "maximum": 500},
            "copies": {"type": "integer", "minimum": 1, "maximum": 50},
        },
        ["document_title", "pages", "copies"],
        {
            "document_title": {"vi": "Tên giấy tờ", "en": "Document title"},
            "pages": {"vi": "Số trang của bản chính", "en": "Pages in the original"},
            "copies": {"vi": "Số bản sao", "en": "Number of copies"},
        },
        [
            {
                "key": "document",
                "title_vi": "Giấy tờ cần chứng thực",
                "title_en": "Document",
                "fields": ["document_title", "pages", "copies"],
            }
        ],
    ),
    "channels": ["online", "postal_pickup", "counter"],
    "office_codes": ["HN-CUANAM", "HN-STP"],
    "result_vi": "Bản sao được chứng thực",
    "result_en": "Certified copies",
    "source": (
        "Nghị định 23/2015/NĐ-CP, Điều 21 (trong ngày; sau 15 giờ thì ngày làm việc tiếp theo); "
        "Thông tư 226/2016/TT-BTC (2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang; "
        "tối đa 200.000 đồng/bản)"
    ),
}

DRIVING_LICENCE: dict[str, Any] = {
    "code": "1.002804",
    "name_vi": "Đổi giấy phép lái xe do ngành Công an cấp",
    "name_en": "Driving licence renewal",
    "agency_code": "CA-TINH",
    "agency_vi": "Công an cấp tỉnh (Phòng Cảnh sát giao thông)",
    "agency_en": "Provincial Police (Traffic Police Division)",
    "field": "road_traffic",
    "field_vi": "Đường bộ",
    "field_en": "Road traffic",
    "fee_kind": "fixed",
    "fee_vnd": 135000,
    "fee_rule": {},
    "processing_days": 5,
    "same_day": False,
    "documents": [
        {
            "key": "health_certificate",
            "name_vi": "Giấy khám sức khỏe của người lái xe",
            "name_en": "Driver's health certificate",
            "pages": 1,
            "reusable": False,
        },
        {
            "key": "current_licence",
            "name_vi": "Giấy phép lái xe đang sử dụng",
            "name_en": "Current driving licence",
            "pages": 1,
            "reusable": True,
        },
    ],
    "form": form(
        {
            "licence_number": {"type": "string", "format": "vn-id-number"},
            "licence_class": {"type": "string", "enum": ["A", "A1", "B", "C1", "C", "D", "BE", "CE"]},
            "licence_expiry": {"type": "string", "format": "date-dmy"},
        },
        ["licence_number", "licence_class", "licence_expiry"],
        {
            "licence_number": {
                "vi": "Số giấy phép lái xe",
                "en": "Licence number",
                "help_vi": "12 chữ số",
                "help_en": "12 digits",
            },
            "licence_class": {"vi": "Hạng", "en": "Class"},
            "licence_expiry": {
                "vi": "Ngày hết hạn",
                "en": "Expiry date",
                "help_vi": "dd/mm/yyyy",
                "help_en": "dd/mm/yyyy",
            },
        },
        [
            {
                "key": "licence",
                "title_vi": "Giấy phép lái xe",
                "title_en": "Licence",
                "fields": ["licence_number", "licence_class", "licence_expiry"],
            }
        ],
    ),
    "channels": ["online", "postal_pickup", "counter"],
    "office_codes": ["HN-CUANAM"],
    "result_vi": "Giấy phép lái xe mới",
    "result_en": "New driving licence",
    "source": (
        "Luật Trật tự, an toàn giao thông đường bộ 36/2024/QH15 và Thông tư 12/2025/TT-BCA "
        "(không quá 05 ngày làm việc); Thông tư 37/2023/TT-BTC (lệ phí 135.000 đồng/lần)"
    ),
}

HOUSEHOLD_BUSINESS: dict[str, Any] = {
    "code": "2.000720",
    "name_vi": "Đăng ký thành lập hộ kinh doanh",
    "name_en": "Household business registration",
    "agency_code": "UBND-XA",
    "agency_vi": "Ủy ban nhân dân cấp xã",
    "agency_en": "Commune / ward People's Committee",
    "field": "business_registration",
    "field_vi": "Thành lập và hoạt động của hộ kinh doanh",
    "field_en": "Household businesses",
    "fee_kind": "fixed",
    "fee_vnd": 100000,
    "fee_rule": {},
    "processing_days": 3,
    "same_day": False,
    "documents": [
        DOC_ID_CARD,
        {
            "key": "premises",
            "name_vi": "Giấy tờ chứng minh quyền sử dụng địa điểm kinh doanh",
            "name_en": "Proof of the right to use the premises",
            "pages": 2,
            "reusable": True,
        },
    ],
    "form": form(
        {
            "business_name": {"type": "string", "minLength": 3, "maxLength": 200},
            "business_address": {"type": "string", "minLength": 5, "maxLength": 300},
            "activities": {"type": "string", "minLength": 3, "maxLength": 500},
            "capital_vnd": {"type": "integer", "minimum": 0},
            "employees": {"type": "integer", "minimum": 0, "maximum": 1000},
        },
        ["business_name", "business_address", "activities", "capital_vnd"],
        {
            "business_name": {"vi": "Tên hộ kinh doanh", "en": "Business name"},
            "business_address": {"vi": "Địa điểm kinh doanh", "en": "Business address"},
            "activities": {"vi": "Ngành, nghề kinh doanh", "en": "Activities"},
            "capital_vnd": {"vi": "Vốn kinh doanh (đồng)", "en": "Capital (VND)"},
            "employees": {"vi": "Số lao động", "en": "Employees"},
        },
        [
            {
                "key": "business",
                "title_vi": "Hộ kinh doanh",
                "title_en": "Business",
                "fields": ["business_name", "business_address", "activities", "capital_vnd", "employees"],
            }
        ],
    ),
    "channels": ["online", "counter"],
    "office_codes": ["HN-CUANAM"],
    "result_vi": "Giấy chứng nhận đăng ký hộ kinh doanh",
    "result_en": "Household business registration certificate",
    "source": (
        "Nghị định 01/2021/NĐ-CP, Điều 87 (03 ngày làm việc), thay thế bởi Nghị định 168/2025/NĐ-CP "
        "từ 01/7/2025 với cùng thời hạn; Thông tư 85/2019/TT-BTC (lệ phí do HĐND tỉnh quyết định; "
        "Hà Nội: 100.000 đồng/lần)"
    ),
}

PASSPORT: dict[str, Any] = {
    "code": "2.001699",
    "name_vi": "Cấp hộ chiếu phổ thông ở trong nước",
    "name_en": "Ordinary passport issued in Vietnam",
    "agency_code": "CA-XNC",
    "agency_vi": "Phòng Quản lý xuất nhập cảnh Công an cấp tỉnh",
    "agency_en": "Provincial Immigration Department",
    "field": "exit_entry",
    "field_vi": "Quản lý xuất nhập cảnh",
    "field_en": "Exit and entry",
    "fee_kind": "fixed",
    "fee_vnd": 200000,
    "fee_rule": {},
    "processing_days": 8,
    "same_day": False,
    "documents": [
        {
            "key": "portrait",
            "name_vi": "Ảnh chân dung 4x6 cm nền trắng",
            "name_en": "4x6 cm portrait, white background",
            "pages": 1,
            "reusable": False,
        },
        DOC_ID_CARD,
    ],
    "form": form(
        {
            "occupation": {"type": "string", "minLength": 2, "maxLength": 100},
            "previous_passport": {"type": "string", "maxLength": 20},
        },
        ["occupation"],
        {
            "occupation": {"vi": "Nghề nghiệp", "en": "Occupation"},
            "previous_passport": {
                "vi": "Số hộ chiếu gần nhất (nếu có)",
                "en": "Last passport number (if any)",
            },
        },
        [
            {
                "key": "passport",
                "title_vi": "Hộ chiếu",
                "title_en": "Passport",
                "fields": ["occupation", "previous_passport"],
            }
        ],
    ),
    "channels": ["online", "postal_pickup", "counter"],
    "office_codes": ["HN-STP", "HN-CUANAM"],
    "result_vi": "Hộ chiếu phổ thông",
    "result_en": "Ordinary passport",
    "source": (
        "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 49/2019/QH14, Điều 15 (08 ngày làm việc); "
        "Thông tư 25/2021/TT-BTC (lệ phí 200.000 đồng/lần)"
    ),
}

PROCEDURES: list[dict[str, Any]] = [
    CRIMINAL_RECORD,
    BIRTH_REGISTRATION,
    CERTIFIED_COPY,
    DRIVING_LICENCE,
    HOUSEHOLD_BUSINESS,
    PASSPORT,
]
