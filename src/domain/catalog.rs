//! The lists an office starts with. Both are editable in the database afterwards;
//! these are only the seeds of a new file.

/// Two-level petition categories (一级分类, 二级分类).
pub const DEFAULT_CATEGORIES: &[(&str, &[&str])] = &[
    (
        "城乡建设",
        &["房屋拆迁", "物业管理", "住房保障", "城市管理"],
    ),
    ("劳动和社会保障", &["拖欠工资", "社会保险", "劳动关系"]),
    ("自然资源", &["土地征收", "违法用地", "不动产登记"]),
    ("农村农业", &["土地承包", "村务管理", "惠农补贴"]),
    ("卫生健康", &["医疗纠纷", "医疗保障", "计生奖扶"]),
    ("政法", &["涉法涉诉", "治安管理", "执法监督"]),
    ("教育", &["入学招生", "教师待遇", "校园安全"]),
    ("市场监管", &["食品安全", "消费维权", "价格收费"]),
    ("交通运输", &["道路建设", "公交客运", "出租网约车"]),
    ("纪检监察", &["违纪违法", "作风问题"]),
    ("民政", &["低保救助", "婚姻登记", "养老服务"]),
    ("生态环境", &["噪声污染", "水污染", "大气污染"]),
    ("其他", &["其他"]),
];

/// Bodies a case is commonly transferred to (责任单位).
pub const DEFAULT_UNITS: &[&str] = &[
    "区住房和城乡建设局",
    "区人力资源和社会保障局",
    "区自然资源局",
    "区农业农村局",
    "区卫生健康委员会",
    "区教育局",
    "区市场监督管理局",
    "区交通运输局",
    "区公安分局",
    "区人民法院",
    "区人民检察院",
    "区司法局",
    "区民政局",
    "区生态环境分局",
    "区城市管理局",
    "区纪委监委",
    "区医疗保障局",
    "城关街道办事处",
    "东湖街道办事处",
    "西山镇人民政府",
];

/// How a typed category is read, by the form and the store alike: `一级` or
/// `一级/二级` (a full-width slash too), blanks and empty parts dropped.
pub fn category_parts(raw: &str) -> Vec<String> {
    raw.replace('／', "/")
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}
