//! The e-CMS `CorrespondenceLetter` document (TH e-GIF), read and written with quick-xml's
//! serde support. Public clients swap the `rsm`/`ram` prefixes and one spells the second
//! namespace `ReuseableAggregateBusinessInformaionEntity`, so elements are matched by local
//! name and the root's namespace declarations are checked by URI, accepting both spellings.

use crate::error::AppError;
use serde::{Deserialize, Serialize};

pub const NS_DOCUMENT: &str = "urn:th:gov:egif:data:standard:GovernmentDocument:1.0";
pub const NS_ENTITY: &str =
    "urn:th:gov:egif:data:standard:ReusableAggregateBusinessInformationEntity:1";
/// The spelling one public client uses for [`NS_ENTITY`].
pub const NS_ENTITY_ALT: &str =
    "urn:th:gov:egif:data:standard:ReuseableAggregateBusinessInformaionEntity:1";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OrgId {
    #[serde(rename(serialize = "ram:ID", deserialize = "ID"), default)]
    pub id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Party {
    #[serde(
        rename(serialize = "ram:GivenName", deserialize = "GivenName"),
        default
    )]
    pub given_name: Option<String>,
    #[serde(
        rename(serialize = "ram:FamilyName", deserialize = "FamilyName"),
        default
    )]
    pub family_name: Option<String>,
    #[serde(rename(serialize = "ram:JobTitle", deserialize = "JobTitle"), default)]
    pub job_title: Option<String>,
    #[serde(
        rename(
            serialize = "ram:MinistryOrganization",
            deserialize = "MinistryOrganization"
        ),
        default
    )]
    pub ministry: Option<OrgId>,
    #[serde(
        rename(
            serialize = "ram:DepartmentOrganization",
            deserialize = "DepartmentOrganization"
        ),
        default
    )]
    pub department: Option<OrgId>,
}

impl Party {
    /// The organisation ID: the department's, else the ministry's.
    pub fn org_id(&self) -> Option<String> {
        [&self.department, &self.ministry]
            .into_iter()
            .flatten()
            .map(|o| o.id.trim().to_string())
            .find(|id| !id.is_empty())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Reference {
    #[serde(rename(serialize = "ram:ID", deserialize = "ID"), default)]
    pub id: String,
    #[serde(
        rename(
            serialize = "ram:CorrespondenceDate",
            deserialize = "CorrespondenceDate"
        ),
        default
    )]
    pub date: Option<String>,
    #[serde(rename(serialize = "ram:Subject", deserialize = "Subject"), default)]
    pub subject: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Binary {
    #[serde(rename = "@mimeCode", default)]
    pub mime_code: String,
    #[serde(rename = "$text", default)]
    pub content: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CorrespondenceLetter {
    #[serde(
        rename(serialize = "@xmlns:rsm"),
        skip_deserializing,
        skip_serializing_if = "Option::is_none"
    )]
    pub xmlns_rsm: Option<String>,
    #[serde(
        rename(serialize = "@xmlns:ram"),
        skip_deserializing,
        skip_serializing_if = "Option::is_none"
    )]
    pub xmlns_ram: Option<String>,
    #[serde(rename = "@ID", default, skip_serializing_if = "Option::is_none")]
    pub element_id: Option<String>,
    /// The letter number (`ที่`).
    #[serde(rename(serialize = "ram:ID", deserialize = "ID"))]
    pub id: String,
    #[serde(
        rename(
            serialize = "ram:CorrespondenceDate",
            deserialize = "CorrespondenceDate"
        ),
        default
    )]
    pub date: Option<String>,
    #[serde(rename(serialize = "ram:Subject", deserialize = "Subject"))]
    pub subject: String,
    #[serde(
        rename(serialize = "ram:SecretCode", deserialize = "SecretCode"),
        default
    )]
    pub secret_code: Option<String>,
    #[serde(
        rename(serialize = "ram:SpeedCode", deserialize = "SpeedCode"),
        default
    )]
    pub speed_code: Option<String>,
    #[serde(
        rename(serialize = "ram:SenderParty", deserialize = "SenderParty"),
        default
    )]
    pub sender: Party,
    #[serde(
        rename(serialize = "ram:ReceiverParty", deserialize = "ReceiverParty"),
        default
    )]
    pub receiver: Party,
    #[serde(
        rename(
            serialize = "ram:ReferenceCorrespondence",
            deserialize = "ReferenceCorrespondence"
        ),
        default
    )]
    pub references: Vec<Reference>,
    #[serde(
        rename(serialize = "ram:Attachment", deserialize = "Attachment"),
        default
    )]
    /// One per enclosure, its title, in the order of the `AttachmentBinaryObject`s.
    pub attachment: Vec<String>,
    #[serde(rename(serialize = "ram:SendDate", deserialize = "SendDate"), default)]
    pub send_date: Option<String>,
    #[serde(
        rename(serialize = "ram:Description", deserialize = "Description"),
        default
    )]
    pub description: Option<String>,
    #[serde(
        rename(
            serialize = "ram:MainLetterBinaryObject",
            deserialize = "MainLetterBinaryObject"
        ),
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub main: Option<Binary>,
    #[serde(
        rename(
            serialize = "ram:AttachmentBinaryObject",
            deserialize = "AttachmentBinaryObject"
        ),
        default
    )]
    pub attachments: Vec<Binary>,
}

/// The document as XML, with its declaration and both namespaces.
pub fn write(mut doc: CorrespondenceLetter) -> Result<String, AppError> {
    doc.xmlns_rsm = Some(NS_DOCUMENT.into());
    doc.xmlns_ram = Some(NS_ENTITY.into());
    doc.element_id = Some("Letter".into());
    let body = quick_xml::se::to_string_with_root("rsm:CorrespondenceLetter", &doc)
        .map_err(|e| AppError::Internal(format!("e-CMS XML: {e}")))?;
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}"
    ))
}

/// Reads a document: the root must be a `CorrespondenceLetter` that declares the
/// GovernmentDocument namespace and the aggregate-entity one (either spelling).
pub fn read(xml: &str) -> Result<CorrespondenceLetter, AppError> {
    check_root(xml)?;
    quick_xml::de::from_str(xml)
        .map_err(|e| AppError::Malformed(format!("not an e-CMS letter: {e}")))
}

fn check_root(xml: &str) -> Result<(), AppError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.local_name();
                if name.as_ref() != b"CorrespondenceLetter" {
                    return Err(AppError::invalid(
                        "xml",
                        "the root element must be CorrespondenceLetter",
                    ));
                }
                let mut declared = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|e| AppError::Malformed(format!("malformed XML: {e}")))?;
                    if a.key.as_ref().starts_with(b"xmlns") {
                        declared.push(String::from_utf8_lossy(&a.value).to_string());
                    }
                }
                let has = |ns: &str| declared.iter().any(|d| d == ns);
                if !has(NS_DOCUMENT) || !(has(NS_ENTITY) || has(NS_ENTITY_ALT)) {
                    return Err(AppError::invalid(
                        "xml",
                        "the document must declare the e-CMS GovernmentDocument and ReusableAggregateBusinessInformationEntity namespaces",
                    ));
                }
                return Ok(());
            }
            Ok(Event::Eof) => {
                return Err(AppError::Malformed("the XML has no root element".into()))
            }
            Ok(_) => {}
            Err(e) => return Err(AppError::Malformed(format!("malformed XML: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_letter_reads_back_and_the_other_spelling_is_accepted() {
        let doc = CorrespondenceLetter {
            id: "นร ๑๒๐๗/๕๐๙".into(),
            date: Some("2026-04-30".into()),
            subject: "ขอความอนุเคราะห์ <ประชาสัมพันธ์> & แผน".into(),
            secret_code: Some("001".into()),
            speed_code: Some("002".into()),
            receiver: Party {
                department: Some(OrgId {
                    id: "0000025000".into(),
                }),
                ..Party::default()
            },
            main: Some(Binary {
                mime_code: "application/pdf".into(),
                content: "JVBERi0=".into(),
            }),
            ..CorrespondenceLetter::default()
        };
        let xml = write(doc).expect("write");
        assert!(xml.contains(NS_DOCUMENT) && xml.contains("<ram:Subject>"));
        let back = read(&xml).expect("read");
        assert_eq!(back.subject, "ขอความอนุเคราะห์ <ประชาสัมพันธ์> & แผน");
        assert_eq!(back.receiver.org_id().as_deref(), Some("0000025000"));
        assert_eq!(back.main.expect("main").mime_code, "application/pdf");
        let swapped = xml
            .replace("rsm:", "tmp:")
            .replace("ram:", "rsm:")
            .replace("tmp:", "ram:")
            .replace("xmlns:rsm", "xmlns:tmp")
            .replace("xmlns:ram", "xmlns:rsm")
            .replace("xmlns:tmp", "xmlns:ram")
            .replace(NS_ENTITY, NS_ENTITY_ALT);
        assert_eq!(read(&swapped).expect("other client").id, "นร ๑๒๐๗/๕๐๙");
    }

    #[test]
    fn malformed_or_foreign_xml_is_refused() {
        assert_eq!(
            read("<a><b></a>")
                .map(|_| ())
                .expect_err("refused")
                .status(),
            422
        );
        let xml = write(CorrespondenceLetter {
            id: "1".into(),
            subject: "s".into(),
            ..CorrespondenceLetter::default()
        })
        .expect("write");
        let cut = xml.replace("</ram:Subject>", "");
        assert_eq!(read(&cut).map(|_| ()).expect_err("refused").status(), 400);
        assert_eq!(
            read("not xml at all")
                .map(|_| ())
                .expect_err("refused")
                .status(),
            400
        );
        let foreign = r#"<x:Letter xmlns:x="urn:other"><ID>1</ID><Subject>s</Subject></x:Letter>"#;
        assert_eq!(
            read(foreign).map(|_| ()).expect_err("refused").status(),
            422
        );
    }
}
