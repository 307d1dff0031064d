//! A check-in's first read on the server: the acting officer with where their
//! shifts stand, and who the person at the window may be, in one round trip
//! (`Tx::acting_and_matching`). The matches come back as arrays beside the
//! officer's row, so that one row carries both whatever the roster holds.

use super::people::{add_match, MatchingParams, MATCHES};
use super::rows;
use crate::store::error::Result;
use crate::store::port::{Duty, Likeness, Matching};
use postgres::GenericClient;

pub(super) fn acting_and_matching<C: GenericClient>(
    c: &mut C,
    (name, at, running_as): (&str, &str, Option<&str>),
    id_number: Option<&str>,
    like: Option<&Likeness<'_>>,
) -> Result<((i64, Duty), Matching)> {
    let name = rows::clean_name(name)?;
    let sql = format!(
        "WITH {MATCHES}, acting AS ({acting})
         SELECT a.*, m.* FROM (
             SELECT array_agg(part ORDER BY part, id), array_agg(id ORDER BY part, id),
                    array_agg(name ORDER BY part, id), array_agg(address ORDER BY part, id),
                    array_agg(id_number ORDER BY part, id),
                    array_agg(id_checksum_ok ORDER BY part, id)
             FROM matches) m
         LEFT JOIN acting a ON TRUE",
        acting = rows::acting_sql("$7"),
    );
    let matching = MatchingParams::of(id_number, like);
    let mut params = matching.refs().to_vec();
    params.push(&name);
    let row = rows::row(c, &sql, &params)?;
    let mut found = Matching::default();
    if let Some(r) = &row {
        // After the officer's nine columns (`rows::acting_sql`).
        let parts: Option<Vec<i32>> = r.try_get(9)?;
        let ids: Option<Vec<i64>> = r.try_get(10)?;
        let names: Option<Vec<Option<String>>> = r.try_get(11)?;
        let addresses: Option<Vec<Option<String>>> = r.try_get(12)?;
        let id_numbers: Option<Vec<Option<String>>> = r.try_get(13)?;
        let oks: Option<Vec<bool>> = r.try_get(14)?;
        let each = parts
            .unwrap_or_default()
            .into_iter()
            .zip(ids.unwrap_or_default());
        let mut rest = names
            .unwrap_or_default()
            .into_iter()
            .zip(addresses.unwrap_or_default())
            .zip(id_numbers.unwrap_or_default())
            .zip(oks.unwrap_or_default());
        for (part, id) in each {
            let Some((((name, address), id_number), ok)) = rest.next() else {
                break;
            };
            add_match(&mut found, (part, id), (name, address, id_number, ok));
        }
    }
    let acting = rows::on_duty_from(c, &name, row.as_ref(), at, running_as)?;
    Ok((acting, found))
}
