"""An add-to-calendar file (RFC 5545) for one booking.

Times are local Vietnam time with a VTIMEZONE for Asia/Ho_Chi_Minh (UTC+7, no daylight saving
since 1975). The event carries the dossier code, the office and, for visits at home, the address
the citizen gave: nothing about them that they did not type themselves, no phone or ID number.
Lines end in CRLF, are folded at 75 octets, and text values are escaped (backslash, semicolon,
comma, newline).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from backend.scheduling.capacity import starts_at
from i18n import translate

TZID = "Asia/Ho_Chi_Minh"
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:ICT",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character;
    continuation lines start with one space."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def booking_calendar(booking: dict[str, Any], locale: str, base_url: str, now: datetime) -> str:
    start = starts_at(booking["day"], booking["starts"])
    end = starts_at(booking["day"], booking["ends"])
    office = booking["office_name_en"] if locale == "en" else booking["office_name_vi"]
    at_home = booking["kind"] in ("postal_pickup", "home_appointment")
    location = booking["address"] if at_home else booking["office_address"]
    summary = translate(locale, f"booking.ics.summary.{booking['kind']}", code=booking["dossier_code"])
    description = translate(locale, "booking.ics.description", code=booking["dossier_code"], office=office)
    link = f"{base_url}/dossiers/{booking['dossier']}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//MotCua//Booking//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:booking-{booking['id']}@motcua",
        f"DTSTAMP:{now.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;TZID={TZID}:{_local(start)}",
        f"DTEND;TZID={TZID}:{_local(end)}",
        f"SEQUENCE:{booking['version']}",
        f"STATUS:{'CANCELLED' if booking['status'] == 'cancelled' else 'CONFIRMED'}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description + chr(10) + link)}",
        f"LOCATION:{escape(location)}",
        f"URL:{link}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
