//! Latin transliteration of Arabic, for search by users without an Arabic keyboard. (Stub.)
