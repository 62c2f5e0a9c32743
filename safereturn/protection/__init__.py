"""Đánh giá rủi ro, biện pháp bảo vệ và cảnh báo nguy hiểm (risk assessments, protection measures, danger alerts)."""
