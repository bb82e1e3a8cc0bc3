"""Writing a unit's records file (import-records, tally --activity): the YAML a person would write."""

from __future__ import annotations

from pathlib import Path

import yaml

from .model import Campaign, Record

HEADER = "# {unit}的工作记实（{title}）。可以直接编辑，也可以用 Excel 模板填写后导入，见 docs/宣教活动说明.md。\n"


class _Dumper(yaml.SafeDumper):
    """The layout of the hand-written sample: mappings in blocks, short lists on one line,
    list items indented under their key, multi-line text as a `|` block."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _text(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _mapping(dumper, value: dict):
    flow = all(not isinstance(v, (dict, list)) for v in value.values()) and "caption" in value
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


def _sequence(dumper, value: list):
    flow = all(not isinstance(v, dict) or "caption" in v for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(dict, _mapping)
_Dumper.add_representer(list, _sequence)


def record_data(record: Record) -> dict:
    data: dict = {"activity": record.activity, "date": record.date}
    if record.participants is not None:
        data["participants"] = record.participants
    data["summary"] = record.summary.strip() + ("\n" if "\n" in record.summary.strip() else "")
    if record.evidence:
        data["evidence"] = [
            {"file": media.file, "caption": media.caption} if media.caption else media.file for media in record.evidence
        ]
    if record.materials:
        data["materials"] = list(record.materials)
    return data


def unit_file(campaign: Campaign, unit: str) -> Path:
    """The unit's existing records file, else <records>/<campaign>/<unit>.yml."""
    for record in campaign.records_of(unit):
        if record.rel:
            return campaign.records_dir / Path(record.rel).name
    return campaign.records_dir / f"{unit}.yml"


def merge(existing: list[Record], incoming: list[Record], campaign: Campaign) -> list[Record]:
    """A unit's records with `incoming` replacing those of the same activity, in campaign order."""
    replaced = {record.activity for record in incoming}
    merged = [record for record in existing if record.activity not in replaced] + list(incoming)
    numbers = {activity.id: activity.number for activity in campaign.activities}
    return sorted(merged, key=lambda record: numbers[record.activity])


def write_unit(campaign: Campaign, unit: str, records: list[Record]) -> Path:
    path = unit_file(campaign, unit)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"unit": unit, "records": [record_data(record) for record in records]}
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(HEADER.format(unit=unit, title=campaign.title) + text, encoding="utf-8")
    return path
