//! Realistic synthetic people and matters for demos, tests and benchmarks.
//!
//! Everything here is pure and deterministic: the same seed gives the same data on
//! every machine, so screenshots, benchmarks and bug reports can be reproduced.
//! No external `rand` crate: the generator is a few lines and its output must never
//! change under us when a dependency is upgraded.

use chrono::{Datelike, Duration, NaiveDate};

/// SplitMix64: tiny, fast, and good enough for synthetic data (not for secrets).
#[derive(Debug, Clone)]
pub struct DemoRng(u64);

impl DemoRng {
    pub fn new(seed: u64) -> Self {
        DemoRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; 0 when `n` is 0 so callers need no special case.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift (Lemire) avoids the modulo bias of `% n`.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        // 53 bits is the full precision of an f64 in [0, 1).
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        unit < p
    }

    /// Panics on an empty slice: every pool in this module is a non-empty constant.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        assert!(!items.is_empty(), "DemoRng::pick on an empty slice");
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks by weight; items of weight 0 are never picked unless all weights are 0.
    pub fn pick_weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        assert!(
            !items.is_empty(),
            "DemoRng::pick_weighted on an empty slice"
        );
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        if total == 0 {
            return &self.pick(items).0;
        }
        let mut roll = self.below(total);
        for (item, w) in items {
            let w = u64::from(*w);
            if roll < w {
                return item;
            }
            roll -= w;
        }
        &items[items.len() - 1].0
    }

    pub fn range_i64(&mut self, lo: i64, hi_inclusive: i64) -> i64 {
        if hi_inclusive <= lo {
            return lo;
        }
        // i128 so that the full i64 range does not overflow.
        let span = (i128::from(hi_inclusive) - i128::from(lo) + 1) as u128;
        if span > u128::from(u64::MAX) {
            return self.next_u64() as i64;
        }
        (i128::from(lo) + i128::from(self.below(span as u64))) as i64
    }
}

/// One synthetic petitioner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub female: bool,
}

/// The categories are the office's real list, so demo matters land in real categories.
pub use crate::domain::catalog::DEFAULT_CATEGORIES as CATEGORIES;

pub use crate::domain::catalog::DEFAULT_UNITS as UNITS;

/// The desk's officers on duty.
pub const OFFICERS: &[&str] = &[
    "李明华",
    "王秀兰",
    "陈志刚",
    "刘建平",
    "赵丽娟",
    "孙伟东",
    "周晓燕",
    "杨国庆",
];

/// Surnames weighted roughly by their share of the population (per 10,000).
/// The rare special-reading and compound surnames are here on purpose: they are the
/// ones the pinyin lookup gets wrong if it is careless.
const SURNAMES: &[(&str, u32)] = &[
    ("王", 718),
    ("李", 720),
    ("张", 695),
    ("刘", 548),
    ("陈", 454),
    ("杨", 317),
    ("黄", 234),
    ("赵", 229),
    ("吴", 212),
    ("周", 204),
    ("徐", 175),
    ("孙", 154),
    ("马", 148),
    ("朱", 144),
    ("胡", 133),
    ("郭", 120),
    ("何", 118),
    ("林", 117),
    ("罗", 114),
    ("高", 114),
    ("郑", 105),
    ("梁", 100),
    ("谢", 90),
    ("宋", 87),
    ("唐", 84),
    ("许", 83),
    ("韩", 81),
    ("冯", 77),
    ("邓", 76),
    ("曹", 75),
    ("彭", 70),
    ("曾", 68),
    ("肖", 67),
    ("田", 61),
    ("董", 60),
    ("袁", 57),
    ("潘", 56),
    ("于", 55),
    ("蒋", 54),
    ("蔡", 53),
    ("余", 52),
    ("杜", 51),
    ("叶", 50),
    ("程", 49),
    ("苏", 46),
    ("魏", 45),
    ("吕", 44),
    ("丁", 42),
    ("任", 41),
    ("沈", 40),
    ("姚", 39),
    ("卢", 38),
    ("姜", 37),
    ("崔", 36),
    ("钟", 35),
    ("谭", 34),
    ("陆", 33),
    ("汪", 32),
    ("范", 31),
    ("金", 30),
    ("石", 29),
    ("廖", 28),
    ("贾", 27),
    ("夏", 26),
    ("韦", 25),
    ("付", 24),
    ("方", 23),
    ("白", 22),
    ("邹", 21),
    ("孟", 20),
    ("熊", 20),
    ("秦", 19),
    ("邱", 19),
    ("江", 18),
    ("尹", 18),
    ("薛", 17),
    ("闫", 17),
    ("段", 16),
    ("雷", 16),
    ("侯", 15),
    ("龙", 15),
    ("史", 14),
    ("陶", 14),
    ("黎", 13),
    ("贺", 13),
    ("顾", 12),
    ("毛", 12),
    ("郝", 12),
    ("龚", 11),
    ("邵", 11),
    ("万", 10),
    ("覃", 8),
    ("纪", 6),
    ("翟", 4),
    ("单", 4),
    ("解", 3),
    ("查", 2),
    ("仇", 2),
    ("欧阳", 2),
    ("司马", 1),
    ("诸葛", 1),
];

/// Given-name characters that lean male; the first ones weigh most, so common
/// names such as 张伟 or 李强 repeat as they do at a real desk.
const MALE_CHARS: &[(&str, u32)] = &[
    ("伟", 30),
    ("强", 18),
    ("磊", 16),
    ("军", 16),
    ("勇", 14),
    ("杰", 14),
    ("涛", 12),
    ("斌", 10),
    ("超", 10),
    ("明", 10),
    ("刚", 10),
    ("平", 9),
    ("辉", 9),
    ("鹏", 8),
    ("华", 8),
    ("飞", 8),
    ("鑫", 7),
    ("波", 7),
    ("宁", 6),
    ("健", 6),
    ("国", 6),
    ("建", 6),
    ("志", 6),
    ("海", 6),
    ("林", 5),
    ("峰", 5),
    ("浩", 5),
    ("俊", 5),
    ("文", 5),
    ("东", 5),
    ("亮", 5),
    ("成", 4),
    ("龙", 4),
    ("德", 4),
    ("新", 3),
    ("春", 3),
    ("永", 3),
    ("福", 3),
    ("生", 3),
    ("宇", 3),
    ("晨", 3),
    ("子", 2),
    ("振", 2),
    ("立", 2),
    ("荣", 2),
];

/// Given-name characters that lean female.
const FEMALE_CHARS: &[(&str, u32)] = &[
    ("芳", 30),
    ("娜", 16),
    ("敏", 16),
    ("静", 16),
    ("丽", 14),
    ("艳", 12),
    ("娟", 11),
    ("霞", 10),
    ("秀", 9),
    ("玲", 9),
    ("桂", 8),
    ("英", 8),
    ("燕", 8),
    ("萍", 8),
    ("红", 8),
    ("梅", 7),
    ("琳", 6),
    ("雪", 6),
    ("慧", 6),
    ("婷", 6),
    ("颖", 5),
    ("倩", 5),
    ("洁", 5),
    ("兰", 5),
    ("凤", 4),
    ("莉", 4),
    ("晶", 4),
    ("丹", 4),
    ("华", 4),
    ("云", 4),
    ("琴", 3),
    ("欣", 3),
    ("佳", 3),
    ("悦", 2),
    ("淑", 2),
    ("珍", 2),
    ("晓", 3),
    ("文", 2),
];

/// Whole given names of those born before the mid-sixties, when names carried the era.
const OLD_MALE_NAMES: &[&str] = &[
    "建国", "建华", "国强", "志强", "德明", "国庆", "卫东", "建军", "援朝", "振华", "红军", "长顺",
    "宝山", "福生",
];
const OLD_FEMALE_NAMES: &[&str] = &[
    "秀英", "桂英", "玉兰", "淑珍", "秀兰", "凤英", "桂兰", "秀珍", "玉梅", "淑芬", "桂芝", "翠花",
    "素琴",
];

/// Real county-level codes (GB/T 2260) with their city and district, so that an
/// address outside the district matches the ID's place of registration.
const REGIONS: &[(&str, &str, &str)] = &[
    ("110105", "北京市", "朝阳区"),
    ("110108", "北京市", "海淀区"),
    ("120101", "天津市", "和平区"),
    ("130102", "石家庄市", "长安区"),
    ("210102", "沈阳市", "和平区"),
    ("220102", "长春市", "南关区"),
    ("310104", "上海市", "徐汇区"),
    ("310115", "上海市", "浦东新区"),
    ("320102", "南京市", "玄武区"),
    ("330106", "杭州市", "西湖区"),
    ("340104", "合肥市", "蜀山区"),
    ("350203", "厦门市", "思明区"),
    ("360102", "南昌市", "东湖区"),
    ("370102", "济南市", "历下区"),
    ("410105", "郑州市", "金水区"),
    ("420106", "武汉市", "武昌区"),
    ("430102", "长沙市", "芙蓉区"),
    ("440106", "广州市", "天河区"),
    ("440305", "深圳市", "南山区"),
    ("500103", "重庆市", "渝中区"),
    ("510107", "成都市", "武侯区"),
    ("530102", "昆明市", "五华区"),
    ("610113", "西安市", "雁塔区"),
];

/// The office's own district: most petitioners live where the problem is.
const LOCAL_CITY: &str = "江州市";
const LOCAL_DISTRICT: &str = "城关区";
const LOCAL_REGION_SHARE: f64 = 0.8;

const STREETS: &[&str] = &[
    "城关街道",
    "滨江街道",
    "西城街道",
    "南关街道",
    "北苑街道",
    "新华街道",
    "建设街道",
];
const TOWNS: &[&str] = &["东湖镇", "青山镇", "石桥镇", "柳河镇", "白沙镇", "长岭乡"];
const ROADS: &[&str] = &[
    "建设路",
    "人民路",
    "解放路",
    "中山路",
    "滨江路",
    "新华路",
    "和平路",
    "文化路",
    "朝阳路",
    "光明路",
    "胜利路",
    "长江路",
];
const VILLAGES: &[&str] = &[
    "王家湾",
    "李庄",
    "石门",
    "柳树",
    "河口",
    "新民",
    "红星",
    "杨柳",
    "大坪",
    "黄土岭",
];
const COMMUNITIES: &[&str] = &[
    "阳光花园小区",
    "锦绣华庭小区",
    "滨江一号小区",
    "金色家园小区",
    "翠湖苑小区",
    "幸福里小区",
    "书香名邸小区",
    "紫荆花园小区",
    "丽景湾小区",
    "化工厂宿舍区",
];
const COMPANIES: &[&str] = &[
    "某建筑劳务公司",
    "某电子厂",
    "某物流公司",
    "某餐饮管理公司",
    "某装饰工程公司",
    "某制衣厂",
    "某房地产开发公司",
    "某保安服务公司",
];
const PROJECTS: &[&str] = &[
    "某道路拓宽工程",
    "棚户区改造项目",
    "地铁站点建设项目",
    "旧城改造项目",
    "工业园区扩建项目",
];
const SCHOOLS: &[&str] = &[
    "区实验小学",
    "区第二中学",
    "城关小学",
    "育才中学",
    "某民办幼儿园",
];
const HOSPITALS: &[&str] = &["区人民医院", "区中医院", "某社区卫生服务中心", "某民营医院"];
const SHOPS: &[&str] = &[
    "某超市",
    "某健身房",
    "某教育培训机构",
    "某美容院",
    "某药店",
    "某汽车维修店",
];
const DISPUTES: &[&str] = &[
    "民间借贷",
    "房屋买卖",
    "交通事故赔偿",
    "离婚财产分割",
    "相邻关系",
];

/// Mobile prefixes in real use by the three carriers.
const PHONE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "177", "180", "181", "186", "187", "188", "189",
    "198", "199",
];

/// Matter templates by sub-category; `{slot}`s are filled by [`fill_slot`].
const MATTERS: &[(&str, &[&str])] = &[
    (
        "房屋拆迁",
        &[
            "反映{项目}征收补偿标准过低，要求按评估价重新核定补偿",
            "反映{路}沿线房屋在未签订补偿协议的情况下被拆除，要求赔偿损失",
            "反映{年}年拆迁后安置房至今未交付，要求尽快安置",
        ],
    ),
    (
        "物业管理",
        &[
            "反映{小区}物业公司违规收取停车费，要求退还",
            "反映{小区}电梯长期故障，物业公司拖延维修，要求督促整改",
            "反映{小区}业主委员会选举程序不规范，要求重新组织选举",
        ],
    ),
    (
        "住房保障",
        &[
            "申请公共租赁住房已{月}个月未获分配，要求加快审核",
            "反映住房租赁补贴被停发，要求说明原因并恢复发放",
        ],
    ),
    (
        "城市管理",
        &[
            "反映{路}工地夜间施工噪音扰民，要求限制施工时间",
            "反映{小区}周边占道经营、油烟扰民，要求依法整治",
            "反映{路}有违章搭建影响通行，要求依法拆除",
        ],
    ),
    (
        "拖欠工资",
        &[
            "反映{企业}拖欠{人数}名工人工资共计{金额}，要求帮助追讨",
            "反映在{项目}务工期间被拖欠工资{金额}，包工头失联，要求清偿",
        ],
    ),
    (
        "社会保险",
        &[
            "反映原单位{企业}未依法缴纳社会保险{月}个月，要求补缴",
            "反映退休后养老金核定有误，要求重新核算",
            "反映工伤认定申请超期未作结论，要求尽快认定",
        ],
    ),
    (
        "劳动关系",
        &[
            "反映被{企业}无故解除劳动合同，要求支付经济补偿",
            "反映{企业}未签订书面劳动合同，要求支付双倍工资",
        ],
    ),
    (
        "土地征收",
        &[
            "反映{村}土地被征收后补偿款未足额发放，要求补发",
            "反映{村}征地安置补助费分配不公，要求公开分配方案",
        ],
    ),
    (
        "违法用地",
        &[
            "反映{村}有人占用基本农田建房，要求依法查处",
            "反映{企业}未批先建占用集体土地，要求查处",
        ],
    ),
    (
        "不动产登记",
        &[
            "反映购买的{小区}商品房交房{年数}年仍未办理不动产权证，要求协调办理",
            "反映继承房产办理过户登记受阻，要求说明办理依据",
        ],
    ),
    (
        "土地承包",
        &[
            "反映{村}承包地被村委会收回另行发包，要求恢复承包经营权",
            "反映{村}土地流转租金连续{年数}年未支付，要求兑现",
        ],
    ),
    (
        "村务管理",
        &[
            "反映{村}村务财务长期不公开，要求审计村集体账目",
            "反映{村}村干部优亲厚友分配低保名额，要求调查",
        ],
    ),
    (
        "惠农补贴",
        &[
            "反映耕地地力保护补贴未发放到户，要求核实补发",
            "反映{村}危房改造补助被截留，要求查处",
        ],
    ),
    (
        "医疗纠纷",
        &[
            "反映家属在{医院}手术后死亡，认为存在医疗过错，要求鉴定并追责",
            "反映在{医院}就诊被过度检查收费，要求退还费用",
        ],
    ),
    (
        "医疗保障",
        &[
            "反映异地就医费用报销被拒，要求按规定报销",
            "反映城乡居民医保缴费后未能正常享受待遇，要求核查",
        ],
    ),
    (
        "计生奖扶",
        &[
            "反映独生子女父母奖励扶助金未按时发放，要求补发",
            "反映失独家庭特别扶助申请未获批准，要求复核",
        ],
    ),
    (
        "涉法涉诉",
        &[
            "不服法院对{纠纷}纠纷的判决，要求再审",
            "反映{纠纷}纠纷民事判决生效{年数}年未执行到位，要求强制执行",
        ],
    ),
    (
        "治安管理",
        &[
            "反映{小区}附近有人聚众赌博，要求公安机关查处",
            "反映被他人殴打致伤，报警后未立案，要求依法处理",
        ],
    ),
    (
        "执法监督",
        &[
            "反映报案的电信诈骗案件立案后{月}个月无进展，要求加快侦办",
            "反映派出所对{纠纷}纠纷引发的伤害案件久拖不办，要求监督",
        ],
    ),
    (
        "入学招生",
        &[
            "反映子女户籍和房产符合{学校}学区条件却被拒收，要求安排入学",
            "反映随迁子女无法在本区就读，要求协调学位",
        ],
    ),
    (
        "教师待遇",
        &[
            "反映原民办教师待遇未落实，要求补缴养老保险",
            "反映{学校}教师绩效工资发放不公，要求核查",
        ],
    ),
    (
        "校园安全",
        &[
            "反映{学校}周边交通秩序混乱存在安全隐患，要求整治",
            "反映子女在{学校}遭受校园欺凌，学校处理不当，要求调查",
        ],
    ),
    (
        "食品安全",
        &[
            "反映{商家}销售过期食品，要求查处",
            "反映{小区}周边无证餐饮店卫生条件差，要求取缔",
        ],
    ),
    (
        "消费维权",
        &[
            "反映{商家}预付卡停业后无法退款，涉及金额{金额}，要求追回",
            "反映{商家}虚假宣传诱导消费，要求退款",
        ],
    ),
    (
        "价格收费",
        &[
            "反映{小区}供暖费收费标准不合理，要求核查",
            "反映{医院}停车收费过高，要求规范收费",
        ],
    ),
    (
        "道路建设",
        &[
            "反映{路}路面坑洼破损长期未修，要求尽快维修",
            "反映{村}通村公路修建中途停工，要求继续施工",
        ],
    ),
    (
        "公交客运",
        &[
            "反映公交线路调整后{小区}居民出行不便，要求恢复原线路",
            "反映{路}公交站台撤销，要求恢复设置",
        ],
    ),
    (
        "出租网约车",
        &[
            "反映网约车平台抽成过高、随意封号，要求规范管理",
            "反映出租车司机拒载、绕路，要求处理",
        ],
    ),
    (
        "违纪违法",
        &[
            "检举{村}村干部侵占集体资金，要求纪检监察机关调查",
            "检举某单位负责人违规操办婚丧喜庆事宜，要求查处",
        ],
    ),
    (
        "作风问题",
        &[
            "反映某窗口单位工作人员办事推诿、态度恶劣，要求处理",
            "反映{镇}工作人员上班时间脱岗，要求整改",
        ],
    ),
    (
        "低保救助",
        &[
            "反映家庭困难申请低保未获批准，要求重新审核",
            "反映{镇}低保评定不公开，要求公示评定结果",
        ],
    ),
    ("婚姻登记", &["反映婚姻登记信息有误影响办理业务，要求更正"]),
    (
        "养老服务",
        &[
            "反映{小区}附近养老机构收费过高、服务差，要求监管",
            "建议在{镇}增设社区日间照料中心",
        ],
    ),
    (
        "噪声污染",
        &["反映{小区}周边工地夜间施工噪声扰民，要求依法查处"],
    ),
    ("水污染", &["反映{镇}某企业向河道排放污水，要求查处并治理"]),
    ("大气污染", &["反映{小区}附近餐饮油烟直排，要求整改"]),
    (
        "其他",
        &[
            "咨询退役军人优待政策，要求落实相关待遇",
            "反映邻里纠纷长期未解决，要求协调处理",
            "建议在{小区}附近增设公共厕所和健身设施",
        ],
    ),
];

/// A person as they would be registered at the desk: valid ID, real-looking phone.
pub fn person(rng: &mut DemoRng, today: NaiveDate) -> DemoPerson {
    let female = rng.chance(0.45);
    let birth = birth_date(rng, today);
    let name = name(rng, female, birth.year());
    let (region, city, district) = *rng.pick(REGIONS);
    let id_number = id_number(rng, region, birth, female);
    let phone = phone(rng);
    let address = if rng.chance(LOCAL_REGION_SHARE) {
        local_address(rng)
    } else {
        urban_address(rng, city, district)
    };
    DemoPerson {
        name,
        id_number,
        phone,
        address,
        female,
    }
}

/// A one-sentence matter description; unknown sub-categories get a generic sentence.
pub fn matter(rng: &mut DemoRng, category: &str, sub: &str) -> String {
    match MATTERS.iter().find(|(s, _)| *s == sub) {
        Some((_, templates)) => {
            let template = *rng.pick(templates);
            fill(rng, template)
        }
        None if sub.is_empty() || sub == "其他" => {
            format!("反映{category}方面问题，要求有关部门依法处理")
        }
        None => format!("反映{sub}问题，要求有关部门依法处理"),
    }
}

/// Where the problem is (问题属地): a street in town or a township.
pub fn place(rng: &mut DemoRng) -> String {
    if rng.chance(0.65) {
        rng.pick(STREETS).to_string()
    } else {
        rng.pick(TOWNS).to_string()
    }
}

fn fill(rng: &mut DemoRng, template: &str) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        out.push_str(&fill_slot(rng, &after[..close]));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn fill_slot(rng: &mut DemoRng, slot: &str) -> String {
    match slot {
        "小区" => rng.pick(COMMUNITIES).to_string(),
        "企业" => rng.pick(COMPANIES).to_string(),
        "项目" => rng.pick(PROJECTS).to_string(),
        "路" => rng.pick(ROADS).to_string(),
        "村" => format!("{}{}村", rng.pick(TOWNS), rng.pick(VILLAGES)),
        "镇" => rng.pick(TOWNS).to_string(),
        "学校" => rng.pick(SCHOOLS).to_string(),
        "医院" => rng.pick(HOSPITALS).to_string(),
        "商家" => rng.pick(SHOPS).to_string(),
        "纠纷" => rng.pick(DISPUTES).to_string(),
        "年" => rng.range_i64(2008, 2022).to_string(),
        "年数" => rng.range_i64(2, 8).to_string(),
        "月" => rng.range_i64(3, 18).to_string(),
        "人数" => rng.range_i64(6, 60).to_string(),
        "金额" => money(rng),
        other => other.to_string(),
    }
}

/// Sums as a clerk writes them: small ones in yuan, large ones in 万元.
fn money(rng: &mut DemoRng) -> String {
    if rng.chance(0.5) {
        format!("{}元", rng.range_i64(30, 990) * 100)
    } else {
        let tenths = rng.range_i64(12, 860);
        if tenths % 10 == 0 {
            format!("{}万元", tenths / 10)
        } else {
            format!("{}.{}万元", tenths / 10, tenths % 10)
        }
    }
}

/// Petitioners skew middle-aged and older: the average of two uniform draws gives a
/// hump in the middle of the range instead of a flat spread.
fn birth_date(rng: &mut DemoRng, today: NaiveDate) -> NaiveDate {
    let earliest = NaiveDate::from_ymd_opt(1940, 1, 1).expect("valid date");
    let latest_allowed = NaiveDate::from_ymd_opt(2005, 12, 31).expect("valid date");
    // Adults only: an ID issued to a child would be odd at a petition desk.
    let adult = today
        .with_year(today.year() - 18)
        .unwrap_or(today - Duration::days(18 * 365));
    let latest = if adult < latest_allowed && adult > earliest {
        adult
    } else {
        latest_allowed
    };
    let span = (latest - earliest).num_days();
    let a = rng.range_i64(0, span);
    let b = rng.range_i64(0, span);
    earliest + Duration::days((a + b) / 2)
}

fn name(rng: &mut DemoRng, female: bool, birth_year: i32) -> String {
    let surname = *rng.pick_weighted(SURNAMES);
    let mut name = String::from(surname);
    if birth_year < 1965 && rng.chance(0.35) {
        let pool = if female {
            OLD_FEMALE_NAMES
        } else {
            OLD_MALE_NAMES
        };
        let given = rng.pick::<&str>(pool);
        name.push_str(given);
        return name;
    }
    let pool = if female { FEMALE_CHARS } else { MALE_CHARS };
    let first = *rng.pick_weighted(pool);
    name.push_str(first);
    // Single-character given names are common, and they are what makes 张伟 repeat.
    if rng.chance(0.6) {
        let mut second = *rng.pick_weighted(pool);
        if second == first && rng.chance(0.8) {
            second = *rng.pick_weighted(pool);
        }
        name.push_str(second);
    }
    name
}

fn id_number(rng: &mut DemoRng, region: &str, birth: NaiveDate, female: bool) -> String {
    let order = rng.below(50) * 2 + if female { 0 } else { 1 };
    let seq = rng.below(10) * 100 + order;
    let mut id = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
    id.push(id_check_char(id.as_bytes()));
    id
}

/// GB 11643 check character: ISO 7064 MOD 11-2 over the first 17 digits. Kept here
/// rather than borrowed from the domain so that the generator is self-contained.
fn id_check_char(first17: &[u8]) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const MAP: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    MAP[(sum % 11) as usize] as char
}

fn phone(rng: &mut DemoRng) -> String {
    format!("{}{:08}", rng.pick(PHONE_PREFIXES), rng.below(100_000_000))
}

fn local_address(rng: &mut DemoRng) -> String {
    if rng.chance(0.7) {
        urban_address(rng, LOCAL_CITY, LOCAL_DISTRICT)
    } else {
        format!(
            "{LOCAL_CITY}{LOCAL_DISTRICT}{}{}村{}组",
            rng.pick(TOWNS),
            rng.pick(VILLAGES),
            rng.range_i64(1, 12)
        )
    }
}

fn urban_address(rng: &mut DemoRng, city: &str, district: &str) -> String {
    let street = if city == LOCAL_CITY {
        rng.pick(STREETS).to_string()
    } else {
        String::new()
    };
    format!(
        "{city}{district}{street}{}{}号{}栋{}单元{}{:02}室",
        rng.pick(ROADS),
        rng.range_i64(1, 299),
        rng.range_i64(1, 24),
        rng.range_i64(1, 4),
        rng.range_i64(1, 18),
        rng.range_i64(1, 4)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
    }

    fn valid_id(id: &str) -> bool {
        let b = id.as_bytes();
        b.len() == 18
            && b[..17].iter().all(u8::is_ascii_digit)
            && id_check_char(&b[..17]) == b[17] as char
    }

    #[test]
    fn checksum_matches_known_numbers() {
        // The sample number printed in GB 11643-1999 itself.
        assert_eq!(id_check_char(b"11010519491231002"), 'X');
        assert_eq!(id_check_char(b"44052418800101001"), '4');
    }

    #[test]
    fn same_seed_same_people() {
        let mut a = DemoRng::new(42);
        let mut b = DemoRng::new(42);
        for _ in 0..200 {
            assert_eq!(person(&mut a, today()), person(&mut b, today()));
        }
        let mut c = DemoRng::new(43);
        assert_ne!(
            person(&mut DemoRng::new(42), today()),
            person(&mut c, today())
        );
    }

    #[test]
    fn every_id_is_valid_and_agrees_with_sex_and_age() {
        let mut rng = DemoRng::new(7);
        for _ in 0..5000 {
            let p = person(&mut rng, today());
            assert!(valid_id(&p.id_number), "{}", p.id_number);
            let sex_digit = p.id_number.as_bytes()[16] - b'0';
            assert_eq!(sex_digit.is_multiple_of(2), p.female, "{}", p.id_number);
            let year: i32 = p.id_number[6..10].parse().unwrap();
            assert!((1940..=2005).contains(&year), "{year}");
            assert!(NaiveDate::parse_from_str(&p.id_number[6..14], "%Y%m%d").is_ok());
            assert_eq!(p.phone.len(), 11);
            assert!(p.phone.bytes().all(|c| c.is_ascii_digit()));
            assert!(
                p.address.ends_with('室') || p.address.ends_with('组'),
                "{}",
                p.address
            );
            let n = p.name.chars().count();
            assert!((2..=4).contains(&n), "{}", p.name);
        }
    }

    #[test]
    fn surnames_follow_frequency() {
        let mut rng = DemoRng::new(2026);
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut names: HashMap<String, usize> = HashMap::new();
        let total = 20_000;
        let compound = ["欧阳", "司马", "诸葛"];
        let mut compound_count = 0;
        for _ in 0..total {
            let p = person(&mut rng, today());
            if compound.iter().any(|c| p.name.starts_with(c)) {
                compound_count += 1;
            }
            let first: String = p.name.chars().take(1).collect();
            *counts.entry(first).or_default() += 1;
            *names.entry(p.name).or_default() += 1;
        }
        for big in ["王", "李", "张"] {
            let share = counts[big] as f64 / total as f64;
            assert!((0.04..0.12).contains(&share), "{big}: {share}");
        }
        assert!(counts["王"] > counts["郭"] && counts["郭"] > counts["覃"]);
        assert!(counts.len() >= 60, "{} surnames", counts.len());
        assert!(compound_count > 0 && compound_count < total / 100);
        // Very common names repeat, as they do at a real desk.
        assert!(names.get("张伟").copied().unwrap_or(0) >= 3);
        assert!(names.get("王芳").copied().unwrap_or(0) >= 3);
    }

    #[test]
    fn rng_helpers_stay_in_range() {
        let mut rng = DemoRng::new(1);
        for _ in 0..1000 {
            assert!(rng.below(7) < 7);
            let v = rng.range_i64(-3, 3);
            assert!((-3..=3).contains(&v));
        }
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.range_i64(5, 5), 5);
        let _ = rng.range_i64(i64::MIN, i64::MAX);
        assert!(!rng.chance(0.0));
        assert!(rng.chance(1.0));
        let items = [("never", 0), ("always", 5)];
        for _ in 0..100 {
            assert_eq!(*rng.pick_weighted(&items), "always");
        }
    }

    #[test]
    fn matters_and_places_read_naturally() {
        let mut rng = DemoRng::new(9);
        for (cat, subs) in CATEGORIES {
            for sub in *subs {
                let m = matter(&mut rng, cat, sub);
                assert!(!m.contains('{') && !m.contains('}'), "{m}");
                assert!(m.contains("要求") || m.contains("建议"), "{m}");
                assert!(
                    MATTERS.iter().any(|(s, _)| s == sub),
                    "no templates for {sub}"
                );
            }
        }
        assert!(matter(&mut rng, "环境保护", "光污染").contains("光污染"));
        let p = place(&mut rng);
        assert!(p.ends_with("街道") || p.ends_with('镇') || p.ends_with('乡'));
        assert_eq!(UNITS.len(), 20);
        assert_eq!(OFFICERS.len(), 8);
    }
}
