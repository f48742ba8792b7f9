//! Secrets a user holds: API tokens (random, stored hashed) and passwords (Argon2).

pub mod password;
pub mod token;
