"""Agency types named in the mission and the provincial plans (reference data, loaded into the
database by ``load_reference_data``; administrators may add more in the admin)."""

from .models import JurisdictionLevel as L

AGENCY_TYPES = [
    # code, Vietnamese, English, usual jurisdiction
    ("commune_committee", "Ủy ban nhân dân cấp xã", "Commune People's Committee", L.COMMUNE),
    ("commune_police", "Công an cấp xã", "Commune police", L.COMMUNE),
    ("province_committee", "Ủy ban nhân dân cấp tỉnh", "Provincial People's Committee", L.PROVINCE),
    ("province_police", "Công an tỉnh, thành phố", "Provincial police", L.PROVINCE),
    ("criminal_police", "Phòng Cảnh sát hình sự", "Criminal police division", L.PROVINCE),
    ("immigration_office", "Phòng Quản lý xuất nhập cảnh", "Immigration office", L.PROVINCE),
    ("border_guard", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Provincial border guard command", L.PROVINCE),
    ("border_post", "Đồn Biên phòng, cửa khẩu", "Border guard post / border gate", L.PROVINCE),
    ("coast_guard", "Cảnh sát biển", "Coast guard", L.PROVINCE),
    ("health_department", "Sở Y tế", "Provincial health department", L.PROVINCE),
    (
        "social_support_facility",
        "Cơ sở trợ giúp xã hội / hỗ trợ nạn nhân",
        "Social support facility (shelter)",
        L.PROVINCE,
    ),
    ("foreign_affairs", "Sở Ngoại vụ", "Provincial foreign affairs department", L.PROVINCE),
    ("mission_abroad", "Cơ quan đại diện Việt Nam ở nước ngoài", "Vietnamese mission abroad", L.NATIONAL),
    ("justice_department", "Sở Tư pháp", "Provincial justice department", L.PROVINCE),
    ("legal_aid_centre", "Trung tâm trợ giúp pháp lý nhà nước", "State legal aid centre", L.PROVINCE),
    ("health_facility", "Cơ sở khám bệnh, chữa bệnh", "Health facility", L.PROVINCE),
    ("education_department", "Sở Giáo dục và Đào tạo", "Provincial education department", L.PROVINCE),
    ("school", "Cơ sở giáo dục", "School", L.COMMUNE),
    ("vocational_centre", "Cơ sở giáo dục nghề nghiệp", "Vocational training centre", L.PROVINCE),
    ("social_policy_bank", "Ngân hàng Chính sách xã hội", "Social policy bank", L.PROVINCE),
    ("court", "Tòa án nhân dân", "People's court", L.PROVINCE),
    ("procuracy", "Viện kiểm sát nhân dân", "People's procuracy", L.PROVINCE),
    ("womens_union", "Hội Liên hiệp Phụ nữ", "Women's Union", L.PROVINCE),
    ("fatherland_front", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Viet Nam Fatherland Front", L.PROVINCE),
    ("youth_union", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Youth Union", L.PROVINCE),
    ("ngo", "Tổ chức phi chính phủ", "Non-governmental organisation", L.PROVINCE),
    ("international_org", "Tổ chức quốc tế", "International organisation", L.NATIONAL),
    (
        "steering_committee",
        "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và mua bán người",
        "Steering committee",
        L.PROVINCE,
    ),
    ("ministry", "Bộ, cơ quan trung ương", "Ministry / central agency", L.NATIONAL),
    ("hotline", "Tổng đài điện thoại", "Hotline", L.NATIONAL),
]
