//! The Chinese of the help of written notices, the 登记回执, an extension's
//! approval, a reply's outcome and the templates, as (English, 中文).

pub(super) static ZH: &[(&str, &str)] = &[
    (
        "书面告知: record the written notice of a decision to the petitioner (the route clock needs it)",
        "书面告知：登记向信访人书面告知的决定（告知/转送期限以此为准）",
    ),
    (
        "What the notice told: 受理 (accept), 不予受理 (not-accept), 转送去向 (transfer) or 延期 (extension)",
        "告知内容：受理、不予受理、转送去向或延期（也可写 accept、not-accept、transfer、extension）",
    ),
    (
        "How it reached the petitioner: 当面 (in-person), 邮寄 (post), 短信 (sms) or 网上 (online)",
        "送达方式：当面、邮寄、短信或网上（也可写 in-person、post、sms、online）",
    ),
    (
        "The day it was given (YYYY-MM-DD) [default: today]",
        "告知日期（YYYY-MM-DD）［默认：今天］",
    ),
    (
        "Also write the notice (告知书) to this file, from the office's template",
        "同时按本办模板把告知书写入此文件",
    ),
    (
        "登记回执: write the registration receipt of a case to a file (recorded)",
        "登记回执：把事项的登记回执写入文件（记入审计日志）",
    ),
    ("Where to write the 登记回执", "登记回执写入的文件"),
    (
        "Also write the 登记回执 (registration receipt) to this file (recorded)",
        "同时把登记回执写入此文件（记入审计日志）",
    ),
    ("The reply, in writing", "书面答复内容"),
    (
        "What it decided: 支持 (support), 解释说明 (explain), 不予支持 (reject) or 调解协议 (mediation)",
        "答复结果：支持、解释说明、不予支持或调解协议（也可写 support、explain、reject、mediation）",
    ),
    (
        "The 科长 or 领导 on the roster who approved it",
        "批准延期的在册科长或领导",
    ),
    (
        "The petitioner was told of it: 当面 (in-person), 邮寄 (post), 短信 (sms) or 网上 (online)",
        "已告知信访人的方式：当面、邮寄、短信或网上（也可写 in-person、post、sms、online）",
    ),
    (
        "The editable templates of the 登记回执 and the written notices",
        "登记回执和书面告知书的可编辑模板",
    ),
    (
        "Write the built-in receipt and notice templates beside the config, keeping any already there",
        "把内置的回执和告知书模板写到配置文件旁，已有的文件保留不动",
    ),
    (
        "Print the templates folder and which templates the office has written",
        "显示模板目录，以及哪些模板是本办自己编写的",
    ),
];
