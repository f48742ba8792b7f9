//! Thai-specific text handling for official correspondence (saraban):
//! digit sets, Buddhist Era dates and times, letter numbers and search
//! normalisation. Pure functions only: no I/O and no global state.

pub mod date;
pub mod digits;
pub mod intake;
pub mod letter_no;
pub mod normalize;

pub use digits::Digits;

#[cfg(test)]
mod tests_date;
#[cfg(test)]
mod tests_intake;
#[cfg(test)]
mod tests_letter_no;
#[cfg(test)]
mod tests_misc;
#[cfg(test)]
mod tests_props;
