"""What the plugin and the command line are made of. One line per feature."""

from __future__ import annotations

from .addresses.feature import AddressesFeature
from .delivery.feature import DeliveryFeature
from .quiz.feature import QuizFeature
from .schedule.feature import ScheduleFeature
from .search.feature import SearchFeature

# Feature classes (see features.Feature), run in this order by the plugin.
FEATURES: list = [
    QuizFeature,  # 知识测试: question banks, quiz pages, paper tests
    ScheduleFeature,  # 学习安排: 周四学习日 plan, session pages, .ics, QR codes, handouts
    SearchFeature,  # 搜索: exact Chinese full-text search, index sharded by token
    AddressesFeature,  # 地址: the record of published addresses, redirects from old ones (after every page)
    DeliveryFeature,  # 交付: phone-sized pictures (after the others: it rewrites every <img>)
]

# Modules with `register(commands)` adding `python -m scripts` sub-commands.
COMMAND_MODULES: list[str] = [
    "scripts.build",
    "scripts.bench",
    "scripts.quiz.cli",  # import-bank / export-bank
    "scripts.wordimport.cli",  # import-docx: Word/WPS documents → draft materials
    "scripts.delivery.wheelhouse",  # wheelhouse for an offline install
]
