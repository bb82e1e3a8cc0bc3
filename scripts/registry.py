"""What the plugin and the command line are made of. One line per feature."""

from __future__ import annotations

from pathlib import Path

from .addresses.feature import AddressesFeature
from .campaign.feature import CampaignFeature
from .content import Catalog, check_all_links, load_catalog
from .delivery.feature import DeliveryFeature
from .proof.feature import ProofFeature
from .quiz.feature import QuizFeature
from .schedule.feature import ScheduleFeature
from .search.feature import SearchFeature

# Feature classes (see features.Feature), run in this order by the plugin.
FEATURES: list = [
    QuizFeature,  # 知识测试: question banks, quiz pages, paper tests
    ScheduleFeature,  # 学习安排: 周四学习日 plan, session pages, .ics, QR codes, handouts
    CampaignFeature,  # 宣教活动: 路线图, activity progress, units' 工作记实台账, 进度通报
    SearchFeature,  # 搜索: exact Chinese full-text search, index sharded by token
    ProofFeature,  # 规范表述校对: dictionary and rule findings as 警告 (or 错误)
    AddressesFeature,  # 地址: the record of published addresses, redirects from old ones (after every page)
    DeliveryFeature,  # 交付: phone-sized pictures (after the others: it rewrites every <img>)
]

# Modules with `register(commands)` adding `python -m scripts` sub-commands.
COMMAND_MODULES: list[str] = [
    "scripts.build",
    "scripts.bench",
    "scripts.quiz.cli",  # import-bank / export-bank
    "scripts.proof.cli",  # proof: 规范表述校对
    "scripts.newfile",  # new: ready-to-fill materials, banks and sessions
    "scripts.wordimport.cli",  # import-docx: Word/WPS documents → draft materials
    "scripts.campaign.cli",  # records-template / import-records / ledger / tally
    "scripts.delivery.wheelhouse",  # wheelhouse for an offline install
]


def load_features(options, root, is_serve: bool = False) -> list:
    return [feature(options, root, is_serve) for feature in FEATURES]


def validate_site(
    options, root: Path, docs_dir: Path, include_drafts: bool, is_serve: bool = False
) -> tuple[Catalog, list]:
    """Everything `check`, `build` and `mkdocs build` validate, in one place."""
    catalog = load_catalog(options, root, docs_dir, include_drafts)
    features = load_features(options, root, is_serve)
    for feature in features:
        feature.validate(catalog)
    pages = set().union(*(feature.page_uris() for feature in features))
    check_all_links(catalog, root / options.materials_dir, root, docs_dir, pages)
    return catalog, features
