"""The SVG charts: labelled for screen readers with the values they draw, text escaped."""

from __future__ import annotations

from datetime import date

from backend.monitoring.charts import bar_chart, line_chart

LABELS = {"title": "Theo ngày", "received": "Tiếp nhận", "resolved": "Đã giải quyết", "empty": "Chưa có"}


def test_the_line_chart_describes_each_day_with_data() -> None:
    days = [
        {"day": date(2026, 11, 2), "received": 3, "resolved": 0},
        {"day": date(2026, 11, 3), "received": 0, "resolved": 0},
        {"day": date(2026, 11, 4), "received": 1, "resolved": 2},
    ]
    svg = str(line_chart(days, LABELS))
    assert 'role="img"' in svg
    assert 'aria-labelledby="daily-title daily-desc"' in svg
    assert '<title id="daily-title">Theo ngày</title>' in svg
    assert "02/11/2026: Tiếp nhận 3, Đã giải quyết 0; 04/11/2026: Tiếp nhận 1, Đã giải quyết 2" in svg
    assert "03/11/2026: Tiếp nhận 0" not in svg
    assert svg.count("<polyline") == 2


def test_the_bar_chart_skips_procedures_without_a_rate_and_escapes_names() -> None:
    rows = [
        {"code": "1.1", "name_vi": "<script>alert(1)</script>", "on_time_rate": 0.5},
        {"code": "1.2", "name_vi": "Đăng ký khai sinh", "on_time_rate": None},
    ]
    svg = str(bar_chart(rows, {"title": "Đúng hạn", "empty": "Chưa có"}, "name_vi"))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert svg.count("<rect") == 1
    assert "50%" in svg
    assert "Đăng ký khai sinh" not in svg
    empty = str(bar_chart([], {"title": "Đúng hạn", "empty": "Chưa có"}, "name_vi"))
    assert '<desc id="ontime-desc">Chưa có</desc>' in empty
