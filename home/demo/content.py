"""The demo's Vietnamese news (documents: documents.jsonl; study plans: study/demo.py)."""

from datetime import date

OFFICE_NEWS = [
    {
        "slug": "hoi-nghi-tong-ket-cong-tac-van-phong-cap-uy-2025",
        "title": "Hội nghị tổng kết công tác văn phòng cấp ủy năm 2025",
        "date": date(2025, 12, 18),
        "intro": "Văn phòng Tỉnh ủy tổ chức hội nghị tổng kết công tác văn phòng cấp ủy năm 2025, "
        "triển khai nhiệm vụ năm 2026 với chủ đề “tham mưu tốt, phục vụ tốt”.",
        "paragraphs": [
            "Năm 2025, Văn phòng Tỉnh ủy đã tham mưu Ban Thường vụ, Thường trực Tỉnh ủy ban hành "
            "nhiều nghị quyết, chỉ thị, kết luận quan trọng; phục vụ chu đáo các hội nghị Tỉnh ủy "
            "và Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI.",
            "Công tác văn thư, lưu trữ tiếp tục được đổi mới; 100% văn bản đi, đến được xử lý trên "
            "môi trường mạng, sử dụng chữ ký số theo đúng quy định.",
        ],
        "tags": ["văn phòng cấp ủy", "tổng kết"],
    },
    {
        "slug": "trien-khai-he-thong-quan-ly-van-ban-moi",
        "title": "Triển khai hệ thống quản lý văn bản và điều hành mới đến các đảng bộ xã, phường",
        "date": date(2025, 8, 5),
        "intro": "Sau khi sắp xếp chính quyền địa phương hai cấp, Văn phòng Tỉnh ủy phối hợp "
        "triển khai phần mềm quản lý văn bản đến 130 đảng bộ xã, phường.",
        "paragraphs": [
            "Các đảng bộ xã, phường được cấp tài khoản, tập huấn sử dụng chữ ký số và trục liên "
            "thông văn bản của hệ thống các cơ quan đảng.",
        ],
        "tags": ["chuyển đổi số", "văn bản điện tử"],
    },
    {
        "slug": "thong-bao-lich-lam-viec-thuong-truc-tinh-uy-tuan-48",
        "title": "Lịch làm việc của Thường trực Tỉnh ủy tuần 48",
        "date": date(2026, 11, 23),
        "intro": "Văn phòng Tỉnh ủy thông báo lịch làm việc của Thường trực Tỉnh ủy từ ngày "
        "23/11 đến ngày 29/11/2026.",
        "paragraphs": [
            "Thứ Hai: giao ban Thường trực Tỉnh ủy. Thứ Tư: làm việc với Đảng bộ xã Diễn Châu. "
            "Thứ Sáu: hội nghị Ban Thường vụ Tỉnh ủy cho ý kiến về các đề án cuối năm.",
        ],
        "tags": ["lịch công tác"],
    },
]

EMULATION_NEWS = [
    {
        "slug": "phat-dong-phong-trao-thi-dua-nam-2026",
        "title": "Phát động phong trào thi đua yêu nước năm 2026 trong các cơ quan Đảng",
        "date": date(2026, 1, 15),
        "intro": "Hội đồng Thi đua – Khen thưởng phát động phong trào thi đua năm 2026; các "
        "đơn vị đăng ký thi đua trước ngày 15/3/2026.",
        "paragraphs": [
            "Các cụm, khối thi đua tổ chức ký kết giao ước thi đua; mỗi đơn vị đăng ký danh hiệu "
            "Tập thể lao động xuất sắc hoặc Cờ thi đua với các chỉ tiêu cụ thể.",
        ],
        "tags": ["thi đua", "đăng ký thi đua"],
    },
    {
        "slug": "trao-huy-hieu-dang-dot-3-2",
        "title": "Trao Huy hiệu Đảng đợt 3/2 cho các đảng viên lão thành",
        "date": date(2026, 2, 3),
        "intro": "Nhân kỷ niệm 96 năm Ngày thành lập Đảng, các đảng bộ trao Huy hiệu 30, 40, "
        "50, 60, 70 năm tuổi Đảng cho đảng viên.",
        "paragraphs": [
            "Đồng chí Bí thư Tỉnh ủy dự và trao Huy hiệu 75 năm tuổi Đảng cho đảng viên lão "
            "thành tại phường Trường Vinh.",
        ],
        "tags": ["huy hiệu đảng", "khen thưởng"],
    },
]

UNIT_NEWS = {
    "phuong-truong-vinh": {
        "slug": "truong-vinh-hoan-thanh-dai-hoi-chi-bo",
        "title": "Đảng bộ phường Trường Vinh hoàn thành đại hội các chi bộ trực thuộc",
        "date": date(2025, 9, 10),
        "intro": "100% chi bộ trực thuộc Đảng bộ phường Trường Vinh đã tổ chức thành công "
        "đại hội nhiệm kỳ 2025 – 2027.",
        "paragraphs": ["Các chi bộ bầu đủ số lượng cấp ủy, tỷ lệ cấp ủy viên trẻ đạt 18%."],
        "tags": ["đại hội chi bộ"],
    },
    "xa-dien-chau": {
        "slug": "dien-chau-ra-quan-xay-dung-nong-thon-moi-kieu-mau",
        "title": "Xã Diễn Châu ra quân xây dựng nông thôn mới kiểu mẫu",
        "date": date(2026, 3, 2),
        "intro": "Đảng bộ xã Diễn Châu phát động đợt thi đua cao điểm xây dựng nông thôn mới "
        "kiểu mẫu năm 2026.",
        "paragraphs": ["Hơn 2.000 đoàn viên, hội viên tham gia chỉnh trang đường làng, ngõ xóm."],
        "tags": ["nông thôn mới"],
    },
}
