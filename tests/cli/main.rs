//! Integration tests: the `planrapport` binary and the library on the
//! bundled example and on bad and hostile inputs. PDF text is read with
//! poppler's pdftotext (installed by .ci/run).

mod bad_input;
mod example;
mod safety;
mod util;
