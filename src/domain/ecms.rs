//! The Thai e-CMS code tables (docs/exchange.md, "Mapping to e-CMS"): ชั้นความลับ as
//! `SecretCode` and ชั้นความเร็ว as `SpeedCode`, both 001–004 from the least to the most.
//!
//! Source: the DGA exchange standard's code tables as public e-CMS clients use them
//! (ScoreSolutions/BOI-DMS, NatchaphonBounprakong/mil-doc, oatpava/px-service) and the domain
//! guide §c. The SecretCode order (001 ปกติ … 004 ลับที่สุด) is read from the standard; the
//! SpeedCode order is inferred to mirror it, because the published table was garbled.

use super::{Secrecy, Urgency};

pub fn secret_code(s: Secrecy) -> &'static str {
    match s {
        Secrecy::Normal => "001",
        Secrecy::Confidential => "002",
        Secrecy::Secret => "003",
        Secrecy::TopSecret => "004",
    }
}

pub fn secrecy_of(code: &str) -> Option<Secrecy> {
    Secrecy::ALL
        .iter()
        .copied()
        .find(|s| secret_code(*s) == code.trim())
}

pub fn speed_code(u: Urgency) -> &'static str {
    match u {
        Urgency::Normal => "001",
        Urgency::Urgent => "002",
        Urgency::VeryUrgent => "003",
        Urgency::MostUrgent => "004",
    }
}

pub fn urgency_of(code: &str) -> Option<Urgency> {
    Urgency::ALL
        .iter()
        .copied()
        .find(|u| speed_code(*u) == code.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_has_one_code_and_back() {
        for s in Secrecy::ALL {
            assert_eq!(secrecy_of(secret_code(*s)), Some(*s));
        }
        for u in Urgency::ALL {
            assert_eq!(urgency_of(speed_code(*u)), Some(*u));
        }
        assert_eq!(secret_code(Secrecy::Secret), "003");
        assert_eq!(speed_code(Urgency::MostUrgent), "004");
        assert_eq!(secrecy_of("005"), None);
    }
}
