"""`python -m scripts records-template | import-records | ledger | tally`: the office's Excel side.

Everything here writes the office's own files (an .xlsx, or a unit's records YAML); workbooks are
refused inside docs/, materials/ and the site folder, where the build could publish them.
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..problems import Problems
from ..project import load_mkdocs_config, plugin_options, project_root
from ..registry import validate_site
from ..schedule.select import build_date
from .feature import CampaignFeature
from .model import Campaign, Record, find_activity, load_records, unit_files
from .store import merge, write_unit
from .tally import normal, read_results, read_roster, tally, write_tally
from .xlsx import campaign_of, read_records, write_ledger, write_template


@dataclass
class Project:
    root: Path
    config: object
    options: object
    feature: object
    problems: Problems = field(default_factory=Problems)

    @property
    def campaigns(self) -> list[Campaign]:
        return self.feature.campaigns

    def find(self, wanted: str) -> Campaign | None:
        return next((c for c in self.campaigns if wanted in (c.id, c.title, Path(c.rel).stem)), None)


def _load(config_file: str) -> Project:
    config = load_mkdocs_config(config_file)
    options = plugin_options(config)
    root = project_root(config)
    catalog, features = validate_site(options, root, Path(config.docs_dir), include_drafts=False)
    feature = next(f for f in features if isinstance(f, CampaignFeature))
    project = Project(root, config, options, feature)
    # Only this feature's own problems matter here; `check` reports the rest.
    folders = tuple(f"{options.materials_dir}/{name}/" for name in (options.campaign_dir, options.campaign_records_dir))
    project.problems = Problems([p for p in catalog.problems.items if p.path.startswith(folders)])
    return project


def _campaign(project: Project, wanted: str | None) -> Campaign | None:
    project.problems.report(sys.stderr)
    campaign = project.find(wanted) if wanted else None
    if campaign is None:
        known = "、".join(c.id for c in project.campaigns) or "（没有宣教活动）"
        print(f"错误: 没有编号为 “{wanted}” 的宣教活动；现有：{known}", file=sys.stderr)
        return None
    if any(p.path == campaign.rel or f"/{campaign.id}/" in p.path for p in project.problems.errors):
        print(
            f"错误: “{campaign.title}”的活动文件或工作记实有错误，请先改正（python -m scripts check）", file=sys.stderr
        )
        return None
    return campaign


def _private(path: Path, project: Project) -> str | None:
    """Why `path` must not receive a workbook (the build would publish it), or None."""
    target = path.resolve()
    for folder, label in (
        (Path(project.config.docs_dir), "docs_dir"),
        (project.root / project.options.materials_dir, "材料文件夹"),
        (Path(project.config.site_dir), "网站输出文件夹"),
    ):
        if target.is_relative_to(folder.resolve()):
            return f"{path}:1: 错误: 不能写到{label}（{folder}）中：那里的文件可能随网站发布；请写到别处，例如桌面"
    return None


def _out(args_out: str, project: Project) -> Path | None:
    path = Path(args_out)
    problem = _private(path, project)
    if problem:
        print(problem, file=sys.stderr)
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _day(text: str | None) -> datetime.date | None:
    if not text:
        return build_date()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        print(f"错误: 日期 “{text}” 应写成 YYYY-MM-DD，例如 2026-11-27", file=sys.stderr)
        return None


# --- records-template / import-records -----------------------------------------------------


def records_template(args) -> int:
    project = _load(args.config_file)
    campaign = _campaign(project, args.campaign)
    if campaign is None:
        return 1
    if args.unit and args.unit not in campaign.units:
        print(
            f"错误: “{args.unit}” 不是“{campaign.title}”的责任单位；责任单位：{'、'.join(campaign.units)}",
            file=sys.stderr,
        )
        return 1
    out = _out(args.out or (f"工作记实-{args.unit}.xlsx" if args.unit else f"工作记实-{campaign.id}.xlsx"), project)
    if out is None:
        return 1
    rows = write_template(campaign, out, args.unit)
    print(f"已生成工作记实模板（{rows} 行）：{out}")
    return 0


def import_records(args) -> int:
    source = Path(args.file)
    if not source.is_file():
        print(f"{args.file}:1: 错误: 文件不存在", file=sys.stderr)
        return 1
    project = _load(args.config_file)
    campaign = _campaign(project, args.campaign or campaign_of(source))
    if campaign is None:
        if not args.campaign:
            print("提示: 这个文件不是 records-template 生成的模板时，请用 --campaign 指定活动编号。", file=sys.stderr)
        return 1
    result = read_records(source, campaign, project.feature.refs)
    for line in result.errors:
        print(line, file=sys.stderr)
    if result.errors:
        print(f"导入未完成：共 {len(result.errors)} 个错误，没有写入任何文件。", file=sys.stderr)
        return 1
    return _write_records(project, campaign, result.records, "导入")


def _write_records(project: Project, campaign: Campaign, incoming: list[Record], verb: str) -> int:
    """Each unit's file with `incoming` replacing the same activities; then loaded back as `check` would."""
    by_unit: dict[str, list[Record]] = {}
    for record in incoming:
        by_unit.setdefault(record.unit, []).append(record)
    for unit, records in by_unit.items():
        existing = campaign.records_of(unit)
        replaced = sum(1 for r in records if campaign.record(unit, r.activity) is not None)
        path = write_unit(campaign, unit, merge(existing, records, campaign))
        print(f"{unit}：新增 {len(records) - replaced} 条，更新 {replaced} 条 → {path.relative_to(project.root)}")
    check = Problems()
    fresh = replace(campaign, records=[])
    load_records(fresh, unit_files(campaign.records_dir), project.root, project.feature.refs, check)
    check.report(sys.stderr)
    print(f"已{verb} {len(incoming)} 条工作记实。")
    return 1 if check.errors else 0


# --- ledger ---------------------------------------------------------------------------------


def ledger(args) -> int:
    project = _load(args.config_file)
    campaign = _campaign(project, args.campaign)
    today = _day(args.date)
    if campaign is None or today is None:
        return 1
    out = _out(args.out, project)
    if out is None:
        return 1
    write_ledger(campaign, out, today)
    print(f"已生成台账（统计日期 {today}）：{out}")
    return 0


# --- tally ---------------------------------------------------------------------------------


def run_tally(args) -> int:
    if args.activity and (not args.campaign or (args.date and _day(args.date) is None)):
        if not args.campaign:
            print("错误: --activity 需要和 --campaign 一起使用", file=sys.stderr)
        return 1
    problems = Problems()
    results = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            problems.error(name, 1, "文件不存在")
            continue
        results += read_results(path, name, problems)
    roster = None
    if args.roster:
        path = Path(args.roster)
        roster = read_roster(path, args.roster, problems) if path.is_file() else []
        if not path.is_file():
            problems.error(args.roster, 1, "花名册文件不存在")
    project = _load(args.config_file)
    results = _one_bank(results, args.bank, project, problems)
    problems.report(sys.stderr)
    if problems.errors:
        print(f"汇总未完成：{problems.summary()}，没有写入任何文件。", file=sys.stderr)
        return 1
    if not results:
        print("错误: 没有可汇总的成绩。", file=sys.stderr)
        return 1
    out = _out(args.out, project)
    if out is None:
        return 1
    summary = tally(results, roster, args.keep)
    for name, branch, note in summary.checks:
        print(f"需核对: {branch} {name}：{note}", file=sys.stderr)
    write_tally(summary, out, summary.test or "知识测试")
    took = sum(row.took for row in summary.branches)
    print(f"已汇总 {len(results)} 份成绩单、{took} 人：{out}")
    if args.activity:
        return _feed_record(args, project, summary)
    return 0


def _one_bank(results, wanted: str | None, project: Project, problems: Problems):
    """Results of one bank: --bank chooses; without it every file must be of the same test."""
    banks = project.feature.refs.banks  # id → title

    def bank_of(result) -> str:
        if result.bank:
            return result.bank
        ids = [bank for bank, title in banks.items() if title == result.test]
        return ids[0] if len(ids) == 1 else f"“{result.test}”"

    if wanted:
        kept = [r for r in results if bank_of(r) == wanted]
        for r in results:
            if bank_of(r) != wanted:
                problems.warning(r.rel, r.line, f"这份成绩单是 {bank_of(r)} 的，不是 {wanted}，已跳过")
        return kept
    found = sorted({bank_of(r) for r in results})
    if len(found) > 1:
        problems.error(results[0].rel, 1, f"成绩单来自不同的测试：{'、'.join(found)}；请用 --bank 指定要汇总的题库编号")
    return results


def _feed_record(args, project: Project, summary) -> int:
    """知识测试 activity: each branch that is a responsible unit gets participants = who took it."""
    campaign = _campaign(project, args.campaign)
    if campaign is None:
        return 1
    activity = find_activity(campaign, args.activity)
    if activity is None:
        names = "、".join(a.name for a in campaign.activities)
        print(f"错误: “{args.activity}” 不是“{campaign.title}”中的活动；活动：{names}", file=sys.stderr)
        return 1
    records = []
    for row in summary.branches:
        unit = next((u for u in activity.units if normal(u) == normal(row.branch)), None)
        if unit is None or not row.took:
            if row.took:
                print(f"警告: “{row.branch}”不是“{activity.name}”的责任单位，没有写入工作记实", file=sys.stderr)
            continue
        records.append(_tally_record(campaign, activity, unit, row, summary, args.date))
    if not records:
        print("错误: 没有支部是该活动的责任单位，没有写入工作记实。", file=sys.stderr)
        return 1
    return _write_records(project, campaign, records, "写入")


def _tally_record(campaign: Campaign, activity, unit: str, row, summary, date_text: str | None) -> Record:
    existing = campaign.record(unit, activity.id)
    if existing is not None:
        return replace(existing, participants=row.took)
    taken = [r.ended.date() for r in summary.results if normal(r.branch) == normal(row.branch)]
    day = datetime.date.fromisoformat(date_text) if date_text else max(taken)
    text = (
        f"组织“{summary.test or activity.name}”，{row.took} 人参加，平均分 {row.average:g} 分，合格率 {row.pass_rate}。"
    )
    return Record(unit, activity.id, day, text, row.took)


def register(commands) -> None:
    parser = commands.add_parser("records-template", help="生成工作记实 Excel 模板（下拉选择单位和活动）")
    parser.add_argument("campaign", metavar="CAMPAIGN", help="宣教活动编号")
    parser.add_argument("--unit", default=None, help="只生成这个责任单位的模板")
    parser.add_argument("--out", default=None, help="写入的 .xlsx（默认 工作记实-单位.xlsx）")
    parser.set_defaults(run=records_template)

    parser = commands.add_parser("import-records", help="导入各单位填好的工作记实 Excel")
    parser.add_argument("file", metavar="FILE.xlsx", help="填好的工作记实模板")
    parser.add_argument("--campaign", default=None, help="宣教活动编号（模板里已有时可省略）")
    parser.set_defaults(run=import_records)

    parser = commands.add_parser("ledger", help="把宣教活动的工作记实台账导出为 Excel")
    parser.add_argument("campaign", metavar="CAMPAIGN", help="宣教活动编号")
    parser.add_argument("--out", required=True, help="写入的 .xlsx，例如 台账.xlsx")
    parser.add_argument("--date", default=None, help="统计日期 YYYY-MM-DD（默认今天）")
    parser.set_defaults(run=ledger)

    parser = commands.add_parser("tally", help="汇总党员下载的知识测试成绩单（CSV）")
    parser.add_argument("files", nargs="+", metavar="成绩单.csv", help="成绩单 CSV 文件（可用通配符）")
    parser.add_argument("--roster", default=None, help="花名册（.xlsx 或 .csv，含 姓名、所在支部 两列）")
    parser.add_argument("--bank", default=None, help="只汇总这个题库编号的成绩")
    parser.add_argument(
        "--keep",
        choices=("best", "latest"),
        default="best",
        help="同一人多次提交时取最高分（best）或最后一次（latest）",
    )
    parser.add_argument("--out", required=True, help="写入的 .xlsx，例如 测试汇总.xlsx")
    parser.add_argument("--campaign", default=None, help="把参加人数写入这个宣教活动的工作记实（与 --activity 一起用）")
    parser.add_argument("--activity", default=None, help="写入哪项活动（编号或名称），例如 zhi-shi-ce-shi")
    parser.add_argument("--date", default=None, help="新建记实的开展日期 YYYY-MM-DD（默认最后交卷的日期）")
    parser.set_defaults(run=run_tally)
