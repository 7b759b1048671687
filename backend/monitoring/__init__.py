"""Service quality as it happens: the supervisor's dashboard (figures, charts, exports, live
updates) following the indicator groups of Decision 766/QĐ-TTg."""
