//! Referral inside an office (แทงเรื่อง): passing a received letter on to the office's units.

pub mod refer;
