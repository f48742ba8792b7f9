//! The closed vocabularies of the domain, with their Thai labels.

use super::text_enum::text_enum;

text_enum!(
    /// What an office is in the government tree.
    OrgKind {
        Ministry => "ministry",
        Department => "department",
        Division => "division",
        Province => "province",
        ProvincialOffice => "provincial_office",
        District => "district",
        LocalBody => "local_body",
        Unit => "unit",
        External => "external",
    }
);

impl OrgKind {
    pub fn label_th(self) -> &'static str {
        match self {
            OrgKind::Ministry => "กระทรวง",
            OrgKind::Department => "กรม/สำนักงาน",
            OrgKind::Division => "กอง/สำนัก",
            OrgKind::Province => "จังหวัด",
            OrgKind::ProvincialOffice => "ส่วนราชการประจำจังหวัด",
            OrgKind::District => "อำเภอ",
            OrgKind::LocalBody => "องค์กรปกครองส่วนท้องถิ่น",
            OrgKind::Unit => "หน่วยงานภายใน",
            OrgKind::External => "หน่วยงานภายนอก",
        }
    }
}

text_enum!(
    /// Whether an office's circulars (ว) have their own series or share the dispatch series.
    CircularSeries {
        Own => "own",
        Shared => "shared",
    }
);

text_enum!(
    /// The six kinds of official letter (ข้อ 10), less records.
    LetterKind {
        External => "external",
        Internal => "internal",
        Stamped => "stamped",
        Directive => "directive",
        Notice => "notice",
    }
);

text_enum!(
    /// ชั้นความเร็ว, in rising order.
    Urgency {
        Normal => "normal",
        Urgent => "urgent",
        VeryUrgent => "very_urgent",
        MostUrgent => "most_urgent",
    }
);

impl Secrecy {
    /// ลับ, ลับมาก or ลับที่สุด.
    pub fn is_classified(self) -> bool {
        self != Secrecy::Normal
    }
}

impl Urgency {
    /// An SQL expression ranking `column` most urgent first (0) to normal last: the order of
    /// the inbox, written from this enum so that the order lives in one place.
    pub fn sql_rank(column: &str) -> String {
        let whens: String = Urgency::ALL
            .iter()
            .rev()
            .enumerate()
            .map(|(rank, u)| format!(" WHEN '{}' THEN {rank}", u.as_str()))
            .collect();
        format!("CASE {column}{whens} ELSE {} END", Urgency::ALL.len())
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Urgency::Normal => "ปกติ",
            Urgency::Urgent => "ด่วน",
            Urgency::VeryUrgent => "ด่วนมาก",
            Urgency::MostUrgent => "ด่วนที่สุด",
        }
    }
}

text_enum!(
    /// ชั้นความลับ, in rising order.
    Secrecy {
        Normal => "normal",
        Confidential => "confidential",
        Secret => "secret",
        TopSecret => "top_secret",
    }
);

impl Secrecy {
    pub fn label_th(self) -> &'static str {
        match self {
            Secrecy::Normal => "ปกติ",
            Secrecy::Confidential => "ลับ",
            Secrecy::Secret => "ลับมาก",
            Secrecy::TopSecret => "ลับที่สุด",
        }
    }
}

text_enum!(
    /// A user's role at its office.
    Role {
        Admin => "admin",
        Clerk => "clerk",
        Head => "head",
        Viewer => "viewer",
    }
);

text_enum!(
    /// A running-number series of an office.
    SeriesKind {
        Receipt => "receipt",
        Dispatch => "dispatch",
        Circular => "circular",
        Directive => "directive",
    }
);

text_enum!(
    /// Where a delivery of a letter stands at its recipient.
    DeliveryStatus {
        Pending => "pending",
        Received => "received",
        Acknowledged => "acknowledged",
        NotRelated => "not_related",
    }
);

text_enum!(
    /// How a delivery came about: a dispatch to another office, or routing inside an office.
    Via {
        Dispatch => "dispatch",
        Route => "route",
    }
);

text_enum!(
    /// Where a delivery to an office hosted by a peer instance stands (docs/exchange.md).
    ExchangeState {
        Queued => "queued",
        Sent => "sent",
        Delivered => "delivered",
        Registered => "registered",
        Rejected => "rejected",
        Invalid => "invalid",
        Failed => "failed",
        Withdrawn => "withdrawn",
    }
);

impl ExchangeState {
    /// A report may move a delivery only forward: queued → sent → delivered → registered →
    /// rejected; `invalid`, `failed` and `withdrawn` are final.
    pub fn may_become(self, next: ExchangeState) -> bool {
        use ExchangeState::*;
        match self {
            Invalid | Failed | Withdrawn => false,
            _ => matches!(next, Invalid | Failed | Withdrawn) || next > self,
        }
    }
}

text_enum!(
    /// How a letter refers to an older one (the letter graph, §e of the domain guide).
    LinkRelation {
        Forwards => "forwards",
        Cites => "cites",
        RepliesTo => "replies_to",
        Supersedes => "supersedes",
    }
);

text_enum!(
    /// How a letter reaches an addressee outside the directory.
    SendMethod {
        Post => "post",
        Email => "email",
        Hand => "hand",
        Ecms => "ecms",
    }
);

text_enum!(
    /// The series column of a register: ordinary letters, circulars (ว) and directives (คำสั่ง).
    RegisterSeries {
        Ordinary => "ordinary",
        Circular => "circular",
        Directive => "directive",
    }
);

impl Urgency {
    /// Sort key: most urgent first.
    pub fn rank_from_text(text: &str) -> u8 {
        match Urgency::parse(text) {
            Some(Urgency::MostUrgent) => 0,
            Some(Urgency::VeryUrgent) => 1,
            Some(Urgency::Urgent) => 2,
            _ => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_value_outside_the_vocabulary_is_an_error_not_a_default() {
        assert_eq!(
            DeliveryStatus::try_from("received".to_string()),
            Ok(DeliveryStatus::Received)
        );
        let e = DeliveryStatus::try_from("recieved".to_string()).expect_err("refused");
        assert_eq!(
            (e.vocabulary, e.value.as_str()),
            ("DeliveryStatus", "recieved")
        );
        assert!(Secrecy::try_from(String::new()).is_err());
        assert_eq!(String::from(Urgency::MostUrgent), "most_urgent");
    }

    #[test]
    fn the_urgency_order_is_written_once() {
        assert!(Urgency::MostUrgent > Urgency::VeryUrgent && Urgency::Urgent > Urgency::Normal);
        assert_eq!(
            Urgency::sql_rank("u"),
            "CASE u WHEN 'most_urgent' THEN 0 WHEN 'very_urgent' THEN 1 WHEN 'urgent' THEN 2 WHEN 'normal' THEN 3 ELSE 4 END"
        );
    }

    #[test]
    fn every_value_round_trips_through_its_text() {
        for kind in OrgKind::ALL {
            assert_eq!(OrgKind::parse(kind.as_str()), Some(*kind));
        }
        for u in Urgency::ALL {
            assert_eq!(Urgency::parse(u.as_str()), Some(*u));
        }
        assert_eq!(Secrecy::parse("top_secret"), Some(Secrecy::TopSecret));
        assert_eq!(Role::parse("boss"), None);
        assert_eq!(
            SeriesKind::choices(),
            "receipt, dispatch, circular, directive"
        );
    }

    #[test]
    fn an_exchange_state_moves_only_forward() {
        use ExchangeState::*;
        assert!(Queued.may_become(Sent) && Sent.may_become(Registered));
        assert!(Delivered.may_become(Registered) && Registered.may_become(Rejected));
        assert!(!Registered.may_become(Delivered) && !Withdrawn.may_become(Registered));
        assert!(Registered.may_become(Withdrawn) && !Failed.may_become(Sent));
    }

    #[test]
    fn urgency_orders_from_normal_to_most_urgent() {
        assert!(Urgency::MostUrgent > Urgency::VeryUrgent);
        assert!(Urgency::Urgent > Urgency::Normal);
        assert_eq!(Urgency::MostUrgent.label_th(), "ด่วนที่สุด");
    }
}
