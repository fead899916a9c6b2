/// A short name for a folder of the site derived from text in any script (a topic, an issuer):
/// FNV-1a 64-bit over the UTF-8 bytes, in 16 lowercase hex digits. Depends on the text alone, so
/// a topic's pages keep their address whatever other topics come and go; safe on every file system
/// and in URLs without percent-encoding.
public enum StableSlug {
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    public static func slug(_ text: String) -> String {
        let hex = String(fnv1a64(text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
