/// Where `Masker.mask` writes the masked text, and each placeholder's origin.
protocol MaskedOutput {
    mutating func appendText(_ b: UnsafeRawBufferPointer)
    /// `replacement` stands for `original`, a range of the message.
    mutating func appendPlaceholder(_ replacement: [UInt8], original: Range<Int>)
    /// `<*>` stands for `original` (the common case, without an array to read).
    mutating func appendAnyPlaceholder(original: Range<Int>)
}

extension MaskedOutput {
    mutating func appendAnyPlaceholder(original: Range<Int>) { appendPlaceholder(Masker.placeholder, original: original) }
}

/// Masked text in an array (placeholders recorded when the array of them is non-nil).
struct ArrayOutput: MaskedOutput {
    var text: [UInt8]
    var placeholders: [Masker.Placeholder]?

    mutating func appendText(_ b: UnsafeRawBufferPointer) { text.append(contentsOf: b) }

    mutating func appendPlaceholder(_ replacement: [UInt8], original: Range<Int>) {
        placeholders?.append(Masker.Placeholder(maskedOffset: text.count, maskedLength: replacement.count, original: original))
        text.append(contentsOf: replacement)
    }
}
