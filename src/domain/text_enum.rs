/// Declares an enum stored and sent as a snake_case string, with one `as_str`/`parse` pair
/// and the list of all values (used in error messages and the OpenAPI document).
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored or sent form; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// A value a caller sent: `default` when absent, `invalid_<field>` naming the
            /// choices when it is not one of them.
            pub fn choose(
                field: &'static str,
                value: Option<&str>,
                default: Self,
            ) -> Result<Self, $crate::domain::validate::Invalid> {
                match value {
                    None => Ok(default),
                    Some(v) => Self::parse(v).ok_or_else(|| {
                        $crate::domain::validate::Invalid::new(
                            field,
                            format!("{field} must be one of: {}", Self::choices()),
                        )
                    }),
                }
            }

            /// "a, b or c": for error messages.
            pub fn choices() -> String {
                let all: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                all.join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// A stored value read back: anything but one of the values is an error, never a
        /// silent default (the models read these columns with `deserialize_as = String`).
        impl TryFrom<String> for $name {
            type Error = $crate::domain::text_enum::UnknownValue;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                Self::parse(&text).ok_or($crate::domain::text_enum::UnknownValue {
                    vocabulary: stringify!($name),
                    value: text,
                })
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_string()
            }
        }

        /// In the OpenAPI document: a string with the vocabulary's values.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($text),+]))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

pub(crate) use text_enum;

/// A stored text that is not a value of its vocabulary (a row written by hand or by a newer
/// version): reading it fails loudly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} value {value:?} in the database")]
pub struct UnknownValue {
    pub vocabulary: &'static str,
    pub value: String,
}
