"""Cơ sở bảo trợ, nơi tạm trú: facilities and their places, admissions, transfers, discharges, stay caps."""
