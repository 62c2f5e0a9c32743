"""Seed Viet Nam's public holidays for 2025, 2026 and 2027 (ngày nghỉ lễ, tết).

Source: Bộ luật Lao động số 45/2019/QH14, Điều 112 khoản 1 — Tết Dương lịch (1/1); Tết Âm lịch, 5 days; Ngày
Chiến thắng (30/4); Ngày Quốc tế lao động (1/5); Quốc khánh, 2/9 and one day before or after it; Giỗ Tổ Hùng Vương
(10/3 lunar). The lunar dates: Tết on 29/1/2025, 17/2/2026 and 6/2/2027, each after a last lunar month of 29 days,
so Tết is 29 tháng Chạp plus mùng 1–4 tháng Giêng; Giỗ Tổ on 7/4/2025, 26/4/2026 and 16/4/2027. The day next to
2/9 is 1/9. The Prime Minister fixes these days each year (Điều 112 khoản 3), so every row is seeded "to confirm"
(verified=False).

Substituted days off (compensation days for a holiday on a weekend, swapped working days) are NOT seeded: they are
announced each year, and an administrator adds them in the rule tables. The rows come from
``safereturn.rules.seed.holiday_rows`` (also loaded by ``manage.py load_rules``); a day already present is left
as it is.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from safereturn.rules import seed as rules_seed

    rules_seed.load_holidays(apps.get_model("rules", "PublicHoliday"))


class Migration(migrations.Migration):
    dependencies = [("rules", "0003_public_holiday_verified")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
