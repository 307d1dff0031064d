//! `jiedai checkin`: a walk-in, letter, call or online submission registered from the
//! command line, with the same checks and flags as the desk's form.

use super::args::*;
use super::output::{flags, print_json};
use super::{Outcome, Startup};
use crate::domain::intake::IntakeInput;
use crate::domain::{Channel, Purpose};
use crate::store::{CheckIn, NewRepresentative, OpenMode};
use crate::words::cli::strings;
use crate::words::timeline::EventWords;
use crate::words::Label;

pub fn checkin(ctx: &Startup, a: CheckinArgs) -> Outcome {
    let officer = ctx.officer()?.to_string();
    if let Some(out) = &a.receipt {
        super::notices::check_receipt_target(ctx, out, a.json)?;
    }
    let mut store = ctx.open(OpenMode::Create)?;
    let request = CheckIn {
        intake: IntakeInput {
            name: a.name,
            id_number: a.id_number,
            phone: a.phone,
            address: a.address,
            headcount: Some(a.headcount),
            representatives: a.representatives,
            matter: a.matter,
            channel: Some(match a.channel {
                ChannelArg::Visit => Channel::Visit,
                ChannelArg::Letter => Channel::Letter,
                ChannelArg::Call => Channel::Call,
                ChannelArg::Online => Channel::Online,
            }),
            category: a.category,
        },
        purpose: a.purpose.map(|p| match p {
            PurposeArg::Suggestion => Purpose::Suggestion,
            PurposeArg::Complaint => Purpose::Complaint,
            PurposeArg::Claim => Purpose::Claim,
        }),
        location: a.location,
        litigation: a.litigation,
        source: a
            .source
            .map(|s| super::matters::parse_source(ctx.lang, &s))
            .transpose()?,
        upper: super::matters::upper_input(ctx, a.upper)?,
        enquiry: a.enquiry.is_some(),
        case_no: a.case_no.or(a.enquiry),
        petitioner_id: a.petitioner,
        representative_ids: a.representative_ids,
        new_representatives: a
            .new_representatives
            .iter()
            .map(|r| new_representative(r))
            .collect(),
        settled: false,
    };
    let result = store.check_in_with(&officer, &request, &a.risk.intake())?;
    let label = crate::words::checkin::warning_label(ctx.lang);
    for w in crate::words::checkin::warnings(&result, ctx.lang) {
        eprintln!("jiedai: {label}{w}");
    }
    if let Some(b) = &result.baoan {
        let notice = crate::words::leaders::intake_notice(&b.leader, b.reopened, ctx.lang);
        eprintln!("jiedai: {label}{notice}");
    }
    for m in crate::words::risk::matches_lines(&result, ctx.lang) {
        eprintln!("jiedai: {m}");
    }
    // The receipt is written after the check-in is on record, from it.
    if let Some(out) = &a.receipt {
        let case = (officer.as_str(), result.case_no.as_str());
        super::notices::checkin_receipt(ctx, &mut store, case, out, a.json)?;
    }
    if a.json {
        return print_json(&result);
    }
    let lang = ctx.lang;
    let s = strings(lang);
    let number = match (&result.queue_no, &result.letter_no) {
        (Some(q), _) => s.queue_no(*q),
        (_, Some(l)) => s.letter_no(l),
        _ => result.channel.label(lang).to_string(),
    };
    println!(
        "{number}  {}{}  {} #{}  {}",
        s.case_no(&result.case_no),
        if result.new_case { s.new_case } else { "" },
        s.person,
        result.petitioner_id,
        flags(&result.flags, lang)
    );
    Ok(())
}

/// `--new-representative NAME[:ID_NUMBER[:PHONE]]` (a full-width colon too): the
/// store checks each part as it checks a petitioner's.
fn new_representative(given: &str) -> NewRepresentative {
    let mut parts = given.split([':', '：']).map(str::trim);
    let mut next = || parts.next().filter(|p| !p.is_empty()).map(str::to_string);
    NewRepresentative {
        name: next().unwrap_or_default(),
        id_number: next(),
        phone: next(),
    }
}
