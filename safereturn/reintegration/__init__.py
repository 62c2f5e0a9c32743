"""Đánh giá nhu cầu, kế hoạch hỗ trợ cá nhân, tái hòa nhập cộng đồng: needs, support plans, escorts,
follow-up visits."""
