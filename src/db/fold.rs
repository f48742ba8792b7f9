//! `saraban_fold(text)` for SQLite: the folding of a search document (Thai digits to Arabic,
//! SARA AM written as NIKHAHIT + SARA AA composed), registered on every SQLite connection the
//! application opens (`connection.rs`) and used by the views that feed the search rows and the
//! trigram indexes. It does in one pass of Rust what fifteen chained `replace()` calls did in
//! SQL, twice for every new letter (its reader rows, then its trigram index). PostgreSQL keeps
//! its SQL function of the same name (`saraban_fold`, `saraban_search_doc`); a test below holds
//! this one equal to the SQL it replaced.
//!
//! A tool that opens the file without it (the `sqlite3` shell) can read everything, but cannot
//! insert or change letters or receipts: their triggers call the function.

use diesel::sql_types::{Nullable, Text};
use diesel::sqlite::SqliteConnection;
use diesel::QueryResult;

diesel::define_sql_function! {
    /// The search folding of a text (NULL stays NULL).
    fn saraban_fold(text: Nullable<Text>) -> Nullable<Text>;
}

/// NIKHAHIT + a tone mark + SARA AA, and NIKHAHIT + SARA AA, as SARA AM (with the tone mark
/// first), in this order; other text is left as it is.
const SARA_AM: [(&str, &str); 5] = [
    ("\u{e4d}\u{e48}\u{e32}", "\u{e48}\u{e33}"),
    ("\u{e4d}\u{e49}\u{e32}", "\u{e49}\u{e33}"),
    ("\u{e4d}\u{e4a}\u{e32}", "\u{e4a}\u{e33}"),
    ("\u{e4d}\u{e4b}\u{e32}", "\u{e4b}\u{e33}"),
    ("\u{e4d}\u{e32}", "\u{e33}"),
];

/// The folding itself: Thai digits (U+0E50..U+0E59) to ASCII, then [`SARA_AM`].
pub fn fold(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| match c {
            '\u{e50}'..='\u{e59}' => char::from_digit(u32::from(c) - 0xe50, 10).unwrap_or(c),
            c => c,
        })
        .collect();
    for (from, to) in SARA_AM {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

/// Makes `saraban_fold` known to this connection (deterministic, so SQLite may use it in
/// views, triggers and indexes).
pub fn register(conn: &mut SqliteConnection) -> QueryResult<()> {
    saraban_fold_utils::register_impl(conn, |text: Option<String>| text.map(|t| fold(&t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::prelude::*;

    /// The chain of `replace()` the views used before, as SQL.
    const CHAIN: &str = "replace(replace(replace(replace(replace(\
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(\
        ?, '๐', '0'), '๑', '1'), '๒', '2'), '๓', '3'), '๔', '4'),\
        '๕', '5'), '๖', '6'), '๗', '7'), '๘', '8'), '๙', '9'),\
        'ํ่า', '่ำ'), 'ํ้า', '้ำ'), 'ํ๊า', '๊ำ'), 'ํ๋า', '๋ำ'), 'ํา', 'ำ')";

    #[derive(QueryableByName)]
    struct Pair {
        #[diesel(sql_type = Nullable<Text>)]
        chain: Option<String>,
        #[diesel(sql_type = Nullable<Text>)]
        folded: Option<String>,
    }

    #[test]
    fn the_function_folds_exactly_like_the_replace_chain_it_replaced() {
        let mut c = SqliteConnection::establish(":memory:").expect("memory");
        register(&mut c).expect("register");
        let samples = [
            "ที่ นร ๑๒๐๗/ว ๕๐๙ ลงวันที่ ๘ พฤษภาคม ๒๕๖๙",
            "การดําเนินงาน กํากับ น้ํา ค่ําคืน ก๊ําก๋ํา",
            "ํา at the start, ํ alone, า alone, ํ่ า split, ํ่่า doubled",
            "ปจ ๐๐๑๗.๒/ว ๒๓๒๓\nสำนักงาน ก.พ.ร.\nOPDC 0123456789",
            "",
            "ไม่มีตัวเลข ไม่มีสระอำ",
        ];
        for s in samples {
            let q = format!("SELECT {CHAIN} AS chain, saraban_fold(?) AS folded");
            let p: Pair = diesel::sql_query(q)
                .bind::<Text, _>(s)
                .bind::<Text, _>(s)
                .get_result(&mut c)
                .expect("query");
            assert_eq!(p.chain, p.folded, "{s}");
            assert_eq!(p.folded.as_deref(), Some(fold(s).as_str()));
        }
        let p: Pair = diesel::sql_query("SELECT NULL AS chain, saraban_fold(NULL) AS folded")
            .get_result(&mut c)
            .expect("null");
        assert_eq!(p.folded, None);
        assert_eq!(p.chain, None);
    }
}
