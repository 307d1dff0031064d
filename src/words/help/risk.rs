//! The Chinese of the registers' help texts (screening, plan, division, skiplevel,
//! and the check-in's level flags), as (English, 中文).

pub(super) const ZH: &[(&str, &str)] = &[
    ("The half-monthly screening register (每半月排查)", "每半月矛盾纠纷排查登记"),
    ("The plan for a sudden group visit (突发事件预案)", "突发性集体访应急预案"),
    (
        "The office's administrative divisions (county, town, village codes)",
        "本单位的行政区划（县、乡镇、村代码）",
    ),
    (
        "Skip-level visits and notices from above (越级访), and 劝返",
        "越级访与上级通报，以及劝返",
    ),
    (
        "Where the contact was received: here (local), or above (city, province, capital)",
        "接待层级：本级（local），或上级（city 市、province 省、capital 京）",
    ),
    (
        "Registered from a notice from above (我地人员进京/赴省)",
        "根据上级通报登记（我地人员进京、赴省）",
    ),
    (
        "Division code of the petitioner's residence (from `division load`)",
        "信访人住所地的区划代码（由 `division load` 载入）",
    ),
    ("Division code of where the problem is (问题属地)", "问题属地的区划代码"),
    (
        "Report a screening round for an area or a unit (due on the 1st and 16th)",
        "报送一个区域或单位的一轮排查（每月 1 日、16 日到期）",
    ),
    ("Add an item (不稳定因素) found in a round", "登记一轮排查中发现的不稳定因素"),
    (
        "Move an item to resolving, resolved or reported",
        "将排查事项改为化解中、已化解或已上报",
    ),
    ("Rounds due and done, items, and the counts", "应报与已报轮次、排查事项及统计"),
    ("The area that reports (a town on the list)", "报送的区域（名单上的乡镇）"),
    ("The unit that reports", "报送的单位"),
    (
        "The due date of the round (YYYY-MM-DD) [default: the current round]",
        "该轮排查的到期日（YYYY-MM-DD）［默认：当前一轮］",
    ),
    ("Nothing was found (零报告)", "未发现问题（零报告）"),
    ("The round's number", "排查轮次编号"),
    ("The unstable factor found (不稳定因素/苗头)", "发现的不稳定因素或苗头"),
    ("Where it is", "所在地"),
    (
        "People involved: their numbers on record, comma-separated",
        "涉及人员：在册编号，以逗号分隔",
    ),
    (
        "The risk: general, major or grave (一般, 较大, 重大)",
        "风险等级：一般、较大、重大（general、major、grave）",
    ),
    ("Who answers for resolving it (责任人)", "化解责任人"),
    ("The measures taken", "已采取的措施"),
    ("Resolve by this day (YYYY-MM-DD)", "化解期限（YYYY-MM-DD）"),
    ("The item's number", "排查事项编号"),
    (
        "resolving, resolved or reported (化解中, 已化解, 已上报)",
        "化解中、已化解或已上报（resolving、resolved、reported）",
    ),
    (
        "Start the plan for a sudden group visit: the time, whom to notify, the on-scene deadline",
        "启动突发性集体访预案：记录时间、通知对象和到场时限",
    ),
    (
        "Log a notification, an arrival on the scene, containment or a note",
        "记录通知、到场、控制事态或其他情况",
    ),
    ("Close a plan with its outcome", "结束预案并记录结果"),
    (
        "The major and urgent information report (Art. 25), as Markdown",
        "重大紧急信访信息报告（第二十五条），Markdown 格式",
    ),
    ("Plans, newest first", "预案列表，最新的在前"),
    ("The walk-in it starts on (their contact number)", "据以启动的来访登记编号"),
    (
        "How many people came [default: the contact's]",
        "来访人数［默认：该登记的人数］",
    ),
    (
        "Where from (the town) [default: the contact's]",
        "来自何地（乡镇）［默认：该登记的属地］",
    ),
    ("What it is about", "事由"),
    ("The plan's number", "预案编号"),
    (
        "notified, arrived (on the scene), contained or note",
        "已通知（notified）、到场（arrived）、控制（contained）或记录（note）",
    ),
    ("Who was notified or arrived", "通知了谁或谁已到场"),
    ("What happened", "发生了什么"),
    ("How it ended", "处置结果"),
    ("Write to this file instead of the screen", "写入该文件而不是显示在屏幕上"),
    ("Only plans still open", "只显示进行中的预案"),
    (
        "Load the office's division list: one CODE,NAME a line (6 digits a county, 9 a town, 12 a village)",
        "载入本单位的行政区划：每行一个“代码,名称”（6 位为县，9 位为乡镇，12 位为村）",
    ),
    ("The division list", "行政区划列表"),
    ("The list file (UTF-8)", "区划文件（UTF-8）"),
    (
        "Contacts received above this office and notices from above, with counts by month and level",
        "在上级接待的来访与上级通报，按月份和层级统计",
    ),
    ("Record that a person was persuaded to return (劝返)", "记录劝返"),
    ("The contact's number", "来访登记编号"),
    ("Where and by whom", "劝返地点与人员"),
];
