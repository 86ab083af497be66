//! `serde_json::from_str`, with every struct read as a JSON object only.
//!
//! serde's derive gives each struct a reader for both of JSON's forms of a
//! struct: an object, and an array of its fields in order. Hearth writes
//! objects only, but serde_json's `deserialize_struct` calls either, so the
//! array reader of every stored type was in the wasm (about 20 KB of it,
//! 4 KiB gzip). Here the deserializer is wrapped so that a struct is
//! asked for as a map (`deserialize_map`, which serde_json reads exactly as
//! `deserialize_struct` reads an object, with the same errors for anything
//! that is not one); everything else is passed through as it is. The one
//! difference: a struct written as an array is refused, as nothing Hearth
//! wrote ever is one.

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use std::fmt;

/// Reads `s` as `serde_json::from_str` does (trailing whitespace only after
/// the value), structs as objects only.
pub fn from_str<'a, T: de::Deserialize<'a>>(s: &'a str) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_str(s);
    let value = T::deserialize(Maps(&mut de))?;
    de.end()?;
    Ok(value)
}

/// A deserializer whose structs are read as maps, and so are those inside.
struct Maps<D>(D);
/// Any visitor, with what it is given wrapped in turn.
struct Wrap<V>(V);
/// A struct's visitor: given a map only.
struct Fields<V>(V);
struct Seed<S>(S);
struct Seq<A>(A);
struct Map<A>(A);
struct Enum<A>(A);
struct Variant<A>(A);

macro_rules! forward {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method(Wrap(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Maps<D> {
    type Error = D::Error;

    forward!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Fields(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Fields<V> {
    type Value = V::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Map(map))
    }
}

macro_rules! visit {
    ($($method:ident($t:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $t) -> Result<V::Value, E> {
                self.0.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }
    visit!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Maps(d))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Maps(d))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Seq(seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Map(map))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Enum(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Maps(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
    type Error = A::Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;
    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(Seed(seed))?;
        Ok((value, Variant(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<A> {
    type Error = A::Error;
    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(visitor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{generate, Document, Meta};
    use chrono::{TimeZone, Utc};

    /// A decade's document reads to the same value as through
    /// `serde_json::from_str`, as does each fixture's head.
    #[test]
    fn reads_what_serde_json_reads() {
        let start = Utc.with_ymd_and_hms(2016, 3, 1, 18, 0, 0).unwrap();
        let doc = generate::decade(7, start, 2);
        let text = serde_json::to_string(&doc).unwrap();
        let ours: Document = from_str(&text).unwrap();
        assert_eq!(ours, serde_json::from_str::<Document>(&text).unwrap());
        assert_eq!(ours, doc);
        for raw in [
            include_str!("fixtures/schema-6.json"),
            include_str!("fixtures/schema-5.json"),
        ] {
            let ours = from_str::<serde_json::Value>(raw).unwrap();
            assert_eq!(ours, serde_json::from_str::<serde_json::Value>(raw).unwrap());
        }
    }

    /// What serde_json refuses, this refuses too, with the same message; a
    /// struct written as an array (never by Hearth) is refused as well.
    #[test]
    fn refuses_what_serde_json_refuses() {
        let meta = r#"{"id":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","created_at":"2026-11-01T19:04:05Z","updated_at":"2026-11-01T19:04:05Z","by":"both"}"#;
        assert_eq!(
            from_str::<Meta>(meta).unwrap(),
            serde_json::from_str::<Meta>(meta).unwrap()
        );
        for bad in [
            "",
            "null",
            "7",
            "{}",
            r#"{"id":"0f1e2d3c4b5a69788796a5b4c3d2e1f0"}"#,
            &meta.replace("both", "c"),
            &meta.replace("2026-11-01T19:04:05Z", "soon"),
            &format!("{meta} x"),
            &format!("{meta},"),
        ] {
            let theirs = serde_json::from_str::<Meta>(bad).unwrap_err().to_string();
            assert_eq!(from_str::<Meta>(bad).unwrap_err().to_string(), theirs, "{bad}");
        }
        let array =
            r#"["0f1e2d3c4b5a69788796a5b4c3d2e1f0","2026-11-01T19:04:05Z","2026-11-01T19:04:05Z","both"]"#;
        assert!(serde_json::from_str::<Meta>(array).is_ok());
        assert!(from_str::<Meta>(array).is_err());
        assert!(from_str::<Meta>("[]").is_err());
    }
}
