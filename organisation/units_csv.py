"""Load units from CSV (code,name,kind,cluster,active), idempotently."""

import csv
from dataclasses import dataclass, field
from io import StringIO

from django.db import transaction
from django.utils.translation import gettext as _

from core.freshness import content_changed

from .models import Unit
from .setup import ensure_unit_group, ensure_unit_page

REQUIRED = ("code", "name")
TRUE_VALUES = {"1", "true", "có", "co", "x", "yes"}


@dataclass
class UnitImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def load_units_csv(text: str) -> UnitImportSummary:
    summary = UnitImportSummary()
    reader = csv.DictReader(StringIO(text))
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        summary.errors.append((1, _("Thiếu cột: %(cols)s") % {"cols": ", ".join(missing)}))
        return summary
    kinds = {value for value, _label in Unit.Kind.choices}
    for line_no, row in enumerate(reader, start=2):
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        kind = (row.get("kind") or Unit.Kind.COMMUNE).strip()
        if not code or not name:
            summary.errors.append((line_no, _("Thiếu mã hoặc tên đơn vị.")))
            continue
        if kind not in kinds:
            summary.errors.append(
                (line_no, _("Loại đơn vị “%(kind)s” không hợp lệ.") % {"kind": kind})
            )
            continue
        values = {
            "name": name,
            "kind": kind,
            "cluster": (row.get("cluster") or "").strip(),
            "active": (row.get("active") or "1").strip().lower() in TRUE_VALUES,
        }
        with transaction.atomic():
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                unit = Unit.objects.create(code=code, **values)
                summary.created += 1
            elif any(getattr(unit, key) != value for key, value in values.items()):
                Unit.objects.filter(pk=unit.pk).update(**values)
                content_changed()  # an UPDATE sends no save signal (core.freshness)
                summary.updated += 1
            else:
                summary.unchanged += 1
            if values["active"]:
                ensure_unit_page(unit)
                ensure_unit_group(unit)
    return summary
