// A waveform as the bytes of a WAV file, in memory (the web page plays stored utterances this way).

extension Waveform {
    /// The bytes of a mono 32-bit float WAV file (`WAVE_FORMAT_IEEE_FLOAT`, little-endian) holding exactly
    /// `samples` at `sampleRate`: decoding it gives the same samples back, bit for bit. Browsers play it.
    /// Layout: RIFF header, an 18-byte `fmt ` chunk (cbSize 0), a `fact` chunk (frame count), `data`.
    public func wavFileBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        let dataSize = samples.count * 4
        bytes.reserveCapacity(58 + dataSize)
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        bytes.append(contentsOf: Array("RIFF".utf8))
        append32(UInt32(50 + dataSize))             // everything after this field
        bytes.append(contentsOf: Array("WAVE".utf8))
        bytes.append(contentsOf: Array("fmt ".utf8))
        append32(18)
        append16(3)                                  // WAVE_FORMAT_IEEE_FLOAT
        append16(1)                                  // channels
        append32(UInt32(sampleRate))
        append32(UInt32(sampleRate * 4))             // bytes per second
        append16(4)                                  // block align
        append16(32)                                 // bits per sample
        append16(0)                                  // cbSize
        bytes.append(contentsOf: Array("fact".utf8))
        append32(4)
        append32(UInt32(samples.count))
        bytes.append(contentsOf: Array("data".utf8))
        append32(UInt32(dataSize))
        for sample in samples { append32(sample.bitPattern) }
        return bytes
    }
}
