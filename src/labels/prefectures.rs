//! The communes that are the seat of a département's prefecture (INSEE
//! codes of 2024), named first on maps at every zoom. The list changes
//! about once in decades; checked against the names of the INSEE file.

/// Whether commune `code` is a prefecture.
pub fn is_prefecture(code: &str) -> bool {
    PREFECTURES.binary_search(&code).is_ok()
}

/// Sorted, for the binary search.
const PREFECTURES: [&str; 101] = [
    "01053", "02408", "03190", "04070", "05061", "06088", "07186", "08105", "09122", "10387",
    "11069", "12202", "13055", "14118", "15014", "16015", "17300", "18033", "19272", "21231",
    "22278", "23096", "24322", "25056", "26362", "27229", "28085", "29232", "2A004", "2B033",
    "30189", "31555", "32013", "33063", "34172", "35238", "36044", "37261", "38185", "39300",
    "40192", "41018", "42218", "43157", "44109", "45234", "46042", "47001", "48095", "49007",
    "50502", "51108", "52121", "53130", "54395", "55029", "56260", "57463", "58194", "59350",
    "60057", "61001", "62041", "63113", "64445", "65440", "66136", "67482", "68066", "69123",
    "70550", "71270", "72181", "73065", "74010", "75056", "76540", "77288", "78646", "79191",
    "80021", "81004", "82121", "83137", "84007", "85191", "86194", "87085", "88160", "89024",
    "90010", "91228", "92050", "93008", "94028", "95500", "97105", "97209", "97302", "97411",
    "97611",
];

#[cfg(test)]
mod tests {
    #[test]
    fn sorted_and_found() {
        assert!(super::PREFECTURES.windows(2).all(|w| w[0] < w[1]));
        assert!(super::is_prefecture("31555") && super::is_prefecture("2A004"));
        assert!(!super::is_prefecture("31069"));
    }
}
