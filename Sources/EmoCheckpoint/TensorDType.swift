// Element types of stored tensors, with the names torch and safetensors use for them.

/// The element type of a stored tensor. Raw values are torch's dtype names (`float32`, `int64`, ...).
public enum TensorDType: String, Sendable, CaseIterable, Codable {
    case float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .float64, .int64: return 8
        case .float32, .int32: return 4
        case .float16, .bfloat16, .int16: return 2
        case .int8, .uint8, .bool: return 1
        }
    }

    /// The dtype of a torch legacy storage class name (`FloatStorage` → float32), or nil.
    init?(torchStorage name: String) {
        switch name {
        case "FloatStorage": self = .float32
        case "DoubleStorage": self = .float64
        case "HalfStorage": self = .float16
        case "BFloat16Storage": self = .bfloat16
        case "LongStorage": self = .int64
        case "IntStorage": self = .int32
        case "ShortStorage": self = .int16
        case "CharStorage": self = .int8
        case "ByteStorage": self = .uint8
        case "BoolStorage": self = .bool
        default: return nil
        }
    }

    /// The dtype of a safetensors dtype string (`F32`, `BF16`, `I64`, `BOOL`, ...), or nil.
    init?(safetensors name: String) {
        switch name {
        case "F32": self = .float32
        case "F64": self = .float64
        case "F16": self = .float16
        case "BF16": self = .bfloat16
        case "I64": self = .int64
        case "I32": self = .int32
        case "I16": self = .int16
        case "I8": self = .int8
        case "U8": self = .uint8
        case "BOOL": self = .bool
        default: return nil
        }
    }

    /// Reads element `index` of a little-endian buffer of this type as a Double.
    @inline(__always)
    func double(_ raw: UnsafeRawPointer, _ index: Int) -> Double {
        switch self {
        case .float32: return Double(Float(bitPattern: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
        case .float64: return Double(bitPattern: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        case .float16: return Double(halfToFloat(raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)))
        case .bfloat16:
            return Double(Float(bitPattern: UInt32(raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)) << 16))
        case .int64: return Double(raw.loadUnaligned(fromByteOffset: index * 8, as: Int64.self))
        case .int32: return Double(raw.loadUnaligned(fromByteOffset: index * 4, as: Int32.self))
        case .int16: return Double(raw.loadUnaligned(fromByteOffset: index * 2, as: Int16.self))
        case .int8: return Double(raw.loadUnaligned(fromByteOffset: index, as: Int8.self))
        case .uint8: return Double(raw.load(fromByteOffset: index, as: UInt8.self))
        case .bool: return raw.load(fromByteOffset: index, as: UInt8.self) != 0 ? 1 : 0
        }
    }

    /// Reads element `index` as a Float (float64 and int64 are rounded).
    @inline(__always)
    func float(_ raw: UnsafeRawPointer, _ index: Int) -> Float {
        switch self {
        case .float32: return Float(bitPattern: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
        case .float16: return halfToFloat(raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))
        case .bfloat16:
            return Float(bitPattern: UInt32(raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)) << 16)
        default: return Float(double(raw, index))
        }
    }
}

/// IEEE 754 binary16 → binary32 (exact), including subnormals, infinities and NaN.
@inline(__always)
func halfToFloat(_ bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = Int(bits >> 10) & 0x1F
    var mantissa = UInt32(bits & 0x03FF)
    if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
    if exponent == 0 {
        if mantissa == 0 { return Float(bitPattern: sign) }
        // Subnormal: normalise.
        var shift = 0
        while mantissa & 0x0400 == 0 { mantissa <<= 1; shift += 1 }
        mantissa &= 0x03FF
        return Float(bitPattern: sign | UInt32(127 - 15 + 1 - shift) << 23 | mantissa << 13)
    }
    return Float(bitPattern: sign | UInt32(exponent + 127 - 15) << 23 | mantissa << 13)
}
